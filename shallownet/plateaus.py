"""What to notice on the Training page, read from the run's history and the live arrays.

The cost curve of a small network has phases: a start at J = ln 2 (every output ≈ 0.5), often a
plateau where the network acts like one straight line (J near the logistic-regression
baseline), and a bend when the hidden units start to matter. :func:`stretches` finds the flat
parts of a history; the ``*_notice`` functions turn the state at the current iteration into a
sentence, or "" when their condition does not hold there. Also: the learning rate that really
diverges from the current start, and the init scale that works for ReLU, both measured.

Pure NumPy (no streamlit, no plotly).
"""

from __future__ import annotations

from dataclasses import dataclass
from math import log

import numpy as np

from .formatting import number_text
from .network import forward
from .training import Trainer

LN2 = log(2.0)
START_TOL = 0.005  # |J − ln 2| below this: still at the start
NEAR_HALF = 0.01  # every output within this of 0.5: "the network says 50 % for everyone"
JUMP_HALF = 1e-4  # outputs this close to 0.5: accuracy may jump while J does not move
JUMP_ACC = 0.10  # an accuracy change of 10 points or more in one step is a jump
JUMP_COST = 1e-3  # … while J moves less than this
WINDOW = 50  # steps over which "flat" is judged
FLAT_RANGE = 0.002  # J moves less than this over WINDOW steps: flat
LINEAR_TOL = 0.1  # J within 10 % of the baseline's cost (and accuracy within 5 points): the line
BEND_DROP = 0.01  # J fell this much after a plateau: it bent
BEND_RECENT = 200  # a bend is announced for this many steps after it
DIVERGE_RATES = (3.0, 10.0, 30.0, 100.0)  # tried from the current start, smallest first
DIVERGE_STEPS = 300
RELU_SCALES = (0.01, 0.1, 0.3, 1.0, 2.0)
RELU_STEPS = 2000


@dataclass(frozen=True)
class Stretch:
    """A flat part of the cost curve: iterations ``start`` … ``stop`` (inclusive).

    kind: "start" (J ≈ ln 2), "linear" (J and accuracy near the straight-line baseline) or
    "flat" (anything else: near a minimum, or a plateau that more steps may leave).
    cost, acc: J and training accuracy at ``stop``; grad: ‖dW1‖ at ``stop``.
    """

    kind: str
    start: int
    stop: int
    cost: float
    acc: float
    grad: float

    @property
    def length(self) -> int:
        return self.stop - self.start


