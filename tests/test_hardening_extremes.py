"""Extreme settings on every page: no exception, no engine warning, no NaN or ∞ on screen.

* every sidebar slider and number box at both ends of its range, on every page of the registry,
  driven through the widgets one after another (so the ends also meet each other: 2000 samples
  with 1 hidden unit, 50 hidden units with a zero start, α = 10 on 20 points, …);
* all activations × all datasets on the pages that draw the network's math;
* a run pushed over the edge (100 steps at α = 10 from init scale 10 with relu), then every page.

"On screen" is everything the run rendered: text, captions, LaTeX, metrics, tables, alerts and
the JSON of every chart (numbers there must be finite; Plotly's null is a legitimate gap). Every
figure emitted (``st.plotly_chart`` and the live views' base figures) must also pass Plotly's
schema, each distinct figure validated once (``tests.figure_check``).
pytest turns warnings into errors, and the page guard turns an error into a message, so an
engine warning (overflow, invalid value, divide by zero) fails these tests as well.
"""

from __future__ import annotations

import base64
import json
import math
import re

import numpy as np
import pandas as pd
import pytest

from shallownet.activations import ACTIVATIONS
from shallownet.datasets import DATASET_NAMES
from shallownet.ui.keys import TRAINER
from shallownet.ui.pages_registry import PAGES
from shallownet.ui.settings import FIELDS, to_query
from tests.conftest import APP, live_boards, live_payload, setting_widget
from tests.figure_check import chart_schema_problems

BY_PAGE = pytest.mark.parametrize("script", [p.script for p in PAGES], ids=[p.name for p in PAGES])
RANGED = [f for f in FIELDS if f.kind != "choice" and "seed" not in f.name]  # seeds are not extremes
MATH_PAGES = [p for p in ("app_pages/forward.py", "app_pages/training.py", "app_pages/gradient_check.py")
              if p in {e.script for e in PAGES}]
GUARD_MESSAGE = "Something went wrong"

# a number that is not one: "nan", "inf", "-inf", "Infinity", "NaN" as a token of its own
# ("\infty" in LaTeX and words such as "info" or "infinite" do not match)
NOT_A_NUMBER = re.compile(r"(?<![A-Za-z\\])(?:[-+−]?inf(?:inity)?|nan)(?![A-Za-z])", re.IGNORECASE)
# prose may talk *about* NaN ("the chart marks it instead of plotting NaN"): only the lower-case
# forms Python and NumPy print count there; in numbers (metrics, tables, charts) every form counts
PRINTED_NOT_A_NUMBER = re.compile(r"(?<![A-Za-z\\])(?:[-+−]?inf|nan)(?![A-Za-z])")


# -- what is on the screen ---------------------------------------------------------------------
def elements(at):
    """Every element the run rendered, main area and sidebar, depth first."""
    stack = [at.main, at.sidebar]
    while stack:
        node = stack.pop()
        yield node
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            stack.extend(children.values())


def chart_problems(spec: dict, where: str = "chart") -> list[str]:
    """Non-finite numbers and "nan"/"inf" text anywhere in a Plotly figure's JSON."""
    found = []

    def walk(node, path):
        if isinstance(node, dict):
            if "bdata" in node and "dtype" in node:  # a NumPy array, base64 in its own dtype
                arr = np.frombuffer(base64.b64decode(node["bdata"]), dtype=np.dtype(node["dtype"]))
                if arr.dtype.kind in "fc" and not np.isfinite(arr).all():
                    found.append(f"{path}: {int((~np.isfinite(arr)).sum())} of {arr.size} values not finite")
                return
            for key, value in node.items():
                walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}[{i}]")
        elif isinstance(node, float) and not math.isfinite(node):
            found.append(f"{path}: {node}")
        elif isinstance(node, str) and NOT_A_NUMBER.search(node):
            found.append(f"{path}: {node[:80]!r}")

    walk(spec, where)
    return found


def table_problems(df: pd.DataFrame, where: str) -> list[str]:
    found = []
    for column in df.columns:
        values = df[column]
        if pd.api.types.is_numeric_dtype(values):
            bad = ~np.isfinite(values.to_numpy(dtype=float))
            if bad.any():
                found.append(f"{where} column {column!r}: {int(bad.sum())} values not finite")
        else:
            for value in values:
                if isinstance(value, float) and not math.isfinite(value) or \
                        isinstance(value, str) and NOT_A_NUMBER.search(value):
                    found.append(f"{where} column {column!r}: {value!r}")
    return found


