"""The network as nodes and edges: n_x inputs → n_h hidden units → one output.

Layer sizes are read from the parameter arrays (W1 is (n_h, n_x), W2 is (n_y, n_h)),
so the picture always matches the model that is actually trained. Edge colour is the
sign of the weight and edge width its size relative to the largest weight of the layer.

:func:`network_diagram` returns a figure dict in Plotly's JSON schema (see :mod:`.style`), not
a ``go.Figure``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..formatting import number_text, shape_text
from .style import DIVERGING_SCALE, FONT, NEUTRAL, figure, styled_layout

EDGE_COLORS = {"neg": DIVERGING_SCALE[0][1], "pos": DIVERGING_SCALE[-1][1], "none": NEUTRAL}  # by sign of the weight
NODE_FILL = ("#FFFFFF", "#E8F1F8", "#FFF4DD")  # input, hidden, output
NODE_LINE = "#262730"
WIDTH_LEVELS = 4  # edges are drawn in a few width buckets: one trace per (sign, bucket)
MAX_UNITS = 12  # more units than this: the first and last few, with "⋮" between


@dataclass(frozen=True)
class LayerLayout:
    """Where a layer's drawn units sit: unit indices, their y positions, and the gap (if any)."""

    units: tuple[int, ...]
    y: tuple[float, ...]
    gap_y: float | None  # y of the "⋮" marker when some units are not drawn


def layer_layout(n: int, max_units: int = MAX_UNITS) -> LayerLayout:
    """Vertical positions in [-1, 1] for a layer of ``n`` units (centred, evenly spaced).

    Layers wider than ``max_units`` show their first and last units around a gap.
    """
    if n <= max_units:
        units = tuple(range(n))
        slots = list(range(n))
        gap = None
    else:
        head = (max_units - 1) // 2 + (max_units - 1) % 2
        tail = max_units - 1 - head
        units = tuple(range(head)) + tuple(range(n - tail, n))
        slots = list(range(head)) + [head + 1 + i for i in range(tail)]  # slot `head` is the gap
        gap = head
    n_slots = max(slots) + 1 if slots else 1
    spacing = 2.0 / max(n_slots - 1, 1) if n_slots > 1 else 0.0
    spacing = min(spacing, 0.45)  # few units stay close together instead of spreading to the edges
    centre = (n_slots - 1) / 2
    y = tuple(float((centre - s) * spacing) for s in slots)
    gap_y = None if gap is None else float((centre - gap) * spacing)
    return LayerLayout(units, y, gap_y)


# room above the headers for Plotly's toolbar (about 30 px high at the top right), so that it
# never covers the "Output" header of the rightmost column
TOOLBAR_PX = 44


