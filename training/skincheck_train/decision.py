"""The card's decision rule (docs/model-contract.md), once, vectorised: calibrated
probabilities, the decision argmax(log p + offsets) and the benign / suspicious / malignant
triage.

`decide_many` / `decide` compute it as the Rust core does (crates/core/src/decision.rs): in
float32, exp and ln correctly rounded to float32 (glibc / musl's expf and logf), sums taken in
order, p clamped at FLT_MIN before the log, ties to the lower class index, thresholds compared
as float32. tests/fixtures/rules/decision_cases.json (written by `rule_cases`) holds cases at
ties and right at the thresholds that both languages must answer the same.
`decisions` and `triage_labels` keep the dtype they are given, so calibration can search in
float64 with the same code.
"""

from __future__ import annotations

import numpy as np

from .contract import CLASS_CODES, MALIGNANT_IDX

FLT_MIN = np.float32(np.finfo(np.float32).tiny)  # f32::MIN_POSITIVE


def _f32(fn, x: np.ndarray) -> np.ndarray:
    """fn in float64, rounded to float32: the correctly rounded float32 result (almost always)."""
    return fn(np.asarray(x, np.float64)).astype(np.float32)


def _sum_in_order(x: np.ndarray) -> np.ndarray:
    """Sum over the last axis left to right, in x's dtype (Rust's `iter().sum()`)."""
    s = x[..., 0]
    for k in range(1, x.shape[-1]):
        s = s + x[..., k]
    return s


def probabilities(logits, temperature: float) -> np.ndarray:
    """softmax(logits / T) as the Rust core computes it: [n, K] float32."""
    z = np.asarray(logits, np.float32) / np.float32(temperature)
    z = z - z.max(axis=-1, keepdims=True)
    e = _f32(np.exp, z)
    return e / _sum_in_order(e)[..., None]


def log_probabilities(p: np.ndarray) -> np.ndarray:
    """ln(max(p, FLT_MIN)) in float32 (the decision's scores before the offsets)."""
    return _f32(np.log, np.maximum(np.asarray(p, np.float32), FLT_MIN))


def decisions(log_p: np.ndarray, offsets) -> np.ndarray:
    """argmax(log p + offsets) per row, first index on ties, in log_p's dtype."""
    log_p = np.asarray(log_p)
    return np.argmax(log_p + np.asarray(offsets, log_p.dtype), axis=-1)


def malignant_mass(probs: np.ndarray, malignant_idx=MALIGNANT_IDX) -> np.ndarray:
    """Summed probability of the malignant classes, in the given class order and dtype."""
    return _sum_in_order(np.asarray(probs)[..., list(malignant_idx)])


def triage_labels(
    probs, dec, suspicious_t: float, malignant_t: float, malignant_idx=MALIGNANT_IDX
) -> np.ndarray:
    """`malignant` when the decision is a malignant class and m >= malignant_t; `suspicious`
    when m >= suspicious_t or the decision is a malignant class; else `benign`."""
    m = malignant_mass(probs, malignant_idx)
    sus_t, mal_t = (np.asarray(t, m.dtype) for t in (suspicious_t, malignant_t))
    is_mal = np.isin(dec, list(malignant_idx))
    out = np.where(m >= sus_t, "suspicious", "benign").astype(object)
    out[is_mal] = "suspicious"
    out[is_mal & (m >= mal_t)] = "malignant"
    return out


def decide_many(
    logits, temperature: float, offsets, triage: dict, classes=CLASS_CODES
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The card rule for logits [n, K]: (decision indices, triage labels, float32 probabilities).

    `triage` is the card's block (malignant_classes, suspicious_threshold,
    malignant_threshold); `classes` the card's class codes."""
    p = probabilities(np.atleast_2d(logits), temperature)
    dec = decisions(log_probabilities(p), np.asarray(offsets, np.float32))
    mal_idx = [list(classes).index(c) for c in triage["malignant_classes"]]
    labels = triage_labels(
        p, dec, triage["suspicious_threshold"], triage["malignant_threshold"], mal_idx
    )
    return dec, labels, p


def decide(logits, temperature: float, offsets, triage: dict) -> tuple[int, str]:
    """The card rule for one logits vector: (decision index, triage label)."""
    dec, labels, _ = decide_many(np.asarray(logits)[None], temperature, offsets, triage)
    return int(dec[0]), str(labels[0])
