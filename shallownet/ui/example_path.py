"""The Forward and Backward pages' other two tabs: one example's path through the per-example
equations (:func:`render_example_path`) and the single neuron (:func:`render_logistic`). Their
text is built by :mod:`shallownet.stepthrough.path_text`; this module places it."""

from __future__ import annotations

import numpy as np
import streamlit as st

from ..stepthrough import example_path, fit_logistic_regression
from ..stepthrough.path_text import (
    backward_path,
    forward_path,
    neuron_as_output_unit,
    neuron_backward,
    neuron_forward,
    neuron_steps,
)
from ..stepthrough.stepper_text import STEPPER_TAB
from .page import guarded
from .stepper_state import Context, bring_example_into_view, chosen_example, clamp_example, open_tab
from .teaching import notes_remark


def show(blocks: list[tuple[str, str]]) -> None:
    """Place the lesson's ``(kind, text)`` blocks in order: a remark on the course notes as
    such, the other kinds ("markdown", "latex", "caption") with Streamlit's element of the name."""
    for kind, text in blocks:
        if kind == "remark":
            notes_remark(text)
        else:
            getattr(st, kind)(text)


def pick_example(ctx: Context) -> int:
    """The field choosing the example (a NumPy column of X); its value."""
    p, m = ctx.prefix, ctx.trace.m
    clamp_example(p, m)
    return int(st.columns([1, 2])[0].number_input(
        f"Example: NumPy column of X (0 … {m - 1})", min_value=0, max_value=m - 1, step=1, key=f"{p}.example",
        persist_state="session", on_change=guarded(bring_example_into_view), args=(p,),
        help="The heatmaps of the phase-by-phase tab move to show this column, outlined.",
    ))


def render_example_path(ctx: Context, direction: str) -> None:
    """Example x⁽ʲ⁺¹⁾ (NumPy column j) with the per-example equations beside the vectorized ones,
    with numbers."""
    path = example_path(ctx.trace, pick_example(ctx))
    show((forward_path if direction == "forward" else backward_path)(ctx.trace, path))


@st.cache_data(max_entries=16, show_spinner=False)
def _logistic_fit(X: np.ndarray, Y: np.ndarray) -> tuple:
    """A single sigmoid neuron fitted to the training data (pure, shared across sessions)."""
    return fit_logistic_regression(X, Y)


def render_logistic(ctx: Context, direction: str) -> None:
    """The single-neuron case on the example picked in the example's path (NumPy column j)."""
    t = ctx.trace
    j = chosen_example(ctx.prefix, t.m)
    s, out = neuron_steps(t, j, *_logistic_fit(t["X"], t["Y"]))
    show(neuron_forward(s, j))
    if direction == "forward":
        show(neuron_as_output_unit(out, j))
        return
    show(neuron_backward(t, s, out, j))
    if ctx.prefix == "bwd":
        st.button(f"On to the two-layer net: open “{STEPPER_TAB}” →", key=f"{ctx.prefix}.to_stepper",
                  on_click=guarded(open_tab), args=(ctx.prefix, STEPPER_TAB))
