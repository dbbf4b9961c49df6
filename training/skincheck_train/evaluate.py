"""Test-set metrics of an exported model (onnxruntime) under the card's decision rule."""

from __future__ import annotations

import numpy as np

from .calibrate import balanced_accuracy, reliability
from .contract import CLASS_CODES, MALIGNANT_IDX, NUM_CLASSES, softmax
from .decision import decide_many


def auc_ovr(score: np.ndarray, pos: np.ndarray) -> float | None:
    """Mann-Whitney AUC with ties (average ranks)."""
    n1 = int(pos.sum())
    n0 = len(pos) - n1
    if n1 == 0 or n0 == 0:
        return None
    order = np.argsort(score, kind="mergesort")
    s = score[order]
    ranks = np.empty(len(s))
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[i : j + 1] = (i + j) / 2 + 1
        i = j + 1
    r = np.empty(len(s))
    r[order] = ranks
    return float((r[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def roc_points(score: np.ndarray, pos: np.ndarray, max_points: int = 101) -> list[dict]:
    if pos.sum() == 0 or (~pos).sum() == 0:
        return []
    thr = np.unique(np.quantile(score, np.linspace(0, 1, max_points)))[::-1]
    pts = [{"threshold": None, "fpr": 0.0, "tpr": 0.0}]
    for t in thr:
        p = score >= t
        pts.append(
            {
                "threshold": float(t),
                "fpr": float((p & ~pos).sum() / (~pos).sum()),
                "tpr": float((p & pos).sum() / pos.sum()),
            }
        )
    return pts


def _safe(a, b):
    return float(a / b) if b else None


def evaluate(logits: np.ndarray, y: np.ndarray, card: dict) -> dict:
    logits = np.asarray(logits, np.float64)
    t = card["temperature"]
    p_raw = softmax(logits)
    p = softmax(logits / t)
    # the decision and the triage exactly as the Rust core computes them from the card
    dec, tri, _ = decide_many(
        logits, t, card["decision_offsets"], card["triage"], [c["code"] for c in card["classes"]]
    )
    cm = np.zeros((NUM_CLASSES, NUM_CLASSES), dtype=int)
    for a, b in zip(y, dec):
        cm[a, b] += 1
    per_class = {}
    for k, code in enumerate(CLASS_CODES):
        tp = cm[k, k]
        prec = _safe(tp, cm[:, k].sum())
        rec = _safe(tp, cm[k, :].sum())
        f1 = 2 * prec * rec / (prec + rec) if prec and rec else (0.0 if prec is not None else None)
        pos = y == k
        per_class[code] = {
            "support": int(pos.sum()),
            "precision": prec,
            "recall": rec,
            "f1": f1,
            "auc": auc_ovr(p[:, k], pos),
            "roc": roc_points(p[:, k], pos),
        }
    mal = np.isin(y, MALIGNANT_IDX)
    mel = CLASS_CODES.index("mel")
    is_mel, pred_mel = y == mel, dec == mel
    return {
        "n": int(len(y)),
        "classes": list(CLASS_CODES),
        "decision_rule": "argmax(log softmax(logits/T) + decision_offsets)",
        "confusion_matrix": {"rows_true_cols_pred": cm.tolist()},
        "accuracy": float((dec == y).mean()) if len(y) else None,
        "balanced_accuracy": balanced_accuracy(y, dec),
        "balanced_accuracy_argmax_no_offsets": balanced_accuracy(y, p.argmax(1)),
        "accuracy_argmax_no_offsets": float((p.argmax(1) == y).mean()) if len(y) else None,
        "per_class": per_class,
        "melanoma": {
            "sensitivity": _safe((is_mel & pred_mel).sum(), is_mel.sum()),
            "specificity": _safe((~is_mel & ~pred_mel).sum(), (~is_mel).sum()),
        },
        "triage": {
            "malignant_cases": int(mal.sum()),
            "malignant_flagged_rate": _safe((mal & (tri != "benign")).sum(), mal.sum()),
            "malignant_labelled_malignant_rate": _safe(
                (mal & (tri == "malignant")).sum(), mal.sum()
            ),
            "benign_flagged_rate": _safe((~mal & (tri != "benign")).sum(), (~mal).sum()),
            "counts": {k: int((tri == k).sum()) for k in ("benign", "suspicious", "malignant")},
        },
        "reliability_before_temperature": reliability(p_raw, y),
        "reliability_after_temperature": reliability(p, y),
        "ece_before": reliability(p_raw, y)["ece"],
        "ece_after": reliability(p, y)["ece"],
    }
