"""Shared pieces of the benchmarks: the page registry, a real server on loopback,
process memory, a protocol-level Streamlit client, and table printing.

Nothing here imports the app's pages or Streamlit's runtime: the registry is the
pure-Python ``shallownet.ui.pages_registry``.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
FLOOR_APP = ROOT / "bench" / "floor_app.py"
REGISTRY_MODULE = "shallownet.ui.pages_registry"  # PAGES: pure Python, no Streamlit
ARTIFACTS = ROOT / "artifacts" / "bench"
LOOPBACK = "127.0.0.1"

# Buttons a student (or a benchmark) clicks, by page script: label regexes.
# "×10" must not match "×100", hence the anchors.
CLICKS = {
    "app_pages/training.py": {
        "x10": r"^\s*[×x]\s*10\b(?!0)",
        "x100": r"^\s*[×x]\s*100\b",
    },
}


# -- the page registry --------------------------------------------------------
@dataclass(frozen=True)
class Page:
    section: str
    script: str  # "app_pages/training.py", relative to ROOT
    title: str
    icon: str

    @property
    def url_path(self) -> str:
        """The URL path Streamlit derives from the script name ("" for the default page)."""
        if self.script == _registry_module().DEFAULT_SCRIPT:
            return ""
        from streamlit.source_util import page_icon_and_name

        return page_icon_and_name(Path(self.script))[1]

    @property
    def name(self) -> str:
        return Path(self.script).stem


def registry() -> list[Page]:
    """The app's pages in navigation order: ``PAGES`` of the registry module (pure Python)."""
    return [Page(p.section, p.script, p.title, p.icon) for p in _registry_module().PAGES]


def _registry_module():
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module(REGISTRY_MODULE)


def select_pages(names: str | None) -> list[Page]:
    """The app's pages, optionally filtered by a comma-separated list of stems or scripts."""
    pages = registry()
    if not names:
        return pages
    wanted = {n.strip().removeprefix("app_pages/").removesuffix(".py") for n in names.split(",") if n.strip()}
    chosen = [p for p in pages if p.name in wanted]
    missing = wanted - {p.name for p in chosen}
    if missing:
        print(f"note: no such page (yet): {', '.join(sorted(missing))}", file=sys.stderr)
    return chosen


# -- a real server on loopback ------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    port: int
    proc: subprocess.Popen
    log_path: Path
    started: float  # time.perf_counter() at launch
    ready_after: float = float("nan")  # seconds from launch to a healthy answer

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def ws_url(self) -> str:
        return f"ws://{LOOPBACK}:{self.port}/_stcore/stream"

    def log_errors(self) -> list[str]:
        """Lines of the server log that report a failure (tracebacks, page errors)."""
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return [ln for ln in text.splitlines() if re.search(r"Traceback|Error|failed", ln)]


def streamlit_cmd(script: Path, port: int) -> list[str]:
    return [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.headless=true", f"--server.port={port}", f"--server.address={LOOPBACK}",
        "--browser.gatherUsageStats=false", "--server.fileWatcherType=none",
    ]


