"""Play on the Training page with a class pressing ▶ at once: does every board keep playing?

For each class size (default 1, 10 and 40 students) a fresh server runs ``app.py`` on loopback
and every simulated student (Streamlit's websocket protocol, bench.common.StreamlitClient, each
with its own init seed) opens the Training page, finds the live board (the component
"shallownet.live"), presses its ▶ Play and then behaves like the board's player in the browser:

- a local clock takes one frame off its buffer 10 times a second (a late tick does not turn
  into a burst), and a tick that finds the buffer empty once frames have arrived is a stall;
- whenever the buffer holds ``player.low_water`` frames or fewer and no request is
  outstanding, it asks for the next chunk (the 'need' trigger, with the frame on screen and
  the speed), and asks again if nothing came back within 5 s;
- a new ``epoch`` drops the buffer, a new base drops the frames queued for the old one,
  and frames already held (by ``seq``) are not taken twice.

The class presses Play within one second and plays for ``--seconds``; then everyone closes.
Before the class, one student plays for two seconds so the first-call costs are not counted.

Reported per class size: frames received and played per second per student (median, min),
buffer stalls, the bytes each student receives per second (the websocket messages, and what
came over the socket), the server's CPU time per student-second and the cores it kept busy,
request → chunk latency (p50, p95), and errors (exception elements on the page, lost
connections, failed opens). Below: where the server's time goes (its CPU per frame against a
frame's own work timed in this process: training, grids, numbers, JSON), and where the bytes go
with one frame by part, for the largest class. The numbers are printed, not asserted; the
targets are printed beside them (the bandwidth one also at full speed, since a starved board
receives less).

    python bench/bench_play.py [--students 1,10,40] [--seconds 20] [--speed 10]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import random
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    APP,
    ARTIFACTS,
    StreamlitClient,
    cpu_seconds,
    machine_note,
    median,
    ms,
    percentile,
    running_server,
    table,
    verdict,
)

BOARD_NAME = "shallownet.live"  # the component's name
PAGE = "training"  # url path of the Training page
DEFAULT_SPEED = 10  # steps per frame the page starts with
FPS = 10  # frames the board plays per second (its payload says so too)
RETRY_AFTER = 5.0  # seconds: a chunk asked for and not seen by then is asked for again
PLAY_SPREAD = 1.0  # seconds over which the class presses Play
WARMUP_SECONDS = 2.0
BASE_KEYS = ("plots", "stats", "table")  # the board's base figures, sent when a generation starts

FPS_TARGET = 10.0  # one student receives at least this many frames a second
KBPS_TARGET = 100.0  # each of 40 students receives at most this many KB a second
TARGET_CLASS = 40  # the class size the stall and bandwidth targets are about


# -- the board on the wire ------------------------------------------------------------
def trigger_id(element_id: str) -> str:
    """The widget that carries a component's trigger values: the browser derives it from the
    element id exactly like this (its events aggregator)."""
    from streamlit.components.v2.bidi_component.constants import EVENT_DELIM
    from streamlit.runtime.state.session_state import STREAMLIT_INTERNAL_KEY_PREFIX

    return f"{STREAMLIT_INTERNAL_KEY_PREFIX}_{element_id}{EVENT_DELIM}events"


def trigger_state(element_id: str, event: str, value: dict):
    """The WidgetState the browser sends for ``setTriggerValue(event, value)``: a JSON list of
    ``{"event", "value"}`` payloads on the trigger widget."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    return WidgetState(id=trigger_id(element_id), json_trigger_value=json.dumps([{"event": event, "value": value}]))


def board_element(delta):
    """The board's component proto if ``delta`` draws the board, else None."""
    if delta.WhichOneof("type") != "new_element" or delta.new_element.WhichOneof("type") != "bidi_component":
        return None
    el = delta.new_element.bidi_component
    return el if el.component_name == BOARD_NAME else None


