"""Training: gradient descent, live. Step or play, watch the boundary and the curves,
catch divergence, replay the run as an animation and export it for slides.

The panels and the controls' callbacks are in ``shallownet.ui.training_panel`` and
``shallownet.ui.training_controls``; what they say is chosen in ``shallownet.training_lesson``."""

from __future__ import annotations

import streamlit as st

from shallownet import plateaus
from shallownet import training_lesson as lesson
from shallownet.minibatch_lesson import scheme_caption
from shallownet.questions import path as questions
from shallownet.ui import training_controls as controls
from shallownet.ui import training_panel as panel
from shallownet.ui.page import guarded
from shallownet.ui.state import current_data, current_settings, describe
from shallownet.ui.teaching import ask, next_page_link
from shallownet.ui.uploads import loaded_model_note

settings = current_settings()
# one row for the title, what runs and the view switch: the board below fits a projector's screen
head = st.container(horizontal=True, vertical_alignment="center", gap="medium")
head.title("Training", width="content")
mode = head.segmented_control("View", (controls.LIVE, controls.REPLAY_MODE), default=controls.LIVE, required=True,
                              key=controls.MODE, label_visibility="collapsed", persist_state="session",
                              on_change=guarded(controls.pause_here)) or controls.LIVE
# a fixed width: it wraps beside the title on a narrow screen (150 % zoom) instead of taking a row of its own
head.caption(describe(settings) + " · " + scheme_caption(settings.batch_size, current_data(settings).X_train.shape[1]),
             width=400)
view = panel.this_run()  # after the title, which then shows while the first run computes
trainer = view.trainer
st.session_state[controls.PAGE_SETTINGS] = settings
loaded_model_note(trainer)
if mode == controls.LIVE:
    st.fragment(panel.live_panel)(view)
else:
    panel.replay_panel(view)
q_left, q_right = st.columns(2)
with q_left:
    spread = lesson.start_spread(trainer, view.data.X_train, settings.activation)
    ask(questions.initial_cost(float(trainer.history()["train_cost"][0]), spread, trainer.start_iteration),
        key="train.initial_cost")
with q_right:
    ask(questions.diverging_rate(controls.diverging(settings), plateaus.DIVERGE_RATES, plateaus.DIVERGE_STEPS,
                                 view.lr), key="train.diverge")
panel.exports(view)
next_page_link("app_pages/training.py")
