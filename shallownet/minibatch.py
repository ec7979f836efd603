"""Mini-batch against full batch: four runs from the same start for the same number of epochs.

Pure NumPy (no streamlit, no plotly). :func:`compare_batch_sizes` trains full batch, b = 64,
b = 8 and b = 1 on the same data from the same initial parameters, for the same number of
epochs (an epoch: every training example used once), and keeps per run the cost of each step's
batch (the noisy curve), the whole training set's cost at each epoch's end, the final boundary,
evenly spaced parameter snapshots and the measured wall-clock time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .datasets import Dataset
from .network import accuracy, forward
from .sweeps import Boundary, network_boundary, thin_indices
from .training import MAX_ITERATION, Trainer

BATCH_SIZES = (0, 64, 8, 1)  # 0: full batch
MAX_EPOCHS = 30
DEFAULT_EPOCHS = 5
CURVE_POINTS = 2500  # per run: every step's batch cost up to this many, then every k-th (raw, not averaged)
STEP_BUDGET = 60_000  # steps of all four runs together: b = 1 at m_train = 1500 is 1500 steps an epoch
SNAPSHOTS = 60  # per run, for the loss-landscape paths
BOUNDARY_RESOLUTION = 36  # four small panels: smooth when shaded, and a quarter of the JSON of 48 × 2

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class BatchRun:
    """One run. Arrays: ``step_epochs`` (k,) the position of each kept step in epochs (step /
    steps per epoch), ``batch_cost`` (k,) the cost of that step's batch at the parameters before
    it; ``epochs`` (E + 1,) 0 … E and ``epoch_cost`` / ``epoch_acc`` (E + 1,) over the whole
    training set at each epoch's end (epoch 0: the start)."""

    batch_size: int  # asked for (0 = full)
    examples: int  # per step: b, or m_train when b ≥ m_train (full batch)
    steps_per_epoch: int
    steps: int  # taken
    step_epochs: np.ndarray
    batch_cost: np.ndarray
    epochs: np.ndarray
    epoch_cost: np.ndarray
    epoch_acc: np.ndarray
    test_acc: float
    seconds: float  # wall clock of all its steps, measured on this machine
    params: dict
    snapshots: tuple  # (iteration, params) pairs, evenly spaced, first and last included
    boundary: Boundary
    divergence: str | None
    epoch_params: tuple = ()  # the parameters at the start and at each finished epoch's end

    @property
    def full_batch(self) -> bool:
        return self.steps_per_epoch == 1

    @property
    def seconds_per_epoch(self) -> float:
        done = self.steps / self.steps_per_epoch
        return self.seconds / done if done else float("nan")


def steps_per_epoch(m_train: int, b: int) -> int:
    """⌈m/b⌉ mini-batches an epoch, the last one holding m mod b when b does not divide m; 1 for
    full batch (b = 0 or b ≥ m)."""
    return 1 if b <= 0 or b >= m_train else -(-m_train // b)


def max_epochs(m_train: int, batch_sizes=BATCH_SIZES) -> int:
    """The most epochs the four runs may take: within the trainer's iteration cap and the step
    budget that keeps one click near two seconds at the largest data set."""
    per_epoch = [steps_per_epoch(m_train, b) for b in batch_sizes]
    return int(max(1, min(MAX_EPOCHS, MAX_ITERATION // max(per_epoch), STEP_BUDGET // sum(per_epoch))))


def train_batch_run(data: Dataset, b: int, epochs: int, *, n_h: int, activation: str, init_scale: float,
                    init_seed: int, learning_rate: float, progress: Progress | None = None) -> BatchRun:
    """Train one run of ``epochs`` epochs with batches of ``b`` (0: full batch), timed."""
    m = data.X_train.shape[1]
    per_epoch = steps_per_epoch(m, b)
    trainer = Trainer(data, n_h, activation, init_scale=init_scale, init_seed=init_seed, batch_size=b,
                      batch_seed=init_seed, full_cost_each_step=False, snapshot_cap=SNAPSHOTS)
    total, seconds = epochs * per_epoch, 0.0
    ends = [trainer.params]
    for epoch in range(epochs):
        start = time.perf_counter()
        trainer.step(per_epoch, learning_rate)
        seconds += time.perf_counter() - start
        ends.append(trainer.params)  # outside the timing
        if progress is not None:
            progress((epoch + 1) / epochs, f"epoch {epoch + 1} of {epochs}")
        if trainer.divergence is not None:
            break
    return _result(trainer, data, b, per_epoch, total, seconds, tuple(ends))


def _result(trainer: Trainer, data: Dataset, b: int, per_epoch: int, total: int, seconds: float,
            ends: tuple = ()) -> BatchRun:
    h, e = trainer.history(), trainer.epoch_history()
    # row k's batch cost belongs to the step k + 1 (the batch it is about to use): keep steps 1 … t
    steps = trainer.iteration
    keep = thin_indices(steps, CURVE_POINTS)
    params = trainer.params
    A2, _ = forward(params, data.X_test, trainer.activation)
    return BatchRun(
        batch_size=int(b), examples=int(trainer.effective_batch_size), steps_per_epoch=per_epoch, steps=steps,
        step_epochs=(keep / per_epoch).astype(np.float32), batch_cost=h["batch_cost"][keep].astype(np.float32),
        epochs=e["epoch"], epoch_cost=e["train_cost"], epoch_acc=e["train_acc"],
        test_acc=accuracy(A2, data.Y_test) if data.Y_test.size else float("nan"),
        seconds=seconds, params=params,
        snapshots=tuple((s.iteration, s.params) for s in trainer.snapshots),
        boundary=network_boundary(params, data.X, trainer.activation, BOUNDARY_RESOLUTION),
        divergence=trainer.divergence.message() if trainer.divergence else None, epoch_params=ends,
    )


def compare_batch_sizes(data: Dataset, epochs: int, *, n_h: int, activation: str, init_scale: float,
                        init_seed: int, learning_rate: float, batch_sizes=BATCH_SIZES,
                        progress: Progress | None = None) -> list[BatchRun]:
    """The four runs, same data, same start (init seed), same epochs, same α; in the order given."""
    epochs = int(np.clip(epochs, 1, max_epochs(data.X_train.shape[1], batch_sizes)))
    runs = []
    for i, b in enumerate(batch_sizes):
        share = None if progress is None else (
            lambda f, text, i=i, b=b: progress((i + f) / len(batch_sizes), f"{batch_label(b)}: {text}"))
        runs.append(train_batch_run(data, b, epochs, n_h=n_h, activation=activation, init_scale=init_scale,
                                    init_seed=init_seed, learning_rate=learning_rate, progress=share))
    return runs


def batch_label(b: int, m_train: int | None = None) -> str:
    """"full batch", "b = 64", "b = 1 (stochastic)"; with m_train, b ≥ m_train reads as full batch."""
    if b <= 0 or (m_train is not None and b >= m_train):
        return "full batch" if b <= 0 else f"b = {b} (= full batch)"
    return "b = 1 (stochastic)" if b == 1 else f"b = {b}"


def landscape_paths(runs: list[BatchRun]) -> dict[str, list[tuple[int, dict]]]:
    """Each run's snapshot parameters, by label: (iteration, W1/b1/W2/b2 float64) pairs from the
    start to the end. The place where the loss-landscape page's path projection takes them."""
    return {batch_label(r.batch_size): list(r.snapshots) for r in runs}
