"""Time of one loss-landscape grid (every grid point in batched forward passes): 41 × 41 at the
default m = 300, n_h = 4, and at the legal maxima m = 2000 training examples, n_h = 50.

    python -m bench.bench_landscape
"""

from __future__ import annotations

import time

import numpy as np

from shallownet import landscape as L
from shallownet import landscape_lesson as ll
from shallownet.datasets import make_dataset
from shallownet.network import init_params


def grid_seconds(m: int, n_h: int, activation: str = "tanh", size: int = 41, repeats: int = 3) -> float:
    data = make_dataset("moons", m, 0.2, 0, 0.0)
    params = init_params(2, n_h, scale=0.5, seed=0)
    D = L.random_directions(params, 0)
    axis = np.linspace(-1, 1, size)
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        L.slice_grid(data.X_train, data.Y_train, activation, params, D, axis, axis)
        best = min(best, time.perf_counter() - t0)
    return best


def presets_seconds(m: int, n_h: int, activation: str = "tanh") -> float:
    """The page's cold work for the three step sizes: three runs and three 41 × 41 grids."""
    data = make_dataset("moons", m, 0.2, 0, 0.0)
    t0 = time.perf_counter()
    runs = ll.preset_runs(data, n_h, activation, 0.01, 0)
    spec = ll.SliceSpec("params", *ll.default_pair(2, n_h))
    for r in runs:
        ll.compute_view(data.X_train, data.Y_train, activation, r.snaps, spec, center=runs[0].snaps[0].params)
    return time.perf_counter() - t0


if __name__ == "__main__":
    for m, n_h in ((300, 4), (300, 50), (2000, 50)):
        print(f"41 × 41 grid, m = {m}, n_h = {n_h}: {grid_seconds(m, n_h) * 1000:.0f} ms (best of 3)")
    for m, n_h in ((300, 4), (2000, 50)):
        print(f"three step sizes (runs and grids), m = {m}, n_h = {n_h}: {presets_seconds(m, n_h):.2f} s")