def board_json(el) -> str:
    """The board's data as the JSON text it was sent as."""
    kind = el.WhichOneof("data")
    if kind == "bytes":
        return el.bytes.decode()
    return el.json if kind == "json" else el.mixed.json if kind == "mixed" else ""


@dataclass
class Board:
    """Where to send a board's triggers, and its player's settings."""

    element_id: str
    fragment_id: str
    epoch: str
    low_water: int
    fps: float
    speeds: list


def read_board(delta) -> Board | None:
    el = board_element(delta)
    if el is None:
        return None
    data = json.loads(board_json(el) or "{}")
    player = data.get("player") or {}
    return Board(el.id, delta.fragment_id, data.get("epoch"), int(player.get("low_water", 10)),
                 float(player.get("fps", 10)), list(player.get("speeds", [])))


# -- one student ----------------------------------------------------------------------
@dataclass
class Traffic:
    """Bytes a student received while playing, by what they carried."""

    messages: int = 0  # websocket message payloads (what the client decodes)
    wire: int = 0  # bytes read from the socket (frames, headers; compressed if negotiated)
    frames: int = 0  # the board's frames (JSON)
    base: int = 0  # the board's base figures, numbers and table (JSON)
    code: int = 0  # the component's JS and CSS, sent with the element on every run
    board_rest: int = 0  # the rest of the board's element (player settings, proto framing)
    other: int = 0  # every other message: the fragment's controls, session and run status


@dataclass
class StudentStats:
    seconds: float = 0.0  # the play window
    received: int = 0  # frames received (new ones)
    played: int = 0  # frames the clock took off the buffer
    playing_for: float = float("nan")  # seconds from the first frame to the end of the window
    stalls: int = 0
    chunk_latency: list = field(default_factory=list)  # 'need' sent → its frames arrived (s)
    first_frame: float = float("nan")  # 'play' sent → the first frames arrived (s)
    asks: int = 0
    retries: int = 0  # asks repeated after RETRY_AFTER
    empty_chunks: int = 0  # board updates while playing that carried no frames
    runs: int = 0  # fragment runs finished
    errors: list = field(default_factory=list)
    stopped: str = ""  # the server stopped playing (divergence, the iteration cap)
    traffic: Traffic = field(default_factory=Traffic)
    sample_frame: dict | None = None

    def rate(self, n: int) -> float:
        return n / self.seconds if self.seconds > 0 else float("nan")


