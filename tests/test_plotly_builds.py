"""The two plotly.js builds the live views load: the cartesian build shipped with the app draws
exactly the trace types the board script believes it draws, it is the same major version as the
full build of the installed plotly package, and every 2-D figure the app makes needs nothing more.
The board's choice between them is checked in the browser (tests/browser/test_pages.py)."""

from __future__ import annotations

import re
from pathlib import Path

import plotly

from shallownet.ui.live import FIGURES_DIR, PLOTLY_DIR
from shallownet.ui.pages_registry import PAGES

CARTESIAN = FIGURES_DIR / "plotlyjs" / "plotly-cartesian.min.js"
FULL = PLOTLY_DIR / "package_data" / "plotly.min.js"
BOARD_JS = FIGURES_DIR / "live_board.js"
ROOT = Path(__file__).resolve().parent.parent


def registered_traces(bundle: Path) -> set[str]:
    """The trace modules a plotly.js build registers, read from its source."""
    return set(re.findall(r'moduleType:"trace",name:"([a-z0-9]+)"', bundle.read_text(encoding="utf-8")))


def version(bundle: Path) -> tuple[int, ...]:
    head = bundle.read_text(encoding="utf-8")[:200]
    return tuple(int(x) for x in re.search(r"v(\d+)\.(\d+)\.(\d+)", head).groups())


def test_the_board_script_knows_what_the_cartesian_build_draws():
    listed = re.search(r"const SMALL_TRACES = new Set\(\[([^\]]*)\]\)", BOARD_JS.read_text()).group(1)
    assert set(re.findall(r"'([a-z0-9]+)'", listed)) == registered_traces(CARTESIAN)


def test_the_full_build_draws_what_the_cartesian_one_cannot():
    full = registered_traces(FULL)
    assert registered_traces(CARTESIAN) < full
    assert {"surface", "scatter3d", "scattergl"} <= full - registered_traces(CARTESIAN)


def test_both_builds_are_the_same_major_version():
    assert version(CARTESIAN)[0] == version(FULL)[0], (
        f"plotly {plotly.__version__} ships plotly.js {version(FULL)}; the cartesian build is {version(CARTESIAN)}")


def test_the_cartesian_build_carries_its_licence():
    assert "MIT" in (FIGURES_DIR / "plotlyjs" / "LICENSE").read_text()
    assert "Licensed under the MIT license" in CARTESIAN.read_text(encoding="utf-8")[:300]


def test_only_pages_that_draw_3d_ask_for_the_full_build():
    """A 3-D trace outside a page marked ``draws_3d`` still draws (the board loads the full build
    when a figure needs it) but that page's first chart waits for two builds."""
    three_d = re.compile(r'"type":\s*"(surface|scatter3d|mesh3d)"|type="(surface|scatter3d|mesh3d)"')
    drawing = {p.name for p in PAGES if p.draws_3d}
    assert drawing == {"landscape"}
    users = {f.stem for f in (ROOT / "shallownet" / "figures").glob("*.py") if three_d.search(f.read_text())}
    assert users == {"landscape_view"}
