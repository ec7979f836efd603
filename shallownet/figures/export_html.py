"""A figure as one standalone HTML file for slides: plotly.js embedded, no network needed."""

from __future__ import annotations

import plotly.graph_objects as go

from .style import PLOTLY_CONFIG


def standalone_html(fig: go.Figure, *, title: str = "ShallowNet Explainer") -> str:
    """``fig`` as a complete HTML page with plotly.js inlined (about 5 MB), so it opens and
    plays offline, e.g. from a USB stick in a lecture hall. Animations wait for Play."""
    html = fig.to_html(
        include_plotlyjs=True, full_html=True, auto_play=False,
        config={**PLOTLY_CONFIG, "responsive": True}, default_width="100%", default_height="95vh",
    )
    # the page <title> names the content (to_html leaves it empty)
    return html.replace("<head>", f"<head><title>{_escape(title)}</title>", 1)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
