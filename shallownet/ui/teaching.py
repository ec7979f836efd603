"""The teaching elements every page uses: a question to answer before clicking, a callout of
what to notice, a remark on the lecture notes, and the link to the next page of the path.

The questions and callouts themselves are computed elsewhere (``shallownet.questions``, the
lesson modules); this module only places them.
"""

from __future__ import annotations

import streamlit as st

from ..notation import NOTES_TITLE
from ..questions import Question, check
from .lesson_mode import current_lesson
from .pages_registry import next_page
from .state import current_settings, page_link

NOTES_PAGE = "app_pages/lecture_notes.py"
NEXT_ICON = ":material/east:"  # the "Next" link points forward, whatever the next page's icon


def ask(q: Question, key: str) -> None:
    """``q`` in a box: the prompt, a field for a prediction when it can be checked, and the
    answer (computed from the arrays) in an expander below."""
    with st.container(border=True, key=f"q-{key}"):
        st.markdown(f":material/psychology_alt: **Predict before you click.** {q.prompt}")
        if q.kind == "choice":
            typed = st.radio("Your prediction", q.options, index=None, key=f"q.{key}", horizontal=True)
        elif q.kind in ("shape", "number"):
            hint = "(rows, columns)" if q.kind == "shape" else "a number"
            typed = st.text_input("Your prediction", key=f"q.{key}", placeholder=hint)
        else:
            typed = None
        right, said = check(q, typed)
        if right is True:
            st.success(said, icon=":material/check_circle:")
        elif right is False:
            st.error(said + " Think again, or open the answer.", icon=":material/cancel:")
        elif said:
            st.caption(said)
        with st.expander("Answer"):
            st.markdown(q.answer)


def notice(text: str) -> None:
    """A callout of what to notice in the numbers beside it (computed by the caller)."""
    st.info(text, icon=":material/visibility:")


def notes_remark(text: str) -> None:
    """A remark on a slip in the course notes, naming them and linking the list of all slips;
    hidden when the link says ``notes=0``."""
    if current_settings().notes == "0":
        return
    st.info(f"**On the course notes “{NOTES_TITLE}”.** {text}", icon=":material/edit_note:")
    page_link(NOTES_PAGE, label="Every slip of the notes, corrected", icon=":material/list:")


def next_page_link(script: str) -> None:
    """"Next: <page> →" at the end of a page of the learning path."""
    nxt = next_page(script, current_lesson().page_hidden)
    if nxt is not None:
        st.divider()
        # its own icon: a page's icon may point backwards (Backward pass: arrow_back)
        page_link(nxt.script, label=f"Next: {nxt.title} →", icon=NEXT_ICON)

