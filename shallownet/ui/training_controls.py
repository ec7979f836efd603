"""The Training page's controls and what they do: Step, Train to, Reset, the α-too-large demo,
and the live board's Play, Pause and requests for frames.

Callbacks run before the rerun they trigger, so they read the session through :func:`now`
rather than the view the page built in its last run. Their messages are chosen in
:mod:`shallownet.training_lesson`; the play logic is :mod:`shallownet.playback`.
"""

from __future__ import annotations

import time

import streamlit as st

from .. import budget, plateaus, playback
from .. import training_lesson as lesson
from .keys import PLAYER
from .lesson_mode import locked, locked_help
from .page import guarded
from .settings import Settings
from .share import share_is_stale
from .state import current_data, current_settings, get_trainer, set_setting, sync_query, trainer_key

# widget and state keys of this page (the shared trainer's are in .keys: TRAINER, TRAINER_KEY)
MODE, SPEED, TARGET, LOGY = "train.mode", "train.speed", "train.target", "train.logy"
BOARD, REPLAY_BOARD = "train.board", "train.replay"  # the live views and the replay (components)
SHOWN_GENERATION = "train.shown_generation"  # the player generation whose base figures the browser has
NEED = "train.need"  # a chunk of frames is wanted in this run
PAGE_SETTINGS = "train.page_settings"  # the settings the last run of the whole page drew
WHOLE_PAGE = "train.whole_page"  # the board's last message changes more than the board: rerun the page
BASE = "train.base"  # (key, the board's base): its figures, numbers and curve traces by name
NOTICE = "train.notice"  # a one-off message from the last button press
LIVE, REPLAY_MODE = "Live training", "Replay the run"
DEMO = "train.demo"  # (trainer key, iteration, text): the α-too-large demo's explanation, while it is on screen
MEASURED = "train.measured"  # {what: (key, result)}: measured runs (diverging α, ReLU init scales)


def measured(what: str, key: tuple, compute):
    """A measured result kept in this session while ``key`` (what it depends on) stays."""
    kept = st.session_state.setdefault(MEASURED, {})
    if what not in kept or kept[what][0] != key:
        kept[what] = (key, compute())
    return kept[what][1]


def diverging(s: Settings) -> tuple[float, int] | None:
    """The smallest of plateaus.DIVERGE_RATES that diverges from this network's start (measured)."""
    return measured("diverge", trainer_key(s), lambda: plateaus.diverging_rate(
        current_data(s), s.n_h, s.activation, s.init_scale, s.init_seed))


def now() -> tuple:
    """(settings, trainer, player) as the session holds them now. Callbacks use this: they run
    before the script, so the view the page built may be the last run's."""
    s = current_settings()
    key = trainer_key(s)
    kept = st.session_state.get(PLAYER)
    if kept is None or kept[0] != key:  # a new trainer gets a new (stopped) player
        kept = (key, playback.Player())
        st.session_state[PLAYER] = kept
    return s, get_trainer(s), kept[1]


def speed() -> int:
    return int(st.session_state.get(SPEED, playback.DEFAULT_SPEED))


def epoch(s: Settings, p: playback.Player) -> str:
    return lesson.epoch(trainer_key(s), p.generation)


# -- what the controls do (callbacks run before the rerun they trigger) -----------
def pause_here() -> None:
    """Stop playing, with the trainer back at the frame the class is looking at."""
    _, t, p = now()
    if p.playing:
        p.stop(t, time.monotonic())


def say(text: str) -> None:
    """Keep a one-off message for the next run's status ("" keeps nothing)."""
    if text:
        st.session_state[NOTICE] = text


def take_steps(n: int) -> None:
    pause_here()
    s, t, _ = now()
    m = current_data(s).X.shape[1]
    limit = budget.steps_within(n, m, s.n_h)  # one click's work is bounded: it answers within ~2 s
    taken = playback.advance(t, limit, s.learning_rate)
    say(lesson.cap_notice(t.iteration, taken, t.divergence is not None, start=t.start_iteration)
        or budget.partial_notice(n, limit, taken, m, s.n_h, t.total_iteration))


def train_to_target() -> None:
    pause_here()
    _, t, _ = now()
    target = int(st.session_state[TARGET])
    said = lesson.target_notice(t.total_iteration, target, t.start_iteration)
    if said:
        say(said)
        return
    take_steps(playback.steps_to(t, target))


def too_large_demo() -> None:
    """Reset and train with the smallest α that diverges from this start, measured at the click."""
    pause_here()
    s, t, p = now()
    found = diverging(s)
    if found is None:
        say(lesson.no_divergence_notice(plateaus.DIVERGE_RATES, plateaus.DIVERGE_STEPS))
        return
    lr = found[0]
    if not set_setting("learning_rate", lr):
        return  # the lesson locks α (the button is off; a click that raced the lock changes nothing)
    p.generation += 1
    t.reset()
    playback.advance(t, plateaus.DIVERGE_STEPS, lr)
    text = lesson.demo_text(lr, plateaus.DIVERGE_RATES, t.history()["train_cost"], t.divergence)
    st.session_state[DEMO] = (trainer_key(s), t.iteration, text)


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


def controls():
    """The buttons above the board, in one row (one horizontal container rather than columns:
    every column is a message of its own); returned, so the page can add its view toggles."""
    sync_query(current_settings())  # a click here reruns this fragment, not the sidebar: keep it= current
    if share_is_stale(current_settings()):
        st.rerun(scope="app")  # the open Share box must show the run's new link too
    c = st.container(horizontal=True, vertical_alignment="center", gap="small")
    c.button("Step", key="train.step1", on_click=guarded(take_steps), args=(1,),
             help="One update P := P − α·dP of every parameter.")
    c.button("×10", key="train.step10", on_click=guarded(take_steps), args=(10,))
    c.button("×100", key="train.step100", on_click=guarded(take_steps), args=(100,))
    # a loaded model's count continues: its run may train MAX_ITERATION steps past its start
    c.number_input("Train to iteration", 1, get_trainer(current_settings()).start_iteration + playback.MAX_ITERATION,
                   1000, 100, key=TARGET,
                   persist_state="session", width=130, label_visibility="collapsed",
                   help="The iteration that Train to trains to.")
    c.button("Train to", key="train.to", on_click=guarded(train_to_target))
    c.button("Reset", key="train.reset", on_click=guarded(reset_training),
             help="Back to iteration 0: the initial parameters of the sidebar's init scale and seed.")
    c.button("α too large", key="train.too_large", on_click=guarded(too_large_demo), icon=":material/bolt:",
             disabled=locked("learning_rate"), help=locked_help(["learning_rate"])
             or "Back to iteration 0 and train with the smallest learning rate that really diverges "
                  "from this start (measured on this data and network).")
    c.checkbox("Log scale for the cost", key=LOGY, persist_state="session", on_change=guarded(restart_if_playing))
    return c
