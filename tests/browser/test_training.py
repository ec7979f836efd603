"""The Training page in a real browser: the play timer, divergence, the replay, and the
exported HTML animation playing with the network switched off."""

from __future__ import annotations

import io
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
    """The number in the board's "Iteration" box."""
    text = pg.locator(".sn-stat[data-stat='Iteration'] .sn-stat-value").first.inner_text()
    return int(text.replace(",", ""))


def press(pg, name: str) -> None:
    pg.get_by_role("button", name=name, exact=True).click()
    wait_ready(pg)


def play_button(pg):
    return pg.locator(".sn-play").first


# Every 50 ms: for each live view, is its plot drawn (the heat map's image, the points, the
# lines), where is it, and what does its title say.
SAMPLER = """(selector) => {
  window.__samples = [];
  window.__sampler = setInterval(() => {
    const row = [];
    for (const p of document.querySelectorAll(selector)) {
      const r = p.getBoundingClientRect();
      row.push({id: p.dataset.view, x: r.x, y: r.y, w: r.width, h: r.height,
                svg: p.querySelectorAll('.main-svg').length,
                images: p.querySelectorAll('.heatmaplayer image, g.hm image').length,
                points: p.querySelectorAll('.scatterlayer .point').length,
                lines: p.querySelectorAll('.scatterlayer .js-line, .contourlayer path').length,
                title: (p.querySelector('.gtitle') || {}).textContent || ''});
    }
    window.__samples.push(row);
  }, 50);
}"""


def take_samples(pg, selector: str = ".sn-plot") -> None:
    pg.evaluate(SAMPLER, selector)


def samples(pg) -> list[list[dict]]:
    return pg.evaluate("() => { clearInterval(window.__sampler); return window.__samples; }")


def blank_and_moves(rows: list[list[dict]]) -> tuple[list, float]:
    """The samples in which a view that had been drawn shows no plot (or fewer of its parts),
    and the largest movement of any view's box from where it first stood."""
    first, drawn, blank, moved = {}, {}, [], 0.0
    for k, row in enumerate(rows):
        for v in row:
            parts = (v["svg"] > 0, v["images"] > 0, v["points"] > 0, v["lines"] > 0)
            had = drawn.get(v["id"])
            if had and any(h and not now for h, now in zip(had, parts, strict=True)):
                blank.append((k, v["id"], parts))
            drawn[v["id"]] = tuple(h or now for h, now in zip(had or parts, parts, strict=True))
            if v["svg"]:
                box = first.setdefault(v["id"], (v["x"], v["y"], v["w"], v["h"]))
                moved = max(moved, *(abs(a - b) for a, b in zip(box, (v["x"], v["y"], v["w"], v["h"]), strict=True)))
    seen = {v["id"] for row in rows for v in row}
    missing = [view for view in seen if view not in drawn]
    assert not missing, f"views never drawn: {missing}"
    return blank, moved


def test_play_never_blanks_or_moves_a_chart_and_pause_keeps_the_frame(page, server_url):
    open_page(page, server_url, PATH)
    assert shown_iteration(page) == 0
    take_samples(page)
    play_button(page).click()
    page.wait_for_timeout(20_000)
    rows = samples(page)
    counters = page.evaluate("() => { const b = document.querySelector('.sn-board').__board; "
                             "return {played: b.played, stalls: b.stalls}; }")
    blank, moved = blank_and_moves(rows)
    assert not blank, f"{len(blank)} of {len(rows)} samples show a drawn chart blank, e.g. {blank[:3]}"
    assert moved <= 2, f"a chart moved by {moved:.1f} px while playing"
    titles = {v["title"] for row in rows for v in row if v["id"] == "boundary"}
    assert len(titles) >= 20, f"only {len(titles)} different boundary frames in 20 s"
    assert len(rows) >= 40 and counters["played"] >= 20  # the sampler runs between redraws
    # Pause: training stops on the frame on screen, and the numbers are those of that frame
    play_button(page).click()
    page.wait_for_timeout(300)
    at_pause = page.locator(".sn-frame-label").first.inner_text()
    wait_ready(page)
    page.wait_for_timeout(1000)
    stopped = shown_iteration(page)
    assert at_pause == f"iteration {stopped:,}", "the board did not stay on the frame it showed at Pause"
    assert stopped > 0
    page.wait_for_timeout(1500)
    assert shown_iteration(page) == stopped, "training went on after pause"
    title = page.locator(".sn-plot[data-view='boundary'] .gtitle").first.text_content()
    assert title == f"Decision boundary at iteration {stopped:,}"
    assert play_button(page).inner_text().strip() == "▶ Play"
    assert_no_exception(page)
    screenshot(page, "training-after-play")


