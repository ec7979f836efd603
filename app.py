"""ShallowNet Explainer: entry point. Page config, navigation, the shared sidebar."""

from pathlib import Path

import streamlit as st

from shallownet.ui.page import run_guarded
from shallownet.ui.state import init_session, render_sidebar

st.set_page_config(page_title="ShallowNet Explainer", page_icon="🧠", layout="wide")

HERE = Path(__file__).parent
# (section, script, title, icon) in the order of the learning path
PAGES = (
    ("Learn", "pages/home.py", "Home", ":material/home:"),
    ("Learn", "pages/data.py", "Data", ":material/scatter_plot:"),
    ("Learn", "pages/forward.py", "Forward pass", ":material/arrow_forward:"),
    ("Learn", "pages/backward.py", "Backward pass", ":material/arrow_back:"),
    ("Learn", "pages/training.py", "Training", ":material/play_circle:"),
    ("Learn", "pages/gradients.py", "Gradients", ":material/trending_down:"),
    ("Learn", "pages/shapes.py", "Shapes", ":material/view_module:"),
    ("Learn", "pages/gradient_check.py", "Gradient check", ":material/fact_check:"),
    ("Explore", "pages/experiments.py", "Experiments", ":material/science:"),
)


def navigation():
    sections: dict[str, list] = {}
    for section, script, title, icon in PAGES:
        if (HERE / script).exists():
            sections.setdefault(section, []).append(
                st.Page(script, title=title, icon=icon, default=script == "pages/home.py")
            )
    return st.navigation(sections)


page = navigation()
init_session()
render_sidebar()
run_guarded(page)
