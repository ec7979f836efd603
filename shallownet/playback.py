"""What the training controls do, as plain functions of a :class:`~shallownet.training.Trainer`.

The page's buttons and its play timer only call these, so the step logic is
tested without a running app (a test harness never fires the play timer).
Also here: the numbers of the update rule P := P − α·dP, and a plain-words hint
when the cost is climbing although training has not diverged.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import isfinite

import numpy as np

from .network import PARAM_NAMES

MAX_ITERATION = 20_000  # a bound on one session's history (8 floats per iteration)
PLAY_INTERVAL_S = 0.3  # one play tick every 0.3 s: live, but a class of sessions still fits on 2 cores
PLAY_SPEEDS = (1, 2, 5, 10, 20, 50)  # steps per tick offered by the page
DEFAULT_SPEED = 10


def advance(trainer, n: int, learning_rate: float, max_iteration: int = MAX_ITERATION) -> int:
    """Run up to ``n`` steps without passing ``max_iteration``; returns the steps taken.

    Fewer than ``n`` are taken when the cap is reached or training diverges
    (then ``trainer.divergence`` says why and the last finite state is kept).
    """
    n = max(0, min(int(n), max_iteration - trainer.iteration))
    if n == 0:
        return 0
    return trainer.step(n, learning_rate)


def steps_to(trainer, target: int, max_iteration: int = MAX_ITERATION) -> int:
    """How many steps "train to ``target``" asks for from the current iteration (≥ 0)."""
    return max(0, min(int(target), max_iteration) - trainer.iteration)


@dataclass(frozen=True)
class Tick:
    """The result of one play tick: steps taken and whether playing goes on."""

    taken: int
    keep_playing: bool
    why_stopped: str = ""


def play_tick(trainer, steps_per_tick: int, learning_rate: float, max_iteration: int = MAX_ITERATION) -> Tick:
    """One timer tick of play: ``steps_per_tick`` steps; stop at divergence or at the cap."""
    taken = advance(trainer, steps_per_tick, learning_rate, max_iteration)
    if trainer.divergence is not None:
        return Tick(taken, False, trainer.divergence.message())
    if trainer.iteration >= max_iteration:
        return Tick(taken, False, f"Stopped at iteration {max_iteration:,}, the most this app trains for.")
    return Tick(taken, True)


@dataclass(frozen=True)
class UpdateRow:
    """One line of the update rule P := P − α·dP, with its sizes (Frobenius norms)."""

    name: str  # "W1", "b1", "W2", "b2"
    shape: tuple
    norm_param: float  # ‖P‖
    norm_grad: float  # ‖dP‖
    step: float  # ‖α·dP‖ = α‖dP‖, how far this update moves P

    @property
    def relative_step(self) -> float:
        """α‖dP‖ / ‖P‖ (0 when ‖P‖ = 0): the share of P that one step changes."""
        return self.step / self.norm_param if self.norm_param > 0 else 0.0


def update_rule(params: dict, grads: dict, learning_rate: float) -> list[UpdateRow]:
    """The sizes in the next update for W1 (n_h, n_x), b1 (n_h, 1), W2 (1, n_h), b2 (1, 1)."""
    rows = []
    for name in PARAM_NAMES:
        P, dP = np.asarray(params[name]), np.asarray(grads["d" + name])
        norm_grad = float(np.linalg.norm(dP))
        rows.append(UpdateRow(name, P.shape, float(np.linalg.norm(P)), norm_grad,
                              abs(float(learning_rate)) * norm_grad))
    return rows


def rising_cost_hint(history: dict, learning_rate: float, window: int = 50) -> str:
    """A plain-words hint when, over the last ``window`` steps, the training cost went up
    overall or in many single steps (a sign α is too large before outright divergence).

    Returns "" when the cost behaves (or there are too few steps to tell).
    """
    cost = np.asarray(history["train_cost"], dtype=float)
    if len(cost) <= 10:
        return ""
    recent = cost[-(window + 1):]
    recent = recent[np.isfinite(recent)]
    if len(recent) <= 10:
        return ""
    ups = int(np.count_nonzero(np.diff(recent) > 1e-9))
    k = len(recent) - 1
    went_up = recent[-1] > recent[0] * 1.001
    if not (went_up or ups > 0.3 * k):
        return ""
    if went_up:
        what = f"went up over the last {k} steps (from {recent[0]:.4g} to {recent[-1]:.4g})"
    else:
        what = f"went up in {ups} of the last {k} steps"
    smaller = learning_rate / 3 if isfinite(learning_rate) else 0.1
    return (
        f"The training cost {what}. Gradient descent should lower it at every step: "
        f"α = {learning_rate:g} is probably too large for these parameters. "
        f"Try a smaller one, e.g. α = {smaller:.2g}."
    )
