#!/usr/bin/env python3
"""Generates the difflib fixtures checked by krnel.graph.UnifiedDiffTest.

How it was run (Python 3.11.7, from this directory):

    python3 make_fixtures.py

The output is deterministic (fixed seeds), so rerunning it must leave the fixtures unchanged.
It writes cases.txt (hand-picked and random small/medium cases) and large.txt (inputs of 199 to
10,000 lines, which exercise difflib's autojunk "popular line" rule).

Each case is expected to satisfy

    UnifiedDiff.of(a, b, from, to)
        == "\\n".join(difflib.unified_diff(a, b, fromfile=from, tofile=to, lineterm=""))

File format (UTF-8, "\\n" line ends; lines never contain "\\r" or "\\n"):

    case <name>
    from <fromfile>
    to <tofile>
    a <count>
    <count lines>
    b <count>
    <count lines>
    diff <count>
    <count lines: the list difflib returns, to be joined with "\\n">

Lines before the first "case" line are comments.
"""

import difflib
import random

# Lines shaped like the text krnel diffs: op pseudocode and pretty-printed JSON.
PSEUDO = [
    "def forward(x):",
    "    h = linear(x, w1, b1)",
    "    h = relu(h)",
    "    y = linear(h, w2, b2)",
    "    return y",
    "",
    "for batch in loader:",
    "    loss = mse(model(batch.x), batch.y)",
    "    loss.backward()",
    "}",
    "  }",
    "{",
    '  "op": "SelectTextColumnOp",',
    '  "column": "prompt",',
    '  "dataset": "LoadDatasetOp_3f2a",',
    '  "layer": 12,',
    '  "batch_size": 32,',
    '  "dtype": "float32"',
    "# comment",
    "pass",
]

WORDS = ["alpha", "beta", "gamma", "delta", "x", "y", "z", "op", "col", "emb", "layer", "norm"]

# Awkward but legal line contents: empty, whitespace, diff markers, tabs, non-ASCII.
ODD = ["", " ", "  ", "\t", "-", "+", " -x", "+y", "@@ -1 +1 @@", "--- a", "+++ b",
       "é", "日本語", "emoji 🙂"]


def random_line(rng):
    kind = rng.random()
    if kind < 0.5:
        return rng.choice(PSEUDO)
    if kind < 0.9:
        return "%s = %s(%s)" % (rng.choice(WORDS), rng.choice(WORDS), rng.randint(0, 20))
    return rng.choice(ODD)


def random_lines(rng, n, vocab):
    """n lines drawn from a vocabulary of `vocab` distinct lines, so small vocabs repeat a lot."""
    pool = [random_line(rng) for _ in range(vocab)]
    return [rng.choice(pool) for _ in range(n)]


def mutate(rng, lines, edits, new_line):
    """Applies `edits` random inserts, deletes, replaces, moves and duplications."""
    out = list(lines)
    for _ in range(edits):
        op = rng.choice(["insert", "delete", "replace", "move", "dup"])
        pos = rng.randint(0, len(out))
        size = rng.randint(1, 4)
        if op == "insert" or not out:
            out[pos:pos] = [new_line() for _ in range(size)]
        elif op == "delete":
            del out[pos:pos + size]
        elif op == "replace":
            out[pos:pos + size] = [new_line() for _ in range(rng.randint(1, 4))]
        elif op == "move":
            block = out[pos:pos + size]
            del out[pos:pos + size]
            dest = rng.randint(0, len(out))
            out[dest:dest] = block
        else:
            out[pos:pos] = out[pos:pos + size]
    return out


def handpicked():
    nums = [str(i) for i in range(1, 40)]
    doc = list(nums)  # the get_grouped_opcodes docstring example
    doc[8:8] = ["i"]
    doc[20] += "x"
    doc[23:28] = []
    doc[30] += "y"
    ten = ["line %d" % i for i in range(10)]
    yield "both-empty", [], [], "a", "b"
    yield "equal", ten, list(ten), "a", "b"
    yield "empty-to-one", [], ["x"], "a", "b"
    yield "one-to-empty", ["x"], [], "a", "b"
    yield "empty-to-many", [], ten, "old", "new"
    yield "many-to-empty", ten, [], "old", "new"
    yield "one-line-changed", ["x"], ["y"], "a", "b"
    yield "empty-line-vs-nothing", [""], [], "a", "b"
    yield ("docstring", "one two three four".split(), "zero one tree four".split(),
           "Original", "Current")
    yield "grouped-opcodes-doc", nums, doc, "a.txt", "b.txt"
    yield "insert-top", ten, ["new"] + ten, "a", "b"
    yield "insert-bottom", ten, ten + ["new"], "a", "b"
    yield "insert-middle", ten, ten[:5] + ["n1", "n2"] + ten[5:], "a", "b"
    yield "delete-top", ten, ten[1:], "a", "b"
    yield "delete-bottom", ten, ten[:-1], "a", "b"
    yield "delete-middle", ten, ten[:4] + ten[7:], "a", "b"
    yield "replace-all", ten, ["other %d" % i for i in range(7)], "a", "b"
    # Two changes 6 equal lines apart share a hunk; 7 apart they split into two hunks.
    base = ["l%d" % i for i in range(30)]
    yield "gap-6-one-hunk", base, base[:5] + ["X"] + base[6:12] + ["Y"] + base[13:], "a", "b"
    yield "gap-7-two-hunks", base, base[:5] + ["X"] + base[6:13] + ["Y"] + base[14:], "a", "b"
    yield "all-same-line", ["x"] * 5, ["x"] * 8, "a", "b"
    yield "repeated-pattern", ["a", "b"] * 6, ["b", "a"] * 6, "a", "b"
    yield "reversed", ten, ten[::-1], "a", "b"
    yield "odd-lines", ODD, ODD[::2] + ["new"], "a", "b"
    yield "empty-file-names", ["x"], ["y"], "", ""
    yield "spaced-file-names", ["x"], ["y"], "old dir/a b.txt", "new\tdir/ü.txt"


