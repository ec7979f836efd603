"""Training: gradient descent, live. Step or play, watch the boundary and the curves,
catch divergence, replay the run as an animation and export it for slides."""

from __future__ import annotations

import hashlib
import re
import time

import streamlit as st

from shallownet import plateaus, playback
from shallownet.export import history_csv, trainer_npz
from shallownet.figures import training_board as tb
from shallownet.figures.board import plotly_js
from shallownet.questions import path as questions
from shallownet.ui.live import FRAME_WORK, live_board
from shallownet.ui.page import params_digest
from shallownet.ui.shared_work import logistic_baseline
from shallownet.ui.state import (
    current_data,
    current_settings,
    data_identity,
    describe,
    get_trainer,
    set_setting,
    trainer_key,
)
from shallownet.ui.teaching import ask, next_page_link, notice

# widget and state keys ("train.trainer" and "train.key" belong to the shared session trainer)
MODE, SPEED, TARGET, LOGY = "train.mode", "train.speed", "train.target", "train.logy"
BOARD, REPLAY_BOARD = "train.board", "train.replay"  # the live views and the replay (components)
PLAYER = "train.player"  # (trainer key, playback.Player)
SHOWN_GENERATION = "train.shown_generation"  # the player generation whose base figures the browser has
NEED = "train.need"  # a chunk of frames is wanted in this run
PAGE_SETTINGS = "train.page_settings"  # the settings the last run of the whole page drew
WHOLE_PAGE = "train.whole_page"  # the board's last message changes more than the board: rerun the page
BASE = "train.base"  # (key, the board's base): its figures, numbers and curve traces by name
REPLAY = "train.replay_cache"  # (cache key, payload): reruns that change nothing resend identical data
NOTICE = "train.notice"  # a one-off message from the last button press
LIVE, REPLAY_MODE = "Live training", "Replay the run"
DEMO = "train.demo"  # (trainer key, iteration, text): the α-too-large demo's explanation, while it is on screen
MEASURED = "train.measured"  # {what: (key, result)}: measured runs (diverging α, ReLU init scales)

settings = current_settings()
data = current_data(settings)
trainer = get_trainer(settings)
lr = settings.learning_rate
plane = data.n_x == 2
_line = logistic_baseline(data_identity(settings), data) if plane else None
baseline = (_line.train_cost, _line.train_acc) if _line is not None else None  # the straight line's J, accuracy


def measured(what: str, key: tuple, compute):
    """A measured result kept in this session while ``key`` (what it depends on) stays."""
    kept = st.session_state.setdefault(MEASURED, {})
    if what not in kept or kept[what][0] != key:
        kept[what] = (key, compute())
    return kept[what][1]


def diverging(s) -> tuple[float, int] | None:
    """The smallest of plateaus.DIVERGE_RATES that diverges from this network's start (measured)."""
    return measured("diverge", trainer_key(s), lambda: plateaus.diverging_rate(
        current_data(s), s.n_h, s.activation, s.init_scale, s.init_seed))


def now() -> tuple:
    """(settings, trainer, player) as the session holds them now. Callbacks use this: they run
    before the script, so this module's ``settings`` and ``trainer`` may be the last run's."""
    s = current_settings()
    key = trainer_key(s)
    kept = st.session_state.get(PLAYER)
    if kept is None or kept[0] != key:  # a new trainer gets a new (stopped) player
        kept = (key, playback.Player())
        st.session_state[PLAYER] = kept
    return s, get_trainer(s), kept[1]


def speed() -> int:
    return int(st.session_state.get(SPEED, playback.DEFAULT_SPEED))


# -- what the controls do (callbacks run before the rerun they trigger) -----------
def pause_here() -> None:
    """Stop playing, with the trainer back at the frame the class is looking at."""
    _, t, p = now()
    if p.playing:
        p.stop(t, time.monotonic())


