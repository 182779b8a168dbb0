"""scikit-learn's side of krnel.probe.ProbeBenchmark: times LogisticRegression(solver="lbfgs") on the data
the Java benchmark wrote, and prints one JSON object (seconds, iterations, coefficients) on stdout.

Usage: python3 sklearn_fit_time.py DIR N_TRAIN N_TOTAL D REPEATS
DIR holds x.f32 (N_TOTAL x D little-endian float32, row-major, already standardized) and y.u8 (N_TOTAL
labels, 0 or 1); the first N_TRAIN rows are the training rows. Run with Debian's /usr/bin/python3
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


def timed_fits(x, y, repeats):
    seconds = []
    model = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        for _ in range(repeats):
            start = time.perf_counter()
            # scikit-learn's defaults spelled out: C=1, tol=1e-4, max_iter=100.
            model = LogisticRegression(C=1.0, solver="lbfgs", tol=1e-4, max_iter=100).fit(x, y)
            seconds.append(time.perf_counter() - start)
    return {
        "seconds": seconds,
        "n_iter": int(model.n_iter_[0]),
        "converged": not any(issubclass(w.category, ConvergenceWarning) for w in caught),
        "coef": model.coef_[0].astype(float).tolist(),
        "intercept": float(model.intercept_[0]),
    }


def main():
    folder, n_train, n_total, d, repeats = sys.argv[1], *map(int, sys.argv[2:6])
    x = np.fromfile(folder + "/x.f32", dtype="<f4").reshape(n_total, d)[:n_train]
    y = np.fromfile(folder + "/y.u8", dtype=np.uint8)[:n_train].astype(bool)
    x64 = x.astype(np.float64)
    result = {
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "blas": [f"{p.get('internal_api')} {p.get('version')} {p.get('num_threads')} threads" for p in threadpool_info()],
        "float64": timed_fits(x64, y, repeats),
        "float32": timed_fits(np.ascontiguousarray(x), y, 1),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
