"""Data: the dataset in the plane, its train/test split, and X, Y with examples in columns."""

import secrets

import streamlit as st

from shallownet.figures.data_view import (
    DATASET_DESCRIPTIONS,
    columns_table,
    data_scatter,
    markdown_table,
    split_counts,
)
from shallownet.formatting import shape_text
from shallownet.questions import path as questions
from shallownet.ui.lesson_mode import current_lesson, locked, locked_help, shown_tabs
from shallownet.ui.live import live_chart
from shallownet.ui.memo import shared_figure
from shallownet.ui.page import guarded
from shallownet.ui.settings import FIELD_BY_NAME
from shallownet.ui.shared_work import logistic_baseline
from shallownet.ui.state import (
    current_data,
    current_settings,
    current_upload,
    data_identity,
    page_link,
    set_setting,
)
from shallownet.ui.teaching import ask, next_page_link
from shallownet.ui.upload_state import remove_upload

TABLE_COLUMNS = 8  # how many examples the table shows

settings = current_settings()
data = current_data(settings)
upload = current_upload()
train, test = split_counts(data.Y_train), split_counts(data.Y_test)

st.title("Data")

left, right = st.columns([3, 2], gap="large")
with left:
    live_chart(shared_figure(("data.scatter", data_identity(settings)), lambda: data_scatter(data)),
               key="data.scatter", alt="The data: train and test points in the plane, coloured by class",
               rev=repr(data_identity(settings)))
    st.caption("Circles: training examples (the network learns from them). Diamonds: "
               "test examples (held out, used only to measure generalisation). Colour: the class y.")

with right:
    if upload:
        st.subheader("Uploaded data")
        st.markdown(f"{upload[1]}. Every page uses it instead of the sidebar's Dataset.")
        st.button("Remove the upload", key="data.remove_upload", on_click=guarded(remove_upload),
                  icon=":material/close:",
                  help="Back to the toy dataset of the sidebar.")
    else:
        st.subheader(settings.dataset.capitalize())
        st.markdown(DATASET_DESCRIPTIONS.get(settings.dataset, ""))
    st.markdown(
        f"**{train.m + test.m} examples**, split into **{train.m} for training** "
        f"({train.class0} of class 0, {train.class1} of class 1: {train.share1:.0%} class 1) and "
        f"**{test.m} for testing** ({test.class0} of class 0, {test.class1} of class 1: "
        f"{test.share1:.0%} class 1)."
    )
    if not upload:
        seed_field = FIELD_BY_NAME["data_seed"]
        new_seed = settings.data_seed
        while new_seed == settings.data_seed:  # a different seed, so the click always shows new points
            new_seed = int(seed_field.lo) + secrets.randbelow(int(seed_field.hi - seed_field.lo) + 1)
        st.button(
            "Draw new data", key="data.new_seed", icon=":material/casino:",
            on_click=guarded(set_setting), args=("data_seed", new_seed), disabled=locked("data_seed"),
            help=locked_help(["data_seed"]) or f"Same dataset, new points: picks another data seed (now "
                 f"{settings.data_seed}). New data means a new model, so training starts over.",
        )
        st.caption(f"Noise {settings.noise:g} · data seed {settings.data_seed} · test fraction "
                   f"{settings.test_fraction:g}. Change them in the sidebar.")

st.subheader("X and Y: examples stacked in columns")
st.markdown(
    "Each **column** is one example: example x⁽ⁱ⁾ (counted from 1, as the math does) is column i − 1 "
    "of X (counted from 0, as NumPy does), X[:, i−1], holding its features x₁, x₂; its label y⁽ⁱ⁾ is "
    "Y[:, i−1]. So X has one row per feature (n_x rows) and one column per example (m columns), and one "
    "matrix product W1 X handles all m examples at once."
)
n_x, m_train = data.X_train.shape
# asked before the shapes are shown below
q_left, q_right = st.columns(2)
with q_left:
    ask(questions.x_shape(data.X_train), key="data.x_shape")
with q_right:
    other = 0.5 if settings.test_fraction != 0.5 else 0.25
    ask(questions.y_columns_at(data.Y, other, settings.test_fraction, m_train), key="data.y_columns")
st.caption("The table below labels every column both ways: x⁽¹⁾ is NumPy column 0.")
shapes = st.container(horizontal=True, horizontal_alignment="distribute")
for name, array in (("X_train", data.X_train), ("Y_train", data.Y_train), ("X_test", data.X_test),
                    ("Y_test", data.Y_test)):
    shapes.metric(f"{name} shape", shape_text(array.shape))
st.markdown(f"The first {min(TABLE_COLUMNS, m_train)} columns of X_train (n_x = {n_x} rows) and "
            f"Y_train (1 row), out of m = {m_train}:")
st.markdown(markdown_table(columns_table(data.X_train, data.Y_train, k=TABLE_COLUMNS)))

st.subheader("How well does a straight line do?")
st.markdown("Before any hidden layer: logistic regression, ŷ = σ(w·x + b), draws one straight line across "
            "the plane. Whatever the network does beyond this line, its hidden layer does.")
base = logistic_baseline(data_identity(settings), data)
ask(questions.straight_line_share(base.train_acc, base.test_acc,
                                  "uploaded" if upload else settings.dataset), key="data.line")
c = st.container(horizontal=True, vertical_alignment="center")
if not upload and settings.dataset != "flower":
    c.button("Try the flower data (the notebook's first lesson)", key="data.flower", icon=":material/local_florist:",
             on_click=guarded(set_setting), args=("dataset", "flower"), disabled=locked("dataset"),
             help=locked_help(["dataset"]) or "The course notebook starts here: a straight line gets about half "
                                              "of the flower right.")
if not current_lesson().page_hidden("app_pages/experiments.py") and shown_tabs(["Baseline"]):
    with c:
        page_link("app_pages/experiments.py", label="The line beside the network: Experiments, Baseline tab",
                  icon=":material/compare:")
next_page_link("app_pages/data.py")
