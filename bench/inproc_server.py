"""``streamlit run app.py`` in this very process, for bench_memory.py: it also writes, every half
second, how many Trainer objects are alive and the process's RSS, as JSON lines to a file.

The count needs no hook in the app: this launcher wraps ``Trainer.__init__`` before Streamlit
starts, so every trainer the app makes joins a WeakSet (subclasses too). A trainer leaves the set
only when Python frees it, so one pinned by a frozen heap still counts.

    python bench/inproc_server.py REPORT.jsonl [streamlit run options...]
"""

from __future__ import annotations

import json
import sys
import threading
import time
import weakref
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import rss_mb  # noqa: E402
from shallownet.training.trainer import Trainer  # noqa: E402

_live: weakref.WeakSet = weakref.WeakSet()


def _counting(init):
    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        _live.add(self)

    return __init__


def _report(path: Path, every: float = 0.5) -> None:
    with path.open("w") as out:
        while True:
            out.write(json.dumps({"t": time.time(), "trainers": len(_live), "rss": rss_mb()}) + "\n")
            out.flush()
            time.sleep(every)


def main() -> None:
    report, options = Path(sys.argv[1]), sys.argv[2:]
    Trainer.__init__ = _counting(Trainer.__init__)
    threading.Thread(target=_report, args=(report,), daemon=True, name="bench-report").start()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *options]
    cli.main()


if __name__ == "__main__":
    main()
