"""The Training page in a real browser: the play timer, divergence, the replay, and the
exported HTML animation playing with the network switched off."""

from __future__ import annotations

import io
import time
from pathlib import Path

import numpy as np

from shallownet.datasets import make_dataset
from shallownet.model_io import params_from_npz
from shallownet.network import predict
from shallownet.training import Trainer
from shallownet.ui.settings import DEFAULTS
from tests.browser.conftest import SCREENSHOTS, assert_no_exception, open_exports, open_page, screenshot, wait_ready

PATH = "training"


def shown_iteration(pg) -> int:
    """The number in the "Iteration" metric."""
    metric = pg.locator("[data-testid='stMetric']").filter(has_text="Iteration").first
    return int(metric.locator("[data-testid='stMetricValue']").inner_text().replace(",", ""))


def press(pg, name: str) -> None:
    pg.get_by_role("button", name=name, exact=True).click()
    wait_ready(pg)


def play_toggle(pg):
    return pg.locator("[data-testid='stCheckbox']").filter(has_text="Play").locator("label").first


def test_play_keeps_training_on_a_timer_and_pause_stops_it(page, server_url):
    open_page(page, server_url, PATH)
    assert shown_iteration(page) == 0
    play_toggle(page).click()
    deadline, seen = time.monotonic() + 45, [0]
    while time.monotonic() < deadline and len(set(seen)) < 3:  # two advances with no click in between
        page.wait_for_timeout(400)
        try:
            seen.append(shown_iteration(page))
        except ValueError:  # the metric is being redrawn
            continue
    assert len(set(seen)) >= 3 and seen == sorted(seen), f"the iteration did not advance on its own: {seen}"
    play_toggle(page).click()
    wait_ready(page)
    stopped = shown_iteration(page)
    page.wait_for_timeout(1500)
    assert shown_iteration(page) == stopped, "training went on after pause"
    assert_no_exception(page)
    screenshot(page, "training-after-play")


def test_live_page_after_training(page, server_url):
    open_page(page, server_url, PATH)
    press(page, "×100")
    press(page, "×100")
    assert shown_iteration(page) == 200
    assert page.locator("[data-testid='stPlotlyChart']").count() == 3
    assert_no_exception(page)
    screenshot(page, "training-live")


def test_divergence_is_explained_and_reset_recovers(page, server_url):
    open_page(page, server_url, PATH, "data=blobs&g=relu&init=10&lr=10")
    press(page, "×10")
    alert = page.locator("[data-testid='stAlert']").filter(has_text="diverged")
    assert alert.count() == 1 and "α = 10" in alert.inner_text()
    assert "nan" not in page.locator("[data-testid='stMain']").inner_text().lower()
    assert_no_exception(page)
    screenshot(page, "training-diverged")
    press(page, "Reset")
    assert shown_iteration(page) == 0
    assert page.locator("[data-testid='stAlert']").filter(has_text="diverged").count() == 0


def test_npz_download_reloads_into_the_same_predictions(page, server_url):
    open_page(page, server_url, PATH)
    press(page, "×100")
    open_exports(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Parameters (.npz)").click()
    blob = Path(info.value.path()).read_bytes()
    params, activation = params_from_npz(blob, n_x=2, n_h=DEFAULTS.n_h)
    s = DEFAULTS
    data = make_dataset(s.dataset, s.n_samples, s.noise, s.data_seed, s.test_fraction)
    here = Trainer(data, s.n_h, s.activation, init_scale=s.init_scale, init_seed=s.init_seed)
    here.step(100, s.learning_rate)
    np.testing.assert_array_equal(predict(params, data.X, activation), predict(here.params, data.X, s.activation))
    with np.load(io.BytesIO(blob), allow_pickle=False) as npz:
        assert int(npz["iteration"]) == 100


def test_replay_and_its_html_export_play_offline(page, server_url, browser, tmp_path):
    open_page(page, server_url, PATH)
    press(page, "×100")
    press(page, "×100")
    page.get_by_text("Replay the run", exact=True).click()
    wait_ready(page)
    chart = page.locator("[data-testid='stPlotlyChart']").first
    assert chart.locator(".slider-container").count() == 1
    assert_no_exception(page)
    screenshot(page, "training-replay")

    open_exports(page)
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="Animation (HTML, plays offline)").click()
    html = tmp_path / "animation.html"
    info.value.save_as(html)
    assert html.stat().st_size > 3_000_000  # plotly.js is inside

    offline = browser.new_context(offline=True, viewport={"width": 1280, "height": 800})
    requested = []

    def block(route):  # nothing but the file itself may load
        requested.append(route.request.url)
        route.abort()

    offline.route(lambda url: not url.startswith("file:"), block)
    try:
        pg = offline.new_page()
        pg.goto(html.as_uri())
        pg.wait_for_function("() => window.Plotly && document.querySelector('.plotly-graph-div')._transitionData",
                             timeout=60_000)
        n_frames = pg.evaluate("() => document.querySelector('.plotly-graph-div')._transitionData._frames.length")
        assert 2 <= n_frames <= 60
        assert pg.evaluate("() => document.querySelector('.plotly-graph-div').layout.sliders[0].active") == 0
        pg.get_by_text("▶ Play").click()
        pg.wait_for_function(
            "() => document.querySelector('.plotly-graph-div').layout.sliders[0].active >= 3", timeout=30_000
        )
        pg.screenshot(path=str(SCREENSHOTS / "training-export-offline.png"))
        assert requested == [], f"the exported page tried the network: {requested[:3]}"
    finally:
        offline.close()
