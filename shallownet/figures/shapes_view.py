"""The Shapes page: every tensor as a rectangle in proportion to its shape, laid out along
the forward pass (down the left) with each gradient beside the tensor whose shape it shares
(right), and the shape table as Markdown.

:func:`diagram_spec` gives the diagram as plain data in pixels (rectangles keyed by tensor
name); the page draws it as SVG that keeps its elements across reruns, so when n_h or m
changes the rectangles move and resize smoothly. (A Plotly chart cannot do this here: the
app framework remounts a chart whenever its figure changes, which cancels any transition.)
:func:`entries_figure` is a figure dict in Plotly's JSON schema (see :mod:`.style`).
"""

from __future__ import annotations

import math
from math import sqrt

from ..formatting import shape_str, shape_text
from ..shapes import BroadcastDemo, KeepdimsDemo, ShapeTable
from ..stepthrough import latex_matrix
from .style import BAD, GOOD, NEUTRAL, figure, styled_layout

# the forward pass, top to bottom; Y comes last, beside A2 (it enters at the cost)
ROW_ORDER = ("X", "W1", "b1", "Z1", "A1", "W2", "b2", "Z2", "A2", "Y")

STAGE_COLORS = {"input": NEUTRAL, "parameter": "#882255", "forward": GOOD, "backward": BAD}
STAGE_NAMES = {"input": "data", "parameter": "parameter", "forward": "forward pass", "backward": "gradient"}
TRANSITION_MS = 500
PX_PER_UNIT = 14  # a side of n entries is drawn √n · 14 px long ...
MAX_SIDE_PX = 400  # ... unless the longest side would exceed this: then everything is scaled down
LABEL_PX = 22  # room above each rectangle for its label
AISLE = 0.8  # half the gap between the forward column (left) and the gradient column (right), in units
LABEL_ROOM_PX = 190  # labels beside narrow rectangles need this much room on each side
NOTE_PX = 22  # the line for "forward pass ↓" / "↑ backward pass"


def side(n: int) -> float:
    """Drawn length of a side of n entries: √n, so m = 1000 columns and n_x = 2 rows both fit."""
    return sqrt(max(int(n), 0))


def _size(shape) -> tuple[float, float]:
    """(width, height) of a shape (rows, cols); a vector counts as one row."""
    shape = tuple(shape)
    rows, cols = shape if len(shape) == 2 else (1, shape[0] if shape else 1)
    return side(cols), side(rows)


def px_per_unit(table: ShapeTable) -> float:
    """PX_PER_UNIT, or less when the widest tensor (m columns) would not fit the page."""
    longest = max(max(_size(r.shape)) for r in table.rows)
    return min(PX_PER_UNIT, MAX_SIDE_PX / longest) if longest > 0 else PX_PER_UNIT


def diagram_layout(table: ShapeTable, ppu: float = PX_PER_UNIT) -> dict:
    """name → (x0, y0, width, height) of every tensor's rectangle, in units of √entries.

    The forward pass runs top to bottom in the left column (rectangles right-aligned to the
    aisle at x = 0); each gradient sits in the right column beside the tensor it belongs to.
    """
    sizes = {r.name: _size(r.shape) for r in table.rows}
    grad_of = {r.of: r.name for r in table.rows if r.of}
    label = LABEL_PX / ppu
    boxes, y = {}, 0.0
    for name in ROW_ORDER:
        w, h = sizes[name]
        h_row = max(h, sizes[grad_of[name]][1]) if name in grad_of else h
        y -= label + h_row
        top = y + h_row
        boxes[name] = (-AISLE - w, top - h, w, h)
        if name in grad_of:
            gw, gh = sizes[grad_of[name]]
            boxes[grad_of[name]] = (AISLE, top - gh, gw, gh)
    return boxes


