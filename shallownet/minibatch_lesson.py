"""What the Mini-batch page says: every sentence computed from the runs it sits beside.

Pure Python + NumPy. The runs come from :mod:`shallownet.minibatch`; the equations are the
backward pass of one batch, each factor with its shape read from that batch's arrays.
"""

from __future__ import annotations

import re

import numpy as np

from .formatting import number_text, shape_text
from .minibatch import BatchRun, batch_label, steps_per_epoch
from .minibatch_landscape import PLANE_SEED
from .network import minibatches
from .questions import Question
from .stepthrough.symbols import SYMBOLS
from .stepthrough.trace import Trace, trace_iteration

# the batch's own columns: X^{t} in the course's mini-batch notation
BATCH_SYMBOLS = {**SYMBOLS, "X": r"X^{\{t\}}", "XT": r"X^{\{t\}T}", "Y": r"Y^{\{t\}}"}
BATCH_EQUATIONS = (
    r"<<Z1>> = <<W1>>\,<<X>> + <<b1>>, \qquad <<A1>> = g(<<Z1>>)",
    r"<<A2>> = \sigma(<<W2>>\,<<A1>> + <<b2>>), \qquad "
    r"J^{\{t\}} = \frac{1}{b}\sum_{i \in \text{batch } t} \mathcal{L}^{(i)}",
    r"<<dZ2>> = <<A2>> - <<Y>>",
    r"<<dW2>> = \frac{1}{b}\,<<dZ2>>\,<<A1T>>, \qquad "
    r"<<db2>> = \frac{1}{b}\,\textstyle\sum_{\text{cols}} dZ^{[2]}",
    r"<<dZ1>> = <<W2T>>\,<<dZ2>> * g'(<<Z1!>>)",
    r"<<dW1>> = \frac{1}{b}\,<<dZ1>>\,<<XT>>, \qquad "
    r"<<db1>> = \frac{1}{b}\,\textstyle\sum_{\text{cols}} dZ^{[1]}",
)
_TOKEN = re.compile(r"<<(\w+)(!)?>>")


def first_batch_trace(params: dict, X, Y, activation: str, b: int, seed: int) -> Trace:
    """Forward and backward on the first batch of epoch 1 (X[:, cols] (n_x, b)), kept whole."""
    cols = minibatches(X.shape[1], b, seed, 0)[0]
    return trace_iteration(params, X[:, cols], Y[:, cols], activation)


def batch_equations(trace: Trace) -> list[str]:
    """The batch's equations as LaTeX, 1/b in place of 1/m, every factor with its live shape."""

    def fill(match):
        key, bare = match.groups()
        if bare:
            return BATCH_SYMBOLS[key]
        return rf"\underbrace{{{BATCH_SYMBOLS[key]}}}_{{{shape_text(np.shape(trace[key]), 'latex')}}}"

    return [_TOKEN.sub(fill, eq) for eq in BATCH_EQUATIONS]


def equations_note(b: int, m_train: int, n_x: int) -> str:
    """What the equations' b is at this setting, and the short last batch when there is one."""
    if b <= 0 or b >= m_train:
        return (f"With b ≥ m_train = {m_train} there is one batch, the whole training set: b = m and "
                rf"these are the full-batch equations, $X^{{\{{t\}}}} = X$ with shape ({n_x}, {m_train}).")
    n, last = steps_per_epoch(m_train, b), m_train % b
    text = (rf"Here b = {b}: each step uses {b} columns of X, so $X^{{\{{t\}}}}$ is ({n_x}, {b}) and every gradient "
            f"is divided by {b}, not by m_train = {m_train}. One epoch is {n} such steps")
    if last:
        return text + (f"; {m_train} = {n - 1}·{b} + {last}, so the last batch of each epoch holds the "
                       f"{last} examples left over and divides by {last}.")
    return text + f" ({m_train} = {n}·{b}: every batch is full)."


