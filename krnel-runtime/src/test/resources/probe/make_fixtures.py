"""Reference values for krnel.probe tests, computed with scikit-learn.

Run with Debian's python3-sklearn (1.2.1 was used) from this directory:

    /usr/bin/python3 make_fixtures.py

Writes evaluation_fixture.json (krnel-graph's evaluate_scores, re-implemented here line by line on top of
scikit-learn, plus TPR at FPR), logistic_fixture.json (sklearn LogisticRegression(lbfgs) fits) and
classifier_fixture.json (the deterministic models of krnel-graph's registry: GaussianNB probabilities, SVC and
NuSVC decision values, CalibratedClassifierCV(NuSVC) probabilities, SGDClassifier and
PassiveAggressiveClassifier decision values without shuffling).
precision_recall_curve(drop_intermediate=True) needs scikit-learn >= 1.3; for older versions it is
reproduced below from scikit-learn 1.3's code.
"""
import json
import math

import numpy as np
import sklearn
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression, PassiveAggressiveClassifier, SGDClassifier
from sklearn.naive_bayes import GaussianNB
from sklearn.metrics import (accuracy_score, average_precision_score, confusion_matrix, f1_score,
                             precision_recall_curve, precision_score, recall_score, roc_auc_score, roc_curve)
from sklearn.metrics._ranking import _binary_clf_curve
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import Normalizer, StandardScaler
from sklearn.svm import SVC, LinearSVC, NuSVC


def pr_curve(y_true, y_score):
    try:
        return precision_recall_curve(y_true, y_score, drop_intermediate=True)
    except TypeError:  # scikit-learn < 1.3
        fps, tps, thresholds = _binary_clf_curve(y_true, y_score)
        if len(fps) > 2:
            optimal_idxs = np.where(np.concatenate(
                [[True], np.logical_or(np.diff(tps[:-1]), np.diff(tps[1:])), [True]]))[0]
            fps, tps, thresholds = fps[optimal_idxs], tps[optimal_idxs], thresholds[optimal_idxs]
        ps = tps + fps
        precision = np.zeros_like(tps)
        np.divide(tps, ps, out=precision, where=(ps != 0))
        recall = np.ones_like(tps) if tps[-1] == 0 else tps / tps[-1]
        sl = slice(None, None, -1)
        return np.hstack((precision[sl], 1)), np.hstack((recall[sl], 0)), thresholds[sl]


def most_accurate(y_true, y_score):
    """The reference's scan: thresholds of the P/R curve, then 1.0; the first strict maximum of accuracy."""
    _, _, thr = pr_curve(y_true, y_score)
    best = None
    for thresh in np.append(thr, 1.0):
        y_pred = y_score >= thresh
        acc = accuracy_score(y_true, y_pred)
        if best is None or acc > best[0]:
            best = (acc, thresh, y_pred)
    return best


def fpr_thresholds(y_true, y_score):
    """Per FPR level f: the threshold of the last full-ROC point with FPR <= f (the largest TPR); inf at the origin."""
    fpr, _, thr = roc_curve(y_true, y_score, drop_intermediate=False)
    out = []
    for f in [0.001, 0.01, 0.05]:
        last = np.where(fpr <= f)[0][-1]
        out.append(math.inf if last == 0 else float(thr[last]))  # sklearn < 1.3 writes max + 1 at the origin
    return out


