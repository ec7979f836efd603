"""The Gradient check page: relative error per parameter against the stated thresholds, and
every analytic gradient entry against its numerical twin (on the diagonal when they agree).

The figures are dicts in Plotly's JSON schema (see :mod:`.style`); the table is a DataFrame.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..bugs import PASS_BELOW, WARN_BELOW, CheckReport
from .gradients_view import legend_under_title
from .style import BAD, GOOD, NEUTRAL, figure, styled_layout

VERDICT_COLORS = {"pass": GOOD, "suspicious": "#E69F00", "fail": BAD, "shape mismatch": BAD}
PARAM_SYMBOLS = {"W1": "circle", "b1": "square", "W2": "diamond", "b2": "star"}
PARAM_COLORS = {"W1": "#009E73", "b1": "#56B4E9", "W2": "#882255", "b2": "#D55E00"}
ERROR_FLOOR = 1e-16  # an exact match (error 0) is drawn here on the log axis
MISMATCH_BAR = 1.0  # a shape mismatch has no finite error; its bar is drawn at the ceiling


def shape_label(shape) -> str:
    """A shape as NumPy prints it, as on the Shapes page: "(4, 1)", and "(4,)" for the keepdims slip."""
    return str(tuple(int(n) for n in shape))


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


def error_bars(report: CheckReport, *, height: int = 300) -> dict:
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
            texts.append(f"{r.check.rel_error:.1e}")
    # one short line per bar (the verdict is the bar's side of the dashed lines, and in the hover
    # and the table): "9.9e-01<br>fail" at 14 px ran into its neighbours and into the title
    verdicts = [r.verdict if r.shape_ok else "shape mismatch" for r in report.rows]
    bars = dict(type="bar", x=names, y=values, marker=dict(color=colors), text=texts, textposition="outside",
                cliponaxis=False, textfont=dict(size=14), showlegend=False, customdata=verdicts,
                hovertemplate="%{x}: %{text}, %{customdata}<extra></extra>")
    shapes, annotations = [], []
    for y, label, color in ((PASS_BELOW, f"pass<br>below {PASS_BELOW:g}", GOOD),
                            (WARN_BELOW, f"fail<br>above {WARN_BELOW:g}", BAD)):
        # what fig.add_hline(y) writes: across the plot's width, at y in data units
        shapes.append(dict(type="line", x0=0, x1=1, xref="x domain", y0=y, y1=y, yref="y",
                           line=dict(color=color, dash="dash", width=1.5), layer="above"))  # seen across a bar
        # annotations on a log axis take log10 of the value (shapes and lines do not)
        annotations.append(dict(x=1.01, xref="paper", xanchor="left", y=float(np.log10(y)), yanchor="middle",
                                text=label, showarrow=False, font=dict(color=color, size=11)))
    layout = styled_layout(
        title="Relative error per parameter", height=height,
        shapes=shapes, annotations=annotations,
        # a tick every 4 decades: every 2 packed nine labels into a 300-px chart; the title is short
        # because a longer one ran past the plot's top (the formula is on the page and in the hover)
        yaxis=dict(type="log", range=[-16, 2.6], title=dict(text="relative error (log scale)"),
                   exponentformat="power", dtick=4),
        uirevision="check.errors",
        margin=dict(r=90),  # room for the threshold labels beside the plot
        # Plotly shrinks a label to its bar's width: below the charts' 14 px it is hidden instead
        # (a narrow column or a phone), and the hover still has it
        uniformtext=dict(minsize=14, mode="hide"), bargap=0.1,  # wide bars: room for their labels
    )
    return figure([bars], layout)


def check_scatter(report: CheckReport, *, height: int = 420) -> dict:
    """Every entry's analytic gradient (y) against its centred difference (x), one trace per
    parameter (its entries flattened, (size,)); the diagonal is agreement. Parameters whose
    analytic gradient has the wrong shape cannot be paired entry by entry and are left out
    (the table says so)."""
    data = []
    lo, hi = 0.0, 0.0
    for r in report.rows:
        if not r.shape_ok:
            continue
        n, a = np.ravel(r.check.numerical), np.ravel(r.check.analytic)
        lo, hi = min(lo, n.min(initial=0.0), a.min(initial=0.0)), max(hi, n.max(initial=0.0), a.max(initial=0.0))
        data.append(dict(
            type="scatter", x=n, y=a, mode="markers", name=f"d{r.name} ({r.verdict})",
            marker=dict(symbol=PARAM_SYMBOLS.get(r.name, "circle"), size=9, color=PARAM_COLORS.get(r.name, NEUTRAL),
                        line=dict(width=1, color="white")),
            hovertemplate=f"d{r.name}<br>numerical %{{x:.4g}}<br>analytic %{{y:.4g}}<extra></extra>",
        ))
    span = max(hi - lo, 1e-12)
    lo, hi = lo - 0.05 * span, hi + 0.05 * span
    data.append(dict(type="scatter", x=[lo, hi], y=[lo, hi], mode="lines", name="analytic = numerical",
                     line=dict(color=NEUTRAL, dash="dash", width=1), hoverinfo="skip"))
    layout = styled_layout(
        title="Analytic against numerical, entry by entry", height=height,
        xaxis=dict(title=dict(text="numerical (centred difference)"), range=[lo, hi], exponentformat="power",
                   zeroline=True),
        yaxis=dict(title=dict(text="analytic (backward)"), range=[lo, hi], exponentformat="power", zeroline=True,
                   scaleanchor="x", scaleratio=1),
        uirevision="check.scatter",
    )
    return legend_under_title(figure(data, layout), height, top=100)
