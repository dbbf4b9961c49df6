"""The rules shared with the Rust core, from the committed case files of tests/fixtures/rules
(crates/core/tests/rules.rs checks the Rust side against the same files)."""

import json

import numpy as np
import pytest
from conftest import REPO

from skincheck_train import contract, decision, rule_cases
from skincheck_train.cli import rule_cases as rule_cases_command
from skincheck_train.decision import decide, decide_many
from skincheck_train.metadata import age_or_missing, parse_age

RULES = REPO / "tests" / "fixtures" / "rules"


@pytest.mark.parametrize("name", sorted(rule_cases.all_cases()))
def test_generator_reproduces_the_committed_case_files(name, tmp_path):
    rule_cases_command.main(["--out", str(tmp_path)])
    assert (tmp_path / name).read_text() == (RULES / name).read_text(), (
        f"{name} is stale: run `python -m skincheck_train.cli.rule_cases` (from the repo root)"
    )


def test_age_cases():
    cases = json.loads((RULES / "age_cases.json").read_text())["cases"]
    assert len(cases) >= 40
    for case in cases:
        text, expected = case["text"], case["expected"]
        if expected == "missing":
            assert age_or_missing(text) is None, text
            with pytest.raises(ValueError):  # Age::from_str rejects it too
                parse_age(text)
        elif expected == "error":
            with pytest.raises(ValueError):
                age_or_missing(text)
            with pytest.raises(ValueError):
                parse_age(text)
        else:
            assert parse_age(text) == age_or_missing(text) == expected, text


def test_age_rounds_half_away_from_zero_and_stops_at_120():
    # written out by hand, independent of the case file
    assert [parse_age(t) for t in ("0.5", "1.5", "2.5", "44.5", "45.4", "119.5")] == [
        1,
        2,
        3,
        45,
        45,
        120,
    ]
    for bad in ("120.4", "121", "-1", "abc", "1_0", "inf"):
        with pytest.raises(ValueError, match="between 0 and 120"):
            parse_age(bad)
    assert age_or_missing(None) is None and age_or_missing(float("nan")) is None
    assert age_or_missing(45.5) == 46 and age_or_missing(55) == 55
    with pytest.raises(ValueError):
        age_or_missing(130)


def _decision_cases():
    return json.loads((RULES / "decision_cases.json").read_text())


def test_decision_cases_cover_ties_and_thresholds():
    file = _decision_cases()
    assert file["classes"] == contract.CLASS_CODES
    whats = " | ".join(c["what"] for c in file["cases"])
    for word in ("tie", "exactly at m", "just above m", "clamped", "temperature 20"):
        assert word in whats, word
    at_m = [c for c in file["cases"] if "at m" in c["what"]]
    assert at_m and all(
        c["expected"]["malignant_probability"]
        in (c["triage"]["suspicious_threshold"], c["triage"]["malignant_threshold"])
        for c in at_m
    )
    assert {c["expected"]["triage"] for c in file["cases"]} == {"benign", "suspicious", "malignant"}


def test_decide_and_decide_many_give_every_case():
    for c in _decision_cases()["cases"]:
        args = (c["temperature"], c["decision_offsets"], c["triage"])
        k, label = decide(c["logits"], *args)
        e = c["expected"]
        assert (contract.CLASS_CODES[k], label) == (e["decision"], e["triage"]), c["what"]
        dec, labels, p = decide_many(np.asarray([c["logits"]] * 3), *args)
        assert list(dec) == [k] * 3 and list(labels) == [label] * 3, c["what"]
        assert p.dtype == np.float32 and [float(x) for x in p[0]] == e["probabilities"]


def test_calibration_and_evaluation_use_the_one_rule():
    from skincheck_train import calibrate, evaluate

    assert calibrate.triage_labels is decision.triage_labels
    assert calibrate.decisions is decision.decisions
    assert evaluate.decide_many is decision.decide_many
    assert not hasattr(contract, "decide")
