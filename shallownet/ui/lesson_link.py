"""Lesson links: what a teacher's link hides and locks, and the iteration of the run it carries.

Pure Python (no streamlit). Three link parameters beside the settings, each checked like them:

- ``hide=`` a comma-separated list of what the students do not see: a setting by its URL key
  (``hide=lr,h`` hides the learning rate and hidden-units widgets), a page by its name
  (``page:experiments``) and a tab by its name (``tab:baseline``; a tab of that name is hidden on
  every page that has one). Hidden settings keep the link's value.
- ``lock=`` a comma-separated list of setting URL keys shown but not changeable
  (``lock=data,lr``): the link's value is used, and no widget or button changes it.
- ``it=`` the iteration of the run (``it=600``): opening the link trains to that point, which is
  the same network as training there by hand, since training is deterministic given the settings.

A bad item is reported (naming the parameter and what was used instead) and left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote

from ..experiments_lesson import TABS as EXPERIMENT_TABS
from ..stepthrough.stepper_text import SECTIONS
from ..training.trainer import MAX_ITERATION
from .pages_registry import DEFAULT_SCRIPT, PAGES
from .settings import FIELD_BY_KEY, FIELDS, shown

HIDE, LOCK, ITERATION = "hide", "lock", "it"
PAGE_PREFIX, TAB_PREFIX = "page:", "tab:"
# every page's tabs, by page name (the Gradients page's labels are checked against its tabs in a test)
TAB_LABELS: dict[str, tuple[str, ...]] = {
    "forward": SECTIONS["forward"],
    "backward": SECTIONS["backward"],
    "gradients": ("Gradient size", "Activations", "Initial scale", "Zero start"),
    "experiments": EXPERIMENT_TABS,
}
# the Display settings a lesson link may switch on (a setting exists only once settings.py has it)
DISPLAY_FLAGS = (("present", "Presentation mode"), ("showtest", "Show test data"),
                 ("discrete", "Discretize output"))
HIDEABLE_PAGES = tuple(p for p in PAGES if p.script != DEFAULT_SCRIPT)  # Home is where a hidden page links


def tab_name(label: str) -> str:
    """A tab's name in a link: its label in lower case, words joined by "-" ("Zero start" → "zero-start")."""
    return "-".join(re.findall(r"[a-z0-9]+", label.lower()))


TAB_NAMES = tuple(dict.fromkeys(tab_name(label) for labels in TAB_LABELS.values() for label in labels))
PAGE_NAMES = tuple(p.name for p in HIDEABLE_PAGES)


@dataclass(frozen=True)
class Lesson:
    """What a lesson link asks for. Settings and pages are named by their URL key and page name."""

    hidden_settings: tuple[str, ...] = ()  # URL keys, e.g. ("lr", "h")
    hidden_pages: tuple[str, ...] = ()  # page names, e.g. ("experiments",)
    hidden_tabs: tuple[str, ...] = ()  # tab names, e.g. ("baseline",)
    locked: tuple[str, ...] = ()  # URL keys
    iteration: int = 0  # 0: the link carries no run

    def setting_hidden(self, key: str) -> bool:
        return key in self.hidden_settings

    def setting_locked(self, key: str) -> bool:
        return key in self.locked

    def page_hidden(self, script: str) -> bool:
        return script != DEFAULT_SCRIPT and _page_name(script) in self.hidden_pages

    def shown_tabs(self, labels) -> tuple[str, ...]:
        """The labels of the tabs this lesson shows, in their order."""
        return tuple(label for label in labels if tab_name(label) not in self.hidden_tabs)

    def query(self) -> dict[str, str]:
        """The link parameters of this lesson (only those it uses), in a fixed order."""
        hide = (*self.hidden_settings, *(PAGE_PREFIX + p for p in self.hidden_pages),
                *(TAB_PREFIX + t for t in self.hidden_tabs))
        out = {}
        if hide:
            out[HIDE] = ",".join(hide)
        if self.locked:
            out[LOCK] = ",".join(self.locked)
        if self.iteration:
            out[ITERATION] = str(self.iteration)
        return out


def _page_name(script: str) -> str:
    return script.rsplit("/", 1)[-1].removesuffix(".py")


MAX_PROBLEMS = 3  # per parameter: a mangled link gets a few clear warnings, not hundreds


@dataclass
class _Reader:
    problems: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)

    def items(self, key: str, raw) -> list[str]:
        if isinstance(raw, (list, tuple)):  # a repeated key: every value counts
            raw = ",".join(str(r) for r in raw)
        return [item.strip() for item in str(raw).split(",") if item.strip()]

    def bad(self, key: str, item: str, why: str) -> None:
        if sum(p.startswith(f"Lesson link ({key}=") for p in self.problems) < MAX_PROBLEMS:
            self.problems.append(f"Lesson link ({key}={shown(item)}): {why}; it was ignored.")
        else:
            self.skipped[key] = self.skipped.get(key, 0) + 1

    def summary(self) -> list[str]:
        return [f"Lesson link ({key}=…): {n} more item{'s' if n != 1 else ''} that are not understood were ignored."
                for key, n in self.skipped.items()]


def _setting_keys() -> str:
    return ", ".join(f.query_key for f in FIELDS)


