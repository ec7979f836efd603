"""Gradients: their size over training, what they look like at one step, and three
comparisons — hidden activations, initial scale, and the all-zero start — one tab each.

Tabs run lazily (only the open one): the comparisons train networks, which a student who
only looks at the first tab should not pay for. The sentences about the runs are computed in
``shallownet.gradients_lesson``; the questions in ``shallownet.questions.gradients``."""

import streamlit as st

from shallownet import comparisons as cmp
from shallownet import gradients_lesson as lesson
from shallownet import gradients_tabs as tabs
from shallownet.figures import gradients_view as gv
from shallownet.minibatch_lesson import norms_note
from shallownet.questions import gradients as questions
from shallownet.ui import gradients_panel as panel
from shallownet.ui.lesson_mode import lesson_tabs
from shallownet.ui.live import live_chart
from shallownet.ui.page import chart
from shallownet.ui.shared_work import (
    activation_curves_figure,
    activation_runs,
    linear_cost,
    scale_runs,
    wide_runs,
    zero_runs,
)
from shallownet.ui.state import current_data, current_settings, data_identity, describe, get_trainer
from shallownet.ui.teaching import ask, next_page_link, notes_remark, notice

COMPARE_SCALES = (0.01, 0.1, 1.0, 10.0)

settings = current_settings()
data = current_data(settings)
trainer = get_trainer(settings)
data_id = data_identity(settings)


# -- 1. gradient norms over training ---------------------------------------------------------
def norms_tab() -> None:
    st.subheader("Gradient size during training")
    panel.train_button(trainer, settings.learning_rate)
    snap, selected, log_y = panel.inspect_controls(trainer)
    history = trainer.history()
    ask(questions.largest_gradient(history, selected), "grad.largest")
    panel.norms_charts(trainer, data_id, snap, selected, log_y)
    st.markdown(tabs.norms_text(history, selected, tabs.shown_iterations(trainer)))
    plateau = lesson.plateau_note(history, selected, linear_cost(data_id, data))
    if plateau:
        notice(plateau)
    st.caption(tabs.norms_caption(settings.n_h, gv.DW2_LABELLED_UP_TO))
    if batch_note := norms_note(settings.batch_size, data.X_train.shape[1]):
        st.caption(batch_note)


# -- 2. activations --------------------------------------------------------------------------
def activations_tab() -> None:
    st.subheader("Which hidden activation lets the gradient through")
    st.markdown(
        r"The error reaches the first layer through $dZ^{[1]} = W^{[2]T} dZ^{[2]} \ast g'(Z^{[1]})$: "
        "every unit·example is multiplied by **g′ at its Z1**. Where g′ is close to 0 (the shaded "
        "bands, |g′| < 0.01) the unit passes almost nothing back. σ and tanh *saturate*: they flatten out "
        "far from 0, so a large |z| kills the gradient. ReLU does not saturate (it is unbounded for z > 0): "
        "a unit with z ≤ 0 is *inactive*, g′ = 0 exactly, however small or large z is. σ′ is never above "
        "0.25; tanh′ is 1 at 0; ReLU′ is 1 or 0; leaky ReLU′ is 1 or 0.01, never 0, so it is never inactive."
    )
    chart(activation_curves_figure(), key="grad.curves")
    scale = st.columns([2, 3])[0].select_slider("Initial scale for these four runs", options=COMPARE_SCALES, value=1.0,
                             key="grad.act_scale", persist_state="session", format_func=lambda s: f"{s:g}",
                             help="W ~ scale · N(0, 1) for every run; same seed, data and learning rate.")
    inputs = (data_id, settings.n_h, scale, settings.init_seed, settings.learning_rate)
    runs, runs_fig, runs_table = activation_runs(data_id, data, *inputs[1:])
    live_chart(runs_fig, key="grad.act_compare", rev=str(inputs), min_width=gv.PAIR_MIN_PX,
               alt=f"Training cost and ‖dW1‖ of the four activations from initial scale {scale:g}.")
    st.dataframe(runs_table, hide_index=True, width="stretch")
    panel.warn(tabs.activation_warnings(list(runs.values())))
    st.caption(tabs.activations_caption(cmp.COMPARISON_STEPS, settings.init_seed, settings.n_h,
                                        settings.learning_rate, scale))


