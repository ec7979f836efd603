"""The Gradients page's Streamlit pieces: the training button and its notes, the cursor on the
kept snapshots, the two live charts of the first tab, and the zero start's metrics and W1 tables.

What they say is chosen in :mod:`shallownet.gradients_tabs`; the page places them in its tabs.
"""

from __future__ import annotations

import streamlit as st

from .. import comparisons as cmp
from .. import gradients_tabs as tabs
from ..activations import ACTIVATIONS
from ..budget import steps_within
from ..comparisons import ZeroInitResult
from ..figures import gradients_view as gv
from ..playback import MAX_ITERATION, advance
from ..training import Snapshot, Trainer
from .live import live_chart
from .memo import memo_figure
from .page import guarded

TRAIN_STEPS = cmp.COMPARISON_STEPS
ITER, SEEN = "grad.iter", "grad.seen"  # the inspected iteration; the trainer's iteration when it was placed
SCALE_ACT = "grad.scale_act"  # the Initial-scale tab's activation (a widget)


def train_more(trainer: Trainer, learning_rate: float) -> None:
    """Button callback: runs before the script, so everything below already shows the new state.
    ``advance`` keeps the session's history within MAX_ITERATION, as the Training page does."""
    advance(trainer, steps_within(TRAIN_STEPS, trainer.data.X.shape[1], trainer.n_h), learning_rate)


def train_button(trainer: Trainer, learning_rate: float) -> None:
    """"Train 50 (more) steps", with a note at iteration 0, at the cap, and after a divergence."""
    if trainer.total_iteration == 0:  # a loaded model starts at its own count, trained
        st.info(tabs.untrained_text(TRAIN_STEPS, learning_rate), icon=":material/info:")
    at_cap = trainer.iteration >= MAX_ITERATION  # the cap bounds the run's own steps
    st.button(tabs.train_label(trainer.total_iteration, TRAIN_STEPS), key="grad.train", icon=":material/play_arrow:",
              disabled=at_cap, type="primary" if trainer.total_iteration == 0 else "secondary",
              on_click=guarded(train_more), args=(trainer, learning_rate))
    if at_cap:
        st.info(tabs.cap_text(trainer.total_iteration, trainer.start_iteration), icon=":material/info:")
    if trainer.divergence is not None:
        st.warning(trainer.divergence.message(), icon=":material/warning:")


def inspect_controls(trainer: Trainer) -> tuple[Snapshot, int, bool]:
    """The cursor on the kept snapshots and the log-scale switch: (snapshot, its iteration as shown,
    log y). Snapshots keep rows; a loaded model's count continues from its start_iteration."""
    snaps = trainer.snapshots
    iterations = tabs.shown_iterations(trainer)
    if tabs.follow_latest(iterations, st.session_state.get(ITER), st.session_state.get(SEEN), trainer.total_iteration):
        st.session_state[ITER] = iterations[-1]  # new training (here or elsewhere): show the latest step
        st.session_state[SEEN] = trainer.total_iteration
    controls = st.columns([3, 1], vertical_alignment="bottom")
    with controls[0]:
        if len(iterations) > 1:
            selected = st.select_slider(
                "Iteration to inspect", options=iterations, key=ITER, persist_state="session",
                help=f"The trainer keeps {len(iterations)} evenly spaced snapshots of the parameters and gradients.",
            )
        else:
            selected = iterations[0]
            st.caption(f"Only iteration {selected:,} so far: train to get more snapshots to inspect.")
    with controls[1]:
        log_y = st.toggle("Log scale", value=True, key="grad.log", persist_state="session",
                          help="Gradients span several orders of magnitude: a log axis shows them all.")
    return snaps[iterations.index(selected)], selected, log_y


def norms_charts(trainer: Trainer, data_id: tuple, snap: Snapshot, selected: int, log_y: bool) -> None:
    """The norms over training and the heatmaps at ``selected``. Live views: moving the cursor or
    training more updates both in place. Keyed on the trainer's revision (a Reset and a new α at
    the same iteration are other revisions, other keys)."""
    left, right = st.columns([3, 2], gap="medium")
    with left:
        fig, rev = memo_figure("grad.norms", lambda: gv.norms_figure(trainer.history(), selected=selected, log_y=log_y),
                               data=data_id, trainer=trainer, options=(selected, log_y))
        live_chart(fig, key="grad.norms", rev=rev, alt=f"Gradient norms over training, cursor at iteration {selected}.")
    with right:
        fig, rev = memo_figure("grad.heatmaps", lambda: gv.gradient_heatmaps(snap.grads, selected),
                               data=data_id, trainer=trainer, options=(selected,))
        live_chart(fig, key="grad.heatmaps", rev=rev, alt=f"Heatmaps of dW1 and dW2 at iteration {selected}.")


def warn(texts: list[str]) -> None:
    for text in texts:
        st.warning(text, icon=":material/warning:")


def activation_select(container, label: str, key: str, **kwargs) -> str:
    """A select box of the hidden activations, by their labels, kept in the session."""
    return container.selectbox(label, list(ACTIVATIONS), key=key, persist_state="session",
                               format_func=lambda n: ACTIVATIONS[n].label, **kwargs)


def scale_activation(activation: str) -> str:
    """The Initial-scale tab's activation: the sidebar's at first when it saturates, else tanh."""
    if SCALE_ACT not in st.session_state:
        st.session_state[SCALE_ACT] = tabs.default_scale_activation(activation)
    return activation_select(st.columns([1, 2])[0], "Hidden activation for this comparison", SCALE_ACT)


def zero_inputs() -> tuple[str, bool]:
    """The Zero-start tab's choices: (hidden activation, leave out every other class-1 example)."""
    zc = st.columns([1, 2], vertical_alignment="bottom")
    zact = activation_select(zc[0], "Hidden activation", "grad.zero_act", index=list(ACTIVATIONS).index("sigmoid"))
    with zc[1]:
        make_unbalanced = st.checkbox(
            "Unbalance the classes (leave out every other class-1 training example)", value=True,
            key="grad.unbalance", persist_state="session",
            help="With exactly balanced classes the zero start does not move at all (see below).",
        )
    return zact, make_unbalanced


def zero_metrics(zero: ZeroInitResult, n_h: int) -> None:
    """How many different hidden units each start ended with, and how far apart their rows are."""
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Zero start: different hidden units", f"{zero.zero.distinct_units} of {n_h}",
              help="Rows of W1 that differ by more than a millionth of its largest entry.")
    m2.metric("Random start: different hidden units", f"{zero.random.distinct_units} of {n_h}")
    m3.metric("Zero start: max row difference", f"{zero.zero.spread:.2g}",
              help="max over i, k of |W1[i, k] − W1[0, k]| after training (0 means identical rows).")
    m4.metric("Random start: max row difference", f"{zero.random.spread:.2g}")


def w1_tables(zero: ZeroInitResult) -> None:
    """W1 after training from each start, side by side (the first rows, as many as thumbnails)."""
    st.markdown("W1 after training (one row per hidden unit; columns: the weights on x₁ and x₂):")
    for col, start in zip(st.columns(2), (zero.zero, zero.random), strict=True):
        with col:
            st.caption(start.label)
            st.dataframe(tabs.w1_table(start.run.end["W1"], gv.THUMBNAIL_UNITS), width="stretch")
