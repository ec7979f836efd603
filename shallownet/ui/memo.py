"""One memo for everything a session draws: figures (and the boards' payloads) are built once
per (view, data identity, trainer revision, view options) and kept in a bounded dict in the
session.

A rerun whose inputs did not change reuses the kept object and sends byte-identical JSON, so the
browser keeps the chart (its zoom, its animation frame). The returned ``rev`` names the key: the
live views skip redrawing a figure whose ``rev`` they already drew, and a new trainer state (a
step, a Reset, a rewind: each gives a new :attr:`Trainer.revision`, and two trainers practically
never share one) or other data or options give another ``rev``.

Figures that every session would build alike (a class opening the same link) are shared through
:func:`shared_figure`, keyed on their content; ``st.cache_data`` hands each caller its own copy.
"""

from __future__ import annotations

import hashlib

import numpy as np
import streamlit as st

from .keys import MEMO
from .page import frozen

MEMO_SIZE = 10  # the figures of the page on screen and of the one before (~0.3 MB at most each)


def memo_key(view: str, *, options: tuple = (), data=None, trainer=None) -> tuple:
    """What a view's figure depends on. ``trainer`` is a Trainer, or the revision of one read
    when the figure's inputs were taken (a fragment may draw them after the trainer moved on)."""
    revision = getattr(trainer, "revision", trainer)
    return (view, data, revision, tuple(options))


def rev_of(key: tuple) -> str:
    """A name of ``key`` for the browser: equal keys, equal names."""
    return "|".join(map(str, key))


def memo(view: str, build, *, options: tuple = (), data=None, trainer=None) -> tuple[object, str]:
    """``build()``, kept in this session under its :func:`memo_key`, and the key's name."""
    key = memo_key(view, options=options, data=data, trainer=trainer)
    kept = st.session_state.setdefault(MEMO, {})
    if key in kept:
        kept[key] = kept.pop(key)  # most recently used goes last
    else:
        kept[key] = build()
        while len(kept) > MEMO_SIZE:
            kept.pop(next(iter(kept)))
    return kept[key], rev_of(key)


def memo_figure(view: str, build, *, options: tuple = (), data=None, trainer=None) -> tuple[dict, str]:
    """A builder's figure as :func:`memo` keeps it: :func:`frozen` once, when built."""
    return memo(view, lambda: frozen(build()), options=options, data=data, trainer=trainer)


@st.cache_data(max_entries=128, show_spinner=False)
def _shared_figure(key: tuple, _build) -> dict:
    return frozen(_build())


def shared_figure(key: tuple, build) -> dict:
    """Like :func:`memo_figure`, but shared by every session: use it only when ``key``
    determines the figure completely (settings, data identity, :func:`content_digest` of the
    parameters), as when a class opens the same link and every student would otherwise build
    the same figure. ``st.cache_data`` hands each caller its own copy, so nothing mutable is shared."""
    return _shared_figure(key, build)


def content_digest(arrays) -> str:
    """A short fingerprint of array values (a dict's, by sorted name): equal values, equal digest."""
    if isinstance(arrays, dict):
        arrays = [arrays[name] for name in sorted(arrays)]
    h = hashlib.blake2b(digest_size=12)
    for a in arrays:
        h.update(np.ascontiguousarray(a).tobytes())
    return h.hexdigest()
