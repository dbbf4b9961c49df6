"""Validation-set calibration: temperature, decision offsets, triage thresholds, ECE.

The fitting runs in float64 with the decision rule's own functions (`decision.decisions`,
`decision.triage_labels`, which keep the dtype they are given)."""

from __future__ import annotations

import numpy as np

from .contract import MALIGNANT_IDX, NUM_CLASSES, softmax
from .decision import decisions, malignant_mass, triage_labels


def log_softmax(z: np.ndarray) -> np.ndarray:
    z = np.asarray(z, np.float64)
    m = z.max(axis=1, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True))


def nll(logits: np.ndarray, y: np.ndarray, t: float = 1.0) -> float:
    lp = log_softmax(np.asarray(logits, np.float64) / t)
    return float(-lp[np.arange(len(y)), y].mean())


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """argmin_T NLL(softmax(logits/T)) over T in [0.05, 20]: grid on log T then golden section."""
    if len(y) == 0:
        return 1.0
    grid = np.exp(np.linspace(np.log(0.05), np.log(20), 161))
    vals = [nll(logits, y, t) for t in grid]
    i = int(np.argmin(vals))
    lo, hi = np.log(grid[max(i - 1, 0)]), np.log(grid[min(i + 1, len(grid) - 1)])
    gr = (np.sqrt(5) - 1) / 2
    a, b = lo, hi
    for _ in range(60):
        c = b - gr * (b - a)
        d = a + gr * (b - a)
        if nll(logits, y, np.exp(c)) < nll(logits, y, np.exp(d)):
            b = d
        else:
            a = c
    return float(np.exp((a + b) / 2))


def reliability(probs: np.ndarray, y: np.ndarray, n_bins: int = 15) -> dict:
    """Top-label reliability: equal-width confidence bins; ECE = sum |acc-conf| * n_b / n."""
    probs = np.asarray(probs, np.float64)
    conf = probs.max(axis=1)
    pred = probs.argmax(axis=1)
    correct = (pred == y).astype(np.float64)
    edges = np.linspace(0, 1, n_bins + 1)
    bins = []
    ece = 0.0
    n = len(y)
    for b in range(n_bins):
        lo, hi = edges[b], edges[b + 1]
        m = (conf > lo) & (conf <= hi) if b > 0 else (conf >= lo) & (conf <= hi)
        cnt = int(m.sum())
        acc = float(correct[m].mean()) if cnt else None
        cf = float(conf[m].mean()) if cnt else None
        if cnt:
            ece += abs(acc - cf) * cnt / n
        bins.append(
            {"lo": float(lo), "hi": float(hi), "count": cnt, "accuracy": acc, "confidence": cf}
        )
    return {"n_bins": n_bins, "ece": float(ece) if n else None, "bins": bins}


def balanced_accuracy(y: np.ndarray, pred: np.ndarray, num_classes: int = NUM_CLASSES) -> float:
    recalls = [float((pred[y == k] == k).mean()) for k in range(num_classes) if (y == k).any()]
    return float(np.mean(recalls)) if recalls else float("nan")


def tune_offsets(
    log_p: np.ndarray,
    y: np.ndarray,
    grid=None,
    sweeps: int = 4,
    l2: float = 2e-3,
) -> np.ndarray:
    """Coordinate ascent on val balanced accuracy of argmax(log p + b), b[nv]-anchored.

    Starts at 0; a small L2 penalty keeps offsets near 0 when accuracy ties (val is small for
    rare classes). Classes absent from y keep offset 0.
    """
    if grid is None:
        grid = np.round(np.arange(-3.0, 3.0001, 0.1), 4)
    b = np.zeros(log_p.shape[1])
    present = [k for k in range(log_p.shape[1]) if (y == k).any()]
    if len(present) < 2:
        return b

    def score(bb):
        return balanced_accuracy(y, decisions(log_p, bb)) - l2 * float(np.sum(bb**2))

    best = score(b)
    for _ in range(sweeps):
        improved = False
        for k in present[1:] if present[0] == 0 else present:
            if k == 0:
                continue
            for v in grid:
                cand = b.copy()
                cand[k] = v
                s = score(cand)
                if s > best + 1e-12:
                    best, b, improved = s, cand, True
        if not improved:
            break
    return b


