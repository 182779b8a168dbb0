"""Renders this folder's chat template as transformers does, to check Jinjava against Jinja2.

transformers renders chat templates with ImmutableSandboxedEnvironment(trim_blocks=True,
lstrip_blocks=True) and a raise_exception global, passing messages, add_generation_prompt and the
tokenizer's special tokens. Run with Jinja2 3.1.6: python render_with_jinja2.py > renderings.json
"""
import json
import os

from jinja2.sandbox import ImmutableSandboxedEnvironment

here = os.path.dirname(os.path.abspath(__file__))
config = json.load(open(os.path.join(here, "tokenizer_config.json")))


def raise_exception(message):
    raise Exception(message)


env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
env.globals["raise_exception"] = raise_exception
template = env.from_string(config["chat_template"])
tokens = {k: (v if isinstance(v, str) else v["content"]) for k, v in config.items() if k.endswith("_token")}
cases = [
    [{"role": "user", "content": "Hello world!"}],
    [{"role": "system", "content": "Be brief."}, {"role": "user", "content": " Hi "},
     {"role": "assistant", "content": "Hello."}, {"role": "user", "content": "Bye"}],
]
out = []
for messages in cases:
    for generation_prompt in (True, False):
        out.append({"messages": messages, "add_generation_prompt": generation_prompt,
                    "rendered": template.render(messages=messages, add_generation_prompt=generation_prompt, **tokens)})
print(json.dumps(out, indent=1))
