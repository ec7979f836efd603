"""Figures of the Gradients page: gradient norms over training, gradient heatmaps at one
iteration, and the comparisons of activations, initial scales and the all-zero start.

Pure functions from engine data (trainer history, snapshots, :mod:`shallownet.comparisons`)
to figure dicts in Plotly's JSON schema (see :mod:`.style`); nothing here trains, builds
graph objects or imports streamlit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..activations import ACTIVATIONS
from ..comparisons import SATURATED_BELOW, Curve, Run, ScaleResult, ZeroInitResult, stall_word
from ..formatting import shape_text
from ..sweeps import thin_indices
from .style import ACCENT, BAD, DIVERGING_SCALE, NEUTRAL, figure, log_ticks, merged, styled_layout, subplot_grid

# four lines, four colours (blue and orange stay the classes'); weights solid, biases dashed
NORM_STYLES = {
    "norm_dW1": ("‖dW1‖", "#009E73", "solid"),
    "norm_db1": ("‖db1‖", "#56B4E9", "dash"),
    "norm_dW2": ("‖dW2‖", "#882255", "solid"),
    "norm_db2": ("‖db2‖", "#D55E00", "dash"),
}
ACTIVATION_COLORS = {"sigmoid": "#882255", "tanh": "#009E73", "relu": "#D55E00", "leaky_relu": "#56B4E9"}
SCALE_COLORS = ("#56B4E9", "#009E73", "#D55E00", "#882255", "#E69F00")  # up to five starts side by side
MAX_POINTS = 2000  # longest line sent to the browser; longer histories are thinned evenly
THUMBNAIL_UNITS = 8  # hidden units shown per start in the zero-init comparison


def legend_under_title(fig: dict, height: int, *, top: int = 78) -> dict:
    """Title on the first line, legend on the second, both above the plot (and above any
    subplot titles), so neither covers the other. Positions in pixels of the container.

    ``fig`` is a figure dict; returns a new one with the layout changed (``fig`` is kept)."""
    return {**fig, "layout": merged(fig["layout"], dict(
        margin=dict(t=top),
        title=dict(y=1 - 8 / height, yanchor="top", yref="container"),
        legend=dict(orientation="h", yref="container", y=1 - 34 / height, yanchor="top", x=0, xanchor="left"),
    ))}


def _positive(x, y, log_y: bool):
    """On a log axis a zero norm has no place: leave those points out (never NaN). Nothing
    left gives empty lists (an empty array has no typed-array form to be sent as)."""
    x, y = np.asarray(x), np.asarray(y, float)
    keep = np.isfinite(y) & ((y > 0) if log_y else True)
    if not keep.any():
        return [], []
    return x[keep], y[keep]


def _each_axis(layout: dict, letter: str, settings: dict) -> dict:
    """``settings`` merged into every ``xaxis*`` (letter "x") or ``yaxis*`` entry of ``layout``,
    as ``fig.update_xaxes(...)`` / ``update_yaxes`` do on a subplot grid."""
    prefix = f"{letter}axis"
    return {k: merged(v, settings) if k.startswith(prefix) else v for k, v in layout.items()}


def _axis_key(name: str) -> str:
    """Layout key of the axis a trace names: "x" → "xaxis", "y2" → "yaxis2"."""
    return f"{name[0]}axis{name[1:]}"


def norms_figure(history: dict, *, selected: int | None = None, log_y: bool = True,
                 height: int = 380) -> dict:
    """‖dW1‖, ‖db1‖, ‖dW2‖, ‖db2‖ (Frobenius norms) against the iteration, with a cursor line
    at ``selected``. ``history`` holds arrays (t + 1,) as ``Trainer.history()`` returns them;
    each line has at most :data:`MAX_POINTS` points (x, y each (≤ MAX_POINTS,))."""
    it = np.asarray(history["iteration"])
    idx = thin_indices(len(it), MAX_POINTS)
    data = []
    for key, (label, color, dash) in NORM_STYLES.items():
        x, y = _positive(it[idx], np.asarray(history[key])[idx], log_y)
        data.append(dict(type="scatter", x=x, y=y, mode="lines", name=label,
                         line=dict(color=color, dash=dash, width=2),
                         hovertemplate=f"iteration %{{x}}<br>{label} = %{{y:.3g}}<extra></extra>"))
    layout = dict(
        xaxis=dict(title=dict(text="iteration")),
        yaxis=dict(title=dict(text="gradient norm" + (" (log scale)" if log_y else "")),
                   type="log" if log_y else "linear", exponentformat="power"),
        uirevision="grad.norms",
    )
    if selected is not None:  # what fig.add_vline(..., annotation_position="top right") writes
        layout["shapes"] = [dict(type="line", x0=selected, x1=selected, xref="x", y0=0, y1=1, yref="y domain",
                                 line=dict(color=ACCENT, width=2))]
        layout["annotations"] = [dict(text=f"iteration {selected}", showarrow=False, x=selected, xref="x",
                                      xanchor="left", y=1, yref="y domain", yanchor="top")]
    fig = figure(data, styled_layout(title="How large the gradients are, step by step", height=height, **layout))
    return legend_under_title(fig, height)


def _symmetric_range(*arrays) -> float:
    top = max((float(np.abs(a).max(initial=0.0)) for a in arrays), default=0.0)
    return top if top > 0 else 1.0


# The narrowest widths at which the side-by-side charts (two subplots) and the histograms (per
# panel) keep their titles and tick labels apart; narrower (a phone) they keep this width and
# scroll sideways
PAIR_MIN_PX, PANEL_MIN_PX = 560, 190

# dW2 is one row of n_h cells beside the norms chart (about 330 px): from 5 cells on, the
# numbers "9.42e-4" overlap their neighbours, so only the colours are drawn (the hover has them)
DW2_LABELLED_UP_TO = 4  # at 14 px "−1.31e-3" is ~55 px: four cells hold it on a phone's 390 px


def gradient_heatmaps(grads: dict, iteration: int, *, height: int = 400) -> dict:
    """Heatmaps of dW1 (n_h, n_x) above dW2 (1, n_h) at one iteration; white is 0, each has its
    own colour range symmetric around 0 (the two often differ by orders of magnitude)."""
    dW1, dW2 = np.asarray(grads["dW1"], float), np.asarray(grads["dW2"], float)
    n_h, n_x = dW1.shape
    layout, axes = subplot_grid(
        rows=2, cols=1, row_heights=[0.72, 0.28], vertical_spacing=0.2,
        # short titles (the tick labels name the units and inputs): the longer ones ran off a
        # 440-px chart at 16 px and into the Plotly toolbar
        subplot_titles=(f"dW1  ({shape_text(dW1.shape)})", f"dW2  ({shape_text(dW2.shape)})"),
    )
    panels = (
        (dW1, [f"unit {i + 1}" for i in range(n_h)], [f"x{k + 1}" for k in range(n_x)], n_h <= 10),
        (dW2, ["output"], [f"unit {i + 1}" for i in range(n_h)], n_h <= DW2_LABELLED_UP_TO),
    )
    data = []
    for row, (M, rows, cols, annotate) in enumerate(panels, start=1):
        r = _symmetric_range(M)
        xa, ya = axes[(row, 1)]
        domain = layout[_axis_key(ya)]["domain"]
        trace = dict(
            type="heatmap", z=M, x=cols, y=rows, zmin=-r, zmax=r, zmid=0, colorscale=DIVERGING_SCALE,
            xgap=1, ygap=1, textfont=dict(size=14),  # the charts' floor (readable() leaves heat maps as set)
            colorbar=dict(y=(domain[0] + domain[1]) / 2, len=domain[1] - domain[0], thickness=12,
                          exponentformat="power", tickfont=dict(size=14), nticks=5 if row == 1 else 3),
            hovertemplate="%{y}, %{x}: %{z:.3g}<extra></extra>", xaxis=xa, yaxis=ya,
        )
        if annotate:
            trace["texttemplate"] = "%{z:.1e}"  # two digits: a phone's cells hold "−1.5e-3" at 14 px
        data.append(trace)
        layout[_axis_key(ya)]["autorange"] = "reversed"
    layout["annotations"] = [merged(a, dict(font=dict(size=12), x=0, xanchor="left")) for a in layout["annotations"]]
    layout["uirevision"] = "grad.heatmaps"
    return figure(data, styled_layout(title=f"The gradients at iteration {iteration}", height=height,
                                      margin=dict(t=64), **layout))  # dW1's title clear of the chart's


# -- activation comparison ---------------------------------------------------------
def activation_curves_figure(curves: dict[str, Curve], *, height: int = 290) -> dict:
    """g (solid) and g′ (dotted) of each activation, one panel each (z, g, g′ all (k,)); the
    shaded band is where |g′| < 0.01: almost no gradient passes back (σ and tanh: saturated;
    ReLU for z ≤ 0: inactive)."""
    names = list(curves)
    layout, axes = subplot_grid(rows=1, cols=len(names), horizontal_spacing=0.05,
                                subplot_titles=[ACTIVATIONS[n].label for n in names])
    data, shapes = [], []
    for col, name in enumerate(names, start=1):
        c = curves[name]
        color = ACTIVATION_COLORS.get(name, NEUTRAL)
        xa, ya = axes[(1, col)]
        data.append(dict(type="scatter", x=c.z, y=c.g, mode="lines", name="g(z)", legendgroup="g",
                         showlegend=col == 1, line=dict(color=color, width=2), xaxis=xa, yaxis=ya,
                         hovertemplate="z = %{x:.2f}<br>g = %{y:.3f}<extra></extra>"))
        data.append(dict(type="scatter", x=c.z, y=c.gprime, mode="lines", name="g′(z)", legendgroup="gp",
                         showlegend=col == 1, line=dict(color=color, width=2, dash="dot"), xaxis=xa, yaxis=ya,
                         hovertemplate="z = %{x:.2f}<br>g′ = %{y:.3f}<extra></extra>"))
        for lo, hi in _runs(c.z, c.saturated):  # what fig.add_vrect(..., row=1, col=col) writes
            shapes.append(dict(type="rect", x0=lo, x1=hi, xref=xa, y0=0, y1=1, yref=f"{ya} domain",
                               fillcolor=BAD, opacity=0.12, line=dict(width=0), layer="below"))
        layout[_axis_key(ya)].update(range=[-1.15, 1.6], showticklabels=col == 1)
        layout[_axis_key(xa)]["title"] = dict(text="z")
    if shapes:
        layout["shapes"] = shapes
    layout["uirevision"] = "grad.curves"
    fig = figure(data, styled_layout(title="Each activation g (solid) and its derivative g′ (dotted)",
                                     height=height, **layout))
    return legend_under_title(fig, height)


def _runs(z, mask):
    """Contiguous stretches of z where mask is True, as (start, end) pairs."""
    out, start = [], None
    for zi, m in zip(z, mask, strict=True):
        if m and start is None:
            start = zi
        if not m and start is not None:
            out.append((start, zi))
            start = None
    if start is not None:
        out.append((start, z[-1]))
    return out


def comparison_figure(runs: dict[str, Run] | list, *, labels: list[str] | None = None,
                      colors: list[str] | None = None, title: str = "Same data, same seed, side by side",
                      height: int = 380, log_cost: bool = False) -> dict:
    """Training cost (left; on a log axis with ``log_cost``, when one run starts far above the
    rest) and ‖dW1‖ on a log scale (right) of several runs side by side, each run's history
    arrays (t + 1,) drawn as they are."""
    runs = list(runs.values()) if isinstance(runs, dict) else list(runs)
    labels = labels or [ACTIVATIONS[r.activation].label for r in runs]
    colors = colors or [ACTIVATION_COLORS.get(r.activation, NEUTRAL) for r in runs]
    layout, axes = subplot_grid(rows=1, cols=2, horizontal_spacing=0.1,
                                subplot_titles=("training cost J" + (" (log scale)" if log_cost else ""),
                                                "‖dW1‖ (log scale)"))
    (x1, y1), (x2, y2) = axes[(1, 1)], axes[(1, 2)]
    data = []
    for run, label, color in zip(runs, labels, colors, strict=True):
        h = run.history
        it = np.asarray(h["iteration"])
        data.append(dict(type="scatter", x=it, y=h["train_cost"], mode="lines", name=label, legendgroup=label,
                         line=dict(color=color, width=2), xaxis=x1, yaxis=y1,
                         hovertemplate=f"{label}<br>iteration %{{x}}<br>J = %{{y:.4f}}<extra></extra>"))
        x, y = _positive(it, h["norm_dW1"], True)
        data.append(dict(type="scatter", x=x, y=y, mode="lines", name=label, legendgroup=label, showlegend=False,
                         line=dict(color=color, width=2), xaxis=x2, yaxis=y2,
                         hovertemplate=f"{label}<br>iteration %{{x}}<br>‖dW1‖ = %{{y:.3g}}<extra></extra>"))
    layout = _each_axis(layout, "x", dict(title=dict(text="iteration")))
    layout[_axis_key(y2)].update(type="log", exponentformat="power",
                                 tickvals=log_ticks([r.history["norm_dW1"] for r in runs]))
    if log_cost:
        layout[_axis_key(y1)].update(type="log", exponentformat="power",
                                     tickvals=log_ticks([r.history["train_cost"] for r in runs]))
    else:
        layout[_axis_key(y1)]["rangemode"] = "tozero"
    layout["uirevision"] = "grad.compare"
    fig = figure(data, styled_layout(title=title, height=height, **layout))
    return legend_under_title(fig, height)


# -- initial scale -----------------------------------------------------------------
def z1_histograms_figure(results: list[ScaleResult], activation: str, *, height: int = 330,
                         title: str | None = None) -> dict:
    """Histogram of Z1 over all units·examples at the start, one panel per scale; the part
    where |g′(Z1)| < 0.01 is stacked on top in the 'backward' colour, named by the activation
    (saturated for σ and tanh, inactive for ReLU). Each panel's bars sit at the bin centres
    (bins,) of ``histogram.edges`` (bins + 1,)."""
    word = stall_word(activation)
    titles = [f"{r.name}: {r.histogram.share_saturated:.0%} {word}" for r in results]
    layout, axes = subplot_grid(rows=1, cols=len(results), horizontal_spacing=0.06, subplot_titles=titles)
    data = []
    for col, r in enumerate(results, start=1):
        h = r.histogram
        centres = (h.edges[:-1] + h.edges[1:]) / 2
        width = float(h.edges[1] - h.edges[0])
        xa, ya = axes[(1, col)]
        for counts, name, color in ((h.counts_ok, "gradient passes", NEUTRAL),
                                    (h.counts_saturated, stalled_legend(activation), BAD)):
            data.append(dict(type="bar", x=centres, y=counts, width=width, name=name, legendgroup=name,
                             showlegend=col == 1, marker=dict(color=color, line=dict(width=0)), xaxis=xa, yaxis=ya,
                             hovertemplate="Z1 ≈ %{x:.3g}: %{y} values<extra>" + name + "</extra>"))
        layout[_axis_key(xa)].update(title=dict(text="Z1 = W1 X + b1"), exponentformat="power")
    layout.update(barmode="stack", bargap=0, uirevision="grad.hist")
    layout[_axis_key(axes[(1, 1)][1])]["title"] = dict(text="count (units × examples)")
    fig = figure(data, styled_layout(title=title or f"Z1 at the start, {ACTIVATIONS[activation].label} units",
                                     height=height, **layout))
    return legend_under_title(fig, height)


# -- zero versus random start -----------------------------------------------------------
def thumbnails_figure(result: ZeroInitResult, activation: str, *, max_units: int = THUMBNAIL_UNITS,
                      height: int = 330) -> dict:
    """Each hidden unit's output A1 over the plane after training: one row per start, one
    heatmap (N, N) per unit for the first ``max_units`` units of ``thumbnails.H`` (n_h, N, N).

    Every panel of a row shares one colour range, so identical units look identical."""
    starts = (result.zero, result.random)
    n_h = starts[0].thumbnails.H.shape[0]
    k = min(n_h, max_units)
    layout, axes = subplot_grid(rows=2, cols=k, horizontal_spacing=0.01, vertical_spacing=0.08,
                                column_titles=[f"unit {j + 1}" for j in range(k)])
    data = []
    for row, s in enumerate(starts, start=1):
        H = s.thumbnails.H[:k]
        # the signed scale of every other weight and activation view: 0 white, negative blue,
        # positive vermillion, symmetric about 0 (identical units still look identical)
        top = max(float(np.abs(H).max(initial=0.0)), 1e-9)
        lo, hi = -top, top
        for j in range(k):
            xa, ya = axes[(row, j + 1)]
            bar = dict(title=dict(text="A1", side="right"), thickness=10, len=0.42, y=0.78 if row == 1 else 0.22)
            data.append(dict(type="heatmap", z=H[j], x=s.thumbnails.xs, y=s.thumbnails.ys, zmin=lo, zmax=hi,
                             colorscale=DIVERGING_SCALE, showscale=j == k - 1, colorbar=bar, xaxis=xa, yaxis=ya,
                             hovertemplate=f"unit {j + 1}<br>a = %{{z:.3f}}<extra></extra>"))
        layout[_axis_key(axes[(row, 1)][1])]["title"] = dict(text=s.label.split(" (")[0], font=dict(size=12))
    hidden = dict(showticklabels=False, showgrid=False)
    layout = _each_axis(_each_axis(layout, "x", hidden), "y", hidden)
    layout["uirevision"] = "grad.thumbs"
    if "annotations" in layout:
        layout["annotations"] = [merged(a, dict(font=dict(size=12))) for a in layout["annotations"]]
    return figure(data, styled_layout(height=height, **layout))


def stalled_legend(activation: str) -> str:
    """The histogram's name for unit·examples that pass almost no gradient, by activation."""
    if activation == "relu":
        return "inactive (z ≤ 0, g′ = 0)"
    return f"{stall_word(activation)} (|g′| < {SATURATED_BELOW:g})"


