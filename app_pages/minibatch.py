"""Mini-batch vs full batch: full batch, b = 64, b = 8 and b = 1 trained from the same start for the
same number of epochs, side by side: the noisy per-step cost, the whole training set's cost per
epoch, the final boundaries, the measured time per epoch, and one batch's equations with 1/b.

The runs are trained in ``shallownet.minibatch`` (cached in ``shallownet.ui.shared_work``); the
sentences are chosen in ``shallownet.minibatch_lesson``. Their snapshot parameters, for the loss
landscape's descent paths, come from ``shallownet.minibatch.landscape_paths``."""

import streamlit as st

from shallownet import minibatch_lesson as lesson
from shallownet.figures import minibatch_view as mbv
from shallownet.minibatch import DEFAULT_EPOCHS, batch_label, max_epochs
from shallownet.ui.page import chart
from shallownet.ui.shared_work import batch_paths_map, batch_runs
from shallownet.ui.state import current_data, current_settings, data_identity, describe
from shallownet.ui.teaching import ask, next_page_link, notice

EPOCHS, AXIS, EQ_BATCH = "mb.epochs", "mb.axis", "mb.eq_batch"

settings = current_settings()
data = current_data(settings)
m_train, n_x = data.X_train.shape[1], data.X_train.shape[0]

st.title("Mini-batch vs full batch")
st.caption(describe(settings) + " · the batch size setting is not used here: all four sizes run side by side")
st.markdown(
    "Full-batch gradient descent computes the gradient on **all** training examples before each step. "
    "Mini-batch gradient descent shuffles the examples, cuts them into batches of **b**, and takes one step "
    "per batch; **b = 1** is stochastic gradient descent. One **epoch** is one pass over the training set. "
    "The four runs below start from the same parameters, use the same α and train for the same number of epochs."
)

ask(lesson.steps_question(m_train), key="mb.steps")
top = max_epochs(m_train)
epochs = st.slider("Epochs (passes over the training set)", 1, top, min(DEFAULT_EPOCHS, top), key=EPOCHS,
                   help="The same for all four runs. At most as many as keep a click to a few seconds here.")
runs, noise_fig, boundary_fig = batch_runs(
    data_identity(settings), data, settings.n_h, settings.activation, settings.init_scale, settings.init_seed,
    settings.learning_rate, epochs)

st.markdown(lesson.steps_text(runs, m_train))
collapse = lesson.collapse_text(runs, m_train)
if collapse:
    st.info(collapse, icon=":material/info:")

st.subheader("The cost, step by step and epoch by epoch")
chart(noise_fig, key="mb.noise")
st.markdown(lesson.noise_text(runs) or "Full batch has no noise: each step's batch is the whole training set.")

axis = st.segmented_control("x axis", ("epochs", "steps"), default="epochs", required=True, key=AXIS,
                            help="Per epoch every run has seen each example once; per step, "
                                 "b = 1 has taken many more steps.") or "epochs"
chart(mbv.epoch_figure(runs, m_train, "epoch" if axis == "epochs" else "step"), key="mb.epochs_chart")
st.markdown(lesson.outcome_text(runs))

st.subheader("Where each run ended")
chart(boundary_fig, key="mb.boundaries")
st.markdown(lesson.runs_table(runs, m_train))
st.caption(lesson.timing_text(runs))

st.subheader("The four paths on the loss landscape")
paths_map, map_fig = batch_paths_map(
    data_identity(settings), data, settings.n_h, settings.activation, settings.init_scale, settings.init_seed,
    settings.learning_rate, epochs)
st.markdown(lesson.plane_text(paths_map))
chart(map_fig, key="mb.paths_map")
dots = lesson.dots_text(paths_map)
if dots:
    st.caption(dots)
st.markdown(lesson.wander_text(paths_map))
notice(lesson.map_limits_text(paths_map))

st.subheader("One mini-batch step: the same equations with 1/b")
choices = [r.batch_size for r in runs]
b = st.segmented_control("Batch", choices, default=choices[1], required=True, key=EQ_BATCH,
                         format_func=lambda v: batch_label(v, m_train)) or choices[1]
start = runs[0].snapshots[0][1]  # the common start: iteration 0
trace = lesson.first_batch_trace(start, data.X_train, data.Y_train, settings.activation, b, settings.init_seed)
for eq in lesson.batch_equations(trace):
    st.latex(eq)
st.markdown(lesson.equations_note(b, m_train, n_x))
st.caption("Shapes read from the arrays of the first batch of epoch 1, at the common start. "
           "$X^{\\{t\\}}$ is the t-th batch's columns of X; examples are columns, as everywhere in the app.")

next_page_link("app_pages/minibatch.py")
