"""Writes curves.json: scikit-learn's roc_curve and precision_recall_curve on a few score sets (ties included).

Run once with Debian's python3-sklearn (apt-get install python3-sklearn): /usr/bin/python3 make_fixtures.py
CurvesTest reads only the JSON.
"""
import json
import random

import sklearn
from sklearn.metrics import precision_recall_curve, roc_curve

rng = random.Random(7)
cases = []
for n, levels in [(12, None), (40, 5), (200, None), (300, 17)]:
    y = [rng.random() < 0.4 for _ in range(n)]
    y[0], y[1] = True, False
    if levels is None:
        s = [rng.gauss(1.0 if t else 0.0, 1.0) for t in y]
    else:
        s = [float(rng.randrange(levels)) / levels + (0.2 if t else 0.0) for t in y]
    fpr, tpr, rt = roc_curve(y, s)
    p, r, pt = precision_recall_curve(y, s)
    cases.append({"y": y, "score": s,
                  "roc": {"fpr": fpr.tolist(), "tpr": tpr.tolist(), "thresholds": rt.tolist()},
                  "pr": {"precision": p.tolist(), "recall": r.tolist(), "thresholds": pt.tolist()}})
with open("curves.json", "w") as f:
    json.dump({"sklearn": sklearn.__version__, "cases": cases}, f)
