"""Readiness for Community Cloud: start the app with a given Python (e.g. a 3.12 venv
holding only requirements.txt), open every page over the websocket, and list every
file the server writes outside temporary directories (traced with strace, when it
is installed).

    python bench/check_deploy.py [--python /path/to/venv/bin/python] [--no-trace]

Exits non-zero when a page fails or the server writes outside /tmp (bytecode caches
in the repository are reported separately: Python writes them wherever it may).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import shutil
import signal
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
    StreamlitClient,
    free_port,
    select_pages,
    stop,
    streamlit_cmd,
    wait_healthy,
)

WRITE_CALL = re.compile(
    r'(openat|open|creat|mkdir|mkdirat|rename|renameat2?|unlink|unlinkat)\((?:AT_FDCWD, )?"([^"]+)"(.*)'
)
HARMLESS = ("/tmp/", "/dev/", "/proc/", "/sys/", "/run/")


def written_paths(trace: Path) -> set[str]:
    """Paths the traced process created, wrote, renamed or removed."""
    paths = set()
    for line in trace.read_text(errors="replace").splitlines():
        m = WRITE_CALL.search(line)
        if not m or "= -1" in line:
            continue
        call, path, rest = m.groups()
        if call.startswith("open") and not re.search(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC", rest):
            continue
        paths.add(path)
    return paths


async def walk(ws_url: str, pages) -> list[str]:
    problems = []
    async with StreamlitClient(ws_url, timeout=120) as client:
        for page in pages:
            res = await client.open(page.url_path)
            if not res.ok:
                problems.append(f"{page.name}: {res.status} {'; '.join(res.exceptions)}")
    return problems


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--python", default=sys.executable, help="interpreter that runs the server")
    ap.add_argument("--no-trace", action="store_true", help="do not trace file writes")
    args = ap.parse_args(argv)
    version = subprocess.run([args.python, "-c", "import sys, streamlit, numpy, plotly, sklearn; "
                              "print(sys.version.split()[0], streamlit.__version__, numpy.__version__, "
                              "plotly.__version__, sklearn.__version__)"],
                             capture_output=True, text=True, check=True).stdout.split()
    print(f"Python {version[0]}: streamlit {version[1]}, numpy {version[2]}, plotly {version[3]}, "
          f"scikit-learn {version[4]}")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    trace = ARTIFACTS / "deploy-trace.txt"
    port = free_port()
    cmd = [args.python, *streamlit_cmd(APP, port)[1:]]
    tracing = not args.no_trace and shutil.which("strace")
    if tracing:
        cmd = ["strace", "-f", "-qq", "-e", "trace=open,openat,creat,mkdir,mkdirat,rename,renameat,renameat2,"
               "unlink,unlinkat", "-o", str(trace), *cmd]
    log_path = ARTIFACTS / "server-deploy.log"
    with open(log_path, "w") as log:
        t0 = time.perf_counter()
        # its own process group: stopping strace alone would leave the traced server running
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        server = Server(f"http://127.0.0.1:{port}", port, proc, log_path, t0)
        try:
            wait_healthy(server, timeout=120)
            print(f"server healthy after {time.perf_counter() - t0:.1f} s{' (under strace)' if tracing else ''}")
            pages = select_pages(None)
            problems = asyncio.run(walk(server.ws_url, pages))
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            stop(proc)
    print(f"opened {len(pages)} pages: " + ("all rendered without an exception" if not problems else "PROBLEMS"))
    for p in problems:
        print(f"- {p}")
    outside = []
    if tracing:
        written = written_paths(trace)
        pyc = sorted(p for p in written if "__pycache__" in p)
        outside = sorted(p for p in written if not p.startswith(HARMLESS) and "__pycache__" not in p)
        print(f"files written outside /tmp: {len(outside)}" + "".join(f"\n- {p}" for p in outside[:30]))
        print(f"bytecode caches written: {len(pyc)} (Python's own, beside the sources)")
    errors = server.log_errors()
    if errors:
        print("server log lines reporting errors:\n" + "\n".join(f"    {ln}" for ln in errors[:10]))
    return 1 if problems or outside else 0


if __name__ == "__main__":
    sys.exit(main())
