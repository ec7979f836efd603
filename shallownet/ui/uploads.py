"""The Experiments page's two upload tabs: your data (CSV) and a saved model (.npz).

Uploads are handled in the uploaders' callbacks, before the page runs: a good file replaces the
data (or the model) for every page, a bad one leaves everything as it was and says why. Which
state a model file leads to is decided in :func:`shallownet.experiments_lesson.check_model_file`;
here the states are kept in the session and drawn.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from .. import sweeps
from ..experiments_lesson import (
    LOADED_CAPTION,
    can_switch_n_h,
    check_model_file,
    csv_error_text,
    loaded_iteration_note,
    loaded_text,
    model_error_text,
    pending_text,
)
from ..figures import experiments_view as ev
from ..model_io import saved_iteration
from ..upload import LIMITS_TEXT, UploadError, clean_filename, read_csv
from .keys import CSV_ERROR, CSV_GEN, CSV_NOTE, LOADED_MODEL, UPLOAD
from .lesson_mode import locked, locked_help
from .live import live_chart
from .page import guarded
from .settings import FIELD_BY_NAME
from .shared_work import BASELINE_RESOLUTION, upload_template
from .state import current_data, current_upload, get_trainer, loaded_model, page_link, set_setting, trainer_key
from .upload_state import remove_upload

NPZ_GEN, NPZ_ERROR, NPZ_PENDING, NPZ_LOADED = "exp.npz.gen", "exp.npz.error", "exp.npz.pending", "exp.npz.loaded"


def data_label(settings) -> str:
    upload = current_upload()
    # a figure title (not Markdown): the plain file name, which clean_filename made safe for HTML
    return (f"your data ({upload[0].name.removeprefix('upload:')}, {upload[0].X.shape[1]} rows)" if upload
            else f"{settings.dataset} ({settings.n_samples} points)")


# -- your data ----------------------------------------------------------------------
def accept_csv(blob: bytes, filename: str, settings) -> None:
    """Use the file as the data on every page, or keep the data as it is and say what's wrong."""
    try:
        dataset, description = read_csv(blob, filename, test_fraction=settings.test_fraction,
                                        seed=settings.data_seed)
    except UploadError as err:
        st.session_state[CSV_ERROR] = (filename, str(err))
        st.session_state[CSV_GEN] = st.session_state.get(CSV_GEN, 0) + 1  # the box lets go of the rejected file
        return
    st.session_state.pop(CSV_ERROR, None)
    st.session_state[UPLOAD] = (dataset, description)
    st.session_state[CSV_NOTE] = description


def on_csv(widget_key: str, settings) -> None:
    file = st.session_state.get(widget_key)
    if file is not None:  # None: the file was removed from the box; the data stays until cleared
        accept_csv(file.getvalue(), clean_filename(file.name), settings)  # the name is shown as Markdown


clear_upload = remove_upload  # the sidebar's Remove button does the same


def upload_status(settings) -> None:
    upload = current_upload()
    if upload:
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.success(f"Using your data — {upload[1]} — on every page, split "
                     f"{1 - settings.test_fraction:.0%} train / {settings.test_fraction:.0%} test.",
                     icon=":material/upload_file:")
        right.button("Clear uploaded data", key="exp.csv.clear", on_click=guarded(clear_upload), width="stretch")
    else:
        st.caption(f"Data in use: the toy data set {settings.dataset} ({settings.n_samples} points), "
                   "from the sidebar.")


def data_tab(settings, data) -> None:
    st.markdown(f"Upload a CSV file of points: two feature columns **x1, x2** and a **label** column "
                f"holding 0 or 1, one point per line, an optional header line. It replaces the toy "
                f"data on every page until you clear it. Limits: {LIMITS_TEXT}.")
    st.download_button("Download a template CSV", upload_template(), file_name="shallownet-template.csv",
                       mime="text/csv", key="exp.csv.template", icon=":material/download:")
    widget_key = f"exp.csv.file{st.session_state.get(CSV_GEN, 0)}"
    st.file_uploader("CSV file (x1, x2, label)", type=["csv", "txt"], key=widget_key,
                     on_change=guarded(on_csv), args=(widget_key, settings))
    error = st.session_state.get(CSV_ERROR)
    if error:
        kept = (f"your earlier upload ({st.session_state[UPLOAD][1]})" if st.session_state.get(UPLOAD)
                else f"the toy data ({settings.dataset})")
        st.error(csv_error_text(error[0], error[1], kept), icon=":material/error:")
    upload_status(settings)
    with st.columns([3, 2])[0]:
        live_chart(ev.data_figure(data, title="The data in use"), key="exp.csv.preview", alt="The data in use")


# -- load a model -------------------------------------------------------------------
def try_load(blob: bytes, filename: str, settings) -> None:
    """Check the .npz against the network of ``settings``; load it, or ask before switching."""
    for key in (NPZ_ERROR, NPZ_PENDING, NPZ_LOADED):
        st.session_state.pop(key, None)
    found = check_model_file(blob, filename, current_data(settings).n_x, settings.n_h, settings.activation)
    if found.kind == "error":
        st.session_state[NPZ_ERROR] = dict(name=filename, message=found.message, file_n_h=found.file_n_h,
                                           blob=blob)
    elif found.kind == "pending":
        st.session_state[NPZ_PENDING] = dict(name=filename, params=found.params, activation=found.activation,
                                             saved=saved_iteration(blob))
    else:
        load(found.params, filename, found.activation, settings, saved_iteration(blob))