def evaluate_scores(scores, gt_pos, gt_neg, splits, domain, score_threshold, threshold_split=None):
    """krnel-graph's evaluate_scores (probe_implementations.py), with sorted keys, TPR@FPR and NaN -> None.

    threshold_split (Krnel for Java only): thresholds chosen on that split, applied to every split.
    """
    if (gt_pos & gt_neg).any():
        raise ValueError(f"Some examples ({(gt_pos & gt_neg).sum()}) are both positive and negative")
    if splits is None:
        splits = np.array(["all"] * len(scores))
    if domain is None:
        domain = np.ones(len(scores), dtype=bool)
    calibration = None
    if threshold_split is not None:
        mask = (splits == threshold_split) & domain & (gt_pos | gt_neg)
        calibration = (float(most_accurate(gt_pos[mask], scores[mask])[1]), fpr_thresholds(gt_pos[mask], scores[mask]))
    result = {}
    for split in sorted(set(splits)):
        mask = (splits == split) & domain & (gt_pos | gt_neg)
        y_true = gt_pos[mask]
        y_score = scores[mask]
        metrics = {"count": int(mask.sum()), "n_true": int(y_true.sum()), "n_false": int((~y_true).sum()),
                   "avg_score": float(np.mean(y_score)) if len(y_score) else float("nan")}
        result[split] = metrics

        def warn(w):
            metrics.setdefault("warnings", []).append(w)

        if len(y_score) == 0:
            warn("No samples in this split")
        else:
            prec, rec, thr = pr_curve(y_true, y_score)
            all_equal = y_true.all() or (~y_true).all()
            if calibration is not None:
                score_threshold = calibration[0]
                metrics["threshold"] = score_threshold
            if score_threshold is None:
                if all_equal:
                    warn(f"Accuracy not defined when all groundtruth labels are {y_true[0]}, set op.score_threshold")
                else:
                    best = most_accurate(y_true, y_score)
                    tn, fp, fn, tp = confusion_matrix(y_true, best[2], labels=[False, True]).ravel()
                    metrics["best_accuracy"] = float(best[0])
                    metrics["most_accurate_threshold"] = float(best[1])
                    metrics["best_confusion"] = {"tn": int(tn), "fp": int(fp), "fn": int(fn), "tp": int(tp)}
            else:
                y_pred = y_score >= score_threshold
                tn, fp, fn, tp = confusion_matrix(y_true, y_pred, labels=[False, True]).ravel()
                metrics["accuracy"] = float(accuracy_score(y_true, y_pred))
                metrics["confusion"] = {"tn": int(tn), "fp": int(fp), "fn": int(fn), "tp": int(tp)}
                metrics["precision"] = float(precision_score(y_true, y_pred, zero_division=0))
                metrics["recall"] = float(recall_score(y_true, y_pred, zero_division=0))
                metrics["f1"] = float(f1_score(y_true, y_pred, zero_division=0))
            if all_equal:
                warn(f"Precision/recall curve not defined when all groundtruth labels are {y_true[0]}")
            else:
                metrics["average_precision"] = float(average_precision_score(y_true, y_score))
                metrics["roc_auc"] = float(roc_auc_score(y_true, y_score))
                for r in [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999]:
                    metrics[f"precision@{r}"] = float(max(prec[rec >= r]))
                if calibration is None:
                    fpr, tpr, _ = roc_curve(y_true, y_score, drop_intermediate=False)
                    for f in [0.001, 0.01, 0.05]:
                        metrics[f"tpr@fpr={f}"] = float(max(tpr[fpr <= f]))
                else:
                    for f, t in zip([0.001, 0.01, 0.05], calibration[1]):
                        metrics[f"tpr@fpr={f}"] = float(np.mean(y_score[y_true] >= t))
                        metrics[f"fpr@fpr={f}"] = float(np.mean(y_score[~y_true] >= t))
        for key in list(metrics):
            if isinstance(metrics[key], float) and math.isnan(metrics[key]):
                metrics[key] = None
                warn(f"{key} is NaN (written as null)")
    return result


def evaluation_cases():
    rng = np.random.default_rng(20240611)
    n = 400
    y = rng.random(n) < 0.4
    scores = np.round(rng.normal(size=n) + 1.3 * y, 1)  # one decimal: many ties, some exactly 1.0
    neg = ~y & (rng.random(n) < 0.9)  # some rows are neither positive nor negative
    splits = rng.choice(["train", "test", "calib", "allpos", "empty"], size=n, p=[0.45, 0.25, 0.15, 0.1, 0.05])
    pos = y.copy()
    pos[splits == "allpos"] = True
    neg[splits == "allpos"] = False
    domain = rng.random(n) < 0.92
    domain[splits == "empty"] = False
    big = np.round(rng.normal(size=3000), 2)
    ybig = rng.random(3000) < 1 / (1 + np.exp(-2.5 * big))
    # Drawn after the original cases' data, so that those stay as they were.
    big_splits = rng.choice(["test", "train"], size=3000, p=[0.3, 0.7])
    cases = [
        ("split_domain_best_threshold", scores, pos, neg, splits, domain, None),
        ("split_threshold_0", scores, pos, neg, splits, domain, 0.0),
        ("no_split_threshold_0.5", scores, pos, neg, None, None, 0.5),
        ("all_negative", scores, np.zeros(n, dtype=bool), np.ones(n, dtype=bool), None, None, None),
        ("all_negative_threshold", scores, np.zeros(n, dtype=bool), np.ones(n, dtype=bool), None, None, 0.0),
        ("large_no_split", big, ybig, ~ybig, None, None, None),
        ("threshold_split_train", scores, pos, neg, splits, domain, None, "train"),
        ("threshold_split_calib", scores, pos, neg, splits, domain, None, "calib"),
        ("large_threshold_split_train", big, ybig, ~ybig, big_splits, None, None, "train"),
    ]
    out = []
    for name, s, p, ng, sp, d, t, *ts in cases:
        ts = ts[0] if ts else None
        out.append({"name": name, "scores": [float(v) for v in s], "positives": p.tolist(), "negatives": ng.tolist(),
                    "split": None if sp is None else sp.tolist(), "domain": None if d is None else d.tolist(),
                    "threshold": t, "threshold_split": ts, "expected": evaluate_scores(s, p, ng, sp, d, t, ts)})
    return out


