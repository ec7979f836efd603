"""Short training runs side by side: activations, initial scales, zero versus random start.

Pure functions on a :class:`~shallownet.datasets.Dataset`; each run is a few hundred
steps of the fast :class:`~shallownet.training.Trainer`, so a whole comparison takes
tens of milliseconds. The results are plain data (arrays and numbers) for the figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import ACTIVATIONS, get_activation
from .datasets import Dataset
from .network import forward
from .surface import decision_surface
from .training import Trainer

COMPARISON_STEPS = 300
ACTIVATION_ORDER = ("sigmoid", "tanh", "relu", "leaky_relu")
INIT_SCALES = (0.01, 1.0, 10.0)
SATURATED_BELOW = 0.01  # a unit·example whose |g′(z)| is below this passes almost no gradient back
ZERO_INIT_RANDOM_SCALE = 1.0  # the random start the zero start is compared with


@dataclass(frozen=True)
class Saturation:
    """How much gradient the hidden units let through, over all n_h·m unit·example pairs."""

    mean_gprime: float  # mean |g′(Z1)|
    share_saturated: float  # share with |g′(Z1)| < SATURATED_BELOW


@dataclass(frozen=True)
class Run:
    """One short training run: its per-iteration history and its first and last parameters."""

    activation: str
    init_scale: float
    history: dict  # iteration, train_cost, train_acc, norm_dW1, norm_db1, norm_dW2, norm_db2: (t + 1,)
    start: dict  # W1 (n_h, n_x), b1 (n_h, 1), W2 (1, n_h), b2 (1, 1) at iteration 0
    end: dict  # the same at the last iteration
    saturation_start: Saturation
    saturation_end: Saturation
    divergence: str = ""  # the trainer's message when the run stopped early

    @property
    def steps(self) -> int:
        return int(self.history["iteration"][-1])


def saturation(params: dict, X, activation: str, below: float = SATURATED_BELOW) -> Saturation:
    """|g′(Z1)| over the examples X (n_x, m): its mean and the share below ``below``."""
    _, cache = forward(params, X, activation)
    gp = np.abs(get_activation(activation).prime(cache["Z1"], cache["A1"]))
    if gp.size == 0:
        return Saturation(0.0, 0.0)
    return Saturation(float(gp.mean()), float(np.mean(gp < below)))


def train_run(data: Dataset, n_h: int, activation: str, init_scale: float, *, init_seed: int = 0,
              learning_rate: float = 1.2, steps: int = COMPARISON_STEPS, dtype=np.float32) -> Run:
    """Train a fresh network for ``steps`` steps (fewer if it diverges) and summarise it."""
    trainer = Trainer(data, n_h, activation, init_scale=init_scale, init_seed=init_seed, dtype=dtype,
                      snapshot_cap=2)
    start = trainer.params
    trainer.step(steps, learning_rate)
    hist = trainer.history()
    keep = ("iteration", "train_cost", "train_acc", "norm_dW1", "norm_db1", "norm_dW2", "norm_db2")
    end = trainer.params
    return Run(
        activation, float(init_scale), {k: hist[k] for k in keep}, start, end,
        saturation(start, data.X_train, activation), saturation(end, data.X_train, activation),
        trainer.divergence.message() if trainer.divergence else "",
    )


# -- activations -------------------------------------------------------------
def activation_comparison(data: Dataset, n_h: int, *, init_scale: float = 1.0, init_seed: int = 0,
                          learning_rate: float = 1.2, steps: int = COMPARISON_STEPS) -> dict[str, Run]:
    """The same data, width, seed and scale trained with each hidden activation."""
    return {
        name: train_run(data, n_h, name, init_scale, init_seed=init_seed, learning_rate=learning_rate,
                        steps=steps)
        for name in ACTIVATION_ORDER
    }


@dataclass(frozen=True)
class Curve:
    """g and g′ of one activation on a grid z (all (k,)); ``saturated`` marks |g′| < SATURATED_BELOW."""

    name: str
    z: np.ndarray
    g: np.ndarray
    gprime: np.ndarray
    saturated: np.ndarray


def activation_curves(z_max: float = 6.0, points: int = 241) -> dict[str, Curve]:
    """g(z) and g′(z) for every activation of the ACTIVATIONS table on [−z_max, z_max]."""
    z = np.linspace(-z_max, z_max, points)
    out = {}
    for name in ACTIVATION_ORDER:
        act = ACTIVATIONS[name]
        a = act.g(z)
        gp = act.prime(z, a)
        out[name] = Curve(name, z, a, gp, np.abs(gp) < SATURATED_BELOW)
    return out


# -- initial scale -------------------------------------------------------------
@dataclass(frozen=True)
class Z1Histogram:
    """Histogram of the n_h·m values of Z1 at the start, split into saturated and not.

    edges (bins + 1,); counts_ok, counts_saturated (bins,).
    """

    edges: np.ndarray
    counts_ok: np.ndarray
    counts_saturated: np.ndarray
    share_saturated: float
    z_absmax: float


def z1_histogram(params: dict, X, activation: str, bins: int = 40,
                 below: float = SATURATED_BELOW) -> Z1Histogram:
    """Z1 = W1 X + b1 over the examples X (n_x, m), binned; saturated values (|g′| < below) apart."""
    _, cache = forward(params, X, activation)
    z = cache["Z1"].ravel()
    sat = np.abs(get_activation(activation).prime(cache["Z1"], cache["A1"]).ravel()) < below
    zmax = float(np.abs(z).max(initial=0.0))
    half = zmax if zmax > 0 else 1.0  # an all-zero Z1 still gets a visible bin around 0
    edges = np.linspace(-half, half, bins + 1)
    ok, _ = np.histogram(z[~sat], bins=edges)
    bad, _ = np.histogram(z[sat], bins=edges)
    share = float(sat.mean()) if sat.size else 0.0
    return Z1Histogram(edges, ok, bad, share, zmax)


@dataclass(frozen=True)
class ScaleResult:
    scale: float
    run: Run
    histogram: Z1Histogram


def init_scale_comparison(data: Dataset, n_h: int, activation: str, *, scales=INIT_SCALES,
                          init_seed: int = 0, learning_rate: float = 1.2,
                          steps: int = COMPARISON_STEPS) -> list[ScaleResult]:
    """One run per initial scale (same seed, so the weights differ only by the factor)."""
    results = []
    for scale in scales:
        run = train_run(data, n_h, activation, scale, init_seed=init_seed, learning_rate=learning_rate,
                        steps=steps)
        results.append(ScaleResult(float(scale), run, z1_histogram(run.start, data.X_train, activation)))
    return results


# -- zero versus random start ------------------------------------------------------
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
