"""Streamlit glue: the sidebar generated from the settings model, the URL mirror,
the session's dataset and trainer.

Session-state keys are named in :mod:`.keys`: ``cfg.<setting>`` for the sidebar widgets,
:data:`UPLOAD` for an uploaded dataset, :data:`TRAINER` for the trainer. Page widgets use their
page's prefix.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from ..activations import ACTIVATIONS
from ..datasets import Dataset, make_dataset
from ..playback import advance
from ..training import Trainer
from .keys import (
    KEPT,
    LESSON,
    LOADED_MODEL,
    LOCKED,
    MORE_OPEN,
    NAV_PAGES,
    PLAYER,
    PROBLEMS,
    READY,
    RESTORE,
    TRAINER,
    TRAINER_KEY,
    setting_key,
)
from .lesson_link import ITERATION, parse
from .lesson_mode import current_lesson, locked
from .memo import content_digest
from .page import guarded
from .pages_registry import DEFAULT_SCRIPT, PAGES
from .settings import DEFAULTS, FIELDS, Field, Settings, format_value, from_query, to_query, validated
from .upload_state import current_upload, upload_in_use


def widget_key(field: Field) -> str:
    return setting_key(field.name)


def init_session() -> None:
    """On a session's first run, load the settings from the URL (bad values are reported)."""
    if READY in st.session_state:
        return
    query = {key: st.query_params.get_all(key) for key in st.query_params}
    settings, problems = from_query(query)
    lesson, lesson_problems = parse(query)
    _store(settings)
    st.session_state[LESSON] = lesson
    st.session_state[LOCKED] = {f.name: getattr(settings, f.name) for f in FIELDS if lesson.setting_locked(f.query_key)}
    st.session_state[KEPT] = {f.name: getattr(settings, f.name) for f in FIELDS if lesson.setting_hidden(f.query_key)}
    if lesson.iteration:
        st.session_state[RESTORE] = lesson.iteration
    st.session_state[PROBLEMS] = problems + lesson_problems
    st.session_state[READY] = True


def _store(settings: Settings) -> None:
    for f in FIELDS:
        st.session_state[widget_key(f)] = getattr(settings, f.name)


def reset_settings() -> None:
    """Callback: every knob back to its default; a locked or hidden one keeps the link's value
    (a class cannot see a hidden setting change, so a reset must not change it)."""
    _store(DEFAULTS)
    for name, value in (st.session_state.get(KEPT, {}) | st.session_state.get(LOCKED, {})).items():
        st.session_state[setting_key(name)] = value


def page_objects() -> dict:
    """The app's ``st.Page`` for every available script, in learning-path order.

    Built once per session and kept in it: ``st.Page`` resolves its script's path on disk
    (a system call per path component), which on every rerun of every student was the
    largest single cost of the shell.
    """
    pages = st.session_state.get(NAV_PAGES)
    if pages is None:
        lesson = current_lesson()  # a page the lesson hides stays reachable by URL, out of the navigation
        pages = {p.script: st.Page(p.script, title=p.title, icon=p.icon, default=p.script == DEFAULT_SCRIPT,
                                   visibility="hidden" if lesson.page_hidden(p.script) else "visible")
                 for p in PAGES}
        st.session_state[NAV_PAGES] = pages
    return pages


def page_link(script: str, **kwargs) -> None:
    """``st.page_link`` to one of the app's pages (by its script), without resolving its path again;
    nothing for a page the lesson link hides."""
    if not current_lesson().page_hidden(script):
        st.page_link(page_objects()[script], **kwargs)


def set_setting(name: str, value) -> bool:
    """Callback helper for pages (e.g. a "new data seed" button): runs before the widgets.
    A setting the lesson link locks is left as it is (returns False)."""
    if locked(name):
        return False
    st.session_state[setting_key(name)] = value
    return True


