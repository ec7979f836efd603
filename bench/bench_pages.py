"""Per-page cost at default settings: server-side rerun time and chart payload.

For every page of the registry that exists (or those named by --pages):

* AppTest: the first run and the median of --runs warm reruns, both as the time
  spent inside the script run ("script") and as the whole ``AppTest.run()``;
  the chart JSON the page sends (sum of ``len(el.proto.spec)`` over its Plotly
  charts), fresh and after 10 000 training steps (when the training animation
  and the history are at their largest);
* the buttons of ``CLICKS`` (e.g. the Training page's ×10 and ×100): median
  time of a click and the chart JSON after it;
* the real server (unless --no-server): one browser-like session per page over the
  websocket, first visit and warm reruns, with the bytes on the wire.

``--profile training`` prints where a warm rerun of that page spends its time.

    python bench/bench_pages.py [--pages data,training] [--runs 7] [--no-server]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import io
import json
import logging
import pstats
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    APP,
    ARTIFACTS,
    CLICKS,
    Page,
    StreamlitClient,
    cpu_seconds,
    kb,
    machine_note,
    median,
    ms,
    running_server,
    select_pages,
    table,
    verdict,
)

RERUN_TARGET = 0.100  # s, median warm rerun of a page at default settings
CLICK_TARGETS = {"x100": 0.250}  # s, median of a ×100 training click
CHART_TARGET = 1.5 * 1024 * 1024  # bytes of chart JSON per page
TRAINED_STEPS = 10_000
TRAINER_KEY = "train.trainer"  # shallownet.ui.state.TRAINER


# -- AppTest with the script's own run time -----------------------------------
class ScriptClock:
    """Times (and optionally profiles) ``ScriptRunner._run_script``: the script run
    itself, on the script thread, without AppTest's own bookkeeping."""

    def __init__(self):
        self.times: list[float] = []  # wall seconds per run
        self.cpu: list[float] = []  # CPU seconds of the script thread per run (robust on a busy machine)
        self.profiler: cProfile.Profile | None = None

    @contextlib.contextmanager
    def installed(self):
        from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

        original = ScriptRunner._run_script
        clock = self

        def timed(runner, rerun_data):
            t0, c0 = time.perf_counter(), time.thread_time()
            if clock.profiler:
                clock.profiler.enable()
            try:
                return original(runner, rerun_data)
            finally:
                if clock.profiler:
                    clock.profiler.disable()
                clock.times.append(time.perf_counter() - t0)
                clock.cpu.append(time.thread_time() - c0)

        ScriptRunner._run_script = timed
        try:
            yield self
        finally:
            ScriptRunner._run_script = original

    def last(self) -> float:
        return self.times[-1] if self.times else float("nan")

    def last_cpu(self) -> float:
        return self.cpu[-1] if self.cpu else float("nan")


