"""The Shapes page's four size buttons (n_h ∓ 1, samples ÷ 2 and × 2): each sets one sidebar
setting, clamped to the setting's range, and is disabled at the end of that range."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from .lesson_mode import locked
from .page import guarded
from .settings import FIELD_BY_NAME, Settings
from .state import set_setting


@dataclass(frozen=True)
class SizeButton:
    """One button: its label and widget key, the setting it sets to ``value``, and whether it is off."""

    label: str
    key: str
    name: str
    value: int
    disabled: bool


def clamped(name: str, value: float):
    """``value`` held inside the range of the setting ``name``, in the setting's own type."""
    f = FIELD_BY_NAME[name]
    return type(f.default)(min(max(value, f.lo), f.hi))


def size_buttons(settings: Settings, uploaded: bool) -> list[SizeButton]:
    """The four buttons for ``settings``; the samples are fixed while uploaded data is in use."""
    n_h, n = settings.n_h, settings.n_samples
    nh_field, m_field = FIELD_BY_NAME["n_h"], FIELD_BY_NAME["n_samples"]
    step = int(m_field.step)  # halving lands on the slider's grid
    return [
        SizeButton("n_h − 1", "shapes.nh_down", "n_h", clamped("n_h", n_h - 1), n_h <= nh_field.lo),
        SizeButton("n_h + 1", "shapes.nh_up", "n_h", clamped("n_h", n_h + 1), n_h >= nh_field.hi),
        SizeButton("samples ÷ 2", "shapes.m_down", "n_samples", clamped("n_samples", n // 2 // step * step),
                   uploaded or n <= m_field.lo),
        SizeButton("samples × 2", "shapes.m_up", "n_samples", clamped("n_samples", n * 2),
                   uploaded or n >= m_field.hi),
    ]


def place_size_buttons(settings: Settings, uploaded: bool) -> None:
    """The four buttons and a caption in one row of five columns."""
    columns = st.columns(5, vertical_alignment="center")
    for column, b in zip(columns, size_buttons(settings, uploaded), strict=False):
        column.button(b.label, key=b.key, on_click=guarded(set_setting), args=(b.name, b.value),
                      disabled=b.disabled or locked(b.name), width="stretch")
    columns[4].caption("Changing n_h or the samples starts a new network (the sidebar has the same settings)."
                       + (" Samples are fixed by the uploaded data." if uploaded else ""))