# -- 3. initial scale ------------------------------------------------------------------------------
def scale_tab() -> None:
    st.subheader("Initial scale: 0.01, 1 or 10 — and with many inputs")
    act = panel.scale_activation(settings.activation)
    inputs = (data_id, settings.n_h, act, settings.init_seed, settings.learning_rate)
    results, hist_fig, scale_fig, scale_table = scale_runs(data_id, data, *inputs[1:])
    st.markdown(lesson.scale_intro(results, cmp.MAX_STEPS))
    ask(questions.stalled_share(results[-1], act), "grad.stalled")
    live_chart(hist_fig, key="grad.hist", rev=str(inputs), alt=f"Histograms of Z1 at the start, {act} units.",
               min_width=3 * gv.PANEL_MIN_PX)
    live_chart(scale_fig, key="grad.scale_compare", rev=str(inputs), min_width=gv.PAIR_MIN_PX,
               alt=f"Training cost and ‖dW1‖ from three initial scales, {act} units.")
    st.dataframe(scale_table, hide_index=True, width="stretch")
    panel.warn(tabs.scale_warnings(results))
    st.markdown("\n\n".join(lesson.scale_story(results, act, cmp.MAX_STEPS)))

    st.subheader(f"With {cmp.WIDE_N_X} inputs: fixed scales against Xavier and He")
    wide, wide_hist, wide_fig, wide_table = wide_runs(data_id, data, *inputs[1:])
    st.markdown(lesson.wide_intro(data.X_train.shape[1], data.n_x, settings.n_h))
    live_chart(wide_hist, key="grad.wide_hist", rev=str(inputs), min_width=5 * gv.PANEL_MIN_PX,
               alt=f"Histograms of Z1 at the start with {cmp.WIDE_N_X} inputs, {act} units.")
    live_chart(wide_fig, key="grad.wide_compare", rev=str(inputs), min_width=gv.PAIR_MIN_PX,
               alt=f"Training cost and ‖dW1‖ from five starts with {cmp.WIDE_N_X} inputs, {act} units.")
    st.dataframe(wide_table, hide_index=True, width="stretch")
    panel.warn(tabs.scale_warnings(wide))
    st.markdown("\n\n".join(lesson.wide_story(wide, results, act, cmp.MAX_STEPS)))


# -- 4. zero initialisation -----------------------------------------------------------------------
def zero_tab() -> None:
    st.subheader("Why not start from zero?")
    st.markdown(
        "**Start every weight at zero and every hidden unit gets exactly the same gradient at every "
        "step, so the units remain copies of each other for ever: n_h units do the work of one.**"
    )
    notes_remark("Its gradient-descent section says to “initialize randomly rounded into all zeros”. It "
                 "should read: initialize the weights randomly *instead of* all zeros — this tab shows why.")
    zact, make_unbalanced = panel.zero_inputs()
    inputs = (data_id, settings.n_h, zact, settings.init_seed, settings.learning_rate, make_unbalanced)
    zero, thumbs_fig = zero_runs(data_id, data, *inputs[1:])
    train = lesson.training_set(data, make_unbalanced)
    ask(questions.zero_start_dW2(train.X_train, train.Y_train, settings.n_h, zact), "grad.zero_dW2")
    ask(questions.zero_start_cost(zero, zact), "grad.zero_cost")
    live_chart(thumbs_fig, key="grad.thumbs", rev=str(inputs),
               alt=f"Each hidden unit's output over the plane after training, zero and random start ({zact}).")
    st.caption(tabs.zero_caption(zero, settings.n_h, gv.THUMBNAIL_UNITS))
    panel.zero_metrics(zero, settings.n_h)
    st.caption(tabs.zero_cost_caption(zero))
    st.markdown(lesson.zero_start_story(zero, zact))
    panel.w1_tables(zero)


# -- the page: only the open tab runs (its comparisons train networks) ---------------------------
TABS = {"Gradient size": norms_tab, "Activations": activations_tab, "Initial scale": scale_tab,
        "Zero start": zero_tab}
st.title("Gradients")
st.caption(describe(settings))
st.markdown(
    "Gradient descent moves every parameter by −α times its gradient, so the **size** of the "
    "gradients decides how fast each layer learns. The tabs: how large they are during this "
    "session's training, and three experiments on what makes them shrink, explode or stay useless."
)
for tab, label in lesson_tabs(tuple(TABS), key="grad.tab"):
    if tab.open:
        with tab:
            TABS[label]()
next_page_link("app_pages/gradients.py")
