"""What the Forward and Backward pages share: the phase stepper (equation with live shapes,
notes, computation graph, heatmaps of the values), one example's path through the
per-example equations, and the logistic-regression case.

The phase is one session-state value, ``p.phase``; everything the stepper shows is drawn from
it in the same run: the slider, the heading, the equation, the graph and the heatmaps. The
slider only displays it: its key carries ``p.moves``, which grows whenever the buttons or the
play timer move the phase, so a moved phase gets a new slider showing it (a widget never holds
an old value of its own), and dragging the slider writes ``p.phase`` in its callback.

Nothing jumps as the phase moves: the graph and the heatmaps are live views (updated in place,
never remounted) of one height for every phase of the page, the heading and the equation above
them sit in a box of one height, and the notes, whose length varies, come last.

Session-state keys, with the page's prefix ``p`` ("fwd" or "bwd"): ``p.phase`` (phase id),
``p.moves``, ``p.slider<moves>``, ``p.play``, ``p.prev``, ``p.next``, ``p.col0`` / ``p.ncols``
(which NumPy columns the heatmaps show), ``p.example`` (the chosen column j, example x⁽ʲ⁺¹⁾),
``p.figures`` (this session's built figures, bounded), ``p.tab`` (the open tab; the buttons
``p.to_neuron`` and ``p.to_stepper`` set it) and ``p.full_rerun`` (a tab chosen from inside the
stepper's fragment asks for a rerun of the whole page).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import streamlit as st

from ..figures.graph_view import graph_figure
from ..figures.style import shape_text
from ..figures.tensor_view import figure_height, tensor_figure
from ..graph import Graph, build_graph
from ..network import PARAM_NAMES
from ..notation import example_symbol
from ..questions.passes import backward_questions, forward_questions
from ..stepthrough import (
    EXAMPLE_AXIS,
    LABELS,
    PHASE_BY_ID,
    PHASE_IDS,
    PHASES,
    Trace,
    coin_flip_callout,
    example_path,
    fit_logistic_regression,
    latex_matrix,
    latex_number,
    linear_regime_callout,
    neighbour_phase,
    neuron_step,
    phase_changes,
    phase_span,
    render_equation,
    render_notes,
    trace_iteration,
)
from .live import live_chart
from .page import frozen, params_digest
from .state import current_data, current_settings, data_identity, describe, get_trainer, page_link
from .teaching import ask, next_page_link, notes_remark, notice

PLAY_SECONDS = 2.0
COUNT_CHOICES = (5, 10, 15, 20)
DEFAULT_COUNT = 10
# figures kept per page and session: the current graph and heatmaps (so unrelated reruns reuse
# them byte for byte) and the previous pair; ~0.3 MB each, so a class of sessions stays light
MEMO_SIZE = 4
# px of the box that holds a phase's heading and equation: room for the tallest equation of the
# page (the cost's two lines, the update's four), so the graph under it stays where it is
EQUATION_PX = {"forward": 200, "backward": 290}


@dataclass(frozen=True)
class Context:
    """The page's inputs: this session's data and parameters, run once through the iteration."""

    prefix: str
    trace: Trace
    graph: Graph
    iteration: int
    caption: str
    digest: str  # identifies params, data, activation and α: the key of the figure memo
    initial_params: dict  # the parameters at iteration 0 (for "what was J before training?")


TRACED = "stepper.traced"  # session state: (inputs, trace, graph, digest) of the last traced iteration


def load_context(prefix: str) -> Context:
    """Settings → data and this session's (possibly trained) parameters → one traced iteration.

    The trace is kept in the session for as long as its inputs stay the same, so reruns that
    only move the stepper (and the other of the two pages) do not recompute it.
    """
    settings = current_settings()
    data = current_data(settings)
    trainer = get_trainer(settings)
    params = trainer.params
    inputs = (data_identity(settings), params_digest(params), settings.activation, settings.learning_rate)
    kept = st.session_state.get(TRACED)
    if kept is None or kept[0] != inputs:
        kept = (inputs, *_trace(params, data.X_train, data.Y_train, settings.activation, settings.learning_rate))
        st.session_state[TRACED] = kept
    _, trace, graph, digest = kept
    when = ("the initial parameters (no training yet)" if trainer.iteration == 0
            else f"the parameters after {trainer.iteration} training steps")
    caption = f"{describe(settings)} · {when} · m = {trace.m} training examples"
    return Context(prefix, trace, graph, trainer.iteration, caption, digest, trainer.snapshots[0].params)


def _trace(params: dict, X: np.ndarray, Y: np.ndarray, activation: str, learning_rate: float) -> tuple:
    """One traced iteration, its graph, and a digest of everything they depend on."""
    trace = trace_iteration(params, X, Y, activation, learning_rate)
    graph = build_graph(params, X, Y, activation)
    h = hashlib.blake2b(digest_size=16)
    for a in [params[k] for k in PARAM_NAMES] + [X, Y]:
        h.update(np.ascontiguousarray(a, dtype=float).tobytes())
        h.update(str(np.shape(a)).encode())
    h.update(f"{activation}|{learning_rate!r}".encode())
    return trace, graph, h.hexdigest()


def _memo(ctx: Context, key: tuple, build) -> tuple[dict, str]:
    """This session's figure for ``key``, built once, and a name of its content (for the live
    view, which skips redrawing an unchanged figure). Identical inputs give the identical
    figure object, so the chart's JSON stays byte-stable across unrelated reruns."""
    store = st.session_state.setdefault(f"{ctx.prefix}.figures", {})
    key = (ctx.digest, *key)
    if key not in store:
        while len(store) >= MEMO_SIZE:
            store.pop(next(iter(store)))
        store[key] = frozen(build())
    return store[key], "|".join(map(str, key))


