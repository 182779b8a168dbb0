#!/usr/bin/env python3
"""Generates the Python json.dumps fixtures read by PythonFloatTest and JsonWriterTest.

Run from anywhere; it writes next to itself:

    python3 krnel-runtime/src/test/resources/python-json/make_fixtures.py

The committed files were made with Debian's python3 (3.11.2, /usr/bin/python3) and checked
byte-identical with pyenv's python3 (3.11.7). Everything is seeded, so reruns give the same files;
float repr and the json encoder have been stable since Python 3.1, so other versions should too.

Files (ASCII, LF line ends; the expected texts are ASCII because ensure_ascii=True):
  floats.tsv      <16 hex digits of the IEEE-754 bits> TAB json.dumps(x)   (== repr(x) when finite)
  strings.tsv     <UTF-16 code units, 4 hex digits each> TAB json.dumps(s)
  keysort.tsv     <keys as UTF-16 hex, comma-separated> TAB json.dumps({key_i: i}, sort_keys=True)
  structures.txt  "=== <name> canonical|pretty" header lines, each followed by the text of
                  json.dumps(obj, sort_keys=True) or json.dumps(obj, indent=2); JsonWriterTest
                  builds the same objects in Java (keep the two in step).

Java strings are UTF-16, so a Python str is first normalised the way Java would see it: encode to
UTF-16 (lone surrogates passed through) and decode again, which joins a high+low surrogate pair into
one supplementary code point. This matters for sort order, not for json.dumps's text.
"""

