"""The trainer: agreement with the reference network, history, snapshots, symmetry of
zero initialisation, and divergence handling."""

from __future__ import annotations

import math

import numpy as np
import pytest

from shallownet import (
    ACTIVATIONS,
    PARAM_NAMES,
    Divergence,
    Trainer,
    accuracy,
    backward,
    compute_cost,
    forward,
    from_rows,
    init_params,
    make_dataset,
    playback,
    update_params,
)
from shallownet.training import BATCH_FIELDS, HISTORY_FIELDS, MAX_ITERATION

F32 = {"rtol": 2e-4, "atol": 2e-6}  # float32 trainer against the float64 reference


@pytest.fixture(scope="module")
def moons():
    return make_dataset("moons", n_samples=200, noise=0.2, seed=1)


def _assert_dicts_close(a, b, **tol):
    assert a.keys() == b.keys()
    for k in a:
        np.testing.assert_allclose(a[k], b[k], err_msg=k, **tol)


# --- agreement with the reference equations ---------------------------------------------------
@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_grads_and_cost_match_the_reference_at_the_current_params(moons, activation):
    t = Trainer(moons, 5, activation, init_scale=1.0, init_seed=2)
    t.step(40, 0.3)
    p = t.params
    A2, cache = forward(p, moons.X_train, activation)
    ref = backward(p, cache, moons.X_train, moons.Y_train, activation)
    _assert_dicts_close(t.grads, ref, **F32)
    h = t.history()
    assert h["train_cost"][-1] == pytest.approx(compute_cost(A2, moons.Y_train), rel=1e-5)
    assert abs(h["train_acc"][-1] - accuracy(A2, moons.Y_train)) <= 1 / A2.shape[1]
    A2t, _ = forward(p, moons.X_test, activation)
    assert h["test_cost"][-1] == pytest.approx(compute_cost(A2t, moons.Y_test), rel=1e-5)
    assert abs(h["test_acc"][-1] - accuracy(A2t, moons.Y_test)) <= 1 / A2t.shape[1]
    for name in PARAM_NAMES:
        assert h["norm_d" + name][-1] == pytest.approx(np.linalg.norm(ref["d" + name]), rel=1e-4, abs=1e-7)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_float64_trainer_follows_a_plain_loop_of_the_reference(moons, activation):
    n_h, lr, steps = 4, 0.7, 150
    t = Trainer(moons, n_h, activation, init_scale=0.5, init_seed=3, dtype=np.float64)
    params = init_params(moons.n_x, n_h, scale=0.5, seed=3)
    costs = []
    for _ in range(steps):
        A2, cache = forward(params, moons.X_train, activation)
        costs.append(compute_cost(A2, moons.Y_train))
        params = update_params(params, backward(params, cache, moons.X_train, moons.Y_train, activation), lr)
    costs.append(compute_cost(forward(params, moons.X_train, activation)[0], moons.Y_train))
    assert t.step(steps, lr) == steps
    _assert_dicts_close(t.params, params, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(t.history()["train_cost"], costs, rtol=1e-10, atol=1e-12)
    assert costs[-1] < costs[0]  # it did learn something


def test_starting_params_can_be_given_and_reset_restores_them(moons):
    start = init_params(2, 3, scale=0.7, seed=9)
    t = Trainer(moons, 3, params=start)
    _assert_dicts_close(t.params, start, rtol=1e-6, atol=1e-7)  # stored as float32
    t.step(25, 0.5)
    assert t.iteration == 25
    t.reset()
    assert t.iteration == 0 and len(t.history()["train_cost"]) == 1 and t.divergence is None
    _assert_dicts_close(t.params, start, rtol=1e-6, atol=1e-7)
    other = init_params(2, 3, scale=0.2, seed=1)
    t.reset(params=other)
    _assert_dicts_close(t.params, other, rtol=1e-6, atol=1e-7)
    assert len(t.snapshots) == 1 and t.snapshots[0].iteration == 0


def test_deterministic_for_a_seed(moons):
    a, b = Trainer(moons, 6, init_seed=4), Trainer(moons, 6, init_seed=4)
    a.step(120, 1.0)
    for _ in range(4):  # one call or several: the same trajectory
        b.step(30, 1.0)
    for k in PARAM_NAMES:
        np.testing.assert_array_equal(a.params[k], b.params[k])
    ha, hb = a.history(), b.history()
    for k in ha:
        np.testing.assert_array_equal(ha[k], hb[k])
    c = Trainer(moons, 6, init_seed=5)
    c.step(120, 1.0)
    assert not np.array_equal(a.params["W1"], c.params["W1"])


def test_history_arrays_have_length_iteration_plus_one(moons):
    t = Trainer(moons, 4)
    h0 = t.history()
    assert set(h0) == {"iteration", "learning_rate", *HISTORY_FIELDS, *BATCH_FIELDS}
    assert all(len(v) == 1 for v in h0.values())
    t.step(7, 0.5)
    t.step(1500, 1.2)  # past the first growth of the buffers
    h = t.history()
    assert t.iteration == 1507
    assert all(len(v) == t.iteration + 1 for v in h.values())
    np.testing.assert_array_equal(h["iteration"], np.arange(1508))
    assert h["learning_rate"][0] == 0.0
    assert np.all(h["learning_rate"][1:8] == 0.5) and np.all(h["learning_rate"][8:] == 1.2)
    for name in HISTORY_FIELDS:
        assert np.all(np.isfinite(h[name])), name
    assert h["train_cost"][-1] < h["train_cost"][0]
    assert np.all((h["train_acc"] >= 0) & (h["train_acc"] <= 1))
    h["train_cost"][:] = -1  # a copy: the trainer's history is not writable from outside
    assert t.history()["train_cost"][0] > 0


def test_without_a_test_set_the_test_columns_are_nan():
    data = make_dataset("blobs", n_samples=60, seed=2, test_fraction=0.0)
    assert data.X_test.shape == (2, 0)
    t = Trainer(data, 3)
    t.step(10, 0.5)
    h = t.history()
    assert np.all(np.isnan(h["test_cost"])) and np.all(np.isnan(h["test_acc"]))
    assert np.all(np.isfinite(h["train_cost"]))


# --- zero initialisation: the symmetry the lecture warns about --------------------------------
@pytest.fixture(scope="module")
def unbalanced():
    """101 + 100 moons points: at the all-zero start the output gradient is not zero."""
    d = make_dataset("moons", n_samples=201, noise=0.2, seed=1)
    assert d.Y_train.mean() != 0.5
    return d


@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
@pytest.mark.parametrize("n_h", [4, 5, 7, 17])  # also sizes that end BLAS blocks unevenly
def test_zero_init_keeps_hidden_units_identical(unbalanced, activation, n_h):
    t = Trainer(unbalanced, n_h, activation, init_scale=0.0)
    assert t.step(400, 1.0) == 400
    for snap in t.snapshots:
        W1, W2 = snap.params["W1"], snap.params["W2"]
        np.testing.assert_array_equal(W1, np.broadcast_to(W1[0], W1.shape))  # exactly, not nearly
        np.testing.assert_array_equal(W2, np.broadcast_to(W2[0, 0], W2.shape))
        np.testing.assert_array_equal(snap.params["b1"], snap.params["b1"][0, 0])
    if activation == "sigmoid":  # σ(0) = 1/2 ≠ 0, so W1 does move, but all rows together
        assert np.abs(t.params["W1"]).max() > 1e-3
    else:  # tanh(0) = 0 and W2 = 0: no gradient reaches W1 at all
        assert not t.params["W1"].any()


def test_two_copied_units_among_random_ones_stay_copies(unbalanced):
    start = init_params(2, 6, scale=0.5, seed=8)
    for name in ("W1", "b1"):
        start[name][4] = start[name][1]
    start["W2"][0, 4] = start["W2"][0, 1]
    t = Trainer(unbalanced, 6, "tanh", params=start)
    t.step(300, 1.0)
    p = t.params
    np.testing.assert_array_equal(p["W1"][4], p["W1"][1])
    assert p["W2"][0, 4] == p["W2"][0, 1]
    assert not np.array_equal(p["W1"][0], p["W1"][1])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_zero_init_float64_and_float32_agree(unbalanced, dtype):
    a = Trainer(unbalanced, 5, "sigmoid", init_scale=0.0, dtype=dtype)
    a.step(100, 1.0)
    params = init_params(2, 5, scale=0.0)
    for _ in range(100):
        _, cache = forward(params, unbalanced.X_train, "sigmoid")
        params = update_params(params, backward(params, cache, unbalanced.X_train, unbalanced.Y_train, "sigmoid"), 1.0)
    _assert_dicts_close(a.params, params, **F32)


def test_zero_init_on_balanced_classes_is_a_stationary_point(moons):
    """With as many 0s as 1s, A2 = 1/2 everywhere gives dW2 = db2 = 0 and then nothing moves:
    exactly so on paper, and so in the trainer (no rounding noise kicks it off)."""
    assert moons.Y_train.mean() == 0.5
    t = Trainer(moons, 5, "sigmoid", init_scale=0.0)
    t.step(200, 1.0)
    assert all(not v.any() for v in t.params.values())
    np.testing.assert_array_equal(t.history()["train_cost"], math.log(2))


@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
def test_random_init_breaks_the_symmetry(unbalanced, activation):
    t = Trainer(unbalanced, 4, activation, init_scale=0.01)
    t.step(400, 1.0)
    W1 = t.params["W1"]
    spread = np.abs(W1 - W1[0]).max()
    assert spread > 1e-2


# --- snapshots ---------------------------------------------------------------------------------
def test_snapshot_count_is_capped_over_a_long_run():
    """Many times more steps than snapshots: thinned evenly, never more than the cap."""
    data = make_dataset("moons", n_samples=20, seed=0, test_fraction=0.0)
    t = Trainer(data, 2, snapshot_cap=20)
    assert t.step(5_000, 0.5) == 5_000
    snaps = t.snapshots
    its = [s.iteration for s in snaps]
    assert len(snaps) <= 20
    assert len(snaps) >= 10  # thinned to every other one, not to a handful
    assert its[0] == 0 and its[-1] == t.iteration == 5_000
    gaps = np.diff(its[:-1])
    assert len(set(gaps)) == 1  # evenly spaced, the current state appended at the end
    assert 0 < its[-1] - its[-2] <= gaps[0]
    assert len(t.history()["train_cost"]) == 5_001


@pytest.mark.parametrize("cap", [2, 3, 10, 200])
def test_snapshots_never_exceed_the_cap(cap):
    data = make_dataset("moons", n_samples=20, seed=0, test_fraction=0.0)
    t = Trainer(data, 2, snapshot_cap=cap)
    for n in (1, 1, 3, 7, 30, 100, 500, 1000):
        t.step(n, 0.5)
        its = [s.iteration for s in t.snapshots]
        assert len(its) <= cap
        assert its[0] == 0 and its[-1] == t.iteration
        assert its == sorted(set(its))


def test_snapshot_holds_the_state_of_its_iteration(moons):
    t = Trainer(moons, 3, init_scale=0.5)
    t.step(50, 0.8)
    snap = next(s for s in t.snapshots if s.iteration == 20)
    u = Trainer(moons, 3, init_scale=0.5)
    u.step(20, 0.8)
    for k in PARAM_NAMES:
        np.testing.assert_array_equal(snap.params[k], u.params[k])
        np.testing.assert_array_equal(snap.grads["d" + k], u.grads["d" + k])
        assert snap.params[k].dtype == np.float64
    last = t.snapshots[-1]
    assert last.iteration == 50
    for k in PARAM_NAMES:
        np.testing.assert_array_equal(last.params[k], t.params[k])


def test_history_nbytes_counts_history_and_snapshots(moons):
    t = Trainer(moons, 4)
    small = t.history_nbytes()
    t.step(3000, 1.0)
    big = t.history_nbytes()
    assert 0 < small < big < 2_000_000


# --- divergence --------------------------------------------------------------------------------
@pytest.mark.parametrize("activation, lr", [("relu", 1e3), ("tanh", 1e6), ("sigmoid", 1e6), ("leaky_relu", 1e4)])
def test_divergence_is_detected_and_reported(moons, activation, lr):
    t = Trainer(moons, 8, activation, init_scale=0.5)
    t.step(20, 0.5)
    before = t.params
    done = t.step(1000, lr)  # no exception, no warning (warnings are errors in this suite)
    assert done < 1000
    d = t.divergence
    assert isinstance(d, Divergence)
    assert d.iteration == 20 + done + 1 and t.iteration == 20 + done
    assert d.learning_rate == lr and d.reason
    message = d.message()
    assert f"{lr:g}" in message and str(d.iteration) in message
    params = t.params
    assert all(np.all(np.isfinite(v)) for v in params.values())
    assert all(np.all(np.isfinite(v)) for v in t.grads.values())
    h = t.history()
    assert len(h["train_cost"]) == t.iteration + 1 and np.all(np.isfinite(h["train_cost"]))
    if done == 0:
        _assert_dicts_close(params, before, rtol=0, atol=0)
    # the same learning rate again does nothing
    state = t.params
    assert t.step(50, lr) == 0
    assert t.iteration == 20 + done and t.divergence == d
    _assert_dicts_close(t.params, state, rtol=0, atol=0)
    # a sensible one carries on from the kept state
    assert t.step(10, 0.1) == 10
    assert t.divergence is None and t.iteration == 30 + done


def test_grads_after_divergence_are_those_of_the_kept_params(moons):
    t = Trainer(moons, 6, "tanh", init_scale=0.5)
    t.step(1000, 1e6)
    assert t.divergence is not None
    p = t.params
    _, cache = forward(p, moons.X_train, "tanh")
    _assert_dicts_close(t.grads, backward(p, cache, moons.X_train, moons.Y_train, "tanh"), **F32)


@pytest.mark.parametrize("lr", [math.inf, math.nan])
def test_non_finite_learning_rate_is_refused(moons, lr):
    t = Trainer(moons, 3)
    assert t.step(5, lr) == 0
    assert t.iteration == 0 and t.divergence is not None
    assert "not finite" in t.divergence.reason
    assert t.step(5, 0.5) == 5


def test_reset_clears_divergence(moons):
    t = Trainer(moons, 4, "relu", init_scale=0.5)
    t.step(10, 1e3)
    assert t.divergence is not None
    t.reset()
    assert t.divergence is None and t.iteration == 0
    assert t.step(10, 1e3) < 10  # and it is detected again


def test_sane_training_never_reports_divergence():
    data = from_rows("two points", [[0.0, 0.0], [1.0, 1.0], [0.1, 0.0], [0.9, 1.0]], [0, 1, 0, 1],
                     test_fraction=0.0)
    t = Trainer(data, 3, init_scale=0.5)
    assert t.step(2000, 2.0) == 2000
    assert t.divergence is None
    assert t.history()["train_cost"][-1] < 0.05
    assert t.history()["train_acc"][-1] == 1.0


# -- invariants the trainer keeps, whoever calls it --------------------------------------
def test_the_iteration_cap_holds_for_any_caller():
    """A page that calls ``step`` directly cannot walk past the cap (it once went 19,900 → 20,200)."""
    data = make_dataset("moons", n_samples=60, seed=0)
    t = Trainer(data, 3, max_iteration=250)
    assert t.step(200) == 200
    assert t.step(300) == 50 and t.iteration == 250
    assert t.step(1) == 0 and t.iteration == 250
    assert Trainer(data, 3).max_iteration == MAX_ITERATION == playback.MAX_ITERATION


def test_the_revision_grows_with_every_change_and_only_then():
    data = make_dataset("moons", n_samples=60, seed=0)
    t = Trainer(data, 3, max_iteration=10)
    seen = [t.revision]
    t.step(4)
    seen.append(t.revision)
    cp = t.checkpoint()
    t.step(3)
    seen.append(t.revision)
    t.rewind(cp)
    seen.append(t.revision)
    t.reset()
    seen.append(t.revision)
    assert seen == sorted(set(seen)), seen  # strictly growing
    t.step(10)
    r = t.revision
    assert t.step(5) == 0 and t.revision == r  # at the cap: nothing changed, same revision
