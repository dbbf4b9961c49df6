"""Metadata encoding of docs/model-contract.md (M = 20), shared by training and the card."""

from __future__ import annotations

import math
import re

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
# Each detail's part of the vector; together they tile it (metadata-field dropout replaces one
# part by its "unknown" encoding).
FIELDS: dict[str, slice] = {
    "age": slice(min(AGE_INDEX, AGE_MISSING_INDEX), max(AGE_INDEX, AGE_MISSING_INDEX) + 1),
    "sex": slice(SEX_OFFSET, SEX_OFFSET + len(SEX_VALUES)),
    "site": slice(SITE_OFFSET, SITE_OFFSET + len(SITE_VALUES)),
}
assert sorted(i for f in FIELDS.values() for i in range(LENGTH)[f]) == list(range(LENGTH))


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


# The age rule of the Rust core (`skincheck_core::Age`, crates/core/src/metadata.rs), shared
# case by case through tests/fixtures/rules/age_cases.json: a number of years 0..=120 read as
# an f32, fractions rounded to whole years half away from zero (f32::round); anything else is
# an error. "Not given" is the caller's reading of an empty field (below: MISSING_AGE_TEXTS,
# as the CLI's CSV reader crates/cli/src/labels.rs does).
AGE_MAX = 120
MISSING_AGE_TEXTS = ("", "unknown", "nan")  # compared ASCII-case-insensitively, after trimming
# Rust's `str::trim` strips Unicode White_Space, which is not quite Python's `str.isspace`
# (that also counts U+001C..U+001F).
_WHITE_SPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# Rust's f32 grammar (`f32::from_str`): ASCII digits, optional sign and exponent, inf / nan.
_RUST_FLOAT = re.compile(
    r"[+-]?(?:inf|infinity|nan|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)",
    re.IGNORECASE | re.ASCII,
)


def _age_error(given) -> ValueError:
    """The Rust core's message (MetadataError::AgeOutOfRange)."""
    return ValueError(f"age must be a number of years between 0 and {AGE_MAX}, got {given}")


def _round_half_away(x: float) -> int:
    """f32::round for a non-negative finite value: halves go up (not Python's banker's round)."""
    whole = math.floor(x)
    return whole + 1 if x - whole >= 0.5 else whole


def age_from_years(years: float) -> int:
    """`Age::from_years_f32`: whole years 0..=120 from a number; ValueError otherwise."""
    with np.errstate(over="ignore"):  # 1e300 -> inf, as Rust's parse gives
        y = float(np.float32(years))  # the Rust side holds the value as an f32
    if not math.isfinite(y) or not 0.0 <= y <= AGE_MAX:
        raise _age_error(years)
    return _round_half_away(y)


def parse_age(text: str) -> int:
    """`Age::from_str`: trim, read an f32, then `age_from_years`; ValueError otherwise."""
    s = str(text).strip(_WHITE_SPACE)
    if not _RUST_FLOAT.fullmatch(s):
        raise _age_error(text)
    return age_from_years(float(s))


def age_or_missing(value) -> int | None:
    """A data field's age: None when not given (None, NaN, or an empty / "unknown" / "nan"
    text), else whole years by `parse_age` / `age_from_years` (ValueError when invalid)."""
    if value is None:
        return None
    if isinstance(value, str):
        s = value.strip(_WHITE_SPACE)
        if s.isascii() and s.lower() in MISSING_AGE_TEXTS:
            return None
        return parse_age(s)
    if isinstance(value, (int, float, np.integer, np.floating)):
        if math.isnan(value):
            return None
        return age_from_years(value)
    raise _age_error(value)


def _norm(value, allowed: list[str]) -> str:
    if value is None:
        return "unknown"
    s = str(value).strip().lower()
    return s if s in allowed else "unknown"


def encode(age=None, sex=None, site=None) -> np.ndarray:
    """Encode one (age, sex, site) triple; a missing age and a missing or unrecognised sex or
    site map to `unknown`; an invalid age raises ValueError (`age_or_missing`)."""
    v = np.zeros(LENGTH, dtype=np.float32)
    a = age_or_missing(age)
    if a is None:
        v[AGE_MISSING_INDEX] = 1.0
    else:
        v[AGE_INDEX] = a / AGE_DIVISOR
    v[SEX_OFFSET + SEX_VALUES.index(_norm(sex, SEX_VALUES))] = 1.0
    v[SITE_OFFSET + SITE_VALUES.index(_norm(site, SITE_VALUES))] = 1.0
    return v


UNKNOWN = encode(None, None, None)  # nothing given


def encode_many(rows) -> np.ndarray:
    """[n, LENGTH] float32 of rows: objects (data.Record) or dicts with age, sex, localization."""
    out = []
    for r in rows:
        if isinstance(r, dict):
            out.append(encode(r.get("age"), r.get("sex"), r.get("localization")))
        else:
            out.append(encode(r.age, r.sex, r.localization))
    if not out:
        return np.zeros((0, LENGTH), np.float32)
    return np.stack(out)
