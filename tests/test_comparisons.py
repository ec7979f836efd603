"""The short comparison runs: zero start keeps units identical, random start does not;
activation and scale comparisons return finite, complete histories, fast."""

from __future__ import annotations

import numpy as np
import pytest

from shallownet import comparisons as cmp
from shallownet.datasets import make_dataset
from shallownet.network import backward, forward, init_params

DATA = make_dataset("moons", 200, 0.2, seed=1, test_fraction=0.25)
UNBALANCED = cmp.unbalanced(DATA)


@pytest.mark.parametrize("n_h", [3, 4, 16])
def test_zero_init_rows_stay_identical_and_random_rows_do_not(n_h):
    result = cmp.zero_init_comparison(UNBALANCED, n_h, "sigmoid", steps=200)
    W1_zero, W1_rand = result.zero.run.end["W1"], result.random.run.end["W1"]
    assert np.abs(W1_zero).max() > 0.1  # the zero start did train (sigmoid, unbalanced labels) ...
    assert cmp.row_spread(W1_zero) <= 1e-9 * np.abs(W1_zero).max()  # ... but every row the same
    assert result.zero.distinct_units == 1
    W2 = result.zero.run.end["W2"]
    assert np.ptp(W2) <= 1e-9 * np.abs(W2).max()  # W2's entries equal too
    assert result.random.distinct_units == n_h
    assert cmp.row_spread(W1_rand) > 0.1
    H = result.zero.thumbnails.H  # every hidden unit draws the same picture
    assert np.abs(H - H[:1]).max() <= 1e-9


@pytest.mark.parametrize("activation", ["tanh", "relu", "leaky_relu"])
def test_zero_init_with_g0_equal_0_never_moves_the_weights(activation):
    """g(0) = 0 → A1 = 0 → dW2 = 0 and, with W2 = 0, dZ1 = 0: W1, b1 and W2 stay exactly zero."""
    run = cmp.zero_init_comparison(UNBALANCED, 4, activation, steps=100).zero.run
    for name in ("W1", "b1", "W2"):
        assert not run.end[name].any(), name
    assert run.end["b2"].item() != 0  # only the output bias learns (the base rate)


def test_balanced_classes_make_the_zero_start_a_stationary_point():
    Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0, 0.0]])
    X = np.random.default_rng(0).normal(size=(2, 6))
    params = init_params(2, 3, scale=0.0)
    _, cache = forward(params, X, "sigmoid")
    grads = backward(params, cache, X, Y, "sigmoid")
    assert all(not g.any() for g in grads.values())


def test_unbalanced_keeps_class_0_and_half_of_class_1():
    y0, y1 = (DATA.Y_train[0] < 0.5).sum(), (DATA.Y_train[0] > 0.5).sum()
    u0, u1 = (UNBALANCED.Y_train[0] < 0.5).sum(), (UNBALANCED.Y_train[0] > 0.5).sum()
    assert u0 == y0 and u1 == y1 // 2
    assert UNBALANCED.X_train.shape == (2, u0 + u1)
    assert UNBALANCED.X_test is DATA.X_test


def test_distinct_rows():
    assert cmp.distinct_rows(np.zeros((4, 2))) == 1
    assert cmp.distinct_rows(np.array([[1.0, 2.0], [1.0, 2.0], [1.0, 2.5]])) == 2
    assert cmp.distinct_rows(np.arange(6.0).reshape(3, 2)) == 3


def test_activation_comparison_runs_every_activation_to_the_end():
    runs = cmp.activation_comparison(DATA, 4, init_scale=1.0, steps=150)
    assert list(runs) == list(cmp.ACTIVATION_ORDER)
    for run in runs.values():
        h = run.history
        assert run.steps == 150 and not run.divergence
        for key in ("train_cost", "norm_dW1", "norm_db1", "norm_dW2", "norm_db2"):
            assert h[key].shape == (151,) and np.isfinite(h[key]).all()
        assert h["train_cost"][-1] < h["train_cost"][0]
    # sigmoid′ ≤ 0.25 lets less gradient through than tanh′ from the same start
    assert runs["sigmoid"].saturation_start.mean_gprime <= 0.25
    assert runs["sigmoid"].history["norm_dW1"][0] < runs["tanh"].history["norm_dW1"][0]
    assert runs["leaky_relu"].saturation_start.share_saturated == 0.0  # leaky′ is never below 0.01


def test_activation_curves_from_the_table():
    curves = cmp.activation_curves()
    assert curves["sigmoid"].gprime.max() == pytest.approx(0.25, abs=1e-3)
    assert curves["tanh"].gprime.max() == pytest.approx(1.0, abs=1e-3)
    relu = curves["relu"]
    assert relu.saturated[relu.z < 0].all() and not relu.saturated[relu.z > 0].any()
    assert not curves["leaky_relu"].saturated.any()
    t = curves["tanh"]
    assert t.saturated[np.abs(t.z) > 3.1].all() and not t.saturated[np.abs(t.z) < 2.9].any()


def test_init_scale_comparison_saturates_with_scale():
    results = cmp.init_scale_comparison(DATA, 4, "tanh", steps=50)
    assert [r.scale for r in results] == list(cmp.INIT_SCALES)
    shares = [r.histogram.share_saturated for r in results]
    assert shares[0] == 0.0 and shares[-1] > 0.3 and shares == sorted(shares)
    m = DATA.X_train.shape[1]
    for r in results:
        h = r.histogram
        assert h.counts_ok.sum() + h.counts_saturated.sum() == 4 * m
        assert h.share_saturated == pytest.approx(h.counts_saturated.sum() / (4 * m))
        assert np.isfinite(r.run.history["train_cost"]).all()


def test_zero_z1_histogram_has_a_range():
    h = cmp.z1_histogram(init_params(2, 3, scale=0.0), DATA.X_train, "tanh")
    assert h.z_absmax == 0.0 and np.isfinite(h.edges).all() and h.edges[0] < 0 < h.edges[-1]



def test_a_run_until_a_target_stops_after_the_chunk_that_reached_it():
    run = cmp.train_run(DATA, 4, "tanh", 1.0, steps=3000, until_cost=0.15, chunk=50)
    costs = run.history["train_cost"]
    assert run.reached is not None and costs[run.reached] < 0.15 and (costs[: run.reached] >= 0.15).all()
    assert run.steps == 50 * -(-run.reached // 50)  # the end of the chunk that got there
    never = cmp.train_run(DATA, 4, "tanh", 0.01, steps=200, until_cost=1e-6)
    assert never.reached is None and never.steps == 200
    assert cmp.train_run(DATA, 4, "tanh", 1.0, steps=20).reached is None  # no target, no claim
