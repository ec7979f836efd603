"""What the training controls do, as plain functions of a :class:`~shallownet.training.Trainer`.

The page's buttons and its play timer only call these, so the step logic is
tested without a running app (a test harness never fires the play timer).
Also here: the numbers of the update rule P := P − α·dP, and a plain-words hint
when the cost is climbing although training has not diverged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .network import PARAM_NAMES

MAX_ITERATION = 20_000  # a bound on one session's history (8 floats per iteration)
# One play tick every 0.4 s: visibly live, yet a class of sessions still fits on 2 cores, and
# each tick redraws (remounts) the live charts, so faster ticks would mostly add flicker.
PLAY_INTERVAL_S = 0.4
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


def rising_cost_hint(history: dict, window: int = 50) -> str:
    """A plain-words hint when the training cost misbehaves without outright divergence
    (a sign that α is too large): it went up over the last steps taken with the current α
    (at most ``window``), or up in many single steps (oscillation), or it is now above the
    cost at the start. The hint names the α of those steps, read from the history.

    Returns "" when the cost behaves (or there are too few steps to tell).
    """
    cost = np.asarray(history["train_cost"], dtype=float)
    rates = np.asarray(history["learning_rate"], dtype=float)
    if len(cost) <= 10 or not np.isfinite(cost[-1]):
        return ""
    alpha = float(rates[-1])
    same = rates[1:][::-1] == alpha  # the trailing run of steps taken with this α
    run = len(same) if same.all() else int(np.argmin(same))
    k = min(window, run)
    recent = cost[-(k + 1):]
    if k < 10 or not np.isfinite(recent).all():
        return ""
    ups = int(np.count_nonzero(np.diff(recent) > 1e-9))
    if recent[-1] > recent[0] * 1.001:
        what = f"went up over the last {k} steps (from {recent[0]:.4g} to {recent[-1]:.4g})"
    elif ups > 0.3 * k:
        what = f"went up in {ups} of the last {k} steps"
    elif np.isfinite(cost[0]) and cost[-1] > cost[0] * 1.001:
        what = f"is {cost[-1]:.4g}, higher than at the start ({cost[0]:.4g})"
    else:
        return ""
    return (
        f"The training cost {what}. Gradient descent with a small enough step lowers it at every "
        f"step: α = {alpha:g} is probably too large for these parameters. "
        f"Try a smaller one, e.g. α = {alpha / 3:.2g}, or press Reset."
    )
