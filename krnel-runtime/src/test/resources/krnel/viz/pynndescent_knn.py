"""Times pynndescent's neighbour graph with umap-learn's parameters, for krnel.viz.NNDescentBenchmark.

Usage: pynndescent_knn.py DATA.f32 N D K METRIC OUT.i32
Reads N x D little-endian float32 rows, writes the N x K neighbour indices as int32, and prints
"seconds <t>" for NNDescent(...) plus .neighbor_graph, after a warm-up run that compiles numba's
kernels (so compilation is not counted, as the JVM's warm-up is not).
"""
import sys
import time

import numpy as np
from pynndescent import NNDescent


def knn(x, k, metric):
    n = x.shape[0]
    index = NNDescent(x, n_neighbors=k, metric=metric, random_state=42,
                      n_trees=min(64, 5 + int(round(n ** 0.5 / 20.0))),
                      n_iters=max(5, int(round(np.log2(n)))), max_candidates=60,
                      low_memory=True, n_jobs=-1, compressed=False)
    return index.neighbor_graph[0]


def main():
    path, n, d, k, metric, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
    x = np.fromfile(path, dtype="<f4").reshape(n, d)
    knn(x[:min(n, 5000)].copy(), k, metric)  # warm-up: numba compiles here
    start = time.perf_counter()
    indices = knn(x, k, metric)
    seconds = time.perf_counter() - start
    indices.astype("<i4").tofile(out)
    print("seconds %.4f" % seconds, flush=True)


if __name__ == "__main__":
    main()
