"""Experiments that train many networks: hidden-layer sizes, learning rates, and a linear baseline.

Pure functions of the data and the settings (no streamlit, no plotly). Each sweep takes an
optional ``progress(fraction, text)`` callback, called as the work advances (fraction in
0 … 1), so a caller can show a progress bar. The single-run functions
(:func:`train_network`, :func:`train_rate`) are what a cache keys one setting on.

Results are frozen dataclasses of plain NumPy arrays and numbers, small enough to cache
(a decision surface is 48×48 float32, a cost curve at most ``max_points`` long) and never
holding NaN: a diverged run keeps its last finite state and says where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .activations import sigmoid
from .datasets import Dataset
from .formatting import number_text
from .logistic import logistic_fit
from .surface import decision_surface, grid_axes, grid_points
from .training import Trainer

Progress = Callable[[float, str], None]

HIDDEN_SIZES = (1, 2, 3, 4, 5, 20, 50)
LEARNING_RATES = (0.01, 0.1, 1.0, 3.0, 10.0, 100.0)
SURFACE_RESOLUTION = 48  # per small multiple: smooth enough when shaded, ~9 kB of JSON
CURVE_POINTS = 400


@dataclass(frozen=True)
class Boundary:
    """A classifier's probability of class 1 over a grid of the plane.

    xs (N,), ys (N,), P (N, N) float32 with P[i, j] at (xs[j], ys[i]).
    """

    xs: np.ndarray
    ys: np.ndarray
    P: np.ndarray


@dataclass(frozen=True)
class NetworkRun:
    """One network trained from its initial parameters for up to ``steps`` steps."""

    n_h: int
    activation: str
    learning_rate: float
    steps: int  # asked for
    iterations: int  # taken (fewer when training diverged)
    train_acc: float
    test_acc: float
    train_cost: float
    divergence: str | None  # the trainer's message, or None
    params: dict  # W1 (n_h, 2), b1 (n_h, 1), W2 (1, n_h), b2 (1, 1), float64
    boundary: Boundary


@dataclass(frozen=True)
class RateRun:
    """The training cost of one learning rate, thinned to at most ``max_points`` points.

    iterations (k,) and cost (k,) are finite; when training diverged, ``diverged_at`` is the
    step that blew up (its state is not kept) and the curve ends at the step before.
    """

    learning_rate: float
    iterations: np.ndarray
    cost: np.ndarray
    train_acc: float
    test_acc: float
    diverged_at: int | None
    reason: str | None

    @property
    def final_cost(self) -> float:
        return float(self.cost[-1])


@dataclass(frozen=True)
class Baseline:
    """Logistic regression on the two raw features: a network with no hidden layer.

    Its boundary w·x + b = 0 is a straight line. coef (2,), intercept: the fitted w and b.
    """

    coef: np.ndarray
    intercept: float
    train_acc: float
    test_acc: float
    boundary: Boundary
    train_cost: float = float("nan")  # cross-entropy J of its probabilities on the training split
    C: float = 1.0  # scikit-learn's inverse regularisation strength


# -- one run -------------------------------------------------------------------
def _train(data, n_h, activation, learning_rate, steps, init_scale, init_seed, progress) -> Trainer:
    """A trainer advanced by ``steps`` (in chunks, reporting progress) or until it diverges."""
    trainer = Trainer(data, n_h, activation, init_scale=init_scale, init_seed=init_seed, snapshot_cap=2)
    steps = int(steps)
    chunk = max(50, steps // 20)
    while trainer.iteration < steps and trainer.divergence is None:
        trainer.step(min(chunk, steps - trainer.iteration), learning_rate)
        if progress is not None:
            progress(trainer.iteration / steps if steps else 1.0, f"step {trainer.iteration:,} of {steps:,}")
    return trainer


def train_network(data: Dataset, n_h: int, activation: str = "tanh", learning_rate: float = 1.2,
                  steps: int = 3000, *, init_scale: float = 0.01, init_seed: int = 0,
                  resolution: int = SURFACE_RESOLUTION, progress: Progress | None = None) -> NetworkRun:
    """Train one network on ``data`` and return its accuracies and decision surface."""
    t = _train(data, n_h, activation, learning_rate, steps, init_scale, init_seed, progress)
    h = t.history()
    params = t.params
    return NetworkRun(
        n_h=int(n_h), activation=activation, learning_rate=float(learning_rate), steps=int(steps),
        iterations=t.iteration, train_acc=float(h["train_acc"][-1]), test_acc=float(h["test_acc"][-1]),
        train_cost=float(h["train_cost"][-1]),
        divergence=t.divergence.message() if t.divergence else None,
        params=params, boundary=network_boundary(params, data.X, activation, resolution),
    )


def train_rate(data: Dataset, learning_rate: float, n_h: int = 4, activation: str = "tanh",
               steps: int = 3000, *, init_scale: float = 0.01, init_seed: int = 0,
               max_points: int = CURVE_POINTS, progress: Progress | None = None) -> RateRun:
    """Train one network at ``learning_rate`` and keep its cost curve."""
    t = _train(data, n_h, activation, learning_rate, steps, init_scale, init_seed, progress)
    h = t.history()
    keep = thin_indices(len(h["iteration"]), max_points)
    iterations, cost = h["iteration"][keep], h["train_cost"][keep]
    finite = np.isfinite(cost)  # the trainer keeps finite states only; this is a guard
    return RateRun(
        learning_rate=float(learning_rate), iterations=iterations[finite], cost=cost[finite],
        train_acc=float(h["train_acc"][-1]), test_acc=float(h["test_acc"][-1]),
        diverged_at=t.divergence.iteration if t.divergence else None,
        reason=t.divergence.reason if t.divergence else None,
    )


def thin_indices(k: int, max_points: int) -> np.ndarray:
    """At most ``max_points`` evenly spaced indices of 0 … k−1, always with the first and last."""
    if k <= max_points:
        return np.arange(k)
    return np.unique(np.linspace(0, k - 1, max_points).round().astype(int))


def network_boundary(params: dict, X, activation: str = "tanh",
                     resolution: int = SURFACE_RESOLUTION) -> Boundary:
    """The network's probability of class 1 over a grid around X (n_x, m)."""
    xs, ys, P, _ = decision_surface(params, X, activation, resolution=resolution)
    return Boundary(xs, ys, P.astype(np.float32))