def take_steps(n: int) -> None:
    pause_here()
    s, t, _ = now()
    taken = playback.advance(t, n, s.learning_rate)
    if taken == 0 and t.divergence is None and t.iteration >= playback.MAX_ITERATION:
        st.session_state[NOTICE] = f"Already at iteration {t.iteration:,}, the most this page trains for."


def train_to_target() -> None:
    pause_here()
    _, t, _ = now()
    target = int(st.session_state[TARGET])
    if target <= t.iteration:
        st.session_state[NOTICE] = (f"Already at iteration {t.iteration:,} (≥ {target:,}); "
                                    "reset to train from the start.")
        return
    take_steps(playback.steps_to(t, target))


def too_large_demo() -> None:
    """Reset and train with the smallest α that diverges from this start, measured at the click."""
    pause_here()
    s, t, p = now()
    found = diverging(s)
    if found is None:
        st.session_state[NOTICE] = (f"None of α = {', '.join(f'{a:g}' for a in plateaus.DIVERGE_RATES)} diverges "
                                    f"within {plateaus.DIVERGE_STEPS} steps from this start, so there is no "
                                    "divergence to show here.")
        return
    lr = found[0]
    set_setting("learning_rate", lr)
    p.generation += 1
    t.reset()
    playback.advance(t, plateaus.DIVERGE_STEPS, lr)
    cost = t.history()["train_cost"]
    path = " → ".join(f"{c:.3g}" for c in cost[:6]) + (" → …" if len(cost) > 6 else "")
    if t.divergence is not None:  # the kept history ends before the step that diverged: name that step too
        path += f", then step {t.divergence.iteration} diverged ({t.divergence.reason})"
    st.session_state[DEMO] = (trainer_key(s), t.iteration, (
        f"**α = {lr:g}, from iteration 0:** the smallest of α = "
        f"{', '.join(f'{a:g}' for a in plateaus.DIVERGE_RATES)} that diverges from this start (each was "
        f"tried). J went {path}. Each step moves every parameter by α·dP: this step is so long that it jumps "
        "across the valley of J to a higher point on the other side, where the gradient is larger, so the "
        "next jump is longer still. The red box says where the trainer stopped; lower α in the sidebar "
        "(or press Reset) to train normally again."))


def reset_training() -> None:
    _, t, p = now()
    p.playing = False
    p.generation += 1
    t.reset()


def restart_if_playing() -> None:
    """A view option changed while playing: its base figures must be drawn again, from the frame on screen."""
    s, t, p = now()
    if p.playing:
        p.retarget(t, s.learning_rate, time.monotonic())


def board_message(name: str) -> dict | None:
    """The player's last message of kind ``name`` (a trigger value of the board component)."""
    value = getattr(st.session_state.get(BOARD), name, None)
    return value if isinstance(value, dict) else None


def on_need() -> None:
    """The browser's buffer runs low: note which frame it shows (the chunk is trained in the run)."""
    msg = board_message("need")
    s, _, p = now()
    if msg and p.playing and msg.get("epoch") == epoch(s, p):
        p.report(int(msg.get("shown_seq", -1)), time.monotonic())
        _set_speed(msg.get("speed"))
        st.session_state[NEED] = True


def on_control() -> None:
    """Play, Pause, a new speed, or a board that lost its figures (reopened while playing)."""
    msg = board_message("control") or {}
    s, t, p = now()
    at, action = time.monotonic(), msg.get("action")
    _set_speed(msg.get("speed"))
    st.session_state[WHOLE_PAGE] = action in ("play", "pause")
    if action == "play" and not p.playing:
        p.start(t, s.learning_rate, at)
        st.session_state[NEED] = True
    elif action == "pause" and p.playing:
        same = msg.get("epoch") == epoch(s, p)
        p.stop(t, at, int(msg.get("shown_seq", -1)) if same else None)
    elif action == "sync" and p.playing:
        p.retarget(t, s.learning_rate, at)
        st.session_state[NEED] = True