def scheme_caption(b: int, m_train: int) -> str:
    """The Training page's caption for its batch setting (b = 0: full batch)."""
    if b <= 0:
        return f"full-batch gradient descent on the {m_train} training points"
    if b >= m_train:
        return (f"batch size {b} ≥ the {m_train} training points, so this is full-batch gradient descent; "
                "the cost curve is the whole training set's")
    return (f"mini-batch gradient descent: {steps_per_epoch(m_train, b)} steps of b = {b} per epoch over the "
            f"{m_train} training points, reshuffled each epoch; the cost curve is the whole training set's, "
            "the gradient norms are the batch's")


def steps_text(runs: list[BatchRun], m_train: int) -> str:
    """How many steps one epoch is for each run, from the runs themselves."""
    parts = [f"{batch_label(r.batch_size, m_train)}: {r.steps_per_epoch:,} step{'s' * (r.steps_per_epoch != 1)}"
             for r in runs]
    return (f"One epoch uses each of the {m_train} training examples once. Steps per epoch — "
            + "; ".join(parts) + ".")


def collapse_text(runs: list[BatchRun], m_train: int) -> str:
    """'' unless some batch size is at least m_train and so is full batch."""
    same = [r.batch_size for r in runs if r.batch_size > 0 and r.full_batch]
    if not same:
        return ""
    sizes = " and ".join(f"b = {b}" for b in same)
    verb = "is" if len(same) == 1 else "are"
    return (f"The training set has only {m_train} examples, so {sizes} {verb} full batch: one step per epoch "
            "over all of them, exactly the full-batch run.")


def _cost(x: float) -> str:
    return number_text(x, ".3g")


def outcome_text(runs: list[BatchRun]) -> str:
    """Which run reached the lowest whole-training-set cost after the same number of epochs."""
    done = [r for r in runs if r.divergence is None]
    parts = []
    if done:
        best = min(done, key=lambda r: r.epoch_cost[-1])
        worst = max(done, key=lambda r: r.epoch_cost[-1])
        e = int(best.epochs[-1])
        parts.append(f"After {e} epoch{'s' * (e != 1)} the lowest cost on the whole training set is "
                     f"{batch_label(best.batch_size)}'s, J = {_cost(best.epoch_cost[-1])}, in {best.steps:,} steps")
        if worst is not best:
            parts.append(f"the highest is {batch_label(worst.batch_size)}'s, J = {_cost(worst.epoch_cost[-1])}, "
                         f"in {worst.steps:,} step{'s' * (worst.steps != 1)}")
    text = "; ".join(parts) + "." if parts else ""
    for r in runs:
        if r.divergence:
            text += f" {batch_label(r.batch_size)} stopped: {r.divergence}"
    return text.strip()


def noise_text(runs: list[BatchRun]) -> str:
    """How far the per-step batch cost swings in the last epoch of each mini-batch run."""
    parts = []
    for r in runs:
        if r.full_batch or r.steps == 0:
            continue
        last = r.batch_cost[r.step_epochs >= max(0.0, float(r.step_epochs[-1]) - 1 + 1e-6)]
        if last.size < 2:
            continue
        parts.append(f"{batch_label(r.batch_size)} from {_cost(last.min())} to {_cost(last.max())}")
    if not parts:
        return ""
    return ("The thin lines are each step's cost on its own batch, measured before the step. Over the last "
            "epoch shown it ran " + "; ".join(parts) + ". A small batch is a noisy estimate of the whole "
            "set's cost and gradient; the dots, the whole training set's cost at each epoch's end, are what "
            "to compare.")


def timing_text(runs: list[BatchRun]) -> str:
    """The measured seconds per epoch, which run was slowest and by how much."""
    timed = [r for r in runs if r.steps and np.isfinite(r.seconds_per_epoch) and r.seconds_per_epoch > 0]
    if not timed:
        return ""
    parts = [f"{batch_label(r.batch_size)} {_ms(r.seconds_per_epoch)}" for r in timed]
    slow = max(timed, key=lambda r: r.seconds_per_epoch)
    fast = min(timed, key=lambda r: r.seconds_per_epoch)
    text = ("Wall-clock time per epoch, measured on this server when these runs were trained: " + ", ".join(parts)
            + ". It varies from run to run and from machine to machine (others share the server).")
    if slow.steps_per_epoch > fast.steps_per_epoch:
        ratio = slow.seconds_per_epoch / fast.seconds_per_epoch
        times = f"{ratio:.0f}" if ratio >= 10 else number_text(ratio, ".2g")
        text += (f" This time {batch_label(slow.batch_size)} took {times}× as long per epoch as "
                 f"{batch_label(fast.batch_size)}: it does the same arithmetic per example, split into "
                 f"{slow.steps_per_epoch:,} small steps, each with its own fixed cost.")
    return text


