"""The session-state keys that more than one module (or a test) reads, named once.

A module reads another module's state through these names, never by spelling the string. Widget
keys (``cfg.<setting>``, and each page's own ``<page>.*`` widgets) stay with the code that draws
the widget; the settings' keys are made by :func:`setting_key`.
"""

from __future__ import annotations

# -- the settings and the shell
NAV_PAGES = "nav.pages"  # script → st.Page, built on the session's first run
READY = "cfg.ready"  # the settings were read from the URL (once per session)
PROBLEMS = "cfg.problems"  # the link's bad values, as messages, until dismissed
MORE_OPEN = "cfg.more"  # the sidebar's "More settings" expander
LESSON = "cfg.lesson"  # the link's lesson_link.Lesson: what it hides and locks
LOCKED = "cfg.locked"  # {setting name: the link's value} of the locked settings
KEPT = "cfg.kept"  # {setting name: the link's value} of the hidden settings (a reset keeps them)
RESTORE = "cfg.restore"  # the link's iteration, until the session's first trainer has trained to it
SHARE_OPEN = "cfg.share"  # the sidebar's "Share" expander

# -- the data and the trainer every page shares
UPLOAD = "data.upload"  # (Dataset, description) or absent
CSV_GEN, CSV_ERROR, CSV_NOTE = "exp.csv.gen", "exp.csv.error", "exp.csv.note"  # the CSV uploader's state
LOADED_MODEL = "train.loaded"  # (the trainer, file name, saved iteration or None) of a loaded model
TRAINER = "train.trainer"  # the session's Trainer
TRAINER_KEY = "train.key"  # what the trainer was made for (data identity and architecture)
PLAYER = "train.player"  # (trainer key, playback.Player) of the Training page

# -- what the session keeps of its own work
MEMO = "fig.memo"  # {memo key: built figure or payload}, least recently used first
TRACED = "stepper.traced"  # (inputs, trace, graph) of the iteration Forward and Backward show


def setting_key(name: str) -> str:
    """The sidebar widget's key for the setting ``name`` (e.g. "n_h" → "cfg.n_h")."""
    return f"cfg.{name}"
CHART_FONT_PX = "display.chart_font_px"  # the smallest chart text of this run (presentation mode: larger)
