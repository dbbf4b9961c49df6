"""Case files of the rules both languages implement, checked by Rust and Python tests.

    python -m skincheck_train.cli.rule_cases --out tests/fixtures/rules

Writes `age_cases.json`: the age rule (`metadata.parse_age` / `age_or_missing`, Rust
`skincheck_core::Age`), and `decision_cases.json`: the decision rule and triage
(`decision.decide_many`, Rust `Decision::from_logits`) on logits with ties, values right at the
thresholds, extreme temperatures and offsets. The expected values are this package's answers;
the Rust tests in
crates/core/tests/rules.rs assert the Rust core gives the same, and
training/tests/test_rules.py that this command reproduces the committed files exactly.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np

from . import contract
from .decision import decide_many, malignant_mass
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
        "made_by": "python -m skincheck_train.cli.rule_cases",
        "cases": [{"text": t, "expected": age_case(t)} for t in AGE_TEXTS],
    }


# Card parameters the cases use: the tiny fixture's, the shipped card's (at the time of writing)
# and plain ones. Hard-coded, so a new model does not change the case file.
MALIGNANT = ["mel", "bcc", "akiec"]
PLAIN = (1.0, [0.0] * 7, MALIGNANT, 0.2, 0.5)
TINY = (1.5, [-0.4, 0.35, 0.1, 0.25, 0.3, -0.15, 0.05], MALIGNANT, 0.2, 0.5)
SHIPPED = (0.45864327580952846, [0.0, 0.8, 0.0, 0.9, 0.2, -0.4, 0.0], MALIGNANT, 0.08, 0.5)
# Logits of the shipped model on the six fixture images (reference_model.json, 3 decimals).
SHIPPED_LOGITS = [
    [-0.795, -1.244, -0.431, 0.489, 1.136, -0.698, -0.006],
    [-1.81, -2.741, -2.207, 3.058, 1.377, -0.227, 1.303],
    [-1.426, -0.477, 0.299, -0.949, 0.366, -0.578, 1.007],
    [-0.411, -2.534, -3.35, -0.314, -0.277, 0.047, 7.066],
    [-0.54, 0.929, -0.332, -0.825, -0.543, -0.105, -0.083],
    [1.922, -1.495, -1.479, -0.569, -0.372, 0.936, 0.942],
]


def _case(what: str, logits, params) -> dict:
    t, offsets, mal, sus_t, mal_t = params
    return {
        "what": what,
        "logits": [float(x) for x in logits],
        "temperature": float(t),
        "decision_offsets": [float(x) for x in offsets],
        "triage": {
            "malignant_classes": list(mal),
            "suspicious_threshold": float(sus_t),
            "malignant_threshold": float(mal_t),
        },
    }


def _mass(logits, params) -> np.float32:
    """The malignant mass the rule computes (float32) for these logits and parameters."""
    t, offsets, mal, sus_t, mal_t = params
    _, _, p = decide_many(np.asarray([logits]), t, offsets, _case("", logits, params)["triage"])
    return malignant_mass(p, [contract.CLASS_CODES.index(c) for c in mal])[0]


def _up(x: np.float32) -> np.float32:
    """The next float32 above x: a threshold just out of reach."""
    return np.nextafter(np.float32(x), np.float32(2))


def _threshold_cases() -> list[dict]:
    """Thresholds exactly at the malignant mass the rule computes, and one float32 above it."""
    out = []
    benign_top = [2.0, -0.5, 0.3, -1.0, -1.2, 0.1, 0.0]  # decision nv, some malignant mass
    m = _mass(benign_top, PLAIN)
    out += [
        _case(
            "suspicious threshold exactly at m (benign decision)",
            benign_top,
            (1.0, [0.0] * 7, MALIGNANT, m, max(m, np.float32(0.5))),
        ),
        _case(
            "suspicious threshold one float32 above m",
            benign_top,
            (1.0, [0.0] * 7, MALIGNANT, _up(m), max(_up(m), np.float32(0.5))),
        ),
    ]
    mel_top = [0.5, 1.8, 0.2, 0.4, -0.3, -1.0, -0.8]  # decision mel
    m = _mass(mel_top, PLAIN)
    out += [
        _case(
            "malignant threshold exactly at m (malignant decision)",
            mel_top,
            (1.0, [0.0] * 7, MALIGNANT, 0.2, m),
        ),
        _case(
            "malignant threshold one float32 above m",
            mel_top,
            (1.0, [0.0] * 7, MALIGNANT, 0.2, _up(m)),
        ),
        _case("both thresholds exactly at m", mel_top, (1.0, [0.0] * 7, MALIGNANT, m, m)),
    ]
    for i, logits in enumerate(SHIPPED_LOGITS):
        t, off, mal, _, _ = SHIPPED
        m = _mass(logits, SHIPPED)
        out += [
            _case(f"shipped logits {i}, both thresholds at m", logits, (t, off, mal, m, m)),
            _case(
                f"shipped logits {i}, both thresholds just above m",
                logits,
                (t, off, mal, _up(m), _up(m)),
            ),
        ]
    m = _mass([0.0] * 7, PLAIN)  # 3/7 in float32, summed in order
    out.append(
        _case("all equal, threshold at 3/7 as summed", [0.0] * 7, (1.0, [0.0] * 7, MALIGNANT, m, m))
    )
    rev = ["akiec", "bcc", "mel"]  # the same classes summed in another order
    m = _mass(benign_top, (1.0, [0.0] * 7, rev, 0.2, 0.5))
    out.append(
        _case(
            "malignant classes listed in another order, threshold at m",
            benign_top,
            (1.0, [0.0] * 7, rev, m, m),
        )
    )
    return out  # fmt: skip


def decision_case_list() -> list[dict]:
    """The inputs: ties, thresholds, temperatures, offsets, extremes, real and random logits."""
    z = [0.0] * 7
    cases = [
        _case("all logits equal: nv by class order, 3/7 malignant", z, PLAIN),
        _case("all equal, suspicious threshold above 3/7", z, (1.0, z, MALIGNANT, 0.5, 0.5)),
        _case("nv and mel tie at the top", [2.0, 2.0, 0, 0, 0, 0, 0], PLAIN),
        _case("mel and bcc tie at the top", [0, 3.0, 0, 3.0, 0, 0, 0], PLAIN),
        _case("bkl and df tie, malignant mass below the threshold",
              [-1.0, -3.0, 2.5, -3.0, -3.0, 0.0, 2.5], PLAIN),
        _case("equal logits, equal offsets on nv and mel", z,
              (1.0, [0.5, 0.5, 0, 0, 0, 0, 0], MALIGNANT, 0.2, 0.5)),
        _case("tie made by the offsets (log p0 = log p1 + 1)", [1.0, 0, 0, 0, 0, 0, 0],
              (1.0, [0.0, 1.0, 0, 0, 0, 0, 0], MALIGNANT, 0.2, 0.5)),
        _case("tie made by the offsets at T = 2", [2.0, 0, 0, 0, 0, 0, 0],
              (2.0, [0.0, 1.0, 0, 0, 0, 0, 0], MALIGNANT, 0.2, 0.5)),
        _case("offsets move the decision to mel with little malignant mass",
              [2.0, 0.2, 0, -2.0, -2.0, 0, 0],
              (1.0, [0.0, 2.5, 0, 0, 0, 0, 0], MALIGNANT, 0.5, 0.5)),
        _case("offsets move the decision off mel", [0.0, 1.0, 0, 0, 0, 0, 0],
              (1.0, [1.5, -0.5, 0, 0, 0, 0, 0], MALIGNANT, 0.2, 0.5)),
        _case("suspicious threshold 0: nothing is benign", [5.0, -5, -5, -5, -5, -5, -5],
              (1.0, z, MALIGNANT, 0.0, 0.5)),
        _case("malignant threshold 1 reached: the other classes underflow",
              [-200.0, 50.0, -200, -200, -200, -200, -200], (1.0, z, MALIGNANT, 0.2, 1.0)),
        _case("malignant threshold 1 not reached", [0.0, 3.0, 0, 0, 0, 0, 0],
              (1.0, z, MALIGNANT, 0.2, 1.0)),
        _case("an underflowed probability is clamped at FLT_MIN before the log",
              [0.0, -200.0, 0, 0, 0, 0, 0],
              (1.0, [0.0, 100.0, 0, 0, 0, 0, 0], MALIGNANT, 0.2, 0.5)),
        _case("temperature 0.05 (sharp)", [0.30, 0.31, 0.29, 0, 0, 0, 0],
              (0.05, z, MALIGNANT, 0.2, 0.5)),
        _case("temperature 20 (flat)", [4.0, 0, 0, 3.0, 0, 0, 0], (20.0, z, MALIGNANT, 0.2, 0.5)),
        _case("large logits", [1000.0, 999.5, 990, 999.9, 0, -1000, 1000.0], PLAIN),
        _case("all logits very negative", [-1e4, -1e4 + 0.5, -1e4, -1e4, -1e4, -1e4, -1e4], PLAIN),
        _case("only mel malignant", [0.0, 1.0, 0, 2.0, 2.0, 0, 0], (1.0, z, ["mel"], 0.2, 0.5)),
        _case("only bcc malignant, decided", [0.0, 1.0, 0, 2.0, 0, 0, 0],
              (1.0, z, ["bcc"], 0.2, 0.9)),
    ]  # fmt: skip
    cases += _threshold_cases()
    for i, logits in enumerate(SHIPPED_LOGITS):
        cases.append(_case(f"shipped logits {i}, shipped card", logits, SHIPPED))
        cases.append(_case(f"shipped logits {i}, tiny card", logits, TINY))
    rng = random.Random(20181)
    for i in range(24):
        scale = [0.5, 2.0, 6.0][i % 3]
        logits = [round(rng.gauss(0, scale), 3) for _ in range(7)]
        params = [PLAIN, TINY, SHIPPED][i % 3]
        cases.append(_case(f"random logits {i} (scale {scale})", logits, params))
    return cases


def decision_cases() -> dict:
    cases = decision_case_list()
    for c in cases:
        dec, labels, p = decide_many(
            np.asarray([c["logits"]]), c["temperature"], c["decision_offsets"], c["triage"]
        )
        mal = [contract.CLASS_CODES.index(x) for x in c["triage"]["malignant_classes"]]
        k = int(dec[0])
        c["expected"] = {
            "decision": contract.CLASS_CODES[k],
            "triage": str(labels[0]),
            "malignant_probability": float(malignant_mass(p, mal)[0]),
            "probabilities": [float(x) for x in p[0]],
        }
    return {
        "rule": "p = softmax(logits / temperature); decision = argmax(ln max(p, FLT_MIN) + "
        "decision_offsets), the first class on ties; m = sum of p over triage.malignant_classes "
        "(in that order); malignant if the decision is a malignant class and m >= "
        "malignant_threshold, suspicious if m >= suspicious_threshold or the decision is a "
        "malignant class, else benign. All in float32 as the Rust core computes it; expected "
        "probabilities and m are those float32 values.",
        "made_by": "python -m skincheck_train.cli.rule_cases",
        "classes": list(contract.CLASS_CODES),
        "cases": cases,
    }


def all_cases() -> dict[str, dict]:
    """File name -> content of every rule case file."""
    return {"age_cases.json": age_cases(), "decision_cases.json": decision_cases()}


def write_all(out: Path) -> dict[str, int]:
    """Writes every case file into `out`; file name -> number of cases."""
    written = {}
    for name, content in all_cases().items():
        contract.write_json(Path(out) / name, content)
        written[name] = len(content["cases"])
    return written