def _set_speed(value) -> None:
    if value in playback.PLAY_SPEEDS:
        st.session_state[SPEED] = int(value)


def digest(value) -> str:
    """A short name for ``value`` (a tuple of settings and numbers), for the browser to compare."""
    return hashlib.blake2b(repr(value).encode(), digest_size=8).hexdigest()


def epoch(s, p: playback.Player) -> str:
    """Names what the board shows; a new one makes the browser drop the frames it holds."""
    return f"{digest(trainer_key(s))}.{p.generation}"


# -- pieces of the page ----------------------------------------------------------
def controls() -> None:
    # one horizontal container rather than columns: every column is a message of its own
    c = st.container(horizontal=True, vertical_alignment="bottom", gap="small")
    c.button("Step", key="train.step1", on_click=take_steps, args=(1,), width=80,
             help="One update P := P − α·dP of every parameter.")
    c.button("×10", key="train.step10", on_click=take_steps, args=(10,), width=80)
    c.button("×100", key="train.step100", on_click=take_steps, args=(100,), width=80)
    c.number_input("Train to iteration", 1, playback.MAX_ITERATION, 1000, 100, key=TARGET,
                   persist_state="session", width=150)
    c.button("Train to", key="train.to", on_click=train_to_target, width=95)
    c.button("Reset", key="train.reset", on_click=reset_training, width=80,
             help="Back to iteration 0: the initial parameters of the sidebar's init scale and seed.")
    c.button("α too large", key="train.too_large", on_click=too_large_demo, icon=":material/bolt:",
             help="Back to iteration 0 and train with the smallest learning rate that really diverges "
                  "from this start (measured on this data and network).")
    c.checkbox("Log scale for the cost", key=LOGY, persist_state="session", on_change=restart_if_playing)


def divergence_error(why: str) -> None:
    st.error(why + " Press Reset to start again, or lower α in the sidebar and keep training from here.",
             icon=":material/dangerous:")


def status(history: dict, p: playback.Player) -> None:
    """When something is off, in words (the numbers are in the board)."""
    if trainer.divergence is not None:
        divergence_error(trainer.divergence.message())
    elif not p.playing:
        hint = playback.rising_cost_hint(history)
        if hint:
            st.warning(hint, icon=":material/trending_up:")
    said = st.session_state.pop(NOTICE, None)
    if said:
        st.info(said, icon=":material/info:")
    demo = st.session_state.get(DEMO)
    if demo and demo[:2] == (trainer_key(settings), trainer.iteration) and trainer.divergence is not None:
        st.info(demo[2], icon=":material/bolt:")  # the demo's state is still the one on screen


def callouts(p: playback.Player) -> None:
    """What to notice at the current iteration, while paused (playing, the trainer is ahead of
    the screen; the marks on the cost curve are redrawn at every pause)."""
    if p.playing:
        return
    history = trainer.history()
    A2 = plateaus.outputs(trainer.params, data.X_train, settings.activation)
    for text in (plateaus.start_notice(history, A2), plateaus.jump_notice(history, A2),
                 plateaus.plateau_notice(history, baseline)):
        if text:
            notice(text)
    if settings.activation == "relu":
        scales = measured("relu", (data_identity(settings), settings.n_h, settings.init_seed, lr),
                          lambda: plateaus.relu_scales(data, settings.n_h, settings.init_seed, lr))
        notice(plateaus.relu_notice(trainer.params, data.X_train, settings.init_scale, scales, trainer.iteration, lr))


def live_base(log: bool) -> dict:
    """The board's base at the trainer's state, kept while that state and the options stay."""
    key = (trainer_key(settings), params_digest(trainer.params), trainer.iteration, lr, log)
    kept = st.session_state.get(BASE)
    if kept is None or kept[0] != key:
        kept = (key, tb.live_base(trainer, data, settings.activation, lr, log, rev=digest(key), baseline=baseline))
        st.session_state[BASE] = kept
    return kept[1]


