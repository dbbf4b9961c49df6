"""The contract's resize (contract.center_square_resize) follows the Rust core's rule, and the
training data path is unchanged by it."""

import numpy as np
from conftest import REPO
from PIL import Image

from skincheck_train import contract, fixture_images
from skincheck_train.batches import load_square

IMAGES = REPO / "tests" / "fixtures" / "images"


def _old_resize(img: Image.Image, size: int) -> Image.Image:
    """The resize before the box rule: centred square, PIL bilinear straight to size."""
    w, h = img.size
    s = min(w, h)
    sq = img.crop(((w - s) // 2, (h - s) // 2, (w - s) // 2 + s, (h - s) // 2 + s))
    return sq if s == size else sq.resize((size, size), Image.BILINEAR)


def test_box_factor_is_the_rust_rule():
    # Rust: factor = side / (2 * size), used when >= 2 (squares of at least 4x the size)
    assert [contract.box_factor(s, 192) for s in (150, 192, 767, 768, 1151, 1152, 1200)] == [
        1,
        1,
        1,
        2,
        2,
        3,
        3,
    ]
    assert contract.box_factor(3024, 192) == 7


def test_box_downsample_rounds_half_up_and_drops_the_remainder():
    a = np.zeros((7, 8, 3), np.uint8)
    a[0, 0], a[0, 1], a[1, 0], a[1, 1] = (1, 2, 255), (2, 2, 255), (0, 2, 255), (0, 1, 254)
    a[6, :] = 200  # the 7th row does not fill a block: dropped
    out = np.asarray(contract.box_downsample(Image.fromarray(a), 2))
    assert out.shape == (3, 4, 3)
    # sums 3, 7, 1019 over 4 pixels: (s + 2) // 4 = 1, 2, 255 (0.75 -> 1, 1.75 -> 2)
    assert out[0, 0].tolist() == [1, 2, 255]
    assert (out[1:] == 0).all() and (out[0, 1:] == 0).all()


def test_ham_images_resize_exactly_as_before():
    """HAM's 200x150 photos: the 150 px square is enlarged (192 for the model, 219 for the
    augmentation's base), never box-averaged, so the training inputs are the same pixels."""
    photos = sorted((IMAGES / "batch").glob("*.jpg"))
    assert len(photos) == 12
    for p in photos:
        src = contract.load_rgb(p)
        assert src.size == (200, 150) and contract.box_factor(150, 192) == 1
        for size in (contract.IMAGE_SIZE, round(contract.IMAGE_SIZE * 256 / 224)):
            new = np.asarray(contract.center_square_resize(src, size))
            assert np.array_equal(new, np.asarray(_old_resize(src, size))), (p.name, size)
            assert np.array_equal(load_square(p, size), new)


def test_large_fixture_photo_and_its_committed_view():
    photo = IMAGES / fixture_images.LARGE_NAME
    assert photo.stat().st_size < 400_000
    with Image.open(photo) as im:
        assert im.format == "JPEG" and im.size == (1600, 1200)
    src = contract.load_rgb(photo)
    assert contract.box_factor(min(src.size), contract.IMAGE_SIZE) == 3
    committed = np.asarray(Image.open(fixture_images.large_view_path(IMAGES)).convert("RGB"))
    view = np.asarray(fixture_images.model_view(photo))
    assert np.array_equal(committed, view), "run `python -m skincheck_train.fixture_images --large`"
    # the box rule is what brings Python's view to within a grey level of the Rust core's
    # (crates/core/tests/parity.rs); the plain bilinear resize it replaced differs visibly
    old = np.asarray(_old_resize(src, contract.IMAGE_SIZE), np.int16)
    assert np.abs(old - view.astype(np.int16)).max() >= 3
    assert fixture_images.LARGE_NAME in (IMAGES / "CREDITS.md").read_text()


def test_large_photo_is_reproducible_from_its_committed_source():
    """The generator still makes the committed photo's pixels (up to JPEG coding)."""
    made = np.asarray(fixture_images.large_photo(IMAGES / fixture_images.LARGE_SOURCE), np.int16)
    committed = np.asarray(contract.load_rgb(IMAGES / fixture_images.LARGE_NAME), np.int16)
    assert made.shape == committed.shape
    assert np.abs(made - committed).mean() < 3
