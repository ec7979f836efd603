"""Long and rough sessions on the Training page, in the real app.

* Play left running for thousands of steps at the fastest speed, the learning rate changed and
  the page switched while playing, then play again: the app keeps answering, the iteration count
  is exactly the number of rows of the run's history (downloaded as CSV), the learning rate
  column shows the change, and the server's memory stays bounded.
* Reset while playing stops at iteration 0; a new architecture while playing starts a new network.
* A lost connection (socket dropped, network off for a few seconds) reconnects to the same
  session: the training is still there.
* A reload starts a new session: the settings come back from the address bar, training restarts
  from iteration 0, and the page says so.

The server here is this module's own, so its memory can be read from /proc.
"""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest

from shallownet.playback import PLAY_SPEEDS
from tests.browser.conftest import (
    assert_no_exception,
    is_playing,
    open_exports,
    running_app_process,
    screenshot,
    set_play,
    set_speed,
    shown_iteration,
    wait_ready,
)

PLAY_TARGET = 2000  # steps played in the long run ("thousands"); ~4 s at 50 steps per frame, 10 frames a second
# a hang guard, never a speed: playing waits this long for a target before the test fails on the
# count (how fast the steps come belongs to bench/bench_play.py)
HANG_GUARD_S = 180
MEMORY_GROWTH_MB = 150  # the server's resident memory may grow this much over the whole test …
PLAY_GROWTH_MB = 30  # … and this much while a warm session plays on (measured: ~5 MB over 8000 steps)
# Keeps every WebSocket the page opens, so a test can drop the connection like a network would
KEEP_SOCKETS = """(() => {
  const Native = window.WebSocket;
  window.__sockets = [];
  window.WebSocket = function (...args) { const s = new Native(...args); window.__sockets.push(s); return s; };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, Native);
})()"""


@pytest.fixture(scope="module")
def server():
    """`streamlit run app.py` for this module: (base URL, process) so memory can be measured."""
    with running_app_process("streamlit-long-session.log") as url_and_proc:
        yield url_and_proc


def rss_mb(pid: int) -> float | None:
    status = Path(f"/proc/{pid}/status")
    if not status.exists():
        return None
    for line in status.read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


# -- reading and driving the Training page --------------------------------------------------------
def iteration(pg) -> int:
    return shown_iteration(pg)


def fastest_speed(pg) -> int:
    return set_speed(pg, max(PLAY_SPEEDS))


def sidebar_number(pg, label: str, value: str) -> None:
    box = pg.locator("[data-testid='stSidebar']").get_by_role("spinbutton", name=label)
    box.fill(value)
    box.press("Enter")


def play_until(pg, target: int, deadline: float) -> list[int]:
    """Readings of the iteration every ~0.5 s until it reaches ``target`` or the deadline passes."""
    readings = [iteration(pg)]
    while readings[-1] < target and time.monotonic() < deadline:
        pg.wait_for_timeout(500)
        readings.append(iteration(pg))
    return readings


def history_csv(pg) -> list[dict]:
    open_exports(pg)
    with pg.expect_download(timeout=30_000) as download:
        pg.get_by_role("button", name="History (CSV)").click()
    return list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text())))


def open_training(pg, url: str, query: str = "") -> None:
    pg.goto(f"{url}/training{'?' + query if query else ''}")
    wait_ready(pg, 60_000)
    assert_no_exception(pg)


