"""What every page script starts with, and the guard that keeps a page's error on that page."""

from __future__ import annotations

import functools
import logging
import secrets
import traceback

import plotly.graph_objects as go
import streamlit as st

from ..figures.style import PLOTLY_CONFIG, readable, with_typed_arrays
from .display import chart_font_px
from .heap import start_keeper

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
    # theme=None: Streamlit's chart theme set every tick label to 12 px over the figure's own
    # fonts; the figures carry their look (template, fonts) like the live charts do
    return st.plotly_chart(_Prebuilt(fig), width="stretch", config=PLOTLY_CONFIG, key=key, theme=None, **kwargs)


def _keep_heap() -> None:
    """Keep the library code out of the cyclic collector's way without pinning any session's
    memory (``heap``): settled once now, at the process's first import of the pages' code, before
    any session has built anything, then kept settled by a daemon thread."""
    start_keeper()


_keep_heap()


def run_guarded(page) -> None:
    """Run a page; an unexpected error becomes a plain message plus details, and the
    session's settings and training stay as they were (hosted apps hide raw errors)."""
    try:
        page.run()
    except Exception as err:  # Streamlit's own rerun/stop signals are BaseExceptions
        show_failure(err, f"page {getattr(page, 'title', '?')}",
                     "Something went wrong while drawing this page. Your settings and training are "
                     "kept: try another setting, or reset the settings in the sidebar.")


CALLBACK_FAILED = (
    "Something went wrong while handling that click or upload. Your settings and training are kept: "
    "try again, or another setting."
)


def guarded(callback):
    """``callback`` as a widget's on_click / on_change: an unexpected error in it becomes the same
    plain message as a page's (logged in full for the teacher), never a traceback on screen.

    Callbacks run before the page script, outside :func:`run_guarded`."""

    @functools.wraps(callback)
    def run(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except Exception as err:  # Streamlit's own rerun/stop signals are BaseExceptions and pass
            show_failure(err, f"callback {getattr(callback, '__name__', '?')}", CALLBACK_FAILED)
            return None

    return run


def show_failure(err: Exception, where: str, message: str) -> None:
    """An unexpected error, as a user sees it: the plain ``message`` and a short reference; the
    traceback (with the server's paths) goes to the server log under that reference only."""
    reference = secrets.token_hex(3)
    log.error("%s failed (reference %s):\n%s", where, reference, traceback.format_exc())
    st.error(message, icon=":material/error:")
    st.caption(f"For the teacher or a bug report: a {type(err).__name__}, reference {reference} "
               "(the details are in the server's log).")
