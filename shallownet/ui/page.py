"""What every page script starts with, and the guard that keeps a page's error on that page."""

from __future__ import annotations

import gc
import logging
import sys
import traceback
from functools import lru_cache

import plotly.graph_objects as go
import streamlit as st

from ..figures.style import PLOTLY_CONFIG, readable, with_typed_arrays
from .display import chart_font_px

log = logging.getLogger("shallownet")


def frozen(fig: dict) -> dict:
    """A builder's figure dict as it is sent and kept (in ``st.cache_data`` or session state):
    its numpy arrays written as compact typed arrays. Doing it before caching means a rerun
    that reuses the figure does not encode its arrays again."""
    return with_typed_arrays(fig)


class _Prebuilt(go.Figure):
    """A figure dict handed to ``st.plotly_chart`` as it is.

    ``st.plotly_chart`` validates a dict property by property (as long as building it), and
    turning the dict back into a ``go.Figure`` costs ~10 ms for a mid-sized chart on every
    rerun. For a figure it takes ``to_dict()``: this one returns the dict it was given, which
    was built and checked once (the figure tests validate every builder's output).
    """

    def __init__(self, fig: dict):  # noqa: D107 — deliberately not Plotly's constructor
        self._prebuilt = fig

    def to_dict(self) -> dict:
        return self._prebuilt


def chart(fig, key: str, **kwargs):
    """``st.plotly_chart`` with the app's shared config (PNG export, no logo).

    ``fig`` is a builder's figure dict, fresh or :func:`frozen` already (then only its traces are
    walked again); it is sent without re-validation.
    """
    fig = readable(frozen(fig), chart_font_px())
    return st.plotly_chart(_Prebuilt(fig), width="stretch", config=PLOTLY_CONFIG, key=key, **kwargs)


@lru_cache(maxsize=64)
def _freeze_after_imports(modules_loaded: int) -> None:
    """Exempt everything alive now from the cyclic garbage collector, once per new count of
    imported modules.

    The collector's full passes walk every tracked object, and most of them are the code of
    imported libraries (Streamlit, Plotly, NumPy, pandas; scikit-learn once Experiments ran):
    ~100,000 objects, 50–150 ms with every session waiting, a few times a minute under a
    class's load. Imports happen a bounded number of times per process, so this runs a
    bounded number of times; the session objects frozen along with them are few.
    """
    gc.freeze()


def run_guarded(page) -> None:
    """Run a page; an unexpected error becomes a plain message plus details, and the
    session's settings and training stay as they were (hosted apps hide raw errors)."""
    try:
        page.run()
        _freeze_after_imports(len(sys.modules))
    except Exception as err:  # Streamlit's own rerun/stop signals are BaseExceptions
        log.error("page %s failed:\n%s", getattr(page, "title", "?"), traceback.format_exc())
        st.error(
            "Something went wrong while drawing this page. Your settings and training are "
            "kept: try another setting, or reset the settings in the sidebar."
        )
        with st.expander("Details (for the teacher or a bug report)"):
            st.exception(err)