def comparison_table(runs: dict[str, Run] | list, labels: list[str] | None = None) -> pd.DataFrame:
    """One row per run: how much gradient g′ lets through at the start, the gradient norm at
    the start and the end, and where the cost got to. Runs trained until a target cost also
    get the cost at the start and the steps to the target."""
    runs = list(runs.values()) if isinstance(runs, dict) else list(runs)
    labels = labels or [ACTIVATIONS[r.activation].label for r in runs]
    rows = []
    for run, label in zip(runs, labels, strict=True):
        h = run.history
        row = {"run": label}
        if run.target_cost is not None:
            row["J at start"] = f"{run.start_cost:.3f}"
            row[f"steps to J < {run.target_cost:g}"] = (f"{run.reached:,}" if run.reached is not None
                                                        else f"not within {run.steps:,}")
        rows.append(row | {
            "mean |g′(Z1)| at start": f"{run.saturation_start.mean_gprime:.3f}",
            # σ and tanh saturate (flat far from 0); ReLU does not: its z ≤ 0 units are inactive
            f"|g′| < {SATURATED_BELOW:g} at start": (f"{run.saturation_start.share_saturated:.0%} "
                                                     f"{stall_word(run.activation)}"),
            "‖dW1‖ at start": f"{h['norm_dW1'][0]:.3g}",
            # one set of columns for every run: a run that stopped early (diverged) has fewer steps,
            # and columns named by each run's own last step would leave holes in the others' rows
            "steps": f"{run.steps}",
            "‖dW1‖ at the end": f"{h['norm_dW1'][-1]:.3g}",
            "cost at the end": f"{h['train_cost'][-1]:.3f}",
            "accuracy at the end": f"{h['train_acc'][-1]:.0%}",
            "test accuracy at the end": (f"{h['test_acc'][-1]:.0%}" if np.isfinite(h["test_acc"][-1]) else "—"),
        })
    return pd.DataFrame(rows)
