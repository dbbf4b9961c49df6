import numpy as np
import pytest

from skincheck_train.calibrate import (
    balanced_accuracy,
    calibrate,
    fit_temperature,
    reliability,
    suspicious_threshold_for,
    tune_offsets,
)
from skincheck_train.contract import MALIGNANT_IDX, softmax
from skincheck_train.decision import decisions


def synthetic(n=4000, seed=0, prior=(0.6, 0.1, 0.1, 0.06, 0.05, 0.05, 0.04)):
    rng = np.random.default_rng(seed)
    y = rng.choice(7, size=n, p=prior)
    z = rng.normal(0, 1, (n, 7))
    z[np.arange(n), y] += 1.5
    z += np.log(prior)  # calibrated-ish logits with the class prior
    return z, y


def test_temperature_recovers_scaling():
    z, y = synthetic()
    t0 = fit_temperature(z, y)
    t = fit_temperature(z * 3.0, y)  # over-confident copy
    assert t == pytest.approx(3.0 * t0, rel=0.02)
    p_bad, p_fixed = softmax(z * 3.0), softmax(z * 3.0 / t)
    assert reliability(p_fixed, y)["ece"] < reliability(p_bad, y)["ece"]


def test_ece_handcrafted():
    p = np.array([[0.9, 0.1], [0.9, 0.1], [0.6, 0.4], [0.6, 0.4]])
    y = np.array([0, 1, 0, 0])
    r = reliability(p, y, n_bins=10)
    # bin (0.8,0.9]: conf .9 acc .5 ; bin (0.5,0.6]: conf .6 acc 1.0
    assert r["ece"] == pytest.approx(0.5 * 0.4 + 0.5 * 0.4)
    assert sum(b["count"] for b in r["bins"]) == 4


def test_offsets_improve_balanced_accuracy():
    z, y = synthetic(seed=1)
    lp = np.log(softmax(z))
    b = tune_offsets(lp, y)
    assert b[0] == 0
    assert balanced_accuracy(y, decisions(lp, b)) > balanced_accuracy(y, lp.argmax(1)) + 0.05


def test_suspicious_threshold_sensitivity():
    z, y = synthetic(seed=2)
    p = softmax(z)
    t = suspicious_threshold_for(p, y, 0.95)
    m = p[:, MALIGNANT_IDX].sum(1)
    mal = np.isin(y, MALIGNANT_IDX)
    assert (m[mal] >= t).mean() >= 0.95
    assert (m[mal] >= t + 0.02).mean() < 0.95 + 0.02


def test_calibrate_bundle():
    z, y = synthetic(seed=3)
    c = calibrate(z * 2.0, y)
    assert c["temperature"] > 1.5
    assert c["val"]["ece_after"] < c["val"]["ece_before"]
    assert c["val"]["triage_malignant_flagged_rate"] >= 0.95
    assert len(c["decision_offsets"]) == 7