def parse(query: dict) -> tuple[Lesson, list[str]]:
    """The lesson of a link's query (key → str or list of str); one message per bad item."""
    r = _Reader()
    settings, pages, tabs, locked = [], [], [], []
    for item in r.items(HIDE, query.get(HIDE, "")):
        if item.startswith(PAGE_PREFIX):
            name = item[len(PAGE_PREFIX):]
            if name in PAGE_NAMES:
                pages.append(name)
            elif name == _page_name(DEFAULT_SCRIPT):
                r.bad(HIDE, item, "Home cannot be hidden: it is where a hidden page sends the class")
            else:
                r.bad(HIDE, item, f"there is no page of that name (pages: {', '.join(PAGE_NAMES)})")
        elif item.startswith(TAB_PREFIX):
            name = item[len(TAB_PREFIX):]
            if name in TAB_NAMES:
                tabs.append(name)
            else:
                r.bad(HIDE, item, f"there is no tab of that name (tabs: {', '.join(TAB_NAMES)})")
        elif item in FIELD_BY_KEY:
            settings.append(item)
        else:
            r.bad(HIDE, item, f"not a setting (settings: {_setting_keys()}), page:NAME or tab:NAME")
    for item in r.items(LOCK, query.get(LOCK, "")):
        if item in FIELD_BY_KEY:
            locked.append(item)
        else:
            r.bad(LOCK, item, f"not a setting (settings: {_setting_keys()})")
    iteration = _iteration(query.get(ITERATION), r.problems)
    unique = lambda xs: tuple(dict.fromkeys(xs))  # noqa: E731 — order kept, repeats dropped
    return Lesson(unique(settings), unique(pages), unique(tabs), unique(locked), iteration), r.problems + r.summary()


def _iteration(raw, problems: list[str]) -> int:
    """``it=`` as a whole number 0 … MAX_ITERATION; a bad value is reported and 0 (or the cap) used."""
    if raw is None:
        return 0
    if isinstance(raw, (list, tuple)):
        raw = raw[-1] if raw else ""
    text = str(raw).strip()
    if not text.isascii() or not text.isdigit():
        problems.append(f"Iteration (it={shown(raw)}): not a whole number ≥ 0; starting at iteration 0.")
        return 0
    value = int(text)
    if value > MAX_ITERATION:
        problems.append(f"Iteration (it={shown(raw)}): beyond the cap of {MAX_ITERATION:,} iterations; "
                        f"training to {MAX_ITERATION:,}.")
        return MAX_ITERATION
    return value


def link(base_url: str, query: dict[str, str]) -> str:
    """The full link: ``base_url`` (the app's address, without a query) and the parameters.

    Commas and colons stay readable (``hide=lr,page:experiments``); everything else is escaped.
    """
    text = "&".join(f"{quote(k, safe='')}={quote(v, safe=',:')}" for k, v in query.items())
    return f"{base_url.split('?')[0].split('#')[0]}?{text}" if text else base_url


def reproduction_note(learning_rates, iteration: int, current_lr: float, loaded: bool) -> str:
    """What a link with ``it=iteration`` reproduces of this run, or "" when it is the same network.

    ``learning_rates``: the α of every step of this run (steps 1 … iteration, in order).
    """
    if iteration == 0:
        return ""
    if loaded:
        return (f"This network was loaded from a file. The link retrains {iteration:,} steps from the "
                "initial weights of the settings, so the class gets a different network.")
    rates = list(dict.fromkeys(float(a) for a in learning_rates))
    if rates == [float(current_lr)] or not rates:
        return ""
    used = ", ".join(f"{a:g}" for a in rates[:5]) + (" …" if len(rates) > 5 else "")
    used = f"{len(rates)} learning rates (α = {used})" if len(rates) > 1 else f"α = {used}"
    return (f"The link retrains all {iteration:,} steps at one learning rate, α = {current_lr:g}. This run "
            f"used {used}, so the class's network at iteration "
            f"{iteration:,} will differ from yours.")


def loaded_note(filename: str) -> str:
    """What a link made while a model loaded from a file is trained does not carry."""
    return (f"The model loaded from {filename} is not in the link, nor is its iteration: the class gets the "
            "initial weights of the settings at iteration 0. Share the .npz file separately, and have them "
            "load it on Experiments → Load a model.")


def upload_note(description: str | None) -> str:
    """What a link made while an upload is in use does not carry ("" without an upload)."""
    if not description:
        return ""
    return (f"Your uploaded data ({description}) is not in the link: the class gets the toy dataset of the "
            "settings instead. Share the CSV file separately, and have them upload it on Experiments → Your data.")


@lru_cache(maxsize=64)
def qr_png(text: str, scale: int = 10) -> bytes:
    """``text`` as a QR code (PNG, black on white, a quiet zone of 4 modules): made here, no web service.

    Error correction M (15 %) keeps the code small enough to read from the back of a room. Kept
    (bytes, immutable) for the links asked for again: an open Share box draws its code on every rerun.
    """
    import io

    import segno  # imported when a link is shown, not when the app starts

    buf = io.BytesIO()
    segno.make(text, error="m").save(buf, kind="png", scale=scale, border=4)
    return buf.getvalue()
