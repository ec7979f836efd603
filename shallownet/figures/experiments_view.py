"""Figures of the Experiments page: small-multiple decision boundaries, cost curves per
learning rate, the linear baseline beside the network, and a preview of uploaded data.

Pure functions from :mod:`shallownet.sweeps` results (and a Dataset) to figure dicts in
Plotly's JSON schema (see :mod:`.style`): no graph objects, no ``make_subplots``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..datasets import Dataset
from ..sweeps import Baseline, Boundary, NetworkRun, RateRun, percent, thin_indices
from .gradients_view import legend_under_title
from .style import (
    BAD,
    CLASS_NAMES,
    FONT,
    GOOD,
    NEUTRAL,
    PROBABILITY_SCALE,
    class_groups,
    figure,
    line_colors,
    merged,
    point_marker,
    styled_layout,
    subplot_grid,
)

POINT_BUDGET = 3000  # data points drawn per figure, shared by its panels: 5000-row uploads stay light
MIN_POINTS_PER_PANEL = 400
BOUNDARY_COLOR = "#262730"


@dataclass(frozen=True)
class Panel:
    """One small multiple: a title above, a caption below, a boundary (or None: points only)."""

    title: str
    caption: str
    boundary: Boundary | None


def points_per_panel(n_panels: int) -> int:
    return max(MIN_POINTS_PER_PANEL, POINT_BUDGET // max(n_panels, 1))


def _points(data: Dataset, axes: tuple[str, str], show_legend: bool, cap: int) -> list[dict]:
    """Scatter traces on the subplot ``axes`` (e.g. ``("x2", "y2")``): train points (filled)
    and test points (open) of both classes, in the class colours; at most ``cap`` in all,
    each group thinned in proportion to its size. x and y are float32 arrays (k,)."""
    m = data.X_train.shape[1] + data.X_test.shape[1]
    traces = []
    for split, k, X, cols in class_groups(data):
        cols = cols[thin_indices(len(cols), cap * len(cols) // max(m, 1))]  # same data, same plot
        traces.append(dict(  # float32: half the JSON, far finer than a pixel
            type="scatter", xaxis=axes[0], yaxis=axes[1],
            x=X[0, cols].astype(np.float32), y=X[1, cols].astype(np.float32), mode="markers",
            name=f"{CLASS_NAMES[k]} ({split})",
            legendgroup=f"{split}{k}", showlegend=show_legend,
            marker=point_marker(split, k, test_width=0.8),  # small multiples: a thinner rim
            hovertemplate=f"{CLASS_NAMES[k]} ({split})<br>x1 = %{{x:.2f}}<br>x2 = %{{y:.2f}}<extra></extra>",
        ))
    return traces


def _surface(b: Boundary, axes: tuple[str, str]) -> list[dict]:
    """The probability shading of ``b`` (xs (N,), ys (N,), P (N, N)) on the subplot ``axes``,
    and the P = 0.5 contour when both classes occur."""
    traces = [dict(
        type="heatmap", xaxis=axes[0], yaxis=axes[1],
        x=b.xs, y=b.ys, z=b.P, zmin=0, zmax=1, colorscale=PROBABILITY_SCALE, showscale=False,
        zsmooth="best", opacity=0.75,
        hovertemplate="x1 = %{x:.2f}<br>x2 = %{y:.2f}<br>P(class 1) = %{z:.2f}<extra></extra>",
    )]
    if np.nanmin(b.P) < 0.5 < np.nanmax(b.P):  # a 0.5 line exists only if both sides do
        traces.append(dict(
            type="contour", xaxis=axes[0], yaxis=axes[1],
            x=b.xs, y=b.ys, z=b.P, showscale=False, hoverinfo="skip", showlegend=False,
            contours=dict(start=0.5, end=0.5, size=1, coloring="none"),
            line=dict(color=BOUNDARY_COLOR, width=2),
        ))
    return traces


def boundary_panels(panels: list[Panel], data: Dataset, *, columns: int = 4, width_hint: int = 1000,
                    max_panel_height: int = 420, title: str | None = None) -> dict:
    """A grid of panels, one per entry of ``panels``: the probability of class 1 as shading
    (blue 0 → white 0.5 → orange 1), the decision boundary P = 0.5 as a dark line, the data
    on top, the title above and the caption below each panel.

    Panel heights follow the data's aspect ratio for a chart about ``width_hint`` pixels wide,
    so a circle looks round in a wide page. Returns a figure dict; per panel, in order: a
    heatmap and a contour (when it has a boundary) and four scatter traces (class 0 / 1 of
    train, then of test).
    """
    n = len(panels)
    columns = max(1, min(columns, n))
    rows = -(-n // columns)
    ranges = [_ranges(p.boundary, data) for p in panels]
    (x0, x1), (y0, y1) = ranges[0]
    aspect = (y1 - y0) / (x1 - x0) if x1 > x0 else 1.0
    panel_h = float(np.clip(width_hint / columns * 0.92 * aspect, 150, max_panel_height))
    gap = 80  # px between rows: the caption of one row and the title of the next
    plot_h = rows * panel_h + (rows - 1) * gap
    grid, axes = subplot_grid(rows, columns, subplot_titles=[p.title for p in panels],
                              horizontal_spacing=0.03, vertical_spacing=gap / plot_h if rows > 1 else 0.0)
    traces = []
    for i, p in enumerate(panels):
        r, c = divmod(i, columns)
        cell = axes[r + 1, c + 1]
        if p.boundary is not None:
            traces += _surface(p.boundary, cell)
        traces += _points(data, cell, show_legend=i == 0, cap=points_per_panel(n))
    annotations = list(grid.get("annotations", []))
    for i, (p, (xr, yr)) in enumerate(zip(panels, ranges, strict=True)):
        suffix = "" if i == 0 else str(i + 1)
        # no axis lines: Streamlit's chart theme offsets them from the plot area
        axis = dict(showticklabels=False, showgrid=False, zeroline=False, showline=False, ticks="")
        grid[f"xaxis{suffix}"] = merged(grid[f"xaxis{suffix}"], dict(range=list(xr), **axis))
        grid[f"yaxis{suffix}"] = merged(grid[f"yaxis{suffix}"], dict(range=list(yr), **axis))
        if p.caption:
            xd, yd = grid[f"xaxis{suffix}"]["domain"], grid[f"yaxis{suffix}"]["domain"]
            annotations.append(dict(text=p.caption, xref="paper", yref="paper", x=(xd[0] + xd[1]) / 2,
                                    y=yd[0], yshift=-6, yanchor="top", showarrow=False,
                                    font=dict(size=12, color=FONT["color"])))
    if annotations:
        grid["annotations"] = annotations
    top = 95 if title else 70
    layout = styled_layout(
        title=title, height=int(plot_h + top + 50), **grid,
        margin=dict(l=10, r=10, t=top, b=50),
        legend=dict(orientation="h", yanchor="bottom", y=1 + 32 / plot_h, xanchor="left", x=0),
    )
    return figure(traces, layout)


def _ranges(b: Boundary | None, data: Dataset):
    """The (x, y) ranges of a panel: the boundary's grid, or the data plus 15 % padding."""
    if b is not None:
        return (float(b.xs[0]), float(b.xs[-1])), (float(b.ys[0]), float(b.ys[-1]))
    X = data.X
    lo, hi = X.min(axis=1), X.max(axis=1)
    pad = 0.15 * np.where(hi > lo, hi - lo, 1.0)
    return (float(lo[0] - pad[0]), float(hi[0] + pad[0])), (float(lo[1] - pad[1]), float(hi[1] + pad[1]))


