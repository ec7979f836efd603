"""Gradients: their size over training, what they look like at one step, and three
comparisons — hidden activations, initial scale, and the all-zero start — one tab each.

Tabs run lazily (only the open one): the comparisons train networks, which a student who
only looks at the first tab should not pay for. The sentences about the runs are computed in
``shallownet.gradients_lesson``; the questions in ``shallownet.questions.gradients``."""

import streamlit as st

from shallownet import comparisons as cmp
from shallownet import gradients_lesson as lesson
from shallownet import gradients_tabs as tabs
from shallownet.activations import ACTIVATIONS
from shallownet.figures import gradients_view as gv
from shallownet.playback import MAX_ITERATION, advance
from shallownet.questions import gradients as questions
from shallownet.ui.gradients_work import linear_cost, scale_runs, wide_runs
from shallownet.ui.live import live_chart
from shallownet.ui.page import chart, params_digest, session_figure
from shallownet.ui.shared_work import activation_curves_figure, activation_runs, zero_runs
from shallownet.ui.state import current_data, current_settings, data_identity, describe, get_trainer
from shallownet.ui.teaching import ask, next_page_link, notes_remark, notice

TRAIN_STEPS = cmp.COMPARISON_STEPS
COMPARE_SCALES = (0.01, 0.1, 1.0, 10.0)

settings = current_settings()
data = current_data(settings)
trainer = get_trainer(settings)
data_id = data_identity(settings)


def train_more(trainer, learning_rate):
    """Button callback: runs before the script, so everything below already shows the new state.
    ``advance`` keeps the session's history within MAX_ITERATION, as the Training page does."""
    advance(trainer, TRAIN_STEPS, learning_rate)


# -- 1. gradient norms over training ---------------------------------------------------------
def norms_tab() -> None:
    st.subheader("Gradient size during training")
    if trainer.iteration == 0:
        st.info(tabs.untrained_text(TRAIN_STEPS, settings.learning_rate), icon=":material/info:")
    at_cap = trainer.iteration >= MAX_ITERATION
    st.button(tabs.train_label(trainer.iteration, TRAIN_STEPS), key="grad.train", icon=":material/play_arrow:",
              disabled=at_cap, type="primary" if trainer.iteration == 0 else "secondary",
              on_click=train_more, args=(trainer, settings.learning_rate))
    if at_cap:
        st.info(tabs.cap_text(trainer.iteration), icon=":material/info:")
    if trainer.divergence is not None:
        st.warning(trainer.divergence.message(), icon=":material/warning:")

    snaps = trainer.snapshots
    iterations = [s.iteration for s in snaps]
    if tabs.follow_latest(iterations, st.session_state.get("grad.iter"), st.session_state.get("grad.seen"),
                          trainer.iteration):
        st.session_state["grad.iter"] = iterations[-1]  # new training (here or elsewhere): show the latest step
        st.session_state["grad.seen"] = trainer.iteration
    controls = st.columns([3, 1], vertical_alignment="bottom")
    with controls[0]:
        if len(iterations) > 1:
            selected = st.select_slider(
                "Iteration to inspect", options=iterations, key="grad.iter", persist_state="session",
                help=f"The trainer keeps {len(iterations)} evenly spaced snapshots of the parameters and gradients.",
            )
        else:
            selected = iterations[0]
            st.caption("Only iteration 0 so far: train to get more snapshots to inspect.")
    with controls[1]:
        log_y = st.toggle("Log scale", value=True, key="grad.log", persist_state="session",
                          help="Gradients span several orders of magnitude: a log axis shows them all.")
    snap = snaps[iterations.index(selected)]
    history = trainer.history()
    ask(questions.largest_gradient(history, selected), "grad.largest")

    # live views: moving the cursor or training more updates both charts in place. Keyed by the
    # content they draw (a Reset and a new α at the same iteration give other numbers, other keys)
    left, right = st.columns([3, 2], gap="medium")
    with left:
        key = ("grad.norms", params_digest(history), selected, log_y)
        live_chart(session_figure(key, lambda: gv.norms_figure(history, selected=selected, log_y=log_y)),
                   key="grad.norms", rev=str(key), alt=f"Gradient norms over training, cursor at iteration {selected}.")
    with right:
        key = ("grad.heatmaps", params_digest(snap.grads), selected)
        live_chart(session_figure(key, lambda: gv.gradient_heatmaps(snap.grads, selected)),
                   key="grad.heatmaps", rev=str(key), alt=f"Heatmaps of dW1 and dW2 at iteration {selected}.")
    st.markdown(tabs.norms_text(history, selected, iterations.index(selected), len(iterations)))
    plateau = lesson.plateau_note(history, selected, linear_cost(data_id, data))
    if plateau:
        notice(plateau)
    st.caption(tabs.norms_caption(settings.n_h, gv.DW2_LABELLED_UP_TO))


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
    live_chart(runs_fig, key="grad.act_compare", rev=str(inputs),
               alt=f"Training cost and ‖dW1‖ of the four activations from initial scale {scale:g}.")
    st.dataframe(runs_table, hide_index=True, width="stretch")
    warn(tabs.activation_warnings(list(runs.values())))
    st.caption(tabs.activations_caption(cmp.COMPARISON_STEPS, settings.init_seed, settings.n_h,
                                        settings.learning_rate, scale))


