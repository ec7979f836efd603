"""Planted bugs: each is caught by the gradient check wherever it is a bug, the correct
backward passes for every activation, and a wrong shape is reported, never a crash."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

from shallownet.activations import ACTIVATIONS
from shallownet.bugs import (
    ALL_BACKWARDS,
    BUGS,
    GRADCHECK_MAX_M,
    Bug,
    check_backward,
    near_kink,
    same_as_correct,
)
from shallownet.datasets import make_dataset
from shallownet.network import backward, init_params

DATA = make_dataset("moons", 120, 0.2, seed=3, test_fraction=0.25)
ACTS = tuple(ACTIVATIONS)


def fresh(n_h: int = 4, scale: float = 1.0, seed: int = 0) -> dict:
    """A start with gradients of a useful size (scale 1), where every slip shows."""
    return init_params(DATA.n_x, n_h, scale=scale, seed=seed)


def test_every_copy_has_the_signature_of_backward():
    want = list(inspect.signature(backward).parameters)
    for bug in ALL_BACKWARDS.values():
        assert list(inspect.signature(bug.backward).parameters) == want, bug.key


@pytest.mark.parametrize("activation", ACTS)
@pytest.mark.parametrize("n_h", [1, 3, 7])
def test_correct_backward_passes_for_every_activation(activation, n_h):
    report = check_backward(fresh(n_h), DATA.X_train, DATA.Y_train, activation, "none")
    assert report.passed, [(r.name, r.check.rel_error) for r in report.rows]
    assert not report.caught


CASES = [(key, act) for key, bug in BUGS.items() for act in ACTS if act not in bug.harmless_for]


@pytest.mark.parametrize(("bug", "activation"), CASES, ids=[f"{b}-{a}" for b, a in CASES])
def test_each_planted_bug_is_caught(bug, activation):
    params = fresh()
    report = check_backward(params, DATA.X_train, DATA.Y_train, activation, bug)
    assert report.caught, [(r.name, r.verdict, r.check.rel_error) for r in report.rows]
    assert not same_as_correct(params, DATA.X_train, DATA.Y_train, activation, bug)


@pytest.mark.parametrize("activation", ["relu", "leaky_relu"])
def test_gprime_on_a1_is_harmless_for_relu_like(activation):
    """relu′(A1) == relu′(Z1): A1 > 0 exactly where Z1 > 0. The slip computes the true gradient."""
    params = fresh()
    assert activation in BUGS["gprime_on_a1"].harmless_for
    assert same_as_correct(params, DATA.X_train, DATA.Y_train, activation, "gprime_on_a1")
    assert check_backward(params, DATA.X_train, DATA.Y_train, activation, "gprime_on_a1").passed


@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
def test_gprime_on_a1_is_a_bug_for_smooth_activations(activation):
    assert not same_as_correct(fresh(), DATA.X_train, DATA.Y_train, activation, "gprime_on_a1")


@pytest.mark.parametrize(("bug", "param", "bad_shape"), [
    ("wrong_axis", "b1", lambda n_h, m: (1, m)),
    ("dropped_keepdims", "b1", lambda n_h, m: (n_h,)),
    ("transposed", "W1", lambda n_h, m: (2, n_h)),
])
def test_wrong_shapes_are_reported_as_shape_mismatch(bug, param, bad_shape):
    n_h = 5
    report = check_backward(fresh(n_h), DATA.X_train, DATA.Y_train, "tanh", bug)
    row = next(r for r in report.rows if r.name == param)
    assert row.verdict == "shape mismatch"
    assert row.analytic_shape == bad_shape(n_h, report.m)
    assert row.expected_shape == fresh(n_h)[param].shape
    assert report.caught and not report.error
    # every other parameter is compared as usual and passes
    assert all(r.verdict == "pass" for r in report.rows if r.name != param)


def test_transposed_product_with_square_dw1_is_a_value_failure():
    """n_h = n_x = 2: dW1ᵀ has the right shape, so the check must catch it by value."""
    report = check_backward(fresh(2), DATA.X_train, DATA.Y_train, "tanh", "transposed")
    row = next(r for r in report.rows if r.name == "W1")
    assert row.shape_ok and row.verdict == "fail"


def test_forgetting_one_over_m_is_off_by_exactly_m():
    params = fresh()
    report = check_backward(params, DATA.X_train, DATA.Y_train, "tanh", "forgot_1_over_m")
    for r in report.rows:
        np.testing.assert_allclose(r.check.analytic, report.m * r.check.numerical, rtol=1e-5, atol=1e-9)


def test_a_backward_that_raises_is_reported_not_propagated(monkeypatch):
    def boom(params, cache, X, Y, activation="tanh"):
        return {"dW1": params["W2"] @ X}  # (1, n_h) @ (2, m): a shape error inside backward

    monkeypatch.setitem(ALL_BACKWARDS, "boom", Bug("boom", "boom", "", "", "", boom))
    report = check_backward(fresh(), DATA.X_train, DATA.Y_train, "tanh", "boom")
    assert report.error and report.caught and not report.passed and report.rows == ()


def test_the_check_uses_a_subset_of_the_examples():
    data = make_dataset("moons", 400, 0.2, seed=0, test_fraction=0.25)
    report = check_backward(init_params(2, 3, scale=1.0), data.X_train, data.Y_train, "tanh")
    assert (report.m, report.m_total) == (GRADCHECK_MAX_M, 300)


def test_near_kink_counts_values_a_nudge_can_flip():
    zero = init_params(DATA.n_x, 3, scale=0.0)
    m = DATA.X_train.shape[1]
    assert near_kink(zero, DATA.X_train, "relu") == 3 * m  # Z1 = 0 everywhere: all on the kink
    assert near_kink(zero, DATA.X_train, "tanh") == 0  # smooth: no kink at all
    assert near_kink(fresh(3), DATA.X_train, "relu") < m  # random weights: few, if any
