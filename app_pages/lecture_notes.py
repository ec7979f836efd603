"""The lecture notes: every slip of the course notes, where it is, what they write, the correct
math and the page of the app that shows it."""

import streamlit as st

from shallownet.notation import NOTES_TITLE
from shallownet.questions.reference import dz1_shape
from shallownet.slips import SLIPS, X_IS_A0, X_IS_A0_TEXT
from shallownet.ui.pages_registry import PAGES
from shallownet.ui.state import current_data, current_settings, get_trainer, page_link
from shallownet.ui.teaching import ask

st.title("The lecture notes")
st.markdown(
    f"This app follows the course notes **“{NOTES_TITLE}”** equation by equation, and shows the "
    f"correct math everywhere. The notes have {len(SLIPS)} slips; each is listed below with where it "
    "is, what the notes write, the correct version, and the page of the app where the right math is "
    "at work. (A teacher using other material can hide the remarks on these notes with the link "
    "parameter `notes=0`.)"
)

settings = current_settings()
data = current_data(settings)
ask(dz1_shape(get_trainer(settings).params, data.X_train, data.Y_train, settings.activation), "notes.dz1")

titles = {p.script: p.title for p in PAGES}
for number, slip in enumerate(SLIPS, start=1):
    with st.container(border=True, key=f"slip-{slip.id}"):
        st.markdown(f"**{number}. {slip.where}**")
        # one above the other: side by side, the longer equations would not fit
        st.caption("The notes write")
        if slip.notes_is_math:
            st.latex(slip.notes)
        else:
            st.markdown(f"> “{slip.notes}”")
        st.caption("Correct")
        st.latex(slip.correct)
        st.markdown(slip.why)
        if slip.page in titles:
            page_link(slip.page, label=f"See it on: {titles[slip.page]}", icon=":material/arrow_forward:")

st.subheader("A remark worth keeping: $x^T = a^{[0]T}$")
st.markdown(X_IS_A0_TEXT)
st.latex(X_IS_A0)
