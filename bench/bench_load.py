"""A classroom against the real server: N students on loopback, each opening pages
and training, with a couple of seconds between clicks; then the same class against
Streamlit's floor (bench/floor_app.py: one chart, one button) in the same run.

Each simulated student speaks the browser's websocket protocol (bench.common.
StreamlitClient): opens the link (with its own init seed, so every model differs),
then walks through the pages from a random start; on the Training page it clicks
×10 twice. Between requests it thinks 2 s ± 0.5 s. Students arrive spread over the
first think time, like a class opening a shared link. Everything is bounded: the
duration, the requests per student, a timeout per request; only 127.0.0.1 is used.

Reported per app: reruns, errors, p50/p95/max rerun latency, the server's RSS
before the class, at the end with every session still open, its peak, and the
memory per session; and the ratio of the app's p95 to the floor's.

The class runs in rounds (default 3): each round starts both apps afresh, alternating which
goes first, and the targets are checked on all rounds' samples pooled, because one 25-second
run on a shared 2-core machine can swing the p95 ratio by ±0.4.

    python bench/bench_load.py [--sessions 40] [--duration 25] [--rounds 3] [--pages data,training]

With ``--workers N`` it runs the class (``--students``) against 1 worker and against N workers, each
behind HAProxy as ``deploy/serve.py`` starts them, and prints p50/p95 latency, errors and reruns/s
for both, and whether every session kept its own settings:

    python bench/bench_load.py --workers 2 --students 120 [--rounds 2] [--duration 25]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    APP,
    ARTIFACTS,
    CLICKS,
    FLOOR_APP,
    LOOPBACK,
    MemorySampler,
    StreamlitClient,
    cpu_seconds,
    free_port,
    machine_note,
    mb,
    median,
    ms,
    percentile,
    rss_mb,
    running_server,
    select_pages,
    table,
    verdict,
)

P95_RATIO_TARGET = 1.5  # the app's p95 within 1.5× of the floor's
MB_PER_SESSION_TARGET = 5.0
PEAK_TARGET_MB = 690.0  # Community Cloud's smallest tier
TRAINING_CLICKS = ("x10", "x10")  # what a student does on the Training page


@dataclass
class Step:
    """One thing a student does: open a page (url_path) or click a button (pattern)."""

    kind: str  # "open" or "click"
    target: str
    label: str  # for the report: "open training", "click x10"


@dataclass
class Sample:
    label: str
    latency: float
    ok: bool
    status: str
    nbytes: int
    error: str = ""
    done: float = 0.0  # when the reply ended (time.monotonic())


@dataclass
class Phase:
    name: str
    samples: list[Sample] = field(default_factory=list)
    connect_errors: list[str] = field(default_factory=list)
    rss_before: float = float("nan")
    rss_loaded: float = float("nan")
    rss_peak: float = float("nan")
    rss_after_close: float = float("nan")
    sessions: int = 0
    wall: float = 0.0
    server_log_errors: list[str] = field(default_factory=list)
    state_lost: list[str] = field(default_factory=list)
    server_ready: float = float("nan")
    server_cpu: float = float("nan")  # CPU seconds the server used while the class ran
    client_cpu: float = float("nan")  # CPU seconds this process (the simulated class) used

    @property
    def latencies(self) -> list[float]:
        return [s.latency for s in self.samples if s.ok]

    @property
    def errors(self) -> list[Sample]:
        return [s for s in self.samples if not s.ok]

    def per_session_mb(self) -> float:
        return (self.rss_loaded - self.rss_before) / max(self.sessions, 1)


def app_plan(pages) -> list[Step]:
    """One lap through the app: open each page; on pages with CLICKS, click them."""
    plan = []
    for page in pages:
        plan.append(Step("open", page.url_path, f"open {page.name}"))
        clicks = CLICKS.get(page.script, {})
        for name in TRAINING_CLICKS if clicks else ():
            if name in clicks:
                plan.append(Step("click", clicks[name], f"click {name}"))
    return plan


def floor_plan(laps: int = 4) -> list[Step]:
    """The floor app has one page: rerun it and click its button, alternately."""
    return [s for _ in range(laps) for s in (Step("open", "", "open floor"), Step("click", r"×10", "click x10"))]


async def student(i: int, ws_url: str, plan: list[Step], deadline: float, think: float, jitter: float,
                  max_requests: int, rng: random.Random, phase: Phase, connected: list, query: str):
    await asyncio.sleep(rng.uniform(0, think))  # the class arrives over a couple of seconds
    client = StreamlitClient(ws_url, timeout=60)
    try:
        await client.connect()
    except Exception as err:
        phase.connect_errors.append(f"student {i}: {type(err).__name__}: {err}")
        return
    connected.append(client)
    first = await client.open("", query=query)
    phase.samples.append(_sample("open link", first))
    start = rng.choice([k for k, step in enumerate(plan) if step.kind == "open"])
    for n in range(max_requests):
        if time.monotonic() + think > deadline:
            break
        await asyncio.sleep(max(0.0, rng.uniform(think - jitter, think + jitter)))
        step = plan[(start + n) % len(plan)]
        if step.kind == "open":
            res = await client.open(step.target)
        else:
            button = client.widget(step.target)
            if button is None:  # not on this page (e.g. the page failed): count it
                phase.samples.append(Sample(step.label, float("nan"), False, "no button", 0,
                                            f"no button matching {step.target!r}"))
                continue
            res = await client.click(button)
        phase.samples.append(_sample(step.label, res))
        if res.status == "closed":
            break
    if query and query not in client.query_string:  # the server's own URL for this session lost its settings
        phase.state_lost.append(f"student {i}: URL {client.query_string!r}, expected {query!r}")


def _sample(label: str, res) -> Sample:
    error = "; ".join(res.exceptions) if res.exceptions else ("" if res.status == "ok" else res.status)
    return Sample(label, res.latency, res.ok, res.status, res.nbytes, error, time.monotonic())


async def run_class(server, name: str, plan: list[Step], sessions: int, duration: float, think: float,
                    jitter: float, max_requests: int, seed: int, vary: bool) -> Phase:
    phase = Phase(name, sessions=sessions, server_ready=server.ready_after)
    # one session first: imports, caches and the first figures are not per-student memory
    for _ in _pids(server):  # every worker of a pool gets one (HAProxy hands new connections round robin)
        async with StreamlitClient(server.ws_url) as warm:
            for step in plan:
                if step.kind == "open":
                    await warm.open(step.target)
    await asyncio.sleep(1.0)
    phase.rss_before = _rss(server)
    sampler = MemorySampler(server.pid).start()
    cpu0, client0 = _cpu(server), time.process_time()
    rng = random.Random(seed)
    connected: list[StreamlitClient] = []
    t0 = time.monotonic()
    deadline = t0 + duration
    tasks = [
        student(i, server.ws_url, plan, deadline, think, jitter, max_requests, random.Random(rng.random()),
                phase, connected, query=f"seed={i}" if vary else "")
        for i in range(sessions)
    ]
    await asyncio.gather(*tasks)
    phase.wall = time.monotonic() - t0
    phase.server_cpu = _cpu(server) - cpu0
    phase.client_cpu = time.process_time() - client0
    await asyncio.sleep(1.0)  # let the last messages and garbage settle
    phase.rss_loaded = _rss(server)
    phase.rss_peak = max(await sampler.stop(), phase.rss_loaded)
    for client in connected:
        await client.close()
    await asyncio.sleep(2.0)
    phase.rss_after_close = _rss(server)
    phase.server_log_errors = server.log_errors()
    return phase


def _pids(server) -> list[int]:
    """The server's processes: one, or every worker of a balanced pool (HAProxy's own CPU is not counted)."""
    return getattr(server, "pids", [server.pid])


def _rss(server) -> float:
    return sum(rss_mb(pid) for pid in _pids(server))


def _cpu(server) -> float:
    return sum(cpu_seconds(pid) for pid in _pids(server))


def summarize(phase: Phase) -> dict:
    lat = phase.latencies
    return dict(
        name=phase.name, sessions=phase.sessions, reruns=len(phase.samples), ok=len(lat),
        errors=len(phase.errors) + len(phase.connect_errors), rate=len(phase.samples) / max(phase.wall, 1e-9),
        p50=percentile(lat, 50), p95=percentile(lat, 95), max=max(lat, default=float("nan")),
        rss_before=phase.rss_before, rss_loaded=phase.rss_loaded, rss_peak=phase.rss_peak,
        rss_after_close=phase.rss_after_close, per_session=phase.per_session_mb(),
        server_ready=phase.server_ready, wall=phase.wall, server_cpu=phase.server_cpu,
        cpu_per_rerun=phase.server_cpu / max(len(phase.samples), 1),
        cpu_busy=phase.server_cpu / max(phase.wall, 1e-9),
        client_busy=phase.client_cpu / max(phase.wall, 1e-9),
    )


def by_label(phase: Phase) -> list[list]:
    labels = sorted({s.label for s in phase.samples})
    rows = []
    for label in labels:
        xs = [s for s in phase.samples if s.label == label]
        lat = [s.latency for s in xs if s.ok]
        rows.append([label, len(xs), len(xs) - len(lat), ms(median(lat)), ms(percentile(lat, 95)),
                     f"{median([s.nbytes for s in xs]) / 1024:.0f}"])
    return rows


def report(app: Phase, floor: Phase | None, args) -> str:
    a = summarize(app)
    f = summarize(floor) if floor else None
    out = [f"## Classroom load: {args.sessions} sessions, {args.rounds} × {args.duration:.0f} s, "
           f"think {args.think:g} ± {args.jitter:g} s ({machine_note()})\n"]
    rows = []
    for s in [a, f] if f else [a]:
        rows.append([s["name"], s["reruns"], s["errors"], f"{s['rate']:.1f}", ms(s["p50"]), ms(s["p95"]),
                     ms(s["max"]), ms(s["cpu_per_rerun"]), f"{s['cpu_busy']:.2f}", mb(s["rss_before"]),
                     mb(s["rss_loaded"]), mb(s["rss_peak"]), mb(s["rss_after_close"]), f"{s['per_session']:.2f}"])
    out.append(table(["app", "reruns", "errors", "reruns/s", "p50 ms", "p95 ms", "max ms", "server CPU ms/rerun",
                      "server cores busy", "RSS before MB", "RSS loaded MB", "peak MB", "after close MB",
                      "MB/session"], rows))
    out.append(f"\nThe simulated class itself kept {a['client_busy']:.2f} cores busy (app phase)"
               + (f", {f['client_busy']:.2f} (floor phase)." if f else "."))
    out.append("\nserver CPU ms/rerun: the server's user+system CPU time during the class divided by the reruns "
               "(robust on a busy machine); cores busy: that CPU time over the wall time (the GIL caps the "
               "Python part at about one core).\n")
    out.append("")
    checks = [["no errors", str(a["errors"]), verdict(a["errors"] == 0)]]
    if f:
        ratio = a["p95"] / f["p95"] if f["p95"] == f["p95"] and f["p95"] > 0 else float("nan")
        checks.append(["p95 ≤ 1.5 × floor p95", f"{ratio:.2f}×", verdict(ratio <= P95_RATIO_TARGET)])
    checks.append(["≤ 5 MB per session", f"{a['per_session']:.2f} MB",
                   verdict(a["per_session"] <= MB_PER_SESSION_TARGET)])
    checks.append(["peak ≤ 690 MB", f"{a['rss_peak']:.0f} MB", verdict(a["rss_peak"] <= PEAK_TARGET_MB)])
    out.append(table(["target", "measured", ""], checks))
    out.append("\n### The app, by action\n")
    out.append(table(["action", "n", "errors", "p50 ms", "p95 ms", "KB received (median)"], by_label(app)))
    errors = [f"{s.label}: {s.error}" for s in app.errors][:10] + app.connect_errors[:5]
    if floor:
        errors += [f"floor {s.label}: {s.error}" for s in floor.errors][:5]
    if errors:
        out.append("\nErrors (first few):\n" + "\n".join(f"- {e}" for e in errors))
    if app.server_log_errors:
        out.append("\nServer log (app), lines reporting errors:\n" +
                   "\n".join(f"    {ln}" for ln in app.server_log_errors[:10]))
    return "\n".join(out)


async def phase_for(script: Path, name: str, plan: list[Step], args) -> Phase:
    with running_server(script, f"load-{name}") as server:
        print(f"… {name}: server ready in {server.ready_after:.1f} s; {args.sessions} students for "
              f"{args.duration:.0f} s", file=sys.stderr, flush=True)
        return await run_class(server, name, plan, args.sessions, args.duration, args.think, args.jitter,
                               args.max_requests, args.seed, vary=(name == "app" and not args.same_settings))


def merged(phases: list[Phase]) -> Phase:
    """Several rounds of one app as one phase: every sample, the summed time and CPU, and the
    memory of the round that peaked highest."""
    top = max(phases, key=lambda p: p.rss_peak if p.rss_peak == p.rss_peak else 0.0)
    out = Phase(phases[0].name, sessions=phases[0].sessions, server_ready=top.server_ready,
                rss_before=top.rss_before, rss_loaded=top.rss_loaded, rss_peak=top.rss_peak,
                rss_after_close=top.rss_after_close)
    for p in phases:
        out.samples += p.samples
        out.connect_errors += p.connect_errors
        out.server_log_errors += p.server_log_errors
    out.wall = sum(p.wall for p in phases)
    out.server_cpu = sum(p.server_cpu for p in phases)
    out.client_cpu = sum(p.client_cpu for p in phases)
    return out


def rounds_table(apps: list[Phase], floors: list[Phase]) -> str:
    rows = []
    for k, (a, f) in enumerate(zip(apps, floors, strict=True), start=1):
        pa, pf = percentile(a.latencies, 95), percentile(f.latencies, 95)
        rows.append([k, ms(percentile(a.latencies, 50)), ms(pa), ms(percentile(f.latencies, 50)), ms(pf),
                     f"{pa / pf:.2f}×" if pf > 0 else "—"])
    return table(["round", "app p50 ms", "app p95 ms", "floor p50 ms", "floor p95 ms", "p95 ratio"], rows)


async def main_async(args) -> int:
    pages = select_pages(args.pages)
    if not pages:
        raise SystemExit("no pages to visit")
    apps, floors = [], []
    for k in range(args.rounds):
        # alternate which app goes first, so a drift in the machine's load hits both alike; both
        # apps of a round get the same class (the same arrival and think times)
        order = ["floor", "app"] if k % 2 == 0 else ["app", "floor"]
        one = argparse.Namespace(**{**vars(args), "seed": args.seed + k})  # a new schedule each round
        for name in order:
            if name == "floor" and not args.no_floor:
                floors.append(await phase_for(FLOOR_APP, "floor", floor_plan(), one))
            elif name == "app":
                apps.append(await phase_for(APP, "app", app_plan(pages), one))
    app, floor = merged(apps), (merged(floors) if floors else None)
    print(report(app, floor, args))
    if floors and args.rounds > 1:
        print("\n### Round by round\n")
        print(rounds_table(apps, floors))
        print("\nThe targets above are checked on every round's samples pooled; each round runs both apps "
              "on fresh servers, alternating which goes first.")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    raw = dict(args=vars(args), app=summarize(app), floor=summarize(floor) if floor else None,
               app_samples=[s.__dict__ for s in app.samples])
    (ARTIFACTS / "load.json").write_text(json.dumps(raw, indent=1, default=str))
    return 0


@dataclass
class Pool:
    """Workers behind HAProxy, seen by ``run_class`` like one server."""

    ws_url: str
    pids: list[int]
    ready_after: float
    log_dir: Path

    @property
    def pid(self) -> int:  # the memory sampler follows the first worker
        return self.pids[0]

    def log_errors(self) -> list[str]:
        lines = []
        for log in sorted(self.log_dir.glob("worker-*.log")):
            lines += [ln for ln in log.read_text(errors="replace").splitlines() if "Traceback" in ln or "Error" in ln]
        return lines


def free_ports(n: int) -> int:
    """The first of ``n`` consecutive free loopback ports."""
    import socket

    for _ in range(50):
        base = free_port()
        try:
            for k in range(1, n):
                with socket.socket() as sock:
                    sock.bind((LOOPBACK, base + k))
            return base
        except OSError:
            continue
    raise RuntimeError("no run of free ports")


async def pool_phase(workers: int, plan: list[Step], args) -> Phase:
    from deploy.serve import balanced

    log_dir = ARTIFACTS / f"workers-{workers}"
    log_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with balanced(workers, free_port(), free_ports(workers), address=LOOPBACK, log_dir=log_dir) as (url, procs):
        pool = Pool(url.replace("http://", "ws://") + "/_stcore/stream", [p.pid for p in procs[1:]],
                    time.perf_counter() - t0, log_dir)
        name = f"{workers} worker{'s' if workers > 1 else ''} + HAProxy"
        print(f"… {name}: ready in {pool.ready_after:.1f} s; {args.students} students for {args.duration:.0f} s",
              file=sys.stderr, flush=True)
        return await run_class(pool, name, plan, args.students, args.duration, args.think, args.jitter,
                               args.max_requests, args.seed, vary=not args.same_settings)


SCALE_TARGET = 1.6  # reruns/s of N workers over one


async def scale_async(args) -> int:
    """1 worker and ``--workers`` workers, both behind HAProxy, the same class in alternating order."""
    plan = app_plan(select_pages(args.pages))
    runs: dict[int, list[Phase]] = {1: [], args.workers: []}
    for k in range(args.rounds):
        one = argparse.Namespace(**{**vars(args), "seed": args.seed + k})
        for n in ([1, args.workers] if k % 2 == 0 else [args.workers, 1]):
            runs[n].append(await pool_phase(n, plan, one))
    print(f"## {args.students} students against 1 and {args.workers} workers behind HAProxy, {args.rounds} × "
          f"{args.duration:.0f} s, think {args.think:g} ± {args.jitter:g} s ({machine_note()})\n")
    rows, stats = [], {}
    for n, phases in runs.items():
        m = merged(phases)
        s = stats[n] = summarize(m)
        s["lost"] = sum(len(p.state_lost) for p in phases)
        rows.append([m.name, s["reruns"], s["errors"], s["lost"], f"{s['rate']:.1f}", ms(s["p50"]), ms(s["p95"]),
                     ms(s["cpu_per_rerun"]), f"{s['cpu_busy']:.2f}", mb(s["rss_loaded"] / n)])
    print(table(["servers", "reruns", "errors", "state lost", "reruns/s", "p50 ms", "p95 ms",
                 "worker CPU ms/rerun", "worker cores busy", "RSS per worker MB (loaded)"], rows))
    gain = stats[args.workers]["rate"] / max(stats[1]["rate"], 1e-9)
    errors = sum(s["errors"] + s["lost"] for s in stats.values())
    print()
    print(table(["target", "measured", ""], [
        [f"{args.workers} workers ≥ {SCALE_TARGET:g} × the reruns/s of 1", f"{gain:.2f}×",
         verdict(gain >= SCALE_TARGET)],
        ["no errors, every session's settings intact", str(errors), verdict(errors == 0)],
    ]))
    print(f"\nThe simulated class itself kept {stats[1]['client_busy']:.2f} / {stats[args.workers]['client_busy']:.2f} "
          "cores busy (1 / N workers), on the same machine. reruns/s cannot exceed what the class asks for: "
          f"about {args.students} / ({args.think:g} s + p50) reruns a second.")
    print("\nstate lost: a session whose URL, as the server last wrote it, no longer carried the student's own "
          "settings. errors: failed or timed-out reruns and refused connections.")
    for phases in runs.values():
        for p in phases:
            for e in ([f"{s.label}: {s.error}" for s in p.errors][:3] + p.connect_errors[:3] + p.state_lost[:3]):
                print(f"- {p.name}: {e}")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", type=int, default=40, help="concurrent students (default 40)")
    ap.add_argument("--duration", type=float, default=25.0, help="seconds of load per app (default 25)")
    ap.add_argument("--pages", help="comma-separated page names (default: every existing page)")
    ap.add_argument("--think", type=float, default=2.0, help="seconds between a student's clicks (default 2)")
    ap.add_argument("--jitter", type=float, default=0.5, help="± seconds around --think (default 0.5)")
    ap.add_argument("--max-requests", type=int, default=60, help="bound on requests per student (default 60)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--same-settings", action="store_true", help="every student at the default settings")
    ap.add_argument("--no-floor", action="store_true", help="skip the floor app")
    ap.add_argument("--rounds", type=int, default=3,
                    help="rounds of both apps, pooled (default 3: one round is at the mercy of the machine's noise)")
    ap.add_argument("--workers", type=int, default=0,
                    help="compare 1 worker with this many, both behind HAProxy (deploy/serve.py), instead of the floor")
    ap.add_argument("--students", type=int, help="students in the class (same as --sessions)")
    args = ap.parse_args(argv)
    if args.students:
        args.sessions = args.students
    args.students = args.sessions
    if args.workers:
        if not 2 <= args.workers <= 8:
            raise SystemExit("--workers must be between 2 and 8")
        return asyncio.run(scale_async(args))
    if args.sessions < 1 or args.duration <= 0 or args.duration > 600 or not 1 <= args.rounds <= 10:
        raise SystemExit("--sessions ≥ 1, 0 < --duration ≤ 600 and 1 ≤ --rounds ≤ 10")
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
