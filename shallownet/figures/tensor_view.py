"""The tensors of one phase as heatmaps with their real values, laid out like the equation.

Each panel is drawn to scale (one unit per matrix cell, the same unit across the whole
figure), so a 4×2 weight matrix looks 4 tall and 2 wide beside a 4×12 slice of Z¹.
Cells carry their values with two decimals; a panel of tiny (or huge) values writes them
as multiples of 10^k and says so in its title.
Short equation rows share a line (the update's four rows take two).
Tensors that hold the m examples in their columns (or rows, for Xᵀ and A¹ᵀ) are shown
as a slice of ``count`` examples starting at ``start``; the products and sums of the
phase still run over all m, which the caption says.

:func:`tensor_figure` returns a figure dict in Plotly's JSON schema (see :mod:`.style`), not a
``go.Figure``.
"""

from __future__ import annotations

import numpy as np

from ..formatting import number_text, shape_text
from ..stepthrough import EXAMPLE_AXIS, LABELS, PROBABILITY_KEYS, SYMBOLS, Phase, Trace, display_exponent
from .graph_view import DIRECTION_COLOR
from .style import ACCENT, DIVERGING_SCALE, PROBABILITY_SCALE, figure, styled_layout

UNIT_PX_MAX = 26  # vertical pixels per matrix row at most
BODY_PX_MAX = 520  # the matrices' total height at most
TITLE_PX = 42  # room above each row of panels for the panel titles
TICKS_PX = 26  # room below each row of panels for the example numbers
MIN_ROW_UNITS = 30  # a short equation does not get giant cells
TEXT_MAX_UNITS = 44  # beyond this many units across, cells are too narrow for numbers
GAP = 0.35  # units of space around an operator
EDGE_PANEL = 0.12  # a panel narrower than this share of the width, at an edge, aligns its title there
ROW_GAP = 1.5  # units of space between two equation rows that share a line


def axis_ids(n: int) -> tuple[str, str]:
    """Plotly's names of the n-th axes pair: ("x", "y") for the first, ("x2", "y2") …"""
    suffix = "" if n == 1 else str(n)
    return "x" + suffix, "y" + suffix


def is_tensor(item: str) -> bool:
    return item in SYMBOLS