class PlayStudent:
    """One browser tab on the Training page, pressing Play and playing what arrives."""

    def __init__(self, number: int, ws_url: str, speed: int):
        self.number, self.speed = number, speed
        self.client = StreamlitClient(ws_url, timeout=60)
        self.board: Board | None = None
        self.stats = StudentStats()
        self.wire_bytes = 0
        self.compression = ""
        # the player's state, as the browser holds it
        self.epoch = None
        self.queue: collections.deque = collections.deque()
        self.last_seq = -1
        self.shown_seq = -1
        self.pending = 0.0  # when a chunk was asked for (0: none outstanding), for re-asking
        self.asked_at: tuple | None = None  # (event, time) of the request awaiting frames, for latency
        self.playing = self.draining = False
        self.low_water = 12
        self.clock_started = asyncio.Event()
        self.first_frame_at = float("nan")

    # -- opening the page --
    async def open(self) -> None:
        """Connect and open the Training page with this student's seed; find the board."""
        await self.client.connect()
        self._count_wire_bytes()
        self.compression = self.client.ws.response.headers.get("Sec-WebSocket-Extensions") or ""
        self.client.on_delta = self._spot_board
        res = await self.client.open(PAGE, query=f"seed={self.number}")
        self.client.on_delta = None
        self.stats.errors += [f"open: {e}" for e in res.exceptions]
        if res.status != "ok":
            self.stats.errors.append(f"open: {res.status}")
        if self.board is None:
            self.stats.errors.append("open: no board on the page")
        else:
            self.epoch, self.low_water = self.board.epoch, self.board.low_water
            if self.board.speeds and self.speed not in self.board.speeds:
                raise SystemExit(f"--speed {self.speed}: the board offers {self.board.speeds}")

    def _spot_board(self, delta) -> None:
        self.board = read_board(delta) or self.board

    def _count_wire_bytes(self) -> None:
        """Count what the socket delivers, before the websocket layer unframes (and inflates) it."""
        ws = self.client.ws
        received = ws.data_received

        def counting(data: bytes) -> None:
            self.wire_bytes += len(data)
            received(data)

        ws.data_received = counting  # the transport looks the method up on the instance

    # -- playing --
    async def play(self, start_at: float, seconds: float) -> None:
        """Wait until ``start_at``, press Play, and play until ``seconds`` later."""
        if self.board is None:
            return
        await asyncio.sleep(max(0.0, start_at - time.perf_counter()))
        t0 = time.perf_counter()
        end = t0 + seconds
        self.stats.seconds = seconds
        wire0 = self.wire_bytes
        await self._ask("control", action="play")
        receiver = asyncio.create_task(self._receive(end))
        try:
            await self._clock(end)
        finally:
            receiver.cancel()
            await asyncio.gather(receiver, return_exceptions=True)
        self.stats.traffic.wire = self.wire_bytes - wire0
        if self.first_frame_at == self.first_frame_at:
            self.stats.playing_for = end - self.first_frame_at

    async def _ask(self, event: str, **extra) -> None:
        """What the board's ``send`` does: a trigger with the frame on screen and the speed."""
        value = {"epoch": self.epoch, "shown_seq": self.shown_seq, "after": self.last_seq, "speed": self.speed,
                 "t": int(time.time() * 1000), **extra}
        widget = trigger_state(self.board.element_id, event, value)
        sent = await self.client.send_rerun(widgets=[widget], fragment_id=self.board.fragment_id)
        self.asked_at = (extra.get("action", event), sent)
        self.stats.asks += 1

    async def _receive(self, end: float) -> None:
        """Read the stream until the window ends (the caller cancels at the end)."""
        while True:
            try:
                data = await self.client.ws.recv()
            except Exception as err:  # connection closed
                if time.perf_counter() < end:
                    self.stats.errors.append(f"connection: {type(err).__name__}")
                return
            now = time.perf_counter()
            if now >= end:
                return
            self._on_message(data, now)

    def _on_message(self, data: bytes, now: float) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        t = self.stats.traffic
        t.messages += len(data)
        fm = ForwardMsg()
        fm.ParseFromString(data)
        kind = fm.WhichOneof("type")
        el = board_element(fm.delta) if kind == "delta" else None
        if el is None:
            t.other += len(data)
        if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
            inner = fm.delta.new_element
            if inner.WhichOneof("type") == "exception":
                self.stats.errors.append(f"{inner.exception.type}: {inner.exception.message}"[:300])
        elif kind == "script_finished":
            self.stats.runs += 1
        if el is not None:
            self._on_board(el, len(data), now)

    def _on_board(self, el, nbytes: int, now: float) -> None:
        """The board's new data: what the component's ``update`` and ``setPlayer`` do."""
        text = board_json(el)
        data = json.loads(text or "{}")
        player = data.get("player") or {}
        self._count_board_bytes(data, len(text), len(el.js_content) + len(el.css_content), nbytes)
        if data.get("epoch") != self.epoch:
            self.epoch = data.get("epoch")
            self.queue.clear()
            self.last_seq, self.pending, self.shown_seq = -1, 0.0, -1
        if "plots" in data:
            self.queue.clear()  # a new base supersedes frames that would patch the old one
        self.low_water = int(player.get("low_water", self.low_water))
        frames = player.get("frames") or []
        for f in frames:
            if f["seq"] > self.last_seq:
                self.queue.append(f)
                self.last_seq = f["seq"]
                self.stats.received += 1
                if self.stats.sample_frame is None:
                    self.stats.sample_frame = f
        if frames:
            self.pending = 0.0
            self._chunk_arrived(now)
        elif player.get("playing"):
            self.stats.empty_chunks += 1
        self._set_player(player, now)

    def _count_board_bytes(self, data: dict, json_len: int, code_len: int, nbytes: int) -> None:
        t = self.stats.traffic
        player = data.get("player") or {}
        skeleton = {**data, "player": {**player, "frames": []}}
        skeleton_len = len(json.dumps(skeleton))
        frames_len = json_len - skeleton_len + 2 if player.get("frames") else 0
        base_len = skeleton_len - len(json.dumps({k: v for k, v in skeleton.items() if k not in BASE_KEYS}))
        t.frames += frames_len
        t.base += base_len
        t.code += code_len
        t.board_rest += nbytes - frames_len - base_len - code_len

    def _chunk_arrived(self, now: float) -> None:
        if self.asked_at is None:
            return
        what, sent = self.asked_at
        if what == "play":
            self.stats.first_frame = now - sent
        else:
            self.stats.chunk_latency.append(now - sent)
        self.asked_at = None

    def _set_player(self, player: dict, now: float) -> None:
        if player.get("playing"):
            self.playing, self.draining = True, False
            if not self.clock_started.is_set():
                self.first_frame_at = now
                self.clock_started.set()
        elif not player.get("drain") or not self.queue:
            self.playing = False
        else:
            self.draining = True
        if not player.get("playing") and self.clock_started.is_set() and not self.stats.stopped:
            self.stats.stopped = "the server stopped playing"

    async def _clock(self, end: float) -> None:
        """The board's steady clock: a tick every 1/fps s once the first chunk is playing."""
        try:
            await asyncio.wait_for(self.clock_started.wait(), max(0.0, end - time.perf_counter()))
        except TimeoutError:
            return
        interval = 1.0 / (self.board.fps or 10)
        next_tick = time.perf_counter()
        while True:
            now = time.perf_counter()
            if now >= end:
                return
            if now < next_tick:
                await asyncio.sleep(min(next_tick, end) - now)
                continue
            next_tick = max(next_tick + interval, now - interval)  # late ticks do not pile up
            if not await self._tick(now):
                return

    async def _tick(self, now: float) -> bool:
        """One tick of the player; False when it has stopped."""
        if not self.playing and not self.draining:
            return False
        if self.queue:
            self.shown_seq = self.queue.popleft()["seq"]
            self.stats.played += 1
        elif self.draining:
            self.playing = self.draining = False
            return False
        else:
            self.stats.stalls += 1
        stale = self.pending and now - self.pending > RETRY_AFTER
        if not self.draining and len(self.queue) <= self.low_water and (not self.pending or stale):
            self.stats.retries += bool(stale)
            self.pending = now
            await self._ask("need")
        return True

    async def close(self) -> None:
        await self.client.close()


