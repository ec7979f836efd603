"""How much training one click may do: a budget of work, not separate caps on steps, points or units.

One gradient-descent step on m points with n_h hidden units costs about m × n_h multiply-adds
per layer plus a fixed overhead (Python, small arrays, the history record). We count a step as
``m * n_h + STEP_OVERHEAD`` units of work; ``CLICK_WORK`` units is what one click may train.
On the reference machine (2 shared cores) a unit costs about 1 ns and the overhead about 25 µs
(bench/bench_clicks.py measures both), so a click's training stays near 1.2 s and the rerun that
shows it fits in the 2 s a click may take, at any legal setting:

* defaults (400 points, n_h = 4): 45,000 steps fit, so "Train to 20 000" runs in one click;
* 2,000 points, n_h = 50: 9,600 steps per click; a 5,000-row upload: 4,360.

A click that asks for more trains what fits and says so (:func:`partial_notice`); the next click
continues from there. A sweep shares one budget among its networks (:func:`sweep_steps`).
Pure Python: the pages ask here and show the texts.
"""

from __future__ import annotations

from collections.abc import Sequence

STEP_OVERHEAD = 25_000  # the fixed cost of one step, in units of one multiply-add per point and unit (~1 ns)
CLICK_WORK = 1_200_000_000  # one click's training: ~1.2 s on the reference machine
SWEEP_WORK = 2 * CLICK_WORK  # a sweep draws a progress bar per network; its networks share this


def step_work(m: int, n_h: int) -> int:
    """The work of one step on m points (train + test: both are evaluated) with n_h hidden units."""
    return int(m) * int(n_h) + STEP_OVERHEAD


def steps_within(asked: int, m: int, n_h: int, work: int = CLICK_WORK) -> int:
    """The steps of ``asked`` that fit in ``work`` (at least 1, so every click moves)."""
    return max(0, min(int(asked), max(1, work // step_work(m, n_h))))


def sweep_steps(asked: int, m: int, sizes: Sequence[int], work: int = SWEEP_WORK) -> int:
    """Steps per network for a sweep over hidden-layer ``sizes`` (one network each) on m points,
    so that all of them together fit in ``work``; at most ``asked``, at least 1."""
    per_step = sum(step_work(m, n_h) for n_h in sizes) or 1
    return max(0, min(int(asked), max(1, work // per_step)))


def partial_notice(asked: int, limit: int, taken: int, m: int, n_h: int, iteration: int) -> str:
    """What a click says when the budget cut it short: it asked for ``asked`` steps, ``limit``
    fitted (:func:`steps_within`) and it took ``taken``. "" when the budget did not cut it, or
    when something else stopped it first (divergence, the iteration cap: they say so themselves)."""
    if limit >= asked or taken < limit:
        return ""
    return (f"Trained {taken:,} of the {asked:,} steps asked for, up to iteration {iteration:,}: with "
            f"m = {m:,} points and n_h = {n_h} hidden units one click trains at most {limit:,} steps, so "
            f"the page keeps answering. Click again to continue from here.")


def sweep_notice(asked: int, steps: int, m: int, n_networks: int) -> str:
    """Why a sweep trains each network for fewer steps than chosen ("" when it did not)."""
    if steps >= asked:
        return ""
    return (f"Each network trains {steps:,} steps, not the {asked:,} chosen: {n_networks} network"
            f"{'s' if n_networks != 1 else ''} on m = {m:,} points would take too long for one click. "
            f"Fewer points, fewer or smaller networks allow more steps.")