def diagram_spec(table: ShapeTable) -> dict:
    """The block diagram as plain, JSON-ready data in pixels, for the animated SVG view.

    Returns {"width", "height", "boxes": [...], "notes": [...], "legend": [...]}; each box has the
    tensor's name, formula, shape text, stage colour, its rectangle (x, y, w, h) and its label
    position (lx, ly, anchor). Boxes keep their names across configurations, so a view that
    keys its elements by name can move them smoothly when n_h or m changes.
    """
    ppu = px_per_unit(table)
    boxes = diagram_layout(table, ppu)
    rows = {r.name: r for r in table.rows}
    left = max(max(-b[0] for n, b in boxes.items() if not rows[n].of) * ppu, LABEL_ROOM_PX)
    right = max(max((b[0] + b[2] for n, b in boxes.items() if rows[n].of), default=0.0) * ppu, LABEL_ROOM_PX)
    top_px = NOTE_PX + LABEL_PX  # room for the "forward pass" notes and the first label
    y_top = max(b[1] + b[3] for b in boxes.values())
    y_low = min(b[1] for b in boxes.values())
    cx = left + 10  # the aisle's centre, in px from the left edge

    def px(x, y):
        return cx + x * ppu, top_px + (y_top - y) * ppu

    out = []
    for row in table.rows:
        x0, y0, w, h = boxes[row.name]
        X, Y = px(x0, y0 + h)  # top-left corner
        backward = row.stage == "backward"
        out.append({
            "name": row.name, "formula": row.formula, "shape": shape_str(row.shape), "stage": row.stage,
            "color": STAGE_COLORS[row.stage],
            "x": round(X, 2), "y": round(Y, 2), "w": round(w * ppu, 2), "h": round(h * ppu, 2),
            "lx": round(cx + (AISLE if backward else -AISLE) * ppu, 2), "ly": round(Y - 5, 2),
            "anchor": "start" if backward else "end",
            "tooltip": f"{row.name} {row.formula} = {shape_str(row.shape)}: {row.holds}",
        })
    notes = [
        {"id": "forward", "text": "forward pass ↓", "x": round(cx - AISLE * ppu, 2), "y": 14,
         "anchor": "end", "color": GOOD},
        {"id": "backward", "text": "↑ backward pass", "x": round(cx + AISLE * ppu, 2), "y": 14,
         "anchor": "start", "color": BAD},
    ]
    legend = [{"stage": k, "label": STAGE_NAMES[k], "color": c} for k, c in STAGE_COLORS.items()]
    height = top_px + (y_top - y_low) * ppu + 12
    return {"width": round(cx + right + 10, 2), "height": round(height, 2), "boxes": out, "notes": notes,
            "legend": legend, "transition_ms": TRANSITION_MS, "px_per_unit": round(ppu, 4)}


def table_markdown(table: ShapeTable) -> str:
    """The shape table as Markdown with LaTeX symbols: symbol, formula, concrete shape, what it holds."""
    lines = ["| tensor | shape formula | shape now | what it holds |", "|---|---|---|---|"]
    for r in table.rows:
        formula = r.formula.replace("_", r"\_")  # n_h, not an italic h
        lines.append(f"| ${r.symbol}$ | {formula} | **{shape_str(r.shape)}** | {r.holds} |")
    return "\n".join(lines)


def entries_figure(table: ShapeTable) -> dict:
    """How many numbers each tensor holds (the product of its shape), on a log axis.

    One horizontal bar per tensor in the table's order, coloured by stage: the tensors with m
    columns (X, Z1, A1, dZ1, …) dwarf the parameters, which is why memory and time grow with m
    while the number of parameters does not.
    """
    rows = list(table.rows)
    counts = [max(1, math.prod(r.shape)) for r in rows]
    bars = dict(
        type="bar", y=[r.name for r in rows], x=counts, orientation="h",
        marker=dict(color=[STAGE_COLORS[r.stage] for r in rows]),
        text=[f"{shape_str(r.shape)}: {math.prod(r.shape):,}" for r in rows], textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}: %{text} numbers<extra></extra>",
    )
    layout = styled_layout(
        title="How many numbers each tensor holds", height=60 + 22 * len(rows),
        # room on the right for the longest bar's label
        # labels at powers of 10 only: Plotly writes the 2 and 5 between them at 3/4 of the font
        # (10.5 px), below the charts' 14-px floor
        xaxis=dict(type="log", title=dict(text="numbers held (log scale)"), dtick=1,
                   range=[-0.15, math.log10(max(counts)) + 0.9]),
        yaxis=dict(autorange="reversed"),
    )
    return figure([bars], layout)