def open_page(page: Page, timeout: float = 120):
    """An AppTest of app.py on ``page`` after its first run; returns (at, wall seconds)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=timeout)
    at.run()
    t0 = time.perf_counter()
    at.switch_page(page.script)
    at.run()
    return at, time.perf_counter() - t0


def chart_stats(at) -> tuple[int, int, int]:
    """(number of charts, total JSON bytes, largest JSON bytes): Plotly charts and live views."""
    sizes = [len(el.proto.spec) for el in at.get("plotly_chart")]
    sizes += [len(el.proto.bytes) + len(el.proto.json) for el in at.get("bidi_component")]
    return len(sizes), sum(sizes), max(sizes, default=0)


def exceptions(at) -> list[str]:
    return [str(e.value)[:200] for e in at.exception]


def find_button(at, pattern: str):
    rx = re.compile(pattern)
    return next((b for b in at.button if rx.search(b.label or "")), None)


def bench_page(page: Page, runs: int, clock: ScriptClock) -> dict:
    at, first_wall = open_page(page)
    first_script = clock.last()
    walls, scripts, cpus = [], [], []
    at.run()  # warm-up
    for _ in range(runs):
        t0 = time.perf_counter()
        at.run()
        walls.append(time.perf_counter() - t0)
        scripts.append(clock.last())
        cpus.append(clock.last_cpu())
    n_charts, chart_bytes, largest = chart_stats(at)
    row = dict(page=page.name, first_script=first_script, first_wall=first_wall,
               script=median(scripts), script_min=min(scripts), cpu=median(cpus), wall=median(walls),
               charts=n_charts, chart_bytes=chart_bytes,
               largest=largest, exceptions=exceptions(at), clicks={})
    for label, pattern in CLICKS.get(page.script, {}).items():
        row["clicks"][label] = bench_click(at, pattern, runs, clock)
    row["trained_chart_bytes"], row["trained_script"], row["trained_steps"] = bench_trained(page, clock)
    return row


def bench_click(at, pattern: str, runs: int, clock: ScriptClock) -> dict:
    walls, scripts, cpus = [], [], []
    for _ in range(runs + 1):
        button = find_button(at, pattern)
        if button is None:
            return dict(missing=True, labels=[b.label for b in at.button])
        t0 = time.perf_counter()
        button.click().run()
        walls.append(time.perf_counter() - t0)
        scripts.append(clock.last())
        cpus.append(clock.last_cpu())
    n, total, largest = chart_stats(at)
    # the first click may build caches: report the warm ones
    return dict(missing=False, script=median(scripts[1:]), script_min=min(scripts[1:]), cpu=median(cpus[1:]),
                wall=median(walls[1:]), chart_bytes=total,
                largest=largest, exceptions=exceptions(at))


def bench_trained(page: Page, clock: ScriptClock) -> tuple[int, float, int]:
    """Chart JSON bytes and a rerun's script time after TRAINED_STEPS steps of the session's
    trainer. The training happens on the default page, before the page is opened, so no
    widget of the page holds a value from before the training."""
    from streamlit.testing.v1 import AppTest

    from shallownet.ui.settings import DEFAULTS

    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    trainer = at.session_state[TRAINER_KEY] if TRAINER_KEY in at.session_state else None
    if trainer is not None:
        trainer.step(TRAINED_STEPS, DEFAULTS.learning_rate)
    at.switch_page(page.script)
    at.run()
    return chart_stats(at)[1], clock.last(), getattr(trainer, "iteration", 0)


def profile_page(page: Page, runs: int, click: str | None, top: int = 35) -> str:
    clock = ScriptClock()
    with clock.installed():
        at, _ = open_page(page)
        at.run()
        clock.profiler = cProfile.Profile()
        for _ in range(runs):
            if click:
                button = find_button(at, CLICKS.get(page.script, {}).get(click, click))
                if button is None:
                    raise SystemExit(f"no button matching {click!r} on {page.name}")
                button.click().run()
            else:
                at.run()
    out = io.StringIO()
    stats = pstats.Stats(clock.profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    what = f"click {click}" if click else "rerun"
    head = f"profile of {runs} × {what} of {page.name}: median script {ms(median(clock.times[-runs:]))} ms\n"
    return head + out.getvalue()


# -- the real server -----------------------------------------------------------
async def server_rows(pages: list[Page], runs: int, ws_url: str, pid: int) -> dict[str, dict]:
    rows = {}
    for page in pages:
        async with StreamlitClient(ws_url) as client:
            first = await client.open(page.url_path)
            await client.rerun()
            cpu0 = cpu_seconds(pid)
            reruns = [await client.rerun() for _ in range(runs)]
            cpu = (cpu_seconds(pid) - cpu0) / runs
            rows[page.name] = dict(
                first=first.latency, first_bytes=first.nbytes, cpu=cpu,
                rerun=median(r.latency for r in reruns), rerun_bytes=median(r.nbytes for r in reruns),
                chart_bytes=first.chart_bytes,
                errors=sum(not r.ok for r in [first, *reruns]),
                exceptions=first.exceptions,
            )
    return rows


# -- report -------------------------------------------------------------------
def _fast(row: dict, target: float) -> str:
    """"ok" when the median wall time is within ``target``; "ok (CPU)" when only the script
    thread's CPU time is (a busy machine: the wall time then measures the neighbours)."""
    if row["script"] <= target:
        return "ok"
    return "ok (CPU)" if row["cpu"] <= target else "MISSED"


