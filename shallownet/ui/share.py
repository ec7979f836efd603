"""Sharing: the sidebar's Share box (the full link, a copy button and a QR code), the Home page's
"Build a lesson link" form and the notice a page hidden by the lesson shows instead of itself.

What a link holds and how it is checked is in :mod:`.lesson_link`; here it is drawn.
"""

from __future__ import annotations

import streamlit as st

from .keys import SHARE_OPEN, TRAINER, TRAINER_KEY
from .lesson_link import (
    DISPLAY_FLAGS,
    HIDEABLE_PAGES,
    TAB_LABELS,
    TAB_NAMES,
    Lesson,
    link,
    loaded_note,
    qr_png,
    reproduction_note,
    tab_name,
    upload_note,
)
from .lesson_mode import current_lesson
from .pages_registry import DEFAULT_SCRIPT, PAGES
from .settings import FIELD_BY_KEY, FIELDS, Settings
from .state import current_upload, link_query, loaded_model, page_link, run_iteration, trainer_key

FALLBACK_ADDRESS = "http://localhost:8501/"  # no browser (a test): the address `streamlit run` prints
BUILT = "share.built"  # the query the lesson-link form made last
SHOWN = "share.shown"  # the query the open Share box shows


def share_is_stale(settings: Settings) -> bool:
    """Does the open Share box show another link than this session's now? (A fragment's rerun,
    such as a Step on the Training page, leaves the sidebar as it was.)"""
    return bool(st.session_state.get(SHARE_OPEN)) and st.session_state.get(SHOWN) != link_query(settings)


def app_address(page_path: str = "") -> str:
    """The app's address as the browser reached it, for ``page_path`` ("" is Home): the public host on
    Community Cloud, localhost on a laptop (without a browser, as in a test: localhost:8501)."""
    url = st.context.url
    if not url:
        host = st.context.headers.get("Host")
        url = f"http://{host}/" if host else FALLBACK_ADDRESS
    root = url.rstrip("/")
    for entry in PAGES:  # the address of the page this run draws → the app's own
        if entry.url_path and root.endswith("/" + entry.url_path):
            root = root[: -len(entry.url_path) - 1]
            break
    return f"{root}/{page_path}"


def page_address() -> str:
    """The address of the page this run draws (its query left out)."""
    return st.context.url or app_address()


def show_link(url: str, notes: list[str], key: str, qr_width: int | str = "stretch") -> None:
    """The link (the box has a copy button), the notes on what it does not carry, and its QR code."""
    st.code(url, language=None, wrap_lines=True)
    for text in notes:
        if text:
            st.warning(text, icon=":material/info:")
    st.image(qr_png(url), caption="Scan to open this link", width=qr_width)
    if st.button("Show the QR code large", key=f"{key}.qr", icon=":material/qr_code_2:"):
        large_qr(url)


@st.dialog("Scan to open the app", width="large")
def large_qr(url: str) -> None:
    """The QR code at projector size."""
    st.image(qr_png(url, scale=16), width=560)
    st.caption(url)


def run_notes(settings: Settings) -> list[str]:
    """What a link to this run does not reproduce: the upload, a loaded model, several learning rates."""
    notes = [upload_note(current_upload()[1] if current_upload() else None)]
    trainer = st.session_state.get(TRAINER)
    iteration = run_iteration(settings)
    if trainer is None or st.session_state.get(TRAINER_KEY) != trainer_key(settings):
        return notes
    loaded = loaded_model(trainer)
    if loaded:  # the link leaves out it= (see run_iteration)
        notes.append(loaded_note(loaded[1]))
    elif iteration:
        rates = trainer.history()["learning_rate"][1:iteration + 1]
        notes.append(reproduction_note(rates, iteration, settings.learning_rate, False))
    return notes


def share_box(settings: Settings) -> None:
    """The sidebar's Share box; built only while open (a QR code per rerun would cost every page)."""
    box = st.sidebar.expander("Share this configuration", key=SHARE_OPEN, on_change="rerun",
                              icon=":material/share:")
    if not box.open:
        return
    with box:
        st.session_state[SHOWN] = link_query(settings)
        iteration = run_iteration(settings)
        st.caption("The full link: every setting" + (f" and the run to iteration {iteration:,} (opening it "
                   "trains to there)" if iteration else "") + ". Copy it with the button in the box, or let "
                   "the class scan the code.")
        show_link(link(page_address(), link_query(settings)), run_notes(settings), key="share")
        page_link(DEFAULT_SCRIPT, label="Build a lesson link (Home)", icon=":material/tune:")