def _ms(seconds: float) -> str:
    return f"{number_text(seconds * 1000, '.3g')} ms"


def epochs_note(asked: int, allowed: int) -> str:
    """'' unless the epochs asked for were more than the runs may take."""
    if asked <= allowed:
        return ""
    return (f"{asked} epochs asked for; {allowed} are run at this training-set size (b = 1 takes one step per "
            "training example, and the four runs keep to a step budget so that a click answers in seconds).")


def runs_table(runs: list[BatchRun], m_train: int) -> str:
    """A Markdown table: examples per step, steps per epoch, measured time per epoch, final costs."""
    lines = ["| run | examples per step | steps per epoch | time per epoch (measured) | training-set J "
             "| test accuracy |",
             "|---|---|---|---|---|---|"]
    for r in runs:
        test = "—" if not np.isfinite(r.test_acc) else f"{100 * r.test_acc:.1f} %"
        cost = _cost(float(r.epoch_cost[-1]))
        if r.divergence:  # its last whole-set cost is from the last epoch it finished
            cost += f" (end of epoch {int(r.epochs[-1])}; diverged after)"
        lines.append(f"| {batch_label(r.batch_size, m_train)} | {r.examples:,} | {r.steps_per_epoch:,} | "
                     f"{_ms(r.seconds_per_epoch) if np.isfinite(r.seconds_per_epoch) else '—'} | "
                     f"{cost} | {test} |")
    return "\n".join(lines)


def norms_note(b: int, m_train: int) -> str:
    """'' in full batch; else what the gradient norms of a mini-batch run are."""
    if b <= 0 or b >= m_train:
        return ""
    return (f"The batch size is b = {b}: each norm is that of the gradient on the batch of {b} examples the "
            "next step uses, so it jumps from step to step; with the batch setting at full batch it is the "
            f"gradient on all {m_train} training examples.")


def steps_question(m_train: int, b: int = 8) -> Question:
    """How many steps one epoch of batches of ``b`` is, answered from m_train."""
    n, last = steps_per_epoch(m_train, b), m_train % b
    if b >= m_train:
        why = f"b = {b} is at least the {m_train} training examples, so there is one batch: the whole set."
    elif last:
        why = (f"{m_train} = {n - 1}·{b} + {last}: {n - 1} full batches of {b} and a last, smaller one of the "
               f"{last} examples left over, so every example is used exactly once.")
    else:
        why = f"{m_train} = {n}·{b}: {n} batches of {b}, every example used exactly once."
    return Question(
        "minibatch.steps",
        f"The training set has {m_train} examples. How many gradient-descent steps does b = {b} take in one "
        "epoch (one pass over the training set)?",
        f"**{n}**. {why} Full batch takes 1 step per epoch; b = 1 takes {m_train}.",
        kind="number", expected=float(n),
    )


# -- the four paths on one slice of the loss landscape (shallownet.minibatch_landscape) ----------
def plane_text(runs_map) -> str:
    """Which plane the map is, from how it was chosen."""
    if runs_map.plane == "ends":
        return ("The map is one flat slice of J through three points of parameter space: the common start "
                "(0, 0), the end of full batch (on the a axis) and the end of b = 1. Those three lie in it "
                "exactly. The axes are at right angles, in units of distance in parameter space (the length "
                "of the change of all the parameters together) and on one scale, so a path's length on the map "
                "is its shadow's length. Hover a point for J at the snapshot itself.")
    return ("The ends of full batch and b = 1 do not span a plane with the start here (one of them diverged, or "
            f"they lie on one line through it), so the map is a slice along two random directions (seed "
            f"{PLANE_SEED}), filter-normalised as in Li et al. (2018), through the common start (0, 0). "
            "Hover a point for J at the snapshot itself.")