# -- a class ------------------------------------------------------------------------------
@dataclass
class Round:
    """One class size on a fresh server."""

    students: int
    seconds: float
    stats: list = field(default_factory=list)  # StudentStats
    server_cpu: float = float("nan")
    wall: float = float("nan")
    client_cpu: float = float("nan")
    server_ready: float = float("nan")
    compression: str = ""
    low_water: int = 0  # the board's low-water mark (frames)
    log_errors: list = field(default_factory=list)


async def open_all(students: list[PlayStudent]) -> None:
    """Everyone opens the page (concurrently); a failed open is that student's error."""
    async def one(s: PlayStudent):
        try:
            await s.open()
        except SystemExit:
            raise
        except Exception as err:
            s.stats.errors.append(f"open: {type(err).__name__}: {err}")

    await asyncio.gather(*(one(s) for s in students))


async def warm_up(ws_url: str, speed: int) -> None:
    """One student plays briefly: imports and first calls are not the class's cost."""
    s = PlayStudent(10_000, ws_url, speed)
    await s.open()
    await s.play(time.perf_counter(), WARMUP_SECONDS)
    await s.close()


async def run_class(n: int, seconds: float, speed: int, seed: int) -> Round:
    with running_server(APP, f"play-{n}") as server:
        print(f"… {n} student(s): server ready in {server.ready_after:.1f} s", file=sys.stderr, flush=True)
        rnd = Round(n, seconds, server_ready=server.ready_after)
        await warm_up(server.ws_url, speed)
        students = [PlayStudent(i, server.ws_url, speed) for i in range(n)]
        await open_all(students)
        rng = random.Random(seed)
        cpu0, client0, t0 = cpu_seconds(server.pid), time.process_time(), time.perf_counter()
        starts = [t0 + rng.uniform(0, PLAY_SPREAD) for _ in students]
        await asyncio.gather(*(s.play(at, seconds) for s, at in zip(students, starts, strict=True)))
        rnd.wall = time.perf_counter() - t0
        rnd.server_cpu = cpu_seconds(server.pid) - cpu0
        rnd.client_cpu = time.process_time() - client0
        rnd.compression = next((s.compression for s in students if s.board), "")
        rnd.low_water = next((s.board.low_water for s in students if s.board), 0)
        for s in students:
            await s.close()
        rnd.stats = [s.stats for s in students]
        await asyncio.sleep(0.5)
        rnd.log_errors = server.log_errors()
    return rnd


