"""How the app is shown rather than what it computes: the room the page leaves above the first
chart, and presentation mode (``present=1``: the sidebar starts collapsed, larger text in pages
and charts). Called once per run, by the entry point, after the settings are read."""

from __future__ import annotations

import streamlit as st

from ..figures.style import MIN_FONT_PX, PRESENT_FONT_PX
from .keys import CHART_FONT_PX
from .settings import Settings


def presenting(settings: Settings) -> bool:
    return settings.present == "1"


def chart_font_px() -> int:
    """The smallest text a chart may have in this run (set by :func:`apply_display`)."""
    return int(st.session_state.get(CHART_FONT_PX, MIN_FONT_PX))


def apply_display(settings: Settings) -> None:
    """The page's shared look for this run (st.html of only a style block takes no room; the
    styles are literal text, never built from data)."""
    st.session_state[CHART_FONT_PX] = PRESENT_FONT_PX if presenting(settings) else MIN_FONT_PX
    # Streamlit leaves 6rem above a page's title; 3.5rem keeps clear of the top bar (its sidebar
    # and menu buttons) and gives the rest to the charts of a 720-px projector screen
    st.html("<style>"
            "[data-testid='stMainBlockContainer'] { padding-top: 3.5rem; padding-bottom: 3rem; }"
            "[data-testid='stMain'] h1 { font-size: 2.25rem; padding: 0.25rem 0 0.5rem 0; }"
            "@media (max-height: 600px) { [data-testid='stMain'] h1 { font-size: 1.75rem; padding: 0 0 0.25rem 0; } }"
            # a touch screen shows Plotly's toolbar all the time, and on a phone's narrow chart it sat
            # on the titles and legends; a phone has its own screenshot, and a drag still zooms
            "@media (max-width: 640px) { .js-plotly-plot .modebar-container { display: none; } }"
            "</style>")
    if presenting(settings):
        st.set_page_config(initial_sidebar_state="collapsed")
        # the page's prose from 16 to 20 px (st.markdown blocks only: the controls keep their
        # size, so Training's controls stay in one row above the charts), the board's table larger
        st.html("<style>"
                "[data-testid='stMain'] [data-testid='stMarkdown'] [data-testid='stMarkdownContainer'] p,"
                "[data-testid='stMain'] [data-testid='stMarkdown'] [data-testid='stMarkdownContainer'] li"
                " { font-size: 1.25rem; }"
                "[data-testid='stMain'] .sn-table { font-size: 18px; }"
                "</style>")
