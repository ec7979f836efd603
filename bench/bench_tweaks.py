"""What the app's process-wide tweaks buy, each measured with and without it in one process.

* ``gc.freeze()`` by the heap keeper (``shallownet.ui.heap.settle``: unfreeze, collect, freeze, at
  the first import and then when modules were imported or sessions closed, at least every 5 min):
  a full collection with the libraries frozen out of the collector and unfrozen, with
  ``--sessions`` more sessions opened after the last settle (their objects are not frozen, as
  between two settles in a class, unless the app's keeper thread settled again meanwhile, as it
  does within 15 s of new imports); and what one settle costs, with all those sessions open.
* ``runner.postScriptGC = false`` (.streamlit/config.toml): Streamlit's default runs that
  full collection after every script run. Timed: its share of a warm rerun of the last
  page, with the libraries frozen (what it would cost on top of ``gc.freeze``).
* Plotly's JSON engine, left at Plotly's default (orjson when installed): ``plotly.io.to_json``
  of the one figure ``chart()`` still sends, with the standard library's ``json`` and with
  ``orjson``. A MISSED here says json has become the faster and pinning it would pay.

The engines alternate round by round and each figure is the median, because the machine
is shared and noisy: read the ratios. A line ends in MISSED when a tweak stops paying
(below its target ratio), and the script exits with status 1: that tweak should then go.

    python bench/bench_tweaks.py [--rounds 15] [--pages training,gradients]
"""

from __future__ import annotations

import argparse
import gc
import logging
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import APP, machine_note, median, select_pages, table, verdict  # noqa: E402

GC_TARGET = 2.0  # a full collection unfrozen / frozen
POST_GC_TARGET = 0.10  # a full collection per rerun, as a share of the rerun it follows
ENGINE_TARGET = 1.0  # orjson / json: below 1, Plotly's default engine needs no override


def warm_app(pages):
    """An AppTest of app.py that has run ``pages`` once and stands on the last one."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    for page in pages:
        at.switch_page(page.script)
        at.run()
    return at


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def bench_gc(at, sessions: list, rounds: int) -> dict[str, float]:
    """Median seconds of a warm rerun of ``at`` and of the full collection Streamlit's default
    ``postScriptGC`` would run after it: first as the app leaves the heap (the libraries frozen
    by ``shallownet.ui.page`` on the first run, the ``sessions`` opened later not), then with
    everything unfrozen. Not alternated: a freeze cannot be undone for the libraries alone."""
    out: dict[str, list[float]] = {}
    for tag in (" frozen", ""):
        if not tag:
            gc.unfreeze()
        for _ in range(rounds):
            out.setdefault("rerun" + tag, []).append(timed(at.run))
            out.setdefault("collect" + tag, []).append(timed(lambda: gc.collect(2)))
    return {k: median(v) for k, v in out.items()}


def bench_engines(rounds: int) -> tuple[int, dict[str, float]]:
    """(JSON bytes, median seconds per engine) for what ``st.plotly_chart`` does with the one
    figure ``chart()`` still sends (the activation curves): ``plotly.io.to_json``."""
    import plotly.io as pio

    from shallownet.ui.page import _Prebuilt, frozen
    from shallownet.ui.shared_work import activation_curves_figure

    fig = _Prebuilt(frozen(activation_curves_figure()))
    engines = ["json", "orjson"]
    times: dict[str, list[float]] = {e: [] for e in engines}
    for r in range(rounds):
        for engine in engines[r % 2:] + engines[:r % 2]:
            times[engine].append(min(timed(lambda e=engine: pio.to_json(fig, validate=False, engine=e))
                                     for _ in range(20)))
    return len(pio.to_json(fig, validate=False, engine="json")), {e: median(t) for e, t in times.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--sessions", type=int, default=39,
                        help="sessions open beside the timed one (a class's objects, not frozen)")
    parser.add_argument("--pages", default="data,forward,backward,gradients,shapes,experiments,training",
                        help="pages run once before timing (their imports and caches); the last one is rerun")
    args = parser.parse_args(argv)
    logging.getLogger("streamlit").setLevel(logging.ERROR)

    print(machine_note())
    pages = select_pages(args.pages)
    from shallownet.ui import heap

    at = warm_app(pages)  # the app settles the heap at its first import ...
    heap.settle()  # ... and the keeper again once the pages' own imports (scikit-learn) are done
    sessions = [warm_app(pages) for _ in range(args.sessions)]
    g = bench_gc(at, sessions, args.rounds)
    settle_s = median([timed(heap.settle) for _ in range(3)])  # after bench_gc: it freezes the sessions too
    size, engines = bench_engines(args.rounds)

    gc_ratio = g["collect"] / g["collect frozen"]
    post_share = g["collect frozen"] / g["rerun frozen"]
    engine_ratio = engines["orjson"] / engines["json"]
    rows = [
        ["gc.freeze()", f"full collection after a rerun: {g['collect'] * 1e3:.1f} ms unfrozen, "
         f"{g['collect frozen'] * 1e3:.1f} ms frozen; rerun {g['rerun'] * 1e3:.0f} / {g['rerun frozen'] * 1e3:.0f} ms",
         f"{gc_ratio:.1f}×", f"≥ {GC_TARGET:g}×", verdict(gc_ratio >= GC_TARGET)],
        ["runner.postScriptGC = false",
         f"a full collection (libraries frozen) {g['collect frozen'] * 1e3:.1f} ms after a rerun of "
         f"{g['rerun frozen'] * 1e3:.0f} ms, {args.sessions + 1} sessions open",
         f"{post_share:.0%}", f"≥ {POST_GC_TARGET:.0%}", verdict(post_share >= POST_GC_TARGET)],
        ["JSON engine: Plotly's default",
         f"activation curves ({size / 1024:.0f} KB): json {engines['json'] * 1e3:.2f} ms, "
         f"orjson {engines['orjson'] * 1e3:.2f} ms",
         f"{engine_ratio:.2f}", f"< {ENGINE_TARGET:g}", verdict(engine_ratio < ENGINE_TARGET)],
    ]
    print(table(["tweak", "measured (median of rounds)", "ratio", "target", ""], rows))
    print(f"one settle of the heap keeper (unfreeze, collect, freeze), {args.sessions + 1} sessions open: "
          f"{settle_s * 1e3:.0f} ms (median of 3)")
    print(f"{len(gc.get_objects())} objects tracked by the collector")
    return 0 if all(row[-1] == "ok" for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
