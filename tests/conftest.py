"""Shared test helpers: AppTest runs of the real app, one page at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


@pytest.fixture
def app_at():
    """Factory: an AppTest of app.py, optionally opened on ``page`` with ``query`` params.

    ``app_at("app_pages/data.py", query={"h": "3"})`` returns the AppTest after its first run.
    """
    from streamlit.testing.v1 import AppTest

    def make(page: str | None = None, query: dict | None = None, timeout: float = 30):
        at = AppTest.from_file(APP, default_timeout=timeout)
        for key, value in (query or {}).items():
            at.query_params[key] = value
        at.run()
        if page is not None:
            at.switch_page(page)
            at.run()
        return at

    return make


def charts(at) -> list[dict]:
    """The Plotly figures an AppTest run rendered, as JSON dicts."""
    import json

    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def live_payload(el) -> dict:
    """The payload of one live view element (sent as JSON bytes, or JSON)."""
    import json

    return json.loads(el.proto.bytes if el.proto.WhichOneof("data") == "bytes" else el.proto.json)


def live_elements(at) -> list:
    """The live views' elements (other components, e.g. the click guard, carry no payload)."""
    return [el for el in at.get("bidi_component") if el.proto.component_name == "shallownet.live"]


def live_boards(at) -> dict[str, dict]:
    """The payloads of the live views (``shallownet.ui.live``) an AppTest run rendered, by the
    key the page gave each one (the element id ends with it)."""
    return {el.proto.id.split("-", 2)[-1]: live_payload(el) for el in live_elements(at)}


def live_figures(at) -> dict[str, dict]:
    """The figures of the live views, by key: a single chart's figure under its key, each view
    of a board with several under "key/view". Chunks that carry no base figures add nothing."""
    out = {}
    for key, payload in live_boards(at).items():
        plots = payload.get("plots") or []
        for plot in plots:
            out[key if len(plots) == 1 and plot["id"] == "main" else f"{key}/{plot['id']}"] = plot["figure"]
    return out


def live_bytes(at) -> int:
    """Bytes of payload the live views of an AppTest run send (their figures and settings)."""
    return sum(len(el.proto.bytes) + len(el.proto.json) for el in live_elements(at))


def setting_widget(at, name: str):
    """The sidebar widget of setting ``name`` (its kind follows the settings model). A setting
    behind the closed "More settings" expander is brought on screen first (one rerun)."""
    from shallownet.ui.settings import FIELD_BY_NAME
    from shallownet.ui.state import MAIN_SETTINGS, MORE_OPEN

    if name not in MAIN_SETTINGS and not at.session_state[MORE_OPEN]:
        at.session_state[MORE_OPEN] = True
        at.run()
    f = FIELD_BY_NAME[name]
    key = f"cfg.{name}"
    if f.kind == "choice":
        return at.selectbox(key=key)
    return at.number_input(key=key) if f.log else at.slider(key=key)