def _flat_ends(cost: np.ndarray, window: int) -> np.ndarray:
    """flat[k] for k = 0 … n−1: J stayed within FLAT_RANGE over the ``window`` steps ending at k."""
    flat = np.zeros(len(cost), dtype=bool)
    if len(cost) > window:
        w = np.lib.stride_tricks.sliding_window_view(cost, window + 1)
        flat[window:] = (w.max(axis=1) - w.min(axis=1)) < FLAT_RANGE
    return flat


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) index of each run of True in ``mask``."""
    edges = np.diff(np.concatenate([[0], mask.astype(int), [0]]))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1, strict=True))


def stretches(history: dict, baseline: tuple[float, float] | None = None,
              window: int = WINDOW) -> list[Stretch]:
    """The flat parts of ``history`` (Trainer.history() arrays from iteration 0), in order.

    baseline: (J, accuracy) of the straight-line fit on the same training points, or None.
    The start stretch is every iteration from 0 while |J − ln 2| < START_TOL (when J starts
    there); the others are runs of iterations whose last ``window`` steps moved J by less than
    FLAT_RANGE, each reaching back over its first window.
    """
    cost = np.asarray(history["train_cost"], dtype=float)
    acc = np.asarray(history["train_acc"], dtype=float)
    grad = np.asarray(history["norm_dW1"], dtype=float)
    it = np.asarray(history["iteration"])
    out = []

    def make(kind, a, b):
        return Stretch(kind, int(it[a]), int(it[b]), float(cost[b]), float(acc[b]), float(grad[b]))

    start_end = -1
    if len(cost) and abs(cost[0] - LN2) < START_TOL:
        away = np.flatnonzero(~(np.abs(cost - LN2) < START_TOL))
        start_end = int(away[0]) - 1 if len(away) else len(cost) - 1
        if start_end >= 1:
            out.append(make("start", 0, start_end))
    for a, b in _runs(_flat_ends(cost, window)):
        a = max(a - window, start_end + 1)
        if b - a < window:
            continue
        # judged on the stretch's means: its last step may already be the first of a drop
        J, a_mean = float(np.mean(cost[a:b + 1])), float(np.mean(acc[a:b + 1]))
        near_line = baseline is not None and abs(J - baseline[0]) <= LINEAR_TOL * baseline[0] \
            and abs(a_mean - baseline[1]) <= 0.05
        out.append(make("linear" if near_line else "flat", a, b))
    return out


def bends(history: dict, found: list[Stretch]) -> list[int]:
    """Iterations where a plateau ended and J then fell by at least BEND_DROP."""
    cost = np.asarray(history["train_cost"], dtype=float)
    o = int(history["iteration"][0])
    last = int(history["iteration"][-1])
    return [s.stop for s in found if s.stop < last and s.cost - float(np.nanmin(cost[s.stop - o:])) >= BEND_DROP]


def outputs(params: dict, X, activation: str) -> np.ndarray:
    """A2 (1, m) of the network on X (n_x, m)."""
    with np.errstate(all="ignore"):
        return forward(params, X, activation)[0]


def _sci(x: float) -> str:
    """A small positive number for a sentence: 3.2×10⁻⁵, or 0.0012."""
    return number_text(x, ".2g" if x == 0 or x >= 1e-3 else ".1e", exponent="unicode")


def start_notice(history: dict, A2: np.ndarray) -> str:
    """J ≈ ln 2 because every output is ≈ 0.5 (only while both hold at the current iteration)."""
    J = float(history["train_cost"][-1])
    spread = float(np.max(np.abs(A2 - 0.5))) if A2.size else 1.0
    if abs(J - LN2) >= START_TOL or spread >= NEAR_HALF:
        return ""
    return (f"**J = {J:.4f}, and ln 2 = {LN2:.4f}.** At iteration {int(history['iteration'][-1]):,} every "
            f"output A2 is within {_sci(spread)} of 0.5: the network says about “50 %” for every point, so each "
            "example's loss is close to −ln 0.5 = ln 2 whatever its label, and so is their mean J.")


def jump_notice(history: dict, A2: np.ndarray) -> str:
    """Accuracy jumped while J barely moved: every output is still within JUMP_HALF of 0.5."""
    cost = np.asarray(history["train_cost"], dtype=float)
    acc = np.asarray(history["train_acc"], dtype=float)
    if len(acc) < 2 or not A2.size or float(np.max(np.abs(A2 - 0.5))) >= JUMP_HALF:
        return ""
    d_acc, d_cost = np.abs(np.diff(acc)), np.abs(np.diff(cost))
    ok = (d_acc >= JUMP_ACC) & (d_cost < JUMP_COST)
    if not ok.any():
        return ""
    k = int(np.argmax(np.where(ok, d_acc, -1)))  # the largest such jump
    i0 = int(history["iteration"][k])
    return (f"**Accuracy went from {100 * acc[k]:.0f} % to {100 * acc[k + 1]:.0f} % in one step** "
            f"(iteration {i0:,} → {i0 + 1:,}) while J moved only from {cost[k]:.5f} to {cost[k + 1]:.5f}. "
            f"Every output A2 is still within {_sci(float(np.max(np.abs(A2 - 0.5))))} of 0.5: accuracy only "
            "asks which side of 0.5 each output is on, so a tiny move flips many predictions; J measures how "
            "sure they are, and the network is not sure of anything yet.")


def grads_text(history: dict, i: int = -1) -> str:
    return ", ".join(f"‖{n[5:]}‖ = {float(history[n][i]):.2g}" for n in ("norm_dW1", "norm_dW2"))


def plateau_notice(history: dict, baseline: tuple[float, float] | None) -> str:
    """A plateau the run is on now, or a bend just behind it; "" otherwise."""
    found = stretches(history, baseline)
    t = int(history["iteration"][-1])
    now = next((s for s in found if s.stop == t and s.kind != "start"), None)
    if now is not None:
        head = (f"**A plateau since iteration {now.start:,}:** J = {now.cost:.4f} has moved by less than "
                f"{FLAT_RANGE} over the last {WINDOW} steps, at {100 * now.acc:.0f} % training accuracy. ")
        top = float(np.nanmax(np.asarray(history["norm_dW1"], dtype=float)))
        grads = (f"Gradients now: {grads_text(history)} (the largest ‖dW1‖ of this run so far: {top:.2g}). "
                 "Small gradients can mean a plateau (a saddle nearby), not only a minimum. ")
        if now.kind == "linear":
            return head + (f"That is where a straight line sits: logistic regression (the dotted line on the "
                           f"cost chart) reaches J = {baseline[0]:.3f} and {100 * baseline[1]:.0f} % on these "
                           "training points, so for now the network acts like one line. " + grads
                           + "Keep training and watch for the bend.")
        return head + grads + "The curve alone cannot tell which: more steps will."
    cost = np.asarray(history["train_cost"], dtype=float)
    for s in reversed(found):
        if s.stop in bends(history, found) and t - s.stop <= BEND_RECENT:
            o = int(history["iteration"][0])
            line = ""
            if baseline is not None and cost[-1] < baseline[0] - BEND_DROP:
                line = (f" J is now below the straight line's {baseline[0]:.3f}: the hidden units have "
                        "started to matter, and the boundary bends.")
            where = "at J ≈ ln 2" if s.kind == "start" else f"on a plateau at J ≈ {s.cost:.3f}"
            return (f"**The bend at iteration {s.stop:,}:** after {s.length:,} steps {where}, "
                    f"J fell to {cost[-1]:.4f}, "
                    f"and ‖dW1‖ went from {s.grad:.2g} to "
                    f"{float(history['norm_dW1'][t - o]):.2g} (gradients grow as the cost falls away).{line}")
    return ""


def chart_marks(history: dict, baseline: tuple[float, float] | None) -> list[dict]:
    """What to mark on the cost curve: each plateau (start, stop, label) and each bend (at, label)."""
    found = stretches(history, baseline)
    names = {"start": "J ≈ ln 2", "linear": "straight-line plateau", "flat": "flat"}
    marks = [dict(kind="plateau", start=s.start, stop=s.stop, label=names[s.kind]) for s in found]
    marks += [dict(kind="bend", at=b, label="bend") for b in bends(history, found)]
    return marks


# -- measured suggestions ----------------------------------------------------------
def diverging_rate(data, n_h: int, activation: str, init_scale: float, init_seed: int,
                   rates=DIVERGE_RATES, steps: int = DIVERGE_STEPS) -> tuple[float, int] | None:
    """The smallest of ``rates`` that diverges within ``steps`` from the network's initial
    parameters, with the step it diverged at; None if none does."""
    for lr in sorted(rates):
        t = Trainer(data, n_h, activation, init_scale=init_scale, init_seed=init_seed, snapshot_cap=2)
        t.step(steps, lr)
        if t.divergence is not None:
            return float(lr), int(t.divergence.iteration)
    return None


def relu_scales(data, n_h: int, init_seed: int, learning_rate: float,
                scales=RELU_SCALES, steps: int = RELU_STEPS) -> list[tuple[float, float]]:
    """(init scale, training accuracy after ``steps``) for ReLU at each scale, measured."""
    out = []
    for s in scales:
        t = Trainer(data, n_h, "relu", init_scale=s, init_seed=init_seed, snapshot_cap=2)
        t.step(steps, learning_rate)
        out.append((float(s), float(t.history()["train_acc"][-1])))
    return out


def inactive_units(params: dict, X) -> tuple[int, float]:
    """(units inactive on every example, share of all (unit, example) pairs with z ≤ 0) of the
    hidden layer at ``params`` on X (n_x, m): where ReLU passes nothing and no gradient."""
    Z1 = params["W1"] @ np.asarray(X, dtype=float) + params["b1"]
    off = Z1 <= 0
    return int(off.all(axis=1).sum()), float(off.mean())


def relu_notice(params: dict, X, init_scale: float, measured: list[tuple[float, float]], iteration: int,
                learning_rate: float | None = None) -> str:
    """Why ReLU may fail quietly at these settings, and the init scale that did best here
    (``measured`` was trained at ``learning_rate``, named in the text when given)."""
    dead, share = inactive_units(params, X)
    n_h = params["W1"].shape[0]
    best = max(measured, key=lambda r: r[1])
    worst = min(a for _, a in measured)
    here = next((a for s, a in measured if s == init_scale), None)
    if dead == 0:
        units = f"none of the {n_h} hidden units is inactive on every training point, so each can still learn"
    elif dead == 1:
        units = f"1 of the {n_h} hidden units is inactive on every training point — it cannot learn any more"
    else:
        units = (f"{dead} of the {n_h} hidden units are inactive on every training point — those units "
                 "cannot learn any more")
    text = (f"**ReLU passes nothing, and no gradient, where z ≤ 0** (g′ = 0 there): at iteration {iteration:,}, "
            f"{100 * share:.0f} % of the (unit, example) pairs are inactive, and {units}. ReLU does not saturate; "
            "it switches off. ")
    rows = ", ".join(f"{s:g} → {100 * a:.0f} %" for s, a in measured)
    at = f" at α = {learning_rate:g}" if learning_rate is not None else ""
    text += (f"Measured on this data ({RELU_STEPS:,} steps{at} from each init scale, training accuracy): {rows}. ")
    if best[1] - worst <= 0.02 and best[1] < 0.6:
        text += f"None of these init scales trains{at}: change the learning rate before the init scale."
    elif here is not None and best[1] > here + 0.02:
        text += f"Try init scale **{best[0]:g}** in the sidebar."
    else:
        text += f"The current init scale {init_scale:g} is as good as any of these here."
    return text

