"""One-cycle learning-rate schedule with per-group peak learning rates."""

from __future__ import annotations

import math

import torch


def one_cycle_factor(
    step: int, total: int, pct_start: float = 0.25, div: float = 25.0, final_div: float = 1e3
) -> float:
    """Multiplier of the peak LR at `step` (0-based): cosine rise from 1/div to 1 at step
    `peak_step(total, pct_start)`, then cosine decay to 1/(div*final_div) at step total-1."""
    total = max(int(total), 2)
    warm = peak_step(total, pct_start)
    lo = 1.0 / div
    end = lo / final_div
    if step <= warm:
        return lo + (1 - lo) * (1 - math.cos(math.pi * step / max(warm, 1))) / 2
    frac = min((step - warm) / max(total - 1 - warm, 1), 1.0)
    return end + (1 - end) * (1 + math.cos(math.pi * frac)) / 2


def peak_step(total: int, pct_start: float = 0.25) -> int:
    return min(max(1, round(pct_start * total)), max(int(total), 2) - 1)


def make_one_cycle(optimizer: torch.optim.Optimizer, total_steps: int, pct_start: float = 0.25):
    """Each param group's `lr` is its peak; returns a LambdaLR stepped once per batch."""
    return torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: one_cycle_factor(s, total_steps, pct_start)
    )
