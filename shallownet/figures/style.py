"""One look for every chart: palette, fonts, margins.

The class colours are the Okabe–Ito pair blue / orange, which stay distinct for
the common forms of colour blindness and in greyscale (different lightness).
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

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


def _register_template() -> str:
    """Register the app's look as a Plotly template and make it the default, once.

    Every ``go.Figure()`` then starts with it for free; assigning a template per figure
    instead costs tens of milliseconds (Plotly validates the whole template each time).
    The registration is idempotent configuration, not per-user state.
    """
    if "shallownet" not in pio.templates:
        template = go.layout.Template(pio.templates["plotly_white"])
        template.layout.update(
            font=FONT,
            margin=MARGIN,
            paper_bgcolor="rgba(0,0,0,0)",
            legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
            hoverlabel=dict(font_size=12),
        )
        pio.templates["shallownet"] = template
    pio.templates.default = "shallownet"
    return "shallownet"


TEMPLATE_NAME = _register_template()


def apply_style(fig: go.Figure, *, title: str | None = None, height: int | None = None) -> go.Figure:
    """Title and height in the shared style (fonts, margins and colours come from the
    default template registered above); returns ``fig`` for chaining."""
    if title is not None:
        fig.update_layout(title=dict(text=title, x=0, xanchor="left", font_size=15))
    if height is not None:
        fig.update_layout(height=height)
    return fig


def shape_text(shape) -> str:
    """A shape as students read it, e.g. (4, 300) → "4×300", () → "scalar"."""
    return "×".join(str(n) for n in shape) if len(shape) else "scalar"
