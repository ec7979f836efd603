"""Does memory come back after a class? A real server, a class that trains and leaves, twice.

The server runs through bench/inproc_server.py (``streamlit run app.py`` in one process that also
counts its live Trainer objects; the app has no such hook). One warm-up session first opens every
page (imports, caches) and leaves; once its trainer is gone, the server's RSS is "before". Then,
per round, ``--students`` sessions open the link with their own seed, open Training, click ×10
twice, open the Gradients and Data pages, and stay until all are done ("loaded"); then all
disconnect. The benchmark waits for Streamlit's ``server.disconnectedSessionTTL`` (``--ttl``, passed
to the server; the app's config leaves Streamlit's 120 s) and the app's heap keeper to close the
expired sessions, and prints the live trainers and RSS over time.

Targets: after each round, live trainers 0 and RSS within 20 MB of "before".

    python bench/bench_memory.py [--students 40] [--rounds 2] [--ttl 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    ARTIFACTS,
    CLICKS,
    LOOPBACK,
    ROOT,
    StreamlitClient,
    free_port,
    machine_note,
    select_pages,
    stop,
    table,
    verdict,
)

RSS_TARGET_MB = 20.0
KEEPER_PERIOD = 15.0  # shallownet.ui.heap.PERIOD
KEEPER_SLACK = 40.0  # seconds past the TTL to wait for the keeper (it checks every 15 s)


def start_server(port: int, ttl: float, report: Path, log: Path) -> subprocess.Popen:
    cmd = [sys.executable, str(ROOT / "bench" / "inproc_server.py"), str(report),
           "--server.headless=true", f"--server.port={port}", f"--server.address={LOOPBACK}",
           "--browser.gatherUsageStats=false", "--server.fileWatcherType=none",
           f"--server.disconnectedSessionTTL={ttl:g}"]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT)


def latest(report: Path) -> dict:
    lines = report.read_text().splitlines() if report.exists() else []
    return json.loads(lines[-1]) if lines else {}


async def wait_for(report: Path, pred, timeout: float) -> tuple[dict, float]:
    """The server's latest line once ``pred`` holds for it (or at the timeout); seconds waited."""
    t0 = time.monotonic()
    while True:
        now = latest(report)
        if (now and pred(now)) or time.monotonic() - t0 > timeout:
            return now, time.monotonic() - t0
        await asyncio.sleep(0.5)


async def student(ws_url: str, seed: int, pages, errors: list, arrived: asyncio.Barrier) -> StreamlitClient:
    client = StreamlitClient(ws_url, timeout=120)
    await client.connect()
    plan = [("open", ""), ("open", pages["training"]), ("click", "x10"), ("click", "x10"),
            ("open", pages["gradients"]), ("open", pages["data"])]
    first = True
    for kind, target in plan:
        if kind == "open":
            res = await client.open(target, query=f"seed={seed}" if first else None)
            first = False
        else:
            button = client.widget(CLICKS["app_pages/training.py"][target])
            if button is None:
                errors.append(f"student {seed}: no {target} button")
                continue
            res = await client.click(button)
        if not res.ok:
            errors.append(f"student {seed}: {kind} {target}: {res.status} {res.exceptions[:1]}")
    await arrived.wait()  # everyone is in the room at once before anyone leaves
    return client


async def one_class(ws_url: str, n: int, pages, round_no: int) -> tuple[list[str], list[StreamlitClient]]:
    errors: list[str] = []
    arrived = asyncio.Barrier(n)
    clients = await asyncio.gather(*(student(ws_url, 1000 * round_no + i, pages, errors, arrived) for i in range(n)))
    return errors, list(clients)


async def main_async(args) -> int:
    pages = {p.name: p.url_path for p in select_pages("data,training,gradients")}
    port = free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report = ARTIFACTS / "memory-server.jsonl"
    proc = start_server(port, args.ttl, report, ARTIFACTS / "server-memory.log")
    ws_url = f"ws://{LOOPBACK}:{port}/_stcore/stream"
    wait_limit = args.ttl + KEEPER_SLACK
    rows, ok = [], True
    try:
        await wait_for(report, lambda r: True, 60)
        for _ in range(120):
            try:
                async with StreamlitClient(ws_url) as warm:  # every page once: imports and caches
                    for page in select_pages(None):
                        await warm.open(page.url_path)
                break
            except OSError:
                await asyncio.sleep(0.5)
        before, waited = await wait_for(report, lambda r: r["trainers"] == 0, wait_limit)
        await asyncio.sleep(2.0)
        before = latest(report)
        rows.append(["before (warm-up left)", "—", before["trainers"], f"{before['rss']:.0f}", "", ""])
        for k in range(1, args.rounds + 1):
            errors, clients = await one_class(ws_url, args.students, pages, k)
            loaded = latest(report)
            t_left = time.monotonic()
            for c in clients:
                await c.close()
            after, waited = await wait_for(report, lambda r: r["trainers"] == 0, wait_limit)
            await asyncio.sleep(KEEPER_PERIOD + 3.0)  # the keeper settles twice after closing sessions
            after = latest(report)
            grew = after["rss"] - before["rss"]
            passed = after["trainers"] == 0 and grew <= RSS_TARGET_MB and not errors
            ok &= passed
            rows.append([f"round {k}: {args.students} students in the room", len(errors), loaded["trainers"],
                         f"{loaded['rss']:.0f}", "", ""])
            rows.append([f"round {k}: {time.monotonic() - t_left:.0f} s after they left", "—", after["trainers"],
                         f"{after['rss']:.0f}", f"{grew:+.1f}", verdict(passed)])
            for e in errors[:5]:
                print("error:", e, file=sys.stderr)
    finally:
        stop(proc)
    print(f"## Memory after a class: {args.students} students × {args.rounds} rounds, "
          f"disconnectedSessionTTL {args.ttl:g} s ({machine_note()})\n")
    print(table(["moment", "errors", "live trainers", "RSS MB", "vs before MB", "target: 0 trainers, ≤ +20 MB"],
                rows))
    return 0 if ok else 1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--students", type=int, default=40)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--ttl", type=float, default=10.0,
                    help="server.disconnectedSessionTTL for this run, in seconds (Streamlit's default: 120)")
    args = ap.parse_args(argv)
    if not (1 <= args.students <= 200 and 1 <= args.rounds <= 5 and 0 <= args.ttl <= 600):
        raise SystemExit("1 ≤ --students ≤ 200, 1 ≤ --rounds ≤ 5, 0 ≤ --ttl ≤ 600")
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
