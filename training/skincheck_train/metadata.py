"""Metadata encoding of docs/model-contract.md (M = 20), shared by training and the card."""

from __future__ import annotations

import math

import numpy as np

AGE_DIVISOR = 100.0
AGE_INDEX = 0
AGE_MISSING_INDEX = 1
SEX_OFFSET = 2
SEX_VALUES = ["male", "female", "unknown"]
SITE_OFFSET = 5
SITE_VALUES = [
    "abdomen",
    "acral",
    "back",
    "chest",
    "ear",
    "face",
    "foot",
    "genital",
    "hand",
    "lower extremity",
    "neck",
    "scalp",
    "trunk",
    "upper extremity",
    "unknown",
]
LENGTH = SITE_OFFSET + len(SITE_VALUES)
assert LENGTH == 20


def encoding_spec() -> dict:
    """The card's `metadata_encoding` block."""
    return {
        "length": LENGTH,
        "age_index": AGE_INDEX,
        "age_missing_index": AGE_MISSING_INDEX,
        "age_divisor": AGE_DIVISOR,
        "sex_offset": SEX_OFFSET,
        "sex_values": list(SEX_VALUES),
        "site_offset": SITE_OFFSET,
        "site_values": list(SITE_VALUES),
    }


def _parse_age(age) -> float | None:
    if age is None:
        return None
    if isinstance(age, str):
        s = age.strip()
        if s == "" or s.lower() in {"nan", "unknown", "none"}:
            return None
        try:
            age = float(s)
        except ValueError:
            return None
    age = float(age)
    if math.isnan(age) or age < 0:
        return None
    return age


def _norm(value, allowed: list[str]) -> str:
    if value is None:
        return "unknown"
    s = str(value).strip().lower()
    return s if s in allowed else "unknown"


def encode(age=None, sex=None, site=None) -> np.ndarray:
    """Encode one (age, sex, site) triple; missing or unrecognised values map to `unknown`."""
    v = np.zeros(LENGTH, dtype=np.float32)
    a = _parse_age(age)
    if a is None:
        v[AGE_MISSING_INDEX] = 1.0
    else:
        v[AGE_INDEX] = a / AGE_DIVISOR
    v[SEX_OFFSET + SEX_VALUES.index(_norm(sex, SEX_VALUES))] = 1.0
    v[SITE_OFFSET + SITE_VALUES.index(_norm(site, SITE_VALUES))] = 1.0
    return v


def encode_many(rows) -> np.ndarray:
    """rows: iterable of objects/dicts with age, sex, localization."""
    out = []
    for r in rows:
        if isinstance(r, dict):
            out.append(encode(r.get("age"), r.get("sex"), r.get("localization")))
        else:
            out.append(encode(r.age, r.sex, r.localization))
    if not out:
        return np.zeros((0, LENGTH), np.float32)
    return np.stack(out)
