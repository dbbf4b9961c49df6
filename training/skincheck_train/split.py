"""Lesion-grouped, diagnosis-stratified train/val/test split (fixed seed).

    python -m skincheck_train.cli.split --out training/splits   # HAM10000: $SKINCHECK_DATA

Images of one lesion never land on two sides; pixel-identical images of different lesions
(HAM10000 has two such pairs) are grouped together as well.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import numpy as np

from .contract import CLASS_CODES
from .data import HAM_COLUMNS, Record

SPLITS = ("train", "val", "test")
DEFAULT_FRACTIONS = (0.70, 0.15, 0.15)
DEFAULT_SEED = 20181


def _groups(records: list[Record]) -> dict[str, list[Record]]:
    """Union lesions that share a pixel hash; return group key -> records."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_hash: dict[str, str] = {}
    for r in records:
        find(r.lesion_id)
        if r.pixel_hash:
            other = by_hash.setdefault(r.pixel_hash, r.lesion_id)
            a, b = find(other), find(r.lesion_id)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[str, list[Record]] = {}
    for r in records:
        groups.setdefault(find(r.lesion_id), []).append(r)
    return groups


def split_records(
    records: list[Record], seed: int = DEFAULT_SEED, fractions=DEFAULT_FRACTIONS
) -> dict[str, str]:
    """image_id -> split. Per diagnosis, lesion groups are shuffled and dealt by image count."""
    groups = _groups(records)
    by_dx: dict[str, list[str]] = {}
    for key in sorted(groups):
        dxs = Counter(r.dx for r in groups[key])
        dx = sorted(dxs.items(), key=lambda kv: (-kv[1], CLASS_CODES.index(kv[0])))[0][0]
        by_dx.setdefault(dx, []).append(key)
    rng = np.random.default_rng(seed)
    out: dict[str, str] = {}
    frac = np.asarray(fractions, dtype=np.float64) / np.sum(fractions)
    for dx in CLASS_CODES:
        keys = list(by_dx.get(dx, []))
        rng.shuffle(keys)
        assigned = np.zeros(len(SPLITS))
        for k in keys:
            # deal each lesion group to the side furthest below its share of the images so far
            n = len(groups[k])
            deficit = frac * (assigned.sum() + n) - assigned
            side = int(np.argmax(deficit))
            assigned[side] += n
            for r in groups[k]:
                out[r.image_id] = SPLITS[side]
    return out


def write_split_files(records: list[Record], assign: dict[str, str], out_dir: Path) -> dict:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = sorted(records, key=lambda r: r.image_id)
    with open(out_dir / "ham10000_split.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["image_id", "lesion_id", "dx", "split"])
        for r in rows:
            w.writerow([r.image_id, r.lesion_id, r.dx, assign[r.image_id]])
    # HAM-format rows of a split, for `skincheck evaluate --labels` (val: the train/serve check)
    for split in ("val", "test"):
        with open(out_dir / f"{split}_metadata.csv", "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(HAM_COLUMNS)
            for r in sorted(rows, key=lambda r: (r.lesion_id, r.image_id)):
                if assign[r.image_id] == split:
                    w.writerow([r.raw.get(c, "") for c in HAM_COLUMNS])
    return split_counts(records, assign)


def split_counts(records: list[Record], assign: dict[str, str]) -> dict:
    counts: dict = {}
    for s in SPLITS:
        rs = [r for r in records if assign[r.image_id] == s]
        counts[s] = {
            "images": len(rs),
            "lesions": len({r.lesion_id for r in rs}),
            "per_class": {c: sum(r.dx == c for r in rs) for c in CLASS_CODES},
        }
    return counts