# -- sweeps --------------------------------------------------------------------
def _share(progress: Progress | None, i: int, n: int, label: str) -> Progress | None:
    """The callback for run i of n: its own 0 … 1 mapped onto the i-th n-th of the whole."""
    if progress is None:
        return None
    return lambda f, text: progress((i + f) / n, f"{label} ({i + 1} of {n}): {text}")


def size_sweep(data: Dataset, sizes: Sequence[int] = HIDDEN_SIZES, activation: str = "tanh",
               learning_rate: float = 1.2, steps: int = 3000, *, init_scale: float = 0.01,
               init_seed: int = 0, resolution: int = SURFACE_RESOLUTION,
               progress: Progress | None = None) -> list[NetworkRun]:
    """One network per hidden-layer size, everything else equal."""
    sizes = list(sizes)
    return [
        train_network(data, n_h, activation, learning_rate, steps, init_scale=init_scale,
                      init_seed=init_seed, resolution=resolution,
                      progress=_share(progress, i, len(sizes), f"n_h = {n_h}"))
        for i, n_h in enumerate(sizes)
    ]


def percent(x: float) -> str:
    """An accuracy as a whole percentage: 0.974 → "97%"."""
    return f"{100 * x:.0f}%"


def _sizes(runs: Sequence[NetworkRun]) -> str:
    names = [str(r.n_h) for r in runs]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def size_sweep_summary(runs: Sequence[NetworkRun], min_gap: float = 0.03) -> str:
    """The sentence under the size sweep: the best test accuracy and the largest train–test gap,
    naming every size that ties on the percentages shown (a tie is not a win for the first)."""
    best = max(r.test_acc for r in runs)
    top = [r for r in runs if percent(r.test_acc) == percent(best)]
    text = f"Best test accuracy: **{percent(best)}** with n_h = {_sizes(top)}."
    gap = max(runs, key=lambda r: r.train_acc - r.test_acc)
    if gap.train_acc - gap.test_acc >= min_gap:
        shown = (percent(gap.train_acc), percent(gap.test_acc))
        same = [r for r in runs if (percent(r.train_acc), percent(r.test_acc)) == shown]
        text += (f" Largest train–test gap: {100 * (gap.train_acc - gap.test_acc):.0f} points "
                 f"(train {shown[0]}, test {shown[1]}) with n_h = {_sizes(same)}.")
    return text