def fmt(x: float) -> str:
    return f"{x:.3g}"


def phase_label(phase_id: str) -> str:
    return f"{PHASE_IDS.index(phase_id) + 1} · {PHASE_BY_ID[phase_id].short}"


# -- the stepper ----------------------------------------------------------------------
def _set_phase(p: str, phase_id: str) -> None:
    """Move the phase from the server side: the slider is recreated to show it."""
    st.session_state[f"{p}.phase"] = phase_id
    st.session_state[f"{p}.moves"] = st.session_state.get(f"{p}.moves", 0) + 1


def _move(p: str, phase_ids: tuple, delta: int) -> None:
    """Previous / Next."""
    _set_phase(p, neighbour_phase(phase_ids, st.session_state.get(f"{p}.phase"), delta))


def _slid(p: str, slider_key: str) -> None:
    """The slider was dragged: its value becomes the phase."""
    st.session_state[f"{p}.phase"] = st.session_state[slider_key]


def slider_key(p: str) -> str:
    """The key of the phase slider as it is now (it changes whenever the server moves the phase)."""
    return f"{p}.slider{st.session_state.get(f'{p}.moves', 0)}"


STEPPER_TAB, PATH_TAB, NEURON_TAB = "Phase by phase", "One example's path", "Logistic regression: one neuron"
# the Backward page starts from the single neuron, whose dz = a − y the two-layer net reuses
SECTIONS = {"forward": (STEPPER_TAB, PATH_TAB, NEURON_TAB), "backward": (NEURON_TAB, STEPPER_TAB, PATH_TAB)}
SHAPES_PAGE, CHECK_PAGE = "app_pages/shapes.py", "app_pages/gradient_check.py"


