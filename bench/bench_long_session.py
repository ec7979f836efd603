"""One long session: 10 000 training steps as a hundred clicks of the Training
page's ×100, and what they cost.

* server (the real ``streamlit run app.py``, one websocket session): the latency of
  each click, the server's RSS before, during and after, the bytes per click;
* apptest (in-process): the session trainer's ``history_nbytes()``, its iteration,
  the chart JSON of the page at the end (the training animation at its largest),
  the script time of each click, and this process's RSS growth.

    python bench/bench_long_session.py [--clicks 100] [--mode both|server|apptest]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    APP,
    ARTIFACTS,
    CLICKS,
    StreamlitClient,
    kb,
    machine_note,
    mb,
    median,
    ms,
    percentile,
    rss_mb,
    running_server,
    table,
    verdict,
)

TRAINING = "app_pages/training.py"
HISTORY_TARGET = 20 * 1024 * 1024  # bytes for 10 000 steps
CLICK_TARGET = 0.250  # s per ×100 click
CHART_TARGET = 1.5 * 1024 * 1024
TRAINER_KEY = "train.trainer"


async def via_server(clicks: int, pattern: str) -> dict:
    with running_server(APP, "long") as server:
        async with StreamlitClient(server.ws_url) as client:
            first = await client.open("training")
            await client.rerun()
            rss0 = rss_mb(server.pid)
            button = client.widget(pattern)
            if button is None:
                raise SystemExit(f"no ×100 button on the Training page; buttons: "
                                 f"{[w.label for w in client.widgets if w.kind == 'button']}")
            lat, nbytes, curve, errors = [], [], [], []
            for k in range(clicks):
                res = await client.click(client.widget(pattern) or button)
                lat.append(res.latency)
                nbytes.append(res.nbytes)
                if not res.ok:
                    errors.append(f"click {k + 1}: {res.status} {'; '.join(res.exceptions)}"[:300])
                if (k + 1) % max(1, clicks // 10) == 0:
                    curve.append((k + 1, rss_mb(server.pid)))
            last = await client.rerun()
            return dict(first=first.latency, rss_before=rss0, rss_after=rss_mb(server.pid), curve=curve,
                        p50=median(lat), p95=percentile(lat, 95), max=max(lat), first_click=lat[0],
                        last_clicks=median(lat[-10:]), bytes_per_click=median(nbytes),
                        final_chart_bytes=last.chart_bytes, errors=errors, log_errors=server.log_errors())


def via_apptest(clicks: int, pattern: str) -> dict:
    import re

    from bench.bench_pages import ScriptClock, chart_stats, open_page, quiet_streamlit
    from bench.common import select_pages

    quiet_streamlit()
    (page,) = select_pages("training")
    clock = ScriptClock()
    rx = re.compile(pattern)
    with clock.installed():
        at, _ = open_page(page)
        rss0 = rss_mb()
        times, cpus, errors = [], [], []
        for k in range(clicks):
            button = next((b for b in at.button if rx.search(b.label or "")), None)
            if button is None:
                raise SystemExit(f"no ×100 button; buttons: {[b.label for b in at.button]}")
            button.click().run()
            times.append(clock.last())
            cpus.append(clock.last_cpu())
            errors += [f"click {k + 1}: {e.value}"[:300] for e in at.exception]
        trainer = at.session_state[TRAINER_KEY] if TRAINER_KEY in at.session_state else None
        n, chart_bytes, largest = chart_stats(at)
    return dict(p50=median(times), p95=percentile(times, 95), cpu=median(cpus), first_click=times[0],
                last_clicks=median(times[-10:]),
                iteration=getattr(trainer, "iteration", None),
                history_nbytes=trainer.history_nbytes() if trainer is not None else None,
                snapshots=len(trainer.snapshots) if trainer is not None else None,
                charts=n, chart_bytes=chart_bytes, largest_chart=largest,
                rss_before=rss0, rss_after=rss_mb(), errors=errors)


def engine_history(steps: int = 10_000) -> dict:
    """The same 10 000 steps on the engine alone, at the default settings."""
    from shallownet.datasets import make_dataset
    from shallownet.training import Trainer
    from shallownet.ui.settings import DEFAULTS as d

    data = make_dataset(d.dataset, d.n_samples, d.noise, d.data_seed, d.test_fraction)
    trainer = Trainer(data, d.n_h, d.activation, init_scale=d.init_scale, init_seed=d.init_seed)
    t0 = time.perf_counter()
    for _ in range(steps // 100):
        trainer.step(100, d.learning_rate)
    return dict(iteration=trainer.iteration, history_nbytes=trainer.history_nbytes(),
                seconds=time.perf_counter() - t0, snapshots=len(trainer.snapshots))


def report(clicks: int, server: dict | None, apptest: dict | None, engine: dict) -> str:
    steps = clicks * 100
    out = [f"## Long session: {clicks} × (×100) = {steps:,} steps ({machine_note()})\n"]
    rows = [["engine alone", f"{engine['iteration']:,}", f"{engine['history_nbytes'] / 2**20:.2f}",
             engine["snapshots"], f"{engine['seconds'] * 1000 / max(1, steps // 100):.1f}", "—", "—", "—", "—"]]
    if apptest:
        rows.append(["AppTest", f"{apptest['iteration']:,}" if apptest["iteration"] is not None else "?",
                     f"{apptest['history_nbytes'] / 2**20:.2f}" if apptest["history_nbytes"] else "?",
                     apptest["snapshots"], ms(apptest["p50"]), ms(apptest["p95"]), ms(apptest["last_clicks"]),
                     kb(apptest["chart_bytes"]), f"{mb(apptest['rss_before'])} → {mb(apptest['rss_after'])}"])
    if server:
        rows.append(["real server", "—", "—", "—", ms(server["p50"]), ms(server["p95"]), ms(server["last_clicks"]),
                     kb(server["final_chart_bytes"]), f"{mb(server['rss_before'])} → {mb(server['rss_after'])}"])
    out.append(table(["run", "steps", "history MB", "snapshots", "click ms p50", "p95", "last 10 p50",
                      "chart JSON KB at the end", "RSS MB"], rows))
    checks = [["history ≤ 20 MB", f"{engine['history_nbytes'] / 2**20:.2f} MB",
               verdict(engine["history_nbytes"] <= HISTORY_TARGET)]]
    if apptest:
        checks.append(["×100 click ≤ 250 ms (script wall)", ms(apptest["p50"]) + " ms",
                       verdict(apptest["p50"] <= CLICK_TARGET)])
        checks.append(["×100 click ≤ 250 ms (script CPU)", ms(apptest["cpu"]) + " ms",
                       verdict(apptest["cpu"] <= CLICK_TARGET)])
        checks.append(["chart JSON ≤ 1.5 MB after 10 000 steps", kb(apptest["chart_bytes"]) + " KB",
                       verdict(apptest["chart_bytes"] <= CHART_TARGET)])
    if server:
        checks.append(["×100 click ≤ 250 ms (server, wall)", ms(server["p50"]) + " ms",
                       verdict(server["p50"] <= CLICK_TARGET)])
        growth = server["rss_after"] - server["rss_before"]
        checks.append(["server RSS growth", f"{growth:+.1f} MB", "—"])
    out.append("")
    out.append(table(["target", "measured", ""], checks))
    if server:
        out.append("\nServer RSS by clicks: " + ", ".join(f"{k}: {v:.0f} MB" for k, v in server["curve"]))
    errors = (server or {}).get("errors", []) + (apptest or {}).get("errors", [])
    if errors:
        out.append("\nErrors:\n" + "\n".join(f"- {e}" for e in errors[:10]))
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clicks", type=int, default=100, help="clicks of ×100 (default 100 = 10 000 steps)")
    ap.add_argument("--mode", choices=("both", "server", "apptest"), default="both")
    args = ap.parse_args(argv)
    if not 1 <= args.clicks <= 1000:
        raise SystemExit("1 ≤ --clicks ≤ 1000")
    pattern = CLICKS[TRAINING]["x100"]
    engine = engine_history(args.clicks * 100)
    apptest = via_apptest(args.clicks, pattern) if args.mode in ("both", "apptest") else None
    server = asyncio.run(via_server(args.clicks, pattern)) if args.mode in ("both", "server") else None
    print(report(args.clicks, server, apptest, engine))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "long_session.json").write_text(
        json.dumps(dict(engine=engine, apptest=apptest, server=server), indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