def network_diagram(
    params: dict,
    activation_label: str = "g",
    *,
    max_units: int = MAX_UNITS,
    title: str | None = None,
    height: int | None = None,
) -> dict:
    """Nodes and weighted edges of the two-layer network, as a figure dict.

    params: W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1) — only their shapes
    and values are read. ``activation_label`` names g in the hidden-layer header.
    The default height grows with the tallest drawn layer, so nodes never overlap.
    Traces: per weight matrix its edge traces (lines, one per sign and width bucket) and one
    trace of invisible midpoint markers carrying the weights' hover text; then one
    "markers+text" trace per layer (input, hidden, output) with a point per drawn unit.
    """
    W1, W2 = np.asarray(params["W1"], dtype=float), np.asarray(params["W2"], dtype=float)
    b1, b2 = np.asarray(params["b1"], dtype=float), np.asarray(params["b2"], dtype=float)
    n_h, n_x = W1.shape
    n_y = W2.shape[0]
    layers = [layer_layout(n, max_units) for n in (n_x, n_h, n_y)]
    tallest = max(len(layer.y) + (layer.gap_y is not None) for layer in layers)
    if height is None:
        height = (440 if tallest <= 8 else 540) + TOOLBAR_PX - 30
    xs = (0.0, 1.0, 2.0)

    data: list[dict] = []
    annotations: list[dict] = []
    for k, W in enumerate((W1, W2)):  # W maps layer k to layer k + 1: W[j, i] is edge i → j
        data += _edges(W, f"W{k + 1}", xs[k], layers[k], xs[k + 1], layers[k + 1])

    labels = (
        [f"x<sub>{i + 1}</sub>" for i in layers[0].units],
        [f"a<sub>{j + 1}</sub>" for j in layers[1].units],
        ["ŷ" if n_y == 1 else f"ŷ<sub>{j + 1}</sub>" for j in layers[2].units],
    )
    hovers = (
        [f"input x<sub>{i + 1}</sub>" for i in layers[0].units],
        [f"hidden unit {j + 1}<br>a<sub>{j + 1}</sub> = {activation_label}(z<sub>{j + 1}</sub>)"
         f"<br>b1[{j}] = {_num(b1[j, 0])}" for j in layers[1].units],
        [f"output ŷ = A2 = σ(Z2)<br>b2[{j}] = {_num(b2[j, 0])}" for j in layers[2].units],
    )
    names = ("input layer", "hidden layer", "output layer")
    for k, layer in enumerate(layers):
        data.append(dict(
            type="scatter", x=[xs[k]] * len(layer.units), y=list(layer.y), mode="markers+text",
            marker=dict(size=_node_size(tallest), color=NODE_FILL[k], line=dict(color=NODE_LINE, width=1.5)),
            text=labels[k], textfont=dict(size=12 if tallest <= 8 else 10, color=FONT["color"]),
            hovertext=hovers[k], hoverinfo="text", name=names[k], showlegend=False,
        ))
        if layer.gap_y is not None:
            annotations.append(dict(x=xs[k], y=layer.gap_y, text="⋮", showarrow=False,
                                    font=dict(size=22, color=FONT["color"])))

    # text colours are set on the items: Streamlit's chart theme overrides the template's font colour
    # short lines: three columns of headers side by side must fit a phone's 390 px
    headers = (
        f"<b>Input</b><br>x<br>n<sub>x</sub> = {n_x}",
        f"<b>Hidden layer</b><br>A1 = {activation_label}(Z1)<br>n<sub>h</sub> = {n_h}",
        f"<b>Output</b><br>ŷ = A2 = σ(Z2)<br>{n_y} unit",
    )
    top = max(max(layer.y) for layer in layers)
    for x, text in zip(xs, headers, strict=True):
        # above the tallest layer's top node by its radius and a gap in px (at y = 1.08 the
        # "n_h = 8" line ran under node a1 of eight units)
        annotations.append(dict(x=x, y=top, yshift=_node_size(tallest) / 2 + 4, text=text, showarrow=False,
                                yanchor="bottom", font=dict(size=13, color=FONT["color"])))
    between = (
        f"W1 {shape_text(W1.shape)}<br>b1 {shape_text(b1.shape)}",
        f"W2 {shape_text(W2.shape)}<br>b2 {shape_text(b2.shape)}",
    )
    for k, text in enumerate(between):
        annotations.append(dict(x=(xs[k] + xs[k + 1]) / 2, y=-1.12, text=text, showarrow=False,
                                yanchor="top", font=dict(size=12, color=NEUTRAL)))

    layout = styled_layout(
        title=title, height=height, annotations=annotations,
        margin=dict(l=20, r=20, t=70 if title else TOOLBAR_PX, b=20), hovermode="closest",
        xaxis=dict(visible=False, range=[-0.35, 2.35], fixedrange=True),
        yaxis=dict(visible=False, range=[-1.35, 1.6], fixedrange=True),  # 1.6: the headers above the nodes
    )
    return figure(data, layout)


def _edges(W: np.ndarray, name: str, x0: float, src: LayerLayout, x1: float, dst: LayerLayout) -> list[dict]:
    """Edges src → dst for the drawn units, bucketed by sign and |weight| into a few traces,
    plus invisible midpoint markers that carry each weight's hover text (trace dicts)."""
    finite = np.abs(W[np.isfinite(W)])
    largest = float(finite.max()) if finite.size else 0.0
    buckets: dict[tuple[str, int], tuple[list, list]] = {}
    mid_x, mid_y, mid_text = [], [], []
    for j, yj in zip(dst.units, dst.y, strict=True):
        for i, yi in zip(src.units, src.y, strict=True):
            w = float(W[j, i])
            if not np.isfinite(w):
                sign, level = "none", 0
            else:
                sign = "pos" if w >= 0 else "neg"
                level = 0 if largest == 0 else min(int(abs(w) / largest * WIDTH_LEVELS), WIDTH_LEVELS - 1)
            xs, ys = buckets.setdefault((sign, level), ([], []))
            xs += [x0, x1, None]
            ys += [yi, yj, None]
            mid_x.append(x0 + 0.3 * (x1 - x0))
            mid_y.append(yi + 0.3 * (yj - yi))
            mid_text.append(f"{name}[{j}, {i}] = {_num(w)}")
    traces = []
    for (sign, level), (xs, ys) in sorted(buckets.items()):
        line = dict(color=EDGE_COLORS[sign], width=0.8 + 1.2 * level)
        if sign == "none":
            line["dash"] = "dot"
        traces.append(dict(type="scatter", x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                           line=line, opacity=0.35 + 0.15 * level))
    traces.append(dict(
        type="scatter", x=mid_x, y=mid_y, mode="markers", marker=dict(size=8, opacity=0), hovertext=mid_text,
        hoverinfo="text", showlegend=False, name=name,
    ))
    return traces


def _node_size(tallest: int) -> int:
    """Marker diameter in px, one for every layer: small enough for the tallest one."""
    return 34 if tallest <= 8 else 24


def _num(value: float) -> str:
    return number_text(value, nonfinite="not finite")
