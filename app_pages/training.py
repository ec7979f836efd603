"""Training: gradient descent, live. Step or play, watch the boundary and the curves,
catch divergence, replay the run as an animation and export it for slides."""

from __future__ import annotations

import math
import re

import streamlit as st

from shallownet import playback
from shallownet.export import history_csv, trainer_npz
from shallownet.figures import training_view as tv
from shallownet.figures.export_html import standalone_html
from shallownet.ui.page import chart, params_digest, session_figure, shared_figure
from shallownet.ui.state import current_data, current_settings, describe, get_trainer, trainer_key

# widget and state keys ("train.trainer" and "train.key" belong to the shared session trainer)
MODE, SPEED, TARGET, LOGY = "train.mode", "train.speed", "train.target", "train.logy"
RESETS = "train.resets"  # how many times Reset was pressed: part of the Play switch's key (see play_key)
REPLAY = "train.replay_cache"  # (cache key, figure): reruns that change nothing resend identical JSON
NOTICE = "train.notice"  # a one-off message from the last button press
LIVE, REPLAY_MODE = "Live training", "Replay the run"

settings = current_settings()
data = current_data(settings)
trainer = get_trainer(settings)
lr = settings.learning_rate
plane = data.n_x == 2


# -- what the buttons do (callbacks run before the rerun they trigger) -----------
def take_steps(n: int) -> None:
    taken = playback.advance(trainer, n, lr)
    if taken == 0 and trainer.divergence is None and trainer.iteration >= playback.MAX_ITERATION:
        st.session_state[NOTICE] = f"Already at iteration {trainer.iteration:,}, the most this page trains for."


def train_to_target() -> None:
    target = int(st.session_state[TARGET])
    if target <= trainer.iteration:
        st.session_state[NOTICE] = (f"Already at iteration {trainer.iteration:,} (≥ {target:,}); "
                                    "reset to train from the start.")
        return
    take_steps(playback.steps_to(trainer, target))


def play_key() -> str:
    """The Play switch's key. Reset gives the switch a new one: a play tick the browser sent
    before it heard of the Reset still says "Play on" for the old switch, and is ignored."""
    return f"train.play.{st.session_state.get(RESETS, 0)}"


def reset_training() -> None:
    trainer.reset()
    st.session_state[RESETS] = st.session_state.get(RESETS, 0) + 1  # the new switch starts off


# -- pieces of the page ----------------------------------------------------------
def fmt(value: float, spec: str) -> str:
    """A number for the screen; never 'nan'."""
    return format(value, spec) if math.isfinite(value) else "—"


def controls() -> None:
    # one horizontal container rather than eight columns: every column is a message of its own,
    # and this panel is resent on every click and every play tick
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
    c.toggle("Play", key=play_key(), help=f"Keeps training: a few steps every {playback.PLAY_INTERVAL_S:g} s.",
             width=95)
    c.select_slider("Steps per tick", playback.PLAY_SPEEDS, playback.DEFAULT_SPEED, key=SPEED,
                    persist_state="session", width="stretch")


def status(history: dict) -> None:
    """Where training stands, in numbers and, when something is off, in words."""
    t = trainer.iteration
    m = st.container(horizontal=True, horizontal_alignment="distribute")
    m.metric("Iteration", f"{t:,}")
    m.metric("Train cost J", fmt(history["train_cost"][-1], ".4f"))
    m.metric("Test cost", fmt(history["test_cost"][-1], ".4f"))
    m.metric("Train accuracy", fmt(100 * history["train_acc"][-1], ".1f") + " %")
    m.metric("Test accuracy", fmt(100 * history["test_acc"][-1], ".1f") + " %")
    m.metric("Learning rate α", f"{lr:g}", help="Set it in the sidebar; changing it mid-run "
             "continues from the current parameters.")
    if trainer.divergence is not None:
        st.error(trainer.divergence.message() + " Press Reset to start again, or lower α in the sidebar "
                 "and keep training from here.", icon=":material/dangerous:")
    else:
        hint = playback.rising_cost_hint(history)
        if hint:
            st.warning(hint, icon=":material/trending_up:")
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        st.info(notice, icon=":material/info:")


