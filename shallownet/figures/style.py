"""One look for every chart: palette, fonts, margins.

The class colours are the Okabe–Ito pair blue / orange, which stay distinct for
the common forms of colour blindness and in greyscale (different lightness).
"""

from __future__ import annotations

import plotly.graph_objects as go

CLASS_COLORS = ("#0072B2", "#E69F00")  # class 0, class 1
CLASS_NAMES = ("class 0", "class 1")
TRAIN_SYMBOL, TEST_SYMBOL = "circle", "diamond-open"
ACCENT = "#CC79A7"  # highlights: the current step, the selected example
NEUTRAL = "#7F7F7F"
GOOD, BAD = "#009E73", "#D55E00"  # pass / fail, forward / backward

# probability 0 → class-0 blue, 0.5 → white, 1 → class-1 orange
PROBABILITY_SCALE = [[0.0, CLASS_COLORS[0]], [0.5, "#FFFFFF"], [1.0, CLASS_COLORS[1]]]
# signed values (weights, gradients): negative blue, zero white, positive vermillion
DIVERGING_SCALE = [[0.0, "#0072B2"], [0.5, "#FFFFFF"], [1.0, "#D55E00"]]
SEQUENTIAL_SCALE = "Viridis"

FONT = dict(family="Inter, 'Source Sans Pro', 'Helvetica Neue', Arial, sans-serif", size=13, color="#262730")
MARGIN = dict(l=50, r=20, t=40, b=40)

# st.plotly_chart config shared by every page: PNG download in the modebar, no logo
PLOTLY_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


def _light_template() -> go.layout.Template:
    """plotly_white's look (white plot, light grid, its colour cycle) as a layout-only template.

    Plotly's full templates also style every trace type: validating one costs tens of
    milliseconds per figure and adds about 6 kB to each chart's JSON. This one is ~0.5 kB.
    """
    axis = dict(gridcolor="#EBF0F8", linecolor="#EBF0F8", zerolinecolor="#EBF0F8", ticks="",
                automargin=True, zerolinewidth=2)
    return go.layout.Template(layout=dict(
        plot_bgcolor="white",
        colorway=["#636efa", "#EF553B", "#00cc96", "#ab63fa", "#FFA15A", "#19d3f3", "#FF6692",
                  "#B6E880", "#FF97FF", "#FECB52"],
        xaxis=axis, yaxis=axis, hovermode="closest",
    ))


TEMPLATE = _light_template()  # never mutated: figures copy it when they are given it


def apply_style(fig: go.Figure, *, title: str | None = None, height: int | None = None) -> go.Figure:
    """Give ``fig`` the shared template, fonts, margins and legend; returns it for chaining."""
    fig.update_layout(
        template=TEMPLATE,
        font=FONT,
        margin=MARGIN,
        paper_bgcolor="rgba(0,0,0,0)",
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        hoverlabel=dict(font_size=12),
    )
    if title is not None:
        fig.update_layout(title=dict(text=title, x=0, xanchor="left", font_size=15))
    if height is not None:
        fig.update_layout(height=height)
    return fig


def shape_text(shape) -> str:
    """A shape as students read it, e.g. (4, 300) → "4×300", () → "scalar"."""
    return "×".join(str(n) for n in shape) if len(shape) else "scalar"
