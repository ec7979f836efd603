"""Gradients: their size over training, what they look like at one step, and three
comparisons — hidden activations, initial scale, and the all-zero start — one tab each.

Tabs run lazily (only the open one): the comparisons train networks, which a student who
only looks at the first tab should not pay for."""

import pandas as pd
import streamlit as st

from shallownet import comparisons as cmp
from shallownet.activations import ACTIVATIONS
from shallownet.figures import gradients_view as gv
from shallownet.ui.live import live_chart
from shallownet.ui.page import chart, session_figure
from shallownet.ui.shared_work import activation_curves_figure, activation_runs, scale_runs, zero_runs
from shallownet.ui.state import current_data, current_settings, data_identity, describe, get_trainer

TRAIN_STEPS = 300
COMPARE_SCALES = (0.01, 0.1, 1.0, 10.0)

settings = current_settings()
data = current_data(settings)
trainer = get_trainer(settings)
data_id = data_identity(settings)


def train_more(trainer, learning_rate):
    """Button callback: runs before the script, so everything below already shows the new state."""
    trainer.step(TRAIN_STEPS, learning_rate)


# -- 1. gradient norms over training ---------------------------------------------------------
def norms_tab() -> None:
    st.subheader("Gradient size during training")
    if trainer.iteration == 0:
        st.info(f"This network has not been trained yet: run {TRAIN_STEPS} steps of gradient descent "
                f"(α = {settings.learning_rate:g}) to see how its gradients change.", icon=":material/info:")
    label = f"Train {TRAIN_STEPS} steps" if trainer.iteration == 0 else f"Train {TRAIN_STEPS} more steps"
    st.button(label, key="grad.train", icon=":material/play_arrow:",
              type="primary" if trainer.iteration == 0 else "secondary",
              on_click=train_more, args=(trainer, settings.learning_rate))
    if trainer.divergence is not None:
        st.warning(trainer.divergence.message(), icon=":material/warning:")

    snaps = trainer.snapshots
    iterations = [s.iteration for s in snaps]
    if st.session_state.get("grad.iter") not in iterations or st.session_state.get("grad.seen") != trainer.iteration:
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

    # live views: moving the cursor or training more updates both charts in place
    left, right = st.columns([3, 2], gap="medium")
    with left:
        key = ("grad.norms", st.session_state.get("train.key"), trainer.iteration, selected, log_y)
        live_chart(session_figure(key, lambda: gv.norms_figure(history, selected=selected, log_y=log_y)),
                   key="grad.norms", rev=str(key), alt=f"Gradient norms over training, cursor at iteration {selected}.")
    with right:
        key = ("grad.heatmaps", st.session_state.get("train.key"), trainer.iteration, selected)
        live_chart(session_figure(key, lambda: gv.gradient_heatmaps(snap.grads, selected)),
                   key="grad.heatmaps", rev=str(key), alt=f"Heatmaps of dW1 and dW2 at iteration {selected}.")
    k = iterations.index(selected)
    st.markdown(
        f"At iteration **{selected}**: ‖dW1‖ = {history['norm_dW1'][selected]:.3g}, "
        f"‖db1‖ = {history['norm_db1'][selected]:.3g}, ‖dW2‖ = {history['norm_dW2'][selected]:.3g}, "
        f"‖db2‖ = {history['norm_db2'][selected]:.3g}; cost J = {history['train_cost'][selected]:.4f}."
        + (f" (Snapshot {k + 1} of {len(iterations)}.)" if len(iterations) > 1 else "")
    )
    st.caption(
        "‖dW1‖ is the Frobenius norm √(Σ dW1ᵢⱼ²): one number for the size of a whole gradient. "
        "Near a minimum the gradients shrink and learning slows down; norms that grow while the cost "
        "rises are the sign of a step α that is too large. Each heatmap has its own colour range "
        "(white = 0): the numbers in the cells are the entries of dW1 and dW2."
    )



