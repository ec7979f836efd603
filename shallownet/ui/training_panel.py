"""The Training page's panels: the live board with its status and notes, the replay of the
run, and the exports. Each draws the :class:`TrainingView` the page built at the top of its run
(a fragment keeps the view it was started with, as a page's globals would). The controls and
their callbacks are in :mod:`.training_controls`; the texts in :mod:`shallownet.training_lesson`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import partial

import streamlit as st

from .. import plateaus, playback
from .. import training_lesson as lesson
from ..datasets import Dataset
from ..export import history_csv, trainer_npz
from ..figures import training_board as tb
from ..figures.board import plotly_js
from ..training import Trainer
from .live import FRAME_WORK, live_board
from .memo import memo, memo_key, rev_of
from .page import guarded
from .settings import Settings
from .shared_work import logistic_baseline
from .state import current_data, current_settings, data_identity, get_trainer, set_setting, trainer_key
from .teaching import notice
from .training_controls import (
    BASE,
    BOARD,
    DEMO,
    LOGY,
    NEED,
    NOTICE,
    PAGE_SETTINGS,
    REPLAY_BOARD,
    SHOWN_GENERATION,
    WHOLE_PAGE,
    controls,
    epoch,
    measured,
    now,
    on_control,
    on_need,
    restart_if_playing,
    speed,
)
from .uploads import count_known


@dataclass(frozen=True)
class TrainingView:
    """What one run of the page draws: the settings, their data and the session's trainer, and
    the straight line's (J, accuracy) on the training points when the data is a plane."""

    settings: Settings
    data: Dataset
    trainer: Trainer
    baseline: tuple[float, float] | None

    @property
    def lr(self) -> float:
        return self.settings.learning_rate


def this_run() -> TrainingView:
    """The view of this run of the page (the sidebar's settings, read once at the top)."""
    settings = current_settings()
    data = current_data(settings)
    line = logistic_baseline(data_identity(settings), data)
    baseline = (line.train_cost, line.train_acc) if line is not None else None
    return TrainingView(settings, data, get_trainer(settings), baseline)


def divergence_error(why: str) -> None:
    st.error(why + " Press Reset to start again, or lower α in the sidebar and keep training from here.",
             icon=":material/dangerous:")


def status(v: TrainingView, p: playback.Player) -> None:
    """When something is off, in words (the numbers are in the board)."""
    if v.trainer.divergence is not None:
        divergence_error(v.trainer.divergence.message())
    elif not p.playing:
        hint = playback.rising_cost_hint(v.trainer.history())
        if hint:
            st.warning(hint, icon=":material/trending_up:")
    said = st.session_state.pop(NOTICE, None)
    if said:
        st.info(said, icon=":material/info:")
    demo = st.session_state.get(DEMO)
    if demo and demo[:2] == (trainer_key(v.settings), v.trainer.iteration) and v.trainer.divergence is not None:
        st.info(demo[2], icon=":material/bolt:")  # the demo's state is still the one on screen


def callouts(v: TrainingView, p: playback.Player) -> None:
    """What to notice at the current iteration, while paused (playing, the trainer is ahead of
    the screen; the marks on the cost curve are redrawn at every pause)."""
    if p.playing:
        return
    for text in lesson.paused_notices(v.trainer, v.data.X_train, v.settings.activation, v.baseline):
        notice(text)
    s = v.settings
    if s.activation == "relu":
        scales = measured("relu", (data_identity(s), s.n_h, s.init_seed, v.lr),
                          lambda: plateaus.relu_scales(v.data, s.n_h, s.init_seed, v.lr))
        notice(plateaus.relu_notice(v.trainer.params, v.data.X_train, s.init_scale, scales, v.trainer.total_iteration,
                                    v.lr))


def live_base(v: TrainingView, log: bool) -> dict:
    """The board's base at the trainer's state, kept while that state and the options stay. It
    stays in BASE after the state moved on: the frames of a play patch the base the browser holds."""
    show_test, discrete = v.settings.show_test == "1", v.settings.discrete == "1"
    key = memo_key("train.base", data=data_identity(v.settings), trainer=v.trainer,
                   options=(v.lr, log, show_test, discrete))
    kept = st.session_state.get(BASE)
    if kept is None or kept[0] != key:
        base = tb.live_base(v.trainer, v.data, v.settings.activation, v.lr, log, rev=rev_of(key),
                            baseline=v.baseline, show_test=show_test, discrete=discrete)
        kept = (key, base)
        st.session_state[BASE] = kept
    return kept[1]


def live_panel(v: TrainingView) -> None:
    """Controls, status and the live board, which is a fragment of its own: while playing, the
    browser asks for frames with a rerun of the board alone; the page around it stays put."""
    _, _, p = now()
    if p.playing and p.learning_rate != v.lr:
        p.retarget(v.trainer, v.lr, time.monotonic())  # α changed in the sidebar: go on from the frame on screen
        st.session_state[NEED] = True
    view_toggles(controls(), v.settings)
    status(v, p)
    st.fragment(board_panel)(v)
    callouts(v, p)  # below the board: appearing or going when Play starts, they move no chart
    st.caption(f"▶ Play trains ahead on the server and plays the frames here, {playback.FPS} a second; "
               "Steps per frame sets the speed. Grey spans on the cost curve mark its plateaus, dashed lines "
               "the bends after them, and the dotted level the straight line's cost; the notes below the board "
               "say what to notice at the iteration shown whenever play is paused. "
               "Each hidden-unit thumbnail is one direction across the "
               "plane; the output unit mixes them with the weights W2 in their titles, and the boundary "
               "is where that mix gives A2 = 0.5.")


