"""Short training runs side by side: activations, initial scales (with 2 inputs and with
many), zero versus random start.

Pure functions on a :class:`~shallownet.datasets.Dataset`; each run is a few hundred to a few
thousand steps of the fast :class:`~shallownet.training.Trainer`, so a whole comparison takes
well under a second. The results are plain data (arrays and numbers) for the figures; the
sentences about them are in :mod:`shallownet.gradients_lesson`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import ACTIVATIONS, get_activation
from .datasets import Dataset
from .network import forward, init_params
from .surface import decision_surface
from .training import Trainer

COMPARISON_STEPS = 300
ACTIVATION_ORDER = ("sigmoid", "tanh", "relu", "leaky_relu")
INIT_SCALES = (0.01, 1.0, 10.0)
SATURATED_BELOW = 0.01  # a unit·example whose |g′(z)| is below this passes almost no gradient back
ZERO_INIT_RANDOM_SCALE = 1.0  # the random start the zero start is compared with
TARGET_COST = 0.1  # the initial-scale runs train until J falls below this ...
MAX_STEPS = 3000  # ... or this many steps have passed ("not within MAX_STEPS")
WIDE_N_X = 50  # inputs of the many-inputs comparison: the data's 2 features plus 48 noise features
WIDE_MAX_N_H = 8  # its widest hidden layer: five runs of up to MAX_STEPS at n_h = 50 take ~10 s


def wide_n_h(n_h: int) -> int:
    """The hidden units of the many-inputs runs: the setting's, at most WIDE_MAX_N_H."""
    return min(int(n_h), WIDE_MAX_N_H)
# Why |g′| is small, by activation: tanh and σ flatten out far from 0 (saturated); ReLU is exactly
# flat for z ≤ 0 at any size of z (inactive); leaky ReLU′ never goes below 0.01, so never counts.
STALL_WORD = {"sigmoid": "saturated", "tanh": "saturated", "relu": "inactive", "leaky_relu": "inactive"}


def stall_word(activation: str) -> str:
    """What a hidden unit·example with |g′(z)| < SATURATED_BELOW is called for this g."""
    return STALL_WORD.get(activation, "saturated")


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
    target_cost: float | None = None  # set when the run trained until J < target_cost

    @property
    def steps(self) -> int:
        return int(self.history["iteration"][-1])

    @property
    def reached(self) -> int | None:
        """The first iteration with J < target_cost (None: not reached, or no target)."""
        if self.target_cost is None:
            return None
        hit = np.flatnonzero(np.asarray(self.history["train_cost"]) < self.target_cost)
        return int(hit[0]) if hit.size else None

    @property
    def start_cost(self) -> float:
        return float(self.history["train_cost"][0])


def saturation(params: dict, X, activation: str, below: float = SATURATED_BELOW) -> Saturation:
    """|g′(Z1)| over the examples X (n_x, m): its mean and the share below ``below``."""
    _, cache = forward(params, X, activation)
    gp = np.abs(get_activation(activation).prime(cache["Z1"], cache["A1"]))
    if gp.size == 0:
        return Saturation(0.0, 0.0)
    return Saturation(float(gp.mean()), float(np.mean(gp < below)))