def small_random(rng):
    for k in range(80):
        n = rng.choice([0, 1, 2, 3, 5, 8, 13, 21, 40])
        vocab = rng.choice([1, 2, 3, 5, 10, 30])
        a = random_lines(rng, n, vocab)
        pool = a + [random_line(rng) for _ in range(3)]
        b = mutate(rng, a, rng.randint(0, 5), lambda: rng.choice(pool))
        yield "small-%03d" % k, a, b, "a/f%d" % k, "b/f%d" % k
    for k in range(15):
        a = [rng.choice(PSEUDO) for _ in range(rng.randint(20, 120))]
        b = mutate(rng, a, rng.randint(1, 8), lambda: random_line(rng))
        yield "pseudo-%03d" % k, a, b, "before.txt", "after.txt"
    for k in range(10):
        a = random_lines(rng, rng.randint(10, 60), 20)
        yield "insert-only-%02d" % k, a, mutate_only(rng, a, "insert"), "a", "b"
        yield "delete-only-%02d" % k, a, mutate_only(rng, a, "delete"), "a", "b"


def mutate_only(rng, lines, kind):
    out = list(lines)
    for _ in range(rng.randint(1, 4)):
        pos = rng.randint(0, len(out))
        if kind == "insert":
            out[pos:pos] = ["ins %d" % rng.randint(0, 99) for _ in range(rng.randint(1, 3))]
        else:
            del out[pos:pos + rng.randint(1, 3)]
    return out


def code_like(rng, n):
    """Program-like text in which blank lines and braces are 'popular' (over 1% of lines)."""
    out = []
    while len(out) < n:
        r = rng.random()
        if r < 0.15:
            out.append("")
        elif r < 0.25:
            out.append("}")
        elif r < 0.3:
            out.append(rng.choice(PSEUDO))
        else:
            out.append("v%d = %s(v%d)" % (rng.randint(0, n), rng.choice(WORDS), rng.randint(0, n)))
    return out


def large(rng):
    for n in [199, 200, 201, 250, 600]:
        a = code_like(rng, n)
        new_line = lambda: rng.choice(["", "}", "new %d" % rng.randint(0, 9)])
        b = mutate(rng, a, max(3, n // 50), new_line)
        yield "code-%d" % n, a, b, "a/code", "b/code"
    # Autojunk threshold: with len(b) == 300 a line may occur n // 100 + 1 == 4 times and still
    # seed a match; with a 5th occurrence it is popular, so here nothing matches at all.
    for count in [4, 5]:
        a = ["a%d" % i for i in range(20)]
        a[10] = "P"
        b = ["b%d" % i for i in range(300)]
        for p in range(count):
            b[p * 60 + 30] = "P"
        yield "popular-threshold-%d" % count, a, b, "a", "b"
    # A short a against a long b still applies autojunk, which depends on len(b) only.
    b = code_like(rng, 400)
    yield "short-a-long-b", b[100:140], b, "a", "b"
    yield "long-a-short-b", b, b[100:140], "a", "b"
    # 2,500 lines: JSON-ish records with few distinct lines, so many of them are popular.
    a = []
    for i in range(500):
        a += ["{", '  "id": %d,' % i, '  "op": "%s",' % rng.choice(WORDS), '  "ok": true', "},"]
    b = mutate(rng, a, 20, lambda: '  "x": %d,' % rng.randint(0, 9))
    yield "json-2500", a, b, "a.json", "b.json"


def write(path, cases):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("# Generated by make_fixtures.py; do not edit. Format: see that script.\n")
        for name, a, b, fromfile, tofile in cases:
            diff = list(difflib.unified_diff(a, b, fromfile=fromfile, tofile=tofile, lineterm=""))
            for line in [fromfile, tofile] + a + b + diff:
                assert "\n" not in line and "\r" not in line, line
            f.write("case %s\nfrom %s\nto %s\n" % (name, fromfile, tofile))
            for label, lines in (("a", a), ("b", b), ("diff", diff)):
                f.write("%s %d\n" % (label, len(lines)))
                f.writelines(line + "\n" for line in lines)


if __name__ == "__main__":
    rng = random.Random(20240611)
    write("cases.txt", list(handpicked()) + list(small_random(rng)))
    write("large.txt", list(large(rng)))