def current_settings() -> Settings:
    """The settings as the sidebar holds them (validated again, so state can never be bad)."""
    values = {f.name: st.session_state.get(widget_key(f), f.default) for f in FIELDS}
    values.update(st.session_state.get(LOCKED, {}))  # whatever wrote the widget's state, a lock holds
    return validated(values)[0]


def link_query(settings: Settings) -> dict[str, str]:
    """The query of this session's link: every setting, the lesson's hide and lock, and the iteration."""
    return to_query(settings) | replace(current_lesson(), iteration=run_iteration(settings)).query()


def run_iteration(settings: Settings) -> int:
    """The iteration the link carries: the trainer's, except while Play runs ahead of the screen
    (then the one the link had), and the link's own until a trainer has trained to it. None (0)
    while the trainer runs a model loaded from a file: ``it=`` retrains from the settings' own
    initial weights, which would be another network."""
    if RESTORE in st.session_state:
        return st.session_state[RESTORE]
    trainer = st.session_state.get(TRAINER)
    if trainer is None or st.session_state.get(TRAINER_KEY) != trainer_key(settings) or loaded_model(trainer):
        return 0
    player = st.session_state.get(PLAYER)
    if player is not None and player[1].playing:
        kept = st.query_params.get(ITERATION, "0")
        return int(kept) if kept.isdigit() else 0
    return trainer.iteration


def loaded_model(trainer) -> tuple | None:
    """(trainer, file name, saved iteration or None) while ``trainer`` runs a model loaded from a
    file (see :mod:`.uploads`), else None."""
    kept = st.session_state.get(LOADED_MODEL)
    return kept if kept and kept[0] is trainer else None


def sync_query(settings: Settings) -> None:
    """Mirror ``settings`` (and the lesson and the run's iteration) into the address bar, so
    copying it shares this configuration and a reload keeps the run."""
    wanted = link_query(settings)
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


# always in view: what a class changes most; the rest waits in an expander that runs only when open
MAIN_SETTINGS = ("dataset", "n_h", "activation", "learning_rate")


def render_sidebar() -> Settings:
    """The settings widgets, generated from FIELDS; returns the settings.

    Widgets are the costliest elements of a rerun, and the sidebar is sent on every rerun of
    every page: the four settings a class changes most are always shown, the other six behind
    an expander that builds them only while it is open. Their values stay in the session
    (``persist_state``) whether or not they are on screen. A lesson link's hidden settings are
    not drawn and its locked ones are drawn disabled; an upload takes the Dataset's place.
    """
    _show_problems()
    lesson = current_lesson()
    shown = [f for f in FIELDS if not lesson.setting_hidden(f.query_key)]
    sidebar = st.sidebar
    sidebar.subheader("Settings")
    for f in shown:
        if f.name in MAIN_SETTINGS:
            if f.name == "dataset" and current_upload():
                upload_in_use(sidebar)
            else:
                _widget(sidebar, f)
    settings = current_settings()
    others = [f for f in shown if f.name not in MAIN_SETTINGS]
    if others:
        more = sidebar.expander("More settings", key=MORE_OPEN, on_change="rerun")
        if more.open:
            for f in others:
                _widget(more, f)
        else:
            sidebar.caption(_more_summary(settings, others))
    kept = bool(st.session_state.get(LOCKED) or st.session_state.get(KEPT))
    sidebar.button("Reset settings to defaults", key="cfg.reset", on_click=guarded(reset_settings), width="stretch",
                   help="Settings the lesson locks or hides keep the link's values." if kept else None)
    settings = current_settings()
    sync_query(settings)
    return settings


def _more_summary(settings: Settings, others) -> str:
    """The settings behind the closed expander (``others``), in one line."""
    def value(f):
        v = getattr(settings, f.name)
        return f.label_of(v) if f.kind == "choice" else format_value(f, v)
    return " · ".join(f"{f.label.split(' (')[0]} {value(f)}" for f in others)


