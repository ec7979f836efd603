"""The Experiments sweeps' session glue: a request flag per sweep, the over-fitting preset, the
progress bar over a sweep's networks and the staleness warning. Results live in this session."""

from __future__ import annotations

import streamlit as st

from ..budget import sweep_notice, sweep_steps
from ..experiments_lesson import MAX_RUNS, OVERFIT_SETTINGS, OVERFIT_STEPS, STEP_OPTIONS, staleness
from ..sweeps import HIDDEN_SIZES
from .page import guarded
from .state import set_setting

SIZE_RESULT, RATE_RESULT = "exp.size.result", "exp.rate.result"
SIZE_REQUEST, RATE_REQUEST = "exp.size.requested", "exp.rate.requested"


def request(flag: str) -> None:
    """Button callback: ask for a sweep. A flag in the session (not the button's one-run
    value) survives any rerun that happens before the page gets to run the sweep."""
    st.session_state[flag] = True


def requested(flag: str) -> bool:
    """True once after a request (the flag is used up)."""
    return st.session_state.pop(flag, False)


def show_overfitting() -> None:
    """Callback: a small noisy data set and long training, where wide networks over-fit."""
    for name, value in OVERFIT_SETTINGS:
        set_setting(name, value)
    st.session_state["exp.size.sizes"] = list(HIDDEN_SIZES)
    st.session_state["exp.size.steps"] = OVERFIT_STEPS
    request(SIZE_REQUEST)


def with_progress(items, compute, label) -> list:
    """compute(item) for each item under a progress bar (a cached item is instant)."""
    bar = st.progress(0.0, text="Starting…")
    results = []
    for i, item in enumerate(items):
        bar.progress(i / len(items), text=f"Training {label(item)} ({i + 1} of {len(items)})…")
        results.append(compute(item))
    bar.empty()
    return results


def show_staleness(result: dict, key: tuple) -> None:
    """Warn when the result on screen was run for other settings."""
    text = staleness(result["key"], key, result["about"])
    if text:
        st.warning(text, icon=":material/history:")


def sweep_controls(prefix: str, label: str, options, default, go_flag: str, **select) -> tuple[list, int]:
    """The multiselect (key ``select["key"]``), the steps slider and the Run button of one sweep, in a row."""
    left, mid, right = st.columns([4, 2, 1], vertical_alignment="bottom")
    chosen = left.multiselect(label, options, default=default, persist_state="session",
                              max_selections=MAX_RUNS, **select)
    steps = mid.select_slider("Steps per network", STEP_OPTIONS, value=3000, key=f"{prefix}.steps",
                              persist_state="session")
    right.button("Run sweep", key=f"{prefix}.go", type="primary", width="stretch", disabled=not chosen,
                 on_click=guarded(request), args=(go_flag,))
    return chosen, steps


def budgeted(steps: int, m: int, hidden_sizes) -> int:
    """The steps per network that fit one click's budget for networks of ``hidden_sizes`` on m
    points (shallownet.budget), with a note when that is fewer than chosen."""
    fits = sweep_steps(steps, m, list(hidden_sizes) or [1])
    note = sweep_notice(steps, fits, m, len(hidden_sizes))
    if note:
        st.caption(note)
    return fits