def live_panel() -> None:
    """Controls, status and the live board, which is a fragment of its own: while playing, the
    browser asks for frames with a rerun of the board alone; the page around it stays put."""
    _, _, p = now()
    if p.playing and p.learning_rate != lr:
        p.retarget(trainer, lr, time.monotonic())  # α changed in the sidebar: go on from the frame on screen
        st.session_state[NEED] = True
    controls()
    status(trainer.history(), p)
    st.fragment(board_panel)()
    callouts(p)  # below the board: appearing or going when Play starts, they move no chart
    if not plane:
        st.info(f"The plane views need 2 input features; this data has n_x = {data.n_x}. "
                "The curves and the update rule still apply.")
    st.caption(f"▶ Play trains ahead on the server and plays the frames here, {playback.FPS} a second; "
               "Steps per frame sets the speed. Grey spans on the cost curve mark its plateaus, dashed lines "
               "the bends after them, and the dotted level the straight line's cost; the notes below the board "
               "say what to notice at the iteration shown whenever play is paused. "
               "Each hidden-unit thumbnail is one direction across the "
               "plane; the output unit mixes them with the weights W2 in their titles, and the boundary "
               "is where that mix gives A2 = 0.5.")


def board_panel() -> None:
    """The board, with the next chunk of frames when the browser asked for one."""
    if st.session_state.pop(WHOLE_PAGE, False) or current_settings() != st.session_state.get(PAGE_SETTINGS):
        # Play or Pause: the controls and the status change too; or the sidebar changed while a
        # request for frames ran, and only a run of the whole page syncs the URL and the captions
        st.rerun(scope="app")
    _, _, p = now()
    shown = (trainer_key(settings), p.generation)
    # while playing, the browser's figures are only patched by frames; they are sent again when a
    # new generation starts (play, a rewind, another α) and whenever it is paused
    send_base = st.session_state.get(SHOWN_GENERATION) != shown or not p.playing
    base = live_base(bool(st.session_state.get(LOGY))) if send_base else None
    frames = []
    if st.session_state.pop(NEED, False) and p.playing:
        # the frames patch the base the browser holds: the last one built (kept in BASE)
        index = st.session_state[BASE][1]["index"] if BASE in st.session_state else {}
        build = tb.frame_builder(trainer, data, settings.activation, lr, index, baseline)
        with FRAME_WORK:
            frames = p.chunk(trainer, speed(), build, time.monotonic())
    if frames and not p.playing:  # stopped by itself: say why (the frames still play out)
        if trainer.divergence is not None:
            divergence_error(p.why_stopped)
        else:
            st.info(p.why_stopped, icon=":material/info:")
        p.why_stopped = ""
    payload = {"epoch": epoch(settings, p), "columns": tb.COLUMNS if plane else "1fr 1fr",
               "player": tb.player_spec(p.playing, frames, speed())}
    if base is not None and (p.playing or not frames):  # frames that drain after a stop patch the old base
        payload.update({k: base[k] for k in ("plots", "stats", "table")})
        st.session_state[SHOWN_GENERATION] = shown
    live_board(payload, key=BOARD, on_need_change=on_need, on_control_change=on_control)


def replay_panel() -> None:
    if not plane:
        st.info(f"The replay draws the plane, which needs 2 input features; this data has n_x = {data.n_x}.")
        return
    log = st.checkbox("Log scale for the cost", key=LOGY, persist_state="session")
    live_board(replay_payload(log), key=REPLAY_BOARD)
    snaps = trainer.snapshots
    st.caption(
        f"{min(len(snaps), tb.MAX_FRAMES)} frames chosen evenly from {len(snaps)} recorded snapshots "
        f"(iterations 0 … {trainer.iteration:,}). The replay runs in your browser: press ▶ Play or drag "
        "the slider. Go back to live training to train further."
    )


