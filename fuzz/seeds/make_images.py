"""Writes the small seed images of the decode fuzz targets (fuzz/seeds/images/).

One picture per format, pixel type and JPEG variant `skincheck_core::decode_rgb` reads, each
a few kB (the committed fixtures are all 8-bit RGB PNG or baseline JPEG), so the fuzzer starts
inside every decoder instead of having to discover its magic bytes. Run from the repository
root with Pillow: `python3 fuzz/seeds/make_images.py`; the output is committed.
"""

from pathlib import Path

from PIL import Image

SRC = Path("tests/fixtures/images/mel_ISIC_0024310.png")
OUT = Path("fuzz/seeds/images")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    small = Image.open(SRC).convert("RGB").resize((40, 34))
    save = small.save
    save(OUT / "rgb.png")
    small.convert("L").save(OUT / "grey.png")
    small.convert("LA").save(OUT / "grey_alpha.png")
    small.convert("RGBA").save(OUT / "rgba.png")
    small.convert("P").save(OUT / "palette.png")
    grey16 = small.convert("L").convert("I").point(lambda v: v * 257)
    grey16.convert("I;16").save(OUT / "grey16.png")
    save(OUT / "baseline.jpg", quality=75)
    save(OUT / "progressive.jpg", quality=75, progressive=True)
    save(OUT / "subsampling444.jpg", quality=75, subsampling=0)
    save(OUT / "restart.jpg", quality=75, restart_marker_blocks=4)
    small.convert("L").save(OUT / "grey.jpg", quality=75)
    small.convert("CMYK").save(OUT / "cmyk.jpg", quality=75)
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90 degrees clockwise to view
    save(OUT / "exif_orientation6.jpg", quality=75, exif=exif)
    save(OUT / "rgb.gif")
    save(OUT / "rgb.bmp")
    save(OUT / "rgb.tiff")
    save(OUT / "deflate.tiff", compression="tiff_adobe_deflate")
    save(OUT / "lossy.webp", quality=60)
    save(OUT / "lossless.webp", lossless=True)
    # Large but tiny on disk: the model view box-averages it before resizing.
    Image.new("RGB", (2000, 1500), (180, 120, 100)).save(OUT / "flat_2000x1500.png")
    small.resize((33, 200)).save(OUT / "tall_33x200.png")


if __name__ == "__main__":
    main()