def logistic_cases():
    rng = np.random.default_rng(7)
    n, d = 400, 24
    direction = rng.normal(size=d)
    x = (rng.normal(size=(n, d)) * rng.uniform(0.2, 3.0, size=d) + 0.5).astype(np.float32)
    y = (x @ direction + rng.normal(scale=4.0, size=n)) > 0
    train = np.arange(n) < 300
    test = ~train
    out = {"x": x.astype(float).tolist(), "y": y.tolist(), "n_train": 300, "fits": []}
    for name, kind, prep, params in [
        ("standardize_C1", "logistic_regression", "standardize", {}),
        ("none_C0.1", "logistic_regression", "none", {"C": 0.1}),
        ("normalize_C10", "logistic_regression", "normalize", {"C": 10.0}),
        ("standardize_balanced", "logistic_regression", "standardize", {"C": 0.5, "class_weight": "balanced"}),
        ("svc_standardize_C0.1", "linear_svc", "standardize", {"C": 0.1}),
        ("svc_none_C0.01_balanced", "linear_svc", "none", {"C": 0.01, "class_weight": "balanced"}),
    ]:
        if kind == "logistic_regression":
            model = LogisticRegression(**params)
        else:  # liblinear run to a tight optimum, so that the fixture is the objective's minimum
            model = LinearSVC(**params, tol=1e-8, max_iter=1_000_000)
        if prep == "standardize":
            model = make_pipeline(StandardScaler(), model)
        elif prep == "normalize":
            model = make_pipeline(Normalizer(), model)
        model.fit(x[train], y[train])
        lr = model[-1] if prep != "none" else model
        scores = model.decision_function(x[test])
        out["fits"].append({
            "name": name, "model": kind, "preprocessing": prep, "params": params,
            "coef": lr.coef_[0].tolist(), "intercept": float(lr.intercept_[0]), "n_iter": int(np.max(lr.n_iter_)),
            "test_scores": scores.tolist(), "test_roc_auc": float(roc_auc_score(y[test], scores))})
    return out


def classifier_cases():
    """krnel-graph's factories (probe_implementations.py) on overlapping float32 blobs, standardized."""
    rng = np.random.default_rng(11)
    n, d = 240, 5
    y = rng.random(n) < 0.45
    x = (rng.normal(size=(n, d)) + np.where(y[:, None], 0.8, -0.8) * rng.uniform(0.3, 1.0, size=d)).astype(np.float32)
    train = np.arange(n) < 160
    out = {"x": x.astype(float).tolist(), "y": y.tolist(), "n_train": 160, "fits": []}
    for model_type, params, make, score in [
        ("naive_bayes", {}, lambda p: GaussianNB(**p), "proba"),
        ("rbf_svc", {}, lambda p: SVC(kernel="rbf", **p), "decision"),
        ("rbf_svc", {"C": 0.5, "gamma": 0.1}, lambda p: SVC(kernel="rbf", **p), "decision"),
        ("rbf_nusvm", {}, lambda p: NuSVC(kernel="rbf", **p), "decision"),
        ("rbf_nusvm", {"nu": 0.3, "gamma": "auto"}, lambda p: NuSVC(kernel="rbf", **p), "decision"),
        ("calibrated_rbf_nusvm", {}, lambda p: CalibratedClassifierCV(NuSVC(kernel="rbf", **p), cv=None), "proba"),
        # shuffle=False: scikit-learn's visiting order, so the SGD ports must reproduce it update for update.
        ("sgd", {"shuffle": False}, lambda p: SGDClassifier(**p), "decision"),
        ("sgd", {"shuffle": False, "loss": "log_loss", "alpha": 1e-3, "class_weight": "balanced"},
         lambda p: SGDClassifier(**p), "decision"),
        ("sgd", {"shuffle": False, "loss": "modified_huber", "learning_rate": "invscaling", "eta0": 0.1},
         lambda p: SGDClassifier(**p), "decision"),
        ("passive_aggressive", {"shuffle": False}, lambda p: PassiveAggressiveClassifier(**p), "decision"),
        ("passive_aggressive", {"shuffle": False, "loss": "squared_hinge", "C": 0.1},
         lambda p: PassiveAggressiveClassifier(**p), "decision"),
        ("calibrated_rbf_nusvm", {"cv": 3, "nu": 0.4},
         lambda p: CalibratedClassifierCV(NuSVC(kernel="rbf", **{k: v for k, v in p.items() if k != "cv"}), cv=p["cv"]),
         "proba"),
    ]:
        model = make_pipeline(StandardScaler(), make(params))
        model.fit(x[train], y[train])
        s = model.predict_proba(x[~train])[:, 1] if score == "proba" else model.decision_function(x[~train])
        fit = {"model": model_type, "params": params, "preprocessing": "standardize", "test_scores": s.tolist(),
               "test_roc_auc": float(roc_auc_score(y[~train], s))}
        est = model[-1]
        if hasattr(est, "support_"):
            fit["n_support"] = int(len(est.support_))
        if hasattr(est, "n_iter_") and not hasattr(est, "support_"):
            fit["n_iter"] = int(est.n_iter_)
        out["fits"].append(fit)
    return out


if __name__ == "__main__":
    with open("evaluation_fixture.json", "w") as f:
        json.dump({"sklearn": sklearn.__version__, "cases": evaluation_cases()}, f)
    with open("logistic_fixture.json", "w") as f:
        json.dump({"sklearn": sklearn.__version__, **logistic_cases()}, f)
    with open("classifier_fixture.json", "w") as f:
        json.dump({"sklearn": sklearn.__version__, **classifier_cases()}, f)
