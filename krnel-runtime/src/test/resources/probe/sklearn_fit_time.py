"""scikit-learn's side of krnel.probe.ProbeBenchmark: times LogisticRegression(solver="lbfgs") on the data
the Java benchmark wrote, one fit per request, so that the benchmark can interleave its fits with ours.

Usage: python3 sklearn_fit_time.py DIR N_TRAIN N_TOTAL D
DIR holds x.f32 (N_TOTAL x D little-endian float32, row-major, already standardized) and y.u8 (N_TOTAL
labels, 0 or 1); the first N_TRAIN rows are the training rows. Prints one JSON line describing the
installation, then answers each line "float64" or "float32" on stdin (fit on that dtype) with one JSON line:
seconds, iterations, whether it converged, coefficients and intercept. Run with Debian's /usr/bin/python3
(python3-sklearn 1.2.1). Not used by any test.
"""
import json
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_info


def timed_fit(x, y):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        start = time.perf_counter()
        # scikit-learn's defaults spelled out: C=1, tol=1e-4, max_iter=100.
        model = LogisticRegression(C=1.0, solver="lbfgs", tol=1e-4, max_iter=100).fit(x, y)
        seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "n_iter": int(model.n_iter_[0]),
        "converged": not any(issubclass(w.category, ConvergenceWarning) for w in caught),
        "coef": model.coef_[0].astype(float).tolist(),
        "intercept": float(model.intercept_[0]),
    }


def main():
    folder, n_train, n_total, d = sys.argv[1], *map(int, sys.argv[2:5])
    x = np.fromfile(folder + "/x.f32", dtype="<f4").reshape(n_total, d)[:n_train]
    y = np.fromfile(folder + "/y.u8", dtype=np.uint8)[:n_train].astype(bool)
    inputs = {"float64": x.astype(np.float64), "float32": np.ascontiguousarray(x)}
    print(json.dumps({
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "blas": [f"{p.get('internal_api')} {p.get('version')} {p.get('num_threads')} threads" for p in threadpool_info()],
    }), flush=True)
    for line in sys.stdin:
        print(json.dumps(timed_fit(inputs[line.strip()], y)), flush=True)


if __name__ == "__main__":
    main()
