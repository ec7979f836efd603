#!/usr/bin/env python3
"""More than one server process: N ``streamlit run app.py`` workers behind HAProxy.

One Streamlit process runs its Python on about one core, so a lecture hall needs several. HAProxy
(Debian package ``haproxy``) listens on one port and hands each new browser to a worker in turn;
a cookie (``shallownet_worker``) it sets on the first answer keeps every later request of that
browser on the same worker: the websocket that carries the session, uploads (XSRF-checked), media.
Health checks ask each worker's ``/_stcore/health``; a worker that stops answering gets no new
browsers. All workers share one ``server.cookieSecret`` (made here per start, or taken from
``STREAMLIT_SERVER_COOKIE_SECRET``), so an XSRF token stays valid if HAProxy ever has to move a
browser to another worker.

    python deploy/serve.py [--workers 2] [--port 8501] [--address 0.0.0.0] [--first-worker-port 8600]

It runs until interrupted (Ctrl+C, SIGTERM), then stops HAProxy and the workers. The same script
is the entry point of the Dockerfile beside it. Nothing is written but HAProxy's config, in a
temporary folder that is removed at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
COOKIE = "shallownet_worker"
LOOPBACK = "127.0.0.1"


def haproxy_config(worker_ports: list[int], port: int, address: str = "0.0.0.0") -> str:
    """HAProxy's configuration: one frontend on ``address:port``, the workers on loopback,
    round robin for new browsers, a cookie for the rest, health from ``/_stcore/health``."""
    servers = "\n".join(
        f"    server w{k} {LOOPBACK}:{p} check cookie w{k}" for k, p in enumerate(worker_ports, start=1)
    )
    return f"""\
global
    maxconn 4096

defaults
    mode http
    option forwardfor
    # a worker that fails before its health check notices: try another (persistence yields)
    option redispatch
    retries 2
    timeout connect 5s
    timeout http-request 30s
    timeout client 1h
    timeout server 1h
    # a websocket stays open for the whole lesson
    timeout tunnel 12h

frontend shallownet
    bind {address}:{port}
    default_backend workers

backend workers
    balance roundrobin
    # sticky: a browser's websocket, uploads and media reach the worker that holds its session
    cookie {COOKIE} insert indirect nocache httponly
    option httpchk GET /_stcore/health
    http-check expect string ok
    default-server inter 2s fall 3 rise 2
{servers}
"""


def worker_cmd(port: int) -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless=true",
            f"--server.port={port}", f"--server.address={LOOPBACK}", "--browser.gatherUsageStats=false",
            "--server.fileWatcherType=none"]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
            return r.read().strip() == b"ok"
    except OSError:
        return False


def wait_healthy(url: str, procs: list[subprocess.Popen], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        dead = [p for p in procs if p.poll() is not None]
        if dead:
            raise RuntimeError(f"a process exited with code {dead[0].returncode}: {dead[0].args[:3]}")
        if healthy(url):
            return
        time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer /_stcore/health within {timeout:.0f} s")


def stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(5)


@contextlib.contextmanager
def balanced(workers: int, port: int, first_worker_port: int, address: str = "0.0.0.0",
             log_dir: Path | None = None) -> Iterator[tuple[str, list[subprocess.Popen]]]:
    """Start the workers and HAProxy; yield (the balancer's URL, [HAProxy, worker, ...]) once every
    worker is healthy and HAProxy answers; stop them all when the block ends."""
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(haproxy).exists():
        raise FileNotFoundError("haproxy not found: install Debian's package (apt-get install haproxy)")
    ports = [first_worker_port + k for k in range(workers)]
    env = {**os.environ}
    env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))
    procs: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory(prefix="shallownet-haproxy-") as tmp, contextlib.ExitStack() as logs:
        cfg = Path(tmp) / "haproxy.cfg"
        cfg.write_text(haproxy_config(ports, port, address))
        check = subprocess.run([haproxy, "-c", "-q", "-f", str(cfg)], capture_output=True, text=True)
        if check.returncode:
            raise RuntimeError(f"haproxy rejected its config: {check.stderr.strip()}")
        try:
            for k, p in enumerate(ports, start=1):
                out = logs.enter_context(open(log_dir / f"worker-{k}.log", "w")) if log_dir else None
                procs.append(subprocess.Popen(worker_cmd(p), cwd=ROOT, env=env, stdout=out or None,
                                              stderr=subprocess.STDOUT if out else None))
            for p in ports:
                wait_healthy(f"http://{LOOPBACK}:{p}", procs)
            procs.insert(0, subprocess.Popen([haproxy, "-db", "-f", str(cfg)], env=env))
            url = f"http://{LOOPBACK if address in ('0.0.0.0', '') else address}:{port}"
            wait_healthy(url, procs, timeout=30)
            yield url, procs
        finally:
            stop(procs)


def _interrupt(*_) -> None:
    raise KeyboardInterrupt


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", type=int, default=int(os.environ.get("SHALLOWNET_WORKERS", "2")),
                    help="streamlit processes (default 2, or $SHALLOWNET_WORKERS); about one per core")
    ap.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8501")),
                    help="the port the class opens (default 8501, or $PORT)")
    ap.add_argument("--address", default="0.0.0.0", help="where HAProxy listens (default every interface)")
    ap.add_argument("--first-worker-port", type=int, default=8600,
                    help="the workers listen on loopback from this port up (default 8600)")
    args = ap.parse_args(argv)
    if not 1 <= args.workers <= 64:
        raise SystemExit("--workers must be between 1 and 64")
    # SIGTERM (docker stop) ends the block like Ctrl+C, so the workers are stopped too
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        with balanced(args.workers, args.port, args.first_worker_port, args.address) as (url, procs):
            print(f"ShallowNet Explainer: {args.workers} workers behind HAProxy at {url}", flush=True)
            while all(p.poll() is None for p in procs):
                time.sleep(1)
            print("a process stopped; shutting down", file=sys.stderr)
            return 1
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
