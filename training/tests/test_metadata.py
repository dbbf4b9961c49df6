import csv
import json
import math

import numpy as np
import pytest
from conftest import REPO, SHARED_HAM

from skincheck_train import metadata
from skincheck_train.metadata import encode, encoding_spec

CARDS = [REPO / "tests/fixtures/tiny_model.json"] + sorted((REPO / "assets").glob("model*.json"))


def manual_encode(card: dict, age, sex, site) -> np.ndarray:
    """Independent encoder written from the card fields only."""
    e = card["metadata_encoding"]
    v = np.zeros(e["length"], np.float32)
    if age is None:
        v[e["age_missing_index"]] = 1
    else:
        v[e["age_index"]] = age / e["age_divisor"]
    sexes, sites = e["sex_values"], e["site_values"]
    v[e["sex_offset"] + sexes.index(sex if sex in sexes else "unknown")] = 1
    v[e["site_offset"] + sites.index(site if site in sites else "unknown")] = 1
    return v


def test_contract_layout():
    v = encode(55, "male", "back")
    assert v.shape == (20,) and v.dtype == np.float32
    assert v[0] == pytest.approx(0.55) and v[1] == 0
    assert v[2] == 1 and v[3] == 0 and v[4] == 0
    assert v[5 + 2] == 1 and v.sum() == pytest.approx(2.55)
    u = encode(None, None, None)
    assert u[0] == 0 and u[1] == 1 and u[4] == 1 and u[19] == 1 and u.sum() == 3
    assert np.array_equal(encode("", "unknown", "unknown"), u)
    assert np.array_equal(encode("nan", "MALE ", "Face"), encode(None, "male", "face"))
    assert metadata.SITE_VALUES[-1] == "unknown" and len(metadata.SITE_VALUES) == 15


@pytest.mark.parametrize("card_path", CARDS, ids=[p.name for p in CARDS])
def test_encoding_matches_card(card_path):
    card = json.loads(card_path.read_text())
    assert card["metadata_encoding"] == encoding_spec()
    assert card["inputs"]["metadata"]["shape"][1] == card["metadata_encoding"]["length"]
    cases = [
        (None, None, None),
        (55, "male", "back"),
        (30, "female", "face"),
        (85, "unknown", "lower extremity"),
        (0, "female", "acral"),
        (40, "male", "nowhere"),
    ]
    for age, sex, site in cases:
        np.testing.assert_array_equal(encode(age, sex, site), manual_encode(card, age, sex, site))


def legacy_encode(age, sex, site) -> np.ndarray:
    """The encoder before the age rule was shared with Rust (fractions kept, no upper bound,
    text that is not a number read as missing), kept here to show the data is unaffected."""
    v = encode(None, sex, site)
    a = age
    if isinstance(a, str):
        s = a.strip()
        try:
            a = None if s == "" or s.lower() in {"nan", "unknown", "none"} else float(s)
        except ValueError:
            a = None
    if a is not None and not math.isnan(float(a)) and float(a) >= 0:
        v[metadata.AGE_MISSING_INDEX] = 0.0
        v[metadata.AGE_INDEX] = float(a) / metadata.AGE_DIVISOR
    return v


def _assert_csv_encodes_as_before(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows
    for r in rows:
        args = (r["age"], r["sex"], r["localization"])
        np.testing.assert_array_equal(encode(*args), legacy_encode(*args), err_msg=str(r))
    return rows


@pytest.mark.parametrize("split", ["val_metadata.csv", "test_metadata.csv"])
def test_shared_age_rule_leaves_the_committed_splits_unchanged(split):
    """HAM10000 ages are multiples of 5 (or empty): rounding and the 120 bound change nothing."""
    rows = _assert_csv_encodes_as_before(REPO / "training" / "splits" / split)
    assert {r["age"] for r in rows} <= {""} | {f"{5 * k}.0" for k in range(25)}


@pytest.mark.skipif(
    not (SHARED_HAM / "HAM10000_metadata.csv").exists(), reason="no shared HAM10000 copy"
)
def test_shared_age_rule_leaves_the_whole_data_set_unchanged():
    _assert_csv_encodes_as_before(SHARED_HAM / "HAM10000_metadata.csv")


def test_fields_tile_the_vector_as_the_card_says():
    spec = encoding_spec()
    assert metadata.FIELDS["age"] == slice(spec["age_index"], spec["age_missing_index"] + 1)
    assert metadata.FIELDS["sex"] == slice(
        spec["sex_offset"], spec["sex_offset"] + len(spec["sex_values"])
    )
    assert metadata.FIELDS["site"].stop == spec["length"]
    np.testing.assert_array_equal(metadata.UNKNOWN, encode(None, None, None))


def test_metadata_dropout_replaces_whole_fields_by_unknown():
    torch = pytest.importorskip("torch")
    from skincheck_train.batches import metadata_dropout

    m = torch.from_numpy(np.stack([encode(55, "male", "back")] * 64))
    g = torch.Generator().manual_seed(0)
    assert torch.equal(metadata_dropout(m, g, p=0.0), m)
    unknown = torch.from_numpy(np.stack([metadata.UNKNOWN] * 64))
    assert torch.equal(metadata_dropout(m, g, p=1.0), unknown)
    half = metadata_dropout(m, g, p=0.5)
    for part in metadata.FIELDS.values():  # each field either kept or unknown as a whole
        kept = (half[:, part] == m[:, part]).all(1)
        dropped = (half[:, part] == unknown[:, part]).all(1)
        assert bool((kept | dropped).all()) and bool(dropped.any()) and bool(kept.any())
    assert metadata.encode_many([]).shape == (0, metadata.LENGTH)