def screen_problems(at) -> list[str]:
    """Everything wrong on the screen of ``at``: exceptions, the page guard's message, any
    NaN or infinity in text, numbers, tables or charts, and any figure Plotly's schema rejects."""
    found = [f"exception: {e.value}" for e in at.exception]
    found += [f"schema: {p}" for p in chart_schema_problems(at)]
    found += [f"page guard: {e.value}" for e in at.error if GUARD_MESSAGE in e.value]
    for el in elements(at):
        kind = getattr(el, "type", "")
        if kind == "plotly_chart":
            found += chart_problems(json.loads(el.proto.spec), f"chart {el.proto.id[-12:]}")
            continue
        if kind == "bidi_component":  # a live view: its figures, numbers and frames
            if el.proto.component_name == "shallownet.live":  # (the click guard carries no figures)
                found += chart_problems(live_payload(el), f"live view {el.proto.id[-20:]}")
            continue
        for attr in ("value", "label", "body", "delta"):
            try:
                value = getattr(el, attr, None)
            except Exception:  # some widgets have no readable value in a test run
                continue
            if isinstance(value, pd.DataFrame):
                found += table_problems(value, kind)
            elif isinstance(value, float) and not math.isfinite(value):
                found.append(f"{kind}.{attr}: {value}")
            elif isinstance(value, str):
                pattern = NOT_A_NUMBER if kind in {"metric", "latex"} or attr == "delta" else PRINTED_NOT_A_NUMBER
                if pattern.search(value):
                    found.append(f"{kind}.{attr}: {value[:120]!r}")
    return found


def assert_screen_clean(at, context: str = "") -> None:
    problems = screen_problems(at)
    assert not problems, f"{context}: {problems[:6]}"


def test_gradients_table_has_no_holes_when_runs_stop_at_different_steps():
    """Found at the slider extremes (2000 points, 50 units, init 10, α = 10): one comparison run
    diverged at step 9, and columns named "cost at step 300" / "cost at step 8" left NaN cells."""
    from shallownet.comparisons import train_run
    from shallownet.datasets import make_dataset
    from shallownet.figures.gradients_view import comparison_table

    data = make_dataset("moons", 60, 0.2, 0, 0.25)
    runs = [train_run(data, 3, "tanh", 1.0, steps=5), train_run(data, 3, "relu", 1.0, steps=300)]  # as if one diverged
    table = comparison_table(runs)
    assert table_problems(table, "dataframe") == []
    assert list(table["steps"]) == ["5", "300"]


# -- the scanner finds what it must ---------------------------------------------------------------
def test_scanner_finds_non_finite_numbers_and_ignores_prose():
    arr = np.array([0.0, np.nan, 1.0])
    spec = {"data": [{"x": {"dtype": "f8", "bdata": base64.b64encode(arr.tobytes()).decode()},
                      "y": [1, None, 2], "text": ["J = nan"], "name": "info"}],
            "layout": {"title": {"text": "cost −inf"}, "xaxis": {"range": [0, float("inf")]}}}
    found = chart_problems(spec)
    assert len(found) == 4, found  # bdata NaN, "J = nan", "−inf", the infinite range; not null, not "info"
    assert chart_problems({"data": [{"y": [1, None], "text": ["\\infty", "infinite", "Info"]}]}) == []
    df = pd.DataFrame({"a": [1.0, np.inf], "b": ["ok", "nan"]})
    assert len(table_problems(df, "t")) == 2
    assert PRINTED_NOT_A_NUMBER.search("J = nan") and not PRINTED_NOT_A_NUMBER.search("instead of NaN")


def test_schema_check_rejects_what_plotly_rejects():
    """The schema half of the scan: typed arrays pass, an unknown property or a bad value does not
    (also for a figure met before in this process: only valid figures are remembered)."""
    from tests.figure_check import schema_problems

    typed = {"dtype": "f8", "bdata": base64.b64encode(np.arange(6.0).tobytes()).decode(), "shape": "2,3"}
    good = {"data": [{"type": "heatmap", "z": typed}], "layout": {"xaxis": {"type": "log"}}}
    assert schema_problems(good, "good") == [] and schema_problems(good, "good") == []
    for bad in ({"data": [{"type": "heatmap", "z": typed, "zz": 1}]},
                {"data": [{"type": "scatter", "mode": "dots"}]},
                {"layout": {"xaxis": {"type": "logarithmic"}}}):
        for _ in range(2):
            (problem,) = schema_problems(bad, "bad")
            assert problem.startswith("bad: ") and "Invalid" in problem, problem