def _show_problems() -> None:
    """The link's bad values, one warning each, until the user dismisses them."""
    problems = st.session_state.get(PROBLEMS, [])
    for problem in problems:
        st.warning(problem, icon="⚠️")
    if problems:
        st.button("Dismiss", key="cfg.dismiss", on_click=guarded(dismiss_problems), type="tertiary",
                  icon=":material/close:")


def dismiss_problems() -> None:
    """Callback: hide the link warnings (the fallback values stay)."""
    st.session_state[PROBLEMS] = []


def _widget(container, f: Field):
    key = widget_key(f)
    lock = locked(f.name)
    common = dict(key=key, persist_state="session",  # the value outlives a closed expander
                  help=f"Locked in this lesson. {f.help}" if lock else f.help, disabled=lock)
    if f.kind == "choice":
        return container.selectbox(f.label, f.options, format_func=f.label_of, **common)
    if f.log:  # free numeric entry: a slider cannot reach both 0.001 and 10 comfortably
        return container.number_input(f.label, min_value=float(f.lo), max_value=float(f.hi),
                                      step=f.step, format="%.4g", **common)
    if f.kind == "int":
        return container.slider(f.label, int(f.lo), int(f.hi), step=int(f.step), **common)
    return container.slider(f.label, float(f.lo), float(f.hi), step=f.step, **common)


# -- data and model ---------------------------------------------------------
@st.cache_data(max_entries=64, show_spinner=False)
def _toy_dataset(data_key: tuple) -> Dataset:
    """The generated dataset for (name, samples, noise, test fraction, seed); shared read-only
    work across sessions (cache_data hands every caller its own copy)."""
    name, n, noise, test_fraction, seed = data_key
    return make_dataset(name, n, noise, seed, test_fraction)


def current_data(settings: Settings) -> Dataset:
    """The uploaded dataset if there is one, else the toy dataset of the settings."""
    upload = current_upload()
    return upload[0] if upload else _toy_dataset(settings.data_key)


def data_identity(settings: Settings) -> tuple:
    """What the current data depends on (an upload is identified by its content)."""
    upload = current_upload()
    if upload:
        return ("upload", content_digest([upload[0].X, upload[0].Y]))
    return settings.data_key


def trainer_key(settings: Settings) -> tuple:
    return (data_identity(settings), *settings.model_key[len(settings.data_key):])


def get_trainer(settings: Settings) -> Trainer:
    """This session's trainer; a new one when the data or the architecture changed.

    The learning rate and the batch size are not part of the key: changing them continues from
    the current parameters (the batch order is seeded by the init seed).
    """
    key = trainer_key(settings)
    if st.session_state.get(TRAINER_KEY) != key:
        st.session_state[TRAINER] = Trainer(
            current_data(settings), settings.n_h, settings.activation,
            init_scale=settings.init_scale, init_seed=settings.init_seed,
            batch_size=settings.batch_size, batch_seed=settings.init_seed,
        )
        st.session_state[TRAINER_KEY] = key
        _restore_run(st.session_state[TRAINER], settings)
    st.session_state[TRAINER].set_batch_size(settings.batch_size)
    return st.session_state[TRAINER]


def _restore_run(trainer: Trainer, settings: Settings) -> None:
    """The session's first trainer trains to the link's iteration (``it=``), capped like Train to:
    the same network as training there by hand, since a run is deterministic given the settings."""
    target = st.session_state.pop(RESTORE, 0)
    if target:
        advance(trainer, target, settings.learning_rate)


def describe(settings: Settings) -> str:
    """One line naming the configuration, for captions."""
    upload = current_upload()
    data = f"uploaded data ({upload[1]})" if upload else f"{settings.dataset} ({settings.n_samples} points)"
    f = {x.name: x for x in FIELDS}
    return (f"{data} · n_h = {settings.n_h} · g = {ACTIVATIONS[settings.activation].label} · "
            f"α = {format_value(f['learning_rate'], settings.learning_rate)}"
            + ("" if settings.batch_size == 0 else f" · batch b = {settings.batch_size}"))
