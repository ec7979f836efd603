"""ShallowNet Explainer: entry point. Page config, navigation, the shared sidebar."""

import streamlit as st

from shallownet.ui.display import apply_display
from shallownet.ui.live import preload_plotly
from shallownet.ui.page import run_guarded
from shallownet.ui.pages_registry import PAGES
from shallownet.ui.state import current_settings, init_session, page_objects, render_sidebar

st.set_page_config(page_title="ShallowNet Explainer", page_icon="🧠", layout="wide")


def navigation():
    """The sidebar navigation: every page, grouped by section (Learn, Explore)."""
    pages = page_objects()
    sections: dict[str, list] = {}
    for p in PAGES:
        sections.setdefault(p.section, []).append(pages[p.script])
    return st.navigation(sections)


page = navigation()
init_session()
apply_display(current_settings())
with st.sidebar:
    preload_plotly()  # first: the browser loads plotly.js while the page is computed
render_sidebar()
run_guarded(page)
