"""Initial scales compared: fixed scales on the data's 2 inputs, and on many inputs fixed
scales against Xavier and He; the Z1 histograms at each start, and the cost a straight
boundary reaches (the level a plateau sits at)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..activations import get_activation
from ..datasets import Dataset
from ..network import forward, init_params
from .runs import COMPARISON_STEPS, SATURATED_BELOW, Run, train_run

INIT_SCALES = (0.01, 1.0, 10.0)
TARGET_COST = 0.1  # the initial-scale runs train until J falls below this ...
MAX_STEPS = 3000  # ... or this many steps have passed ("not within MAX_STEPS")
WIDE_N_X = 50  # inputs of the many-inputs comparison: the data's 2 features plus 48 noise features
WIDE_MAX_N_H = 8  # its widest hidden layer: five runs of up to MAX_STEPS at n_h = 50 take ~10 s


def wide_n_h(n_h: int) -> int:
    """The hidden units of the many-inputs runs: the setting's, at most WIDE_MAX_N_H."""
    return min(int(n_h), WIDE_MAX_N_H)


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
