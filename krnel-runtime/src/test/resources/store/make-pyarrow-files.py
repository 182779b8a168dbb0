"""Writes pyarrow-float16-tokens.parquet the way krnel-graph's LocalArrowRunner writes results.

Run with pyarrow 25.0.1 and numpy 2.2 (a venv made from wheels): python make-pyarrow-files.py OUT_DIR
Columns (4 rows):
  half:   write_numpy of a float16 (4, 3) array -> fixed_size_list<halffloat>[3], what the reference
          stores for dtype="float16" activations; row i holds [i + 0.5, -i / 4, 65504 if i == 3 else 1/3]
  tokens: list<fixed_size_list<float>[2]>, token_mode="all" as krnel-java stores it (the reference
          cannot): row 0 [[0, 1], [2, 3], [4, 5]], row 1 null, row 2 [], row 3 [[-1.5, 2.25]]
"""
import sys

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

half = np.array([[i + 0.5, -i / 4, 65504 if i == 3 else 1 / 3] for i in range(4)], dtype=np.float16)
half_col = pa.FixedSizeListArray.from_arrays(pa.array(half.reshape(-1)), half.shape[1])
tokens_type = pa.list_(pa.list_(pa.float32(), 2))
tokens_col = pa.array([[[0, 1], [2, 3], [4, 5]], None, [], [[-1.5, 2.25]]], type=tokens_type)
table = pa.table({"half": half_col, "tokens": tokens_col})
out = sys.argv[1] + "/pyarrow-float16-tokens.parquet"
pq.write_table(table, out, row_group_size=65535, compression="zstd", compression_level=3)
print(pq.read_schema(out))
print(pq.ParquetFile(out).schema)

# and how pyarrow reads a file the Java writer made, when one is given
if len(sys.argv) > 2:
    back = pq.read_table(sys.argv[2])
    print(back.schema)
    print(back.to_pylist())
