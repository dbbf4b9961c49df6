"""The committed non-lesion set that the quality gate must refuse (tests/fixtures/non_lesion/).

    python -m skincheck_train.cli.non_lesion --out ../tests/fixtures/non_lesion

Two kinds of picture, all free to commit:
- photos that ship inside scikit-image (`skimage.data`), each public domain or CC0 according to
  its docstring (the licence is copied into CREDITS.md), plus a centre crop of the larger ones;
- synthetic images drawn here with a fixed seed: flat colours (white, black, grey, skin tone),
  gradients, noise, a checkerboard, stripes, text, a cartoon and an app-like screenshot.

scikit-image is needed only to regenerate the set (it is not a test dependency). Clinical
(non-dermoscopic) photos of skin are not available to the project under a licence that allows
committing them, so the set says nothing about how the gate treats them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

MAX_SIDE = 256
SEED = 19

# skimage.data name -> (title, licence as its docstring gives it)
SKIMAGE_PHOTOS = {
    "astronaut": ("Eileen Collins, NASA", "public domain (NASA)"),
    "brick": ("brick wall, CC0Textures", "CC0"),
    "camera": ("man with a camera, Lav Varshney", "CC0"),
    "chelsea": ("Chelsea the cat, Stefan van der Walt", "CC0"),
    "coffee": ("coffee cup, Rachel Michetti", "CC0"),
    "coins": ("Greek coins, Brooklyn Museum", "no known copyright restrictions"),
    "grass": ("grass, linolafett", "CC0"),
    "gravel": ("gravel, CC0Textures", "CC0"),
    "horse": ("horse silhouette, Andreas Preuss", "CC0"),
    "hubble_deep_field": ("Hubble eXtreme Deep Field, NASA", "public domain (NASA)"),
    "immunohistochemistry": ("IHC-stained colonic glands, CMMI", "no known copyright restrictions"),
    "retina": ("fundus photograph, Mikael Häggström", "CC0"),
    "rocket": ("DSCOVR launch, SpaceX", "public domain"),
    "text": ("corner test text, Wikipedia", "public domain"),
    "clock": ("motion-blurred clock, Stefan van der Walt", "public domain"),
    "cell": ("cell in saline, qpformat", "CC0"),
    "microaneurysms": ("retina detail, HRF database, Andreas Maier", "CC0"),
}
CENTRE_CROPS = ("astronaut", "chelsea", "coffee", "rocket", "hubble_deep_field", "retina")


def _rgb(a: np.ndarray) -> Image.Image:
    if a.dtype == bool:
        a = a.astype(np.uint8) * 255
    if a.ndim == 2:
        a = np.stack([a] * 3, axis=-1)
    return Image.fromarray(np.ascontiguousarray(a[..., :3]).astype(np.uint8))


def _fit(img: Image.Image) -> Image.Image:
    scale = MAX_SIDE / max(img.size)
    if scale >= 1:
        return img
    size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
    return img.resize(size, Image.BILINEAR)


def _centre_crop(img: Image.Image, fraction: float = 0.5) -> Image.Image:
    w, h = img.size
    cw, ch = int(w * fraction), int(h * fraction)
    return img.crop(((w - cw) // 2, (h - ch) // 2, (w + cw) // 2, (h + ch) // 2))


def synthetic_images(size: tuple[int, int] = (200, 150)) -> dict[str, Image.Image]:
    """Drawn pictures, the same bytes every run."""
    rng = np.random.default_rng(SEED)
    w, h = size
    out: dict[str, Image.Image] = {}
    for name, colour in {
        "flat_white": (255, 255, 255),
        "flat_black": (0, 0, 0),
        "flat_grey": (128, 128, 128),
        "flat_skin_tone": (224, 172, 150),
    }.items():
        out[name] = Image.new("RGB", size, colour)
    x = np.linspace(0, 255, w, dtype=np.float32)[None, :].repeat(h, 0)
    y = np.linspace(0, 255, h, dtype=np.float32)[:, None].repeat(w, 1)
    out["gradient_grey"] = _rgb(x.astype(np.uint8))
    out["gradient_colour"] = _rgb(np.stack([x, y, 255 - x], -1).astype(np.uint8))
    out["noise_uniform"] = _rgb(rng.integers(0, 256, (h, w, 3), dtype=np.uint8))
    grey = np.clip(rng.normal(128, 40, (h, w)), 0, 255).astype(np.uint8)
    out["noise_gaussian_grey"] = _rgb(grey)
    cells = ((np.arange(h)[:, None] // 15 + np.arange(w)[None, :] // 15) % 2) * 255
    out["checkerboard"] = _rgb(cells.astype(np.uint8))
    stripes = np.zeros((h, w, 3), np.uint8)
    for i, c in enumerate([(230, 40, 40), (40, 180, 60), (40, 80, 220), (240, 200, 40)]):
        stripes[:, i * w // 4 : (i + 1) * w // 4] = c
    out["colour_stripes"] = _rgb(stripes)

    text = Image.new("RGB", size, (250, 250, 245))
    d = ImageDraw.Draw(text)
    for row in range(9):
        d.text((8, 6 + row * 16), "The quick brown fox jumps over", fill=(20, 20, 20))
    out["text_page"] = text

    crab = Image.new("RGB", size, (120, 200, 240))
    d = ImageDraw.Draw(crab)
    d.rectangle((0, 110, w, h), fill=(235, 210, 140))
    for side in (-1, 1):
        for k in range(3):
            x0 = w // 2 + side * (30 + k * 12)
            d.line((w // 2 + side * 20, 80, x0, 110 + k * 6), fill=(180, 30, 20), width=5)
        d.ellipse((w // 2 + side * 48 - 14, 40, w // 2 + side * 48 + 14, 62), fill=(200, 40, 30))
    d.ellipse((w // 2 - 40, 55, w // 2 + 40, 105), fill=(210, 50, 35), outline=(90, 10, 5), width=3)
    for side in (-1, 1):
        d.ellipse((w // 2 + side * 12 - 5, 62, w // 2 + side * 12 + 5, 72), fill=(255, 255, 255))
        d.ellipse((w // 2 + side * 12 - 2, 65, w // 2 + side * 12 + 2, 69), fill=(0, 0, 0))
    out["cartoon_crab"] = crab

    shot = Image.new("RGB", size, (245, 246, 248))
    d = ImageDraw.Draw(shot)
    d.rectangle((0, 0, w, 22), fill=(40, 70, 140))
    d.text((8, 5), "Settings", fill=(255, 255, 255))
    for row in range(4):
        top = 32 + row * 28
        d.rectangle((8, top, w - 8, top + 22), fill=(255, 255, 255), outline=(210, 210, 215))
        d.text((14, top + 5), f"Option {row + 1}", fill=(30, 30, 30))
        knob = (60, 160, 90) if row % 2 else (200, 200, 205)
        d.ellipse((w - 34, top + 4, w - 14, top + 18), fill=knob)
    out["app_screenshot"] = shot
    return out


def skimage_photos() -> dict[str, tuple[Image.Image, str, str]]:
    import skimage.data as data  # only needed to regenerate the set

    out = {}
    for name, (title, licence) in SKIMAGE_PHOTOS.items():
        img = _rgb(getattr(data, name)())
        out[f"skimage_{name}"] = (_fit(img), title, licence)
        if name in CENTRE_CROPS:
            crop = _fit(_centre_crop(img))
            out[f"skimage_{name}_centre"] = (crop, title + " (centre crop)", licence)
    return out


def write_set(out_dir: Path) -> list[str]:
    out_dir.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Non-lesion pictures the quality gate must refuse",
        "",
        "Made by `python -m skincheck_train.cli.non_lesion`"
        " (training/skincheck_train/non_lesion.py).",
        "Clinical (non-dermoscopic) skin photos are not available to the project under a licence",
        "that allows committing them: this set says nothing about how the gate treats them.",
        "",
        "| file | what | licence |",
        "|---|---|---|",
    ]
    names = []
    for name, (img, title, licence) in skimage_photos().items():
        file = f"{name}.jpg"
        img.save(out_dir / file, quality=90)
        lines.append(f"| {file} | scikit-image `skimage.data`: {title} | {licence} |")
        names.append(file)
    for name, img in synthetic_images().items():
        file = f"{name}.png"
        img.save(out_dir / file, optimize=True)
        lines.append(f"| {file} | drawn by non_lesion.py (seed {SEED}) | CC0 (this project) |")
        names.append(file)
    (out_dir / "CREDITS.md").write_text("\n".join(lines) + "\n")
    return names
