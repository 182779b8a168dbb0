#!/usr/bin/env python3
"""Writes fixtures.jsonl: reference outputs of CPython's random.Random for PythonRandomTest and
TrainTestSplitTest (krnel-runtime, package krnel.impl).

How it was run (CPython 3.11.7; sample/shuffle/_randbelow are those of Lib/random.py in 3.11):

    cd krnel-runtime/src/test/resources/pyrandom && python3 make_fixtures.py > fixtures.jsonl

One JSON object per line, "kind" says which. Python ints are written as decimal strings (seeds and
values can exceed 64 bits); floats as repr strings (they read back exactly). Long results are
written as "sha256" of their text form plus a short "head", to keep the file small:
  - int lists: ",".join(str(i) for i in values)
  - split assignments: one character per row, "1" for test and "0" for train
Split sizes are written as "i:<int>" or "f:<repr(float)>" (null when not given), because Python's
int/float distinction decides how a size is read.
"""
import hashlib
import json
import math
import random
import sys

sys.set_int_max_str_digits(0)  # the widest seed (a key longer than the 624-word state) has 6,743 digits

FULL_LIMIT = 60  # lists up to this length are written out in full


def out(**obj):
    sys.stdout.write(json.dumps(obj, separators=(",", ":")) + "\n")


def ints_entry(values):
    values = list(values)
    text = ",".join(str(v) for v in values)
    if len(values) <= FULL_LIMIT:
        return {"values": [str(v) for v in values]}
    return {"count": len(values), "head": [str(v) for v in values[:10]],
            "sha256": hashlib.sha256(text.encode()).hexdigest()}


SEEDS = [0, 1, -1, 2, 42, -42, 7, 3, 19190115, -19190115, 2**31 - 1, 2**31, 2**32 - 1, 2**32,
         -(2**32), 2**32 + 1, 2**53 + 1, 2**63 - 1, -(2**63), 2**64 - 1, 2**64, -(2**64),
         2**64 + 12345, 2**100 + 7, 12345678901234567890123456789, -(3**80), 2**(32 * 700) + 99]

# getrandbits: one stream per seed, mixing widths so word boundaries and the >32-bit path show.
BITS = [32, 32, 32, 1, 31, 33, 64, 100, 0, 65, 96, 128, 200, 7, 63, 32]
for seed in SEEDS:
    r = random.Random(seed)
    out(kind="getrandbits", seed=str(seed), bits=BITS, **ints_entry(r.getrandbits(k) for k in BITS))

# A long stream of 32-bit words: crosses many regenerations of the 624-word state.
for seed in [5, -5, 2**64 + 1]:
    r = random.Random(seed)
    out(kind="stream32", seed=str(seed), **ints_entry(r.getrandbits(32) for _ in range(5000)))

# random(): 53-bit floats.
for seed in [0, 42, -7, 19190115, 2**32, 2**70 + 1]:
    r = random.Random(seed)
    out(kind="random", seed=str(seed), values=[repr(r.random()) for _ in range(12)])

# _randbelow: small, word-boundary and wider-than-64-bit bounds.
BOUNDS = [1, 2, 3, 5, 10, 100, 2**31 - 1, 2**31, 2**32 - 1, 2**32, 2**32 + 1, 2**53 + 5,
          2**63 - 1, 2**64 + 3, 10**30, 2**200 - 1]
for seed in [0, 42, -99]:
    r = random.Random(seed)
    out(kind="randbelow", seed=str(seed), bounds=[str(b) for b in BOUNDS],
        **ints_entry(r._randbelow(b) for b in BOUNDS))

# shuffle of list(range(n)).
for seed, n in [(0, 0), (0, 1), (42, 2), (42, 10), (7, 52), (19190115, 1000), (-3, 5000)]:
    r = random.Random(seed)
    x = list(range(n))
    r.shuffle(x)
    out(kind="shuffle", seed=str(seed), n=n, **ints_entry(x))


def setsize(k):
    s = 21
    if k > 5:
        s += 4 ** math.ceil(math.log(k * 3, 4))
    return s