def cross_fitted_decisions(
    log_p: np.ndarray, y: np.ndarray, groups: np.ndarray, folds: int = 2, seed: int = 0
) -> np.ndarray:
    """Decisions of each validation photo under offsets tuned on the other folds only.

    Folds are whole lesions (`groups`), so the balanced accuracy of these decisions is an honest
    estimate of what tuned offsets buy on unseen lesions (tuning and scoring on the same small
    validation classes overfits)."""
    uniq = np.unique(groups)
    rng = np.random.default_rng(seed)
    fold_of = dict(zip(uniq, rng.permutation(len(uniq)) % folds, strict=True))
    f = np.array([fold_of[gid] for gid in groups])
    dec = np.zeros(len(y), dtype=np.int64)
    for k in range(folds):
        held = f == k
        b = tune_offsets(log_p[~held], y[~held])
        dec[held] = decisions(log_p[held], b)
    return dec


# Offsets ship only when cross-fitting says they help by more than this (balanced accuracy).
OFFSETS_MIN_GAIN = 0.005


def suspicious_threshold_for(probs: np.ndarray, y: np.ndarray, sensitivity: float = 0.95):
    """Largest t (2 decimals, floor) with >= `sensitivity` of malignant cases having m >= t."""
    m = malignant_mass(probs)
    mal = np.isin(y, MALIGNANT_IDX)
    if not mal.any():
        return 0.2
    vals = np.sort(m[mal])
    idx = int(np.floor((1 - sensitivity) * len(vals)))
    t = float(vals[min(idx, len(vals) - 1)])
    t = float(np.floor(t * 1000) / 1000)
    assert (m[mal] >= t).mean() >= sensitivity - 1e-9
    return t


def calibrate(
    logits_val: np.ndarray,
    y_val: np.ndarray,
    malignant_threshold: float = 0.5,
    groups: np.ndarray | None = None,
):
    """Everything the card needs, from validation logits.

    With `groups` (lesion ids) the decision offsets are kept only if their cross-fitted
    balanced accuracy beats plain argmax by OFFSETS_MIN_GAIN; otherwise they are all 0."""
    t = fit_temperature(logits_val, y_val)
    p_before = softmax(logits_val)
    p_after = softmax(logits_val / t)
    lp = np.log(np.maximum(p_after, 1e-300))
    offsets = tune_offsets(lp, y_val)
    crossfit = None
    if groups is not None:
        crossfit = balanced_accuracy(y_val, cross_fitted_decisions(lp, y_val, groups))
        if crossfit < balanced_accuracy(y_val, p_after.argmax(1)) + OFFSETS_MIN_GAIN:
            offsets = np.zeros_like(offsets)
    dec = decisions(lp, offsets)
    sus_t = suspicious_threshold_for(p_after, y_val)
    tri = triage_labels(p_after, dec, sus_t, malignant_threshold)
    mal = np.isin(y_val, MALIGNANT_IDX)
    flagged = tri != "benign"
    return {
        "temperature": t,
        "decision_offsets": [float(x) for x in offsets],
        "suspicious_threshold": sus_t,
        "malignant_threshold": malignant_threshold,
        "val": {
            "n": int(len(y_val)),
            "nll_before": nll(logits_val, y_val),
            "nll_after": nll(logits_val, y_val, t),
            "ece_before": reliability(p_before, y_val)["ece"],
            "ece_after": reliability(p_after, y_val)["ece"],
            "balanced_accuracy_argmax": balanced_accuracy(y_val, p_after.argmax(1)),
            "balanced_accuracy_decision": balanced_accuracy(y_val, dec),
            "balanced_accuracy_tuned_offsets_in_sample": balanced_accuracy(
                y_val, decisions(lp, tune_offsets(lp, y_val))
            ),
            "balanced_accuracy_offsets_cross_fitted": crossfit,
            "triage_malignant_flagged_rate": float(flagged[mal].mean()) if mal.any() else None,
            "triage_benign_flagged_rate": float(flagged[~mal].mean()) if (~mal).any() else None,
        },
    }