import json
import math
import os
import random
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def bits(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def from_bits(b):
    return struct.unpack("<d", struct.pack("<Q", b))[0]


def norm(s):
    """The str a Java String with the same UTF-16 code units stands for."""
    return s.encode("utf-16-be", "surrogatepass").decode("utf-16-be", "surrogatepass")


def utf16hex(s):
    return s.encode("utf-16-be", "surrogatepass").hex()


def write(name, lines):
    with open(os.path.join(HERE, name), "w", encoding="ascii", newline="\n") as f:
        for line in lines:
            f.write(line + "\n")


# ---------------------------------------------------------------- floats
def floats():
    rng = random.Random(1234567)
    vals = [
        0.0, -0.0, float("nan"), float("inf"), float("-inf"),
        0.1 + 0.2, 0.1, 0.2, 0.3, 1 / 3, 2 / 3, -1.0, 1.0, 1.5, 100.0, 12345.678, 4.35,
        1e16, 1e15, 1e17, 1e-5, 1e-4, 1e-3, 2e-3, 0.0001, 0.00012345, 9.999999999999999e-05,
        1e22, 1e23, 2e23, 8.41e21, 5e-324, 1e-323, 1.5e300, 123456789012345680.0,
        sys.float_info.max, -sys.float_info.max, sys.float_info.min,
        math.nextafter(sys.float_info.min, 0),  # largest subnormal
        9999999999999998.0, 1e16 - 2, 1e16 + 2, 999999999999999.9, 9007199254740993.0,
        1234567890123456.7, 0.5, 0.25, 0.125, 3.141592653589793, 2.718281828459045,
        1e-7, 1.0000000000000002, 0.9999999999999999, 4.9406564584124654e-324,
        # JDK 17's Double.toString is longer, or not closest, for these (JDK-4511638)
        2.82879384806159e17, 1.387364135037754e18, 1.45800632428665e17, 1.9400994884341945e25,
        5.684341886080802e-14, 7.120236347223045e-307,
    ]
    for k in range(-12, 13):  # integers around 2**53
        vals.append(float(2**53 + k))
        vals.append(-float(2**53 + k))
    for k in range(-1074, 1024):  # every power of two
        vals.append(2.0**k)
    for k in range(-323, 309):  # every power of ten
        vals.append(float("1e%d" % k))
    for _ in range(400):  # random bit patterns (almost all need 16-17 digits)
        vals.append(from_bits(rng.getrandbits(64)))
    for _ in range(100):  # random subnormals
        vals.append(from_bits(rng.getrandbits(52) | (rng.getrandbits(1) << 63)))
    for _ in range(400):  # short decimals, and their neighbours
        digits = rng.randint(1, 17)
        m = rng.randint(10 ** (digits - 1), 10**digits - 1)
        x = float("%de%d" % (m, rng.randint(-340, 310)))
        if x == 0 or math.isinf(x):
            continue
        x = -x if rng.random() < 0.3 else x
        vals.append(x)
        if rng.random() < 0.25:
            vals.append(math.nextafter(x, math.inf))
            vals.append(math.nextafter(x, -math.inf))
    for _ in range(300):  # in [2^48, 2^52) the last digit can tie (…456.75): half-to-even
        vals.append(rng.randint(2**48, 2**52 - 1) + rng.randint(1, 15) / 16)
    for _ in range(200):  # random integers, many below 1e16 (the Java fast path)
        vals.append(float(rng.randint(-(10**17), 10**17)))

    seen, lines = set(), []
    for x in vals:
        b = bits(x)
        if b in seen:
            continue
        seen.add(b)
        text = json.dumps(x)
        if math.isfinite(x):
            assert text == repr(x), (x, text)
        lines.append("%016x\t%s" % (b, text))
    return lines


# ---------------------------------------------------------------- strings
def strings():
    rng = random.Random(7654321)
    vals = [
        "", "abc", '"', "\\", "/", "\b\f\n\r\t", "a\"b\\c", "tab\there", "line\r\nend",
        "\x00", "\x1f", " ", "~", "\x7f", "\x80", "\x9f", "\xa0", "\xe9", "caf\xe9",
        "\u0100\u0fff\u1234\uabcd", "\u4e2d\u6587", "\u2028\u2029", "\ufeff", "\uffff",
        "\ufffd", "\ue000", "\U0001F600", "grin \U0001F600!", "\U00010000", "\U0010FFFF",
        "\ud800", "\udc00", "\udc00\ud800", "x\udbffy", "\U0001F1EB\U0001F1F7",
        "".join(chr(c) for c in range(256)),
    ]
    vals += [chr(c) for c in range(0x80)]
    pool = [(0x20, 0x7E), (0x00, 0x1F), (0x7F, 0x3FF), (0x400, 0xD7FF), (0xD800, 0xDFFF),
            (0xE000, 0xFFFF), (0x10000, 0x10FFFF)]
    for _ in range(100):
        s = ""
        for _ in range(rng.randint(1, 12)):
            lo, hi = rng.choice(pool)
            s += chr(rng.randint(lo, hi))
        vals.append(s)
    lines = []
    for s in vals:
        s = norm(s)
        lines.append("%s\t%s" % (utf16hex(s), json.dumps(s)))
    return lines


# ---------------------------------------------------------------- key order
def keysort():
    rng = random.Random(99)
    sets = [
        ["b", "a", "c"],
        ["\ufffd", "\U0001F600"],  # String.compareTo puts the emoji (0xD83D...) first
        ["\ue000", "\U00010000", "\uffff"],
        ["a", "ab", "", "aa", "b", "A", "_", "0"],
        ["\ud800", "\U00010000", "\ue000"],  # lone surrogate vs supplementary
        ["\ud800x", "\U00010000"],
        ["\ud83d\U0001F600", "\U0001F600"],  # lone high surrogate then a pair
        ["x\U0001F600", "x\uffff", "x\ud83d", "x"],
        ["type", "model_name", "input", "dtype", "layer_num", "_private"],
    ]
    alphabet = ["a", "b", "\u00e9", "\ud7ff", "\ud800", "\udfff", "\ue000", "\ufffd", "\uffff",
                "\U00010000", "\U0001F600", "\U0010FFFF"]
    for _ in range(60):
        sets.append(["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 4)))
                     for _ in range(rng.randint(2, 9))])
    lines = []
    for keys in sets:
        keys = list(dict.fromkeys(norm(k) for k in keys))  # normalised, deduplicated, in order
        obj = {k: i for i, k in enumerate(keys)}
        lines.append("%s\t%s" % (",".join(utf16hex(k) for k in keys), json.dumps(obj, sort_keys=True)))
    return lines


# ---------------------------------------------------------------- structures
# Mirrored in JsonWriterTest; op references are plain uuid strings on the Python side.
STRUCTURES = {
    "unicode_keys": {
        "b": 1,
        "a": [1, 2.5, None, True, False],
        "\ufffd": "replacement",
        "\U0001F600": "grin",
        "\u00e9": "e-acute",
        "Z": {"y": [], "x": {}},
        "": "empty",
        "\ue000": "private use",
        "a\x00b": 0.1,
    },
    "nested_empty": {
        "list": [],
        "dict": {},
        "nested": [[], {}, [[]], [{}]],
        "deep": {"a": {"b": {"c": [1, [2, [3]]]}}},
    },
    "top_list": [
        1, -1, 0, 2**63 - 1, -(2**63), 2**70, 0.1, -0.0, 1e16, 1e-05,
        float("nan"), float("inf"), float("-inf"), "x\ny", None, True,
    ],
    "ops": {
        "model": "Model_abc",
        "inputs": ["A_1", "B_2"],
        "byName": {"z": "Z_9", "a": "A_1", "\U0001F600": "E_3", "\ufffd": "F_4"},
        "none": None,
        "noOps": [],
    },
    "scalar_string": "h\u00e9llo \U0001F600",
    "scalar_float": 1e23,
    "empty_dict": {},
    "empty_list": [],
}


def structures():
    lines = []
    for name, obj in STRUCTURES.items():
        lines.append("=== %s canonical" % name)
        lines.append(json.dumps(obj, sort_keys=True))
        lines.append("=== %s pretty" % name)
        lines.append(json.dumps(obj, indent=2))
    return lines


if __name__ == "__main__":
    write("floats.tsv", floats())
    write("strings.tsv", strings())
    write("keysort.tsv", keysort())
    write("structures.txt", structures())
