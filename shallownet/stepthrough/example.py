"""One example's path: column i of X through the per-example equations, compared with the
vectorized arrays of the same iteration."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..activations import get_activation, sigmoid
from ..network import example_losses
from .trace import Trace


@dataclass(frozen=True)
class ExamplePath:
    """Example i through the per-example equations (vectors are columns).

    ``values``: x (n_x,1), y (1,1), z1, a1 (n_h,1), z2, a2, loss (1,1), dz2 (1,1), dW2 (1,n_h),
    db2 (1,1), da1, g1, dz1 (n_h,1), dW1 (n_h,n_x), db1 (n_h,1).
    ``column_gap``: max |per-example − column i of the vectorized tensor| for z1, a1, z2, a2, dz2, dz1.
    ``mean_gap``: max |mean over all i of the per-example gradient − vectorized gradient|.
    """

    index: int
    values: dict
    column_gap: dict
    mean_gap: dict
    means: dict  # name → mean over i of the per-example gradient


def example_path(trace: Trace, i: int) -> ExamplePath:
    """Follow column ``i`` (clamped to 0 … m−1) with the per-example equations, computed
    independently of the vectorized ones, and compare the two."""
    i = int(min(max(i, 0), trace.m - 1))
    W1, b1, W2, b2 = (trace[k] for k in ("W1", "b1", "W2", "b2"))
    act = get_activation(trace.activation)
    x = trace["X"][:, i:i + 1]
    y = trace["Y"][:, i:i + 1]
    z1 = W1 @ x + b1
    a1 = act.g(z1)
    z2 = W2 @ a1 + b2
    a2 = sigmoid(z2)
    dz2 = a2 - y
    da1 = W2.T @ dz2
    g1 = act.prime(z1, a1)
    dz1 = da1 * g1
    v = {"x": x, "y": y, "z1": z1, "a1": a1, "z2": z2, "a2": a2, "loss": example_losses(a2, y),
         "dz2": dz2, "dW2": dz2 @ a1.T, "db2": dz2, "da1": da1, "g1": g1, "dz1": dz1,
         "dW1": dz1 @ x.T, "db1": dz1}
    column_gap = {k: float(np.max(np.abs(v[k] - trace[K][:, i:i + 1])))
                  for k, K in (("z1", "Z1"), ("a1", "A1"), ("z2", "Z2"), ("a2", "A2"),
                               ("dz2", "dZ2"), ("dz1", "dZ1"))}
    means = per_example_gradient_means(trace)
    mean_gap = {k: float(np.max(np.abs(means[k] - trace[k]))) for k in means}
    return ExamplePath(i, v, column_gap, mean_gap, means)


def per_example_gradients(trace: Trace) -> dict:
    """The gradient of each example's own loss, stacked on a leading axis of length m:
    dW2 (m, 1, n_h), db2 (m, 1, 1), dW1 (m, n_h, n_x), db1 (m, n_h, 1)."""
    dZ2, dZ1, A1, X = trace["dZ2"], trace["dZ1"], trace["A1"], trace["X"]
    return {
        "dW2": np.einsum("om,hm->moh", dZ2, A1),
        "db2": dZ2.T[:, :, None],
        "dW1": np.einsum("hm,xm->mhx", dZ1, X),
        "db1": dZ1.T[:, :, None],
    }


def per_example_gradient_means(trace: Trace) -> dict:
    """Mean over the m examples of each per-example gradient: equals the vectorized gradient."""
    return {k: g.mean(axis=0) for k, g in per_example_gradients(trace).items()}