def shown_block(trace: Trace, key: str, start: int, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The part of tensor ``key`` a panel draws: (values, row indices, column indices).

    Example-indexed axes are cut to ``count`` examples from ``start`` (clamped into 0 … m−1);
    a scalar becomes 1×1.
    """
    a = np.atleast_2d(np.asarray(trace[key], dtype=float))
    rows, cols = np.arange(a.shape[0]), np.arange(a.shape[1])
    axis = EXAMPLE_AXIS.get(key)
    if axis is not None:
        m = a.shape[axis]
        count = max(1, min(int(count), m))
        start = min(max(int(start), 0), m - count)
        picked = np.arange(start, start + count)
        if axis == 1:
            a, cols = a[:, picked], picked
        else:
            a, rows = a[picked, :], picked
    return a, rows, cols


def cell_text(v: float, exponent: int = 0) -> str:
    """A cell's label: v / 10^exponent with two decimals (never "−0.00")."""
    text = number_text(v / 10.0**exponent, ".2f")
    return "0.00" if text == "-0.00" else text


def exponent_text(exponent: int) -> str:
    return f" · ×10<sup>{exponent}</sup>" if exponent else ""


def _operator_units(text: str) -> float:
    return max(1.0, 0.6 * len(text)) + 2 * GAP


def _operator_text(item: str, trace: Trace) -> str:
    return item.replace("−α", f"− {trace.learning_rate:g}")


def _geometry(trace: Trace, phase: Phase, start: int, count: int) -> tuple:
    """Where the panels of ``phase`` go: (blocks, units, lines, total units, band units, unit px).

    ``lines`` are the equation rows of ``phase.panels``, consecutive ones sharing a line when
    they fit side by side within :data:`MIN_ROW_UNITS` (the four small rows of the update take
    two lines, not four); ``band_units`` is the tallest matrix of each line, in rows.
    """
    blocks = {k: shown_block(trace, k, start, count) for row in phase.panels for k in row if is_tensor(k)}

    def units(item):
        return blocks[item][0].shape[1] if is_tensor(item) else _operator_units(_operator_text(item, trace))

    lines: list[list[tuple]] = []
    width = 0.0
    for row in phase.panels:
        row_units = sum(units(i) for i in row)
        if lines and width + ROW_GAP + row_units <= MIN_ROW_UNITS:
            lines[-1].append(row)
            width += ROW_GAP + row_units
        else:
            lines.append([row])
            width = row_units
    line_units = [sum(units(i) for row in line for i in row) + ROW_GAP * (len(line) - 1) for line in lines]
    total_units = max(MIN_ROW_UNITS, *line_units)
    band_units = [max(blocks[i][0].shape[0] for row in line for i in row if is_tensor(i)) for line in lines]
    unit_px = min(UNIT_PX_MAX, BODY_PX_MAX / sum(band_units))
    return blocks, units, lines, total_units, band_units, unit_px


def _natural_height(band_units: list, unit_px: float) -> int:
    return int(sum(b * unit_px + TITLE_PX + TICKS_PX for b in band_units)) + 20


def figure_height(trace: Trace, phases, count: int = 12) -> int:
    """One height (px) that holds the heatmaps of every phase of ``phases`` at ``count``
    examples: pass it to :func:`tensor_figure` and the chart keeps its size while the phase
    moves (nothing under it jumps)."""
    return max(_natural_height(*_geometry(trace, phase, 0, count)[4:]) for phase in phases)


def tensor_figure(trace: Trace, phase: Phase, start: int = 0, count: int = 12,
                  highlight: int | None = None, height: int | None = None) -> dict:
    """Heatmaps of the phase's tensors, row by row as in ``phase.panels``, as a figure dict.

    One heatmap trace per tensor panel, on its own axes pair (named by the tensor's label),
    with ``z`` the block of :func:`shown_block` (rows × shown columns) as a float32 copy of the
    engine's array, ``x``/``y`` its column and row indices (lists). ``highlight``: an example
    index to outline wherever it is in view. Written tensors get a frame in the phase's colour.
    ``height``: the figure's height in px (e.g. :func:`figure_height`), at least what the panels
    need; the panels keep their size and sit at the top.
    """
    color = DIRECTION_COLOR[phase.direction]
    blocks, units, lines, total_units, band_units, unit_px = _geometry(trace, phase, start, count)
    show_text = total_units <= TEXT_MAX_UNITS and unit_px >= 14
    height = max(_natural_height(band_units, unit_px), int(height or 0))

    traces, axes, annotations, shapes = [], {}, [], []
    n = 0
    top = 1.0
    for line, band in zip(lines, band_units, strict=True):
        title_frac = TITLE_PX / height
        band_frac = band * unit_px / height
        y_top = top - title_frac
        x = 0.0
        for r, row in enumerate(line):
            x += ROW_GAP if r else 0.0
            for item in row:
                w = units(item)
                x0, x1 = x / total_units, (x + w) / total_units
                x += w
                if not is_tensor(item):
                    # centred on its slot: Plotly's default anchors a paper-x annotation by its
                    # left or right end in the outer thirds, which pushed it onto a neighbour
                    annotations.append(dict(
                        text=_operator_text(item, trace), x=(x0 + x1) / 2, y=y_top - band_frac / 2,
                        xref="paper", yref="paper", xanchor="center", showarrow=False, font=dict(size=16)))
                    continue
                n += 1
                values, rows, cols = blocks[item]
                written = item in phase.writes
                panel_y0 = y_top - values.shape[0] * unit_px / height
                trace_spec, axes_spec = _panel(n, item, values, rows, cols, (x0, x1), (panel_y0, y_top), show_text)
                traces.append(trace_spec)
                axes.update(axes_spec)
                full = shape_text(np.shape(trace[item])) + exponent_text(display_exponent(values))
                annotations.append(dict(
                    text=f"<b>{LABELS[item]}</b><br><span style='font-size:11px'>{full}</span>",
                    **_title_x(x0, x1), y=y_top, xref="paper", yref="paper", yanchor="bottom",
                    yshift=5, showarrow=False, font=dict(size=13, color=color if written else "#262730")))
                if written:
                    xa, ya = axis_ids(n)
                    shapes.append(dict(type="rect", xref=f"{xa} domain", yref=f"{ya} domain", x0=-0.03, x1=1.03,
                                       y0=-0.03, y1=1.03, line=dict(color=color, width=3)))
                if highlight is not None:
                    shapes += _highlight(item, n, rows, cols, highlight)
        top = y_top - band_frac - TICKS_PX / height
    layout = styled_layout(height=height, annotations=annotations, shapes=shapes, **axes,
                           margin=dict(l=10, r=10, t=10, b=10), showlegend=False)
    return figure(traces, layout)


def _title_x(x0: float, x1: float) -> dict:
    """Where a panel's title goes: centred over it, except over a narrow panel at an edge of the
    figure, where it is aligned with that edge so that a title wider than the panel stays in view."""
    if x1 - x0 < EDGE_PANEL and x1 > 1 - EDGE_PANEL / 4:
        return dict(x=x1, xanchor="right")
    if x1 - x0 < EDGE_PANEL and x0 < EDGE_PANEL / 4:
        return dict(x=x0, xanchor="left")
    return dict(x=(x0 + x1) / 2, xanchor="center")


def _panel(n, key, values, rows, cols, xdom, ydom, show_text) -> tuple[dict, dict]:
    """One heatmap on its own axes pair (x{n}, y{n}) occupying ``xdom`` × ``ydom``:
    (trace dict, layout dict of its two axes). ``values`` is (len(rows), len(cols))."""
    xa, ya = axis_ids(n)
    # a float32 array: JSON writes it as the list of its values; Plotly's convert_to_base64
    # (what go.Figure.to_dict applies) would write it as a compact base64 typed array instead
    z = values.astype(np.float32)
    exponent = display_exponent(values)
    if key in PROBABILITY_KEYS:
        scale, lo, hi = PROBABILITY_SCALE, 0.0, 1.0
    else:
        bound = float(np.max(np.abs(z))) or 1.0
        scale, lo, hi = DIVERGING_SCALE, -bound, bound
    # indices are NumPy's, from 0 (the math's example x⁽ʲ⁺¹⁾ is column j): the hover says so
    col_name = "column (example, NumPy from 0)" if EXAMPLE_AXIS.get(key) == 1 else "column"
    row_name = "row (example, NumPy from 0)" if EXAMPLE_AXIS.get(key) == 0 else "row"
    trace = dict(
        type="heatmap", z=z, x=cols.tolist(), y=rows.tolist(), colorscale=scale, zmin=lo, zmax=hi,
        showscale=False, xgap=1, ygap=1, textfont=dict(size=10),
        hovertemplate=f"<b>{LABELS[key]}</b> {row_name} %{{y}}, {col_name} %{{x}}<br>%{{z:.6g}}<extra></extra>",
        xaxis=xa, yaxis=ya, name=LABELS[key],
    )
    if show_text:
        trace["text"] = [[cell_text(v, exponent) for v in r] for r in z.tolist()]
        trace["texttemplate"] = "%{text}"
    tick = dict(tickfont=dict(size=9), showgrid=False, zeroline=False, ticks="", fixedrange=True)
    x_axis = dict(domain=list(xdom), anchor=ya, side="bottom", showticklabels=EXAMPLE_AXIS.get(key) == 1, **tick)
    y_axis = dict(domain=list(ydom), anchor=xa, autorange="reversed", showticklabels=EXAMPLE_AXIS.get(key) == 0,
                  **tick)
    if len(cols) <= 16:
        x_axis["dtick"] = 1
    if len(rows) <= 16:
        y_axis["dtick"] = 1
    return trace, {xa.replace("x", "xaxis"): x_axis, ya.replace("y", "yaxis"): y_axis}


def _highlight(key, n, rows, cols, i) -> list:
    """An outline around example ``i``'s column (or row, for a transpose) if it is in view."""
    axis = EXAMPLE_AXIS.get(key)
    xa, ya = axis_ids(n)
    line = dict(color=ACCENT, width=2.5)
    if axis == 1 and i in cols:
        return [dict(type="rect", xref=xa, yref=f"{ya} domain", x0=i - 0.5, x1=i + 0.5, y0=0, y1=1,
                     line=line)]
    if axis == 0 and i in rows:
        return [dict(type="rect", xref=f"{xa} domain", yref=ya, x0=0, x1=1, y0=i - 0.5, y1=i + 0.5,
                     line=line)]
    return []
