"""Experiments: sweeps over the hidden-layer size and the learning rate, a logistic-regression
baseline, your own data (CSV) and a saved model (.npz).

The sweeps run on a click (never just because the page opened), one cached network at a
time under a progress bar; results are kept in this session so the page redraws them without
training again (and a class opening the same link shares the cached networks). The two upload
tabs live in :mod:`shallownet.ui.uploads`; the decisions and sentences in
:mod:`shallownet.experiments_lesson`.
"""

import streamlit as st

from shallownet import experiments_lesson as lesson
from shallownet import sweeps
from shallownet.figures import experiments_view as ev
from shallownet.questions import path as questions
from shallownet.ui.lesson_mode import lesson_tabs
from shallownet.ui.live import live_chart
from shallownet.ui.memo import shared_figure
from shallownet.ui.shared_work import BASELINE_RESOLUTION, logistic_baseline, sweep_network, sweep_rate
from shallownet.ui.state import current_data, current_settings, data_identity, describe
from shallownet.ui.sweep_controls import (
    RATE_REQUEST,
    RATE_RESULT,
    SIZE_REQUEST,
    SIZE_RESULT,
    budgeted,
    overfitting_button,
    requested,
    show_staleness,
    sweep_controls,
    with_progress,
)
from shallownet.ui.teaching import ask, next_page_link
from shallownet.ui.uploads import data_tab, model_tab

BOXES = {"warning": (st.warning, "⚠️"), "success": (st.success, ":material/check_circle:"),
         "info": (st.info, ":material/info:")}  # a verdict's kind → its box and icon


def size_tab(settings, data) -> None:
    st.markdown("Train one network per hidden-layer size, everything else equal, and compare their "
                "decision boundaries. Few units give a simple boundary; many units can bend it "
                "around single training points — **over-fitting** shows as test accuracy falling "
                "behind train accuracy. (More noise and fewer samples make it easier to see.)")
    overfitting_button()
    sizes, steps = sweep_controls("exp.size", "Hidden units n_h", lesson.SIZE_OPTIONS, sweeps.HIDDEN_SIZES,
                                  SIZE_REQUEST, key="exp.size.sizes")
    steps = budgeted(steps, data.X.shape[1], sizes)
    if sizes:
        ask(questions.largest_in_sweep(data.n_x, sizes), key="exp.size.largest")
    key = lesson.size_sweep_key(data_identity(settings), sizes, settings, steps)
    # only on a click: training a whole sweep is not something opening a page should cost
    if sizes and requested(SIZE_REQUEST):
        runs = with_progress(sorted(sizes), lambda n_h: sweep_network(
            key[0], n_h, settings.activation, settings.learning_rate, steps, settings.init_scale,
            settings.init_seed, sweeps.SURFACE_RESOLUTION, data), lambda n_h: f"n_h = {n_h}")
        st.session_state[SIZE_RESULT] = dict(key=key, runs=runs, data=data, about=describe(settings),
                                              how=f"{lesson.run_settings(settings)}, {steps:,} steps each")
    result = st.session_state.get(SIZE_RESULT)
    if result is None:
        st.info(lesson.size_prompt(len(sizes), steps), icon=":material/science:")
        return
    show_staleness(result, key)
    runs = result["runs"]
    st.caption(f"{result['about']} · every network: {result['how']}. Shading: the network's "
               "probability of class 1; dark line: its decision boundary P = 0.5; circles "
               "train, diamonds test.")
    live_chart(shared_figure(("exp.size", result["key"]), lambda: ev.hidden_size_figure(runs, result["data"])),
               key="exp.size.chart", alt="One small boundary plot per hidden-layer size", rev=repr(result["key"]),
               min_width=560)  # four panels a row: a phone scrolls sideways rather than overprint captions
    live_chart(shared_figure(("exp.size.acc", result["key"]), lambda: ev.accuracy_by_size_figure(runs)),
               key="exp.size.acc", alt="Train and test accuracy by hidden-layer size", rev=repr(result["key"]))
    st.markdown(sweeps.size_sweep_summary(runs))
    for r in runs:
        if r.divergence:
            st.warning(f"n_h = {r.n_h}: {r.divergence}", icon="⚠️")