def map_limits_text(runs_map) -> str:
    """What this slice cannot show, with this network's numbers."""
    lines = [f"The network has **P = {runs_map.P} parameters**; the map shows J on one 2-D plane of that "
             f"{runs_map.P}-dimensional space."]
    far = max(runs_map.paths, key=lambda p: float(p.off.max(initial=0.0)))
    if far.off.size and far.off.max() > 1e-9:
        k = int(np.argmax(far.off))
        lines.append(f"The paths leave the plane: {far.name}'s snapshot at step {int(far.iterations[k]):,} is "
                     f"{number_text(float(far.off[k]))} away from it. A line on the map is the path's shadow, so "
                     "the colour under it is the plane's J, not the run's: a shadow can seem to climb while the "
                     "run's cost falls.")
    sparse = [p for p in runs_map.paths if p.steps + 1 > len(p.iterations)]
    if sparse:
        parts = "; ".join(f"{p.name}: {len(p.iterations)} of its {p.steps + 1:,} parameter sets" for p in sparse)
        lines.append(f"Each path is drawn through evenly spaced kept snapshots ({parts}); the steps between "
                     "them, and their zig-zag, are not drawn.")
    lines.append(f"A low point of the map is low only within the plane: along the other {runs_map.P - 2} "
                 "directions J may still fall.")
    return "\n\n".join(lines)


def wander_text(runs_map) -> str:
    """Which path wandered most: its length against its net distance from the start, in all P parameters."""
    moved = [p for p in runs_map.paths if p.net > 0 and p.epochs > 0]
    if not moved:
        return "No run moved away from the start."
    parts = [f"{p.name} {number_text(p.length)} for {number_text(p.net)} (×{number_text(p.wander, '.3g')})"
             for p in moved]
    e = max(p.epochs for p in moved)
    text = (f"How far each run travelled, against the straight distance from the start to where it ended, both in "
            f"all {runs_map.P} parameters and measured between the parameters at the start and at the end of each "
            f"of the {e} epoch{'s' * (e != 1)} (the same points for every run; within an epoch a mini-batch run "
            "zig-zags more than this shows): " + "; ".join(parts) + ".")
    most, least = max(moved, key=lambda p: p.wander), min(moved, key=lambda p: p.wander)
    if most.wander < 1.05 * least.wander:
        return text + " All the paths are about equally direct: none wandered noticeably more than another."
    far = max(moved, key=lambda p: p.net)
    top = [p for p in moved if p.wander >= most.wander / 1.05]  # within 5 %: about as much
    if len(top) > 1:
        names = " and ".join(p.name for p in top)
        lo, hi = (number_text(min(p.wander for p in top), ".3g"), number_text(most.wander, ".3g"))
        span = f"each ×{hi}" if lo == hi else f"×{lo} to ×{hi}, within 5 % of each other"
        text += f" **{names} wandered most**, about equally ({span}); {least.name}'s path is the most direct."
        return text + f" {far.name} ended farthest from the start ({number_text(far.net)})."
    text += (f" **{most.name} wandered most**: epoch by epoch its path is {number_text(most.wander, '.3g')} times "
             f"as long as the straight line to where it ended; {least.name}'s is the most direct.")
    return text + f" {far.name} ended farthest from the start ({number_text(far.net)})."


def dots_text(runs_map, share: float = 0.02) -> str:
    """'' unless some run ended so near the start, at the map's scale, that its path is a dot there."""
    span = float(np.ptp(runs_map.alphas))
    dots = [p for p in runs_map.paths if np.hypot(*p.xy[-1]) < share * span]
    if not dots:
        return ""
    parts = ", ".join(f"{p.name} (it ended {number_text(p.net)} from the start, in {p.steps:,} "
                      f"step{'s' * (p.steps != 1)})" for p in dots)
    verb = "hides" if len(dots) == 1 else "hide"
    return (f"On this scale (the map is {number_text(span)} wide) the start mark {verb} {parts}: "
            "too short a path to see here.")
