"""The Gradient check page: relative error per parameter against the stated thresholds, and
every analytic gradient entry against its numerical twin (on the diagonal when they agree).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..bugs import PASS_BELOW, WARN_BELOW, CheckReport
from .gradients_view import legend_under_title
from .style import BAD, GOOD, NEUTRAL, apply_style, shape_text

VERDICT_COLORS = {"pass": GOOD, "suspicious": "#E69F00", "fail": BAD, "shape mismatch": BAD}
PARAM_SYMBOLS = {"W1": "circle", "b1": "square", "W2": "diamond", "b2": "star"}
PARAM_COLORS = {"W1": "#009E73", "b1": "#56B4E9", "W2": "#882255", "b2": "#D55E00"}
ERROR_FLOOR = 1e-16  # an exact match (error 0) is drawn here on the log axis
MISMATCH_BAR = 1.0  # a shape mismatch has no finite error; its bar is drawn at the ceiling


def shape_label(shape) -> str:
    """"4×1" for a matrix; a 1-d shape keeps its tuple form, "(4,)", because that is the slip."""
    shape = tuple(shape)
    return shape_text(shape) if len(shape) != 1 else f"({shape[0]},)"


def _norm(a) -> float:
    return float(np.linalg.norm(np.ravel(a)))


def report_table(report: CheckReport) -> pd.DataFrame:
    """One row per parameter: shapes, norms, relative error (text, so ∞ and exact 0 read well), verdict."""
    rows = []
    for r in report.rows:
        err = r.check.rel_error
        rows.append({
            "parameter": r.name,
            "shape of P": shape_label(r.expected_shape),
            "shape of analytic dP": shape_label(r.analytic_shape),
            "‖analytic‖": f"{_norm(r.check.analytic):.3g}",
            "‖numerical‖": f"{_norm(r.check.numerical):.3g}",
            "relative error": "— (shapes differ)" if not r.shape_ok else f"{err:.2e}",
            "verdict": r.verdict,
        })
    return pd.DataFrame(rows)


def error_bars(report: CheckReport, *, height: int = 300) -> go.Figure:
    """Relative error per parameter on a log axis, with the pass and warn thresholds."""
    names, values, colors, texts = [], [], [], []
    for r in report.rows:
        names.append(r.name)
        colors.append(VERDICT_COLORS[r.verdict])
        if not r.shape_ok:
            values.append(MISMATCH_BAR)
            texts.append("shape mismatch")
        else:
            values.append(max(r.check.rel_error, ERROR_FLOOR))
            texts.append(f"{r.check.rel_error:.1e} · {r.verdict}")
    fig = go.Figure(go.Bar(x=names, y=values, marker_color=colors, text=texts, textposition="outside",
                           cliponaxis=False, textfont=dict(size=11), showlegend=False,
                           hovertemplate="%{x}: %{text}<extra></extra>"))
    for y, label, color in ((PASS_BELOW, f"pass<br>below {PASS_BELOW:g}", GOOD),
                            (WARN_BELOW, f"fail<br>above {WARN_BELOW:g}", BAD)):
        fig.add_hline(y=y, line=dict(color=color, dash="dash", width=1.5))
        # annotations on a log axis take log10 of the value (shapes and lines do not)
        fig.add_annotation(x=1.01, xref="paper", xanchor="left", y=float(np.log10(y)), yanchor="middle",
                           text=label, showarrow=False, font=dict(color=color, size=11))
    fig.update_yaxes(type="log", range=[-16, 1.3], title="relative error ‖a − n‖ / (‖a‖ + ‖n‖)",
                     exponentformat="power", dtick=2)
    fig.update_layout(uirevision="check.errors")
    apply_style(fig, title="Relative error per parameter", height=height)
    fig.update_layout(margin=dict(r=90))  # room for the threshold labels beside the plot
    return fig


def check_scatter(report: CheckReport, *, height: int = 420) -> go.Figure:
    """Every entry's analytic gradient (y) against its centred difference (x); the diagonal is
    agreement. Parameters whose analytic gradient has the wrong shape cannot be paired entry by
    entry and are left out (the table says so)."""
    fig = go.Figure()
    lo, hi = 0.0, 0.0
    for r in report.rows:
        if not r.shape_ok:
            continue
        n, a = np.ravel(r.check.numerical), np.ravel(r.check.analytic)
        lo, hi = min(lo, n.min(initial=0.0), a.min(initial=0.0)), max(hi, n.max(initial=0.0), a.max(initial=0.0))
        fig.add_scatter(
            x=n, y=a, mode="markers", name=f"d{r.name} ({r.verdict})",
            marker=dict(symbol=PARAM_SYMBOLS.get(r.name, "circle"), size=9, color=PARAM_COLORS.get(r.name, NEUTRAL),
                        line=dict(width=1, color="white")),
            hovertemplate=f"d{r.name}<br>numerical %{{x:.4g}}<br>analytic %{{y:.4g}}<extra></extra>",
        )
    span = max(hi - lo, 1e-12)
    lo, hi = lo - 0.05 * span, hi + 0.05 * span
    fig.add_scatter(x=[lo, hi], y=[lo, hi], mode="lines", name="analytic = numerical",
                    line=dict(color=NEUTRAL, dash="dash", width=1), hoverinfo="skip")
    fig.update_xaxes(title="numerical (centred difference)", range=[lo, hi], exponentformat="power", zeroline=True)
    fig.update_yaxes(title="analytic (backward)", range=[lo, hi], exponentformat="power", zeroline=True,
                     scaleanchor="x", scaleratio=1)
    fig.update_layout(uirevision="check.scatter")
    apply_style(fig, title="Analytic against numerical, entry by entry", height=height)
    return legend_under_title(fig, height, top=100)