# -- driving the sidebar -----------------------------------------------------------------------------
def open_page(script: str, query: dict | None = None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.switch_page(script)
    at.run()
    return at


def set_setting(at, name: str, value) -> None:
    setting_widget(at, name).set_value(value).run()
    assert at.session_state[f"cfg.{name}"] == value, f"{name} did not take {value}"


def end_value(f, end: str):
    v = f.lo if end == "lo" else f.hi
    return int(v) if f.kind == "int" else float(v)


def test_the_extremes_are_the_documented_ones():
    ends = {f.name: (end_value(f, "lo"), end_value(f, "hi")) for f in RANGED}
    assert ends == {"n_samples": (20, 2000), "noise": (0.0, 1.0), "test_fraction": (0.1, 0.5),
                    "n_h": (1, 50), "init_scale": (0.0, 10.0), "learning_rate": (0.0001, 100.0)}


@BY_PAGE
def test_every_slider_at_both_ends(script):
    """One session per page: every knob to its minimum one by one, then to its maximum."""
    at = open_page(script)
    assert_screen_clean(at, "defaults")
    for end in ("lo", "hi"):
        for f in RANGED:
            value = end_value(f, end)
            set_setting(at, f.name, value)
            assert_screen_clean(at, f"{f.name} = {value} ({end}; {to_query_text(at)})")


def to_query_text(at) -> str:
    return "&".join(f"{k}={v}" for k, v in at.query_params.items())


@pytest.mark.parametrize("script", MATH_PAGES, ids=[s.split("/")[1][:-3] for s in MATH_PAGES])
def test_every_activation_on_every_dataset(script):
    at = open_page(script, {"m": "100"})  # a small sample keeps 24 reruns cheap; the shapes are the same
    for dataset in DATASET_NAMES:
        set_setting(at, "dataset", dataset)
        for activation in ACTIVATIONS:
            set_setting(at, "activation", activation)
            assert_screen_clean(at, f"{dataset} × {activation}")


def test_a_run_pushed_over_the_edge_leaves_every_page_clean():
    """100 steps at α = 10 from init scale 10 with relu: the run may diverge, the pages may not."""
    query = {"g": "relu", "init": "10", "lr": "10"}
    at = open_page("app_pages/training.py", query)
    at.button(key="train.step100").click().run()
    assert_screen_clean(at, "training after 100 steps")
    trainer = at.session_state[TRAINER]
    assert 1 <= trainer.iteration <= 100
    for values in trainer.params.values():
        assert np.isfinite(values).all(), "the trainer keeps the last finite parameters"
    metrics = {m.label: m.value for m in at.metric} | dict(live_boards(at).get("train.board", {}).get("stats", []))
    assert metrics["Iteration"] == f"{trainer.iteration:,}"
    if trainer.divergence is not None:  # stopped: the page says so instead of plotting NaN
        assert any("diverge" in e.value.lower() for e in at.error), [e.value for e in at.error]
    for entry in PAGES:
        at.switch_page(entry.script).run()
        assert_screen_clean(at, f"{entry.name} after the pushed run")
        assert at.session_state[TRAINER] is trainer, f"{entry.name} replaced the trained network"
    assert dict(at.query_params) == {**to_query(_settings_of(at)), **query, "it": str(trainer.iteration)}


def _settings_of(at):
    from shallownet.ui.settings import validated

    return validated({f.name: at.session_state[f"cfg.{f.name}"] for f in FIELDS})[0]


LAZY_TABS = {  # pages that run only their open tab: each tab gets its own look at both ends
    "app_pages/gradients.py": ("grad.tab", ("Gradient size", "Activations", "Initial scale", "Zero start")),
    "app_pages/forward.py": ("fwd.tab", ("Phase by phase", "One example's path", "Logistic regression: one neuron")),
    "app_pages/backward.py": ("bwd.tab", ("Phase by phase", "One example's path", "Logistic regression: one neuron")),
}


@pytest.mark.parametrize("end", ["lo", "hi"])
@pytest.mark.parametrize("script", list(LAZY_TABS), ids=lambda s: s.split("/")[1][:-3])
def test_every_lazy_tab_at_the_extremes(script, end):
    at = open_page(script)
    for f in RANGED:
        set_setting(at, f.name, end_value(f, end))
    key, labels = LAZY_TABS[script]
    for label in labels:
        at.session_state[key] = label
        at.run()
        assert_screen_clean(at, f"{label} tab, every setting at its {end} end")
