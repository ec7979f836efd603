"""What the training controls do, as plain functions of a :class:`~shallownet.training.Trainer`.

The page's buttons and its play timer only call these, so the step logic is
tested without a running app (a test harness never fires the play timer).
Also here: the numbers of the update rule P := P − α·dP, and a plain-words hint
when the cost is climbing although training has not diverged.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import numpy as np

from .formatting import number_text
from .network import PARAM_NAMES
from .training import MAX_ITERATION  # the trainer keeps it; the page offers targets up to it

PLAY_SPEEDS = (1, 2, 5, 10, 20, 50)  # steps per frame offered by the page
DEFAULT_SPEED = 10
FPS = 10  # frames the browser plays per second
CHUNK_FRAMES = 30  # frames trained and sent per request: three seconds of play (fewer runs per frame)
MAX_AHEAD = 50  # frames sent but not yet shown, at most (bounds the work a pause throws away)
LOW_WATER = 20  # the browser asks for the next chunk when it holds this many frames or fewer
# a pause that comes from elsewhere (Step, a new α) reaches the browser about this much later,
# while it goes on playing: the frame to go back to is the one it will show then
REPLY_LEAD_S = 0.2


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
    """How many steps "train to ``target``" asks for from the current iteration (≥ 0). ``target``
    counts as the page does (a loaded model's count continues: it is a total); the run's own
    steps stay within ``max_iteration``."""
    return max(0, min(int(target) - trainer.start_iteration, max_iteration) - trainer.iteration)


def cap_stop_text(start: int, max_iteration: int = MAX_ITERATION) -> str:
    """Why Play stopped at the cap of a run that started at iteration ``start`` (0, or a loaded
    model's saved count)."""
    if start == 0:
        return f"Stopped at iteration {max_iteration:,}, the most this app trains for."
    return (f"Stopped at iteration {start + max_iteration:,}: {max_iteration:,} steps since the model was "
            "loaded, the most this app trains in one run.")


@dataclass
class Player:
    """Play, decoupled from round trips: the server trains ahead in chunks of frames, the
    browser plays them at :data:`FPS` and asks for the next chunk before it runs dry.

    The trainer runs ahead of the screen by the frames in flight, so every frame sent keeps a
    checkpoint: a pause goes back to the frame the browser reports on screen (or, for a pause
    that comes from elsewhere, such as a Step button, the frame it must be showing by now),
    and training continues from exactly the picture the class is looking at.
    """

    playing: bool = False
    generation: int = 0  # bumped whenever what is on screen starts over (the browser drops its queue)
    next_seq: int = 0
    in_flight: deque = field(default_factory=deque)  # (seq, checkpoint) of frames sent, not known shown
    shown: tuple | None = None  # (seq, checkpoint) of the last frame the browser reported on screen
    reported_at: float = 0.0  # when it reported (a time.monotonic() value)
    learning_rate: float | None = None  # α of the frames in flight
    why_stopped: str = ""

    def start(self, trainer, learning_rate: float, now: float) -> None:
        """Start playing from the trainer's current state."""
        self.playing, self.why_stopped = True, ""
        self._restart(trainer, learning_rate, now)

    def _restart(self, trainer, learning_rate: float, now: float) -> None:
        self.generation += 1
        self.in_flight.clear()
        self.shown = (self.next_seq - 1, trainer.checkpoint())
        self.reported_at = now
        self.learning_rate = learning_rate

    def report(self, shown_seq: int, now: float) -> None:
        """The browser shows frame ``shown_seq``: frames before it need no checkpoint any more."""
        while self.in_flight and self.in_flight[0][0] <= shown_seq:
            self.shown = self.in_flight.popleft()
            self.reported_at = now

    def estimated_shown(self, now: float) -> int:
        """The frame the browser should be showing at ``now``: the last one it reported plus the
        frames played since, at :data:`FPS`, but never past the last one sent."""
        seq = self.shown[0] if self.shown else -1
        if self.in_flight:
            seq = min(seq + int((now - self.reported_at) * FPS), self.in_flight[-1][0])
        return seq

    def stop(self, trainer, now: float, shown_seq: int | None = None) -> None:
        """Stop playing with the trainer back at the frame on screen (reported, or estimated)."""
        self.report(self.estimated_shown(now + REPLY_LEAD_S) if shown_seq is None else shown_seq, now)
        if self.shown is not None and self.shown[1][0] < trainer.iteration:
            trainer.rewind(self.shown[1])
        self.playing = False
        self.generation += 1
        self.in_flight.clear()

    def retarget(self, trainer, learning_rate: float, now: float) -> None:
        """α changed while playing: the frames in flight used the old α, so go back to the frame
        on screen and go on from there with the new one."""
        self.stop(trainer, now)
        self.playing = True
        self._restart(trainer, learning_rate, now)

    def chunk(self, trainer, steps_per_frame: int, build_frame, now: float,
              max_iteration: int = MAX_ITERATION) -> list:
        """Train up to :data:`CHUNK_FRAMES` frames of ``steps_per_frame`` steps each (fewer when
        :data:`MAX_AHEAD` frames are already in flight); ``build_frame(seq, previous_iteration)``
        makes each frame from the trainer's state. Stops playing at divergence or at the cap
        (:attr:`why_stopped` says why); the browser plays out the frames it has."""
        frames = []
        if not self.playing:
            return frames
        room = min(CHUNK_FRAMES, MAX_AHEAD - len(self.in_flight))
        for _ in range(max(0, room)):
            before = trainer.iteration
            advance(trainer, steps_per_frame, self.learning_rate, max_iteration)
            if trainer.iteration > before:
                frames.append(build_frame(self.next_seq, before))
                self.in_flight.append((self.next_seq, trainer.checkpoint()))
                self.next_seq += 1
            if trainer.divergence is not None:
                self.playing, self.why_stopped = False, trainer.divergence.message()
                break
            if trainer.iteration >= max_iteration:
                self.playing = False
                self.why_stopped = cap_stop_text(trainer.start_iteration, max_iteration)
                break
        return frames


def stats_row(history: dict, k: int, learning_rate: float) -> list[list[str]]:
    """The numbers strip at iteration ``k`` of ``history`` (which may start after 0): [label, value] pairs."""
    i = k - int(history["iteration"][0])
    return [
        ["Iteration", f"{k:,}"],
        ["Train cost J", number_text(float(history["train_cost"][i]), ".4f", nonfinite="—")],
        ["Test cost", number_text(float(history["test_cost"][i]), ".4f", nonfinite="—")],
        ["Train accuracy", number_text(100 * float(history["train_acc"][i]), ".1f", nonfinite="—") + " %"],
        ["Test accuracy", number_text(100 * float(history["test_acc"][i]), ".1f", nonfinite="—") + " %"],
        ["Learning rate α", f"{learning_rate:g}"],
    ]


def update_table(params: dict, grads: dict, learning_rate: float, iteration: int) -> dict:
    """The next update P := P − α·dP with its sizes, as rows for the page's table (shapes read
    from the arrays)."""
    rows = [[f"{r.name} := {r.name} − {learning_rate:g}·d{r.name}", " × ".join(map(str, r.shape)),
             f"{r.norm_grad:.3g}", f"{r.step:.3g}"] for r in update_rule(params, grads, learning_rate)]
    return {"title": f"The next update (iteration {iteration:,} → {iteration + 1:,})",
            "head": ["P := P − α·dP", "shape", "‖dP‖", "α‖dP‖"], "rows": rows,
            "note": "Every parameter moves against its own gradient; α‖dP‖ is how far it moves in this "
                    "step (‖·‖: the square root of the sum of squares). The lecture notes write "
                    "w := w − α·w: the update uses the gradient, dw."}


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
    ends = np.asarray(history.get("epoch_end", np.ones(len(cost), bool)))[-k:]
    if not ends.all():  # mini-batch steps: the whole set's cost may rise on a step even with a good α
        return _minibatch_hint(cost, recent, k, alpha, int(np.asarray(history["batch_examples"])[-1]))
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


def _minibatch_hint(cost, recent, k: int, alpha: float, b: int) -> str:
    """:func:`rising_cost_hint` for mini-batch steps: single rises are expected there, so only a
    cost above the start's, or one that rose over the whole window, is pointed out."""
    if np.isfinite(cost[0]) and cost[-1] > cost[0] * 1.001:
        what = f"is {cost[-1]:.4g}, higher than at the start ({cost[0]:.4g})"
    elif recent[-1] > recent[0] * 1.001:
        what = f"went up over the last {k} steps (from {recent[0]:.4g} to {recent[-1]:.4g})"
    else:
        return ""
    return (
        f"The training cost {what}. With mini-batches (the last step used {b} examples) each step "
        f"follows one batch's gradient, not the whole training set's, so the whole set's cost can rise "
        f"on some steps even with a good α. If it keeps rising, α = {alpha:g} may be too large: "
        f"try a smaller one, e.g. α = {alpha / 3:.2g}, or press Reset."
    )
