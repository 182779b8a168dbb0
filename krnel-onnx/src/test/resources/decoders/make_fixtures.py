#!/usr/bin/python3
"""Makes the tiny decoder test models of krnel-onnx, reproducibly.

Run from anywhere with Debian's python3-torch (1.13) and python3-onnx (1.12):

    /usr/bin/python3 krnel-onnx/src/test/resources/decoders/make_fixtures.py

It writes two folders next to itself, gpt2-tiny/ and llama-tiny/, each an `onnx:` model folder with:
  tokenizer.json   a byte-level BPE tokenizer in the Hugging Face format (256 byte tokens, merges learnt
                   from CORPUS below, <|endoftext|>), so any string tokenizes; the same in both folders
  model.onnx       random weights (seed 0) in the module layout of Hugging Face's GPT2LMHeadModel
                   (transformer.wte/wpe/h.{i}.ln_1/attn/ln_2/mlp/ln_f, lm_head tied to wte) or
                   LlamaForCausalLM (model.embed_tokens/layers.{i}.input_layernorm/self_attn with rotary
                   positions and grouped KV heads/post_attention_layernorm/mlp gate-up-down/norm, lm_head;
                   Qwen2 and Mistral share it), exported like a Hugging Face ONNX export without past:
                   inputs input_ids, attention_mask, position_ids (int64 [batch_size, sequence_length]),
                   output logits [batch_size, sequence_length, vocab]
  reference.json   what PyTorch computes for PROMPTS, each run alone: token ids, hidden_states[i] for
                   i = 0..n_layer (Hugging Face indexing: 0 = embeddings, i = output of block i-1,
                   n_layer = after the final norm) pooled at the last token and as the mean over
                   tokens, and the logits at the last token
  CHECKSUMS        sha256 of the three files (sha256sum format)

Nothing here is downloaded; the tokenizer is trained and applied by this script (GPT-2's BPE algorithm
on ASCII text), and the Java tests check that DJL's tokenizers library gives the same ids.
"""
import hashlib
import json
import math
import os
import re

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 0
N_LAYER, N_EMBD, N_HEAD, N_KV_HEAD, N_POSITIONS, N_MERGES = 3, 32, 4, 2, 64, 120

CORPUS = """The model reads the prompt one token at a time and writes to the residual stream.
Is this message safe? Answer yes or no. The answer is yes. The answer is no. Safe or unsafe?
Probes read linear directions from the hidden states of a language model, layer by layer.
Hello world! Interpretability of transformers. Win a free prize now, click here to claim it.
The cat sat on the mat. The dog ran in the park. We meet at noon for lunch, then we talk."""
PROMPTS = [
    "Hello world!",
    "Is this message safe? Answer yes or no.",
    "Probes read linear directions.",
    "a",
    "Zebras quizzically jump over 42 boxes; \u00e9t\u00e9 na\u00efve \u2603!",
]

# GPT-2's pre-tokenizer, with \p{L}/\p{N} as ASCII classes (the corpus is ASCII; other bytes fall into
# the "other" class as they do in GPT-2, so non-ASCII prompts still split the same way)
SPLIT = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[A-Za-z\u00c0-\u024f]+| ?[0-9]+| ?[^\sA-Za-z0-9\u00c0-\u024f]+|\s+(?!\S)|\s+""")


def bytes_to_unicode():
    """GPT-2's reversible byte -> printable character map (Ġ is the space)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("\u00a1"), ord("\u00ac") + 1)) \
        + list(range(ord("\u00ae"), ord("\u00ff") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


BYTE_CHARS = bytes_to_unicode()


def words(text):
    return ["".join(BYTE_CHARS[b] for b in w.encode("utf-8")) for w in SPLIT.findall(text)]