# -- a frame's own work, in this process -------------------------------------------------------
FRAME_PARTS = ("train", "history", "boundary", "units", "curves", "numbers", "json")


def frame_costs(speed: int, frames: int = 60) -> dict[str, float]:
    """Median seconds per frame of each part of the app's work on a frame, at the default settings:
    the steps and the checkpoint the player keeps, the history, the three patches, the numbers strip
    and update table, and the frame's JSON. The same calls the server makes (Player.chunk and
    training_board.frame_builder), timed one by one without Streamlit around them."""
    from shallownet import playback
    from shallownet.datasets import make_dataset
    from shallownet.figures import training_board as tb
    from shallownet.figures import training_view as tv
    from shallownet.training import Trainer
    from shallownet.ui.settings import DEFAULTS as s

    data = make_dataset(s.dataset, s.n_samples, s.noise, s.data_seed, s.test_fraction)
    trainer = Trainer(data, s.n_h, s.activation, init_scale=s.init_scale, init_seed=s.init_seed)
    lr = s.learning_rate
    index = tb.live_base(trainer, data, s.activation, lr, False)["index"]
    build = tb.frame_builder(trainer, data, s.activation, lr, index)
    times = {part: [] for part in FRAME_PARTS}
    for seq in range(frames):
        before = trainer.iteration
        clock = _PartClock(times)
        playback.advance(trainer, speed, lr)
        trainer.checkpoint()
        clock.lap("train")
        history = trainer.history()
        clock.lap("history")
        tv.boundary_patch(trainer.params, data, s.activation, trainer.iteration, resolution=tb.PLAY_GRID)
        clock.lap("boundary")
        tv.units_patch(trainer.params, data, s.activation, resolution=tb.PLAY_THUMB)
        clock.lap("units")
        tv.curves_patch(history, before, trainer.iteration, index)
        clock.lap("curves")
        playback.stats_row(history, trainer.iteration, lr)
        playback.update_table(trainer.params, trainer.grads, lr, trainer.iteration)
        clock.lap("numbers")
        frame = build(seq, before)
        clock.restart()
        json.dumps(frame)
        clock.lap("json")
    return {part: median(xs) for part, xs in times.items()}


class _PartClock:
    """Laps of time.perf_counter(), appended to ``times[part]``."""

    def __init__(self, times: dict):
        self.times, self.t = times, time.perf_counter()

    def lap(self, part: str) -> None:
        now = time.perf_counter()
        self.times[part].append(now - self.t)
        self.t = now

    def restart(self) -> None:
        self.t = time.perf_counter()


