"""The all-zero start against a random one: the same training from both, how far the hidden
units' incoming weights spread apart, and each unit's output over the plane."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..datasets import Dataset
from ..surface import decision_surface
from .runs import COMPARISON_STEPS, Run, train_run

ZERO_INIT_RANDOM_SCALE = 1.0  # the random start the zero start is compared with


def unbalanced(data: Dataset) -> Dataset:
    """The training set with every other class-1 example left out (the test set unchanged).

    With exactly balanced classes the all-zero start is a stationary point: A2 = 0.5 for every
    example, so db2 = mean(A2 − Y) = 0 and every other gradient is 0 as well; nothing moves.
    Unbalanced labels give a non-zero first gradient, so the symmetric units visibly train.
    """
    y1 = data.Y_train[0] > 0.5
    keep = ~y1 | (np.cumsum(y1) % 2 == 0)
    return Dataset(data.name, data.X_train[:, keep], data.Y_train[:, keep], data.X_test, data.Y_test)


def row_spread(W1) -> float:
    """max_i,k |W1[i, k] − W1[0, k]|: 0 when every hidden unit has the same incoming weights."""
    W1 = np.asarray(W1, float)
    return float(np.abs(W1 - W1[:1]).max(initial=0.0))


def distinct_rows(W1, rtol: float = 1e-6) -> int:
    """How many rows of W1 (n_h, n_x) differ from each other by more than ``rtol`` times the
    largest entry: the number of genuinely different hidden units (1 after a zero start)."""
    W1 = np.asarray(W1, float)
    tol = rtol * max(float(np.abs(W1).max(initial=0.0)), 1e-300)
    reps: list[np.ndarray] = []
    for row in W1:
        if not any(np.abs(row - r).max() <= tol for r in reps):
            reps.append(row)
    return len(reps)


@dataclass(frozen=True)
class Thumbnails:
    """Each hidden unit's output A1 over the plane: xs, ys (N,), H (n_h, N, N)."""

    xs: np.ndarray
    ys: np.ndarray
    H: np.ndarray


@dataclass(frozen=True)
class StartResult:
    label: str
    run: Run
    spread: float  # row_spread of W1 at the end
    spread_relative: float  # spread / (largest |W1| entry), 0 when W1 is all zero
    distinct_units: int  # rows of W1 that differ (relative tolerance 1e-6)
    thumbnails: Thumbnails


@dataclass(frozen=True)
class ZeroInitResult:
    zero: StartResult
    random: StartResult
    m: int
    share_class1: float


def _start_result(label, run, X, activation, resolution) -> StartResult:
    W1 = run.end["W1"]
    spread = row_spread(W1)
    top = float(np.abs(W1).max(initial=0.0))
    xs, ys, _, H = decision_surface(run.end, X, activation, resolution=resolution)
    return StartResult(label, run, spread, spread / top if top > 0 else 0.0, distinct_rows(W1),
                       Thumbnails(xs, ys, H.astype(np.float32)))


def zero_init_comparison(data: Dataset, n_h: int, activation: str, *, init_seed: int = 0,
                         learning_rate: float = 1.2, steps: int = COMPARISON_STEPS,
                         random_scale: float = ZERO_INIT_RANDOM_SCALE, resolution: int = 40) -> ZeroInitResult:
    """The same training from all-zero weights and from random weights (scale ``random_scale``).

    Runs in float64: in exact arithmetic the zero start keeps every row of W1 identical, and
    float64 keeps the rounding differences between rows near 1e-13 (float32 lets them grow).
    """
    runs = {
        label: train_run(data, n_h, activation, scale, init_seed=init_seed, learning_rate=learning_rate,
                         steps=steps, dtype=np.float64)
        for label, scale in (("zero", 0.0), ("random", random_scale))
    }
    X = data.X_train
    m = X.shape[1]
    share1 = float(np.mean(data.Y_train > 0.5)) if m else 0.0
    return ZeroInitResult(
        _start_result("all-zero start", runs["zero"], X, activation, resolution),
        _start_result(f"random start (scale {random_scale:g})", runs["random"], X, activation, resolution),
        m, share1,
    )
