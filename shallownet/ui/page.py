"""What every page script starts with, and the guard that keeps a page's error on that page."""

from __future__ import annotations

import logging
import traceback

import streamlit as st

from ..figures.style import PLOTLY_CONFIG

log = logging.getLogger("shallownet")


def chart(fig, key: str, **kwargs):
    """``st.plotly_chart`` with the app's shared config (PNG export, no logo)."""
    return st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=key, **kwargs)


def run_guarded(page) -> None:
    """Run a page; an unexpected error becomes a plain message plus details, and the
    session's settings and training stay as they were (hosted apps hide raw errors)."""
    try:
        page.run()
    except Exception as err:  # Streamlit's own rerun/stop signals are BaseExceptions
        log.error("page %s failed:\n%s", getattr(page, "title", "?"), traceback.format_exc())
        st.error(
            "Something went wrong while drawing this page. Your settings and training are "
            "kept: try another setting, or reset the settings in the sidebar."
        )
        with st.expander("Details (for the teacher or a bug report)"):
            st.exception(err)
