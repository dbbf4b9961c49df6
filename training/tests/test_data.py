import logging

from helpers import add_bad_rows, make_dataset

from skincheck_train.data import REPO_ROOT, default_data_dir, describe, load_dataset


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


def test_data_folder_from_the_environment_or_beside_the_repository(monkeypatch, tmp_path):
    monkeypatch.setenv("SKINCHECK_DATA", str(tmp_path))
    assert default_data_dir() == tmp_path
    monkeypatch.delenv("SKINCHECK_DATA")
    assert default_data_dir() == REPO_ROOT.parent / "shared" / "data" / "ham10000"
    assert (REPO_ROOT / "training" / "skincheck_train").is_dir()


def test_train_command_reads_skincheck_data(monkeypatch, tmp_path):
    from skincheck_train.cli.train import parse_args

    monkeypatch.setenv("SKINCHECK_DATA", str(tmp_path))
    assert parse_args(["--out", "o"]).data == [str(tmp_path)]
    assert parse_args(["--out", "o", "--data", "a", "--data", "b"]).data == ["a", "b"]


def test_description_names_the_data_set(tmp_path):
    root, _ = make_dataset(tmp_path / "ham", per_class=2)
    recs, _ = load_dataset([root])
    assert describe(recs) == (
        "HAM10000 (Tschandl et al. 2018), 14 images at 200x150, CC BY-NC-SA 4.0"
    )
    assert str(root) not in describe(recs)
