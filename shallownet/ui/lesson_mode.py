"""The lesson link in the session: what it hides and locks, read by the sidebar, the pages' tabs
and the buttons that change settings. The link is read once per session (``state.init_session``);
its parsing and checks are in :mod:`.lesson_link`."""

from __future__ import annotations

import streamlit as st

from .keys import LESSON, LOCKED
from .lesson_link import Lesson
from .settings import FIELD_BY_NAME


def current_lesson() -> Lesson:
    """What this session's link hides and locks (nothing, for a plain link)."""
    return st.session_state.get(LESSON) or Lesson()


def locked(name: str) -> bool:
    """Is the setting ``name`` locked by the lesson link (shown, but nothing may change it)?"""
    return name in st.session_state.get(LOCKED, {})


def locked_help(names) -> str:
    """Why a button that would change these settings is off ("" when none of them is locked)."""
    names = [n for n in names if locked(n)]
    if not names:
        return ""
    return "Locked in this lesson: " + ", ".join(FIELD_BY_NAME[n].label for n in names) + "."


def shown_tabs(labels) -> tuple[str, ...]:
    """The tab labels the lesson shows (a page draws ``st.tabs`` over these)."""
    return current_lesson().shown_tabs(labels)


def lesson_tabs(labels, key: str) -> list[tuple]:
    """``st.tabs`` over the labels the lesson shows, as (tab, label) pairs; when the lesson hides
    every one, a note says so and there are none."""
    labels = shown_tabs(labels)
    if not labels:
        st.info("Every part of this page is hidden in this lesson.", icon=":material/visibility_off:")
        return []
    return list(zip(st.tabs(labels, key=key, on_change="rerun"), labels, strict=True))