def replay_payload(log: bool) -> dict:
    """The replay of this run, rebuilt only when the run changed (same key → same payload)."""
    history = trainer.history()
    key = (trainer_key(settings), trainer.iteration, float(history["train_cost"][-1]),
           len(trainer.snapshots), log)
    cached = st.session_state.get(REPLAY)
    if cached is None or cached[0] != key:
        cached = (key, tb.replay_payload(trainer, data, settings.activation, log, data.name))
        st.session_state[REPLAY] = cached
    return cached[1]


def exports() -> None:
    """Downloads of this run, behind an expander that runs only when open (it is rarely needed,
    and the rest of the page is resent on every rerun)."""
    box = st.expander("Export this run: animation, parameters, history", key="train.exports", on_change="rerun",
                      icon=":material/download:")
    if box.open:
        with box:
            export_buttons()
    st.caption("Training lives in this browser tab: after a short loss of connection it carries on where it "
               "was, but a reload or a new tab keeps only the settings (they are in the address bar) and "
               "training restarts from iteration 0. To keep a run, download its parameters and load them on "
               "the Experiments page.")


def export_buttons() -> None:
    safe_name = re.sub(r"[^A-Za-z0-9._-]+", "-", data.name).strip("-") or "data"  # "upload:x.csv" → "upload-x.csv"
    stem = f"shallownet-{safe_name}-h{trainer.n_h}-{settings.activation}"
    log = bool(st.session_state.get(LOGY))
    c = st.columns(3)
    c[0].download_button(
        "Animation (HTML, plays offline)",
        lambda: tb.replay_html(replay_payload(log), plotly_js(), title=stem),
        file_name=f"{stem}.html", mime="text/html", key="train.dl_html", on_click="ignore",
        disabled=not plane, icon=":material/movie:", width="stretch",
        help="One file with plotly.js inside (about 5 MB): opens and plays in any browser without "
             "a network, e.g. on a lecture-hall laptop.",
    )
    c[1].download_button(
        "Parameters (.npz)", lambda: trainer_npz(trainer), file_name=f"{stem}.npz",
        mime="application/octet-stream", key="train.dl_npz", on_click="ignore",
        icon=":material/download:", width="stretch",
        help="W1, b1, W2, b2 as plain arrays: np.load(path, allow_pickle=False).",
    )
    c[2].download_button(
        "History (CSV)", lambda: history_csv(trainer.history()), file_name=f"{stem}-history.csv",
        mime="text/csv", key="train.dl_csv", on_click="ignore", icon=":material/table:",
        width="stretch", help="One row per iteration: α, train/test cost and accuracy, gradient norms.",
    )
    st.caption("Files hold the state at the moment you click.")


# -- the page ----------------------------------------------------------------------
st.session_state[PAGE_SETTINGS] = settings
st.title("Training")
st.caption(describe(settings) + " · full-batch gradient descent on the training points")
mode = st.segmented_control("View", (LIVE, REPLAY_MODE), default=LIVE, required=True, key=MODE,
                            label_visibility="collapsed", persist_state="session", on_change=pause_here) or LIVE
if mode == LIVE:
    st.fragment(live_panel)()
else:
    replay_panel()
q_left, q_right = st.columns(2)
with q_left:
    h0 = trainer.history()
    first = trainer.snapshots[0].params if trainer.snapshots and trainer.snapshots[0].iteration == 0 else trainer.params
    spread = float(abs(plateaus.outputs(first, data.X_train, settings.activation) - 0.5).max())
    ask(questions.initial_cost(float(h0["train_cost"][0]), spread), key="train.initial_cost")
with q_right:
    ask(questions.diverging_rate(diverging(settings), plateaus.DIVERGE_RATES, plateaus.DIVERGE_STEPS, lr),
        key="train.diverge")
exports()
next_page_link("app_pages/training.py")