def report(rows: list[dict], server: dict | None, runs: int) -> str:
    out = [f"## Per page, default settings ({machine_note()}; median of {runs} warm reruns)\n",
           "rerun ms: wall time of the script run (median), min ms: its fastest run, CPU ms: CPU time "
           "of the script thread (median), AppTest ms: the whole AppTest.run().\n"]
    head = ["page", "first run ms", "rerun ms", "min ms", "CPU ms", "AppTest ms", "charts",
            "chart JSON KB", f"after {TRAINED_STEPS:,} steps KB", "≤100 ms", "≤1.5 MB"]
    body = []
    for r in rows:
        worst = max(r["chart_bytes"], r["trained_chart_bytes"],
                    *(c.get("chart_bytes", 0) for c in r["clicks"].values()))
        body.append([r["page"], ms(r["first_script"]), ms(r["script"]), ms(r["script_min"]), ms(r["cpu"]),
                     ms(r["wall"]), r["charts"],
                     kb(r["chart_bytes"]), kb(r["trained_chart_bytes"]),
                     _fast(r, RERUN_TARGET), verdict(worst <= CHART_TARGET)])
    out.append(table(head, body))
    clicks = [(r["page"], label, c) for r in rows for label, c in r["clicks"].items()]
    if clicks:
        out.append("\n### Clicks\n")
        body = []
        for page, label, c in clicks:
            if c.get("missing"):
                body.append([page, label, "button not found", "", "", "", "", f"labels: {c['labels']}"])
                continue
            target = CLICK_TARGETS.get(label)
            body.append([page, label, ms(c["script"]), ms(c["script_min"]), ms(c["cpu"]), ms(c["wall"]),
                         kb(c["chart_bytes"]), ("—" if target is None else _fast(c, target))
                         + (f" (≤{target * 1000:.0f} ms)" if target else "")])
        out.append(table(["page", "button", "click ms", "min ms", "CPU ms", "AppTest ms", "chart JSON KB after",
                          "target"], body))
    if server:
        out.append("\n### Real server, one session (websocket, loopback)\n")
        body = [[name, ms(s["first"]), kb(s["first_bytes"]), ms(s["rerun"]), ms(s["cpu"]), kb(s["rerun_bytes"]),
                 s["errors"]] for name, s in server.items()]
        out.append(table(["page", "first visit ms", "first visit KB", "rerun ms", "server CPU ms/rerun",
                          "rerun KB on the wire", "errors"], body))
        out.append("\nserver CPU: the whole server process (script, serialization, websocket), per warm rerun.")
    problems = [(r["page"], e) for r in rows for e in r["exceptions"]]
    problems += [(f"{r['page']} {label}", e) for r in rows for label, c in r["clicks"].items()
                 for e in c.get("exceptions", [])]
    if problems:
        out.append("\nExceptions:\n" + "\n".join(f"- {p}: {e}" for p, e in problems))
    return "\n".join(out)


def quiet_streamlit() -> None:
    """Bare-mode warnings from reading AppTest's session state are noise here."""
    import streamlit.logger
    from streamlit.runtime.scriptrunner_utils import script_run_context

    streamlit.logger.set_log_level("error")
    # AppTest resets log levels on every run: a filter stays
    logging.getLogger(script_run_context.__name__).addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", help="comma-separated page names (default: every existing page)")
    ap.add_argument("--runs", type=int, default=7, help="warm reruns per page (default 7)")
    ap.add_argument("--no-server", action="store_true", help="skip the real-server measurement")
    ap.add_argument("--profile", metavar="PAGE", help="print a cProfile of warm reruns of PAGE instead")
    ap.add_argument("--click", help="with --profile: profile clicks of this button (e.g. x100)")
    ap.add_argument("--json", type=Path, help="also write the raw figures as JSON here")
    args = ap.parse_args(argv)
    quiet_streamlit()
    pages = select_pages(args.pages)
    if args.profile:
        (page,) = select_pages(args.profile) or [None]
        if page is None:
            raise SystemExit(f"no page {args.profile!r}")
        print(profile_page(page, args.runs, args.click))
        return 0
    clock = ScriptClock()
    rows, failed = [], []
    with clock.installed():
        for page in pages:
            print(f"… {page.name}", file=sys.stderr, flush=True)
            try:
                rows.append(bench_page(page, args.runs, clock))
            except Exception as err:  # a page being edited right now must not stop the others
                print(f"  {page.name}: benchmark failed: {type(err).__name__}: {err}", file=sys.stderr)
                failed.append(f"{page.name}: {type(err).__name__}: {err}")
    server = None
    if not args.no_server:
        with running_server(APP, "pages") as srv:
            server = asyncio.run(server_rows(pages, args.runs, srv.ws_url, srv.pid))
    print(report(rows, server, args.runs))
    if failed:
        print("\nNot measured:\n" + "\n".join(f"- {f}" for f in failed))
    if args.json:
        args.json.write_text(json.dumps(dict(apptest=rows, server=server), indent=1, default=str))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "pages.json").write_text(json.dumps(dict(apptest=rows, server=server), indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
