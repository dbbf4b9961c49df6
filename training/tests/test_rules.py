"""The rules shared with the Rust core, from the committed case files of tests/fixtures/rules
(crates/core/tests/rules.rs checks the Rust side against the same files)."""

import json

import pytest
from conftest import REPO

from skincheck_train import rule_cases
from skincheck_train.metadata import age_or_missing, parse_age

RULES = REPO / "tests" / "fixtures" / "rules"


@pytest.mark.parametrize("name", sorted(rule_cases.all_cases()))
def test_generator_reproduces_the_committed_case_files(name, tmp_path):
    rule_cases.main(["--out", str(tmp_path)])
    assert (tmp_path / name).read_text() == (RULES / name).read_text(), (
        f"{name} is stale: run `python -m skincheck_train.rule_cases` (from the repo root)"
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
