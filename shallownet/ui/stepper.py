"""The Forward and Backward pages: the phase stepper (equation with live shapes, notes,
computation graph, heatmaps of the values), one example's path through the per-example
equations, and the logistic-regression case. This module places them; the state they share
is :mod:`.stepper_state`, the other two tabs :mod:`.example_path`, and what they say is built
by :mod:`shallownet.stepthrough.stepper_text` and :mod:`shallownet.stepthrough.path_text`.

Nothing jumps as the phase moves: the graph and the heatmaps are live views (updated in place,
never remounted) of one height for every phase of the page, the heading and the equation above
them sit in a box of one height, and the notes, whose length varies, come last.
"""

from __future__ import annotations

import streamlit as st

from ..figures.graph_view import graph_figure
from ..figures.style import MIN_FONT_PX
from ..figures.tensor_view import figure_height, tensor_figure
from ..formatting import shape_text
from ..questions.passes import backward_questions, forward_questions
from ..stepthrough import PHASE_BY_ID, phase_changes, phase_span, render_equation
from ..stepthrough.stepper_text import (
    GRAPH_CAPTION,
    NEURON_TAB,
    PARAMETERS_CAPTION,
    PATH_TAB,
    SECTIONS,
    STEPPER_TAB,
    callouts,
    change_line,
    changes_markdown,
    example_window,
    graph_alt,
    has_examples,
    notes_markdown,
    phase_heading,
    phase_label,
    tensors_caption,
    tensors_key,
)
from .display import chart_font_px
from .example_path import render_example_path, render_logistic
from .lesson_mode import lesson_tabs
from .live import live_chart
from .page import guarded
from .state import page_link
from .stepper_state import (
    DEFAULT_COUNT,
    Context,
    current_phase,
    load_context,
    memo,
    move,
    open_tab,
    set_phase,
    slid,
    slider_key,
    take_full_rerun,
)
from .teaching import ask, next_page_link, notes_remark, notice

PLAY_SECONDS = 2.0
COUNT_CHOICES = (5, 10, 15, 20)
# px of the box that holds a phase's heading and equation: room for the tallest equation of the
# page (the cost's two lines, the update's four), so the graph under it stays where it is
EQUATION_PX = {"forward": 200, "backward": 290}
# the graph: the screen's height less the px above it (title, tabs, stepper), at least 200 px
GRAPH_FIT = (215, 200)
# the graph's labels need this many px at 14-px text (more in presentation mode, in proportion); narrower
# (a phone), the graph scrolls sideways, as do the heat maps
WIDE_PX = 520
TENSORS_PX = 900  # the heat maps' cells hold their values (≥ 11 px text) from this width on
SHAPES_PAGE, CHECK_PAGE = "app_pages/shapes.py", "app_pages/gradient_check.py"


def render_page(prefix: str, title: str, intro: str, phase_ids: tuple, direction: str, script: str) -> None:
    """A whole Forward or Backward page: title, what it runs on, ``intro`` (a format string
    with ``{phases}``, e.g. "phases 1–5 of the 12"), questions to predict, the three tabs and
    the link on along the path from ``script``."""
    ctx = load_context(prefix)
    # title and what runs in one row, the predictions folded: the graph and the equation
    # make the first screen of a projector (the introduction follows the stepper)
    head = st.container(horizontal=True, vertical_alignment="center", gap="medium")
    head.title(title, width="content")
    with head.popover("Predict before you step", icon=":material/psychology_alt:"):
        _render_questions(ctx, direction)
    render_sections(ctx, phase_ids, direction)
    st.markdown(intro.format(phases=phase_span(phase_ids)))
    if direction == "forward":
        page_link(SHAPES_PAGE, label="Every shape on one page: Shapes →", icon=":material/view_module:")
    if direction == "backward":
        st.divider()
        page_link(CHECK_PAGE, label="How do we know these gradients are right? Gradient check →",
                  icon=":material/fact_check:")
    next_page_link(script)


def _render_questions(ctx: Context, direction: str) -> None:
    """Predictions about the current settings, one under the other (in the header's popover),
    before the student steps through."""
    qs = (forward_questions(ctx.trace, ctx.initial_params) if direction == "forward"
          else backward_questions(ctx.trace))
    for q in qs:
        ask(q, key=q.id)


def render_sections(ctx: Context, phase_ids: tuple, direction: str) -> None:
    """The page's three parts as tabs; only the open one runs (each is a screenful of its own)."""
    # what runs (ctx.caption) heads each tab; the stepper writes it beside its graph
    parts = {STEPPER_TAB: lambda: render_stepper(ctx, phase_ids, direction),
             PATH_TAB: lambda: (st.caption(ctx.caption), render_example_path(ctx, direction)),
             NEURON_TAB: lambda: (st.caption(ctx.caption), render_logistic(ctx, direction))}
    for tab, label in lesson_tabs(SECTIONS[direction], key=f"{ctx.prefix}.tab"):
        if tab.open:
            with tab:
                parts[label]()


