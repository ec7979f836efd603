"""One look for every chart: palette, fonts, margins; and the helpers that write figures as
plain dicts in Plotly's JSON schema.

Builders return figure dicts (``{"data": [...], "layout": {...}, "frames": [...]}``), not
``go.Figure`` objects: a graph-objects figure validates every property as it is set, which
cost 10–30 ms per figure on every first visit of a page, for every student. The figure tests
pass each builder's output through ``go.Figure(...)``, which validates it in full.

The class colours are the Okabe–Ito pair blue / orange, which stay distinct for
the common forms of colour blindness and in greyscale (different lightness).
"""

from __future__ import annotations

import base64

import numpy as np

CLASS_COLORS = ("#0072B2", "#E69F00")  # class 0, class 1
CLASS_NAMES = ("class 0", "class 1")
TRAIN_SYMBOL, TEST_SYMBOL = "circle", "diamond"
ACCENT = "#CC79A7"  # highlights: the current step, the selected example
NEUTRAL = "#7F7F7F"
GOOD, BAD = "#009E73", "#D55E00"  # pass / fail, forward / backward
# lines of one chart, in order: the Okabe–Ito colours that differ most in hue and lightness
# (neighbours in this list stay apart for the common colour blindnesses and in greyscale)
LINE_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#882255")
TRAIN_COLOR, TEST_COLOR = "#0072B2", "#D55E00"  # train and test curves (test also dashed)
POINT_RIM = dict(width=1, color="white")  # every data point: a white rim keeps it apart from its own region

# probability 0 → class-0 blue, 0.5 → white, 1 → class-1 orange
PROBABILITY_SCALE = [[0.0, CLASS_COLORS[0]], [0.5, "#FFFFFF"], [1.0, CLASS_COLORS[1]]]
# signed values (weights, gradients): negative blue, zero white, positive vermillion
DIVERGING_SCALE = [[0.0, "#0072B2"], [0.5, "#FFFFFF"], [1.0, "#D55E00"]]
SEQUENTIAL_SCALE = "Viridis"

FONT = dict(family="Inter, 'Source Sans Pro', 'Helvetica Neue', Arial, sans-serif", size=14, color="#262730")
MIN_FONT_PX, PRESENT_FONT_PX = 14, 16  # smallest chart text; in presentation mode
MARGIN = dict(l=50, r=20, t=40, b=40)

# st.plotly_chart config shared by every page: PNG download in the modebar, no logo
PLOTLY_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    # two buttons (PNG, reset axes) instead of ten: the short bar stays clear of a title written
    # at the left (dragging still zooms, a double click resets)
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "zoom2d", "pan2d", "zoomIn2d", "zoomOut2d", "autoScale2d",
                               "hoverClosestCartesian", "hoverCompareCartesian", "toggleSpikelines"],
}


def line_colors(n: int) -> list[str]:
    """``n`` colours for ``n`` lines of one chart, each distinct from the next (repeats after
    len(LINE_COLORS))."""
    return [LINE_COLORS[i % len(LINE_COLORS)] for i in range(n)]


_FONT_KEYS = ("font", "tickfont", "textfont", "title_font", "insidetextfont", "outsidetextfont", "labelfont")


def _min_fonts(node, px: int, inside_font: bool = False):
    """``node`` (a layout or trace dict, list or value) with every font size below ``px`` raised to it."""
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if inside_font and k == "size" and isinstance(v, (int, float)) and not isinstance(v, bool):
                out[k] = max(v, px)
            elif k == "size" and inside_font and isinstance(v, list):
                out[k] = [max(x, px) for x in v]
            else:
                out[k] = _min_fonts(v, px, k in _FONT_KEYS)
        return out
    if isinstance(node, list):
        return [_min_fonts(x, px) for x in node]
    return node


def readable(fig: dict, px: int = MIN_FONT_PX) -> dict:
    """``fig`` with every text of its layout (titles, ticks, legend, annotations, colour bars) and
    of its scatter and bar traces at least ``px`` pixels high; heatmap cell values keep their size
    (their cells set it). A new dict; ``fig`` is not changed."""
    out = dict(fig)
    out["layout"] = _min_fonts(fig.get("layout", {}), px)
    out["data"] = [t if t.get("type") == "heatmap" else _min_fonts(t, px) for t in fig.get("data", ())]
    return out


def _light_template() -> dict:
    """plotly_white's look (white plot, light grid, its colour cycle) as a layout-only template.

    Plotly's full templates also style every trace type: validating one costs tens of
    milliseconds per figure and adds about 6 kB to each chart's JSON. This one is ~0.5 kB.
    """
    axis = dict(gridcolor="#EBF0F8", linecolor="#EBF0F8", zerolinecolor="#EBF0F8", ticks="",
                automargin=True, zerolinewidth=2)
    # x tick labels a few px lower: at 14 px the first x and y labels met at the plot's corner
    xaxis = dict(axis, ticklabelstandoff=5)
    return dict(layout=dict(
        plot_bgcolor="white",
        colorway=list(LINE_COLORS),
        xaxis=xaxis, yaxis=axis, hovermode="closest",
    ))


