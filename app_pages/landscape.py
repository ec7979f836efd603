"""Loss landscape: J over a 2-D slice of parameter space, with the descent path on it, and three
step sizes side by side. The computations and sentences are in ``shallownet.landscape_lesson``."""

import streamlit as st

from shallownet import landscape_lesson as lesson
from shallownet.ui import landscape_panel as panel
from shallownet.ui.live import live_board
from shallownet.ui.shared_work import landscape_presets, logistic_baseline
from shallownet.ui.state import current_data, current_settings, data_identity, describe, get_trainer
from shallownet.ui.teaching import next_page_link, notice

settings = current_settings()
data = current_data(settings)
trainer = get_trainer(settings)
data_id = data_identity(settings)
line = logistic_baseline(data_id, data)
baseline = (line.train_cost, line.train_acc) if line is not None else None

st.title("Loss landscape")
st.caption(describe(settings))
st.markdown(
    r"Gradient descent walks downhill on the cost $J$, one step $P := P - \alpha\, dP$ at a time. "
    "J depends on every parameter at once, so we can only look at it on a **slice**: a flat plane "
    "through the parameters, on which J is computed at 41 × 41 points. The map (left) and the surface "
    "(right, drag to rotate) show the same values; the line is the descent path of this session's run."
)
spec = panel.slice_controls(data.n_x, settings.n_h)
figure, texts, trained = landscape_presets(data_id, data, settings.n_h, settings.activation, settings.init_scale,
                                           settings.init_seed, spec)
panel.train_buttons(trainer, settings.learning_rate)


def draw() -> None:
    stretch = lesson.linear_stretch(trainer.history(), baseline)
    view = panel.landscape(trainer, data, settings.activation, spec, data_id, stretch)
    st.markdown(lesson.zero_text(data.X_train, data.Y_train, settings.activation, settings.n_h,
                                 trained, view))
    if baseline is not None:
        st.markdown(lesson.plateau_text(stretch, baseline))
    notice(lesson.slice_limits_text(view, spec.kind))


panel.play(trainer, settings.learning_rate, draw)

st.subheader("Three step sizes from the same start")
st.caption(f"Each run starts from this session's initial parameters and takes up to {lesson.PRESET_STEPS} "
           "steps. The three maps show the same plane, the chosen slice through that common start, each zoomed to its "
           "own path. Press Play to watch the paths grow step by step. J here is computed in float64: once outputs "
           "saturate it can exceed the float32 cost the trainer checks, which caps each example's loss near 16.")
live_board(figure, key="land.presets")
for text in texts:
    st.markdown(text)
next_page_link("app_pages/landscape.py")