def live_views(history: dict) -> None:
    """Boundary beside the curves (both move with every step), then hidden units beside the rule."""
    t = trainer.iteration
    # a figure is rebuilt only when the state it shows changed (a rerun for anything else reuses it)
    state = (trainer_key(settings), params_digest(trainer.params), t)
    left, right = st.columns([1.25, 1], gap="medium")
    with left:
        if plane:
            chart(shared_figure(("train.boundary", *state),
                                 lambda: tv.boundary_figure(trainer.params, data, settings.activation, t)),
                  key="train.boundary")
        else:
            st.info(f"The plane views need 2 input features; this data has n_x = {data.n_x}. "
                    "The curves and the update rule still apply.")
    with right:
        log = st.checkbox("Log scale for the cost", key=LOGY, persist_state="session")
        chart(session_figure(("train.curves", *state, log), lambda: tv.curves_figure(history, log_cost=log)),
              key="train.curves")
    left, right = st.columns([1, 1.15], gap="medium")
    with left:
        if plane:
            st.markdown("**What each hidden unit computes:** A1 = g(W1 x + b1) over the plane")
            chart(shared_figure(("train.units", *state),
                                 lambda: tv.hidden_units_figure(trainer.params, data, settings.activation)),
                  key="train.units")
            st.caption("Each unit is one direction across the plane; the output unit mixes them with the "
                       "weights W² in the titles, and the boundary is where that mix gives A2 = 0.5.")
    with right:
        update_rule()


def update_rule() -> None:
    st.markdown(f"**The next update** (iteration {trainer.iteration:,} → {trainer.iteration + 1:,})")
    rows = playback.update_rule(trainer.params, trainer.grads, lr)
    st.latex(r"\small " + tv.update_rule_latex(rows, lr))
    st.caption(
        "Every parameter moves against its own gradient; α‖dP‖ is how far it moves in this step "
        "(‖·‖ is the square root of the sum of squares). The lecture notes write w := w − α·w: "
        "the update uses the gradient, dw. Shapes are read from the arrays."
    )


def live_panel(registered_play: bool) -> None:
    """Controls, status and live views; while playing, one tick of training per timer run."""
    playing = bool(st.session_state.get(play_key()))
    if playing != registered_play:
        st.rerun(scope="app")  # the timer is set where the fragment is declared: start or stop it there
    if playing:
        # α as the session holds it now: a timer run can come before the full rerun of an α change
        rate = current_settings().learning_rate
        tick = playback.play_tick(trainer, st.session_state.get(SPEED, playback.DEFAULT_SPEED), rate)
        if not tick.keep_playing:
            st.session_state[play_key()] = False
            if trainer.divergence is None:
                st.session_state[NOTICE] = tick.why_stopped
            st.rerun(scope="app")
    controls()
    history = trainer.history()
    status(history)
    live_views(history)


def replay_panel() -> None:
    if not plane:
        st.info(f"The replay draws the plane, which needs 2 input features; this data has n_x = {data.n_x}.")
        return
    log = st.checkbox("Log scale for the cost", key=LOGY, persist_state="session")
    chart(replay_figure(log), key="train.replay")
    snaps = trainer.snapshots
    st.caption(
        f"{min(len(snaps), tv.MAX_FRAMES)} frames chosen evenly from {len(snaps)} recorded snapshots "
        f"(iterations 0 … {trainer.iteration:,}). The animation runs in your browser: press ▶ Play or drag "
        "the slider. Go back to live training to train further."
    )


def replay_figure(log: bool):
    """The animation of this run, rebuilt only when the run changed (same key → same figure object)."""
    history = trainer.history()
    key = (trainer_key(settings), trainer.iteration, float(history["train_cost"][-1]),
           len(trainer.snapshots), log)
    cached = st.session_state.get(REPLAY)
    if cached is None or cached[0] != key:
        fig = build_replay(log)
        st.session_state[REPLAY] = (key, fig)
        return fig
    return cached[1]


def build_replay(log: bool):
    history = trainer.history()
    return tv.replay_figure(trainer.snapshots, history, data, settings.activation, log_cost=log,
                            title=tv.run_title(data.name, trainer.n_h, settings.activation, history))


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
        "Animation (HTML, plays offline)", lambda: standalone_html(build_replay(log), title=stem),
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
st.title("Training")
st.caption(describe(settings) + " · full-batch gradient descent on the training points")
mode = st.segmented_control("View", (LIVE, REPLAY_MODE), default=LIVE, required=True, key=MODE,
                            label_visibility="collapsed", persist_state="session") or LIVE
if mode == LIVE:
    playing = bool(st.session_state.get(play_key()))
    st.fragment(live_panel, run_every=playback.PLAY_INTERVAL_S if playing else None)(playing)
else:
    st.session_state[play_key()] = False
    replay_panel()
exports()