def train_run(data: Dataset, n_h: int, activation: str, init_scale: float, *, init_seed: int = 0,
              learning_rate: float = 1.2, steps: int = COMPARISON_STEPS, dtype=np.float32,
              params: dict | None = None, until_cost: float | None = None, chunk: int = 100) -> Run:
    """Train a fresh network for ``steps`` steps (fewer if it diverges) and summarise it.

    ``params`` (W1 (n_h, n_x), b1, W2, b2) replaces the scaled random start; with ``until_cost``
    training stops at the end of the first ``chunk`` of steps in which J fell below it."""
    trainer = Trainer(data, n_h, activation, init_scale=init_scale, init_seed=init_seed, dtype=dtype,
                      snapshot_cap=2, params=params)
    start = trainer.params
    if until_cost is None:
        trainer.step(steps, learning_rate)
    else:
        while trainer.iteration < steps and trainer.divergence is None:
            before = trainer.iteration
            if trainer.step(min(chunk, steps - before), learning_rate) == 0:
                break
            if np.min(trainer.history(start=before)["train_cost"]) < until_cost:
                break
    hist = trainer.history()
    keep = ("iteration", "train_cost", "train_acc", "test_acc", "norm_dW1", "norm_db1", "norm_dW2", "norm_db2")
    end = trainer.params
    return Run(
        activation, float(init_scale), {k: hist[k] for k in keep}, start, end,
        saturation(start, data.X_train, activation), saturation(end, data.X_train, activation),
        trainer.divergence.message() if trainer.divergence else "", until_cost,
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
    z_std: float = 0.0  # standard deviation of the n_h·m values


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
    return Z1Histogram(edges, ok, bad, share, zmax, float(z.std()) if z.size else 0.0)


@dataclass(frozen=True)
class ScaleResult:
    """One start: ``scale`` is the standard deviation of W1's entries (for a fixed scale, W2's too)."""

    scale: float
    run: Run
    histogram: Z1Histogram
    label: str = ""  # e.g. "Xavier"; empty for a fixed scale

    @property
    def name(self) -> str:
        return self.label or f"scale {self.scale:g}"


def init_scale_comparison(data: Dataset, n_h: int, activation: str, *, scales=INIT_SCALES,
                          init_seed: int = 0, learning_rate: float = 1.2,
                          steps: int = COMPARISON_STEPS, until_cost: float | None = None) -> list[ScaleResult]:
    """One run per initial scale (same seed, so the weights differ only by the factor)."""
    results = []
    for scale in scales:
        run = train_run(data, n_h, activation, scale, init_seed=init_seed, learning_rate=learning_rate,
                        steps=steps, until_cost=until_cost)
        results.append(ScaleResult(float(scale), run, z1_histogram(run.start, data.X_train, activation)))
    return results


# -- many inputs: fixed scales against Xavier and He ----------------------------------
# name → (std of W1's entries, std of W2's entries) for fan-ins n_x and n_h
INIT_RULES = {
    "scale 0.01": lambda n_x, n_h: (0.01, 0.01),
    "scale 1": lambda n_x, n_h: (1.0, 1.0),
    "scale 10": lambda n_x, n_h: (10.0, 10.0),
    "Xavier": lambda n_x, n_h: (1 / np.sqrt(n_x), 1 / np.sqrt(n_h)),  # 1/√(fan-in)
    "He": lambda n_x, n_h: (np.sqrt(2 / n_x), np.sqrt(2 / n_h)),  # √(2/fan-in)
}


def rule_params(rule: str, n_x: int, n_h: int, seed: int = 0) -> dict:
    """W1 (n_h, n_x), b1 (n_h, 1), W2 (1, n_h), b2 (1, 1) by an INIT_RULES entry: the same
    standard-normal draws as ``init_params(seed=seed)``, each layer times its own std."""
    s1, s2 = INIT_RULES[rule](n_x, n_h)
    p = init_params(n_x, n_h, scale=1.0, seed=seed)
    return {"W1": p["W1"] * s1, "b1": p["b1"], "W2": p["W2"] * s2, "b2": p["b2"]}


def with_noise_features(data: Dataset, n_x: int = WIDE_N_X, seed: int = 0) -> Dataset:
    """The data with n_x − 2 extra inputs of pure noise (N(0, s²), s the real features' mean
    spread) below its own rows: X_train (n_x, m_train), X_test (n_x, m_test); labels unchanged."""
    rng = np.random.default_rng(seed)
    s = float(np.mean(data.X_train.std(axis=1))) or 1.0
    extra = max(0, int(n_x) - data.n_x)

    def widen(X):
        return np.vstack([X, rng.standard_normal((extra, X.shape[1])) * s])

    return Dataset(data.name, widen(data.X_train), data.Y_train, widen(data.X_test), data.Y_test)


def init_rule_comparison(data: Dataset, n_h: int, activation: str, *, rules=tuple(INIT_RULES),
                         init_seed: int = 0, learning_rate: float = 1.2, steps: int = MAX_STEPS,
                         until_cost: float = TARGET_COST) -> list[ScaleResult]:
    """One run per INIT_RULES entry on ``data`` (any n_x), each until J < until_cost or ``steps``."""
    results = []
    for rule in rules:
        params = rule_params(rule, data.n_x, n_h, init_seed)
        run = train_run(data, n_h, activation, INIT_RULES[rule](data.n_x, n_h)[0], learning_rate=learning_rate,
                        steps=steps, params=params, until_cost=until_cost)
        label = "" if rule.startswith("scale") else rule
        results.append(ScaleResult(run.init_scale, run, z1_histogram(params, data.X_train, activation), label))
    return results


# -- a straight boundary: the level a plateau sits at ---------------------------------
def logistic_cost(X, Y, *, ridge: float = 1e-6, iterations: int = 25) -> float:
    """The lowest cross-entropy a single logistic unit σ(w·x + b) reaches on X (n_x, m), Y (1, m)
    (Newton's method; a tiny ridge keeps separable data finite). A network whose J sits at
    this level draws, in effect, a straight boundary."""
    X, y = np.asarray(X, float), np.asarray(Y, float).ravel()
    m = X.shape[1]
    if m == 0:
        return 0.0
    A = np.vstack([X, np.ones((1, m))]).T  # (m, n_x + 1)
    w = np.zeros(A.shape[1])
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-np.clip(A @ w, -500, 500)))
        grad = A.T @ (p - y) / m + ridge * w
        H = (A * (p * (1 - p))[:, None]).T @ A / m + ridge * np.eye(A.shape[1])
        w -= np.linalg.solve(H, grad)
    z = A @ w
    return float(np.mean(np.logaddexp(0, z) - y * z))


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