def render_page(prefix: str, title: str, intro: str, phase_ids: tuple, direction: str, script: str) -> None:
    """A whole Forward or Backward page: title, what it runs on, ``intro`` (a format string
    with ``{phases}``, e.g. "phases 1–5 of the 12"), questions to predict, the three tabs and
    the link on along the path from ``script``."""
    st.title(title)
    ctx = load_context(prefix)
    st.caption(ctx.caption)
    st.markdown(intro.format(phases=phase_span(phase_ids)))
    if direction == "forward":
        page_link(SHAPES_PAGE, label="Every shape on one page: Shapes →", icon=":material/view_module:")
    _render_questions(ctx, direction)
    render_sections(ctx, phase_ids, direction)
    if direction == "backward":
        st.divider()
        page_link(CHECK_PAGE, label="How do we know these gradients are right? Gradient check →",
                  icon=":material/fact_check:")
    next_page_link(script)


def _render_questions(ctx: Context, direction: str) -> None:
    """Predictions about the current settings, side by side, before the student steps through."""
    qs = (forward_questions(ctx.trace, ctx.initial_params) if direction == "forward"
          else backward_questions(ctx.trace))
    for col, q in zip(st.columns(len(qs)), qs, strict=True):
        with col:
            ask(q, key=q.id)


def _open_tab(p: str, label: str, from_fragment: bool = False) -> None:
    """Callback: select the tab ``label`` (the tabs track their state under ``p.tab``). A button
    inside the stepper's fragment reruns only the fragment, so a flag asks it for a full rerun."""
    st.session_state[f"{p}.tab"] = label
    if from_fragment:
        st.session_state[f"{p}.full_rerun"] = True


def render_sections(ctx: Context, phase_ids: tuple, direction: str) -> None:
    """The page's three parts as tabs; only the open one runs (each is a screenful of its own)."""
    labels = SECTIONS[direction]
    tabs = st.tabs(labels, key=f"{ctx.prefix}.tab", on_change="rerun")
    parts = {STEPPER_TAB: lambda: render_stepper(ctx, phase_ids, direction),
             PATH_TAB: lambda: render_example_path(ctx, direction),
             NEURON_TAB: lambda: render_logistic(ctx, direction)}
    for tab, label in zip(tabs, labels, strict=True):
        if tab.open:
            with tab:
                parts[label]()


def render_stepper(ctx: Context, phase_ids: tuple, direction: str = "forward") -> None:
    """Previous / next / slider / play over ``phase_ids``, and everything shown for the phase."""
    p = ctx.prefix
    if st.session_state.get(f"{p}.phase") not in phase_ids:
        _set_phase(p, phase_ids[0])
    playing = st.toggle(
        "Play: step through the phases by themselves", key=f"{p}.play",
        help=f"Moves to the next phase every {PLAY_SECONDS:g} s, starting over after the last one.",
    )
    # the timer belongs to the fragment, so toggling play (outside it) redefines it
    st.fragment(run_every=PLAY_SECONDS if playing else None)(_stepper_body)(ctx, phase_ids, direction, playing)


