"""The shipped recipe's parts: class caps and the logit-adjusted loss, test-time augmentation
(the contract's dihedral views, shared with Rust), cross-fitted offsets, the prefix cache."""

import argparse

import numpy as np
import torch
import torch.nn.functional as F
from conftest import REPO

from skincheck_train import contract, metadata
from skincheck_train.calibrate import calibrate, cross_fitted_decisions
from skincheck_train.heads import ort_session
from skincheck_train.imbalance import capped_counts, epoch_order, log_prior, loss_fn
from skincheck_train.reference import tta_run

FIXTURES = REPO / "tests" / "fixtures"


def test_epoch_order_caps_the_common_class_and_keeps_every_rare_image():
    labels = np.array([0] * 50 + [1] * 7 + [5] * 3)
    g = torch.Generator().manual_seed(0)
    a, b = epoch_order(labels, 20, g), epoch_order(labels, 20, g)
    for order in (a, b):
        got = np.bincount(labels[order.numpy()], minlength=7)
        assert list(got[[0, 1, 5]]) == [20, 7, 3]
        assert len(set(order.tolist())) == len(order)  # no image twice
    assert set(a.tolist()) != set(b.tolist())  # a fresh sample of class 0 each epoch
    assert list(capped_counts(labels, 20)[[0, 1, 5]]) == [20, 7, 3]
    assert list(capped_counts(labels, None)[[0, 1, 5]]) == [50, 7, 3]
    assert len(epoch_order(labels, None, g)) == len(labels)


def test_logit_adjusted_loss_is_cross_entropy_of_prior_shifted_logits():
    counts = np.array([600, 100, 100, 50, 30, 10, 10])
    prior = log_prior(counts)
    np.testing.assert_allclose(prior.exp().sum(), 1.0, rtol=1e-6)
    logits = torch.randn(16, 7, generator=torch.Generator().manual_seed(0))
    y = torch.arange(16) % 7
    la = loss_fn(logits, y, "la", weights=torch.ones(7), prior_log=prior, smoothing=0.0)
    torch.testing.assert_close(la, F.cross_entropy(logits + prior, y))
    # a rare-class example costs more than the same logits for the common class
    zero = torch.zeros(1, 7)
    rare = loss_fn(zero, torch.tensor([6]), "la", weights=None, prior_log=prior, smoothing=0)
    common = loss_fn(zero, torch.tensor([0]), "la", weights=None, prior_log=prior, smoothing=0)
    assert rare > common


def test_dihedral_views_are_the_eight_symmetries_and_undo_inverts_them():
    x = np.arange(2 * 4 * 4, dtype=np.float32).reshape(2, 4, 4)
    views = contract.dihedral_views(x)
    assert views.shape == (8, 2, 4, 4)
    assert len({v.tobytes() for v in views}) == 8
    # the documented order, also asserted by crates/core/src/tta.rs
    m = np.array([[0, 1], [2, 3]])
    assert contract.dihedral_views(m)[1].tolist() == [[1, 3], [0, 2]]
    assert contract.dihedral_views(m)[4].tolist() == [[1, 0], [3, 2]]
    t = torch.from_numpy(x)
    for i, v in enumerate(views):
        expect = torch.rot90(t, i % 4, dims=(1, 2))
        expect = expect.flip(-1) if i >= 4 else expect
        np.testing.assert_array_equal(v, expect.numpy())
        np.testing.assert_array_equal(contract.undo_dihedral(v, i), x)


def test_tta_logits_do_not_depend_on_the_photo_orientation():
    """The 8 views of a rotated or mirrored photo are the 8 views of the photo, so the
    averaged logits (and the turned-back, averaged cam) are the same."""
    sess = ort_session(FIXTURES / "tiny_model.onnx")
    s = contract.IMAGE_SIZE
    x = np.random.default_rng(0).standard_normal((3, s, s)).astype(np.float32)
    meta = np.zeros((1, metadata.LENGTH), np.float32)
    meta[0, [1, 4, 19]] = 1
    logits, cam = tta_run(sess, x, meta, contract.TTA_DIHEDRAL8)
    plain, _ = tta_run(sess, x, meta, contract.TTA_NONE)
    assert np.abs(logits - plain).max() > 1e-3  # the tiny model is not invariant itself
    for i in (1, 6):
        turned = contract.dihedral_views(x)[i]
        lt, ct = tta_run(sess, turned, meta, contract.TTA_DIHEDRAL8)
        np.testing.assert_allclose(lt, logits, atol=1e-4)
        np.testing.assert_allclose(contract.undo_dihedral(ct, i), cam, atol=1e-4)


