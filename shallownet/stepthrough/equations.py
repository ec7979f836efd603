"""The phases' equations and notes filled in from a trace, and numbers and small arrays as LaTeX."""

from __future__ import annotations

import re

import numpy as np

from ..formatting import number_text, shape_text
from .phases import Phase
from .symbols import SYMBOLS
from .trace import Trace, sizes

_TOKEN = re.compile(r"<<(shape:)?(\w+)(!)?>>")


def render_equation(phase: Phase, trace: Trace | None = None) -> str:
    """The phase's LaTeX; with a ``trace``, each factor carries its shape in an underbrace."""

    def replace(match):
        only_shape, key, bare = match.groups()
        if trace is None:
            return "" if only_shape else SYMBOLS[key]
        shape = shape_text(np.shape(trace[key]), "latex")
        if only_shape:
            return shape
        if bare:
            return SYMBOLS[key]
        return rf"\underbrace{{{SYMBOLS[key]}}}_{{{shape}}}"

    latex = _TOKEN.sub(replace, phase.equation)
    if trace is None:  # drop the grouping underbraces the template itself writes
        latex = latex.replace(r"\underbrace", "").replace("_{}", "")
    return latex


def render_notes(phase: Phase, trace: Trace) -> list[str]:
    """The phase's notes (Markdown with $…$ math) with the current sizes filled in."""
    values = sizes(trace)
    return [note.format(**values) for note in phase.notes]



def latex_number(x: float, digits: int = 3) -> str:
    """A float for an equation: ``digits`` significant digits, e-notation as ×10^k."""
    return number_text(x, f".{digits}g", exponent="latex")


def display_exponent(values) -> int:
    """k such that ``values`` read well as value / 10^k: 0 for values of ordinary size (largest
    |value| in 0.1 … 1000), else the order of magnitude of the largest |value| (−3 for 0.0036)."""
    top = float(np.max(np.abs(values))) if np.size(values) else 0.0
    if top == 0.0 or not np.isfinite(top) or 0.1 <= top < 1000.0:
        return 0
    return int(np.floor(np.log10(top)))


def latex_matrix(array, digits: int = 3, max_rows: int = 6, max_cols: int = 6) -> str:
    """A small array as a bmatrix; tiny or huge entries share a factor 10^k written in front;
    long sides are cut with ⋮ / ⋯ (the full array is elsewhere)."""
    a = np.atleast_2d(np.asarray(array, dtype=float))
    k = display_exponent(a)
    scaled = a / 10.0**k
    r, c = a.shape
    rows = list(range(min(r, max_rows)))
    cols = list(range(min(c, max_cols)))
    lines = []
    for i in rows:
        cells = [latex_number(scaled[i, j], digits) for j in cols]
        if c > max_cols:
            cells.append(r"\cdots")
        lines.append(" & ".join(cells))
    if r > max_rows:
        lines.append(" & ".join([r"\vdots"] * (len(cols) + (c > max_cols))))
    factor = f"10^{{{k}}}\\," if k else ""
    return factor + r"\begin{bmatrix}" + r" \\ ".join(lines) + r"\end{bmatrix}"
