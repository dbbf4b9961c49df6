"""HAM10000 layout reader.

A `--data` folder holds a metadata CSV (`HAM10000_metadata.csv` or any `*metadata*.csv`) and/or
images (`ISIC_*.jpg`) in itself or in sub-folders (`images/`, `HAM10000_images_part_1/`,
`HAM10000_images_part_2/`, ...). Several `--data` folders are merged: rows from every CSV, images
from every folder. Rows that cannot be used are returned as `skipped` with a reason (and logged),
never dropped silently.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from .contract import CLASS_CODES, LICENCE
from .metadata import age_or_missing

log = logging.getLogger("skincheck_train.data")

REPO_ROOT = Path(__file__).resolve().parents[2]


def default_data_dir() -> Path:
    """Where the HAM10000 copy is: `$SKINCHECK_DATA`, else `../shared/data/ham10000` beside the
    repository root (as scripts/test.sh and the Rust tests look for it)."""
    env = os.environ.get("SKINCHECK_DATA")
    return Path(env) if env else REPO_ROOT.parent / "shared" / "data" / "ham10000"


HAM_COLUMNS = ["lesion_id", "image_id", "dx", "dx_type", "age", "sex", "localization"]
IMAGE_EXTS = {".jpg", ".jpeg", ".png"}


@dataclass
class Record:
    image_id: str
    lesion_id: str
    dx: str
    dx_type: str
    age: str
    sex: str
    localization: str
    path: Path
    label: int
    raw: dict = field(default_factory=dict, repr=False)  # the CSV row exactly as read
    pixel_hash: str = ""
    image_size: tuple[int, int] = (0, 0)  # (width, height) of the file; (0, 0): not read


@dataclass
class Skipped:
    image_id: str
    reason: str

    def as_dict(self) -> dict:
        return {"image_id": self.image_id, "reason": self.reason}


def find_metadata_csvs(data_dirs: list[Path]) -> list[Path]:
    out = []
    for d in data_dirs:
        d = Path(d)
        if d.is_file() and d.suffix == ".csv":
            out.append(d)
            continue
        cands = sorted(d.glob("HAM10000_metadata*.csv")) or sorted(d.glob("*metadata*.csv"))
        out.extend(cands)
    return out


def index_images(data_dirs: list[Path], max_depth: int = 2) -> dict[str, Path]:
    """image_id (file stem) -> path, searching each folder and sub-folders up to max_depth."""
    found: dict[str, Path] = {}

    def walk(d: Path, depth: int) -> None:
        try:
            entries = sorted(d.iterdir())
        except OSError:
            return
        for p in entries:
            if p.is_dir():
                if depth < max_depth:
                    walk(p, depth + 1)
            elif p.suffix.lower() in IMAGE_EXTS:
                found.setdefault(p.stem, p)

    for d in data_dirs:
        d = Path(d)
        if d.is_dir():
            walk(d, 0)
    return found


def check_image(path: Path) -> tuple[str, tuple[int, int]]:
    """Decode (JPEG draft mode: reduced scale, fast); return a hash of the pixels and the
    file's (width, height).

    Raises OSError/ValueError for unreadable or truncated images.
    """
    with Image.open(path) as im:
        size = im.size
        im.draft("RGB", (64, 64))
        im = im.convert("RGB")
        im.load()
        a = np.asarray(im.resize((32, 32), Image.BILINEAR), dtype=np.uint8)
    if a.size == 0:
        raise ValueError("empty image")
    return hashlib.md5(a.tobytes()).hexdigest(), size


def load_dataset(
    data_dirs: list[str | Path], check_images: bool = True
) -> tuple[list[Record], list[Skipped]]:
    """Read metadata CSV(s) + image folders. Returns (records, skipped rows with reasons)."""
    data_dirs = [Path(d) for d in data_dirs]
    csvs = find_metadata_csvs(data_dirs)
    if not csvs:
        raise FileNotFoundError(f"no metadata CSV in {', '.join(map(str, data_dirs))}")
    images = index_images(data_dirs)
    records: list[Record] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for csv_path in csvs:
        with open(csv_path, newline="") as f:
            reader = csv.DictReader(f)
            missing = [c for c in HAM_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise ValueError(f"{csv_path}: missing columns {missing}")
            for row in reader:
                iid = (row.get("image_id") or "").strip()
                dx = (row.get("dx") or "").strip()
                if not iid:
                    skipped.append(Skipped("", f"{csv_path.name}: row without image_id"))
                    continue
                if iid in seen:
                    skipped.append(Skipped(iid, "duplicate image_id row"))
                    continue
                seen.add(iid)
                if dx not in CLASS_CODES:
                    skipped.append(Skipped(iid, f"unknown dx {dx!r}"))
                    continue
                if not (row.get("lesion_id") or "").strip():
                    skipped.append(Skipped(iid, "missing lesion_id"))
                    continue
                try:  # an unusable age rejects the row, as `skincheck evaluate` does
                    age_or_missing(row.get("age") or "")
                except ValueError as e:
                    skipped.append(Skipped(iid, str(e)))
                    continue
                path = images.get(iid)
                if path is None:
                    skipped.append(Skipped(iid, "image file not found"))
                    continue
                phash, size = "", (0, 0)
                if check_images:
                    try:
                        phash, size = check_image(path)
                    except Exception as e:  # noqa: BLE001 - any decode failure skips the row
                        skipped.append(Skipped(iid, f"unreadable image {path.name}: {e}"))
                        continue
                records.append(
                    Record(
                        image_id=iid,
                        lesion_id=row["lesion_id"].strip(),
                        dx=dx,
                        dx_type=(row.get("dx_type") or "").strip(),
                        age=(row.get("age") or "").strip(),
                        sex=(row.get("sex") or "").strip(),
                        localization=(row.get("localization") or "").strip(),
                        path=path,
                        label=CLASS_CODES.index(dx),
                        raw={k: row.get(k, "") for k in HAM_COLUMNS},
                        pixel_hash=phash,
                        image_size=size,
                    )
                )
    for s in skipped:
        log.warning("skipped row %s: %s", s.image_id or "?", s.reason)
    log.info("dataset: %d usable rows, %d skipped", len(records), len(skipped))
    return records, skipped


def describe(records: list[Record]) -> str:
    """The data set a model was trained on, for the card's `training.data`: name, citation,
    image count and size, licence (never a folder), e.g. "HAM10000 (Tschandl et al. 2018),
    8,481 images at 200x150, CC BY-NC-SA 4.0"."""
    sizes = sorted({r.image_size for r in records if r.image_size != (0, 0)})
    if len(sizes) == 1:
        at = f" at {sizes[0][0]}x{sizes[0][1]}"
    elif sizes:
        small, large = min(sizes, key=lambda s: s[0] * s[1]), max(sizes, key=lambda s: s[0] * s[1])
        at = f" at {small[0]}x{small[1]} to {large[0]}x{large[1]}"
    else:
        at = ""
    return f"HAM10000 (Tschandl et al. 2018), {len(records):,} images{at}, {LICENCE}"


def limit_records(records: list[Record], n: int | None, seed: int = 0) -> list[Record]:
    """Deterministic subset of about n images, whole lesions, every class kept when possible."""
    if not n or n >= len(records):
        return records
    rng = np.random.default_rng(seed)
    by_lesion: dict[str, list[Record]] = {}
    for r in records:
        by_lesion.setdefault(r.lesion_id, []).append(r)
    lesions = sorted(by_lesion)
    rng.shuffle(lesions)
    # round-robin over classes so rare classes are present
    by_dx: dict[str, list[str]] = {}
    for lid in lesions:
        by_dx.setdefault(by_lesion[lid][0].dx, []).append(lid)
    chosen: list[Record] = []
    queues = [by_dx[d] for d in CLASS_CODES if d in by_dx]
    i = 0
    while len(chosen) < n and any(queues):
        q = queues[i % len(queues)]
        if q:
            chosen.extend(by_lesion[q.pop(0)])
        i += 1
    keep = {r.image_id for r in chosen}
    return [r for r in records if r.image_id in keep]
