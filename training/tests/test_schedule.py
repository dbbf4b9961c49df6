import numpy as np
import pytest
import torch

from skincheck_train.schedule import make_one_cycle, one_cycle_factor, peak_step


@pytest.mark.parametrize("total,pct", [(100, 0.25), (37, 0.3), (10, 0.25)])
def test_one_cycle_shape(total, pct):
    f = np.array([one_cycle_factor(s, total, pct) for s in range(total)])
    p = peak_step(total, pct)
    assert p == round(pct * total)
    assert int(np.argmax(f)) == p and f[p] == pytest.approx(1.0)
    assert np.all(np.diff(f[: p + 1]) > 0)  # rises
    assert np.all(np.diff(f[p:]) < 0)  # then falls
    assert f[0] == pytest.approx(1 / 25) and f[-1] < f[0] / 100


def test_per_group_learning_rates_follow_schedule():
    a, b = torch.nn.Parameter(torch.zeros(1)), torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.AdamW([{"params": [a], "lr": 1e-4}, {"params": [b], "lr": 1e-3}])
    total = 40
    sched = make_one_cycle(opt, total, 0.25)
    lrs = []
    for _ in range(total):
        lrs.append([g["lr"] for g in opt.param_groups])
        opt.step()
        sched.step()
    lrs = np.array(lrs)
    assert int(np.argmax(lrs[:, 0])) == int(np.argmax(lrs[:, 1])) == 10
    assert lrs[10, 0] == pytest.approx(1e-4) and lrs[10, 1] == pytest.approx(1e-3)
    np.testing.assert_allclose(lrs[:, 1] / lrs[:, 0], 10.0)
