"""Every knob of the app in one place: default, bounds, validation, URL form.

Pure Python (no streamlit): the sidebar widgets are generated from :data:`FIELDS`,
and :func:`from_query` / :func:`to_query` mirror a :class:`Settings` into the URL
so a teacher can share one exact configuration.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace

from ..activations import ACTIVATIONS
from ..datasets import DATASET_NAMES
from ..formatting import quoted


@dataclass(frozen=True)
class Field:
    """One setting: its name, URL key, widget label and what values are allowed.

    kind: "choice" (one of ``options``), "int" or "float" (between lo and hi);
    ``log`` marks a float best shown on a log scale (learning rate, init scale).
    """

    name: str
    query_key: str
    label: str
    kind: str
    default: object
    lo: float | None = None
    hi: float | None = None
    step: float | None = None
    options: tuple = ()
    log: bool = False
    help: str = ""
    group: str = "Data"
    labels: tuple = ()  # for a choice: the words shown for each option, in order

    def label_of(self, value) -> str:
        """How a widget shows ``value`` (a choice's own word for it, if it has one)."""
        if self.labels and value in self.options:
            return self.labels[self.options.index(value)]
        return str(value).replace("_", " ")


BATCH_OPTIONS = ("full", "256", "128", "64", "32", "16", "8", "1")  # as a link writes them: batch=8

FIELDS: tuple[Field, ...] = (
    Field("dataset", "data", "Dataset", "choice", "moons", options=DATASET_NAMES,
          help="The toy problem: two classes in the plane."),
    Field("n_samples", "m", "Samples (train + test)", "int", 400, 20, 2000, 10,
          help="How many points are drawn before the train/test split."),
    Field("noise", "noise", "Noise", "float", 0.2, 0.0, 1.0, 0.05,
          help="How much the points scatter around the clean shape."),
    Field("test_fraction", "test", "Test fraction", "float", 0.25, 0.1, 0.5, 0.05,
          help="Share of the points held out to measure generalisation."),
    Field("data_seed", "dseed", "Data seed", "int", 0, 0, 9999, 1,
          help="Same seed, same points."),
    Field("n_h", "h", "Hidden units n_h", "int", 4, 1, 50, 1, group="Network",
          help="Width of the hidden layer: W1 is (n_h, n_x)."),
    Field("activation", "g", "Hidden activation g", "choice", "tanh", options=tuple(ACTIVATIONS),
          group="Network", help="g in A1 = g(Z1); the output unit is always the sigmoid."),
    Field("init_scale", "init", "Init scale", "float", 0.01, 0.0, 10.0, 0.01, log=True,
          group="Network", help="W ~ scale · N(0, 1); 0 gives the all-zero start."),
    Field("init_seed", "seed", "Init seed", "int", 0, 0, 9999, 1, group="Network",
          help="Same seed, same starting weights."),
    Field("learning_rate", "lr", "Learning rate α", "float", 1.2, 0.0001, 100.0, 0.01, log=True,
          group="Training", help="P := P − α·dP. Changing it keeps the current parameters."),
    Field("batch", "batch", "Batch size b", "choice", "full", options=BATCH_OPTIONS, group="Training",
          labels=("full batch",) + BATCH_OPTIONS[1:],
          help="Examples per step: the whole training set (full batch) or mini-batches of b, "
               "reshuffled every epoch (the order is seeded by the init seed). b ≥ the training set "
               "is full batch. Changing it keeps the current parameters."),
    Field("notes", "notes", "Remarks on the lecture notes", "choice", "1", options=("1", "0"),
          labels=("shown", "hidden"), group="Display",
          help="Boxes that point out where the course notes “Gradient Descent for Neural networks” "
               "have a slip. Hide them when the class uses other material (link: notes=0)."),
    Field("present", "present", "Presentation mode", "choice", "0", options=("0", "1"),
          labels=("off", "on"), group="Display",
          help="For a projector: the sidebar starts collapsed and the text in pages and charts is larger "
               "(link: present=1)."),
    Field("show_test", "showtest", "Show test data", "choice", "1", options=("1", "0"),
          labels=("shown", "hidden"), group="Display",
          help="Training: draw the held-out test points on the decision boundary (link: showtest=0 hides them)."),
    Field("discrete", "discrete", "Discretize output", "choice", "0", options=("0", "1"),
          labels=("off", "on"), group="Display",
          help="Training: colour the plane by the predicted class (A2 > 0.5 or not) instead of by A2 "
               "(link: discrete=1)."),
)
FIELD_BY_NAME = {f.name: f for f in FIELDS}
FIELD_BY_KEY = {f.query_key: f for f in FIELDS}
# link parameters that are not settings: what a lesson link hides and locks, and the iteration
# of the run (read and checked by .lesson_link, so from_query leaves them alone)
LINK_KEYS = ("hide", "lock", "it")


@dataclass(frozen=True)
class Settings:
    """The whole configuration of a session. Construct through :func:`validated`."""

    dataset: str = "moons"
    n_samples: int = 400
    noise: float = 0.2
    test_fraction: float = 0.25
    data_seed: int = 0
    n_h: int = 4
    activation: str = "tanh"
    init_scale: float = 0.01
    init_seed: int = 0
    learning_rate: float = 1.2
    batch: str = "full"
    notes: str = "1"
    present: str = "0"
    show_test: str = "1"
    discrete: str = "0"

    @property
    def data_key(self) -> tuple:
        """What the dataset depends on: change it and the data (and the model) are new."""
        return (self.dataset, self.n_samples, self.noise, self.test_fraction, self.data_seed)

    @property
    def model_key(self) -> tuple:
        """What the model depends on; the learning rate is deliberately not part of it."""
        return (*self.data_key, self.n_h, self.activation, self.init_scale, self.init_seed)

    @property
    def batch_size(self) -> int:
        """The batch size as the trainer takes it: 0 for full batch, else b."""
        return 0 if self.batch == "full" else int(self.batch)

    def as_dict(self) -> dict:
        return asdict(self)


DEFAULTS = Settings()
assert tuple(f.name for f in fields(Settings)) == tuple(f.name for f in FIELDS)
assert all(getattr(DEFAULTS, f.name) == f.default for f in FIELDS)


shown = quoted  # text from a link, as a message quotes it (shallownet.formatting.quoted)


def parse_value(field: Field, raw) -> object:
    """``raw`` (text or number) as a valid value of ``field``; ValueError says why not."""
    if field.kind == "choice":
        text = str(raw).strip()
        if text not in field.options:
            raise ValueError(f"{shown(text)} is not one of {', '.join(map(str, field.options))}")
        return text
    if not str(raw).strip().isascii() or "_" in str(raw):  # float() also reads ٣, １２０ and 1_0
        raise ValueError(f"{shown(raw)} is not written with the digits 0–9")
    try:
        number = float(str(raw).strip())
    except ValueError:
        raise ValueError(f"{shown(raw)} is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"{shown(raw)} is not a finite number")
    number += 0.0  # -0.0 → 0.0, so "-0" never shows up in a link
    if field.kind == "int":
        if number != int(number):
            raise ValueError(f"{number:.12g} is not a whole number")
        number = int(number)
    if not field.lo <= number <= field.hi:
        raise ValueError(f"{number:.12g} is outside {field.lo:g} … {field.hi:g}")
    return number


def validated(values: dict) -> tuple[Settings, list[str]]:
    """Settings from a name → value dict; every bad or missing value falls back to its
    default, with one message per bad value naming the setting and the value used."""
    good, problems = {}, []
    for f in FIELDS:
        if f.name not in values:
            continue
        try:
            good[f.name] = parse_value(f, values[f.name])
        except ValueError as err:
            problems.append(
                f"{f.label} ({f.query_key}={shown(values[f.name])}): {err}; "
                f"using the default {format_value(f, f.default)}."
            )
    return replace(DEFAULTS, **good), problems


def from_query(query: dict) -> tuple[Settings, list[str]]:
    """Settings from URL query parameters (key → str or list of str).

    Unknown keys are reported and ignored; a repeated key uses its last value. The lesson-link
    keys (:data:`LINK_KEYS`) are not settings: they are read by :mod:`.lesson_link`.
    """
    values, problems = {}, []
    for key, raw in query.items():
        if key in LINK_KEYS:
            continue
        field = FIELD_BY_KEY.get(key)
        if field is None:
            problems.append(f"Unknown link parameter {shown(key)} was ignored.")
            continue
        if isinstance(raw, (list, tuple)):
            raw = raw[-1] if raw else ""
        values[field.name] = raw
    settings, bad = validated(values)
    return settings, problems + bad


def to_query(settings: Settings) -> dict[str, str]:
    """The URL form of ``settings``: every field, so a shared link never depends on defaults."""
    return {f.query_key: format_value(f, getattr(settings, f.name)) for f in FIELDS}


def format_value(field: Field, value) -> str:
    """Short text of a value, as it appears in the URL and in messages."""
    if field.kind == "float":
        # 12 significant digits: exact for any value a person types, and it drops the float
        # noise of slider steps (0.15000000000000002 → 0.15) that would clutter a shared link
        return f"{float(value):.12g}"
    return str(value)


def changes(settings: Settings, targets) -> list[tuple[str, str, str]]:
    """(label, value now, new value) for each (name, value) of ``targets`` that differs from ``settings``."""
    out = []
    for name, value in targets:
        f = FIELD_BY_NAME[name]
        now = getattr(settings, name)
        if now != value:
            out.append((f.label, format_value(f, now), format_value(f, value)))
    return out