# -- the report ------------------------------------------------------------------------------
def summarize(r: Round) -> dict:
    st = r.stats
    received = [s.rate(s.received) for s in st]
    played = [s.played / s.playing_for if s.playing_for > 0 else float("nan") for s in st]
    kbps = [s.rate(s.traffic.messages) / 1024 for s in st]
    wire = [s.rate(s.traffic.wire) / 1024 for s in st]
    latency = [x for s in st for x in s.chunk_latency]
    frames = sum(s.received for s in st)
    kb_per_frame = sum(s.traffic.messages for s in st) / frames / 1024 if frames else float("nan")
    return dict(
        students=r.students, seconds=r.seconds,
        received_median=median(received), received_min=min(received, default=float("nan")),
        played_median=median(played), played_min=min(played, default=float("nan")),
        stalls_total=sum(s.stalls for s in st), stalls_max=max((s.stalls for s in st), default=0),
        stalled_students=sum(1 for s in st if s.stalls),
        kbps_median=median(kbps), kbps_max=max(kbps, default=float("nan")), wire_median=median(wire),
        kb_per_frame=kb_per_frame, kbps_full_speed=kb_per_frame * FPS,
        cpu_ms_per_student_s=1000 * r.server_cpu / (r.students * r.seconds),
        cpu_ms_per_frame=1000 * r.server_cpu / frames if frames else float("nan"),
        server_cores=r.server_cpu / r.wall, client_cores=r.client_cpu / r.wall,
        latency_p50=percentile(latency, 50), latency_p95=percentile(latency, 95),
        latency_max=max(latency, default=float("nan")), chunks=len(latency),
        first_frame_p50=median([s.first_frame for s in st]),
        first_frame_max=max((s.first_frame for s in st if s.first_frame == s.first_frame), default=float("nan")),
        retries=sum(s.retries for s in st), empty_chunks=sum(s.empty_chunks for s in st),
        errors=sum(len(s.errors) for s in st), stopped=sum(1 for s in st if s.stopped),
    )


def f1(x: float) -> str:
    return "—" if x != x else f"{x:.1f}"


def main_table(summaries: list[dict]) -> str:
    rows = [[s["students"], f"{f1(s['received_median'])} / {f1(s['received_min'])}",
             f"{f1(s['played_median'])} / {f1(s['played_min'])}",
             f"{s['stalls_total']} / {s['stalls_max']} ({s['stalled_students']})",
             f"{s['kbps_median']:.0f} / {s['kbps_max']:.0f}", f"{s['wire_median']:.0f}",
             f"{s['cpu_ms_per_student_s']:.0f}", f"{s['server_cores']:.2f}",
             f"{ms(s['latency_p50'])} / {ms(s['latency_p95'])}", ms(s["first_frame_p50"]), s["errors"]]
            for s in summaries]
    return table(["students", "frames/s recv (med / min)", "frames/s played (med / min)",
                  "stalls total / max (students)", "KB/s each (med / max)", "wire KB/s (med)",
                  "server CPU ms per student-s", "server cores busy", "need→chunk ms p50 / p95",
                  "play→1st frame ms", "errors"], rows)