def train_merges(text, n_merges):
    counts = {}
    for w in words(text):
        counts[tuple(w)] = counts.get(tuple(w), 0) + 1
    merges = []
    for _ in range(n_merges):
        pairs = {}
        for w, c in counts.items():
            for pair in zip(w, w[1:]):
                pairs[pair] = pairs.get(pair, 0) + c
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], p))  # most frequent, ties by the pair itself
        merges.append(best)
        merged = {}
        for w, c in counts.items():
            out, i = [], 0
            while i < len(w):
                if i + 1 < len(w) and (w[i], w[i + 1]) == best:
                    out.append(w[i] + w[i + 1])
                    i += 2
                else:
                    out.append(w[i])
                    i += 1
            merged[tuple(out)] = merged.get(tuple(out), 0) + c
        counts = merged
    return merges


def bpe(word, ranks):
    parts = list(word)
    while len(parts) > 1:
        pairs = [(ranks.get((a, b), math.inf), i) for i, (a, b) in enumerate(zip(parts, parts[1:]))]
        rank, i = min(pairs)
        if rank == math.inf:
            break
        parts[i:i + 2] = [parts[i] + parts[i + 1]]
    return parts


def make_tokenizer():
    merges = train_merges(CORPUS, N_MERGES)
    vocab = {}
    for c in sorted(BYTE_CHARS.values()):
        vocab[c] = len(vocab)
    for a, b in merges:
        vocab.setdefault(a + b, len(vocab))
    eos = len(vocab)
    tokenizer = {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [{"id": eos, "content": "<|endoftext|>", "single_word": False, "lstrip": False,
                          "rstrip": False, "normalized": True, "special": True}],
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                  "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False,
                  "vocab": vocab, "merges": [a + " " + b for a, b in merges]},
    }
    ranks = {m: i for i, m in enumerate(merges)}

    def encode(text):
        return [vocab[t] for w in words(text) for t in bpe(w, ranks)]

    return tokenizer, encode, eos + 1


