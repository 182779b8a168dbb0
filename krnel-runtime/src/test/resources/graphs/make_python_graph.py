#!/usr/bin/env python3
"""Assembles graph JSON exactly as the Python krnel-graph library writes it, for GraphJsonTest and
VerifyCommandTest.

Where the data comes from: every node payload below is a golden canonical string from
../golden/golden-canonical.jsonl (Appendix A of the project's reference notes: the canonical JSON
that krnel-graph 0.1.8, commit f83b756, hashes for each built-in op; krnel-graph computes
uuid = "<Type>_" + sha256(json.dumps(payload, sort_keys=True))). A graph node is the same payload
with the @ExcludeFromUUID fields added back (only LoadLocalParquetDatasetOp.file_path, which
Appendix A built as '/data/x.parquet'), with its keys in the op's declaration order ("type" first)
instead of sorted, because krnel-graph's graph_serialize writes

    {"outputs": [op.uuid ...], "nodes": {uuid: {"type": cls, **op.model_dump()}}}

with nodes in pre-order (root first, then dependencies in field order) and json.dumps without
sort_keys. The declaration orders are those of the reference's op classes (reference notes §3), and
the inline dataset's columns are put back in the order the Appendix A generator wrote them.

Run from anywhere (python3 only, no krnel-graph needed); it writes next to itself:

    python3 krnel-runtime/src/test/resources/graphs/make_python_graph.py [GOLDEN_JSONL]

Files written:
  python_ce85_graph.json          json.dumps(graph): the golden ClassifierEvaluationOp_ce85...
                                  (p.evaluate(gt_positives=y, gt_negatives=~y, split=..., predict_domain=y,
                                  score_threshold=0.5)) with all its dependencies, plus the golden
                                  LoadLocalParquetDatasetOp as a second output
  python_ce85_graph.indent2.json  json.dumps(graph, indent=2): what Java's GraphJson.write must produce
                                  for the same ops
"""

import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "golden", "golden-canonical.jsonl")

ROOT = "ClassifierEvaluationOp_ce85e0958267f3ead93c427883c77da50ac556639950f8dca79ca405d9566f83"
PARQUET = "LoadLocalParquetDatasetOp_9a7750a83f96b5d9a00f1bd48bcdc0b6dbf611f85b6956fb4158598c42f496d0"
EXCLUDED_FROM_UUID = {PARQUET: {"file_path": "/data/x.parquet"}}

# Field declaration order of the reference's op classes (base-class fields first).
FIELD_ORDER = {
    "LoadInlineJsonDatasetOp": ["data"],
    "LoadLocalParquetDatasetOp": ["content_hash", "file_path"],
    "SelectTextColumnOp": ["column_name", "dataset"],
    "SelectBooleanColumnOp": ["column_name", "dataset"],
    "SelectTrainTestSplitColumnOp": ["column_name", "dataset"],
    "BooleanLogicOp": ["operation", "left", "right"],
    "LLMLayerActivationsOp": ["model_name", "text", "layer_num", "token_mode", "batch_size", "max_length",
                              "dtype", "device", "torch_compile", "apply_chat_template"],
    "TrainClassifierOp": ["model_type", "x", "positives", "negatives", "train_domain", "preprocessing", "params"],
    "ClassifierPredictOp": ["model", "x"],
    "ClassifierEvaluationOp": ["score", "gt_positives", "gt_negatives", "split", "predict_domain",
                               "score_threshold"],
}
# The Appendix A generator built the inline dataset as {"text": ..., "y": ..., "v": ..., "n": ...}.
INLINE_COLUMN_ORDER = ["text", "y", "v", "n"]


def load_golden(path):
    golden = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            entry = json.loads(line)
            payload = json.loads(entry["canonical"])
            digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()
            assert entry["uuid"] == payload["type"] + "_" + digest, entry["uuid"]
            golden[entry["uuid"]] = payload
    return golden


def node(uuid, golden):
    payload = dict(golden[uuid], **EXCLUDED_FROM_UUID.get(uuid, {}))
    order = FIELD_ORDER[payload["type"]]
    assert set(payload) == {"type", *order}, (uuid, sorted(payload))
    out = {"type": payload["type"]}
    for name in order:
        out[name] = payload[name]
    if payload["type"] == "LoadInlineJsonDatasetOp":
        out["data"] = {k: out["data"][k] for k in INLINE_COLUMN_ORDER}
    return out


def dependencies(payload, golden):
    """Input uuids in field order: the string values (also inside lists/dicts) that name a golden op."""
    found = []

    def walk(value):
        if isinstance(value, str) and value in golden:
            found.append(value)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)

    for name, value in payload.items():
        if name != "type" and name != "data":
            walk(value)
    return found


def serialize(outputs, golden):
    nodes = {}

    def add(uuid):  # pre-order, like graph_serialize
        if uuid in nodes:
            return
        nodes[uuid] = node(uuid, golden)
        for dep in dependencies(nodes[uuid], golden):
            add(dep)

    for uuid in outputs:
        add(uuid)
    return {"outputs": list(outputs), "nodes": nodes}


def main():
    golden = load_golden(GOLDEN)
    graph = serialize([ROOT, PARQUET], golden)
    with open(os.path.join(HERE, "python_ce85_graph.json"), "w", encoding="ascii", newline="\n") as f:
        f.write(json.dumps(graph))
    with open(os.path.join(HERE, "python_ce85_graph.indent2.json"), "w", encoding="ascii", newline="\n") as f:
        f.write(json.dumps(graph, indent=2))
    print(f"{len(graph['nodes'])} nodes written")


if __name__ == "__main__":
    main()
