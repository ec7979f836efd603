"""Gradients: the library's check, an independent centred-difference loop written here,
and proof that the check catches the classic slips."""

from __future__ import annotations

import numpy as np
import pytest

from shallownet import (
    ACTIVATIONS,
    PARAM_NAMES,
    backward,
    forward,
    gradient_check,
    init_params,
    numerical_gradient,
    relative_error,
)
from shallownet.gradcheck import PASS_BELOW, WARN_BELOW, ParamCheck

SIZES = [(1, 1, 1), (2, 3, 5), (2, 4, 17), (3, 5, 8), (5, 2, 30)]  # (n_x, n_h, m)


def _problem(n_x, n_h, m, seed):
    """Random X, labels with both classes when m > 1, and parameters at scale ~1."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_x, m))
    Y = (rng.random((1, m)) > 0.5).astype(float)
    if m > 1:
        Y[0, 0], Y[0, 1] = 0.0, 1.0
    params = init_params(n_x, n_h, scale=1.0, seed=seed + 1)
    params["b1"] = 0.5 * rng.standard_normal((n_h, 1))
    params["b2"] = 0.5 * rng.standard_normal((1, 1))
    return params, X, Y


def _away_from_kinks(params, X, activation):
    """ReLU-type units have a kink at 0; a finite difference across it is not a derivative."""
    if "relu" not in activation:
        return True
    Z1 = params["W1"] @ X + params["b1"]
    return np.abs(Z1).min() > 1e-3


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@pytest.mark.parametrize("n_x, n_h, m", SIZES)
def test_gradient_check_passes_for_every_activation(activation, n_x, n_h, m):
    params, X, Y = _problem(n_x, n_h, m, seed=10 * n_x + n_h + m)
    assert _away_from_kinks(params, X, activation)
    checks = gradient_check(params, X, Y, activation)
    assert [c.name for c in checks] == list(PARAM_NAMES)
    for c in checks:
        assert c.analytic.shape == c.numerical.shape == params[c.name].shape
        assert c.rel_error < 1e-7, (c.name, c.rel_error)
        assert c.verdict == "pass"
    # the gradients are not vanishingly small, so the relative error means something
    assert max(np.abs(c.analytic).max() for c in checks) > 1e-3


# --- an independent check: own forward, own cost, own centred-difference loop -----------------
_G = {
    "tanh": np.tanh,
    "relu": lambda z: np.where(z > 0, z, 0.0),
    "sigmoid": lambda z: 1.0 / (1.0 + np.exp(-z)),
    "leaky_relu": lambda z: np.where(z > 0, z, 0.01 * z),
}


def _cost_by_hand(params, X, Y, activation):
    A1 = _G[activation](params["W1"] @ X + params["b1"])
    A2 = 1.0 / (1.0 + np.exp(-(params["W2"] @ A1 + params["b2"])))
    return float(-np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)))


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@pytest.mark.parametrize("n_x, n_h, m", [(2, 3, 5), (3, 4, 12)])
def test_backward_matches_an_independent_centred_difference(activation, n_x, n_h, m):
    params, X, Y = _problem(n_x, n_h, m, seed=100 + n_h)
    assert _away_from_kinks(params, X, activation)
    _, cache = forward(params, X, activation)
    grads = backward(params, cache, X, Y, activation)
    h = 1e-5
    for name in PARAM_NAMES:
        numeric = np.zeros_like(params[name])
        for idx in np.ndindex(params[name].shape):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[name][idx] += h
            minus[name][idx] -= h
            numeric[idx] = (_cost_by_hand(plus, X, Y, activation) - _cost_by_hand(minus, X, Y, activation)) / (2 * h)
        analytic = grads["d" + name]
        err = np.linalg.norm(analytic - numeric) / (np.linalg.norm(analytic) + np.linalg.norm(numeric))
        assert err < 1e-7, (name, err)


# --- the check catches wrong backward passes --------------------------------------------------
def _forgets_one_over_m(params, cache, X, Y, activation):
    m = X.shape[1]
    return {k: v * m for k, v in backward(params, cache, X, Y, activation).items()}


def _uses_g_not_g_prime(params, cache, X, Y, activation):
    """The slip in Eq. (4) of the course notes: g(Z1) where g′(Z1) belongs."""
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dZ1 = (params["W2"].T @ dZ2) * cache["A1"]
    grads = backward(params, cache, X, Y, activation)
    grads["dW1"] = dZ1 @ X.T / m
    grads["db1"] = dZ1.sum(axis=1, keepdims=True) / m
    return grads


def test_gradient_check_flags_a_backward_that_forgets_one_over_m():
    params, X, Y = _problem(2, 4, 20, seed=1)
    checks = gradient_check(params, X, Y, "tanh", backward_fn=_forgets_one_over_m)
    assert all(c.verdict == "fail" for c in checks), [(c.name, c.rel_error) for c in checks]
    assert all(c.rel_error > WARN_BELOW for c in checks)


def test_gradient_check_flags_g_in_place_of_g_prime():
    params, X, Y = _problem(2, 4, 20, seed=2)
    checks = {c.name: c for c in gradient_check(params, X, Y, "tanh", backward_fn=_uses_g_not_g_prime)}
    assert checks["W1"].verdict == "fail" and checks["b1"].verdict == "fail"
    assert checks["W2"].verdict == "pass" and checks["b2"].verdict == "pass"


def test_gradient_check_flags_wrong_shapes():
    params, X, Y = _problem(2, 3, 6, seed=3)

    def transposed(params, cache, X, Y, activation):
        g = backward(params, cache, X, Y, activation)
        g["dW1"] = g["dW1"].T
        return g

    checks = {c.name: c for c in gradient_check(params, X, Y, "tanh", backward_fn=transposed)}
    assert checks["W1"].rel_error == float("inf") and checks["W1"].verdict == "fail"


def test_numerical_gradient_leaves_params_untouched():
    params, X, Y = _problem(2, 3, 6, seed=4)
    before = {k: v.copy() for k, v in params.items()}
    numerical_gradient(params, X, Y, "sigmoid")
    for k in PARAM_NAMES:
        np.testing.assert_array_equal(params[k], before[k])


def test_relative_error_and_verdict_thresholds():
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error([1.0, 0.0], [0.0, 1.0]) == pytest.approx(np.sqrt(2) / 2)
    assert relative_error([3.0], [1.0]) == pytest.approx(0.5)
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert PASS_BELOW == 1e-7 and WARN_BELOW > PASS_BELOW
    z = np.zeros(1)
    assert ParamCheck("W1", z, z, 1e-9).verdict == "pass"
    assert ParamCheck("W1", z, z, 1e-5).verdict == "suspicious"
    assert ParamCheck("W1", z, z, 1e-2).verdict == "fail"
