"""Figures of the Mini-batch page: the four runs' cost curves (each step's batch cost and the whole
training set's cost at each epoch's end) and their final decision boundaries.

Pure functions from :class:`shallownet.minibatch.BatchRun` lists to figure dicts (see :mod:`.style`).
"""

from __future__ import annotations

import numpy as np

from ..datasets import Dataset
from ..formatting import number_text
from ..minibatch import BatchRun, batch_label
from ..sweeps import percent
from .experiments_view import Panel, boundary_panels
from .style import figure, log_ticks, merged, styled_layout, subplot_grid

RUN_COLORS = ("#262730", "#0072B2", "#009E73", "#D55E00")  # full, 64, 8, 1: dark to bright
NOISE_OPACITY = 0.45


def _color(i: int) -> str:
    return RUN_COLORS[i % len(RUN_COLORS)]


def _top(runs: list[BatchRun]) -> float:
    """The cost axis' top: every whole-set cost shows; a batch spike far above it is cut off."""
    epoch_top = max(float(np.nanmax(r.epoch_cost)) for r in runs)
    batch_top = max((float(np.max(r.batch_cost)) for r in runs if r.batch_cost.size), default=0.0)
    return max(epoch_top * 1.15, min(batch_top * 1.05, max(2.0 * epoch_top, 1.0)))


def _grid_shape(n: int) -> tuple[int, int]:
    """Rows and columns of the small multiples: two columns (four panels side by side leave a
    phone about 80 px each, too narrow for their titles and captions)."""
    cols = min(n, 2)
    return -(-n // cols), cols


def noise_figure(runs: list[BatchRun], m_train: int, panel_height: int = 170) -> dict:
    """One panel per run (two columns), x in epochs: a thin line of every step's batch cost (at
    the parameters before the step) and dots of the whole training set's cost at each epoch's end."""
    n = len(runs)
    rows, cols = _grid_shape(n)
    gap = 40  # px between rows: the titles of the lower row (the x axes are shared, ticks below only)
    plot_h = rows * panel_height + (rows - 1) * gap
    grid, axes = subplot_grid(rows, cols, horizontal_spacing=0.04, vertical_spacing=gap / plot_h if rows > 1 else 0.0,
                              subplot_titles=[batch_label(r.batch_size, m_train) for r in runs])
    top = _top(runs)
    traces = []
    for i, r in enumerate(runs):
        xa, ya = axes[i // cols + 1, i % cols + 1]
        if not r.full_batch:
            traces.append(dict(
                type="scattergl" if r.batch_cost.size > 1000 else "scatter", xaxis=xa, yaxis=ya,
                x=r.step_epochs, y=r.batch_cost, mode="lines",
                line=dict(color=_color(i), width=1 if r.batch_cost.size < 500 else 0.6),
                opacity=NOISE_OPACITY if r.batch_cost.size < 500 else NOISE_OPACITY / 2,
                name="cost of each step's batch", legendgroup="batch",
                showlegend=not any(t.get("legendgroup") == "batch" for t in traces),
                hovertemplate="epoch %{x:.2f}<br>batch cost %{y:.3g}<extra>" + batch_label(r.batch_size) + "</extra>",
            ))
        traces.append(dict(
            type="scatter", xaxis=xa, yaxis=ya, x=r.epochs, y=r.epoch_cost, mode="lines+markers",
            line=dict(color=_color(i), width=2), marker=dict(size=6, color=_color(i)),
            name="whole training set, end of each epoch", legendgroup="epoch", showlegend=i == 0,
            hovertemplate="end of epoch %{x}<br>training-set cost J = %{y:.3g}<extra>"
                          + batch_label(r.batch_size) + "</extra>",
        ))
    last = max(float(r.epochs[-1]) for r in runs)
    for i in range(n):
        suffix = "" if i == 0 else str(i + 1)
        bottom, left = i // cols == rows - 1 or i + cols >= n, i % cols == 0
        x = dict(range=[0, max(last, 1)], showticklabels=bottom)
        x.update(dict(title=dict(text="epochs")) if bottom else {})
        if i:
            x["matches"] = "x"
        grid[f"xaxis{suffix}"] = merged(grid[f"xaxis{suffix}"], x)
        y = dict(range=[0, top], showticklabels=left)
        y.update(dict(title=dict(text="cost J" if rows > 1 else "cost J (cross-entropy)")) if left else {})
        if i:
            y["matches"] = "y"
        grid[f"yaxis{suffix}"] = merged(grid[f"yaxis{suffix}"], y)
    layout = styled_layout(height=int(plot_h + 75 + 45), **grid, margin=dict(l=60, r=10, t=75, b=45),
                           legend=dict(orientation="h", yanchor="bottom", y=1 + 34 / plot_h, xanchor="left", x=0))
    return figure(traces, layout)


def epoch_figure(runs: list[BatchRun], m_train: int, x: str = "epoch", height: int = 320) -> dict:
    """The whole training set's cost at each epoch's end, the four runs overlaid; ``x`` "epoch"
    (linear) or "step" (gradient-descent steps taken, log scale: the start, step 0, is left out)."""
    traces = []
    for i, r in enumerate(runs):
        steps = r.epochs * r.steps_per_epoch
        xs, ys = (r.epochs, r.epoch_cost) if x == "epoch" else (steps[1:], r.epoch_cost[1:])
        traces.append(dict(
            type="scatter", x=xs, y=ys, mode="lines+markers", name=batch_label(r.batch_size, m_train),
            line=dict(color=_color(i), width=2), marker=dict(size=6),
            customdata=np.stack([r.epochs, steps], axis=1)[(0 if x == "epoch" else 1):],
            hovertemplate="epoch %{customdata[0]} = step %{customdata[1]:,}<br>training-set cost J = %{y:.3g}"
                          "<extra>%{fullData.name}</extra>",
        ))
    # short titles: on a phone's 300-px plot the longer ones ran off the chart's right edge
    xaxis = dict(title=dict(text="epochs (passes over the training set)"), dtick=1 if _few(runs) else None)
    if x == "step":
        xaxis = dict(title=dict(text="steps taken (log scale)"), type="log",
                     tickvals=log_ticks([(r.epochs * r.steps_per_epoch)[1:] for r in runs]))
    layout = styled_layout(height=height, xaxis=xaxis,
                           yaxis=dict(title=dict(text="training-set cost J"), rangemode="tozero"),
                           margin=dict(l=60, r=10, t=30, b=45), legend=dict(orientation="h", y=1.12, x=0))
    return figure(traces, layout)


def _few(runs: list[BatchRun]) -> bool:
    return max(float(r.epochs[-1]) for r in runs) <= 12


def boundaries_figure(runs: list[BatchRun], data: Dataset, m_train: int) -> dict:
    """The final decision boundaries in a 2 × 2 grid, the training-set cost and the test accuracy
    under each (centred under its panel, so neighbouring captions never meet)."""
    panels = []
    for r in runs:
        caption = f"J = {number_text(float(r.epoch_cost[-1]), '.3g')} · test {percent(r.test_acc)}"
        if r.divergence:
            caption += "<br>stopped (diverged)"
        panels.append(Panel(batch_label(r.batch_size, m_train), caption, r.boundary))
    fig = boundary_panels(panels, data, columns=_grid_shape(len(panels))[1], width_hint=820, max_panel_height=240)
    for a in fig["layout"].get("annotations", []):
        a["xanchor"] = "center"  # paper-placed text is otherwise left- or right-anchored near the edges
    return fig