def rate_tab(settings, data) -> None:
    st.markdown("Train the same network from the same start with several learning rates α. Too "
                "small crawls; a good one drops fast; too large overshoots and **diverges** — the "
                "trainer stops at the last finite step and the chart marks it with ✕ instead of "
                "plotting NaN.")
    rates, steps = sweep_controls("exp.rate", "Learning rates α", lesson.RATE_OPTIONS, sweeps.LEARNING_RATES,
                                  RATE_REQUEST, key="exp.rate.rates", format_func=lambda a: f"{a:g}")
    steps = budgeted(steps, data.X.shape[1], [settings.n_h] * len(rates))
    key = lesson.rate_sweep_key(data_identity(settings), rates, settings, steps)
    if rates and requested(RATE_REQUEST):
        runs = with_progress(sorted(rates), lambda lr: sweep_rate(
            key[0], lr, settings.n_h, settings.activation, steps, settings.init_scale,
            settings.init_seed, data), lambda lr: f"α = {lr:g}")
        st.session_state[RATE_RESULT] = dict(key=key, runs=runs, about=describe(settings),
                                              how=lesson.rate_sweep_how(settings, steps))
    result = st.session_state.get(RATE_RESULT)
    if result is None:
        st.info(lesson.rate_prompt(len(rates), steps), icon=":material/science:")
        return
    show_staleness(result, key)
    runs = result["runs"]
    st.caption(f"{result['about']} · every network: {result['how']}.")
    live_chart(shared_figure(("exp.rate", result["key"]), lambda: ev.rate_figure(runs)), key="exp.rate.chart",
               alt="Training cost against the iteration for each learning rate", rev=repr(result["key"]))
    st.table(lesson.rate_rows(runs), hide_index=True)  # a table wraps the long outcomes


def baseline_tab(settings, data) -> None:
    st.markdown("Logistic regression computes ŷ = σ(w·x + b) straight from the two features: it is "
                "our network **without a hidden layer**. Its boundary w·x + b = 0 is a straight line, "
                "so it cannot curl around a moon or enclose a circle; the hidden layer's units each add "
                "a line of their own, and the output unit combines them into a curved boundary.")
    steps = st.columns([2, 3])[0].select_slider("Network training steps", lesson.STEP_OPTIONS, value=3000,
                                                key="exp.base.steps", persist_state="session")
    steps = budgeted(steps, data.X.shape[1], [settings.n_h])
    # the first open also loads scikit-learn's solver: a few seconds, so say what is happening
    with st.spinner("Fitting the logistic regression and training the network…", show_time=True):
        base = logistic_baseline(data_identity(settings), data)
        net = sweep_network(data_identity(settings), settings.n_h, settings.activation,
                             settings.learning_rate, steps, settings.init_scale, settings.init_seed,
                             BASELINE_RESOLUTION, data)
    ask(questions.baseline_vs_network(base.test_acc, net.test_acc, net.n_h), key="exp.base.who")
    c1, c2, c3 = st.columns(3)
    c1.metric("Logistic regression, test accuracy", ev.percent(base.test_acc))
    c2.metric(f"Network (n_h = {net.n_h}), test accuracy", ev.percent(net.test_acc),
              delta=lesson.accuracy_gain(base, net))
    c3.metric("Chance (the larger class)", ev.percent(lesson.majority_share(data)))
    live_chart(shared_figure(("exp.base", data_identity(settings), settings.model_key, settings.learning_rate, steps),
                              lambda: ev.baseline_figure(base, net, data)), key="exp.base.chart",
               alt="The logistic-regression line beside the network's boundary", min_width=560)
    st.caption(lesson.baseline_caption(describe(settings), settings, base, net, data.Y_train.shape[1]))
    st.markdown(lesson.regularisation_note(data, base))
    kind, text = lesson.baseline_verdict(base, net, data.Y_test.shape[1])
    box, icon = BOXES[kind]
    box(text, icon=icon)


settings = current_settings()
data = current_data(settings)
st.title("Experiments")
st.caption(describe(settings))
draws = dict(zip(lesson.TABS, (size_tab, rate_tab, baseline_tab, data_tab, model_tab), strict=True))
for tab, label in lesson_tabs(lesson.TABS, key="exp.tab"):
    draw = draws[label]
    if tab.open:
        with tab:
            draw(settings, data)
next_page_link("app_pages/experiments.py")