def hidden_page_notice() -> None:
    """What a page hidden by the lesson link shows instead of itself."""
    st.title("Not part of this lesson")
    st.info("Your teacher's link hides this page in this lesson.", icon=":material/visibility_off:")
    page_link(DEFAULT_SCRIPT, label="Go to Home", icon=":material/home:")


# -- the form that makes a lesson link ------------------------------------------------------------
def carry_label(iteration: int) -> str:
    """The "Carry this run" box's label: what the link would carry (the iteration), or why nothing."""
    if iteration:
        return f"Carry this run (iteration {iteration:,}): opening the link trains to it"
    if loaded_model(st.session_state.get(TRAINER)):
        return "Carry this run (a model loaded from a file cannot be carried by a link)"
    return "Carry this run (none yet: train on the Training page first)"


def lesson_builder(settings: Settings) -> None:
    """"Build a lesson link": checkboxes for what to hide and lock and what to switch on; the
    link carries the current settings (and the run, when asked)."""
    now = current_lesson()  # a lesson opened from a link starts the form
    with st.form("share.form", border=True):
        st.markdown("Tick what the class should not see or change; the link carries the current settings.")
        c1, c2, c3, c4 = st.columns(4)
        c1.markdown("**Hide these settings**")
        hide = [f.query_key for f in FIELDS if c1.checkbox(f.label, key=f"share.hide.{f.query_key}",
                                                              value=now.setting_hidden(f.query_key))]
        c2.markdown("**Lock these settings**")
        lock = [f.query_key for f in FIELDS if c2.checkbox(f.label, key=f"share.lock.{f.query_key}",
                                                              value=now.setting_locked(f.query_key))]
        c3.markdown("**Hide these pages**")
        pages = [p.name for p in HIDEABLE_PAGES if c3.checkbox(p.title, key=f"share.page.{p.name}",
                                                                value=now.page_hidden(p.script))]
        c4.markdown("**Hide these tabs**")
        tabs = [t for t in TAB_NAMES if c4.checkbox(_tab_title(t), key=f"share.tab.{t}", value=t in now.hidden_tabs)]
        flags = [(k, label) for k, label in DISPLAY_FLAGS if k in FIELD_BY_KEY]
        on = [k for k, label in flags if st.checkbox(label, key=f"share.flag.{k}")]
        iteration = run_iteration(settings)
        carry = st.checkbox(carry_label(iteration), key="share.it", disabled=not iteration)
        if st.form_submit_button("Make the link", type="primary", icon=":material/link:"):
            lesson = Lesson(tuple(hide), tuple(pages), tuple(tabs), tuple(lock), iteration if carry else 0)
            query = link_query(settings) | {k: _on(FIELD_BY_KEY[k]) for k in on}
            query = {k: v for k, v in query.items() if k not in ("hide", "lock", "it")} | lesson.query()
            st.session_state[BUILT] = (query, carry)
    built = st.session_state.get(BUILT)
    if built:
        query, carry = built
        notes = run_notes(settings) if carry else [run_notes(settings)[0]]
        show_link(link(app_address(), query), notes, key="share.built", qr_width=320)


def _on(field) -> str:
    """The link value that turns a Display flag on ("1", or its last option when it has no "1")."""
    if field.kind == "choice":
        return "1" if "1" in field.options else str(field.options[-1])
    return "1"


def _tab_title(name: str) -> str:
    """A tab's label and the pages that have it, e.g. "Baseline (Experiments)"."""
    titles = {p.name: p.title for p in PAGES}
    where = [titles[page] for page, labels in TAB_LABELS.items() if any(tab_name(x) == name for x in labels)]
    label = next(x for labels in TAB_LABELS.values() for x in labels if tab_name(x) == name)
    return f"{label} ({', '.join(where)})"
