"""Figures of the Gradients page: gradient norms over training, gradient heatmaps at one
iteration, and the comparisons of activations, initial scales and the all-zero start.

Pure functions from engine data (trainer history, snapshots, :mod:`shallownet.comparisons`)
to ``go.Figure``; nothing here trains or imports streamlit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..activations import ACTIVATIONS
from ..comparisons import SATURATED_BELOW, Curve, Run, ScaleResult, ZeroInitResult
from .style import ACCENT, BAD, DIVERGING_SCALE, NEUTRAL, apply_style, shape_text

# layer 1 green, layer 2 purple; weights solid, biases dashed (blue/orange stay the classes')
NORM_STYLES = {
    "norm_dW1": ("‖dW1‖", "#009E73", "solid"),
    "norm_db1": ("‖db1‖", "#009E73", "dash"),
    "norm_dW2": ("‖dW2‖", "#882255", "solid"),
    "norm_db2": ("‖db2‖", "#882255", "dash"),
}
ACTIVATION_COLORS = {"sigmoid": "#882255", "tanh": "#009E73", "relu": "#D55E00", "leaky_relu": "#56B4E9"}
SCALE_COLORS = ("#56B4E9", "#009E73", "#D55E00")
MAX_POINTS = 2000  # longest line sent to the browser; longer histories are thinned evenly
THUMBNAIL_UNITS = 8  # hidden units shown per start in the zero-init comparison


def legend_under_title(fig: go.Figure, height: int, *, top: int = 78) -> go.Figure:
    """Title on the first line, legend on the second, both above the plot (and above any
    subplot titles), so neither covers the other. Positions in pixels of the container."""
    fig.update_layout(
        margin=dict(t=top),
        title=dict(y=1 - 8 / height, yanchor="top", yref="container"),
        legend=dict(orientation="h", yref="container", y=1 - 34 / height, yanchor="top", x=0, xanchor="left"),
    )
    return fig


def thin_indices(n: int, max_points: int = MAX_POINTS) -> np.ndarray:
    """At most ``max_points`` evenly spaced indices of range(n), always with the first and last."""
    if n <= max_points:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, max_points).round().astype(int))


def _positive(x, y, log_y: bool):
    """On a log axis a zero norm has no place: leave those points out (never NaN)."""
    x, y = np.asarray(x), np.asarray(y, float)
    keep = np.isfinite(y) & ((y > 0) if log_y else True)
    return x[keep], y[keep]


def norms_figure(history: dict, *, selected: int | None = None, log_y: bool = True,
                 height: int = 380) -> go.Figure:
    """‖dW1‖, ‖db1‖, ‖dW2‖, ‖db2‖ (Frobenius norms) against the iteration, with a cursor line
    at ``selected``. ``history`` holds arrays (t + 1,) as ``Trainer.history()`` returns them."""
    it = np.asarray(history["iteration"])
    idx = thin_indices(len(it))
    fig = go.Figure()
    for key, (label, color, dash) in NORM_STYLES.items():
        x, y = _positive(it[idx], np.asarray(history[key])[idx], log_y)
        fig.add_scatter(x=x, y=y, mode="lines", name=label, line=dict(color=color, dash=dash, width=2),
                        hovertemplate=f"iteration %{{x}}<br>{label} = %{{y:.3g}}<extra></extra>")
    if selected is not None:
        fig.add_vline(x=selected, line=dict(color=ACCENT, width=2),
                      annotation_text=f"iteration {selected}", annotation_position="top right")
    fig.update_xaxes(title="iteration")
    fig.update_yaxes(title="gradient norm" + (" (log scale)" if log_y else ""), type="log" if log_y else "linear",
                     exponentformat="power")
    fig.update_layout(uirevision="grad.norms")
    apply_style(fig, title="How large the gradients are, step by step", height=height)
    return legend_under_title(fig, height)


def _symmetric_range(*arrays) -> float:
    top = max((float(np.abs(a).max(initial=0.0)) for a in arrays), default=0.0)
    return top if top > 0 else 1.0


def gradient_heatmaps(grads: dict, iteration: int, *, height: int = 400) -> go.Figure:
    """Heatmaps of dW1 (n_h, n_x) above dW2 (1, n_h) at one iteration; white is 0, each has its
    own colour range symmetric around 0 (the two often differ by orders of magnitude)."""
    dW1, dW2 = np.asarray(grads["dW1"], float), np.asarray(grads["dW2"], float)
    n_h, n_x = dW1.shape
    fig = make_subplots(
        rows=2, cols=1, row_heights=[0.72, 0.28], vertical_spacing=0.2,
        subplot_titles=(f"dW1  ({shape_text(dW1.shape)}): row i = hidden unit i, column k = input x_k",
                        f"dW2  ({shape_text(dW2.shape)}): entry i = hidden unit i"),
    )
    panels = (
        (dW1, [f"unit {i + 1}" for i in range(n_h)], [f"x{k + 1}" for k in range(n_x)], n_h <= 10),
        (dW2, ["output"], [f"unit {i + 1}" for i in range(n_h)], n_h <= 8),
    )
    for row, (M, rows, cols, annotate) in enumerate(panels, start=1):
        r = _symmetric_range(M)
        domain = fig.layout[f"yaxis{'' if row == 1 else row}"].domain
        fig.add_heatmap(
            z=M, x=cols, y=rows, zmin=-r, zmax=r, zmid=0, colorscale=DIVERGING_SCALE, xgap=1, ygap=1,
            texttemplate="%{z:.2e}" if annotate else None, textfont=dict(size=11),
            colorbar=dict(y=(domain[0] + domain[1]) / 2, len=domain[1] - domain[0], thickness=12,
                          exponentformat="power", tickfont_size=10),
            hovertemplate="%{y}, %{x}: %{z:.3g}<extra></extra>", row=row, col=1,
        )
        fig.update_yaxes(autorange="reversed", row=row, col=1)
    fig.for_each_annotation(lambda a: a.update(font_size=12, x=0, xanchor="left"))
    fig.update_layout(uirevision="grad.heatmaps")
    return apply_style(fig, title=f"The gradients at iteration {iteration}", height=height)


# -- activation comparison ---------------------------------------------------------
def activation_curves_figure(curves: dict[str, Curve], *, height: int = 290) -> go.Figure:
    """g (solid) and g′ (dotted) of each activation; the shaded band is where |g′| < 0.01
    (saturated: almost no gradient passes back)."""
    names = list(curves)
    fig = make_subplots(rows=1, cols=len(names), horizontal_spacing=0.05,
                        subplot_titles=[ACTIVATIONS[n].label for n in names])
    for col, name in enumerate(names, start=1):
        c = curves[name]
        color = ACTIVATION_COLORS.get(name, NEUTRAL)
        fig.add_scatter(x=c.z, y=c.g, mode="lines", name="g(z)", legendgroup="g", showlegend=col == 1,
                        line=dict(color=color, width=2), row=1, col=col,
                        hovertemplate="z = %{x:.2f}<br>g = %{y:.3f}<extra></extra>")
        fig.add_scatter(x=c.z, y=c.gprime, mode="lines", name="g′(z)", legendgroup="gp", showlegend=col == 1,
                        line=dict(color=color, width=2, dash="dot"), row=1, col=col,
                        hovertemplate="z = %{x:.2f}<br>g′ = %{y:.3f}<extra></extra>")
        for lo, hi in _runs(c.z, c.saturated):  # after the traces: plotly skips shapes on empty subplots
            fig.add_vrect(x0=lo, x1=hi, fillcolor=BAD, opacity=0.12, line_width=0, layer="below", row=1, col=col)
        fig.update_yaxes(range=[-1.15, 1.6], row=1, col=col, showticklabels=col == 1)
        fig.update_xaxes(title="z", row=1, col=col)
    fig.update_layout(uirevision="grad.curves")
    apply_style(fig, title="Each activation g (solid) and its derivative g′ (dotted)", height=height)
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
                      height: int = 380) -> go.Figure:
    """Training cost (left) and ‖dW1‖ on a log scale (right) of several runs side by side."""
    runs = list(runs.values()) if isinstance(runs, dict) else list(runs)
    labels = labels or [ACTIVATIONS[r.activation].label for r in runs]
    colors = colors or [ACTIVATION_COLORS.get(r.activation, NEUTRAL) for r in runs]
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1,
                        subplot_titles=("training cost J", "‖dW1‖ (log scale)"))
    for run, label, color in zip(runs, labels, colors, strict=True):
        h = run.history
        it = np.asarray(h["iteration"])
        fig.add_scatter(x=it, y=h["train_cost"], mode="lines", name=label, legendgroup=label,
                        line=dict(color=color, width=2), row=1, col=1,
                        hovertemplate=f"{label}<br>iteration %{{x}}<br>J = %{{y:.4f}}<extra></extra>")
        x, y = _positive(it, h["norm_dW1"], True)
        fig.add_scatter(x=x, y=y, mode="lines", name=label, legendgroup=label, showlegend=False,
                        line=dict(color=color, width=2), row=1, col=2,
                        hovertemplate=f"{label}<br>iteration %{{x}}<br>‖dW1‖ = %{{y:.3g}}<extra></extra>")
    fig.update_xaxes(title="iteration")
    fig.update_yaxes(type="log", exponentformat="power", row=1, col=2)
    fig.update_yaxes(rangemode="tozero", row=1, col=1)
    fig.update_layout(uirevision="grad.compare")
    apply_style(fig, title=title, height=height)
    return legend_under_title(fig, height)


# -- initial scale -----------------------------------------------------------------
def z1_histograms_figure(results: list[ScaleResult], activation: str, *, height: int = 330) -> go.Figure:
    """Histogram of Z1 over all units·examples at the start, one panel per scale; the part
    where |g′(Z1)| < 0.01 (saturated) is stacked on top in the 'backward' colour."""
    titles = [f"scale {r.scale:g}: {r.histogram.share_saturated:.0%} saturated" for r in results]
    fig = make_subplots(rows=1, cols=len(results), horizontal_spacing=0.06, subplot_titles=titles)
    for col, r in enumerate(results, start=1):
        h = r.histogram
        centres = (h.edges[:-1] + h.edges[1:]) / 2
        width = float(h.edges[1] - h.edges[0])
        for counts, name, color in ((h.counts_ok, "gradient passes", NEUTRAL),
                                    (h.counts_saturated, f"saturated (|g′| < {SATURATED_BELOW:g})", BAD)):
            fig.add_bar(x=centres, y=counts, width=width, name=name, legendgroup=name, showlegend=col == 1,
                        marker=dict(color=color, line_width=0), row=1, col=col,
                        hovertemplate="Z1 ≈ %{x:.3g}: %{y} values<extra>" + name + "</extra>")
        fig.update_xaxes(title="Z1 = W1 X + b1", exponentformat="power", row=1, col=col)
    fig.update_layout(barmode="stack", bargap=0, uirevision="grad.hist")
    fig.update_yaxes(title="count (units × examples)", row=1, col=1)
    apply_style(fig, title=f"Z1 at the start, {ACTIVATIONS[activation].label} units", height=height)
    return legend_under_title(fig, height)


# -- zero versus random start -----------------------------------------------------------
def thumbnails_figure(result: ZeroInitResult, activation: str, *, max_units: int = THUMBNAIL_UNITS,
                      height: int = 330) -> go.Figure:
    """Each hidden unit's output A1 over the plane after training: one row per start.

    Every panel of a row shares one colour range, so identical units look identical."""
    starts = (result.zero, result.random)
    n_h = starts[0].thumbnails.H.shape[0]
    k = min(n_h, max_units)
    fig = make_subplots(rows=2, cols=k, horizontal_spacing=0.01, vertical_spacing=0.08,
                        column_titles=[f"unit {j + 1}" for j in range(k)])
    for row, s in enumerate(starts, start=1):
        H = s.thumbnails.H[:k]
        lo, hi = float(H.min(initial=0.0)), float(H.max(initial=0.0))
        if hi - lo < 1e-9:  # a constant unit: centre the colour range on its value
            lo, hi = lo - 0.5, hi + 0.5
        for j in range(k):
            fig.add_heatmap(z=H[j], x=s.thumbnails.xs, y=s.thumbnails.ys, zmin=lo, zmax=hi,
                            colorscale="Viridis", showscale=False, row=row, col=j + 1,
                            hovertemplate=f"unit {j + 1}<br>a = %{{z:.3f}}<extra></extra>")
        fig.update_yaxes(title=dict(text=s.label.split(" (")[0], font_size=12), row=row, col=1)
    fig.update_xaxes(showticklabels=False, showgrid=False)
    fig.update_yaxes(showticklabels=False, showgrid=False)
    fig.update_layout(uirevision="grad.thumbs")
    fig.for_each_annotation(lambda a: a.update(font_size=12))
    return apply_style(fig, height=height)


def comparison_table(runs: dict[str, Run] | list, labels: list[str] | None = None) -> pd.DataFrame:
    """One row per run: how much gradient g′ lets through at the start, the gradient norm at
    the start and the end, and where the cost got to."""
    runs = list(runs.values()) if isinstance(runs, dict) else list(runs)
    labels = labels or [ACTIVATIONS[r.activation].label for r in runs]
    rows = []
    for run, label in zip(runs, labels, strict=True):
        h = run.history
        rows.append({
            "run": label,
            "mean |g′(Z1)| at start": f"{run.saturation_start.mean_gprime:.3f}",
            f"saturated (|g′| < {SATURATED_BELOW:g}) at start": f"{run.saturation_start.share_saturated:.0%}",
            "‖dW1‖ at start": f"{h['norm_dW1'][0]:.3g}",
            # one set of columns for every run: a run that stopped early (diverged) has fewer steps,
            # and columns named by each run's own last step would leave holes in the others' rows
            "steps": f"{run.steps}",
            "‖dW1‖ at the end": f"{h['norm_dW1'][-1]:.3g}",
            "cost at the end": f"{h['train_cost'][-1]:.3f}",
            "accuracy at the end": f"{h['train_acc'][-1]:.0%}",
        })
    return pd.DataFrame(rows)
