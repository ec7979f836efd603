"""Figures of the Training page: the decision boundary (live and animated through the
snapshots), each hidden unit over the plane, the cost and accuracy curves, and the
patches of them that the live player's frames carry.

Every builder returns a plain figure dict in Plotly's JSON schema (``{"data": [...],
"layout": {...}, "frames": [...]}``, see :mod:`shallownet.figures.style`), and every trace
helper a trace dict with its ``type``; no graph objects are built, so nothing is validated
at build time (the figure tests validate each builder's output in full).

Size matters here: an animated figure goes to the browser as JSON on every change.
Probability grids are quantized to uint8 (0 … LEVELS with fixed zmin/zmax) and long
histories are thinned to at most a few hundred points per curve, keeping each bucket's
extremes so spikes (a too-large α) stay visible. Numeric arrays go into the dicts already
as plotly.js typed arrays (``{"dtype": "u1", "bdata": <base64>, "shape": "60, 60"}``), as
``go.Figure.to_dict()`` wrote them: a dict's numpy arrays would be sent as JSON lists, about
three times the bytes for a uint8 grid.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil

import numpy as np

from ..activations import get_activation
from ..surface import decision_surface
from ..sweeps import thin_indices
from .style import (
    ACCENT,
    CLASS_COLORS,
    CLASS_NAMES,
    DIVERGING_SCALE,
    FONT,
    NEUTRAL,
    PROBABILITY_SCALE,
    TEST_COLOR,
    TRAIN_COLOR,
    class_groups,
    figure,
    point_marker,
    styled_layout,
    typed_array,
)

GRID = 60  # decision-boundary grid: 60 × 60 cells
THUMB_GRID = 36  # hidden-unit thumbnails
MAX_FRAMES = 60  # frames of the replay animation
FRAME_MS = 150  # how long each frame shows when playing
CURVE_BUCKETS = 150  # a long curve keeps the min and max of each of this many buckets
# uint8 quantization: value lo → 0, hi → 249. Not 255: base64 of bytes ≥ 252 is full of "/",
# which plotly's JSON writes as the 6-byte "\u002f", so a saturated P = 1 region would triple in
# size (249 = 0xF9 encodes as "+fn5"). Odd, so that P = 0.5 falls between two levels and the
# 0.5 contour is one line, not the two edges of a band of cells at exactly the contour level.
LEVELS = 249
HALF = LEVELS / 2  # probability 0.5 on the quantized scale: the decision boundary
TRAIN_LINE = dict(color=TRAIN_COLOR, width=2.5)
TEST_LINE = dict(color=TEST_COLOR, width=2.5, dash="dash")
# the discretised output: each side of the boundary in its class's colour (no shades between)
DISCRETE_SCALE = [[0.0, CLASS_COLORS[0]], [0.5, CLASS_COLORS[0]], [0.5, CLASS_COLORS[1]], [1.0, CLASS_COLORS[1]]]
DISCRETE_OPACITY = 0.35
BOUNDARY_LINE = dict(color=FONT["color"], width=2.5)
HEATMAP_OPACITY = 0.6  # lighter than the points, so a class-1 point on a class-1 region still shows
# unit activation colours: signed values blue–white–vermillion, non-negative white–vermillion
POSITIVE_SCALE = [[0.0, DIVERGING_SCALE[1][1]], [1.0, DIVERGING_SCALE[-1][1]]]  # its upper half, stretched
BOUNDED_RANGE = {"tanh": (-1.0, 1.0), "sigmoid": (0.0, 1.0)}  # activations with a fixed range


# -- numbers to pixels ---------------------------------------------------------
def quantize(values, lo: float, hi: float) -> np.ndarray:
    """Values in [lo, hi] as uint8 levels 0 … LEVELS (same shape); out-of-range values are
    clipped and non-finite ones mapped to the nearest end (NaN to the middle), so no
    NaN can reach a chart."""
    span = hi - lo if hi > lo else 1.0
    with np.errstate(invalid="ignore", over="ignore"):  # ±inf clip to the ends; NaN is replaced below
        q = np.clip(np.rint((np.asarray(values, dtype=float) - lo) * (LEVELS / span)), 0, LEVELS)
    # (np.nan_to_num would do it too, at several times the cost: this runs for every frame of Play)
    nan = np.isnan(q)
    if nan.any():
        q[nan] = np.rint(LEVELS / 2)
    return q.astype(np.uint8)


@dataclass(frozen=True)
class PlaneGrid:
    """What the plane views draw for one set of parameters, on an N × N grid.

    ``P`` is A2 quantized on the fixed 0 … LEVELS scale (the colours). ``boundary`` is
    A2 − 0.5 quantized on a symmetric range of its own, so that 0.5 sits exactly between
    two levels and the contour stays smooth even when A2 barely leaves 0.5 (at the start,
    with small weights, a fixed scale would draw the quantization steps instead).
    """

    xs: np.ndarray  # (N,)
    ys: np.ndarray  # (N,)
    P: np.ndarray  # (N, N) uint8
    boundary: np.ndarray  # (N, N) uint8, level HALF ↔ A2 = 0.5
    H: np.ndarray  # (n_h, N, N) float: each hidden unit's activation


def probability_grid(params: dict, X, activation: str, resolution: int = GRID) -> PlaneGrid:
    """A2 and the hidden activations over the plane of X (2, m), ready to draw."""
    xs, ys, P, H = decision_surface(params, X, activation, resolution)
    d = np.asarray(P, dtype=float) - 0.5
    finite = np.abs(d[np.isfinite(d)])
    top = float(finite.max()) if finite.size else 0.0
    return PlaneGrid(xs, ys, quantize(P, 0.0, 1.0), quantize(d, -top, top), H)


def pick_frames(iterations, max_frames: int = MAX_FRAMES) -> np.ndarray:
    """Indices of at most ``max_frames`` evenly spaced items, always the first and the last."""
    return thin_indices(len(iterations), max_frames)


def curve_indices(series, buckets: int = CURVE_BUCKETS) -> np.ndarray:
    """Which iterations to draw of curves of length n: all of them when n is small, else
    the first, the last, and each bucket's argmin and argmax in every series, so
    oscillation and spikes survive the thinning. Returns sorted indices (k,)."""
    n = len(series[0])
    if n <= 4 * buckets:
        return np.arange(n)
    size = -(-n // buckets)
    nb = -(-n // size)
    pad = nb * size - n  # < size, so the last bucket keeps at least one real value
    base = np.arange(nb) * size
    keep = [np.array([0, n - 1])]
    for y in series:
        y = np.asarray(y, dtype=float)
        finite = np.isfinite(y)
        if not finite.any():
            continue
        hi = np.pad(np.where(finite, y, -np.inf), (0, pad), constant_values=-np.inf).reshape(nb, size)
        lo = np.pad(np.where(finite, y, np.inf), (0, pad), constant_values=np.inf).reshape(nb, size)
        keep += [base + hi.argmax(axis=1), base + lo.argmin(axis=1)]
    idx = np.unique(np.concatenate(keep))
    return idx[idx < n]


def _finite(x, y):
    """(x, y) without the points where y is not finite; y as float32 (half the bytes)."""
    x, y = np.asarray(x), np.asarray(y, dtype=float)
    ok = np.isfinite(y)
    return x[ok], y[ok].astype(np.float32)


def _value(series, i):
    """series[i] as a float, or None when missing or not finite."""
    if series is None or i >= len(series):
        return None
    v = float(series[i])
    return v if np.isfinite(v) else None


# -- traces (dicts with their "type") ---------------------------------------------
# The colour bar beside the plane: thin, three short tick labels at most, and nearly the plot's
# height, so its labels neither crowd a small plot (150 % zoom) nor take width from a wide one
PLANE_BAR = dict(thickness=10, len=0.9, y=0.5, xpad=6, ypad=0, ticklen=3)
def probability_heatmap(grid: PlaneGrid, *, showscale: bool = True, colorbar_x: float | None = None,
                        zsmooth: str = "best", discrete: bool = False) -> dict:
    """A2 over the plane on the fixed 0 … LEVELS scale (so frames and reruns share one colour map):
    a heatmap trace with x = grid.xs (N,), y = grid.ys (N,), z = grid.P (N, N) uint8.
    ``discrete``: two colours only, the predicted class (A2 > 0.5 or not), with a two-entry colour bar."""
    if discrete:
        return discrete_heatmap(grid, showscale=showscale, colorbar_x=colorbar_x)
    colorbar = dict(title=dict(text="A2", side="right"), tickvals=[0, HALF, LEVELS], ticktext=["0", "0.5", "1"],
                    **PLANE_BAR)
    return _plane_heatmap(grid, colorbar, colorbar_x, colorscale=PROBABILITY_SCALE, showscale=showscale,
                          name="A2 = P(class 1)", opacity=HEATMAP_OPACITY, zsmooth=zsmooth)


def discrete_heatmap(grid: PlaneGrid, *, showscale: bool = True, colorbar_x: float | None = None) -> dict:
    """The predicted class over the plane: the same uint8 grid as :func:`probability_heatmap` on a
    scale that jumps from the class-0 to the class-1 colour at A2 = 0.5 (no smoothing, which
    would blend the two at the edge)."""
    colorbar = dict(title=dict(text="class (1: A2 > 0.5)", side="right"), tickvals=[LEVELS / 4, 3 * LEVELS / 4],
                    ticktext=["0", "1"], **PLANE_BAR)
    return _plane_heatmap(grid, colorbar, colorbar_x, colorscale=DISCRETE_SCALE, showscale=showscale,
                          name="predicted class", opacity=DISCRETE_OPACITY, zsmooth=False)


def _plane_heatmap(grid: PlaneGrid, colorbar: dict, colorbar_x: float | None, **style) -> dict:
    """The uint8 grid P (len(ys), len(xs)) of A2 levels as a heatmap trace on 0 … LEVELS."""
    if colorbar_x is not None:
        colorbar["x"] = colorbar_x
    return dict(type="heatmap", x=typed_array(grid.xs), y=typed_array(grid.ys), z=typed_array(grid.P), zmin=0,
                zmax=LEVELS, zauto=False, colorbar=colorbar, hoverinfo="skip", **style)


def boundary_contour(grid: PlaneGrid) -> dict:
    """The line A2 = 0.5 (level HALF of the grid's boundary levels, z = grid.boundary (N, N) uint8)."""
    return dict(
        type="contour", x=typed_array(grid.xs), y=typed_array(grid.ys), z=typed_array(grid.boundary),
        autocontour=False, contours=dict(start=HALF, end=HALF, size=1, coloring="none"),
        line=BOUNDARY_LINE, showscale=False, hoverinfo="skip", name="A2 = 0.5", showlegend=True,
    )


def point_traces(data, show_test: bool = True) -> list[dict]:
    """Train points (circles) and, when ``show_test``, test points (diamonds), coloured by class:
    up to four scatter traces, each with x = X[0, mask], y = X[1, mask] of its split and class.
    The legend has one entry per split (the colour bar says which colour is which class)."""
    traces, named = [], set()
    for split, c, X, cols in class_groups(data):
        if not cols.size or not (show_test or split == "train"):
            continue
        traces.append(dict(
            type="scatter", x=typed_array(X[0, cols]), y=typed_array(X[1, cols]), mode="markers",
            marker=point_marker(split, c), name=split, legendgroup=split, showlegend=split not in named,
            hovertemplate=f"{split}, {CLASS_NAMES[c]}<br>x₁ = %{{x:.2f}}<br>x₂ = %{{y:.2f}}<extra></extra>",
        ))
        named.add(split)
    return traces


TOOLBAR_PX = 26  # Plotly's toolbar (modebar) at a figure's top right: 22 px and its margin
# a legend in one row at the foot of the figure, under the x axis's ticks and title
FOOT_LEGEND = dict(orientation="h", yref="container", y=0, yanchor="bottom", x=0, xanchor="left")
FOOT_ROOM = 82  # px of bottom margin: tick labels, axis title and the legend's row


def _plane_axes() -> tuple[dict, dict]:
    """Settings of the plane's x and y axes (x₁, x₂ at equal scale)."""
    x = dict(title=dict(text="x₁"), showgrid=False, zeroline=False, constrain="domain")
    y = dict(title=dict(text="x₂"), showgrid=False, zeroline=False, scaleanchor="x", scaleratio=1,
             constrain="domain")
    return x, y


# -- live figures --------------------------------------------------------------
def boundary_figure(params: dict, data, activation: str, iteration: int, *,
                    resolution: int = GRID, height: int = 440, show_test: bool = True,
                    discrete: bool = False) -> dict:
    """A2 over the plane (heatmap, ``resolution`` × ``resolution``; ``discrete``: the predicted
    class in two colours), the 0.5 contour, and the train points (and the test points when
    ``show_test``), for the parameters at ``iteration``, as a figure dict. Needs 2-D inputs
    (data.n_x == 2)."""
    _require_plane(data)
    grid = probability_grid(params, data.X, activation, resolution)
    xaxis, yaxis = _plane_axes()
    # "fast" lets the browser smooth the image: "best" interpolates every pixel in JavaScript,
    # too slow for a view redrawn ten times a second
    layout = styled_layout(
        title=f"Decision boundary at iteration {iteration:,}", height=height, xaxis=xaxis, yaxis=yaxis,
        uirevision="boundary", legend=FOOT_LEGEND, margin=dict(l=40, r=10, t=40, b=FOOT_ROOM),
    )
    return figure([probability_heatmap(grid, zsmooth="fast", discrete=discrete), boundary_contour(grid),
                   *point_traces(data, show_test)], layout)


def _require_plane(data):
    if data.n_x != 2:
        raise ValueError(f"the plane views need 2 input features; this data has n_x = {data.n_x}")


def unit_range(activation: str, H) -> tuple[float, float, list]:
    """Colour range (lo, hi) and scale for hidden activations H (n_h, N, N): the activation's own
    range when bounded (tanh, sigmoid), else the largest |value| over all units, so thumbnails
    compare with each other."""
    if activation in BOUNDED_RANGE:
        lo, hi = BOUNDED_RANGE[activation]
    else:
        H = np.asarray(H, dtype=float)
        finite = H[np.isfinite(H)]
        top = float(np.abs(finite).max()) if finite.size else 1.0
        top = top if top > 0 else 1.0
        lo, hi = (-top if finite.size and finite.min() < 0 else 0.0), top
    return lo, hi, (DIVERGING_SCALE if lo < 0 else POSITIVE_SCALE)


def _span(lo: float, hi: float) -> list[float]:
    """An axis domain inside [0, 1] (float sums like 1 − 3·(1/3) land at −5e−17)."""
    return [round(min(max(lo, 0.0), 1.0), 6), round(min(max(hi, 0.0), 1.0), 6)]


def thumbnail_columns(n_h: int) -> int:
    """Columns of the thumbnail grid: 2 up to 4 units, 3 up to 9, 4 up to 16, then 8."""
    for limit, cols in ((4, 2), (9, 3), (16, 4)):
        if n_h <= limit:
            return min(n_h, cols)
    return 8


def hidden_units_figure(params: dict, data, activation: str, *, resolution: int = THUMB_GRID,
                        max_cols: int | None = None) -> dict:
    """One thumbnail per hidden unit k: its activation A1[k] = g(W1[k]·x + b1[k]) over the plane
    (a ``resolution`` × ``resolution`` uint8 heatmap on the range of :func:`unit_range`), titled
    with its output weight W2[k] (how strongly and which way it votes for class 1); a figure dict.

    The grid of small axes is laid out by hand (make_subplots is ~10× slower at 50 panels,
    and this figure is redrawn on every play tick).
    """
    _require_plane(data)
    xs, ys, _, H = decision_surface(params, data.X, activation, resolution)
    n_h = H.shape[0]
    cols = min(n_h, max_cols or thumbnail_columns(n_h))
    rows = ceil(n_h / cols)
    w2 = np.asarray(params["W2"], dtype=float).ravel()
    lo, hi, scale = unit_range(activation, H)
    gap_x, gap_y = 0.03, min(0.1, 0.35 / rows)
    width, height = (1 - gap_x * (cols - 1)) / cols, (1 - gap_y * (rows - 1)) / rows
    colorbar = dict(thickness=10, len=1.0, tickvals=[0, HALF, LEVELS],
                    ticktext=[f"{lo:.3g}", f"{(lo + hi) / 2:.3g}", f"{hi:.3g}"],
                    title=dict(text=f"{get_activation(activation).label}(z)", side="right"))
    axis = dict(showticklabels=False, showgrid=False, zeroline=False, ticks="", constrain="domain")
    x, y = typed_array(xs), typed_array(ys)  # one grid for every unit
    traces, layout, titles = [], {}, []
    for k in range(n_h):
        r, c = divmod(k, cols)
        x0, y1 = c * (width + gap_x), 1 - r * (height + gap_y)
        n = "" if k == 0 else str(k + 1)
        layout[f"xaxis{n}"] = dict(axis, domain=_span(x0, x0 + width), anchor=f"y{n}")
        layout[f"yaxis{n}"] = dict(axis, domain=_span(y1 - height, y1), anchor=f"x{n}",
                                   scaleanchor=f"x{n}", scaleratio=1)
        traces.append(dict(
            type="heatmap", x=x, y=y, z=typed_array(quantize(H[k], lo, hi)), zmin=0, zmax=LEVELS,
            zauto=False, colorscale=scale, showscale=k == 0, colorbar=colorbar, hoverinfo="skip",
            name=f"unit {k + 1}", xaxis=f"x{n}", yaxis=f"y{n}", zsmooth="fast",
        ))
        titles.append(dict(
            text=_unit_title(k, w2[k], n_h),
            x=x0 + width / 2, y=y1, xref="paper", yref="paper", xanchor="center", yanchor="bottom",
            showarrow=False, font=dict(size=11 if n_h <= 16 else 9),
        ))
    # the titles sit under a strip as high as Plotly's toolbar, which would cover the right column's title
    return figure(traces, styled_layout(height=max(180, 150 * rows + 40) + TOOLBAR_PX, **layout, annotations=titles,
                                        margin=dict(l=10, r=10, t=30 + TOOLBAR_PX, b=10)))


def _unit_title(k: int, w2: float, n_h: int) -> str:
    return f"unit {k + 1} · W2={w2:+.2g}" if n_h <= 16 else f"{k + 1}"


def curves_figure(history: dict, iteration: int | None = None, *, log_cost: bool = False,
                  height: int = 430, baseline: float | None = None, marks: list | None = None) -> dict:
    """Train and test cost J (top) and accuracy (bottom) against the iteration, with a marker
    at ``iteration`` (default: the last), as a figure dict. ``history`` holds arrays (n,) by
    name, as ``Trainer.history()`` returns them. Non-finite values are left out, never drawn.

    Two y axes share one x axis, laid out by hand: this figure is redrawn on every step.
    ``baseline``: the straight line's cost J, drawn as a dotted reference on the cost panel.
    ``marks``: plateaus {kind: "plateau", start, stop, label} shaded, bends {kind: "bend", at, label}
    as lines (see :func:`shallownet.plateaus.chart_marks`); they follow the two cursor lines.
    """
    it = int(history["iteration"][-1]) if iteration is None else int(iteration)
    first = int(history["iteration"][0])  # 0, or a loaded model's count: the arrays' row is it − first
    traces = curve_traces(history, ("x", "y"), ("x", "y2"))
    line_note = []
    if baseline is not None and np.isfinite(baseline) and baseline > 0:
        traces.append(baseline_trace(float(baseline), it, first))
        # named beside the line rather than in the legend (whose row the axis title shares)
        line_note = [dict(text=f"straight line, J = {baseline:.3f}", xref="x domain", x=0.99, xanchor="right",
                          yref="y", y=float(np.log10(baseline)) if log_cost else float(baseline),
                          yanchor="bottom", showarrow=False, font=dict(size=10, color=NEUTRAL))]
    for yaxis, names in (("y", ("train_cost", "test_cost")), ("y2", ("train_acc", "test_acc"))):
        marker = cursor_trace([history[n] for n in names], it, yaxis == "y", first)
        marker.update(xaxis="x", yaxis=yaxis, name=f"iteration {it:,}", meta=f"cursor_{yaxis}")
        traces.append(marker)
    marked = _marks(marks or [], it)
    layout = styled_layout(
        height=height,
        xaxis=dict(domain=[0, 1], anchor="y2", title=dict(text="iteration")),
        yaxis=dict(domain=[0.56, 1.0], anchor="x", **cost_axis(log_cost)),
        yaxis2=dict(domain=[0.0, 0.44], anchor="x", **ACCURACY_AXIS),
        shapes=_cursor_lines(it) + [m for m, _ in marked],
        annotations=[_axis_title("Cost J (cross-entropy)" + (", log scale" if log_cost else ""), 1.0),
                     _axis_title("Accuracy", 0.44)] + [a for _, a in marked] + line_note,
        margin=dict(t=30, b=FOOT_ROOM), legend=FOOT_LEGEND,
    )
    return figure(traces, layout)


BASELINE_LINE = dict(color=NEUTRAL, width=1.5, dash="dot")


def baseline_trace(cost: float, it: int, first: int = 0) -> dict:
    """The straight line's (logistic regression's) cost as a dotted level from ``first`` (the
    run's first iteration) to ``it``."""
    return dict(type="scatter", x=[int(first), max(int(it), int(first) + 1)], y=[cost, cost], mode="lines",
                line=BASELINE_LINE,
                name="straight line", showlegend=False, xaxis="x", yaxis="y", meta="baseline",
                hovertemplate="logistic regression<br>J = %{y:.4g}<extra></extra>")


MARK_ROOM = 0.12  # share of the iteration axis a mark's name needs to be written beside it


def _marks(marks: list, it: int) -> list[tuple[dict, dict]]:
    """(shape, annotation) of every mark; a name that would collide with the one before it (a
    narrow plateau, a bend just after another) is left out (its annotation stays, empty, so the
    frames of Play patch the same list)."""
    out, last = [], {"plateau": -1e9, "bend": -1e9}
    room = MARK_ROOM * max(int(it), 1)
    for m in marks:
        shape, note = _mark(m)
        kind = m["kind"]
        wide = kind == "bend" or m["stop"] - m["start"] >= room
        if not wide or note["x"] - last[kind] < room:
            note = dict(note, text="")
        else:
            last[kind] = note["x"]
        out.append((shape, note))
    return out


def _mark(m: dict) -> tuple[dict, dict]:
    """(shape, annotation) of a plateau (shaded span) or a bend (dashed line) on the cost panel."""
    if m["kind"] == "plateau":
        shape = dict(type="rect", xref="x", x0=m["start"], x1=m["stop"], yref="y domain", y0=0, y1=1,
                     fillcolor="rgba(120, 120, 120, 0.13)", line=dict(width=0), layer="below")
        x = (m["start"] + m["stop"]) / 2
    else:
        shape = dict(type="line", xref="x", x0=m["at"], x1=m["at"], yref="y domain", y0=0, y1=1,
                     line=dict(color=NEUTRAL, width=1, dash="dash"))
        x = m["at"]
    # plateau names along the top, bend names lower down, so a short start and its bend do not collide
    note = dict(text=m["label"], x=x, y=0.98 if m["kind"] == "plateau" else 0.8, xref="x", yref="y domain",
                yanchor="top", xanchor="center" if m["kind"] == "plateau" else "left", showarrow=False,
                font=dict(size=10, color=NEUTRAL))
    return shape, note


def _cursor_lines(it: int) -> list[dict]:
    """The dotted vertical lines at iteration ``it`` through both panels of the curves figure."""
    return [dict(type="line", xref="x", x0=it, x1=it, yref=f"{y} domain", y0=0, y1=1,
                 line=dict(color=ACCENT, width=1, dash="dot")) for y in ("y", "y2")]


def _axis_title(text: str, y: float) -> dict:
    return dict(text=f"<b>{text}</b>", x=0, y=y, xref="paper", yref="paper", xanchor="left",
                yanchor="bottom", showarrow=False, font=dict(size=13))


ACCURACY_AXIS = dict(range=[0, 1.04], tickformat=".0%")


def cost_axis(log_cost: bool) -> dict:
    return dict(type="log" if log_cost else "linear")


def curve_traces(history: dict, cost_axes: tuple, acc_axes: tuple) -> list[dict]:
    """Train (solid) and test (dashed) lines of cost on ``cost_axes`` (xaxis, yaxis) and of
    accuracy on ``acc_axes``, thinned by :func:`curve_indices`, non-finite points left out:
    scatter traces with x the iterations (k,) and y float32 (k,)."""
    names = ("train_cost", "test_cost", "train_acc", "test_acc")
    idx = curve_indices([history[n] for n in names])
    x = np.asarray(history["iteration"])[idx]
    traces = []
    for name, (xa, ya) in zip(names, (cost_axes, cost_axes, acc_axes, acc_axes), strict=True):
        xs, ys = _finite(x, np.asarray(history[name])[idx])
        if not len(xs):
            continue
        split = name.split("_")[0]
        traces.append(dict(
            type="scatter", x=typed_array(xs), y=typed_array(ys), mode="lines",
            line=TRAIN_LINE if split == "train" else TEST_LINE, name=split, legendgroup=split,
            showlegend=name.endswith("cost"), xaxis=xa, yaxis=ya, meta=name,
            hovertemplate=f"{split}<br>iteration %{{x}}<br>%{{y:.4g}}<extra></extra>",
        ))
    return traces


def _cursor_points(series, it: int, first: int = 0) -> dict:
    """x and y of the markers on the curves in ``series`` at iteration ``it`` (missing values
    skipped); ``first``: the iteration of the series' row 0 (a loaded model's count)."""
    ys = [v for v in (_value(s, it - first) for s in series) if v is not None]
    return dict(type="scatter", x=[it] * len(ys), y=ys)


def cursor_trace(series, it: int, showlegend: bool, first: int = 0) -> dict:
    """Accent markers on the curves in ``series`` at iteration ``it`` (missing values skipped;
    ``first``: the iteration of row 0): a scatter trace with x and y as lists of at most
    ``len(series)`` numbers."""
    return dict(
        _cursor_points(series, it, first), mode="markers", name="iteration in view", showlegend=showlegend,
        marker=dict(color=ACCENT, size=10, line=dict(color="white", width=1)),
        hovertemplate="iteration %{x}<br>%{y:.4g}<extra></extra>",
    )


# -- the replay animation --------------------------------------------------------
def run_title(dataset: str, n_h: int, activation: str, history: dict) -> str:
    """A title naming the run: data, architecture, iterations and the learning rates used
    (from the history, so it does not change when α is changed after the run)."""
    rates = np.asarray(history["learning_rate"], dtype=float)[1:]
    used = []
    for a in rates[np.isfinite(rates)]:
        if not used or a != used[-1]:
            used.append(float(a))
    alphas = " → ".join(f"{a:g}" for a in used[:4]) + (" → …" if len(used) > 4 else "")
    first, t = int(history["iteration"][0]), int(history["iteration"][-1])
    text = f"{dataset} · n_h = {n_h} · g = {get_activation(activation).label} · iterations {first:,} → {t:,}"
    return text + (f" · α = {alphas}" if alphas else "")


def replay_figure(snapshots, history: dict, data, activation: str, *, title: str | None = None,
                  max_frames: int = MAX_FRAMES, resolution: int = GRID, log_cost: bool = False,
                  frame_ms: int = FRAME_MS, height: int = 640) -> dict:
    """The recorded snapshots as a Plotly animation that plays in the browser alone, as a
    figure dict with ``frames``.

    Left: A2 over the plane with the 0.5 contour and the points; right: the cost and
    accuracy curves with a marker at the frame's iteration. At most ``max_frames`` frames
    (evenly chosen among the snapshots, first and last included), each holding only what
    changes: the two ``resolution`` × ``resolution`` uint8 grids and the cursors' x and y;
    a play/pause button and a slider. Starts at the first frame.
    """
    _require_plane(data)
    o = int(history["iteration"][0])  # snapshots count rows from 0; the history from the run's start
    chosen = [snapshots[i] for i in pick_frames([s.iteration for s in snapshots], max_frames)]
    grids = [probability_grid(s.params, data.X, activation, resolution) for s in chosen]
    # the plane spans both rows on the left (axes x, y); cost top right (x2, y2), accuracy below
    # (x3, y3). The domains are make_subplots' for column widths 0.55 : 0.45, spacing 0.12 / 0.14.
    gap_x, gap_y = 0.12, 0.14
    plane_x = [0.0, (1 - gap_x) * 0.55]
    curve_x = [plane_x[1] + gap_x, 1.0]
    cost_y, acc_y = [(1 + gap_y) / 2, 1.0], [0.0, (1 - gap_y) / 2]
    on_plane = dict(xaxis="x", yaxis="y")
    traces = [dict(probability_heatmap(grids[0], colorbar_x=0.495), **on_plane),
              dict(boundary_contour(grids[0]), **on_plane),
              *(dict(trace, **on_plane) for trace in point_traces(data)),
              *curve_traces(history, ("x2", "y2"), ("x3", "y3"))]
    cursors = []  # (trace index, the curves its markers sit on)
    for (xa, ya), names in ((("x2", "y2"), ("train_cost", "test_cost")), (("x3", "y3"), ("train_acc", "test_acc"))):
        series = [history[n] for n in names]
        cursors.append((len(traces), series))
        traces.append(dict(cursor_trace(series, o + chosen[0].iteration, ya == "y2", o), xaxis=xa, yaxis=ya))

    names = [str(o + s.iteration) for s in chosen]
    plane_xaxis, plane_yaxis = _plane_axes()
    t_last = int(history["iteration"][-1])
    iterations = [o, max(t_last, o + 1)]
    layout = styled_layout(
        title=title, height=height,
        xaxis=dict(plane_xaxis, anchor="y", domain=plane_x),
        yaxis=dict(plane_yaxis, anchor="x", domain=[0.0, 1.0]),
        xaxis2=dict(anchor="y2", domain=curve_x, range=iterations, showticklabels=False),  # same axis as below
        yaxis2=dict(anchor="x2", domain=cost_y, **cost_axis(log_cost)),
        xaxis3=dict(anchor="y3", domain=curve_x, range=list(iterations), title=dict(text="iteration")),
        yaxis3=dict(anchor="x3", domain=acc_y, **ACCURACY_AXIS),
        # the panel titles where make_subplots puts them, in the size of the app's other titles
        annotations=[_panel_title("A2 over the plane, boundary A2 = 0.5", sum(plane_x) / 2, 1.0),
                     _panel_title("Cost J", sum(curve_x) / 2, cost_y[1]),
                     _panel_title("Accuracy", sum(curve_x) / 2, acc_y[1])],
        updatemenus=[_play_buttons(frame_ms)], sliders=[_frame_slider(names)],
        # below the plots, top to bottom: axis titles, play buttons and slider, legend
        legend=dict(orientation="h", y=-0.34, yanchor="top", x=0),
        margin=dict(l=50, r=20, t=70 if title else 40, b=170),
    )
    # frames hold only what changes (z, the cursors' x and y); plotly merges the rest from the traces
    frames = [
        dict(
            name=name,
            data=[dict(type="heatmap", z=typed_array(grid.P)), dict(type="contour", z=typed_array(grid.boundary)),
                  *(_cursor_points(series, o + s.iteration, o) for _, series in cursors)],
            traces=[0, 1, *(i for i, _ in cursors)],
        )
        for name, s, grid in zip(names, chosen, grids, strict=True)
    ]
    return figure(traces, layout, frames)


def _panel_title(text: str, x: float, y: float) -> dict:
    """A panel title as make_subplots writes it (centred above the panel), at font size 13."""
    return dict(text=text, x=x, y=y, xref="paper", yref="paper", xanchor="center", yanchor="bottom",
                showarrow=False, font=dict(size=13))


def _animate_args(frame_ms: int, redraw: bool = True) -> dict:
    return {"frame": {"duration": frame_ms, "redraw": redraw}, "mode": "immediate",
            "transition": {"duration": 0}}


def _play_buttons(frame_ms: int) -> dict:
    return dict(
        type="buttons", direction="left", showactive=False, x=0, y=-0.12, xanchor="left", yanchor="top",
        pad=dict(t=28, r=10),
        buttons=[
            dict(label="▶ Play", method="animate", args=[None, {**_animate_args(frame_ms), "fromcurrent": True}]),
            dict(label="❚❚ Pause", method="animate", args=[[None], _animate_args(0, redraw=False)]),
        ],
    )


def _frame_slider(names) -> dict:
    return dict(
        active=0, x=0.2, len=0.8, y=-0.12, yanchor="top", pad=dict(t=20),
        currentvalue=dict(prefix="iteration ", font=dict(size=13, color=FONT["color"])),
        font=dict(color="rgba(0,0,0,0)"),  # 60 step labels would overlap; the current value says it
        ticklen=3, minorticklen=0,
        steps=[dict(label=name, method="animate", args=[[name], _animate_args(0)]) for name in names],
    )


# -- frames for the live player (patches of the figures above) -------------------------
def boundary_patch(params: dict, data, activation: str, iteration: int, *, resolution: int = GRID) -> dict:
    """What changes in :func:`boundary_figure` from one iteration to the next, as a Plotly frame
    (``data`` merged into ``traces``): the A2 grid and the 0.5 contour's grid (both uint8
    (resolution, resolution)), and the title's iteration."""
    grid = probability_grid(params, data.X, activation, resolution)
    return {"data": [{"z": typed_array(grid.P)}, {"z": typed_array(grid.boundary)}], "traces": [0, 1],
            "layout": {"title": {"text": f"Decision boundary at iteration {iteration:,}"}}}


def units_patch(params: dict, data, activation: str, *, resolution: int = THUMB_GRID) -> dict:
    """What changes in :func:`hidden_units_figure`: each unit's uint8 grid (resolution, resolution),
    the shared colour range's tick labels, and the title texts with W2[k] (merged into the
    annotations one by one)."""
    _, _, _, H = decision_surface(params, data.X, activation, resolution)
    lo, hi, _ = unit_range(activation, H)
    w2 = np.asarray(params["W2"], dtype=float).ravel()
    patches = [{"z": typed_array(quantize(h, lo, hi))} for h in H]
    patches[0]["colorbar"] = {"ticktext": [f"{lo:.3g}", f"{(lo + hi) / 2:.3g}", f"{hi:.3g}"]}
    return {"data": patches, "traces": list(range(len(H))),
            "layout": {"annotations": [{"text": _unit_title(k, w2[k], len(H))} for k in range(len(H))]}}


def trace_index(fig: dict) -> dict:
    """``meta`` name → index of the figure's traces that carry one (curves and cursors), and
    "#shapes": how many shapes the layout has (a frame's patch must list as many)."""
    index = {t["meta"]: i for i, t in enumerate(fig["data"]) if "meta" in t}
    index["#shapes"] = len(fig.get("layout", {}).get("shapes", []))
    return index


def curves_patch(history: dict, start: int, stop: int, index: dict, baseline: float | None = None) -> dict:
    """The curves' points of iterations start+1 … stop appended (``extend``, finite values only,
    rounded to 5 significant digits), and the cursor markers and lines moved to ``stop``.
    ``index`` is :func:`trace_index` of the figure being patched; ``history`` may begin at any
    iteration up to ``start`` (a frame needs only its own)."""
    o = int(history["iteration"][0])
    extend = {}
    for name in ("train_cost", "test_cost", "train_acc", "test_acc"):
        if name not in index:
            continue
        x, y = _finite(np.arange(start + 1, stop + 1), np.asarray(history[name])[start + 1 - o:stop + 1 - o])
        if len(x):
            extend[index[name]] = {"x": x.tolist(), "y": [float(f"{v:.5g}") for v in y]}
    if "baseline" in index and baseline is not None and stop > start:
        extend[index["baseline"]] = {"x": [stop], "y": [float(baseline)]}
    data, traces = [], []
    for axis, names in (("y", ("train_cost", "test_cost")), ("y2", ("train_acc", "test_acc"))):
        if f"cursor_{axis}" in index:
            ys = [v for v in (_value(history[n], stop - o) for n in names) if v is not None]
            data.append({"x": [stop] * len(ys), "y": ys, "name": f"iteration {stop:,}"})
            traces.append(index[f"cursor_{axis}"])
    # the cursor lines' positions only, merged into the base's shapes one by one (the marks after
    # them get empty patches: a list of another length would replace the base's list)
    marks = max(0, int(index.get("#shapes", 2)) - 2)
    return {"data": data, "traces": traces, "extend": extend,
            "layout": {"shapes": [{"x0": stop, "x1": stop}] * 2 + [{}] * marks}}
