"""The copies of :func:`shallownet.network.backward` with one classic slip each, and the
table of them (:data:`BUGS`, and :data:`ALL_BACKWARDS` with the correct one first)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..activations import get_activation
from ..network import backward


def _start(cache, X, Y):
    """Shared first lines of every copy: X as floats, m, dZ2 (1, m)."""
    X = np.asarray(X, dtype=float)
    return X, X.shape[1], cache["A2"] - Y


def backward_forgot_gprime(params, cache, X, Y, activation="tanh"):
    """dZ1 = W2ᵀ dZ2 — the element-wise factor g′(Z1) is missing."""
    X, m, dZ2 = _start(cache, X, Y)
    dW2 = dZ2 @ cache["A1"].T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = params["W2"].T @ dZ2  # BUG: * g′(Z1) forgotten
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def backward_g_not_gprime(params, cache, X, Y, activation="tanh"):
    """dZ1 = W2ᵀ dZ2 * g(Z1) — the slip in Eq. (4) of the lecture notes: g instead of g′."""
    X, m, dZ2 = _start(cache, X, Y)
    dW2 = dZ2 @ cache["A1"].T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * cache["A1"]  # BUG: g(Z1) = A1 where g′(Z1) belongs
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def backward_forgot_1_over_m(params, cache, X, Y, activation="tanh"):
    """Sums over the examples instead of averages: every gradient is m times too large."""
    act = get_activation(activation)
    X, m, dZ2 = _start(cache, X, Y)
    dW2 = dZ2 @ cache["A1"].T  # BUG: / m forgotten (here and below)
    db2 = np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = (params["W2"].T @ dZ2) * act.prime(cache["Z1"], cache["A1"])
    dW1 = dZ1 @ X.T
    db1 = np.sum(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def backward_wrong_axis(params, cache, X, Y, activation="tanh"):
    """db1 sums over the hidden units (axis=0) instead of the examples: (1, m), not (n_h, 1)."""
    act = get_activation(activation)
    X, m, dZ2 = _start(cache, X, Y)
    dW2 = dZ2 @ cache["A1"].T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * act.prime(cache["Z1"], cache["A1"])
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=0, keepdims=True) / m  # BUG: axis=0
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def backward_dropped_keepdims(params, cache, X, Y, activation="tanh"):
    """db1 = Σ_cols dZ1 without keepdims: shape (n_h,) instead of (n_h, 1)."""
    act = get_activation(activation)
    X, m, dZ2 = _start(cache, X, Y)
    dW2 = dZ2 @ cache["A1"].T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * act.prime(cache["Z1"], cache["A1"])
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1) / m  # BUG: keepdims=True dropped
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def backward_gprime_on_a1(params, cache, X, Y, activation="tanh"):
    """g′ evaluated at A1 instead of Z1: g′(A1) = g′(g(Z1))."""
    act = get_activation(activation)
    X, m, dZ2 = _start(cache, X, Y)
    dW2 = dZ2 @ cache["A1"].T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * act.derivative(cache["A1"])  # BUG: A1 where Z1 belongs
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def backward_transposed(params, cache, X, Y, activation="tanh"):
    """dW1 = X dZ1ᵀ / m: the product in the wrong order gives dW1ᵀ, (n_x, n_h)."""
    act = get_activation(activation)
    X, m, dZ2 = _start(cache, X, Y)
    dW2 = dZ2 @ cache["A1"].T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * act.prime(cache["Z1"], cache["A1"])
    dW1 = X @ dZ1.T / m  # BUG: (dZ1 Xᵀ)ᵀ
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@dataclass(frozen=True)
class Bug:
    """One planted slip: what it is, the wrong line next to the right one, and the copy of
    backward that contains it."""

    key: str
    label: str
    description: str
    wrong_line: str  # the buggy line, as it appears in the copy
    right_line: str  # the line of network.backward it replaces
    backward: Callable
    harmless_for: tuple = ()  # activations for which the slip happens to compute the true gradient
    harmless_why: str = ""


CORRECT = Bug(
    "none", "none — the correct backward", "The six equations of network.backward, unchanged.",
    "", "", backward,
)

BUGS: dict[str, Bug] = {b.key: b for b in (
    Bug("forgot_gprime", "forgetting g′(Z1)",
        "dZ1 stops at W2ᵀ dZ2: the chain rule through the hidden activation is skipped.",
        "dZ1 = W2.T @ dZ2", "dZ1 = (W2.T @ dZ2) * g_prime(Z1)", backward_forgot_gprime),
    Bug("g_not_gprime", "g(Z1) instead of g′(Z1) (the notes' Eq. 4)",
        "The course notes print Eq. (4) with g(Z1) where the derivative g′(Z1) belongs.",
        "dZ1 = (W2.T @ dZ2) * g(Z1)", "dZ1 = (W2.T @ dZ2) * g_prime(Z1)", backward_g_not_gprime),
    Bug("forgot_1_over_m", "forgetting 1/m",
        "Every gradient is a sum over the m examples instead of their mean, so it is m times too large.",
        "dW1 = dZ1 @ X.T", "dW1 = dZ1 @ X.T / m", backward_forgot_1_over_m),
    Bug("wrong_axis", "summing over the wrong axis",
        "db1 sums each example's column over the hidden units (axis=0) instead of each unit's row "
        "over the examples (axis=1).",
        "db1 = np.sum(dZ1, axis=0, keepdims=True) / m", "db1 = np.sum(dZ1, axis=1, keepdims=True) / m",
        backward_wrong_axis),
    Bug("dropped_keepdims", "dropping keepdims",
        "Without keepdims=True the sum over axis 1 returns a flat vector (n_h,), not a column (n_h, 1).",
        "db1 = np.sum(dZ1, axis=1) / m", "db1 = np.sum(dZ1, axis=1, keepdims=True) / m",
        backward_dropped_keepdims),
    Bug("gprime_on_a1", "g′ evaluated on A1 instead of Z1",
        "The derivative is taken at the unit's output A1 = g(Z1) rather than at its input Z1.",
        "dZ1 = (W2.T @ dZ2) * g_prime(A1)", "dZ1 = (W2.T @ dZ2) * g_prime(Z1)", backward_gprime_on_a1,
        harmless_for=("relu", "leaky_relu"),
        harmless_why="A1 = g(Z1) is positive exactly where Z1 is, and ReLU′ / leaky ReLU′ only look at "
                     "the sign, so g′(A1) = g′(Z1): the slip computes the true gradient, and there is "
                     "nothing for the check to catch. With tanh or sigmoid, g′(A1) ≠ g′(Z1) and it is a real bug."),
    Bug("transposed", "a transposed product",
        "dW1 is computed as X dZ1ᵀ — the factors in the wrong order give dW1ᵀ.",
        "dW1 = X @ dZ1.T / m", "dW1 = dZ1 @ X.T / m", backward_transposed),
)}
ALL_BACKWARDS: dict[str, Bug] = {CORRECT.key: CORRECT, **BUGS}
