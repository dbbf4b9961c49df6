"""Class imbalance: per-epoch class caps, class weights, and the training losses.

Logit-adjusted cross-entropy (Menon et al., ICLR 2021) trains on `logits + tau * log(prior)`
and predicts with the plain logits, which targets balanced error directly; the prior is the
class mix the network actually sees per epoch (after the cap).
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from .contract import NUM_CLASSES

LOSSES = ("la", "wce", "focal")


def class_weights(labels: np.ndarray, power: float = 0.5) -> torch.Tensor:
    """~ 1/frequency**power, scaled so the mean weight over the samples is 1."""
    counts = np.bincount(labels, minlength=NUM_CLASSES).astype(np.float64)
    w = np.where(counts > 0, (counts.sum() / np.maximum(counts, 1)) ** power, 0.0)
    w = w / (w * counts).sum() * counts.sum()
    return torch.tensor(w, dtype=torch.float32)


def capped_counts(labels: np.ndarray, cap: int | None) -> np.ndarray:
    """Images of each class seen per epoch when a class is capped at `cap` images."""
    counts = np.bincount(labels, minlength=NUM_CLASSES)
    return counts if cap is None else np.minimum(counts, cap)


def epoch_order(labels: np.ndarray, cap: int | None, g: torch.Generator) -> torch.Tensor:
    """Shuffled indices of one epoch: every image of a class under the cap, a fresh random
    `cap` of each larger class (so the common class costs less time per epoch)."""
    keep = []
    for k in range(NUM_CLASSES):
        idx = torch.from_numpy(np.flatnonzero(labels == k))
        if cap is not None and len(idx) > cap:
            idx = idx[torch.randperm(len(idx), generator=g)[:cap]]
        keep.append(idx)
    allidx = torch.cat(keep)
    return allidx[torch.randperm(len(allidx), generator=g)]


def log_prior(counts: np.ndarray) -> torch.Tensor:
    p = np.maximum(counts.astype(np.float64), 1) / max(counts.sum(), 1)
    return torch.tensor(np.log(p), dtype=torch.float32)


def loss_fn(
    logits: torch.Tensor,
    y: torch.Tensor,
    kind: str,
    *,
    weights: torch.Tensor,
    prior_log: torch.Tensor,
    smoothing: float,
    tau: float = 1.0,
) -> torch.Tensor:
    if kind == "la":
        return F.cross_entropy(logits + tau * prior_log, y, label_smoothing=smoothing)
    if kind == "focal":
        logp = F.log_softmax(logits, dim=1)
        pt = logp.gather(1, y[:, None]).squeeze(1).exp()
        ce = F.nll_loss(logp, y, weight=weights, reduction="none")
        return ((1 - pt) ** 2 * ce).sum() / weights[y].sum()
    return F.cross_entropy(logits, y, weight=weights, label_smoothing=smoothing)
