"""Case files of the rules both languages implement, checked by Rust and Python tests.

    python -m skincheck_train.rule_cases --out tests/fixtures/rules

Writes `age_cases.json`: the age rule (`metadata.parse_age` / `age_or_missing`, Rust
`skincheck_core::Age`). The expected values are this package's answers; the Rust tests in
crates/core/tests/rules.rs assert the Rust core gives the same, and
training/tests/test_rules.py that this command reproduces the committed files exactly.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from . import contract
from .metadata import AGE_MAX, MISSING_AGE_TEXTS, age_or_missing

# Texts as they come from a form or a data CSV's `age` field.
AGE_TEXTS = [
    # whole years, the range's ends
    "0", "45", "120", "045", "+45", "45.0", "0.0", "120.0", "-0", "-0.0",
    # fractions: rounded half away from zero (Python's round() would give 0, 2, 44, 120)
    "0.4", "0.5", "1.5", "2.5", "44.5", "45.49", "45.5", "119.5", "120.4", ".5", "45.",
    # exponents, and what an f32 makes of digits beyond its precision
    "4.5e1", "1E2", "1.2e2", "0.49999999", "120.000001", "1e-30",
    # white space around the number (Rust's str::trim: Unicode White_Space)
    " 45 ", "\t45\n", "\u00a045\u3000",
    # out of range
    "120.5", "121", "130", "255", "256", "1000", "-1", "-0.4", "-0.5", "1e300",
    # not a number
    "abc", "45 years", "4 5", "1_0", "0x10", "45,5", ".", "e5", "1e", "--1", "+-1",
    "inf", "-inf", "infinity", "\u0664\u0665", "\x1f45", "none", "null", "?",
    # not given (a data field or form left empty)
    "", "   ", "unknown", "UNKNOWN", " Unknown ", "nan", "NaN", "NAN",
]  # fmt: skip


def age_case(text: str):
    """Whole years, "missing" (not given) or "error"."""
    try:
        years = age_or_missing(text)
    except ValueError:
        return "error"
    return "missing" if years is None else years


def age_cases() -> dict:
    return {
        "rule": f"Age in whole years 0..={AGE_MAX}: the trimmed text read as an f32 (Rust's "
        "f32::from_str grammar), then rounded half away from zero (f32::round); out of range, "
        "non-finite or not a number: error. A field whose trimmed text is one of "
        f"{list(MISSING_AGE_TEXTS)} (ASCII case-insensitive) is not given: missing (the "
        "caller's rule: Age::from_str itself rejects it).",
        "made_by": "python -m skincheck_train.rule_cases",
        "cases": [{"text": t, "expected": age_case(t)} for t in AGE_TEXTS],
    }


def all_cases() -> dict[str, dict]:
    """File name -> content of every rule case file."""
    return {"age_cases.json": age_cases()}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description="write the shared rule case files")
    ap.add_argument("--out", default="tests/fixtures/rules")
    args = ap.parse_args(argv)
    for name, content in all_cases().items():
        contract.write_json(Path(args.out) / name, content)
        print(f"wrote {Path(args.out) / name}: {len(content['cases'])} cases")


if __name__ == "__main__":
    main()