# -- 3. initial scale ------------------------------------------------------------------------------
def scale_tab() -> None:
    st.subheader("Initial scale: 0.01, 1 or 10 — and with many inputs")
    options = list(ACTIVATIONS)
    if "grad.scale_act" not in st.session_state:
        st.session_state["grad.scale_act"] = tabs.default_scale_activation(settings.activation)
    act = st.columns([1, 2])[0].selectbox("Hidden activation for this comparison", options, key="grad.scale_act",
                                          persist_state="session",
                                          format_func=lambda n: ACTIVATIONS[n].label)
    inputs = (data_id, settings.n_h, act, settings.init_seed, settings.learning_rate)
    results, hist_fig, scale_fig, scale_table = scale_runs(data_id, data, *inputs[1:])
    st.markdown(lesson.scale_intro(results, cmp.MAX_STEPS))
    ask(questions.stalled_share(results[-1], act), "grad.stalled")
    live_chart(hist_fig, key="grad.hist", rev=str(inputs), alt=f"Histograms of Z1 at the start, {act} units.")
    live_chart(scale_fig, key="grad.scale_compare", rev=str(inputs),
               alt=f"Training cost and ‖dW1‖ from three initial scales, {act} units.")
    st.dataframe(scale_table, hide_index=True, width="stretch")
    warn(tabs.scale_warnings(results))
    st.markdown("\n\n".join(lesson.scale_story(results, act, cmp.MAX_STEPS)))

    st.subheader(f"With {cmp.WIDE_N_X} inputs: fixed scales against Xavier and He")
    wide, wide_hist, wide_fig, wide_table = wide_runs(data_id, data, *inputs[1:])
    st.markdown(lesson.wide_intro(data.X_train.shape[1], data.n_x, settings.n_h))
    live_chart(wide_hist, key="grad.wide_hist", rev=str(inputs),
               alt=f"Histograms of Z1 at the start with {cmp.WIDE_N_X} inputs, {act} units.")
    live_chart(wide_fig, key="grad.wide_compare", rev=str(inputs),
               alt=f"Training cost and ‖dW1‖ from five starts with {cmp.WIDE_N_X} inputs, {act} units.")
    st.dataframe(wide_table, hide_index=True, width="stretch")
    warn(tabs.scale_warnings(wide))
    st.markdown("\n\n".join(lesson.wide_story(wide, results, act, cmp.MAX_STEPS)))


def warn(texts: list[str]) -> None:
    for text in texts:
        st.warning(text, icon=":material/warning:")


# -- 4. zero initialisation -----------------------------------------------------------------------
def zero_tab() -> None:
    st.subheader("Why not start from zero?")
    options = list(ACTIVATIONS)
    st.markdown(
        "**Start every weight at zero and every hidden unit gets exactly the same gradient at every "
        "step, so the units remain copies of each other for ever: n_h units do the work of one.**"
    )
    notes_remark("Its gradient-descent section says to “initialize randomly rounded into all zeros”. It "
                 "should read: initialize the weights randomly *instead of* all zeros — this tab shows why.")
    zc = st.columns([1, 2], vertical_alignment="bottom")
    with zc[0]:
        zact = st.selectbox("Hidden activation", options, index=options.index("sigmoid"), key="grad.zero_act",
                            persist_state="session",
                            format_func=lambda n: ACTIVATIONS[n].label)
    with zc[1]:
        make_unbalanced = st.checkbox(
            "Unbalance the classes (leave out every other class-1 training example)", value=True,
            key="grad.unbalance", persist_state="session",
            help="With exactly balanced classes the zero start does not move at all (see below).",
        )
    inputs = (data_id, settings.n_h, zact, settings.init_seed, settings.learning_rate, make_unbalanced)
    zero, thumbs_fig = zero_runs(data_id, data, *inputs[1:])
    train = lesson.training_set(data, make_unbalanced)
    ask(questions.zero_start_dW2(train.X_train, train.Y_train, settings.n_h, zact), "grad.zero_dW2")
    ask(questions.zero_start_cost(zero, zact), "grad.zero_cost")
    live_chart(thumbs_fig, key="grad.thumbs", rev=str(inputs),
               alt=f"Each hidden unit's output over the plane after training, zero and random start ({zact}).")
    st.caption(tabs.zero_caption(zero, settings.n_h, gv.THUMBNAIL_UNITS))
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Zero start: different hidden units", f"{zero.zero.distinct_units} of {settings.n_h}",
              help="Rows of W1 that differ by more than a millionth of its largest entry.")
    m2.metric("Random start: different hidden units", f"{zero.random.distinct_units} of {settings.n_h}")
    m3.metric("Zero start: max row difference", f"{zero.zero.spread:.2g}",
              help="max over i, k of |W1[i, k] − W1[0, k]| after training (0 means identical rows).")
    m4.metric("Random start: max row difference", f"{zero.random.spread:.2g}")
    st.caption(tabs.zero_cost_caption(zero))
    st.markdown(lesson.zero_start_story(zero, zact))
    st.markdown("W1 after training (one row per hidden unit; columns: the weights on x₁ and x₂):")
    w1 = st.columns(2)
    for col, start in zip(w1, (zero.zero, zero.random), strict=True):
        with col:
            st.caption(start.label)
            st.dataframe(tabs.w1_table(start.run.end["W1"], gv.THUMBNAIL_UNITS), width="stretch")


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
for tab, draw in zip(st.tabs(tuple(TABS), key="grad.tab", on_change="rerun"), TABS.values(), strict=True):
    if tab.open:
        with tab:
            draw()
next_page_link("app_pages/gradients.py")
