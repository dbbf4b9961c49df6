import csv
from collections import Counter, defaultdict

import numpy as np
import pytest
from conftest import REPO, SHARED_HAM
from helpers import make_dataset

from skincheck_train.contract import CLASS_CODES
from skincheck_train.data import HAM_COLUMNS, load_dataset
from skincheck_train.split import split_records, write_split_files

HAVE_SHARED = (SHARED_HAM / "HAM10000_metadata.csv").exists()


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    if HAVE_SHARED:
        recs, _ = load_dataset([SHARED_HAM])
    else:
        root, _ = make_dataset(
            tmp_path_factory.mktemp("ham"), per_class=40, images_per_lesion=(1, 4)
        )
        recs, _ = load_dataset([root])
    return recs


def test_no_lesion_on_two_sides(records):
    assign = split_records(records)
    sides = defaultdict(set)
    for r in records:
        sides[r.lesion_id].add(assign[r.image_id])
    assert all(len(s) == 1 for s in sides.values())
    assert set(assign.values()) == {"train", "val", "test"}


def test_split_is_stratified(records):
    assign = split_records(records)
    n = Counter(assign.values())
    total = len(records)
    assert abs(n["train"] / total - 0.70) < 0.03
    assert abs(n["val"] / total - 0.15) < 0.03
    for dx in CLASS_CODES:
        rs = [r for r in records if r.dx == dx]
        c = Counter(assign[r.image_id] for r in rs)
        for side, frac in (("train", 0.70), ("val", 0.15), ("test", 0.15)):
            assert abs(c[side] / len(rs) - frac) < 0.08, (dx, side, c)


def test_split_is_deterministic_and_seeded(records):
    a = split_records(records, seed=1)
    assert a == split_records(list(records), seed=1)
    assert a != split_records(records, seed=2)


def test_identical_images_grouped(records):
    if not HAVE_SHARED:
        pytest.skip(f"needs the HAM10000 copy at {SHARED_HAM} (the HAM duplicate pairs)")
    assign = split_records(records)
    for a, b in (("ISIC_0024366", "ISIC_0029861"), ("ISIC_0024777", "ISIC_0029938")):
        if a in assign and b in assign:
            assert assign[a] == assign[b]


def test_split_files(records, tmp_path):
    assign = split_records(records)
    write_split_files(records, assign, tmp_path)
    with open(tmp_path / "test_metadata.csv", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == HAM_COLUMNS
    by_id = {r.image_id: r for r in records}
    assert len(rows) - 1 == sum(v == "test" for v in assign.values())
    for row in rows[1:]:
        rec = by_id[row[1]]
        assert assign[rec.image_id] == "test"
        assert row == [rec.raw[c] for c in HAM_COLUMNS]  # verbatim HAM row


def test_committed_split_matches_regeneration(records, tmp_path):
    committed = REPO / "training" / "splits" / "ham10000_split.csv"
    if not HAVE_SHARED:
        pytest.skip(f"needs the HAM10000 copy at {SHARED_HAM} to regenerate the committed split")
    if not committed.exists():
        pytest.skip("training/splits not generated yet")
    write_split_files(records, split_records(records), tmp_path)
    for name in ("ham10000_split.csv", "test_metadata.csv"):
        assert (tmp_path / name).read_text() == (committed.parent / name).read_text(), name


def test_shared_counts_match_readme():
    if not HAVE_SHARED:
        pytest.skip(f"needs the HAM10000 copy at {SHARED_HAM}")
    recs, skipped = load_dataset([SHARED_HAM], check_images=False)
    c = Counter(r.dx for r in recs)
    assert dict(c) == {
        "nv": 5687,
        "mel": 948,
        "bkl": 922,
        "bcc": 440,
        "akiec": 278,
        "vasc": 110,
        "df": 96,
    }
    assert skipped == []
    assert np.isclose(len(recs), 8481)