def _stepper_body(ctx: Context, phase_ids: tuple, direction: str, playing: bool) -> None:
    p = ctx.prefix
    if st.session_state.pop(f"{p}.full_rerun", False):
        st.rerun(scope="app")  # another tab was chosen from inside this fragment
    if playing:
        _set_phase(p, neighbour_phase(phase_ids, st.session_state.get(f"{p}.phase"), +1, wrap=True))
    current = st.session_state[f"{p}.phase"]
    phase = PHASE_BY_ID[current]
    k = PHASE_IDS.index(current)
    # built before anything is drawn, so the heading, the slider and the graph reach the
    # browser together (a build between them would show the new heading over the old graph)
    fig, rev = _memo(ctx, ("graph", current), lambda: graph_figure(ctx.graph, current, ctx.trace.learning_rate))
    heading = f"#### Phase {k + 1} of {len(PHASES)} · {phase.title}"
    equation = render_equation(phase, ctx.trace)
    left, middle, right = st.columns([1.2, 6, 1.2], vertical_alignment="center")
    left.button("◀ Previous", key=f"{p}.prev", on_click=_move, args=(p, phase_ids, -1),
                disabled=playing or current == phase_ids[0], width="stretch")
    key = slider_key(p)
    middle.select_slider("Phase", options=phase_ids, value=current, key=key, format_func=phase_label,
                         label_visibility="collapsed", disabled=playing, on_change=_slid, args=(p, key))
    right.button("Next ▶", key=f"{p}.next", on_click=_move, args=(p, phase_ids, +1),
                 disabled=playing or current == phase_ids[-1], width="stretch")

    # the equations differ in height (one line … four): a box of one height keeps the graph still
    with st.container(height=EQUATION_PX[direction], border=False, key=f"{p}.equation"):
        st.markdown(heading)
        st.latex(equation)
    live_chart(fig, key=f"{p}.graph", rev=rev,
               alt=f"The computation graph in phase {k + 1} of {len(PHASES)}: {phase.title}.")
    st.caption("The computation graph in this phase. Squares: data · diamonds: parameters · circles: computed "
               "tensors. It moves with the phase above (buttons, slider or Play); hover a node for its shape, "
               "equation and values.")
    _render_tensors(ctx, phase, phase_ids)
    # notes last: their length differs from phase to phase, and nothing below them moves
    notes_col, changes_col = st.columns([3, 2])
    with notes_col:
        st.markdown("\n".join(f"- {note}" for note in render_notes(phase, ctx.trace)))
        if phase.id == "dZ2":
            st.button(f"Where a − y comes from: open “{NEURON_TAB}”", key=f"{p}.to_neuron",
                      icon=":material/arrow_upward:", on_click=_open_tab, args=(p, NEURON_TAB, True))
    with changes_col:
        _render_changes(ctx, phase)
        for said in (coin_flip_callout(ctx.trace) if phase.id == "J" else None,
                     linear_regime_callout(ctx.trace, phase.id)):
            if said:
                notice(said)
        if phase.slip:
            notes_remark(phase.slip)


def _render_changes(ctx: Context, phase) -> None:
    """One line per tensor the phase wrote."""
    lines = []
    for c in phase_changes(phase, ctx.trace):
        label, shape = LABELS[c.key], shape_text(c.shape)
        if c.before is not None:
            lines.append(f"**{label}** ({shape}): ‖·‖ {fmt(c.before['norm'])} → {fmt(c.after['norm'])}, "
                         f"largest change {fmt(c.max_change)}")
        elif not c.shape:
            lines.append(f"**{label}** = {fmt(c.after['mean'])}")
        else:
            s = c.after
            lines.append(f"**{label}** ({shape}): mean {fmt(s['mean'])}, min {fmt(s['min'])}, "
                         f"max {fmt(s['max'])}, ‖·‖ {fmt(s['norm'])}")
    st.markdown("**This phase wrote**  \n" + "  \n".join(lines))


def _render_tensors(ctx: Context, phase, phase_ids: tuple) -> None:
    """The heatmaps of the phase, at one height for every phase of the page. The example
    window's controls are always there (greyed out in a phase without examples), so the chart
    stays where it is."""
    p, m = ctx.prefix, ctx.trace.m
    st.markdown("##### The numbers")
    has_examples = any(k in EXAMPLE_AXIS for row in phase.panels for k in row)
    count_col, start_col = st.columns([1, 3])
    count = count_col.selectbox("Examples shown", COUNT_CHOICES, index=COUNT_CHOICES.index(DEFAULT_COUNT),
                                key=f"{p}.ncols", persist_state="session", disabled=not has_examples)
    count = min(int(count), m)
    if st.session_state.get(f"{p}.col0", 0) > m - count:
        st.session_state[f"{p}.col0"] = max(0, m - count)
    start = start_col.slider("First column of X shown (NumPy, from 0)", 0, max(m - count, 0), key=f"{p}.col0",
                             persist_state="session",
                             disabled=not has_examples) if m > count else 0
    phases = [PHASE_BY_ID[i] for i in phase_ids]
    example = st.session_state.get(f"{p}.example", 0)
    key = ("tensors", phase.id, start, count, example) if has_examples else ("tensors", phase.id, count)
    fig, rev = _memo(ctx, key, lambda: tensor_figure(
        ctx.trace, phase, start, count, highlight=example if has_examples else None,
        height=figure_height(ctx.trace, phases, count)))
    live_chart(fig, key=f"{p}.tensors", rev=rev, alt=f"Heatmaps of the tensors of phase {phase.title}.")
    if not has_examples:
        st.caption("Each parameter, its step −α·dP and the result; every panel carries its own colour "
                   "range (blue negative · white 0 · vermillion positive). Hover a cell for its full value.")
        return
    st.caption(
        f"NumPy columns {start}–{start + count - 1} of the {m}, i.e. examples {example_symbol(start)} … "
        f"{example_symbol(start + count - 1)} (the math counts from 1); column {example} = "
        f"{example_symbol(example)} outlined when in view. Products and sums run over all {m}. "
        "Blue negative · white 0 · vermillion positive; for "
        f"probabilities and labels blue = class 0, orange = class 1. Hover a cell for its full value."
    )


