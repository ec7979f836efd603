"""Live views: charts that change in place, and a frame player that plays in the browser.

``st.plotly_chart`` (Streamlit 1.67) derives its element id from the figure, so a changed
figure is a new element: the old plot is torn down and drawn again, which shows as a blank
chart on every update. This component keeps one Plotly plot per view and hands each new
figure to ``Plotly.react``, so a chart never goes blank; its player (``live_board.js``) also
plays frames sent ahead by the server at a steady rate, so Play does not wait on round trips.

plotly.js is the file inside the installed ``plotly`` package, served by the app's own server
under ``/_stcore/bidi-components/shallownet.live/plotly.min.js`` (no CDN): the component is
registered with that package folder as its asset folder, the way Streamlit serves an
installed component's files.
"""

from __future__ import annotations

import threading
from pathlib import Path

import plotly
import streamlit as st

from ..figures.board import CSS, JS, encoded, plot_spec
from ..figures.style import readable
from .display import chart_font_px

NAME = "shallownet.live"
# Frames are made one session at a time. The work is many small NumPy calls that hold the GIL,
# and forty sessions' threads interleaving them spent several times the CPU of the same work
# done in turn (bench/bench_play.py). It guards no data: every session's state stays its own.
FRAME_WORK = threading.Lock()
PLOTLY_DIR = Path(plotly.__file__).parent  # plotly.min.js is in its package_data/


def _serve_plotly_js() -> None:
    """Make this runtime serve the installed plotly.js as an asset of the component (once per
    runtime: a test harness makes a new one per app)."""
    from streamlit.components.v2.manifest_scanner import ComponentConfig, ComponentManifest
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return
    manager = Runtime.instance().bidi_component_registry
    if manager.get_component_path(NAME) is not None:
        return
    package, component = NAME.split(".")
    manifest = ComponentManifest(name=package, version="1",
                                 components=[ComponentConfig(name=component, asset_dir="package_data")])
    manager.register_from_manifest(manifest, PLOTLY_DIR)  # a placeholder; the mount below defines it


_COMPONENT = st.components.v2.component(NAME, js=JS, css=CSS, isolate_styles=False)


def live_board(payload: dict, key: str, **callbacks):
    """Mount (or update in place) a board: ``payload`` as described in ``live_board.js``.
    ``callbacks`` are ``on_need_change`` / ``on_control_change`` for a player's requests."""
    _serve_plotly_js()
    return _COMPONENT(data=encoded(with_readable_text(payload)), key=key, height="content", **callbacks)


def preload_plotly() -> None:
    """Have the browser fetch and compile plotly.js (4.6 MB) now, while the server is still
    working on the page, rather than when its first chart arrives: the same component, given no
    board, only loads the library (it draws nothing and takes no room)."""
    _serve_plotly_js()
    # no key: nothing to address, and the same data each run keeps the same element
    _COMPONENT(data=encoded({"preload": True}), height="content")


def with_readable_text(payload: dict) -> dict:
    """``payload`` with its base figures' text at least the display's smallest size (the size is
    part of each figure's ``rev``, so turning presentation mode on redraws them)."""
    if not payload.get("plots"):
        return payload
    px = chart_font_px()
    plots = [{**p, "figure": readable(p["figure"], px), "rev": f"{p['rev']}@{px}"} for p in payload["plots"]]
    return {**payload, "plots": plots}


def live_chart(fig: dict, key: str, alt: str = "", rev: str | None = None, fit: tuple[int, int] | None = None,
               min_width: int = 0):
    """A single chart that updates in place when ``fig`` changes (the drop-in for ``chart``);
    ``fit``, ``min_width``: sized to the screen (see :func:`shallownet.figures.board.plot_spec`)."""
    return live_board({"epoch": key, "plots": [plot_spec("main", fig, alt, rev, fit=fit, min_width=min_width)]}, key)