# -- the tests --------------------------------------------------------------------------------------
def test_play_for_thousands_of_steps_with_changes_midway(page, server):
    url, proc = server
    started = time.monotonic()
    open_training(page, url)
    speed = fastest_speed(page)
    assert speed == 50
    rss_before = rss_mb(proc.pid)

    set_play(page, True)
    first = play_until(page, PLAY_TARGET // 2, started + HANG_GUARD_S)
    assert first == sorted(first) and first[-1] > 0, first
    assert all(r % speed == 0 for r in first), f"the count moves in ticks of {speed}: {first}"

    sidebar_number(page, "Learning rate α", "0.5")  # mid-play: continues from the current parameters
    page.wait_for_function("() => location.search.includes('lr=0.5')", timeout=15_000)
    after = play_until(page, first[-1] + 2 * speed, started + HANG_GUARD_S)
    assert after[-1] > first[-1], "training goes on after the learning rate changed"

    page.locator("[data-testid='stSidebarNav'] a", has_text="Data").click()  # mid-play: another page
    wait_ready(page)
    assert_no_exception(page)
    page.locator("[data-testid='stSidebarNav'] a", has_text="Training").click()
    wait_ready(page)
    assert_no_exception(page)
    kept = iteration(page)
    assert kept >= after[-1], "the run survived the page switch"

    rss_warm = rss_mb(proc.pid)
    set_play(page, True)
    second = play_until(page, PLAY_TARGET, started + HANG_GUARD_S)
    set_play(page, False)
    wait_ready(page)
    rss_played = rss_mb(proc.pid)
    final = iteration(page)
    assert final >= PLAY_TARGET, f"play stopped at {final} before {PLAY_TARGET}: {second}"
    page.wait_for_timeout(1000)
    assert iteration(page) == final, "play stopped means no more steps"

    rows = history_csv(page)
    assert len(rows) == final + 1, "one history row per iteration, 0 … t"
    assert [int(r["iteration"]) for r in rows] == list(range(final + 1))
    rates = [float(r["learning_rate"]) for r in rows[1:]]
    assert rates[0] == pytest.approx(1.2) and rates[-1] == pytest.approx(0.5)
    assert rates == sorted(rates, reverse=True), "the rate changed once, from 1.2 to 0.5"

    rss_after = rss_mb(proc.pid)
    if rss_before is not None:
        assert rss_played - rss_warm < PLAY_GROWTH_MB, f"playing on grew the server by {rss_played - rss_warm:.0f} MB"
        assert rss_after - rss_before < MEMORY_GROWTH_MB, f"server grew {rss_after - rss_before:.0f} MB"
    screenshot(page, "long-session-after-play")
    elapsed = time.monotonic() - started
    print(f"played {final} steps in {elapsed:.1f} s")
    if rss_before is not None:
        print(f"played {final} steps (second stretch {second[0]} → {final}); server RSS {rss_before:.0f} MB at the "
              f"start, {rss_warm:.0f} → {rss_played:.0f} MB over the second stretch, {rss_after:.0f} MB at the end")


def test_reset_and_new_network_while_playing(page, server):
    url, _ = server
    started = time.monotonic()
    open_training(page, url)
    fastest_speed(page)
    set_play(page, True)
    before_reset = play_until(page, 200, started + HANG_GUARD_S)[-1]
    assert before_reset >= 200

    page.get_by_role("button", name="Reset", exact=True).click()  # mid-play
    wait_ready(page)
    page.wait_for_timeout(1500)
    after_reset, still_playing = iteration(page), is_playing(page)
    # a play tick sent by the browser just before the Reset must neither train nor switch Play back on
    assert (after_reset, still_playing) == (0, False), "Reset while playing stops at iteration 0"
    rows = history_csv(page)
    assert len(rows) == 1, "after a reset the history holds iteration 0 only"

    set_play(page, True)
    before = play_until(page, 400, time.monotonic() + HANG_GUARD_S)[-1]
    assert before >= 400
    slider = page.locator("[data-testid='stSidebar'] input[type=range][aria-label='Hidden units n_h']")
    slider.focus()
    page.keyboard.press("ArrowRight")  # n_h 4 → 5 mid-play: a new network starts from iteration 0
    page.wait_for_function("() => location.search.includes('h=5')", timeout=15_000)
    wait_ready(page)  # the new network's board has arrived (not playing: it starts at iteration 0)
    set_play(page, False)
    wait_ready(page)
    assert_no_exception(page)
    restarted = iteration(page)
    assert restarted < before, f"a new architecture starts a new run ({before} before, {restarted} after)"
    assert "n_h = 5" in page.locator("[data-testid='stMain']").inner_text()


def test_a_lost_connection_keeps_the_session(browser, server):
    url, _ = server
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(KEEP_SOCKETS)
    pg = context.new_page()
    try:
        open_training(pg, url, "h=5")
        pg.get_by_role("button", name="×100").click()
        wait_ready(pg)
        assert iteration(pg) == 100

        context.set_offline(True)  # the network goes away and the open socket drops
        pg.evaluate("() => window.__sockets.forEach(s => s.close())")
        pg.wait_for_function("""() => document.querySelector("[data-testid='stApp']")
                                .getAttribute('data-test-connection-state') !== 'CONNECTED'""", timeout=10_000)
        pg.wait_for_timeout(3000)
        context.set_offline(False)
        wait_ready(pg, 30_000)
        assert pg.evaluate("() => window.__sockets.length") >= 2, "the page opened a new connection"

        pg.get_by_role("button", name="×10", exact=True).click()
        wait_ready(pg)
        assert iteration(pg) == 110, "the reconnected page talks to the same session and its trainer"
        assert "h=5" in pg.url
        assert_no_exception(pg)
    finally:
        context.close()


def test_a_reload_restores_the_settings_and_the_run(page, server):
    url, _ = server
    open_training(page, url, "h=6&lr=0.3&data=circles")
    page.get_by_role("button", name="×100").click()
    wait_ready(page)
    assert iteration(page) == 100
    page.reload()
    wait_ready(page, 60_000)
    assert_no_exception(page)
    assert iteration(page) == 100, "a reload is a new session, which trains to the URL's it= again"
    query = page.url.split("?", 1)[1]
    assert {"h=6", "lr=0.3", "data=circles", "it=100"} <= set(query.split("&")), "the settings come back from the URL"
    text = page.locator("[data-testid='stMain']").inner_text()
    assert "circles" in text and "n_h = 6" in text
    assert "a reload or the copied link trains to that iteration again" in text
