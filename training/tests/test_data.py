import logging

from helpers import add_bad_rows, make_dataset

from skincheck_train.data import load_dataset


def test_bad_rows_reported_and_skipped(tmp_path, caplog):
    root, _ = make_dataset(tmp_path / "ham", per_class=3)
    bad = add_bad_rows(root)
    with caplog.at_level(logging.WARNING, logger="skincheck_train.data"):
        recs, skipped = load_dataset([root])
    ids = {r.image_id for r in recs}
    assert len(recs) == 21 and not ids & set(bad)
    reasons = {s.image_id: s.reason for s in skipped}
    assert set(reasons) == set(bad)
    for iid, word in bad.items():
        assert word in reasons[iid], reasons[iid]
        assert iid in caplog.text  # logged, not silent


def test_images_from_several_folders(tmp_path):
    root, _ = make_dataset(tmp_path / "ham", per_class=2)
    recs, skipped = load_dataset([root])
    assert not skipped
    assert {r.path.parent.name for r in recs} == {
        "HAM10000_images_part_1",
        "HAM10000_images_part_2",
    }
    # metadata in one --data folder, images in two other folders
    meta = tmp_path / "meta"
    meta.mkdir()
    (meta / "HAM10000_metadata.csv").write_bytes((root / "HAM10000_metadata.csv").read_bytes())
    recs2, skipped2 = load_dataset(
        [meta, root / "HAM10000_images_part_1", root / "HAM10000_images_part_2"]
    )
    assert not skipped2 and len(recs2) == len(recs)