def render_stepper(ctx: Context, phase_ids: tuple, direction: str = "forward") -> None:
    """Previous / next / slider / play over ``phase_ids``, and everything shown for the phase."""
    p = ctx.prefix
    if current_phase(p) not in phase_ids:
        set_phase(p, phase_ids[0])
    playing = st.toggle(
        "Play the phases", key=f"{p}.play",
        help=f"Steps through the phases by themselves: the next one every {PLAY_SECONDS:g} s, "
             "starting over after the last one.",
    )
    # the timer belongs to the fragment, so toggling play (outside it) redefines it
    st.fragment(run_every=PLAY_SECONDS if playing else None)(_stepper_body)(ctx, phase_ids, direction, playing)


def _stepper_body(ctx: Context, phase_ids: tuple, direction: str, playing: bool) -> None:
    p = ctx.prefix
    if take_full_rerun(p):
        st.rerun(scope="app")  # another tab was chosen from inside this fragment
    if playing:
        move(p, phase_ids, +1, wrap=True)
    current = current_phase(p)
    phase = PHASE_BY_ID[current]
    # built before anything is drawn, so the heading, the slider and the graph reach the
    # browser together (a build between them would show the new heading over the old graph)
    fig, rev = memo(ctx, ("graph", current), lambda: graph_figure(ctx.graph, current, ctx.trace.learning_rate))
    heading = phase_heading(current)
    equation = render_equation(phase, ctx.trace)
    # the stepper and the equation beside the graph, so the graph starts near the top and both
    # fit the first screen; the equations differ in height (one line … four): a box of one
    # height keeps what follows still
    eq_col, graph_col = st.columns([1, 2])
    with eq_col:
        back, forth = st.columns(2)
        back.button("◀ Previous", key=f"{p}.prev", on_click=guarded(move), args=(p, phase_ids, -1),
                    disabled=playing or current == phase_ids[0], width="stretch")
        forth.button("Next ▶", key=f"{p}.next", on_click=guarded(move), args=(p, phase_ids, +1),
                     disabled=playing or current == phase_ids[-1], width="stretch")
        key = slider_key(p)
        st.select_slider("Phase", options=phase_ids, value=current, key=key, format_func=phase_label,
                         label_visibility="collapsed", disabled=playing, on_change=guarded(slid), args=(p, key))
    with eq_col.container(height=EQUATION_PX[direction], border=False, key=f"{p}.equation"):
        st.markdown(heading)
        st.latex(equation)
    eq_col.caption(ctx.caption)
    with graph_col:
        live_chart(fig, key=f"{p}.graph", rev=rev, alt=graph_alt(current), fit=GRAPH_FIT,
                   min_width=WIDE_PX * chart_font_px() // MIN_FONT_PX)
    st.caption(GRAPH_CAPTION)
    _render_tensors(ctx, phase, phase_ids)
    # notes last: their length differs from phase to phase, and nothing below them moves
    notes_col, changes_col = st.columns([3, 2])
    with notes_col:
        st.markdown(notes_markdown(phase, ctx.trace))
        if phase.id == "dZ2":
            # short enough for one line on a phone (a button cuts its label); the notes name the tab
            st.button("Where a − y comes from: the single neuron", key=f"{p}.to_neuron",
                      icon=":material/arrow_upward:", on_click=guarded(open_tab), args=(p, NEURON_TAB, True))
    with changes_col:
        st.markdown(changes_markdown([change_line(c, shape_text(c.shape)) for c in phase_changes(phase, ctx.trace)]))
        for said in callouts(phase, ctx.trace):
            notice(said)
        if phase.slip:
            notes_remark(phase.slip)


def _render_tensors(ctx: Context, phase, phase_ids: tuple) -> None:
    """The heatmaps of the phase, at one height for every phase of the page. The example
    window's controls are always there (greyed out in a phase without examples), so the chart
    stays where it is."""
    p, m = ctx.prefix, ctx.trace.m
    st.markdown("##### The numbers")
    examples = has_examples(phase)
    count_col, start_col = st.columns([1, 3])
    count = count_col.selectbox("Examples shown", COUNT_CHOICES, index=COUNT_CHOICES.index(DEFAULT_COUNT),
                                key=f"{p}.ncols", persist_state="session", disabled=not examples)
    col0 = st.session_state.get(f"{p}.col0", 0)
    count, first = example_window(m, count, col0)
    if first != col0:  # the window would end past the last column
        st.session_state[f"{p}.col0"] = first
    start = start_col.slider("First column of X shown (NumPy, from 0)", 0, max(m - count, 0), key=f"{p}.col0",
                             persist_state="session", disabled=not examples) if m > count else 0
    phases = [PHASE_BY_ID[i] for i in phase_ids]
    example = st.session_state.get(f"{p}.example", 0)
    fig, rev = memo(ctx, tensors_key(phase, start, count, example), lambda: tensor_figure(
        ctx.trace, phase, start, count, highlight=example if examples else None,
        height=figure_height(ctx.trace, phases, count)))
    live_chart(fig, key=f"{p}.tensors", rev=rev, alt=f"Heatmaps of the tensors of phase {phase.title}.",
               min_width=TENSORS_PX)
    st.caption(tensors_caption(m, start, count, example) if examples else PARAMETERS_CAPTION)
