"""The Experiments sweeps' session glue: a request flag per sweep, the over-fitting preset, the
progress bar over a sweep's networks and the staleness warning. Results live in this session."""

from __future__ import annotations

import streamlit as st

from ..budget import sweep_notice, sweep_steps
from ..experiments_lesson import (
    MAX_RUNS,
    OVERFIT_SETTINGS,
    OVERFIT_STEPS,
    STEP_OPTIONS,
    overfit_done,
    overfit_question,
    staleness,
)
from ..sweeps import HIDDEN_SIZES
from .lesson_mode import locked_help
from .page import guarded
from .settings import changes
from .state import current_settings, current_upload, run_iteration, set_setting

SIZE_RESULT, RATE_RESULT = "exp.size.result", "exp.rate.result"
SIZE_REQUEST, RATE_REQUEST = "exp.size.requested", "exp.rate.requested"
OVERFIT_ASK, OVERFIT_DONE = "exp.size.overfit_ask", "exp.size.overfit_done"  # the question; what changed


def request(flag: str) -> None:
    """Button callback: ask for a sweep. A flag in the session (not the button's one-run
    value) survives any rerun that happens before the page gets to run the sweep."""
    st.session_state[flag] = True


def requested(flag: str) -> bool:
    """True once after a request (the flag is used up)."""
    return st.session_state.pop(flag, False)


def ask_overfitting() -> None:
    """Callback: ask before changing settings (nothing to ask when none would change)."""
    if changes(current_settings(), OVERFIT_SETTINGS):
        st.session_state[OVERFIT_ASK] = True
    else:
        show_overfitting()


def cancel_overfitting() -> None:
    st.session_state.pop(OVERFIT_ASK, None)


def overfitting_button() -> None:
    """The preset's button, its question and, once it ran, what it changed."""
    names = [name for name, _ in OVERFIT_SETTINGS]
    lock = locked_help(names)
    st.button("Show over-fitting: 80 noisy points, 5,000 steps", key="exp.size.overfit",
              on_click=guarded(ask_overfitting),
              icon=":material/auto_awesome:", disabled=bool(current_upload()) or bool(lock),
              help=lock or "Sets the sidebar to 80 moons points with noise 0.35, half of them held out for "
                   "testing (it asks first), and runs the sweep: with 20 or 50 units the training accuracy "
                   "keeps rising while the test accuracy falls.")
    settings = current_settings()
    todo = changes(settings, OVERFIT_SETTINGS)
    if st.session_state.get(OVERFIT_ASK) and todo:
        st.warning(overfit_question(todo, run_iteration(settings)), icon=":material/help:")
        row = st.container(horizontal=True)
        row.button("Change them and run", key="exp.size.overfit_yes", type="primary",
                   on_click=guarded(show_overfitting))
        row.button("Cancel", key="exp.size.overfit_no", on_click=guarded(cancel_overfitting))
    done = st.session_state.get(OVERFIT_DONE)
    if done is not None and not todo:  # said while the settings are still the preset's
        st.success(overfit_done(done), icon=":material/check_circle:")


def show_overfitting() -> None:
    """Callback: a small noisy data set and long training, where wide networks over-fit."""
    st.session_state.pop(OVERFIT_ASK, None)
    st.session_state[OVERFIT_DONE] = changes(current_settings(), OVERFIT_SETTINGS)
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