# -- one example's path -------------------------------------------------------------
def _bring_example_into_view(p: str) -> None:
    """Callback: scroll the heatmaps' window so that the chosen example is in it."""
    i = int(st.session_state.get(f"{p}.example", 0))
    count = int(st.session_state.get(f"{p}.ncols", DEFAULT_COUNT))
    st.session_state[f"{p}.col0"] = max(0, i - count // 2)


def pick_example(ctx: Context) -> int:
    p, m = ctx.prefix, ctx.trace.m
    if st.session_state.get(f"{p}.example", 0) > m - 1:
        st.session_state[f"{p}.example"] = m - 1
    return int(st.columns([1, 2])[0].number_input(
        f"Example: NumPy column of X (0 … {m - 1})", min_value=0, max_value=m - 1, step=1, key=f"{p}.example",
        persist_state="session", on_change=_bring_example_into_view, args=(p,),
        help="The heatmaps of the phase-by-phase tab move to show this column, outlined.",
    ))


def _equation(eq: str, numbers: str, extra: str = "") -> str:
    r"""``eq = numbers``; a matrix goes on its own line under the equation (half a page is narrow).
    ``extra`` is one more aligned line, e.g. "\tfrac1m\sum_i dW^{(i)} &= …"."""
    if "bmatrix" not in numbers or "=" not in eq:
        return f"{eq} = {numbers}"
    lhs, rhs = eq.split("=", 1)
    lines = [f"{lhs} &= {rhs}", f"&= {numbers}"] + ([extra] if extra else [])
    return r"\begin{aligned}" + r" \\[2pt] ".join(lines) + r"\end{aligned}"


def _side_by_side(rows: list[tuple], head: str) -> None:
    r"""Per-example equation with its numbers (left) beside its vectorized counterpart (right),
    one row per equation so that the pairs stay level: a single LaTeX array (one element on the
    page instead of five per row).

    Each row: (left equation, left numbers, right equation, right numbers[, right extra line]);
    ``head``: the two column titles, "left & right".
    """
    lines = [_equation(row[0], row[1]) + r" & \qquad " + _equation(row[2], row[3], row[4] if len(row) > 4 else "")
             for row in rows]
    st.latex(r"\begin{array}{ll}" + head + r" \\[10pt] " + r" \\[26pt] ".join(lines)
             + r"\end{array}")


def _numbered(latex: str, i: int) -> str:
    """The per-example equations with the example's number (counted from 1) for the generic (i)."""
    return latex.replace("(i)", f"({i})")


def render_example_path(ctx: Context, direction: str) -> None:
    """Example x⁽ʲ⁺¹⁾ (NumPy column j) with the per-example equations beside the vectorized ones,
    with numbers."""
    j = pick_example(ctx)
    i = j + 1  # the math counts examples from 1
    path = example_path(ctx.trace, j)
    v, t = path.values, ctx.trace
    M, n = latex_matrix, latex_number
    col = rf"_{{:,\,{j}}}"
    head = (rf"\text{{\textbf{{One example}} $x^{{({i})}}$ (column vectors)}} & \qquad"
            rf"\text{{\textbf{{All}} $m$ \textbf{{examples}}: column {j} (NumPy)}}")
    if direction == "forward":
        st.markdown(f"NumPy column {j} of X is example {example_symbol(j)} (the math counts examples from 1, "
                    f"NumPy columns from 0): {example_symbol(j)} holds its features, its label is "
                    f"{example_symbol(j, 'y')} = "
                    f"{v['y'][0, 0]:g}. Run it alone through the per-example equations (left) and compare "
                    f"with column {j} of the vectorized arrays, where all m examples travel together (right).")
        rows = [
            (r"x^{(i)}", M(v["x"]), rf"X{col}", M(t["X"][:, j:j + 1])),
            (r"z^{[1](i)} = W^{[1]} x^{(i)} + b^{[1]}", M(v["z1"]), rf"Z^{{[1]}}{col}", M(t["Z1"][:, j:j + 1])),
            (r"a^{[1](i)} = g(z^{[1](i)})", M(v["a1"]), rf"A^{{[1]}}{col}", M(t["A1"][:, j:j + 1])),
            (r"z^{[2](i)} = W^{[2]} a^{[1](i)} + b^{[2]}", n(v["z2"][0, 0]), rf"Z^{{[2]}}{col}", n(t["Z2"][0, j])),
            (r"a^{[2](i)} = \sigma(z^{[2](i)})", n(v["a2"][0, 0]), rf"A^{{[2]}}{col}", n(t["A2"][0, j])),
            (r"\mathcal{L}^{(i)} = -\big(y^{(i)} \log a^{[2](i)} + (1-y^{(i)})\log(1-a^{[2](i)})\big)",
             n(v["loss"][0, 0]), r"J = \tfrac{1}{m}\textstyle\sum_{k=1}^{m} \mathcal{L}^{(k)}", n(float(t["J"]))),
        ]
        _side_by_side([(_numbered(r[0], i), *r[1:]) for r in rows], head)
        gap = max(path.column_gap[k] for k in ("z1", "a1", "z2", "a2"))
        st.caption(f"Column {j} of Z1, A1, Z2, A2 equals {example_symbol(j, 'z')}, {example_symbol(j, 'a')} "
                   "of the single example: largest "
                   f"difference {gap:.1e} (floating-point rounding). Stacking the columns is all "
                   f"the vectorization does: Z1 = W1 X + b1 computes the {t.m} columns at once.")
        return
    st.markdown(f"The gradients of example {example_symbol(j)}'s own loss (NumPy column {j}; left, no 1/m) and "
                f"the vectorized gradients of the cost J (right). The vectorized dW and db are the **mean over "
                f"the {t.m} examples** of the per-example ones: the matrix product sums over the examples and "
                "1/m averages. dZ2 and dZ1 are not averaged: their columns are the per-example dz.")
    means = path.means
    rows = [
        (r"dz^{[2](i)} = a^{[2](i)} - y^{(i)}", n(v["dz2"][0, 0]), rf"dZ^{{[2]}}{col}", n(t["dZ2"][0, j])),
        (r"dW^{[2](i)} = dz^{[2](i)}\, a^{[1](i)T}", M(v["dW2"]),
         r"dW^{[2]} = \tfrac{1}{m} dZ^{[2]} A^{[1]T}", M(t["dW2"]),
         r"\tfrac{1}{m}\textstyle\sum_{k=1}^{m} dW^{[2](k)} &= " + M(means["dW2"])),
        (r"db^{[2](i)} = dz^{[2](i)}", n(v["db2"][0, 0]),
         r"db^{[2]} = \tfrac{1}{m}\textstyle\sum_{k=1}^{m} dz^{[2](k)}", n(t["db2"][0, 0])),
        (r"dz^{[1](i)} = W^{[2]T} dz^{[2](i)} \ast g'(z^{[1](i)})", M(v["dz1"]),
         rf"dZ^{{[1]}}{col}", M(t["dZ1"][:, j:j + 1])),
        (r"dW^{[1](i)} = dz^{[1](i)}\, x^{(i)T}", M(v["dW1"]), r"dW^{[1]} = \tfrac{1}{m} dZ^{[1]} X^{T}",
         M(t["dW1"]), r"\tfrac{1}{m}\textstyle\sum_{k=1}^{m} dW^{[1](k)} &= " + M(means["dW1"])),
        (r"db^{[1](i)} = dz^{[1](i)}", M(v["db1"]), r"db^{[1]} = \tfrac{1}{m}\textstyle\sum_{k=1}^{m} dz^{[1](k)}",
         M(t["db1"])),
    ]
    _side_by_side([(_numbered(r[0], i), *r[1:]) for r in rows], head)
    gaps = ", ".join(f"{LABELS[k]} {path.mean_gap[k]:.1e}" for k in ("dW2", "db2", "dW1", "db1"))
    st.caption(f"Mean over the {t.m} examples of the per-example gradients minus the vectorized "
               f"gradients, largest difference: {gaps} (floating-point rounding). Column {j} of dZ2, dZ1 "
               f"equals d{example_symbol(j, 'z')} to {max(path.column_gap['dz2'], path.column_gap['dz1']):.1e}.")
    notes_remark("The per-example line of the notes, $dz^{[1]} = W^{[2]T} dz^{[2]} g^{[1]\\prime}(z^{[1]})$, "
                 "leaves out the $\\ast$: the product with $g^{[1]\\prime}(z^{[1]})$ is element-wise, "
                 "$dz^{[1]} = W^{[2]T} dz^{[2]} \\ast g^{[1]\\prime}(z^{[1]})$, as in the vectorized line.")


# -- logistic regression -------------------------------------------------------------
@st.cache_data(max_entries=16, show_spinner=False)
def _logistic_fit(X: np.ndarray, Y: np.ndarray) -> tuple:
    """A single sigmoid neuron fitted to the training data (pure, shared across sessions)."""
    return fit_logistic_regression(X, Y)


def render_logistic(ctx: Context, direction: str) -> None:
    """The single-neuron case on the example picked in the example's path (NumPy column j)."""
    t = ctx.trace
    j = int(min(st.session_state.get(f"{ctx.prefix}.example", 0), t.m - 1))
    i = j + 1  # the math counts examples from 1
    w, b = _logistic_fit(t["X"], t["Y"])
    s = neuron_step(t["X"][:, j], t["Y"][0, j], w, b)
    n, M = latex_number, latex_matrix
    st.markdown(
        "No hidden layer: x, w, b → z → a → 𝓛. Here w and b are a logistic regression fitted to the "
        f"same training data (200 gradient-descent steps from zero), on example {example_symbol(j)} "
        f"(NumPy column {j} of X, chosen in *One example's path*)."
    )
    st.latex(rf"x = {M(s.x)},\quad y = {s.y:g},\qquad w = {M(s.w)},\quad b = {n(s.b)}")
    st.latex(
        rf"z = w^{{T}}x + b = {n(s.z)} \;\longrightarrow\; a = \sigma(z) = {n(s.a)} \;\longrightarrow\; "
        rf"\mathcal{{L}}(a, y) = -\big(y\log a + (1-y)\log(1-a)\big) = {n(s.loss)}"
    )
    out = neuron_step(t["A1"][:, j], t["Y"][0, j], t["W2"].T, t["b2"])
    if direction == "forward":
        st.markdown(
            "The output unit of the two-layer net is exactly this neuron, fed with the hidden "
            f"activations instead of the raw features: x → column {j} of A1, w → W2ᵀ, b → b2."
        )
        st.latex(rf"z = W^{{[2]}} a^{{[1]({i})}} + b^{{[2]}} = {n(out.z)} = Z^{{[2]}}_{{:,\,{j}}},\qquad "
                 rf"a = \sigma(z) = {n(out.a)} = A^{{[2]}}_{{:,\,{j}}}")
        return
    st.markdown(
        "**Backward through the chain rule**, one factor at a time. *Shorthand:* in code, **da**, **dz**, "
        "**dw**, **db** name the derivative of the loss 𝓛 with respect to a, z, w, b (da = ∂𝓛/∂a, …); "
        "a derivative of anything else, like ∂a/∂z, is written out in full."
    )
    st.latex(
        r"\begin{aligned}"
        rf"da &= \frac{{\partial\mathcal{{L}}}}{{\partial a}} = -\frac{{y}}{{a}} + \frac{{1-y}}{{1-a}} = {n(s.da, 4)} \\[8pt]"  # noqa: E501
        rf"\frac{{\partial a}}{{\partial z}} &= \sigma'(z) = a(1-a) = {n(s.sigma_prime, 4)} \\[8pt]"
        rf"dz &= da \cdot \frac{{\partial a}}{{\partial z}} = {n(s.da, 4)} \cdot {n(s.sigma_prime, 4)} = {n(s.dz, 4)} \\[4pt]"  # noqa: E501
        r"&= \Big(-\frac{y}{a} + \frac{1-y}{1-a}\Big)\, a(1-a) = -y(1-a) + (1-y)\,a = a - y"
        rf" = {n(s.dz_direct, 4)} \\[8pt]"
        rf"dw &= dz\; x = {M(s.dw, 4)},\qquad db = dz = {n(s.db, 4)}"
        r"\end{aligned}"
    )
    if s.clipped:
        st.caption("a is within machine precision of 0 or 1 here, so it was clipped to [ε, 1 − ε] to keep "
                   "−y/a + (1−y)/(1−a) finite; a − y needs no such care, which is one reason code uses it.")
    st.markdown(
        f"**The link to the two-layer net.** Its output unit is this neuron with x → column {j} of A1, "
        "w → W2ᵀ, b → b2. The same chain rule gives its dz, and stacking the m examples in columns turns "
        "dz = a − y into dZ2 = A2 − Y. The neuron's w and dw are columns, while W2 is a row, (1, n_h): "
        "so dw corresponds to dW2ᵀ (averaged over the examples)."
    )
    st.latex(
        rf"dz = da\cdot\sigma'(z) = {n(out.da, 4)} \cdot {n(out.sigma_prime, 4)} = {n(out.dz, 4)}"
        rf" = a^{{[2]({i})}} - y^{{({i})}} = dZ^{{[2]}}_{{:,\,{j}}} = {n(t['dZ2'][0, j], 4)}"
    )
    st.latex(
        r"\begin{aligned}"
        r"dw = dz\,x \;&\to\; dW^{[2]T} = \tfrac{1}{m}\, A^{[1]} dZ^{[2]T},\ \text{i.e. } "
        r"dW^{[2]} = \tfrac{1}{m}\, dZ^{[2]} A^{[1]T} \\[4pt]"
        r"db = dz \;&\to\; db^{[2]} = \tfrac{1}{m}\textstyle\sum_{j} dZ^{[2]}_{:,j}"
        r"\end{aligned}"
    )
    notes_remark(
        "Eq. (7) writes the loss itself after “da = d/da L(a, y) =”; the "
        "derivative is eq. (8), −y/a + (1−y)/(1−a). With g(z) = σ(z) the chain rule dz = da·g′(z) "
        "collapses to a − y."
    )
    if ctx.prefix == "bwd":
        st.button(f"On to the two-layer net: open “{STEPPER_TAB}” →", key=f"{ctx.prefix}.to_stepper",
                  on_click=_open_tab, args=(ctx.prefix, STEPPER_TAB))