# the boundary's view toggles, as the TensorFlow Playground has them: settings (in the link), shown here
VIEW_TOGGLES = (("show_test", "train.showtest", "Test data",
                 "Draw the held-out test points (diamonds) on the boundary; train points are circles."),
                ("discrete", "train.discrete", "Discretize output",
                 "Colour the plane by the predicted class (A2 > 0.5 or not) instead of by the value of A2."))


def view_toggles(row, settings: Settings) -> None:
    """"Test data" and "Discretize output": their own widgets, showing the settings' values (which
    the sidebar's More settings also set), written back to the settings when switched."""
    for name, key, label, helptext in VIEW_TOGGLES:
        st.session_state[key] = getattr(settings, name) == "1"  # before the widget: follows the sidebar too
        row.toggle(label, key=key, help=helptext, on_change=guarded(_toggled), args=(name, key))


def _toggled(name: str, key: str) -> None:
    set_setting(name, "1" if st.session_state[key] else "0")
    restart_if_playing()  # while playing, the board's base must be drawn again with the new view


def board_panel(v: TrainingView) -> None:
    """The board, with the next chunk of frames when the browser asked for one."""
    if st.session_state.pop(WHOLE_PAGE, False) or current_settings() != st.session_state.get(PAGE_SETTINGS):
        # Play or Pause: the controls and the status change too; or the sidebar changed while a
        # request for frames ran, and only a run of the whole page syncs the URL and the captions
        st.rerun(scope="app")
    _, _, p = now()
    trainer = v.trainer
    shown = (trainer_key(v.settings), p.generation)
    # while playing, the browser's figures are only patched by frames; they are sent again when a
    # new generation starts (play, a rewind, another α) and whenever it is paused
    send_base = st.session_state.get(SHOWN_GENERATION) != shown or not p.playing
    base = live_base(v, bool(st.session_state.get(LOGY))) if send_base else None
    frames = []
    if st.session_state.pop(NEED, False) and p.playing:
        # the frames patch the base the browser holds: the last one built (kept in BASE)
        index = st.session_state[BASE][1]["index"] if BASE in st.session_state else {}
        build = tb.frame_builder(trainer, v.data, v.settings.activation, v.lr, index, v.baseline)
        with FRAME_WORK:
            frames = p.chunk(trainer, speed(), build, time.monotonic())
    if frames and not p.playing:  # stopped by itself: say why (the frames still play out)
        if trainer.divergence is not None:
            divergence_error(p.why_stopped)
        else:
            st.info(p.why_stopped, icon=":material/info:")
        p.why_stopped = ""
    payload = {"epoch": epoch(v.settings, p), "columns": tb.COLUMNS,
               "player": tb.player_spec(p.playing, frames, speed())}
    if base is not None and (p.playing or not frames):  # frames that drain after a stop patch the old base
        payload.update({k: base[k] for k in ("plots", "stats", "table")})
        st.session_state[SHOWN_GENERATION] = shown
    live_board(payload, key=BOARD, on_need_change=on_need, on_control_change=on_control)


def replay_panel(v: TrainingView) -> None:
    log = st.checkbox("Log scale for the cost", key=LOGY, persist_state="session")
    live_board(replay_payload(v, log), key=REPLAY_BOARD)
    t = v.trainer
    st.caption(lesson.replay_caption(len(t.snapshots), t.total_iteration, tb.MAX_FRAMES, t.start_iteration))


def replay_payload(v: TrainingView, log: bool) -> dict:
    """The replay of this run, rebuilt only when the run changed (same key → same payload)."""
    payload, _ = memo("train.replay", lambda: tb.replay_payload(v.trainer, v.data, v.settings.activation, log,
                                                                 v.data.name),
                      data=data_identity(v.settings), trainer=v.trainer, options=(log,))
    return payload


def exports(v: TrainingView) -> None:
    """Downloads of this run, behind an expander that runs only when open (it is rarely needed,
    and the rest of the page is resent on every rerun)."""
    box = st.expander("Export this run: animation, parameters, history", key="train.exports", on_change="rerun",
                      icon=":material/download:")
    if box.open:
        with box:
            export_buttons(v)
    st.caption("The address bar holds the settings and the run's iteration (it=…): a reload or the copied link "
               "trains to that iteration again, which gives the same network when the whole run used one "
               "learning rate. A run whose α changed, or a model loaded from a file, is not in the link: to keep "
               "it, download its parameters and load them on the Experiments page.")


def export_buttons(v: TrainingView) -> None:
    trainer = v.trainer
    stem = lesson.file_stem(v.data.name, trainer.n_h, v.settings.activation)
    log = bool(st.session_state.get(LOGY))
    c = st.columns(3)
    c[0].download_button(
        "Animation (HTML, plays offline)",
        lambda: tb.replay_html(replay_payload(v, log), plotly_js(), title=stem),
        file_name=f"{stem}.html", mime="text/html", key="train.dl_html", on_click="ignore",
        icon=":material/movie:", width="stretch",
        help="One file with plotly.js inside (about 5 MB): opens and plays in any browser without "
             "a network, e.g. on a lecture-hall laptop.",
    )
    c[1].download_button(
        "Parameters (.npz)", partial(trainer_npz, trainer, count_known(trainer)), file_name=f"{stem}.npz",
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
