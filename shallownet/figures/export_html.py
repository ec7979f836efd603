"""A figure as one standalone HTML file for slides: plotly.js embedded, no network needed."""

from __future__ import annotations

import plotly.io as pio

from .style import PLOTLY_CONFIG


def standalone_html(fig: dict, *, title: str = "ShallowNet Explainer") -> str:
    """``fig`` (a figure dict from a builder, or a ``go.Figure``) as a complete HTML page with
    plotly.js inlined (about 5 MB), so it opens and plays offline, e.g. from a USB stick in a
    lecture hall. Animations wait for Play.

    The figure is written as it is, not validated again: the builders' output is validated
    by the figure tests, and validating an animation costs far more than writing it.
    """
    html = pio.to_html(
        fig, validate=False, include_plotlyjs=True, full_html=True, auto_play=False,
        config={**PLOTLY_CONFIG, "responsive": True}, default_width="100%", default_height="95vh",
    )
    # the page <title> names the content (to_html leaves it empty)
    return html.replace("<head>", f"<head><title>{_escape(title)}</title>", 1)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
