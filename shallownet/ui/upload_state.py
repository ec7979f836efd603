"""The session's uploaded dataset: whether one is in use, the sidebar's box that says so in the
Dataset's place, and the Remove callback (the Experiments page's uploader puts it there)."""

from __future__ import annotations

import streamlit as st

from ..datasets import Dataset
from .keys import CSV_ERROR, CSV_GEN, CSV_NOTE, UPLOAD
from .page import guarded


def current_upload() -> tuple[Dataset, str] | None:
    """The uploaded dataset and its description, or None while the toy data is in use."""
    return st.session_state.get(UPLOAD)


def remove_upload() -> None:
    """Callback: back to the toy data; the uploader starts empty."""
    for key in (UPLOAD, CSV_ERROR, CSV_NOTE):
        st.session_state.pop(key, None)
    st.session_state[CSV_GEN] = st.session_state.get(CSV_GEN, 0) + 1


def upload_in_use(container) -> None:
    """In the Dataset's place while an upload is in use: what the pages show, and a way back."""
    box = container.container(border=True)
    box.markdown(f"**Data: your upload** ({current_upload()[1]}). Every page uses it instead of the "
                 "Dataset setting, and a shared link does not carry it.")
    box.button("Remove the upload", key="cfg.remove_upload", on_click=guarded(remove_upload), icon=":material/close:",
               width="stretch", help="Back to the toy dataset of the settings.")