class Attention(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.c_attn = torch.nn.Linear(N_EMBD, 3 * N_EMBD)
        self.c_proj = torch.nn.Linear(N_EMBD, N_EMBD)

    def forward(self, x, attention_mask):
        b, t, d = x.shape
        q, k, v = self.c_attn(x).split(N_EMBD, dim=2)
        q, k, v = (y.view(b, t, N_HEAD, d // N_HEAD).transpose(1, 2) for y in (q, k, v))
        scores = q @ k.transpose(-1, -2) / math.sqrt(d // N_HEAD)
        causal = torch.ones(t, t, dtype=torch.bool).tril()
        allowed = causal[None, None] & attention_mask[:, None, None, :].bool()
        scores = scores.masked_fill(~allowed, torch.finfo(scores.dtype).min)
        y = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, t, d)
        return self.c_proj(y)


class Mlp(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.c_fc = torch.nn.Linear(N_EMBD, 4 * N_EMBD)
        self.c_proj = torch.nn.Linear(4 * N_EMBD, N_EMBD)

    def forward(self, x):
        return self.c_proj(torch.nn.functional.gelu(self.c_fc(x), approximate="tanh"))


class Block(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_1 = torch.nn.LayerNorm(N_EMBD, eps=1e-5)
        self.attn = Attention()
        self.ln_2 = torch.nn.LayerNorm(N_EMBD, eps=1e-5)
        self.mlp = Mlp()

    def forward(self, x, attention_mask):
        x = x + self.attn(self.ln_1(x), attention_mask)
        return x + self.mlp(self.ln_2(x))


class Gpt2(torch.nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.wte = torch.nn.Embedding(vocab, N_EMBD)
        self.wpe = torch.nn.Embedding(N_POSITIONS, N_EMBD)
        self.h = torch.nn.ModuleList(Block() for _ in range(N_LAYER))
        self.ln_f = torch.nn.LayerNorm(N_EMBD, eps=1e-5)

    def forward(self, input_ids, attention_mask, position_ids):
        x = self.wte(input_ids) + self.wpe(position_ids)
        hidden_states = []
        for block in self.h:
            hidden_states.append(x)
            x = block(x, attention_mask)
        hidden_states.append(self.ln_f(x))
        return hidden_states


class Gpt2LMHead(torch.nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.transformer = Gpt2(vocab)
        self.lm_head = torch.nn.Linear(N_EMBD, vocab, bias=False)
        self.lm_head.weight = self.transformer.wte.weight  # tied, as in GPT-2

    def hidden_states(self, input_ids, attention_mask, position_ids):
        return self.transformer(input_ids, attention_mask, position_ids)

    def forward(self, input_ids, attention_mask, position_ids):
        last = self.transformer(input_ids, attention_mask, position_ids)[-1]
        return self.lm_head(last)


class RmsNorm(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.ones(N_EMBD))

    def forward(self, x):
        return self.weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6))


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def repeat_kv(x):
    """Each KV head shared by N_HEAD // N_KV_HEAD query heads, as Hugging Face's repeat_kv (which exports
    with dynamic shapes, unlike repeat_interleave in torch 1.13)."""
    b, kv, t, head = x.shape
    return x[:, :, None].expand(b, kv, N_HEAD // N_KV_HEAD, t, head).reshape(b, N_HEAD, t, head)


class LlamaAttention(torch.nn.Module):
    def __init__(self):
        super().__init__()
        head = N_EMBD // N_HEAD
        self.q_proj = torch.nn.Linear(N_EMBD, N_HEAD * head, bias=False)
        self.k_proj = torch.nn.Linear(N_EMBD, N_KV_HEAD * head, bias=False)
        self.v_proj = torch.nn.Linear(N_EMBD, N_KV_HEAD * head, bias=False)
        self.o_proj = torch.nn.Linear(N_HEAD * head, N_EMBD, bias=False)

    def forward(self, x, attention_mask, cos, sin):
        b, t, d = x.shape
        head = d // N_HEAD
        q = self.q_proj(x).view(b, t, N_HEAD, head).transpose(1, 2)
        k = self.k_proj(x).view(b, t, N_KV_HEAD, head).transpose(1, 2)
        v = self.v_proj(x).view(b, t, N_KV_HEAD, head).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k, v = repeat_kv(k), repeat_kv(v)
        scores = q @ k.transpose(-1, -2) / math.sqrt(head)
        causal = torch.ones(t, t, dtype=torch.bool).tril()
        allowed = causal[None, None] & attention_mask[:, None, None, :].bool()
        scores = scores.masked_fill(~allowed, torch.finfo(scores.dtype).min)
        return self.o_proj((scores.softmax(-1) @ v).transpose(1, 2).reshape(b, t, d))


class LlamaMlp(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.gate_proj = torch.nn.Linear(N_EMBD, 3 * N_EMBD, bias=False)
        self.up_proj = torch.nn.Linear(N_EMBD, 3 * N_EMBD, bias=False)
        self.down_proj = torch.nn.Linear(3 * N_EMBD, N_EMBD, bias=False)

    def forward(self, x):
        return self.down_proj(torch.nn.functional.silu(self.gate_proj(x)) * self.up_proj(x))


class LlamaLayer(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.input_layernorm = RmsNorm()
        self.self_attn = LlamaAttention()
        self.post_attention_layernorm = RmsNorm()
        self.mlp = LlamaMlp()

    def forward(self, x, attention_mask, cos, sin):
        x = x + self.self_attn(self.input_layernorm(x), attention_mask, cos, sin)
        return x + self.mlp(self.post_attention_layernorm(x))


class Llama(torch.nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.embed_tokens = torch.nn.Embedding(vocab, N_EMBD)
        self.layers = torch.nn.ModuleList(LlamaLayer() for _ in range(N_LAYER))
        self.norm = RmsNorm()

    def forward(self, input_ids, attention_mask, position_ids):
        head = N_EMBD // N_HEAD
        inv_freq = 1.0 / (10000 ** (torch.arange(0, head, 2, dtype=torch.float32) / head))
        freqs = position_ids[..., None].float() * inv_freq
        angles = torch.cat((freqs, freqs), dim=-1)[:, None]  # [b, 1, t, head]
        cos, sin = angles.cos(), angles.sin()
        x = self.embed_tokens(input_ids)
        hidden_states = []
        for layer in self.layers:
            hidden_states.append(x)
            x = layer(x, attention_mask, cos, sin)
        hidden_states.append(self.norm(x))
        return hidden_states


class LlamaForCausalLM(torch.nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.model = Llama(vocab)
        self.lm_head = torch.nn.Linear(N_EMBD, vocab, bias=False)

    def hidden_states(self, input_ids, attention_mask, position_ids):
        return self.model(input_ids, attention_mask, position_ids)

    def forward(self, input_ids, attention_mask, position_ids):
        return self.lm_head(self.model(input_ids, attention_mask, position_ids)[-1])


def randomize(model):
    torch.manual_seed(SEED)
    for name, p in model.named_parameters():  # lm_head.weight is wte's, so it is listed once
        with torch.no_grad():
            if "ln_" in name or "norm" in name:  # norm gains near 1 and biases near 0, but not exactly
                p.copy_((1.0 if name.endswith("weight") else 0.0) + 0.1 * torch.randn_like(p))
            else:
                p.copy_(0.2 * torch.randn_like(p))


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def write_fixture(folder, model, tokenizer, encode, config):
    """Writes model.onnx, tokenizer.json, reference.json and CHECKSUMS of one model into HERE/folder."""
    out = os.path.join(HERE, folder)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer, f, ensure_ascii=False, indent=1)
        f.write("\n")

    randomize(model.eval())
    ids = torch.tensor([[1, 2, 3], [4, 5, 0]])
    mask = torch.tensor([[1, 1, 1], [1, 1, 0]])
    positions = torch.tensor([[0, 1, 2], [0, 1, 1]])
    torch.onnx.export(model, (ids, mask, positions), os.path.join(out, "model.onnx"),
                      input_names=["input_ids", "attention_mask", "position_ids"], output_names=["logits"],
                      dynamic_axes={n: {0: "batch_size", 1: "sequence_length"}
                                    for n in ["input_ids", "attention_mask", "position_ids", "logits"]},
                      opset_version=14, do_constant_folding=True)

    reference = dict(config, seed=SEED, prompts=[])
    with torch.no_grad():
        for prompt in PROMPTS:
            tokens = encode(prompt)
            ids = torch.tensor([tokens])
            mask = torch.ones_like(ids)
            positions = torch.arange(len(tokens))[None]
            states = model.hidden_states(ids, mask, positions)
            logits = model(ids, mask, positions)
            reference["prompts"].append({
                "text": prompt,
                "ids": tokens,
                "last": [s[0, -1].tolist() for s in states],
                "mean": [s[0].mean(0).tolist() for s in states],
                "logits_last": logits[0, -1].tolist(),
            })
    with open(os.path.join(out, "reference.json"), "w", encoding="utf-8") as f:
        json.dump(reference, f, ensure_ascii=False)
        f.write("\n")

    with open(os.path.join(out, "CHECKSUMS"), "w") as f:
        for name in ["model.onnx", "tokenizer.json", "reference.json"]:
            f.write(sha256(os.path.join(out, name)) + "  " + name + "\n")


def main():
    tokenizer, encode, vocab = make_tokenizer()
    config = {"n_layer": N_LAYER, "n_embd": N_EMBD, "n_head": N_HEAD, "vocab_size": vocab}
    write_fixture("gpt2-tiny", Gpt2LMHead(vocab), tokenizer, encode, dict(config, n_positions=N_POSITIONS))
    write_fixture("llama-tiny", LlamaForCausalLM(vocab), tokenizer, encode, dict(config, n_kv_head=N_KV_HEAD))


if __name__ == "__main__":
    main()
