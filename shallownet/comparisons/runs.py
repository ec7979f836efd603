"""One short training run summarised for a comparison, and the activations compared: the
same data, width, seed and scale trained with each hidden activation, and their g and g′."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..activations import ACTIVATIONS, get_activation
from ..datasets import Dataset
from ..network import forward
from ..training import Trainer

COMPARISON_STEPS = 300
ACTIVATION_ORDER = ("sigmoid", "tanh", "relu", "leaky_relu")
SATURATED_BELOW = 0.01  # a unit·example whose |g′(z)| is below this passes almost no gradient back
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
