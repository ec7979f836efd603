"""The session state of the Forward and Backward pages: the traced iteration they show, the
phase and its moves, the open tab and the chosen example; their figures are kept in :mod:`.memo`.

The phase is one session-state value, ``p.phase``; everything the stepper shows is drawn from
it in the same run. The slider only displays it: its key carries ``p.moves``, which grows
whenever the buttons or the play timer move the phase, so a moved phase gets a new slider
showing it (a widget never holds an old value of its own), and dragging the slider writes
``p.phase`` in its callback.

Session-state keys, with the page's prefix ``p`` ("fwd" or "bwd"): ``p.phase`` (phase id),
``p.moves``, ``p.slider<moves>``, ``p.play``, ``p.prev``, ``p.next``, ``p.col0`` / ``p.ncols``
(which NumPy columns the heatmaps show), ``p.example`` (the chosen column j, example x⁽ʲ⁺¹⁾),
``p.tab`` (the open tab; the buttons
``p.to_neuron`` and ``p.to_stepper`` set it) and ``p.full_rerun`` (a tab chosen from inside the
stepper's fragment asks for a rerun of the whole page); and :data:`TRACED`, shared by the two.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ..graph import Graph, build_graph
from ..stepthrough import Trace, neighbour_phase, trace_iteration
from ..stepthrough.stepper_text import context_caption
from .keys import TRACED
from .memo import memo_figure, memo_key
from .state import current_data, current_settings, data_identity, describe, get_trainer

DEFAULT_COUNT = 10  # example columns the heatmaps show until the student picks another count


@dataclass(frozen=True)
class Context:
    """The page's inputs: this session's data and parameters, run once through the iteration."""

    prefix: str
    trace: Trace
    graph: Graph
    iteration: int
    caption: str
    data_id: tuple  # the data's identity and the trainer's revision when traced: the figures' memo
    revision: int  # keys (the trainer may move on while a fragment still draws this context)
    initial_params: dict  # the parameters at iteration 0 (for "what was J before training?")




def load_context(prefix: str) -> Context:
    """Settings → data and this session's (possibly trained) parameters → one traced iteration.

    The trace is kept in the session for as long as its inputs stay the same, so reruns that
    only move the stepper (and the other of the two pages) do not recompute it.
    """
    settings = current_settings()
    data = current_data(settings)
    trainer = get_trainer(settings)
    data_id, lr = data_identity(settings), settings.learning_rate
    inputs = memo_key("stepper.trace", data=data_id, trainer=trainer, options=(lr,))
    kept = st.session_state.get(TRACED)
    if kept is None or kept[0] != inputs:
        params = trainer.params
        kept = (inputs, trace_iteration(params, data.X_train, data.Y_train, settings.activation, lr),
                build_graph(params, data.X_train, data.Y_train, settings.activation))
        st.session_state[TRACED] = kept
    _, trace, graph = kept
    shown = trainer.total_iteration  # a loaded model's count continues
    caption = context_caption(describe(settings), shown, trace.m)
    return Context(prefix, trace, graph, shown, caption, data_id, inputs[2], trainer.snapshots[0].params)


def memo(ctx: Context, key: tuple, build) -> tuple[dict, str]:
    """This session's figure for ``key`` (the page's prefix and the figure's options) at the
    traced iteration, built once, and a name of its content (for the live view, which skips
    redrawing an unchanged figure)."""
    return memo_figure(ctx.prefix, build, data=ctx.data_id, trainer=ctx.revision,
                       options=(ctx.trace.learning_rate, *key))


# -- the phase ------------------------------------------------------------------------
def current_phase(p: str) -> str | None:
    """The phase shown on page ``p`` (None before the page first ran)."""
    return st.session_state.get(f"{p}.phase")


def set_phase(p: str, phase_id: str) -> None:
    """Move the phase from the server side: the slider is recreated to show it."""
    st.session_state[f"{p}.phase"] = phase_id
    st.session_state[f"{p}.moves"] = st.session_state.get(f"{p}.moves", 0) + 1


def move(p: str, phase_ids: tuple, delta: int, wrap: bool = False) -> None:
    """Previous / Next (and, wrapping around, the play timer's step)."""
    set_phase(p, neighbour_phase(phase_ids, current_phase(p), delta, wrap=wrap))


def slid(p: str, slider_key: str) -> None:
    """The slider was dragged: its value becomes the phase."""
    st.session_state[f"{p}.phase"] = st.session_state[slider_key]


def slider_key(p: str) -> str:
    """The key of the phase slider as it is now (it changes whenever the server moves the phase)."""
    return f"{p}.slider{st.session_state.get(f'{p}.moves', 0)}"


# -- the tabs and the example ----------------------------------------------------------
def open_tab(p: str, label: str, from_fragment: bool = False) -> None:
    """Callback: select the tab ``label`` (the tabs track their state under ``p.tab``). A button
    inside the stepper's fragment reruns only the fragment, so a flag asks it for a full rerun."""
    st.session_state[f"{p}.tab"] = label
    if from_fragment:
        st.session_state[f"{p}.full_rerun"] = True


def take_full_rerun(p: str) -> bool:
    """Was a tab chosen from inside the stepper's fragment (which then reruns the whole page)?"""
    return st.session_state.pop(f"{p}.full_rerun", False)


def chosen_example(p: str, m: int) -> int:
    """The NumPy column chosen in the example's path, within 0 … m − 1 (the data may have shrunk)."""
    return int(min(st.session_state.get(f"{p}.example", 0), m - 1))


def clamp_example(p: str, m: int) -> None:
    """Keep the example field's value within 0 … m − 1 before the field is drawn."""
    if st.session_state.get(f"{p}.example", 0) > m - 1:
        st.session_state[f"{p}.example"] = m - 1


def bring_example_into_view(p: str) -> None:
    """Callback: scroll the heatmaps' window so that the chosen example is in it."""
    i = int(st.session_state.get(f"{p}.example", 0))
    count = int(st.session_state.get(f"{p}.ncols", DEFAULT_COUNT))
    st.session_state[f"{p}.col0"] = max(0, i - count // 2)
