"""Cold start: from launching ``streamlit run app.py`` to the first page fully
rendered in headless Chromium.

The browser is launched first (it is the student's, not the server's cost). Then
the clock starts, the server is launched, the page is requested as soon as the
server answers its health check, and the clock stops when the page is ready:
``[data-testid='stApp']`` is CONNECTED and notRunning, no ``stSkeleton`` remains,
and the page title (its first heading) is visible. Repeated --repeat times, each
with a fresh server; also the first render of every other page on the warm server.

    python bench/bench_coldstart.py [--repeat 3] [--pages home,training] [--no-pages]
    python bench/bench_coldstart.py --page training --no-pages   # the first chart on Training
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    APP,
    ARTIFACTS,
    ROOT,
    Server,
    free_port,
    machine_note,
    median,
    select_pages,
    stop,
    streamlit_cmd,
    table,
    verdict,
    wait_healthy,
)

COLD_TARGET = 4.0  # s
CHART_TARGET = 3.0  # s from asking for the page (e.g. training) to its first chart drawn
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
CONNECTED = "[data-testid='stApp'][data-test-connection-state='CONNECTED']"
READY_JS = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    if (!app || app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
    if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (document.querySelector("[data-testid='stSkeleton']")) return false;
    const h = document.querySelector("[data-testid='stMain'] h1");
    if (!h || !h.textContent.trim()) return false;
    const r = h.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
}"""


# a chart is drawn: Plotly has put its SVG into a live view or an st.plotly_chart
FIRST_CHART_JS = """() => !!document.querySelector(
    "[data-testid='stMain'] .sn-plot .main-svg, [data-testid='stMain'] [data-testid='stPlotlyChart'] .main-svg")"""


def wait_ready(pg, timeout_ms: float = 60_000) -> None:
    pg.wait_for_function(READY_JS, timeout=timeout_ms, polling=20)


def title_of(pg) -> str:
    h = pg.query_selector("[data-testid='stMain'] h1")
    return h.text_content().strip() if h else ""


def cold_start(browser, url_path: str, screenshot: Path | None) -> dict:
    """One fresh server; seconds from launch to health and to the rendered page."""
    port = free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS / "server-coldstart.log"
    with open(log_path, "w") as log:
        t0 = time.perf_counter()
        proc = subprocess.Popen(streamlit_cmd(APP, port), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        server = Server(f"http://127.0.0.1:{port}", port, proc, log_path, t0)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            pg = context.new_page()
            wait_healthy(server, timeout=60, poll=0.02)
            healthy = time.perf_counter() - t0
            pg.goto(f"{server.url}/{url_path}", wait_until="commit")
            pg.wait_for_selector(CONNECTED, timeout=60_000, state="attached")
            connected = time.perf_counter() - t0
            pg.wait_for_function(FIRST_CHART_JS, timeout=60_000, polling=20)
            chart = time.perf_counter() - t0
            wait_ready(pg)
            ready = time.perf_counter() - t0
            exceptions = pg.locator("[data-testid='stException']").count()
            title = title_of(pg)
            if screenshot:
                pg.screenshot(path=str(screenshot), full_page=False)
            return dict(healthy=healthy, connected=connected, chart=chart, ready=ready, title=title,
                        exceptions=exceptions)
        finally:
            context.close()
            stop(proc)


def server_side(url_path: str) -> dict:
    """Without a browser: launch → healthy → the first page's script finished (websocket), and
    the CPU seconds the server used for all that (robust when the machine is busy)."""
    import asyncio

    from bench.common import StreamlitClient, cpu_seconds, running_server

    with running_server(APP, "coldstart-server") as server:
        async def first():
            async with StreamlitClient(server.ws_url, timeout=120) as client:
                return await client.open(url_path)

        res = asyncio.run(first())
        done = time.perf_counter() - server.started
        return dict(healthy=server.ready_after, finished=done, cpu=cpu_seconds(server.pid), ok=res.ok)


def warm_pages(browser, pages) -> list[dict]:
    """First render of each page on one warm server, each in a fresh browser context."""
    port = free_port()
    log_path = ARTIFACTS / "server-coldstart-pages.log"
    rows = []
    with open(log_path, "w") as log:
        proc = subprocess.Popen(streamlit_cmd(APP, port), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        server = Server(f"http://127.0.0.1:{port}", port, proc, log_path, time.perf_counter())
        try:
            wait_healthy(server, timeout=60)
            for page in pages:
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                try:
                    pg = context.new_page()
                    t0 = time.perf_counter()
                    pg.goto(f"{server.url}/{page.url_path}", wait_until="commit")
                    try:
                        wait_ready(pg, 60_000)
                        seconds = time.perf_counter() - t0
                    except Exception:
                        seconds = float("nan")
                    rows.append(dict(page=page.name, seconds=seconds, title=title_of(pg),
                                     exceptions=pg.locator("[data-testid='stException']").count()))
                finally:
                    context.close()
        finally:
            stop(proc)
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3, help="cold starts (default 3)")
    ap.add_argument("--page", default="", help="url path of the first page (default: Home)")
    ap.add_argument("--pages", help="pages to time on the warm server (default: every existing page)")
    ap.add_argument("--no-pages", action="store_true", help="skip the per-page first renders")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    screenshots = ROOT / "artifacts" / "screenshots"
    screenshots.mkdir(parents=True, exist_ok=True)
    servers = [server_side(args.page) for _ in range(args.repeat)]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            runs = [cold_start(browser, args.page, screenshots / "bench-coldstart.png" if k == 0 else None)
                    for k in range(args.repeat)]
            pages = [] if args.no_pages else warm_pages(browser, select_pages(args.pages))
        finally:
            browser.close()
    ready = median(r["ready"] for r in runs)
    first_chart = median(r["chart"] - r["healthy"] for r in runs)
    out = [f"## Cold start ({machine_note()})\n",
           "Seconds from launching the server: to its health check answering, to the page's "
           "websocket connecting (frontend loaded), to the page rendered.\n",
           table(["run", "server healthy s", "frontend connected s", "first chart drawn s", "first page rendered s",
                  "first chart after the page was asked for s", "title", "exceptions"],
                 [[k + 1, f"{r['healthy']:.2f}", f"{r['connected']:.2f}", f"{r['chart']:.2f}", f"{r['ready']:.2f}",
                   f"{r['chart'] - r['healthy']:.2f}", r["title"], r["exceptions"]]
                  for k, r in enumerate(runs)]),
           "",
           table(["target", "measured", ""], [["cold start ≤ 4 s (median)", f"{ready:.2f} s",
                                                verdict(ready <= COLD_TARGET)],
                                               ["first chart ≤ 3 s after the page is asked for (median)",
                                                f"{first_chart:.2f} s", verdict(first_chart <= CHART_TARGET)]])]
    out += ["\n### Server side only (no browser): launch → health → first script run finished\n",
            table(["run", "healthy s", "first run finished s", "server CPU s", "ok"],
                  [[k + 1, f"{r['healthy']:.2f}", f"{r['finished']:.2f}", f"{r['cpu']:.2f}", r["ok"]]
                   for k, r in enumerate(servers)])]
    if pages:
        out += ["\n### First render of each page (warm server, fresh browser context)\n",
                table(["page", "rendered s", "title", "exceptions"],
                      [[r["page"], f"{r['seconds']:.2f}", r["title"], r["exceptions"]] for r in pages])]
    print("\n".join(out))
    (ARTIFACTS / "coldstart.json").write_text(json.dumps(dict(runs=runs, server=servers, pages=pages), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