def rate_sweep(data: Dataset, rates: Sequence[float] = LEARNING_RATES, n_h: int = 4,
               activation: str = "tanh", steps: int = 3000, *, init_scale: float = 0.01,
               init_seed: int = 0, max_points: int = CURVE_POINTS,
               progress: Progress | None = None) -> list[RateRun]:
    """One network per learning rate from the same initial parameters."""
    rates = list(rates)
    return [
        train_rate(data, lr, n_h, activation, steps, init_scale=init_scale, init_seed=init_seed,
                   max_points=max_points, progress=_share(progress, i, len(rates), f"α = {lr:g}"))
        for i, lr in enumerate(rates)
    ]


# -- the linear baseline -------------------------------------------------------------
def logistic_baseline(data: Dataset, resolution: int = SURFACE_RESOLUTION, C: float = 1.0) -> Baseline:
    """Logistic regression on the training split, as scikit-learn's LogisticRegression fits it
    by default (L2 penalty, C = 1, the intercept not penalised): see :func:`logistic_fit`."""
    X, y = data.X_train, data.Y_train.ravel()
    w, b = logistic_fit(X, y, C)
    xs, ys = grid_axes(data.X, resolution)
    P = sigmoid(w @ grid_points(xs, ys) + b).reshape(len(ys), len(xs))
    p = np.clip(sigmoid(w @ X + b), 1e-12, 1 - 1e-12)
    predicted = lambda Xs: (w @ Xs + b > 0).astype(float)  # noqa: E731 — p > 0.5
    test_acc = float(np.mean(predicted(data.X_test) == data.Y_test.ravel())) if data.X_test.shape[1] else 0.0
    return Baseline(
        coef=w.copy(), intercept=b, train_acc=float(np.mean(predicted(X) == y)),
        test_acc=test_acc, boundary=Boundary(xs, ys, P.astype(np.float32)),
        train_cost=float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))), C=float(C),
    )


def _signed(value: float, first: bool = False) -> str:
    """" − 3.98" / " + 1.25" (or "−3.98" / "1.25" first), with a real minus sign, 3 significant digits."""
    text = number_text(abs(value), exponent="unicode")  # 3.51×10⁻⁵: an equation on screen, not a program's output
    if first:
        return ("−" if value < 0 else "") + text
    return (" − " if value < 0 else " + ") + text


def line_equation(coef, intercept: float) -> str:
    """The baseline's boundary w1·x1 + w2·x2 + b = 0 with its signs written properly:
    (1.25, −3.98), 0.395 → "1.25·x1 − 3.98·x2 + 0.395 = 0"."""
    terms = [f"{_signed(float(w), i == 0)}·x{i + 1}" for i, w in enumerate(np.ravel(coef))]
    return "".join(terms) + _signed(float(intercept)) + " = 0"


def penalty_weight(C: float, m: int) -> float:
    """scikit-learn's LogisticRegression minimises C·Σᵢ 𝓛⁽ⁱ⁾ + ½‖w‖², that is m·C times
    J + ‖w‖²/(2·C·m): the weight of the penalty ‖w‖² next to the mean loss J."""
    return 1.0 / (2.0 * C * m)


def neuron_steps() -> int:
    """The steps the Backward page's neuron takes (fit_logistic_regression's default, read from it)."""
    import inspect

    from .stepthrough import fit_logistic_regression

    return int(inspect.signature(fit_logistic_regression).parameters["steps"].default)


def neuron_line(data: Dataset) -> tuple[np.ndarray, float, float]:
    """The Backward page's single neuron on the same training points: plain gradient descent on J
    alone (no penalty), as that page fits it. Returns w (n_x,), b and its cost J."""
    from .stepthrough import fit_logistic_regression

    w, b = fit_logistic_regression(data.X_train, data.Y_train)
    z = w.T @ data.X_train + b
    y = data.Y_train
    J = float(np.mean(np.logaddexp(0.0, z) - y * z))  # cross-entropy of σ(z), stable for any z
    return w.ravel(), float(b[0, 0]), J
