"""Live views: charts that change in place, and a frame player that plays in the browser.

``st.plotly_chart`` (Streamlit 1.67) derives its element id from the figure, so a changed
figure is a new element: the old plot is torn down and drawn again, which shows as a blank
chart on every update. This component keeps one Plotly plot per view and hands each new
figure to ``Plotly.react``, so a chart never goes blank; its player (``live_board.js``) also
plays frames sent ahead by the server at a steady rate, so Play does not wait on round trips.

plotly.js comes in two builds, both served by the app's own server (no CDN), each registered
as a component's asset folder, the way Streamlit serves an installed component's files:

- the cartesian build (``figures/plotlyjs/``, plotly.js's own partial bundle, 1.5 MB) under
  ``/_stcore/bidi-components/shallownet.live/plotly-cartesian.min.js``: every 2-D chart. The
  browser compiles it about three times faster than the full build, which is most of the time
  to a page's first chart;
- the full build inside the installed ``plotly`` package (4.6 MB) under
  ``/_stcore/bidi-components/plotly.full/plotly.min.js``: loaded only for 3-D and WebGL views.
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
PLOTLY_DIR = Path(plotly.__file__).parent  # the full plotly.min.js is in its package_data/
FIGURES_DIR = Path(__file__).resolve().parents[1] / "figures"  # the cartesian build in plotlyjs/
FULL = "plotly.full"


def _serve_plotly_js() -> None:
    """Make this runtime serve both plotly.js builds as components' assets (once per runtime: a
    test harness makes a new one per app)."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return
    manager = Runtime.instance().bidi_component_registry
    if manager.get_component_path(NAME) is not None:
        return
    _register_assets(manager, FULL, PLOTLY_DIR, "package_data")
    _register_assets(manager, NAME, FIGURES_DIR, "plotlyjs")  # a placeholder; the mount below defines it


def _register_assets(manager, name: str, root: Path, asset_dir: str) -> None:
    from streamlit.components.v2.manifest_scanner import ComponentConfig, ComponentManifest

    package, component = name.split(".")
    manifest = ComponentManifest(name=package, version="1",
                                 components=[ComponentConfig(name=component, asset_dir=asset_dir)])
    manager.register_from_manifest(manifest, root)


_COMPONENT = st.components.v2.component(NAME, js=JS, css=CSS, isolate_styles=False)


def live_board(payload: dict, key: str, **callbacks):
    """Mount (or update in place) a board: ``payload`` as described in ``live_board.js``.
    ``callbacks`` are ``on_need_change`` / ``on_control_change`` for a player's requests."""
    _serve_plotly_js()
    return _COMPONENT(data=encoded(with_readable_text(payload)), key=key, height="content", **callbacks)


def preload_plotly(full: bool = False) -> None:
    """Have the browser fetch and compile plotly.js now, while the server is still working on the
    page, rather than when its first chart arrives: the same component, given no board, only
    loads the library (it draws nothing and takes no room). ``full``: the page draws 3-D."""
    _serve_plotly_js()
    # no key: nothing to address, and the same data each run keeps the same element
    _COMPONENT(data=encoded({"preload": "full" if full else "small"}), height="content")


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