# -- the hidden-layer sweep ------------------------------------------------------------
def run_caption(run: NetworkRun) -> str:
    text = f"train {percent(run.train_acc)}<br>test {percent(run.test_acc)}"
    if run.divergence:
        text += f"<br><span style='color:{BAD}'>diverged at step {run.iterations + 1}</span>"
    return text


def hidden_size_figure(runs: list[NetworkRun], data: Dataset, columns: int = 4) -> dict:
    """One panel per hidden-layer size with train and test accuracy under it."""
    panels = [Panel(f"n_h = {r.n_h}", run_caption(r), r.boundary) for r in runs]
    return boundary_panels(panels, data, columns=columns)


def accuracy_by_size_figure(runs: list[NetworkRun]) -> dict:
    """Train and test accuracy against the number of hidden units: a widening gap is over-fitting.

    A figure dict: two line traces (train, test) over the sizes as categories.
    """
    labels = [str(r.n_h) for r in runs]  # categorical axis: 1 … 5 and 50 evenly spaced
    traces = [dict(
        type="scatter", x=labels, y=[100 * v for v in values], name=f"{name} accuracy", mode="lines+markers",
        line=dict(color=color, dash=dash, width=2), marker=dict(size=8),
        hovertemplate=f"n_h = %{{x}}<br>{name} accuracy %{{y:.1f}}%<extra></extra>",
    ) for name, values, color, dash in (("train", [r.train_acc for r in runs], NEUTRAL, "solid"),
                                        ("test", [r.test_acc for r in runs], GOOD, "dash"))]
    layout = styled_layout(
        title="Accuracy by hidden-layer size", height=330,
        xaxis=dict(title=dict(text="hidden units n_h"), type="category"),
        yaxis=dict(title=dict(text="accuracy (%)"),
                   range=[min(45, *(100 * min(r.train_acc, r.test_acc) - 5 for r in runs)), 102]),
    )
    # the legend on its own line under the title: at the title's right it ran into the title on a
    # phone and sat under Plotly's toolbar on a projector
    return legend_under_title(figure(traces, layout), 330)


