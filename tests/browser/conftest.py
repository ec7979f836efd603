"""Browser tests: the real `streamlit run app.py` driven by Playwright in Debian's Chromium.

Without Chromium these tests skip with a reason; CI sets SHALLOWNET_REQUIRE_BROWSER=1
so that a missing browser fails the run instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def pytest_collection_modifyitems(config, items):
    reason = None
    if chromium_path() is None:
        reason = "Chromium not found (install Debian's 'chromium' package or set CHROMIUM=/path)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "Playwright for Python is not installed (pip install -r requirements-dev.txt)"
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            # each group runs on one worker, in order, with that worker's own app server and
            # Chromium: two groups of about equal length use both cores
            item.add_marker(pytest.mark.xdist_group(_browser_group(item)))
            if reason and not _required():
                item.add_marker(pytest.mark.skip(reason=reason))


SECOND_GROUP = {"test_forward_backward", "test_long_session", "test_screens", "test_isolation",
                "test_gradients_shapes_check", "test_balancer"}


def _browser_group(item) -> str:
    """"browser-2" for the modules in SECOND_GROUP, else "browser-1"."""
    return "browser-2" if item.module.__name__.rsplit(".", 1)[-1] in SECOND_GROUP else "browser-1"


def _required() -> bool:
    return os.environ.get("SHALLOWNET_REQUIRE_BROWSER") == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Where the browser tests are mandatory (CI), a skipped one counts as failed."""
    outcome = yield
    report = outcome.get_result()
    if _required() and report.skipped and item.get_closest_marker("browser"):
        report.outcome = "failed"
        report.longrepr = f"browser test skipped, but browser tests are mandatory here: {report.longrepr}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError("streamlit did not become healthy")


@contextmanager
def running_app(log_name: str = "streamlit-test.log"):
    """`streamlit run app.py` on a free loopback port for the duration of the block; yields its URL."""
    with running_app_process(log_name) as (url, _):
        yield url


@contextmanager
def running_app_process(log_name: str = "streamlit-test.log"):
    """Like :func:`running_app`, but yields (URL, process), for tests that measure the server."""
    port = free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.headless=true", f"--server.port={port}", "--server.address=127.0.0.1",
        "--browser.gatherUsageStats=false", "--server.fileWatcherType=none",
    ]
    log = open(ROOT / "artifacts" / log_name, "w") if _mk_artifacts() else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        if hasattr(log, "close"):
            log.close()


@pytest.fixture(scope="session")
def server_url():
    """Start `streamlit run app.py` on a free loopback port; yield its base URL."""
    with running_app() as url:
        yield url


def _mk_artifacts() -> bool:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return True


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module. Playwright's sync API keeps an asyncio loop running
    while it is open, so it is closed before later modules that use asyncio themselves."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (its own Streamlit session) with a classroom-sized viewport."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(60_000)  # a loaded 2-core machine can be slow
    yield pg
    context.close()


SETTLE_MS = 600  # the app must stay idle this long: a click's rerun may not have started yet


def wait_ready(pg, timeout: float = 60_000) -> None:
    """Wait until the app is connected, no script runs, no skeleton remains, the click guard
    takes clicks again (it refuses them until it has seen the last click's rerun end, or for
    1.5 s when that rerun was too quick to show), and it has stayed that way for SETTLE_MS
    (so a rerun that a click is about to start, or one that a page asks for, is not mistaken
    for the end)."""
    pg.wait_for_selector(
        "[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout
    )
    pg.wait_for_function(
        """(settle) => {
            const app = document.querySelector("[data-testid='stApp']");
            const idle = app && app.getAttribute('data-test-connection-state') === 'CONNECTED'
                && app.getAttribute('data-test-script-state') === 'notRunning'
                && !document.querySelector("[data-testid='stSkeleton']")
                && !document.documentElement.classList.contains('sn-busy');
            const now = performance.now();
            if (!idle || window.__busySince === undefined) { window.__busySince = now; }
            if (!idle) { return false; }
            return now - window.__busySince >= settle;
        }""",
        arg=SETTLE_MS,
        polling=50,
        timeout=timeout,
    )
    pg.evaluate("() => { delete window.__busySince; }")
    pg.wait_for_timeout(200)  # let Plotly finish its first paint


def open_page(pg, base_url: str, path: str = "", query: str = "") -> None:
    """Open ``path`` (e.g. "data"; "" is Home) and wait until it has rendered."""
    pg.goto(f"{base_url}/{path}{('?' + query) if query else ''}")
    wait_ready(pg)


def screenshot(pg, name: str) -> Path:
    """The whole page as artifacts/screenshots/<name>.png.

    Streamlit scrolls inside its main container, so a "full page" shot would stop at the
    viewport: the viewport is stretched to the content's height for the shot, then restored.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    out = SCREENSHOTS / f"{name}.png"
    viewport = pg.viewport_size
    height = pg.evaluate(
        "() => { const m = document.querySelector(\"[data-testid='stMain']\"); return m ? m.scrollHeight : 0; }"
    )
    if viewport and height > viewport["height"]:
        pg.set_viewport_size({"width": viewport["width"], "height": min(int(height), 6000)})
        pg.wait_for_timeout(500)  # Plotly redraws on resize
    pg.screenshot(path=str(out), full_page=True)
    if viewport:
        pg.set_viewport_size(viewport)
    return out


def assert_no_exception(pg) -> None:
    assert pg.locator("[data-testid='stException']").count() == 0, "the page shows an exception"


def open_exports(pg) -> None:
    """Open the Training page's export expander (it runs its contents only when open)."""
    if pg.get_by_role("button", name="History (CSV)").count() == 0:
        wait_ready(pg)
        box = pg.locator("[data-testid='stExpander']").filter(has_text="Export this run")
        try:
            box.first.wait_for(timeout=30_000)
        except Exception:
            screenshot(pg, "open-exports-missing")  # what the page showed instead
            raise
        box.first.locator("summary").click()
        wait_ready(pg)
        pg.get_by_role("button", name="History (CSV)").wait_for(timeout=30_000)


# -- the Training page's live board ---------------------------------------------------------------
def shown_iteration(pg) -> int:
    """The number in the board's "Iteration" box."""
    text = pg.locator(".sn-stat[data-stat='Iteration'] .sn-stat-value").first.inner_text()
    return int(text.replace(",", ""))


def play_button(pg):
    return pg.locator(".sn-play").first


def is_playing(pg) -> bool:
    return play_button(pg).get_attribute("aria-pressed") == "true"


def set_play(pg, on: bool) -> None:
    """Press the board's ▶ Play / ❚❚ Pause until it is in the state ``on``."""
    from playwright.sync_api import expect

    if is_playing(pg) != on:
        play_button(pg).click()
    expect(play_button(pg)).to_have_attribute("aria-pressed", "true" if on else "false", timeout=15_000)


def set_speed(pg, steps: int) -> int:
    """Choose ``steps`` per frame in the board's speed box; returns it."""
    pg.locator(".sn-speed select").first.select_option(str(steps))
    wait_ready(pg)
    return steps