def latex_shape(shape) -> str:
    """A shape for a LaTeX subscript, e.g. (4,\\,300)."""
    return shape_text(shape, "latex_tuple")


def same_shape_markdown(table: ShapeTable) -> str:
    """Rule 1 as a Markdown table: every gradient's shape beside its tensor's, both read from the arrays."""
    lines = ["| gradient | shape | tensor | shape | |", "|---|---|---|---|---|"]
    for r in table.rows:
        if r.of:
            gs, ps = r.shape, table.row(r.of).shape
            lines.append(f"| {r.name} | {shape_str(gs)} | {r.of} | {shape_str(ps)} | "
                         f"{'✓ same' if gs == ps else '✗ different'} |")
    return "\n".join(lines)


def keepdims_listing(kd) -> str:
    """Rule 3 as aligned Python lines, each with the shape its result really had (a KeepdimsDemo)."""
    lines = [
        ("np.sum(dZ1, axis=1, keepdims=True) / m", kd.kept.shape, f"✓ a column, like b1 {shape_str(kd.b1.shape)}"),
        ("np.sum(dZ1, axis=1) / m", kd.flat.shape, "a flat vector: the column is lost"),
        ("np.sum(dZ1, axis=0, keepdims=True) / m", kd.wrong_axis.shape, "wrong axis: one number per example"),
        None,
        ("b1 - alpha * db1_kept", kd.updated.shape, "✓ b1 keeps its shape"),
        ("b1 - alpha * db1_flat", kd.broken.shape,
         "✗ broadcast into a matrix" if not kd.silent else "(n_h = 1: the slip hides)"),
    ]
    code_w = max(len(x[0]) for x in lines if x) + 3
    shape_w = max(len(f"shape {shape_str(x[1])}") for x in lines if x) + 2
    return "\n".join("" if x is None else f"{x[0]:<{code_w}}# {'shape ' + shape_str(x[1]):<{shape_w}}{x[2]}"
                     for x in lines)


def broadcast_latex(bd: BroadcastDemo, max_cols: int) -> str:
    """Rule 2 as LaTeX: W1X (n_h, m) + b1 (n_h, 1) = Z1 (n_h, m), braced shapes over the first
    ``max_cols`` columns of the real numbers."""
    return (
        rf"\begin{{gathered}}\underbrace{{W^{{[1]}}X}}_{{{latex_shape(bd.W1X.shape)}}} \;+\; "
        rf"\underbrace{{b^{{[1]}}}}_{{{latex_shape(bd.b1.shape)}}}"
        rf" \;=\; \underbrace{{Z^{{[1]}}}}_{{{latex_shape(bd.Z1.shape)}}} \\[8pt] "
        rf"{latex_matrix(bd.W1X, digits=2, max_cols=max_cols)} + {latex_matrix(bd.b1, digits=2)} = "
        rf"{latex_matrix(bd.Z1, digits=2, max_cols=max_cols)}\end{{gathered}}"
    )


def keepdims_latex(kd: KeepdimsDemo) -> str:
    """Rule 3 as LaTeX: b1 − α·db1 with keepdims (n_h, 1) beside the flat version's (n_h, n_h) matrix."""
    return (
        rf"\underbrace{{b^{{[1]}} - \alpha\, db^{{[1]}}_{{\text{{keepdims}}}}}}_{{{latex_shape(kd.updated.shape)}}} = "
        rf"{latex_matrix(kd.updated)} \qquad "
        rf"\underbrace{{b^{{[1]}} - \alpha\, db^{{[1]}}_{{\text{{flat}}}}}}_{{{latex_shape(kd.broken.shape)}}} = "
        rf"{latex_matrix(kd.broken)}"
    )
