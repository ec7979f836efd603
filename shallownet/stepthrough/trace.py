"""One iteration run once with every intermediate array kept, and what each phase wrote."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..activations import get_activation
from ..network import backward, compute_cost, example_losses, forward
from .phases import Phase


@dataclass(frozen=True)
class Trace:
    """Every array of one iteration on (X, Y), by key of :data:`SYMBOLS`.

    Sizes: X (n_x, m), Y (1, m), Z1/A1/dA1/gZ1/dZ1 (n_h, m), Z2/A2/L/dZ2 (1, m),
    parameters and their gradients in the parameters' shapes, J a 0-d array.
    """

    values: dict
    activation: str
    learning_rate: float

    def __getitem__(self, key: str) -> np.ndarray:
        return self.values[key]

    @property
    def m(self) -> int:
        return self.values["X"].shape[1]


def trace_iteration(params: dict, X, Y, activation: str = "tanh", learning_rate: float = 1.2) -> Trace:
    """Run :func:`network.forward`, :func:`network.backward` and the update once, keeping everything.

    The gradients dW1, db1, dW2, db2 are ``backward``'s own output; dZ2, dA1, g′(Z1) and dZ1
    are the intermediate terms of the same equations.
    """
    X = np.asarray(X, dtype=float)
    Y = np.asarray(Y, dtype=float)
    params = {k: np.asarray(v, dtype=float) for k, v in params.items()}
    A2, cache = forward(params, X, activation)
    grads = backward(params, cache, X, Y, activation)
    dZ2 = A2 - Y
    dA1 = params["W2"].T @ dZ2
    gZ1 = get_activation(activation).prime(cache["Z1"], cache["A1"])
    values = {
        "X": X, "XT": X.T, "Y": Y, **params, "W2T": params["W2"].T, **cache, "A1T": cache["A1"].T,
        "L": example_losses(A2, Y), "J": np.asarray(compute_cost(A2, Y)),
        "dZ2": dZ2, "dA1": dA1, "gZ1": np.asarray(gZ1, dtype=float), "dZ1": dA1 * gZ1, **grads,
    }
    for name in ("W1", "b1", "W2", "b2"):
        values[name + "_new"] = params[name] - learning_rate * grads["d" + name]
    return Trace(values, activation, float(learning_rate))


def sizes(trace: Trace) -> dict:
    """The numbers the notes' templates use, all read from the arrays."""
    act = get_activation(trace.activation)
    n_x, m = trace["X"].shape
    return {"m": m, "n_x": n_x, "n_h": trace["W1"].shape[0], "one": trace["W2"].shape[0],
            "lr": f"{trace.learning_rate:g}", "g_label": act.label, "g_formula": act.formula,
            "g_prime": act.prime_formula}


def summary(array) -> dict:
    """mean, min, max and Frobenius norm ‖·‖ of an array, as floats."""
    a = np.asarray(array, dtype=float)
    return {"mean": float(a.mean()), "min": float(a.min()), "max": float(a.max()),
            "norm": float(np.linalg.norm(a))}



@dataclass(frozen=True)
class Change:
    """What a phase wrote into one tensor: its summary and, for an updated parameter,
    the summary before and the largest absolute change."""

    key: str
    shape: tuple
    after: dict
    before: dict | None = None
    max_change: float | None = None


def phase_changes(phase: Phase, trace: Trace) -> list[Change]:
    """One :class:`Change` per tensor the phase writes."""
    out = []
    for key in phase.writes:
        value = trace[key]
        if key.endswith("_new"):
            old = trace[key[: -len("_new")]]
            out.append(Change(key, np.shape(value), summary(value), summary(old),
                              float(np.max(np.abs(value - old)))))
        else:
            out.append(Change(key, np.shape(value), summary(value)))
    return out