TEMPLATE_DICT = _light_template()  # shared by every figure dict; never mutated


def merged(base: dict, override: dict) -> dict:
    """``base`` updated by ``override`` the way ``update_layout`` does it: nested dicts merge,
    anything else replaces. Neither input is changed."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = value
    return out


def styled_layout(*, title: str | None = None, height: int | None = None, **layout) -> dict:
    """The shared layout (template, fonts, margins, legend) merged with ``layout``."""
    base = dict(
        template=TEMPLATE_DICT,
        font=FONT,
        margin=MARGIN,
        paper_bgcolor="rgba(0,0,0,0)",
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        hoverlabel=dict(font=dict(size=14)),
    )
    if title is not None:
        base["title"] = dict(text=title, x=0, xanchor="left", font=dict(size=16))
    if height is not None:
        base["height"] = height
    return merged(base, layout)


def figure(data: list[dict], layout: dict, frames: list[dict] | None = None) -> dict:
    """A figure dict; trace dicts carry their ``type`` (e.g. ``"scatter"``)."""
    fig = {"data": data, "layout": layout}
    if frames is not None:
        fig["frames"] = frames
    return fig


def _spans(n: int, spacing: float, weights) -> list[tuple[float, float]]:
    """``n`` intervals of [0, 1] in order, ``spacing`` apart, sized by ``weights``."""
    weights = [1.0] * n if weights is None else [float(w) for w in weights]
    room = 1.0 - spacing * (n - 1)
    total = sum(weights)
    spans, start = [], 0.0
    for w in weights:
        end = start + room * w / total
        spans.append((start, end))
        start = end + spacing
    return spans


def subplot_grid(rows: int, cols: int, *, horizontal_spacing: float | None = None,
                 vertical_spacing: float | None = None, row_heights=None, column_widths=None,
                 subplot_titles=None, column_titles=None) -> tuple[dict, dict]:
    """Axes for a ``rows`` × ``cols`` grid laid out as ``make_subplots`` lays it out.

    Returns ``(layout, axes)``: ``layout`` holds ``xaxis``, ``yaxis``, ``xaxis2``, … with their
    domains and anchors and the title annotations; ``axes[(row, col)]`` (1-based, row 1 on
    top) is the ``(xaxis, yaxis)`` pair a trace names, e.g. ``("x2", "y2")``. Merge more axis
    settings into ``layout`` with :func:`merged`.
    """
    h = 0.2 / cols if horizontal_spacing is None else horizontal_spacing
    if vertical_spacing is None:  # make_subplots leaves more room when panels have titles
        vertical_spacing = (0.5 if subplot_titles else 0.3) / rows
    v = vertical_spacing
    xs = _spans(cols, h, column_widths)
    heights = None if row_heights is None else list(reversed(row_heights))
    ys = list(reversed(_spans(rows, v, heights)))  # row 1 on top
    layout: dict = {}
    axes: dict = {}
    annotations: list[dict] = []
    for r in range(rows):
        for c in range(cols):
            k = r * cols + c + 1
            suffix = "" if k == 1 else str(k)
            axes[(r + 1, c + 1)] = (f"x{suffix}", f"y{suffix}")
            layout[f"xaxis{suffix}"] = dict(domain=list(xs[c]), anchor=f"y{suffix}")
            layout[f"yaxis{suffix}"] = dict(domain=list(ys[r]), anchor=f"x{suffix}")
            if subplot_titles is not None and k <= len(subplot_titles) and subplot_titles[k - 1]:
                annotations.append(_title(subplot_titles[k - 1], sum(xs[c]) / 2, ys[r][1]))
    for c, text in enumerate(column_titles or ()):
        annotations.append(_title(text, sum(xs[c]) / 2, ys[0][1]))
    if annotations:
        layout["annotations"] = annotations
    return layout, axes


def _title(text: str, x: float, y: float) -> dict:
    """A subplot title as ``make_subplots`` writes it: centred above the panel."""
    return dict(text=text, x=x, y=y, xref="paper", yref="paper", xanchor="center", yanchor="bottom",
                showarrow=False, font=dict(size=16))


def class_groups(data):
    """The data points as the scatter plots group them: (split, class c, X (n_x, m), columns (k,))
    for "train" then "test", class 0 then 1; an example is of class 1 when its label Y > 0.5.
    A class with no example in a split gives an empty ``columns``."""
    for split, X, Y in (("train", data.X_train, data.Y_train), ("test", data.X_test, data.Y_test)):
        positive = np.asarray(Y).ravel() > 0.5
        for c in (0, 1):
            yield split, c, X, np.flatnonzero(positive == bool(c))


def point_marker(split: str, c: int, size: int = 6, test_width: float = 1.0,
                 train_opacity: float | None = None) -> dict:
    """The marker of a data point in the class colour with a white rim (so it stands out from a
    region of its own colour): train a filled circle, test a filled diamond two px larger (its
    rim ``test_width`` wide). ``train_opacity`` (e.g. 0.85) lets overlapping train points show
    through; None: opaque."""
    if split == "train":
        marker = dict(symbol=TRAIN_SYMBOL, color=CLASS_COLORS[c], size=size, line=dict(POINT_RIM))
        return marker if train_opacity is None else {**marker, "opacity": train_opacity}
    marker = dict(symbol=TEST_SYMBOL, color=CLASS_COLORS[c], size=size + 2,
                  line=dict(width=test_width, color="white"))
    return marker if train_opacity is None else {**marker, "opacity": 1.0}


# plotly.js typed arrays: numbers travel as base64 of their bytes instead of decimal text
_TYPED = {"float32": "f4", "float64": "f8", "int8": "i1", "uint8": "u1", "int16": "i2", "uint16": "u2",
          "int32": "i4", "uint32": "u4"}


def typed_array(values) -> dict | list:
    """``values`` as a plotly.js typed array, encoded as ``go.Figure.to_dict()`` encodes numpy
    arrays: ``{"dtype": "u1", "bdata": <base64 of the little-endian bytes>}``, plus e.g.
    ``"shape": "60, 60"`` when 2-D. 64-bit integers shrink to the smallest integer type that
    holds them (plotly.js has no int64); other dtypes become float64. Empty input gives ``[]``."""
    a = np.asarray(values)
    if a.size == 0:
        return []
    if a.dtype.kind in "iu" and a.dtype.itemsize == 8:
        lo, hi = int(a.min()), int(a.max())
        small = (np.int8, np.int16, np.int32) if a.dtype.kind == "i" else (np.uint8, np.uint16, np.uint32)
        fits = [t for t in small if np.iinfo(t).min <= lo and hi <= np.iinfo(t).max]
        a = a.astype(fits[0] if fits else np.float64)
    elif a.dtype.name not in _TYPED:
        a = a.astype(np.float64)
    spec = {"dtype": _TYPED[a.dtype.name],
            "bdata": base64.b64encode(np.ascontiguousarray(a, dtype=a.dtype.newbyteorder("<"))).decode("ascii")}
    if a.ndim > 1:
        spec["shape"] = ", ".join(str(n) for n in a.shape)
    return spec


def _typed(value):
    """A numeric numpy array as a typed array; anything else (text, lists, numbers) unchanged."""
    if isinstance(value, np.ndarray) and value.dtype.kind in "biuf" and value.size:
        return typed_array(value)
    return value


def _typed_trace(trace: dict) -> dict:
    return {k: (_typed_trace(v) if isinstance(v, dict) else _typed(v)) for k, v in trace.items()}


def with_typed_arrays(fig: dict) -> dict:
    """``fig`` with the numpy arrays in its traces (and its frames' traces) written as plotly.js
    typed arrays, as ``go.Figure.to_dict()`` writes them: a float32 heatmap cell is 4 bytes of
    base64 instead of ~12 characters of decimal text, and encodes ~10× faster. A new dict;
    ``fig`` is not changed."""
    out = dict(fig)
    out["data"] = [_typed_trace(t) for t in fig.get("data", ())]
    if "frames" in fig:
        out["frames"] = [{**f, "data": [_typed_trace(t) for t in f.get("data", ())]} for f in fig["frames"]]
    return out


def log_ticks(values) -> list[float]:
    """Tick values for a log axis over the positive finite ``values`` (arrays of any shapes, or a
    list of them: each line's own length): 1, 2, 5 × 10^k when they
    span at most two decades, else the powers of 10 only. Plotly's own choice for a short range
    writes the 2 and 5 at three quarters of the font (10.5 px at 14), below the charts' floor;
    given values are written at full size. Empty when no value is positive."""
    parts = [np.asarray(a, dtype=float).ravel() for a in values] if isinstance(values, (list, tuple)) else [values]
    v = np.concatenate([np.asarray(a, dtype=float).ravel() for a in parts]) if parts else np.zeros(0)
    v = v[np.isfinite(v) & (v > 0)]
    if v.size == 0:
        return []
    lo, hi = int(np.floor(np.log10(v.min()))), int(np.ceil(np.log10(v.max())))
    steps = (1, 2, 5) if hi - lo <= 2 else (1,)
    return [s * 10.0 ** k for k in range(lo, hi + 1) for s in steps]