# -- 2. activations --------------------------------------------------------------------------
def activations_tab() -> None:
    st.subheader("Which hidden activation lets the gradient through")
    st.markdown(
        r"The error reaches the first layer through $dZ^{[1]} = W^{[2]T} dZ^{[2]} \ast g'(Z^{[1]})$: "
        "every unit·example is multiplied by **g′ at its Z1**. Where g′ is close to 0 (the shaded "
        "bands, |g′| < 0.01) the unit is *saturated* and passes almost nothing back — the gradient "
        "vanishes there. σ′ is never above 0.25; tanh′ is 1 at 0; ReLU′ is 1 or 0 (a unit with "
        "z ≤ 0 gets no gradient at all); leaky ReLU′ is 1 or 0.01, never 0."
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
    for run in runs.values():
        if run.divergence:
            st.warning(f"{ACTIVATIONS[run.activation].label}: {run.divergence}", icon=":material/warning:")
    st.caption(
        f"Each run: {cmp.COMPARISON_STEPS} full-batch steps from the same seed ({settings.init_seed}), "
        f"n_h = {settings.n_h}, α = {settings.learning_rate:g}, init scale {scale:g}. "
        "‖dW1‖ is the gradient of the first layer, the one that has to pass through g′."
    )



# -- 3. initial scale ------------------------------------------------------------------------------
def scale_tab() -> None:
    st.subheader("Initial scale: 0.01, 1 or 10")
    options = list(ACTIVATIONS)
    default_act = settings.activation if settings.activation in ("tanh", "sigmoid") else "tanh"
    if "grad.scale_act" not in st.session_state:
        st.session_state["grad.scale_act"] = default_act
    act = st.columns([1, 2])[0].selectbox("Hidden activation for this comparison", options, key="grad.scale_act",
                                          persist_state="session",
                                          format_func=lambda n: ACTIVATIONS[n].label)
    inputs = (data_id, settings.n_h, act, settings.init_seed, settings.learning_rate)
    results, hist_fig, scale_fig, scale_table = scale_runs(data_id, data, *inputs[1:])
    st.markdown(
        "Big weights make big Z1 = W1 X + b1, and a squashing g (tanh, sigmoid) is flat far from 0. "
        "The histograms show Z1 over all units and examples at the start; the vermillion part "
        "is saturated. The gradient reaching W1 is the product of two factors: W2 (which "
        "grows with the scale) and g′(Z1) (which shrinks once units saturate)."
    )
    live_chart(hist_fig, key="grad.hist", rev=str(inputs), alt=f"Histograms of Z1 at the start, {act} units.")
    live_chart(scale_fig, key="grad.scale_compare", rev=str(inputs),
               alt=f"Training cost and ‖dW1‖ from three initial scales, {act} units.")
    st.dataframe(scale_table, hide_index=True, width="stretch")
    for r in results:
        if r.run.divergence:
            st.warning(f"Scale {r.scale:g}: {r.run.divergence}", icon=":material/warning:")
    small, big = results[0], results[-1]
    st.markdown(
        f"With scale {small.scale:g}, Z1 stays within ±{small.histogram.z_absmax:.2g}: "
        f"{small.histogram.share_saturated:.0%} saturated, but W2 is tiny too, so ‖dW1‖ starts at only "
        f"{small.run.history['norm_dW1'][0]:.2g}. With scale {big.scale:g}, Z1 reaches "
        f"±{big.histogram.z_absmax:.3g} and {big.histogram.share_saturated:.0%} of the unit·example "
        f"values are saturated (mean |g′| {big.run.saturation_start.mean_gprime:.2f} against "
        f"{small.run.saturation_start.mean_gprime:.2f}); ‖dW1‖ starts at "
        f"{big.run.history['norm_dW1'][0]:.2g}."
    )



# -- 4. zero initialisation -----------------------------------------------------------------------
def zero_tab() -> None:
    st.subheader("Why not start from zero?")
    options = list(ACTIVATIONS)
    st.markdown(
        "**Start every weight at zero and every hidden unit gets exactly the same gradient at every "
        "step, so the units remain copies of each other for ever: n_h units do the work of one.**"
    )
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
    live_chart(thumbs_fig, key="grad.thumbs", rev=str(inputs),
               alt=f"Each hidden unit's output over the plane after training, zero and random start ({zact}).")
    z_end, r_end = zero.zero.run.end, zero.random.run.end
    st.caption(
        f"Each panel: one hidden unit's output a = g(w·x + b) over the plane after {zero.zero.run.steps} steps "
        f"(same data, seed and α; {zero.m} training examples, {zero.share_class1:.0%} of class 1). "
        + (f"Showing the first {gv.THUMBNAIL_UNITS} of {settings.n_h} units." if settings.n_h > gv.THUMBNAIL_UNITS
           else "")
    )
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Zero start: different hidden units", f"{zero.zero.distinct_units} of {settings.n_h}",
              help="Rows of W1 that differ by more than a millionth of its largest entry.")
    m2.metric("Random start: different hidden units", f"{zero.random.distinct_units} of {settings.n_h}")
    m3.metric("Zero start: max row difference", f"{zero.zero.spread:.2g}",
              help="max over i, k of |W1[i, k] − W1[0, k]| after training (0 means identical rows).")
    m4.metric("Random start: max row difference", f"{zero.random.spread:.2g}")
    cost_zero, cost_random = (s.run.history["train_cost"][-1] for s in (zero.zero, zero.random))
    st.caption(
        f"Cost after {zero.zero.run.steps} steps: {cost_zero:.3f} from the zero start, {cost_random:.3f} from the "
        "random start." + (" Close, this early: the difference that matters is above — only the random start "
                          "has n_h different units to build a curved boundary from." if cost_random > cost_zero - 0.02
                          else "")
    )

    moved = bool(abs(z_end["W1"]).max() > 0 or abs(z_end["W2"]).max() > 0)
    if zact == "sigmoid" and moved:
        st.markdown(
            "**Why (sigmoid):** σ(0) = 0.5, so at the start A1 = 0.5 for every unit and example. Then "
            "dW2 = (1/m) dZ2 A1ᵀ has n_h equal entries, W2 stays a row of equal numbers, "
            "dZ1 = W2ᵀ dZ2 ∗ σ′(Z1) has n_h equal rows, and so does dW1: every row of W1 takes the same "
            "step, every time. The weights do move — but all together, as one unit."
        )
    elif zact == "sigmoid":
        st.markdown(
            "**Why nothing moved:** σ(0) = 0.5 for every unit, so A2 = σ(0) = 0.5 for every example, and "
            f"with {zero.share_class1:.0%} of the labels equal to 1 the mean error db2 = mean(A2 − Y) is "
            "exactly 0; dW2 = 0.5 · mean(A2 − Y) = 0 for every unit, and with W2 = 0 no gradient reaches "
            "W1. Balanced classes make the all-zero start a stationary point. Tick *Unbalance the classes* "
            "to see the units move — in lock-step."
        )
    else:
        st.markdown(
            f"**Why ({ACTIVATIONS[zact].label}):** g(0) = 0, so at the start A1 = 0 for every unit: "
            "dW2 = (1/m) dZ2 A1ᵀ = 0 and W2 stays 0; then dZ1 = W2ᵀ dZ2 ∗ g′(Z1) = 0 and W1, b1 never "
            "move either. Only b2 learns, so the network predicts the same probability everywhere "
            f"(cost {zero.zero.run.history['train_cost'][-1]:.3f}). Sigmoid (σ(0) = 0.5) shows the symmetry "
            "more vividly: there the weights move, all rows together."
        )
    st.markdown("W1 after training (one row per hidden unit; columns: the weights on x₁ and x₂):")
    w1 = st.columns(2)
    for col, start, W in ((w1[0], zero.zero, z_end["W1"]), (w1[1], zero.random, r_end["W1"])):
        with col:
            st.caption(start.label)
            st.dataframe(pd.DataFrame(W[: gv.THUMBNAIL_UNITS], columns=[f"w·x{k + 1}" for k in range(W.shape[1])],
                                      index=[f"unit {i + 1}" for i in range(min(len(W), gv.THUMBNAIL_UNITS))]),
                         width="stretch")


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