# sample(range(n), k): both strategies, around the threshold, up to n = 100,000.
pairs = set()
for k in [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 21, 22, 25, 50, 86, 87, 100, 341, 342, 1000, 5000, 25000]:
    s = setsize(k)
    for n in [k, k + 1, s - 1, s, s + 1, 2 * s, 1000, 100000]:
        if k <= n <= 100000:
            pairs.add((n, k))
for n, k in sorted(pairs):
    seed = [42, 19190115, -7, 2**64 + 5][(n + k) % 4]
    strategy = "pool" if n <= setsize(k) else "set"
    out(kind="sample", seed=str(seed), n=n, k=k, strategy=strategy,
        **ints_entry(random.Random(seed).sample(range(n), k)))


# Train/test split: an independent rendering of the reference's spec (AssignTrainTestSplitOp).
def split(total, test_size, train_size, seed):
    if total == 0:
        return []

    def normalize(name, v):
        if isinstance(v, float):
            if not 0 < v < 1:
                raise ValueError(f"{name}_size as float must be in the open interval (0, 1); got {v}.")
            return min(math.ceil(v * total) if name == "test" else math.floor(v * total), total)
        if not 0 <= v <= total:
            raise ValueError(f"{name}_size int must be between 0 and the dataset length ({total}); got {v}.")
        return v

    if test_size is None and train_size is None:
        n_test = math.ceil(0.25 * total)
    else:
        n_test = normalize("test", test_size) if test_size is not None else None
        n_train = normalize("train", train_size) if train_size is not None else None
        if n_test is None:
            n_test = total - n_train
        elif n_train is None:
            n_train = total - n_test
        if n_train + n_test != total and test_size is not None and train_size is not None:
            raise ValueError(f"train_size ({n_train}) + test_size ({n_test}) must equal dataset size ({total}).")
    chosen = set(random.Random(seed).sample(range(total), n_test)) if n_test else set()
    return ["1" if i in chosen else "0" for i in range(total)]


def size_text(v):
    if v is None:
        return None
    return ("f:" + repr(v)) if isinstance(v, float) else ("i:" + str(v))


def split_case(total, test_size, train_size, seed):
    common = dict(total=total, test=size_text(test_size), train=size_text(train_size), seed=str(seed))
    try:
        rows = "".join(split(total, test_size, train_size, seed))
    except ValueError as e:
        out(kind="split_error", message=str(e), **common)
        return
    if len(rows) <= 200:
        out(kind="split", rows=rows, **common)
    else:
        out(kind="split", count=len(rows), tests=rows.count("1"),
            sha256=hashlib.sha256(rows.encode()).hexdigest(), **common)


for total in [0, 1, 2, 3, 4, 5, 10, 17, 100, 1000, 12345, 100000]:
    for test_size, train_size, seed in [
            (None, None, 19190115), (None, None, 42), (0.2, None, 42), (0.25, None, 7),
            (0.5, None, -3), (0.999, None, 2**40), (None, 0.7, 42), (None, 0.333, 19190115),
            (1, None, 42), (0, None, 42), (total, None, 5), (None, 1, 42), (None, total, 8),
            (total // 3, total - total // 3, 11), (0.3, 0.7, 42), (0.1, 0.9, 19190115),
            # seeds wider than 32 and 64 bits, as a Python graph may hold (issue 16)
            (0.3, None, 2**40 + 3), (0.3, None, 2**64 + 12345), (0.5, None, -(2**64 + 12345))]:
        split_case(total, test_size, train_size, seed)

# Errors (messages verbatim), including float reprs and the order in which sizes are checked.
for total, test_size, train_size in [
        (5, 0.6, 0.6), (5, None, -1), (5, 1.5, None), (3, 5, None), (10, 1.0, None),
        (10, 0.0, None), (10, -0.5, None), (10, None, 1.0), (10, float("nan"), None),
        (10, float("inf"), None), (10, 1e16, None), (10, 1e-05, 0.5), (10, 3, 3),
        (10, 11, 12), (10, 0.5, 2.5), (10, 2, -2), (100, 0.333, 0.667), (7, 10**20, None)]:
    split_case(total, test_size, train_size, 42)