@contextlib.contextmanager
def running_server(script: Path = APP, name: str = "app", timeout: float = 60):
    """``streamlit run script`` on a free loopback port, until the block ends."""
    port = free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS / f"server-{name}.log"
    log = open(log_path, "w")
    started = time.perf_counter()
    proc = subprocess.Popen(streamlit_cmd(script, port), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    server = Server(f"http://{LOOPBACK}:{port}", port, proc, log_path, started)
    try:
        wait_healthy(server, timeout)
        server.ready_after = time.perf_counter() - started
        yield server
    finally:
        stop(proc)
        log.close()


def wait_healthy(server: Server, timeout: float = 60, poll: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {server.proc.returncode}; see {server.log_path}")
        try:
            with urllib.request.urlopen(server.url + "/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(poll)
    raise TimeoutError(f"streamlit did not become healthy in {timeout:.0f} s")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


# -- memory -------------------------------------------------------------------
def proc_status_kb(pid: int, key: str) -> int:
    """A ``kB`` field of /proc/<pid>/status (VmRSS: resident now; VmHWM: peak resident)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)


def rss_mb(pid: int | None = None) -> float:
    return proc_status_kb(pid or os.getpid(), "VmRSS") / 1024


def cpu_seconds(pid: int | None = None) -> float:
    """User + system CPU seconds a process has used so far (all its threads)."""
    fields = Path(f"/proc/{pid or os.getpid()}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class MemorySampler:
    """Samples a process's RSS in the background (asyncio) to find the peak under load."""

    def __init__(self, pid: int, every: float = 0.25):
        self.pid, self.every, self.samples = pid, every, []
        self._task = None

    def start(self):
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    async def _run(self):
        while True:
            with contextlib.suppress(OSError, KeyError):
                self.samples.append(rss_mb(self.pid))
            await asyncio.sleep(self.every)

    async def stop(self) -> float:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        return max(self.samples, default=float("nan"))


# -- a protocol-level Streamlit client ------------------------------------------
@dataclass
class Widget:
    kind: str  # "button", "slider", ...
    id: str
    label: str
    fragment_id: str = ""


@dataclass
class RunResult:
    """What one rerun sent back."""

    latency: float  # seconds from sending the BackMsg to script_finished
    status: str  # "ok", "compile_error", "timeout", "closed"
    nbytes: int = 0  # ForwardMsg payload bytes received for this run
    messages: int = 0  # ForwardMsgs received for this run
    chart_bytes: int = 0  # sum of the Plotly figure JSON lengths
    charts: int = 0
    exceptions: list[str] = field(default_factory=list)
    widgets: list[Widget] = field(default_factory=list)
    page_hash: str = ""
    auto_reruns: int = 0

    @property
    def ok(self) -> bool:
        return self.status == "ok" and not self.exceptions


class StreamlitClient:
    """Speaks the browser's protocol on ``/_stcore/stream``: BackMsg.rerun_script out,
    ForwardMsgs in until ``script_finished``. Like the frontend, it remembers the URL
    query string the app sets, the pages of the navigation, and the hashes of large
    cached messages (so the server may send references instead of repeating charts)."""

    def __init__(self, ws_url: str, timeout: float = 60):
        self.ws_url, self.timeout = ws_url, timeout
        self.ws = None
        self.query_string = ""
        self.page_hash = ""
        self.pages: dict[str, str] = {}  # url path → page_script_hash
        self.cached: dict[str, int] = {}  # hash of a cached message → its chart JSON bytes (ordered)
        self.widgets: list[Widget] = []
        self.on_delta = None  # optional callable(delta): sees every Delta a rerun sends back

    async def connect(self):
        from websockets.asyncio.client import connect

        self.ws = await connect(self.ws_url, subprotocols=["streamlit"], max_size=None,
                                open_timeout=self.timeout, ping_interval=None)
        return self

    async def close(self):
        if self.ws is not None:
            await self.ws.close()
            self.ws = None

    async def __aenter__(self):
        return await self.connect()

    async def __aexit__(self, *exc):
        await self.close()

    def widget(self, pattern: str, kind: str = "button") -> Widget | None:
        """The first widget of ``kind`` on the current page whose label matches ``pattern``."""
        rx = re.compile(pattern)
        return next((w for w in self.widgets if w.kind == kind and rx.search(w.label)), None)

    async def open(self, url_path: str | None = None, query: str | None = None) -> RunResult:
        """Open a page like following a link (url_path "" is the default page)."""
        if query is not None:
            self.query_string = query
        page_hash = self.pages.get(url_path, "") if url_path is not None else self.page_hash
        name = url_path if (url_path is not None and not page_hash) else ""
        return await self.rerun(page_hash=page_hash, page_name=name)

    async def click(self, w: Widget) -> RunResult:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        return await self.rerun(widgets=[WidgetState(id=w.id, trigger_value=True)], fragment_id=w.fragment_id)

    async def rerun(self, page_hash: str | None = None, page_name: str = "", widgets=(),
                    fragment_id: str = "") -> RunResult:
        t0 = await self.send_rerun(page_hash, page_name, widgets, fragment_id)
        return await self._collect(t0, fragment=bool(fragment_id))

    async def send_rerun(self, page_hash: str | None = None, page_name: str = "", widgets=(),
                         fragment_id: str = "") -> float:
        """Send a BackMsg.rerun_script without reading the reply (for a caller that reads the
        stream itself); returns when it was sent (time.perf_counter())."""
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        rs = msg.rerun_script
        rs.query_string = self.query_string
        rs.page_script_hash = self.page_hash if page_hash is None else page_hash
        rs.page_name = page_name
        rs.fragment_id = fragment_id
        rs.widget_states.widgets.extend(widgets)
        rs.cached_message_hashes.extend(self.cached)
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        return t0

    async def _collect(self, t0: float, fragment: bool) -> RunResult:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        res = RunResult(latency=float("nan"), status="timeout")
        widgets: list[Widget] = []
        deadline = t0 + self.timeout
        while True:
            try:
                data = await asyncio.wait_for(self.ws.recv(), max(0.01, deadline - time.perf_counter()))
            except TimeoutError:
                break
            except Exception:  # connection closed
                res.status = "closed"
                break
            res.nbytes += len(data)
            res.messages += 1
            fm = ForwardMsg()
            fm.ParseFromString(data)
            kind = fm.WhichOneof("type")
            if kind == "delta":
                if self.on_delta is not None:
                    self.on_delta(fm.delta)
                charts_before = res.chart_bytes
                self._read_delta(fm.delta, res, widgets)
                if fm.metadata.cacheable and fm.hash:
                    self._remember(fm.hash, res.chart_bytes - charts_before)
            elif kind == "ref_hash":  # a large message this client already has
                if self.cached.get(fm.ref_hash):
                    res.charts += 1
                    res.chart_bytes += self.cached[fm.ref_hash]
            elif kind == "page_info_changed":
                self.query_string = fm.page_info_changed.query_string
            elif kind == "new_session":
                self.page_hash = res.page_hash = fm.new_session.page_script_hash
            elif kind == "navigation":
                self.page_hash = res.page_hash = fm.navigation.page_script_hash
                self.pages = {p.url_pathname: p.page_script_hash for p in fm.navigation.app_pages}
            elif kind == "auto_rerun":
                res.auto_reruns += 1
            elif kind == "script_finished":
                status = fm.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # st.rerun(): the next run follows on the same stream
                res.latency = time.perf_counter() - t0
                res.status = "compile_error" if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR else "ok"
                break
        if widgets or not fragment:
            self.widgets = widgets if not fragment else self._merge(widgets)
        res.widgets = self.widgets
        return res

    def _merge(self, fresh: list[Widget]) -> list[Widget]:
        ids = {w.id for w in fresh}
        return [w for w in self.widgets if w.id not in ids] + fresh

    def _remember(self, h: str, chart_bytes: int, cap: int = 500) -> None:
        self.cached.pop(h, None)
        self.cached[h] = chart_bytes
        while len(self.cached) > cap:
            self.cached.pop(next(iter(self.cached)))

    @staticmethod
    def _read_delta(delta, res: RunResult, widgets: list[Widget]) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        el = delta.new_element
        kind = el.WhichOneof("type")
        if kind == "plotly_chart":
            res.charts += 1
            res.chart_bytes += len(el.plotly_chart.spec)
        elif kind == "bidi_component":  # a live view: its payload is the chart's JSON
            res.charts += 1
            res.chart_bytes += len(el.bidi_component.bytes) + len(el.bidi_component.json)
        elif kind == "exception":
            res.exceptions.append(f"{el.exception.type}: {el.exception.message}"[:300])
        elif kind:
            inner = getattr(el, kind)
            wid = getattr(inner, "id", "")
            if wid and isinstance(wid, str) and hasattr(inner, "label"):
                widgets.append(Widget(kind, wid, inner.label, delta.fragment_id))


# -- numbers and tables -------------------------------------------------------
def median(xs) -> float:
    xs = [x for x in xs if x == x]
    return statistics.median(xs) if xs else float("nan")


def percentile(xs, q: float) -> float:
    """The q-th percentile (0–100), linear between closest ranks."""
    xs = sorted(x for x in xs if x == x)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def ms(seconds: float) -> str:
    return "—" if seconds != seconds else f"{seconds * 1000:.0f}"


def kb(nbytes: float) -> str:
    return "—" if nbytes != nbytes else f"{nbytes / 1024:.0f}"


def mb(x: float) -> str:
    return "—" if x != x else f"{x:.1f}"


def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("ok" if ok else "MISSED")


def table(headers: list[str], rows: list[list]) -> str:
    """A GitHub-flavoured markdown table (prints well in a terminal too)."""
    cells = [[str(c) for c in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |"
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(headers), sep, *(line(r) for r in cells)])


def machine_note() -> str:
    load = os.getloadavg()
    return (f"{os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, "
            f"Python {sys.version.split()[0]}")
