"""Home: what the app teaches, the network being trained, and the way through the pages."""

import streamlit as st

from shallownet.activations import ACTIVATIONS
from shallownet.figures.network_diagram import network_diagram
from shallownet.notation import EXAMPLE_COUNTING, legend_markdown
from shallownet.plateaus import outputs
from shallownet.questions import path as questions
from shallownet.ui.lesson_mode import current_lesson
from shallownet.ui.live import live_chart
from shallownet.ui.memo import content_digest, shared_figure
from shallownet.ui.pages_registry import PAGES
from shallownet.ui.share import lesson_builder
from shallownet.ui.state import current_data, current_settings, describe, get_trainer, page_link
from shallownet.ui.teaching import ask, next_page_link

settings = current_settings()
trainer = get_trainer(settings)
params = trainer.params

st.title("ShallowNet Explainer")
st.markdown(
    "How does a neural network learn? This app trains a real network with **one hidden layer** "
    "on two-dimensional toy data, by **gradient descent**, and shows every step of the "
    "computation: the data X with examples stacked in columns, the forward pass to a "
    "prediction ŷ, the cost J, the gradients found by backpropagation, and the update "
    "P := P − α·dP. Gradient descent repeats these steps for as many iterations as you choose: "
    "it has no rule of its own for when to stop, so you watch the cost J and the accuracy and decide."
)
with st.expander("Notation: how equations and code spell each symbol", icon=":material/menu_book:"):
    st.markdown(legend_markdown())
    st.markdown(EXAMPLE_COUNTING)

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader("The network you are training")
    label = ACTIVATIONS[settings.activation].label
    digest = content_digest(params)  # the figure is shared by every session whose parameters are these
    live_chart(shared_figure(("home.network", digest, label), lambda: network_diagram(params, label)),
               key="home.network", alt="The network: inputs, hidden units and the output, with the weights",
               rev=f"{digest}{label}")
    W1, W2 = params["W1"], params["W2"]
    st.caption(
        f"{W1.shape[1]} inputs → {W1.shape[0]} hidden units → {W2.shape[0]} output, "
        f"parameters at step {trainer.total_iteration}. Edge colour: the sign of the weight "
        "(blue negative, vermillion positive); width: its size. Hover an edge or a node for "
        "its value. Change n_h or g in the sidebar and the network follows."
    )

with right:
    st.subheader("The learning path")
    for entry in PAGES:
        if entry.url_path == "" or current_lesson().page_hidden(entry.script):
            continue  # this page, or one the lesson link hides
        page_link(entry.script, label=entry.title, icon=entry.icon)
        st.caption(entry.summary)
    st.divider()
    st.caption(f"Current configuration: {describe(settings)}. The address bar holds every "
               "setting, so a link opens exactly this configuration.")

with st.expander("Build a lesson link: hide or lock what the class should not change",
                 icon=":material/tune:", key="home.builder", on_change="rerun") as builder:
    if builder.open:
        lesson_builder(settings)

data = current_data(settings)
history = trainer.history()
first = trainer.snapshots[0].params if trainer.snapshots and trainer.snapshots[0].iteration == 0 else params
q_left, q_right = st.columns(2)
with q_left:
    ask(questions.count_parameters(params), key="home.params")
with q_right:
    ask(questions.first_output(outputs(first, data.X_train, settings.activation), settings.init_scale),
        key="home.first_output")
next_page_link("app_pages/home.py")
