"""dataset_stats.json: counts per class and metadata distributions per class."""

from __future__ import annotations

from collections import Counter

from .contract import CLASS_CODES
from .data import Record
from .metadata import age_or_missing


def age_bin(age: str) -> str:
    a = age_or_missing(age)
    if a is None:
        return "unknown"
    lo = int(a // 5) * 5
    return f"{lo}-{lo + 4}"


def _by_class(records: list[Record], key) -> dict:
    out = {}
    for c in CLASS_CODES:
        cnt = Counter(key(r) for r in records if r.dx == c)
        out[c] = dict(sorted(cnt.items(), key=lambda kv: (kv[0] == "unknown", kv[0])))
    return out


def _age_key(s: str):
    return (1, 0) if s == "unknown" else (0, int(s.split("-")[0]))


def dataset_stats(records: list[Record], skipped=None, split_counts=None) -> dict:
    ages = {}
    for c in CLASS_CODES:
        cnt = Counter(age_bin(r.age) for r in records if r.dx == c)
        ages[c] = {k: cnt[k] for k in sorted(cnt, key=_age_key)}
    return {
        "total_images": len(records),
        "total_lesions": len({r.lesion_id for r in records}),
        "classes": list(CLASS_CODES),
        "images_per_class": {c: sum(r.dx == c for r in records) for c in CLASS_CODES},
        "lesions_per_class": {
            c: len({r.lesion_id for r in records if r.dx == c}) for c in CLASS_CODES
        },
        "age_histogram_5y_per_class": ages,
        "sex_per_class": _by_class(records, lambda r: r.sex or "unknown"),
        "localization_per_class": _by_class(records, lambda r: r.localization or "unknown"),
        "dx_type_per_class": _by_class(records, lambda r: r.dx_type or "unknown"),
        "skipped_rows": len(skipped or []),
        "split_counts": split_counts,
    }
