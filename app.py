"""ShallowNet Explainer: entry point. Page config, navigation, the shared sidebar."""

import streamlit as st

from shallownet.ui.busy_guard import busy_guard
from shallownet.ui.display import apply_display
from shallownet.ui.lesson_mode import current_lesson
from shallownet.ui.live import preload_plotly
from shallownet.ui.page import run_guarded
from shallownet.ui.pages_registry import PAGES, entry_at
from shallownet.ui.share import hidden_page_notice, share_box
from shallownet.ui.state import current_settings, init_session, page_objects, render_sidebar

st.set_page_config(page_title="ShallowNet Explainer", page_icon="🧠", layout="wide")


def navigation():
    """The sidebar navigation: every page, grouped by section (Learn, Explore); a page the lesson
    link hides is left out of it (opening it directly says so)."""
    pages = page_objects()
    sections: dict[str, list] = {}
    for p in PAGES:
        sections.setdefault(p.section, []).append(pages[p.script])
    return st.navigation(sections, expanded=True)  # every page listed: no "View more" to find


def draws_3d(page) -> bool:
    entry = entry_at(page.url_path)
    return bool(entry and entry.draws_3d)


def hidden_by_lesson(page) -> bool:
    lesson = current_lesson()
    return any(lesson.page_hidden(p.script) and p.url_path == page.url_path for p in PAGES)


init_session()  # first: the lesson link decides which pages the navigation shows
page = navigation()
apply_display(current_settings())
with st.sidebar:
    preload_plotly(full=draws_3d(page))  # first: the browser loads plotly.js while the page is computed
share_box(render_sidebar())
with st.sidebar:
    busy_guard()  # rapid clicks on a training button: refused visibly, not merged silently
if hidden_by_lesson(page):
    hidden_page_notice()
else:
    run_guarded(page)
