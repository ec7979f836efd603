"""ShallowNet Explainer: entry point. Page config, navigation, the shared sidebar."""

import streamlit as st

from shallownet.ui.page import run_guarded
from shallownet.ui.pages_registry import DEFAULT_SCRIPT, available_pages
from shallownet.ui.state import init_session, render_sidebar

st.set_page_config(page_title="ShallowNet Explainer", page_icon="🧠", layout="wide")


def navigation():
    """The sidebar navigation: every page that exists, grouped by section (Learn, Explore)."""
    sections: dict[str, list] = {}
    for p in available_pages():
        sections.setdefault(p.section, []).append(
            st.Page(p.script, title=p.title, icon=p.icon, default=p.script == DEFAULT_SCRIPT)
        )
    return st.navigation(sections)


page = navigation()
init_session()
render_sidebar()
run_guarded(page)