def _biased_logits(n=700, bias=2.0, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 7, n)
    logits = rng.standard_normal((n, 7)) + 2.5 * np.eye(7)[y]
    logits[:, 0] += bias  # a model that over-predicts class 0
    groups = np.array([f"L{i // 2}" for i in range(n)])  # two photos per lesion
    return logits, y, groups


def test_cross_fitted_offsets_are_kept_only_when_they_help_unseen_lesions():
    logits, y, groups = _biased_logits(bias=2.0)
    lp = np.log(contract.softmax(logits))
    dec = cross_fitted_decisions(lp, y, groups)
    assert dec.shape == y.shape
    helped = calibrate(logits, y, groups=groups)
    assert helped["decision_offsets"] != [0.0] * 7
    v = helped["val"]
    assert v["balanced_accuracy_offsets_cross_fitted"] > v["balanced_accuracy_argmax"] + 0.02
    unbiased, y2, g2 = _biased_logits(bias=0.0, seed=1)
    fair = calibrate(unbiased, y2, groups=g2)
    assert fair["decision_offsets"] == [0.0] * 7  # tuning would only fit noise
    assert (
        fair["val"]["balanced_accuracy_tuned_offsets_in_sample"]
        >= (fair["val"]["balanced_accuracy_argmax"])
    )


def test_prefix_cache_holds_the_contract_view_and_its_dihedral_views(tmp_path):
    from helpers import make_dataset

    from skincheck_train.augment import normalise
    from skincheck_train.batches import load_batch
    from skincheck_train.data import load_dataset
    from skincheck_train.model import SkinCheckNet, export_prefix_onnx
    from skincheck_train.prefix_cache import build_prefix_cache

    root, _ = make_dataset(tmp_path / "ham", per_class=1, images_per_lesion=(1, 1))
    records, _ = load_dataset([str(root)])
    splits = {"train": records[:4], "val": records[4:6]}
    model = SkinCheckNet(pretrained=True, image_size=64, prefix_blocks=5).eval()
    args = argparse.Namespace(
        image_size=64, views=3, val_views=8, prefix_blocks=5, seed=0, cache_dir=None, threads=1
    )
    cache = build_prefix_cache(model, splits, args, tmp_path)
    assert cache["train"].shape == (4, 3, model.prefix_ch, 8, 8)
    assert cache["val"].shape == (2, 8, model.prefix_ch, 8, 8)
    export_prefix_onnx(model, tmp_path / "p.onnx", 64)
    sess = ort_session(tmp_path / "p.onnx")
    x = normalise(load_batch(splits["val"], 64)).numpy()
    scale = float(np.abs(cache["val"]).max())
    assert scale > 0.5  # ImageNet features, not a dead network
    for i, v in enumerate(contract.dihedral_views(x)):
        want = sess.run(None, {"image": v})[0]
        np.testing.assert_allclose(cache["val"][:, i], want, atol=2e-3 * scale)  # fp16
    xt = normalise(load_batch(splits["train"], 64)).numpy()
    want = sess.run(None, {"image": xt})[0]
    np.testing.assert_allclose(cache["train"][:, 0], want, atol=2e-3 * scale)
    changed = np.abs(cache["train"][:, 1].astype(np.float32) - cache["train"][:, 0])
    assert changed.max() > 0.1 * scale  # the other views are augmented


def test_mixup_blends_maps_and_metadata_with_one_partner_each():
    from skincheck_train.augment import mixup, mixup_weight

    rng = np.random.default_rng(0)
    assert mixup_weight(0.0, rng) == 1.0
    lams = [mixup_weight(0.4, rng) for _ in range(200)]
    assert min(lams) >= 0.5 and max(lams) <= 1.0 and len(set(lams)) > 100
    g = torch.Generator().manual_seed(1)
    f = torch.randn(6, 4, 3, 3, generator=g)
    m = torch.randn(6, 20, generator=g)
    fm, mm, partner = mixup(f, m, 0.7, g)
    assert sorted(partner.tolist()) == list(range(6))
    torch.testing.assert_close(fm, 0.7 * f + 0.3 * f[partner])
    torch.testing.assert_close(mm, 0.7 * m + 0.3 * m[partner])
    # the mixed loss is the cross-entropy against the mixed (soft) target
    logits = torch.randn(6, 7, generator=g)
    y = torch.arange(6)
    mixed = 0.7 * F.cross_entropy(logits, y) + 0.3 * F.cross_entropy(logits, y[partner])
    soft = 0.7 * F.one_hot(y, 7).float() + 0.3 * F.one_hot(y[partner], 7).float()
    torch.testing.assert_close(mixed, F.cross_entropy(logits, soft))
