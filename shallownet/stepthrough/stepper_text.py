"""What the phase stepper of the Forward and Backward pages says, as plain text: its tabs, the
slider's labels, the heading, what a phase wrote, what to notice, and the captions beside the
graph and the heatmaps. Pure Python; :mod:`shallownet.ui.stepper` places it."""

from __future__ import annotations

from ..formatting import number_text, summary_text
from ..notation import example_symbol
from .callouts import coin_flip_callout, linear_regime_callout
from .equations import render_notes
from .phases import PHASE_BY_ID, PHASE_IDS, PHASES, Phase
from .symbols import EXAMPLE_AXIS, LABELS
from .trace import Change, Trace

STEPPER_TAB, PATH_TAB, NEURON_TAB = "Phase by phase", "One example's path", "Logistic regression: one neuron"
# both pages open on the phase stepper, so the graph and the current equation make the first screen
# (a projector); the single neuron, whose dz = a − y the two-layer net reuses, is one tab (and, at
# dZ2, one button) away, at the same place on both pages
SECTIONS = {"forward": (STEPPER_TAB, PATH_TAB, NEURON_TAB), "backward": (STEPPER_TAB, PATH_TAB, NEURON_TAB)}

GRAPH_CAPTION = (
    "The computation graph in this phase. Squares: data · diamonds: parameters · circles: computed "
    "tensors. It moves with the phase above (buttons, slider or Play); hover a node for its shape, "
    "equation and values."
)
PARAMETERS_CAPTION = (
    "Each parameter, its step −α·dP and the result; every panel carries its own colour "
    "range (blue negative · white 0 · vermillion positive). Hover a cell for its full value."
)


def phase_label(phase_id: str) -> str:
    """The slider's label of a phase: its number among all twelve and what it writes, "6 · dZ2"."""
    return f"{PHASE_IDS.index(phase_id) + 1} · {PHASE_BY_ID[phase_id].short}"


def phase_heading(phase_id: str) -> str:
    """The Markdown heading over the phase's equation: "#### Phase 6 of 12 · Output error"."""
    return f"#### Phase {PHASE_IDS.index(phase_id) + 1} of {len(PHASES)} · {PHASE_BY_ID[phase_id].title}"


def graph_alt(phase_id: str) -> str:
    """The computation graph's text alternative in this phase."""
    return (f"The computation graph in phase {PHASE_IDS.index(phase_id) + 1} of {len(PHASES)}: "
            f"{PHASE_BY_ID[phase_id].title}.")


def context_caption(described: str, iteration: int, m: int) -> str:
    """What the page runs on: the settings (``described``), how far trained, and m."""
    when = ("the initial parameters (no training yet)" if iteration == 0
            else f"the parameters after {iteration} training steps")
    return f"{described} · {when} · m = {m} training examples"


def notes_markdown(phase: Phase, trace: Trace) -> str:
    """The phase's notes as a Markdown list, with the current sizes filled in."""
    return "\n".join(f"- {note}" for note in render_notes(phase, trace))


def callouts(phase: Phase, trace: Trace) -> list[str]:
    """What to notice at this phase (the coin-flip cost at J, the linear regime at A1 / dZ1);
    often none."""
    said = (coin_flip_callout(trace) if phase.id == "J" else None, linear_regime_callout(trace, phase.id))
    return [s for s in said if s]


def change_line(change: Change, shape: str) -> str:
    """One Markdown line for a tensor the phase wrote (``shape`` as text, e.g. "4×300"): the norm
    before → after for an updated parameter, the value of a scalar, else its summary."""
    label = LABELS[change.key]
    if change.before is not None:
        before, after = number_text(change.before["norm"]), number_text(change.after["norm"])
        return f"**{label}** ({shape}): ‖·‖ {before} → {after}, largest change {number_text(change.max_change)}"
    if not change.shape:
        return f"**{label}** = {number_text(change.after['mean'])}"
    return f"**{label}** ({shape}): {summary_text(change.after)}"


def changes_markdown(lines: list[str]) -> str:
    """The block of :func:`change_line` lines, under its title."""
    return "**This phase wrote**  \n" + "  \n".join(lines)


def has_examples(phase: Phase) -> bool:
    """Does a heatmap of the phase have the m examples along an axis (so the example window applies)?"""
    return any(k in EXAMPLE_AXIS for row in phase.panels for k in row)


def example_window(m: int, count: int, col0: int) -> tuple[int, int]:
    """The heatmaps' window of example columns: ``count`` columns (at most m) from ``col0``,
    moved back so that the window ends within the m columns. → (count, first column)."""
    count = min(int(count), m)
    return count, min(col0, max(0, m - count))


def tensors_key(phase: Phase, start: int, count: int, example: int) -> tuple:
    """What the heatmaps of ``phase`` depend on besides the trace (the figure memo's key): a phase
    without examples does not depend on the window or the outlined example."""
    return ("tensors", phase.id, start, count, example) if has_examples(phase) else ("tensors", phase.id, count)


def tensors_caption(m: int, start: int, count: int, example: int) -> str:
    """The caption under heatmaps showing NumPy columns start … start + count − 1 of m, with
    column ``example`` outlined."""
    return (
        f"NumPy columns {start}–{start + count - 1} of the {m}, i.e. examples {example_symbol(start)} … "
        f"{example_symbol(start + count - 1)} (the math counts from 1); column {example} = "
        f"{example_symbol(example)} outlined when in view. Products and sums run over all {m}. "
        "Blue negative · white 0 · vermillion positive; for "
        f"probabilities and labels blue = class 0, orange = class 1. Hover a cell for its full value."
    )