def test_step_while_playing_pauses_and_steps_from_the_frame_on_screen(page, server_url):
    open_page(page, server_url, PATH)
    play_button(page).click()
    page.wait_for_timeout(2000)
    press(page, "Step")
    first = shown_iteration(page)
    assert first > 1 and play_button(page).inner_text().strip() == "▶ Play"
    page.wait_for_timeout(1200)
    assert shown_iteration(page) == first
    press(page, "Step")
    assert shown_iteration(page) == first + 1
    press(page, "Reset")
    assert shown_iteration(page) == 0
    assert_no_exception(page)


def test_live_page_after_training(page, server_url):
    open_page(page, server_url, PATH)
    press(page, "×100")
    press(page, "×100")
    assert shown_iteration(page) == 200
    assert page.locator(".sn-plot .main-svg").count() >= 3
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


def assert_replay_draws_every_frame(pg, what: str) -> None:
    """Play the replay on ``pg`` and sample it: every sample shows the points, the heat map and
    the boundary; several frames are seen; the last one is reached."""
    take_samples(pg, ".sn-plot[data-view='replay']")
    # three times the usual rate: every frame is still drawn, and the test takes a third as long
    pg.evaluate("() => { const b = document.querySelector('.sn-board').__board; b.player.fps *= 3; }")
    pg.locator(".sn-play").first.click()
    pg.wait_for_function("() => { const b = document.querySelector('.sn-board').__board; "
                         "return b.replayIndex === b.replayFrames.length - 1 && !b.playing; }", timeout=60_000)
    rows = [row for row in samples(pg) if row]
    assert len(rows) >= 10, f"{what}: too few samples"
    points = {v["points"] for row in rows for v in row}
    assert min(points) >= 300, f"{what}: the points vanished while playing ({sorted(points)[:5]})"
    assert all(v["images"] > 0 and v["lines"] > 0 for row in rows for v in row), f"{what}: heat map or lines missing"
    labels = pg.evaluate("() => document.querySelector('.sn-frame-label').textContent")
    assert labels.startswith("iteration ")


def test_replay_and_its_html_export_play_offline(page, server_url, browser, tmp_path):
    open_page(page, server_url, PATH)
    press(page, "×100")
    press(page, "×100")
    page.get_by_text("Replay the run", exact=True).click()
    wait_ready(page)
    assert page.locator(".sn-slider").count() == 1
    assert_replay_draws_every_frame(page, "in the app")
    assert page.locator(".sn-frame-label").first.inner_text() == "iteration 200"
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
        pg.wait_for_function("() => window.Plotly && document.querySelector('.sn-plot .main-svg')", timeout=60_000)
        n_frames = pg.evaluate("() => document.querySelector('.sn-board').__board.replayFrames.length")
        assert 2 <= n_frames <= 60
        assert_replay_draws_every_frame(pg, "in the exported file")
        pg.screenshot(path=str(SCREENSHOTS / "training-export-offline.png"))
        assert requested == [], f"the exported page tried the network: {requested[:3]}"
    finally:
        offline.close()