def targets_table(summaries: list[dict], speed: int) -> str:
    by_n = {s["students"]: s for s in summaries}
    one, big = by_n.get(1), by_n.get(TARGET_CLASS)
    rows = []
    if one:
        rows.append(["1 student: ≥ 10 frames/s received", f"{f1(one['received_min'])}",
                     verdict(one["received_min"] >= FPS_TARGET)])
    else:
        rows.append(["1 student: ≥ 10 frames/s received", "not run", "—"])
    if big:
        dry = ("0 stalls (default speed)" if speed == DEFAULT_SPEED
               else f"0 stalls (default speed; this run: {speed})")
        rows.append([f"{TARGET_CLASS} students: {dry}", f"{big['stalls_total']} stalls",
                     verdict(big["stalls_total"] == 0) if speed == DEFAULT_SPEED else "—"])
        # a starved board receives less; judge the bytes at the rate the board plays as well
        worst = max(big["kbps_max"], big["kbps_full_speed"])
        rows.append([f"{TARGET_CLASS} students: ≤ 100 KB/s each (also at full speed)",
                     f"max {big['kbps_max']:.0f} KB/s; {big['kbps_full_speed']:.0f} KB/s at {FPS} frames/s",
                     verdict(worst <= KBPS_TARGET)])
    else:
        rows.append([f"{TARGET_CLASS} students: 0 stalls, ≤ 100 KB/s each", "not run", "—"])
    return table(["target", "measured", ""], rows)


def bytes_table(r: Round) -> str:
    """Where a student's bytes go, per second of play (median over the class)."""
    parts = [("board frames (JSON)", "frames"), ("board base: plots, numbers, table", "base"),
             ("component JS + CSS (resent every run)", "code"), ("rest of the board element", "board_rest"),
             ("other messages (controls, session, run status)", "other"), ("all messages", "messages"),
             ("on the socket", "wire")]
    rows = [[label, f"{median([s.rate(getattr(s.traffic, key)) for s in r.stats]) / 1024:.1f}"]
            for label, key in parts]
    return table(["part", "KB/s per student (median)"], rows)


def frame_parts(frame: dict | None) -> str:
    """One frame's JSON by part, in KB."""
    if not frame:
        return "(no frame received)"
    size = lambda v: len(json.dumps(v)) / 1024  # noqa: E731
    plots = frame.get("plots") or {}
    parts = [f"{name} {size(v):.1f}" for name, v in plots.items()]
    parts += [f"{k} {size(frame[k]):.1f}" for k in ("stats", "table") if k in frame]
    return f"{size(frame):.1f} KB: " + ", ".join(parts)


def compression_note(r: Round) -> str:
    if r.compression:
        return (f"Compression negotiated ({r.compression}): 'KB/s each' is the messages as decoded, "
                "'wire KB/s' what came over the socket.")
    return ("No websocket compression negotiated (the client offers permessage-deflate; the server declines, "
            "server.enableWebsocketCompression is off): the socket carries the messages plus frame headers.")


def time_table(summaries: list[dict], costs: dict[str, float]) -> str:
    """The server's CPU per frame against the frame's own work measured in this process."""
    own = sum(costs.values())
    rows = []
    for s in summaries:
        per_frame = s["cpu_ms_per_frame"] / 1000
        rows.append([s["students"], f"{per_frame * 1000:.2f}", f"{own * 1000:.2f}",
                     f"{(per_frame - own) * 1000:.2f}", f"{s['students'] * FPS * per_frame:.2f}",
                     f"{1 / (FPS * per_frame):.0f}" if per_frame > 0 else "—"])
    return table(["students", "server CPU ms/frame", "the frame's own work ms (alone)",
                  "the rest ms (the run around it, contention)", "cores needed at 10 frames/s",
                  "students one core feeds at 10 frames/s"], rows)