def load(params: dict, filename: str, file_activation: str | None, settings, saved: int | None = None) -> None:
    """Start this session's trainer (for ``settings``) from ``params``; ``saved``: the file's iteration."""
    trainer = get_trainer(settings)
    trainer.reset(params=params, start_iteration=saved or 0)  # the file's count continues (unknown: from 0)
    st.session_state[LOADED_MODEL] = (trainer, filename, saved)
    h = trainer.history()
    st.session_state[NPZ_LOADED] = dict(
        name=filename, n_h=settings.n_h, activation=settings.activation, file_activation=file_activation,
        train_acc=float(h["train_acc"][0]), test_acc=float(h["test_acc"][0]), params=trainer.params,
        data=data_label(settings), key=trainer_key(settings), saved_iteration=saved,
    )


# Callbacks get the settings of the run that drew the widget (they run before the next run,
# and one interaction changes one thing); a switch passes the changed copy on.
def on_npz(widget_key: str, settings) -> None:
    file = st.session_state.get(widget_key)
    if file is not None:
        try_load(file.getvalue(), clean_filename(file.name), settings)


def switch_n_h_and_retry(settings) -> None:
    error = st.session_state.get(NPZ_ERROR)
    if error and error["file_n_h"]:
        set_setting("n_h", error["file_n_h"])
        try_load(error["blob"], error["name"], replace(settings, n_h=error["file_n_h"]))


def switch_activation_and_load(settings) -> None:
    pending = st.session_state.pop(NPZ_PENDING, None)
    if pending:
        set_setting("activation", pending["activation"])
        load(pending["params"], pending["name"], pending["activation"],
             replace(settings, activation=pending["activation"]), pending.get("saved"))


def load_pending_anyway(settings) -> None:
    pending = st.session_state.pop(NPZ_PENDING, None)
    if pending:
        load(pending["params"], pending["name"], pending["activation"], settings, pending.get("saved"))


def cancel_pending() -> None:
    st.session_state.pop(NPZ_PENDING, None)


def model_tab(settings, data) -> None:
    st.markdown("Load a parameters file (**.npz**) saved on the Training page and continue training "
                "from it. The file is read as plain arrays (never as pickled Python objects) and "
                f"checked: W1, b1, W2, b2 must be present, finite, and shaped for n_x = {data.n_x} inputs "
                f"and the current n_h = {settings.n_h} hidden units.")
    widget_key = f"exp.npz.file{st.session_state.get(NPZ_GEN, 0)}"
    st.file_uploader("Parameters file (.npz)", type=["npz"], key=widget_key, on_change=guarded(on_npz),
                     args=(widget_key, settings))
    error = st.session_state.get(NPZ_ERROR)
    if error:
        st.error(model_error_text(error["name"], error["message"]), icon=":material/error:")
        if can_switch_n_h(error["file_n_h"], FIELD_BY_NAME["n_h"].hi):
            st.button(f"Switch to n_h = {error['file_n_h']} and load", key="exp.npz.switch_n_h",
                      on_click=guarded(switch_n_h_and_retry), args=(settings,), disabled=locked("n_h"),
                      help=locked_help(["n_h"]) or None)
    pending = st.session_state.get(NPZ_PENDING)
    if pending:
        st.warning(pending_text(pending["name"], pending["activation"], settings.activation),
                   icon=":material/warning:")
        b1, b2, b3 = st.columns(3)
        b1.button(f"Switch to {pending['activation']} and load", key="exp.npz.switch_g", type="primary",
                  on_click=guarded(switch_activation_and_load), args=(settings,), width="stretch",
                  disabled=locked("activation"), help=locked_help(["activation"]) or None)
        b2.button(f"Load with {settings.activation} anyway", key="exp.npz.anyway",
                  on_click=guarded(load_pending_anyway), args=(settings,), width="stretch")
        b3.button("Cancel", key="exp.npz.cancel", on_click=guarded(cancel_pending), width="stretch")
    loaded = st.session_state.get(NPZ_LOADED)
    if loaded and loaded["key"] == trainer_key(settings):  # else the data or network changed since
        show_loaded(loaded, data)


def show_loaded(loaded: dict, data) -> None:
    st.success(loaded_text(loaded), icon=":material/check_circle:")
    st.caption(LOADED_CAPTION)
    page_link("app_pages/training.py", label="Continue on the Training page", icon=":material/play_circle:")
    boundary = sweeps.network_boundary(loaded["params"], data.X, loaded["activation"], BASELINE_RESOLUTION)
    with st.columns([3, 2])[0]:
        live_chart(ev.data_figure(data, title=f"The loaded model on {loaded['data']}", boundary=boundary,
                                  caption=f"train {ev.percent(loaded['train_acc'])} · "
                                          f"test {ev.percent(loaded['test_acc'])}"),
                   key="exp.npz.chart", alt="The loaded model's boundary on its data")


def loaded_model_note(trainer) -> None:
    """On the Training page: how long a loaded model trained before its file, and since."""
    kept = loaded_model(trainer)
    if kept:
        st.caption(loaded_iteration_note(kept[1], kept[2]))


def count_known(trainer) -> bool:
    """Is the trainer's total iteration known? Not for a model loaded from a file that did not say
    its count (its run counts from 0)."""
    kept = loaded_model(trainer)
    return not kept or kept[2] is not None
