"""The network's output and hidden units evaluated over a grid of the plane."""

from __future__ import annotations

import numpy as np

from .network import forward


def grid_axes(X, resolution: int = 80, pad: float = 0.15):
    """Evenly spaced xs, ys (resolution,) covering X's bounding box plus ``pad`` of its size."""
    lo, hi = X.min(axis=1), X.max(axis=1)
    span = np.where(hi > lo, hi - lo, 1.0)
    lo, hi = lo - pad * span, hi + pad * span
    return np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution)


def grid_points(xs, ys):
    """All (x, y) grid points stacked in columns, (2, len(ys)·len(xs)), row-major in y."""
    gx, gy = np.meshgrid(xs, ys)
    return np.vstack([gx.ravel(), gy.ravel()])


def decision_surface(params: dict, X, activation: str = "tanh", resolution: int = 80, pad=0.15):
    """A2 over the grid in one vectorized forward pass.

    Returns xs (N,), ys (N,), P (N, N) with P[i, j] = A2 at (xs[j], ys[i]),
    and H (n_h, N, N): each hidden unit's activation A1 over the same grid.
    """
    xs, ys = grid_axes(X, resolution, pad)
    A2, cache = forward(params, grid_points(xs, ys), activation)
    n = len(xs)
    return xs, ys, A2.reshape(n, n), cache["A1"].reshape(-1, n, n)