# -- the learning-rate sweep -----------------------------------------------------------
def rate_colors(n: int) -> list[str]:
    """n colours, one per learning rate in order: neighbouring rates in clearly different colours
    (a sequential scale made 0.01 and 0.1 the same dark purple), all readable on white."""
    return line_colors(n)


def rate_figure(runs: list[RateRun]) -> dict:
    """Training cost against iteration, one line per learning rate (log scale: the cost spans
    decades). A diverged run ends at its last finite step with a red ✕ and a label, and says
    so in the legend: the non-finite values are never plotted.

    A figure dict: per run, a line trace (its iterations (k,) and cost (k,)), followed for a
    diverged run by a one-point marker trace.
    """
    traces, annotations = [], []
    for run, color in zip(runs, rate_colors(len(runs)), strict=True):
        name = f"α = {run.learning_rate:g}"
        if run.diverged_at is not None:
            name += f" — diverged at step {run.diverged_at}"
        traces.append(dict(
            type="scatter", x=run.iterations, y=run.cost, name=name, mode="lines", legendgroup=name,
            line=dict(color=color, width=2.5, dash="dot" if run.diverged_at is not None else "solid"),
            hovertemplate=f"α = {run.learning_rate:g}<br>step %{{x}}<br>cost %{{y:.4g}}<extra></extra>",
        ))
        if run.diverged_at is not None:
            x, y = float(run.iterations[-1]), float(run.cost[-1])
            traces.append(dict(
                type="scatter", x=[x], y=[y], mode="markers", legendgroup=name, showlegend=False,
                marker=dict(symbol="x", size=13, color=BAD, line=dict(width=1, color="white")),
                hovertemplate=(f"α = {run.learning_rate:g} diverged at step {run.diverged_at}:<br>"
                               f"{run.reason}<br>last finite cost %{{y:.4g}} at step %{{x}}<extra></extra>"),
            ))
            annotations.append(dict(  # staggered, so several diverged runs don't overprint
                x=x, y=float(np.log10(y)), text=f"α = {run.learning_rate:g} diverged at step {run.diverged_at}",
                showarrow=True, arrowhead=0, arrowcolor=BAD, ax=70, ay=28 + 26 * len(annotations),
                font=dict(color=BAD, size=12), bgcolor="rgba(255,255,255,0.85)", xanchor="left",
            ))
    layout = styled_layout(
        title="Training cost J for each learning rate α", height=480,
        # the legend under the chart, in rows: beside it, it left a phone's plot 100 px wide and
        # the "diverged" label ran into it
        legend=dict(orientation="h", yref="container", y=0, yanchor="bottom", x=0, xanchor="left"),
        margin=dict(r=20, b=130),
        xaxis=dict(title=dict(text="iteration"), rangemode="tozero"),
        yaxis=dict(title=dict(text="cost J (log scale)"), type="log", **_decade_ticks(runs)),
    )
    if annotations:
        layout["annotations"] = annotations
    return figure(traces, layout)


def _decade_ticks(runs: list[RateRun]) -> dict:
    """Log-axis ticks labelled as plain numbers (1, 0.1, 0.01 …): whole powers of ten when the
    costs span more than three decades, else 1-2-5 steps so a short range still gets labels."""
    costs = np.concatenate([r.cost for r in runs]) if runs else np.array([])
    costs = costs[np.isfinite(costs) & (costs > 0)]
    if costs.size == 0:
        return {}
    lo, hi = int(np.floor(np.log10(costs.min()))), int(np.ceil(np.log10(costs.max())))
    steps = (1,) if hi - lo > 3 else (1, 2, 5)
    values = [m * 10.0 ** k for k in range(lo, hi + 1) for m in steps]
    values = [v for v in values if costs.min() / 1.5 <= v <= costs.max() * 1.5]
    return dict(tickvals=values, ticktext=[f"{v:g}" for v in values])


# -- baseline, upload preview, loaded model --------------------------------------------
def baseline_figure(baseline: Baseline, network: NetworkRun, data: Dataset) -> dict:
    """Logistic regression (a straight boundary) beside the network with a hidden layer."""
    panels = [
        Panel("Logistic regression (no hidden layer)",
              f"train {percent(baseline.train_acc)}<br>test {percent(baseline.test_acc)}", baseline.boundary),
        Panel(f"Network with n_h = {network.n_h} hidden units ({network.activation})",
              run_caption(network), network.boundary),
    ]
    return boundary_panels(panels, data, columns=2)


def data_figure(data: Dataset, title: str = "The data in use", boundary: Boundary | None = None,
                caption: str = "") -> dict:
    """One panel: the data (and a decision surface when given)."""
    return boundary_panels([Panel(title, caption, boundary)], data, columns=1, width_hint=640)