def report(rounds: list[Round], args, costs: dict[str, float]) -> str:
    summaries = [summarize(r) for r in rounds]
    out = [f"## Play: {args.students} students, {args.seconds:g} s each, speed {args.speed} steps per frame "
           f"({machine_note()})\n", main_table(summaries), ""]
    out.append("frames/s received: new frames over the play window; played: frames the 10-per-second clock "
               "took, over the time since the first frame arrived. stalls: ticks that found the buffer empty "
               "after the first frame (total / most for one student, and how many students stalled). "
               "server CPU: the server process's user+system time while the class played, over students × "
               "seconds; cores busy: that time over the wall time (the GIL holds the Python part to about "
               "one core).\n")
    out.append(targets_table(summaries, args.speed))
    out.append("")
    out.append(table(["students", "chunks", "need→chunk max ms", "play→1st frame max ms", "re-asks",
                      "empty chunks", "server CPU ms/frame", "class's own cores busy", "stopped by server"],
                     [[s["students"], s["chunks"], ms(s["latency_max"]), ms(s["first_frame_max"]), s["retries"],
                       s["empty_chunks"], f"{s['cpu_ms_per_frame']:.1f}", f"{s['client_cores']:.2f}", s["stopped"]]
                      for s in summaries]))
    out.append("\n### Where the server's time goes\n")
    out.append(time_table(summaries, costs))
    out.append("\nA frame's own work, in this process at the default settings (median ms): "
               + ", ".join(f"{part} {x * 1000:.2f}" for part, x in costs.items())
               + f". train: {args.speed} steps and the checkpoint; numbers: the strip and the update table. "
               "The Python part of the server runs one thread at a time (the GIL), so 'cores needed' near 1 "
               "is the limit: past it the chunks queue, and a chunk that comes later than low_water / fps "
               f"({rounds[0].low_water / FPS:.1f} s) after its request is a stall.")
    largest = max(rounds, key=lambda r: r.students)
    out.append(f"\n### Where the bytes go ({largest.students} student(s))\n")
    out.append(bytes_table(largest))
    big = summaries[rounds.index(largest)]
    if big["kb_per_frame"] == big["kb_per_frame"]:
        out.append(f"\nPer frame received: {big['kb_per_frame']:.1f} KB of messages, so "
                   f"{big['kbps_full_speed']:.0f} KB/s for a student whose board plays at full speed "
                   f"({FPS} frames/s), whatever this run delivered.")
    out.append("\nOne frame: " + frame_parts(next((s.sample_frame for s in largest.stats if s.sample_frame), None)))
    out.append(compression_note(largest))
    errors = [f"{r.students} students: {e}" for r in rounds for s in r.stats for e in s.errors]
    if errors:
        out.append("\nErrors (first few):\n" + "\n".join(f"- {e}" for e in errors[:10]))
    log = [f"{r.students} students: {ln}" for r in rounds for ln in r.log_errors]
    if log:
        out.append("\nServer log, lines reporting errors:\n" + "\n".join(f"    {ln}" for ln in log[:10]))
    return "\n".join(out)


async def main_async(args, counts: list[int]) -> int:
    rounds = []
    for k, n in enumerate(counts):
        rounds.append(await run_class(n, args.seconds, args.speed, args.seed + k))
    print(report(rounds, args, frame_costs(args.speed)))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    raw = dict(args=vars(args), rounds=[dict(summarize(r), per_student=[
        {k: v for k, v in asdict(s).items() if k != "sample_frame"} for s in r.stats]) for r in rounds])
    (ARTIFACTS / "play.json").write_text(json.dumps(raw, indent=1, default=str))
    return 0


def parse_counts(text: str) -> list[int]:
    try:
        counts = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise SystemExit(f"--students: comma-separated numbers, not {text!r}") from None
    if not counts or not all(1 <= n <= 200 for n in counts):
        raise SystemExit("--students: between 1 and 200 each")
    return counts


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--students", default="1,10,40", help="class sizes, one server each (default 1,10,40)")
    ap.add_argument("--seconds", type=float, default=20.0, help="seconds each student plays (default 20)")
    ap.add_argument("--speed", type=int, default=DEFAULT_SPEED,
                    help=f"steps per frame, one the board offers (default {DEFAULT_SPEED})")
    ap.add_argument("--seed", type=int, default=0, help="when each student presses Play")
    args = ap.parse_args(argv)
    if not 1 <= args.seconds <= 120:
        raise SystemExit("--seconds: between 1 and 120")
    return asyncio.run(main_async(args, parse_counts(args.students)))


if __name__ == "__main__":
    sys.exit(main())
