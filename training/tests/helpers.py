"""Tiny temporary HAM-layout datasets for tests."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import numpy as np
from conftest import SHARED_HAM
from PIL import Image

from skincheck_train.contract import CLASS_CODES
from skincheck_train.data import HAM_COLUMNS

SITES = ["back", "face", "lower extremity", "trunk", "unknown", "scalp"]


def make_dataset(root: Path, per_class: int = 10, seed: int = 0, images_per_lesion=(1, 2)):
    """HAM layout under root: HAM10000_metadata.csv + two image folders (Dataverse style).

    Images are sampled from the shared HAM copy when present, else generated (class-dependent
    colour blobs so a model can learn something). Returns (root, source) with source
    'shared' or 'generated'.
    """
    root = Path(root)
    rng = np.random.default_rng(seed)
    (root / "HAM10000_images_part_1").mkdir(parents=True, exist_ok=True)
    (root / "HAM10000_images_part_2").mkdir(parents=True, exist_ok=True)
    rows = []
    shared_csv = SHARED_HAM / "HAM10000_metadata.csv"
    if shared_csv.exists() and (SHARED_HAM / "images").is_dir():
        source = "shared"
        by_dx: dict[str, dict[str, list[dict]]] = {}
        with open(shared_csv, newline="") as f:
            for r in csv.DictReader(f):
                by_dx.setdefault(r["dx"], {}).setdefault(r["lesion_id"], []).append(r)
        for dx in CLASS_CODES:
            lesions = sorted(by_dx[dx])
            rng.shuffle(lesions)
            n = 0
            for lid in lesions:
                if n >= per_class:
                    break
                for r in by_dx[dx][lid][: per_class - n]:
                    rows.append(r)
                    n += 1
        for i, r in enumerate(rows):
            part = "HAM10000_images_part_1" if i % 2 == 0 else "HAM10000_images_part_2"
            shutil.copy(SHARED_HAM / "images" / f"{r['image_id']}.jpg", root / part)
    else:
        source = "generated"
        k = 0
        for ci, dx in enumerate(CLASS_CODES):
            n = 0
            li = 0
            while n < per_class:
                lid = f"HAM_9{ci}{li:05d}"
                for _ in range(int(rng.integers(images_per_lesion[0], images_per_lesion[1] + 1))):
                    if n >= per_class:
                        break
                    iid = f"ISIC_9{k:06d}"
                    k += 1
                    n += 1
                    rows.append(
                        {
                            "lesion_id": lid,
                            "image_id": iid,
                            "dx": dx,
                            "dx_type": "histo",
                            "age": str(float(rng.integers(2, 18) * 5)),
                            "sex": ["male", "female"][int(rng.integers(2))],
                            "localization": SITES[int(rng.integers(len(SITES)))],
                        }
                    )
                    part = "HAM10000_images_part_1" if k % 2 else "HAM10000_images_part_2"
                    _blob_image(rng, ci).save(root / part / f"{iid}.jpg", quality=90)
                li += 1
    with open(root / "HAM10000_metadata.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=HAM_COLUMNS, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: r[c] for c in HAM_COLUMNS})
    return root, source


def _blob_image(rng, ci: int) -> Image.Image:
    h, w = 150, 200
    yy, xx = np.mgrid[0:h, 0:w]
    skin = np.array([200, 150, 130]) + rng.normal(0, 8, 3)
    img = np.ones((h, w, 3)) * skin
    colour = np.array(
        [
            [90, 60, 40],
            [40, 25, 20],
            [140, 110, 80],
            [200, 120, 140],
            [170, 90, 80],
            [160, 30, 60],
            [120, 80, 60],
        ][ci]
    )
    r = 25 + 5 * ci + rng.normal(0, 3)
    cy, cx = h / 2 + rng.normal(0, 8), w / 2 + rng.normal(0, 8)
    m = ((yy - cy) ** 2 + (xx - cx) ** 2) < r**2
    img[m] = colour
    img += rng.normal(0, 6, img.shape)
    return Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))


def add_bad_rows(root: Path) -> dict[str, str]:
    """Append an unknown-dx row, a row whose file is missing, a corrupt image, and rows whose
    age is out of range or not a number (rejected, as `skincheck evaluate` rejects them)."""
    root = Path(root)
    part = root / "HAM10000_images_part_1"
    ok = Image.new("RGB", (200, 150), (180, 140, 120))
    ok.save(part / "ISIC_8000001.jpg")
    ok.save(part / "ISIC_8000004.jpg")
    ok.save(part / "ISIC_8000005.jpg")
    (part / "ISIC_8000003.jpg").write_bytes(b"\xff\xd8\xff\xe0 this is not a jpeg")
    bad = [
        ["HAM_8000001", "ISIC_8000001", "xyz", "histo", "40.0", "male", "back"],
        ["HAM_8000002", "ISIC_8000002", "nv", "histo", "40.0", "male", "back"],
        ["HAM_8000003", "ISIC_8000003", "mel", "histo", "", "unknown", "unknown"],
        ["HAM_8000004", "ISIC_8000004", "nv", "histo", "130", "male", "back"],
        ["HAM_8000005", "ISIC_8000005", "nv", "histo", "forty", "male", "back"],
    ]
    with open(root / "HAM10000_metadata.csv", "a", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        for r in bad:
            w.writerow(r)
    return {
        "ISIC_8000001": "unknown dx",
        "ISIC_8000002": "not found",
        "ISIC_8000003": "unreadable",
        "ISIC_8000004": "between 0 and 120, got 130",
        "ISIC_8000005": "between 0 and 120, got forty",
    }
