"""Mini-batch gradient descent: the reference loop, the fast trainer and their agreement.

The reference (shallownet.network.train_reference) runs the equations one by one in float64 on
X[:, cols]; the trainer is checked against it, and both against full batch."""

from __future__ import annotations

import numpy as np
import pytest

from shallownet import init_params, make_dataset
from shallownet.network import backward, compute_cost, forward, minibatches, train_reference, update_params
from shallownet.training import Trainer

DATA = make_dataset("moons", 400, seed=0)  # 300 training examples
M = DATA.X_train.shape[1]


def batches_per_epoch(m, b):
    return 1 if b <= 0 or b >= m else -(-m // b)


def full_batch_reference(params, X, Y, activation, lr, steps):
    """Plain full-batch gradient descent, written out without minibatches()."""
    for _ in range(steps):
        _, cache = forward(params, X, activation)
        params = update_params(params, backward(params, cache, X, Y, activation), lr)
    return params


@pytest.mark.parametrize("m, b", [(300, 64), (300, 8), (300, 1), (10, 3), (7, 7), (5, 100)])
def test_one_epoch_visits_every_example_exactly_once(m, b):
    batches = minibatches(m, b, seed=4, epoch=2)
    seen = np.concatenate(batches)
    assert np.array_equal(np.sort(seen), np.arange(m))
    assert len(batches) == batches_per_epoch(m, b)
    # every batch has b examples except a short last one holding m mod b (not dropped, not padded)
    sizes = [len(c) for c in batches]
    assert all(s == min(b, m) for s in sizes[:-1])
    assert sizes[-1] == (m % b or b if b < m else m)


def test_the_last_short_batch_holds_the_leftover_examples():
    sizes = [len(c) for c in minibatches(300, 64, seed=0, epoch=0)]
    assert sizes == [64, 64, 64, 64, 44]


def test_a_seed_repeats_the_order_and_another_seed_or_epoch_changes_it():
    a = np.concatenate(minibatches(300, 8, seed=1, epoch=0))
    assert np.array_equal(a, np.concatenate(minibatches(300, 8, seed=1, epoch=0)))
    assert not np.array_equal(a, np.concatenate(minibatches(300, 8, seed=2, epoch=0)))
    assert not np.array_equal(a, np.concatenate(minibatches(300, 8, seed=1, epoch=1)))


@pytest.mark.parametrize("b", [0, M, M + 1, 10_000])
def test_reference_with_b_of_m_or_more_is_full_batch_bit_for_bit(b):
    p0 = init_params(2, 4, scale=0.5, seed=1)
    ref = train_reference(p0, DATA.X_train, DATA.Y_train, "tanh", 0.7, 5, batch_size=b, seed=3)
    full = full_batch_reference(p0, DATA.X_train, DATA.Y_train, "tanh", 0.7, 5)
    for name in p0:
        assert np.array_equal(ref[name], full[name])


@pytest.mark.parametrize("b", [M, M + 1, 2000])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_trainer_with_b_of_m_or_more_is_full_batch_bit_for_bit(b, dtype):
    full = Trainer(DATA, 5, "relu", init_scale=0.5, dtype=dtype)
    mini = Trainer(DATA, 5, "relu", init_scale=0.5, dtype=dtype, batch_size=b, batch_seed=9)
    assert full.step(40, 0.8) == mini.step(40, 0.8) == 40
    for name, value in full.params.items():
        assert np.array_equal(value, mini.params[name])
    hf, hm = full.history(), mini.history()
    for key in hf:
        assert np.array_equal(hf[key], hm[key], equal_nan=True), key
    assert mini.effective_batch_size == M


@pytest.mark.parametrize("b", [64, 8, 1])
@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_trainer_equals_the_reference_after_epochs(b, activation):
    epochs = 2
    p0 = init_params(2, 4, scale=0.5, seed=2)
    ref = train_reference(p0, DATA.X_train, DATA.Y_train, activation, 0.3, epochs, batch_size=b, seed=5)
    for dtype, tol in ((np.float64, {"rtol": 1e-10, "atol": 1e-12}), (np.float32, {"rtol": 1e-3, "atol": 1e-4})):
        t = Trainer(DATA, 4, activation, init_scale=0.5, init_seed=2, dtype=dtype, batch_size=b, batch_seed=5)
        steps = epochs * batches_per_epoch(M, b)
        assert t.step(steps, 0.3) == steps
        for name in p0:
            np.testing.assert_allclose(t.params[name], ref[name], **tol, err_msg=f"{name} {dtype}")


def test_the_gradient_held_is_the_next_batch_gradient_with_one_over_b():
    t = Trainer(DATA, 3, "tanh", init_scale=1.0, dtype=np.float64, batch_size=8, batch_seed=1)
    t.step(3, 0.5)  # the next step is the 4th batch of epoch 1
    cols = minibatches(M, 8, 1, 0)[3]
    Xb, Yb = DATA.X_train[:, cols], DATA.Y_train[:, cols]
    A2, cache = forward(t.params, Xb, "tanh")
    grads = backward(t.params, cache, Xb, Yb, "tanh")
    for name, value in grads.items():
        np.testing.assert_allclose(t.grads[name], value, rtol=1e-10, atol=1e-13)
    from shallownet.network import compute_cost

    assert t.history()["batch_cost"][-1] == pytest.approx(compute_cost(A2, Yb), rel=1e-12)


def test_history_records_epochs_and_the_whole_set_cost_at_each_epoch_end():
    b = 64  # 300 = 4·64 + 44: five steps an epoch
    t = Trainer(DATA, 4, "tanh", init_scale=0.5, batch_size=b, full_cost_each_step=False)
    t.step(12, 1.0)
    h = t.history()
    assert h["epoch"].tolist() == [0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3]
    assert h["batch_examples"].tolist() == [0] + [64, 64, 64, 64, 44] * 2 + [64, 64]
    assert h["epoch_end"].tolist() == [True] + [False, False, False, False, True] * 2 + [False, False]
    # the whole training set's cost where an epoch ended, NaN between (not computed there)
    assert np.isfinite(h["train_cost"][h["epoch_end"]]).all()
    assert np.isnan(h["train_cost"][~h["epoch_end"]]).all()
    assert np.isfinite(h["batch_cost"]).all()
    e = t.epoch_history()
    assert e["epoch"].tolist() == [0, 1, 2] and e["iteration"].tolist() == [0, 5, 10]
    p = train_reference(init_params(2, 4, scale=0.5), DATA.X_train, DATA.Y_train, "tanh", 1.0, 2, b, 0)
    from shallownet.network import compute_cost

    assert e["train_cost"][2] == pytest.approx(compute_cost(forward(p, DATA.X_train)[0], DATA.Y_train), rel=1e-4)


def test_a_seed_repeats_a_run_and_another_seed_changes_it():
    def run(seed):
        t = Trainer(DATA, 4, "tanh", init_scale=0.5, batch_size=8, batch_seed=seed)
        t.step(100, 0.5)
        return t.params["W1"], t.history()["batch_cost"]

    (a, ca), (b, cb), (c, _) = run(1), run(1), run(2)
    assert np.array_equal(a, b) and np.array_equal(ca, cb)
    assert not np.array_equal(a, c)


def test_changing_the_batch_size_keeps_the_parameters_and_starts_a_new_epoch():
    t = Trainer(DATA, 4, "tanh", init_scale=0.5, batch_size=64)
    t.step(2, 1.0)
    before = t.params
    t.set_batch_size(8)
    assert all(np.array_equal(before[k], t.params[k]) for k in before)
    t.step(1, 1.0)
    h = t.history()
    assert h["epoch"].tolist() == [0, 1, 1, 2] and h["batch_examples"].tolist() == [0, 64, 64, 8]
    t.set_batch_size(0)  # back to full batch: one step is one epoch
    t.step(2, 1.0)
    assert t.history()["epoch"].tolist()[-2:] == [3, 4]
    assert t.history()["batch_examples"].tolist()[-1] == M


def test_rewind_replays_the_same_batches():
    t = Trainer(DATA, 4, "tanh", init_scale=0.5, batch_size=8, batch_seed=2)
    t.step(7, 0.5)
    mark = t.checkpoint()
    t.step(50, 0.5)
    after = t.params["W1"]
    t.rewind(mark)
    t.step(50, 0.5)
    assert np.array_equal(after, t.params["W1"])


@pytest.mark.parametrize("b, lr, scale", [(1, 100.0, 10.0), (1, 0.0001, 0.0), (3, 50.0, 5.0), (2000, 100.0, 10.0)])
def test_no_warnings_and_no_crash_at_extreme_settings(b, lr, scale):
    data = make_dataset("spiral", 2000, noise=1.0, seed=1)
    t = Trainer(data, 50, "relu", init_scale=scale, batch_size=b, full_cost_each_step=False)
    t.step(300, lr)  # warnings are errors in this suite
    h = t.history()
    assert np.isfinite(h["batch_cost"]).all()
    assert t.divergence is None or t.divergence.iteration == t.iteration + 1


def test_tiny_training_sets_and_a_zero_start_keep_units_identical():
    data = make_dataset("xor", 20, seed=0)
    t = Trainer(data, 3, "tanh", init_scale=0.0, batch_size=4)
    t.step(30, 1.0)
    W1 = t.params["W1"]
    assert np.array_equal(W1, np.repeat(W1[:1], 3, axis=0))  # symmetry survives mini-batches too


def test_a_full_batch_run_switched_to_mini_batches_keeps_its_epochs():
    t = Trainer(DATA, 4, "tanh", init_scale=0.5)
    t.step(3, 1.0)
    assert t.history()["epoch"].tolist() == [0, 1, 2, 3]  # full batch: one epoch a step, nothing kept
    t.set_batch_size(8)
    t.step(2, 1.0)
    h = t.history()
    assert h["epoch"].tolist() == [0, 1, 2, 3, 4, 4]
    assert h["batch_examples"].tolist() == [0, M, M, M, 8, 8]
    assert h["epoch_end"].tolist() == [True, True, True, True, False, False]
    assert np.array_equal(h["batch_cost"][:3], h["train_cost"][:3])


def test_the_training_page_trainer_has_the_whole_set_cost_at_every_step():
    t = Trainer(DATA, 4, "tanh", init_scale=0.5, batch_size=8)  # full_cost_each_step by default
    t.step(20, 1.0)
    h = t.history()
    assert np.isfinite(h["train_cost"]).all() and np.isfinite(h["test_cost"]).all()
    p = train_reference(init_params(2, 4, scale=0.5), DATA.X_train, DATA.Y_train, "tanh", 1.0, 0)
    assert h["train_cost"][0] == pytest.approx(compute_cost(forward(p, DATA.X_train)[0], DATA.Y_train), rel=1e-5)
