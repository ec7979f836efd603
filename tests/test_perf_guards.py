"""Cheap guards for the performance budgets that must not regress.

The full figures come from bench/ (per-page timings, cold start, the classroom load
test); these tests only hold the lines that are cheap to check on every run:

* every page of the registry sends at most 1.5 MB of chart JSON, fresh and after
  10 000 training steps (when the history and the training animation are largest);
* no page takes more than a generous ceiling to rerun;
* 10 000 steps keep the trainer's history within 20 MB;
* the benchmarks cover every page the app offers, and their websocket client still
  speaks Streamlit's protocol.
"""

from __future__ import annotations

import asyncio

import pytest

from bench.common import FLOOR_APP, StreamlitClient, registry, running_server
from shallownet.ui.keys import TRAINER
from shallownet.ui.pages_registry import PAGES as APP_PAGES
from tests.conftest import live_bytes

CHART_BUDGET = int(1.5 * 1024 * 1024)  # bytes of Plotly JSON per page
TRAINED_STEPS = 10_000
HISTORY_BUDGET = 20 * 1024 * 1024

PAGES = registry()


def chart_bytes(at) -> int:
    """Bytes of chart JSON a run sends: Plotly charts and the live views' payloads."""
    return sum(len(el.proto.spec) for el in at.get("plotly_chart")) + live_bytes(at)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_within_payload_budget(app_at, page):
    """Bytes only: how fast a page reruns is measured in bench/bench_pages.py, not asserted."""
    at = app_at(page.script)
    assert not at.exception, [e.value for e in at.exception]
    fresh = chart_bytes(at)
    assert fresh <= CHART_BUDGET, f"{page.name} sends {fresh / 2**20:.2f} MB of chart JSON"
    at.run()  # a warm rerun stays clean and within budget too
    assert not at.exception and chart_bytes(at) <= CHART_BUDGET


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_payload_after_long_training(app_at, page):
    """Train the session's model on the default page, then open ``page``: its charts
    (the training animation included) stay within budget at 10 000 steps."""
    from shallownet.ui.settings import DEFAULTS

    at = app_at()
    trainer = at.session_state[TRAINER] if TRAINER in at.session_state else None
    if trainer is None:
        pytest.skip("the session keeps no trainer")
    trainer.step(TRAINED_STEPS, DEFAULTS.learning_rate)
    at.switch_page(page.script)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    trained = chart_bytes(at)
    assert trained <= CHART_BUDGET, (
        f"{page.name} sends {trained / 2**20:.2f} MB of chart JSON after {trainer.iteration} steps"
    )


def test_history_of_ten_thousand_steps_within_budget():
    from shallownet.datasets import make_dataset
    from shallownet.training import Trainer
    from shallownet.ui.settings import DEFAULTS as d

    data = make_dataset(d.dataset, d.n_samples, d.noise, d.data_seed, d.test_fraction)
    trainer = Trainer(data, d.n_h, d.activation, init_scale=d.init_scale, init_seed=d.init_seed)
    for _ in range(TRAINED_STEPS // 100):  # as a hundred ×100 clicks
        trainer.step(100, d.learning_rate)
    assert trainer.iteration == TRAINED_STEPS
    assert trainer.history_nbytes() <= HISTORY_BUDGET
    assert len(trainer.snapshots) <= trainer.snapshot_cap


def test_benchmarks_cover_every_page_of_the_app():
    assert [p.script for p in PAGES] == [p.script for p in APP_PAGES]
    assert [p.url_path for p in PAGES] == [p.url_path for p in APP_PAGES]


def test_websocket_client_speaks_the_protocol():
    """The load benchmark's client against the floor app: a run and a button click."""

    async def session(ws_url):
        async with StreamlitClient(ws_url, timeout=60) as client:
            first = await client.open("")
            button = client.widget(r"×10")
            clicked = await client.click(button)
            return first, button, clicked

    with running_server(FLOOR_APP, "test-floor") as server:
        first, button, clicked = asyncio.run(session(server.ws_url))
    assert first.ok and first.charts == 1 and first.chart_bytes > 0
    assert button is not None
    assert clicked.ok and clicked.charts == 1


def test_figure_builders_write_plain_dicts_without_graph_objects():
    """Building graph objects validated every property: 10–30 ms per figure on every first
    visit of every student. The builders write Plotly's JSON schema directly; the figure
    tests validate what they write through ``go.Figure``."""
    import ast
    from pathlib import Path

    slow = {"plotly.graph_objects", "plotly.graph_objs", "plotly.subplots", "plotly.express"}
    found = {}
    for path in sorted((Path(__file__).resolve().parent.parent / "shallownet" / "figures").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            hits = [n for n in names if n in slow or any(n.startswith(s + ".") for s in slow)]
            if hits:
                found.setdefault(path.name, []).extend(hits)
    assert not found, found
