"""The app shell in AppTest: every page of the registry runs, the sidebar settings drive
it, survive page switches and mirror the URL, and the session's trainer follows the
settings that produced it. Pages added later are covered by the registry automatically.
"""

from __future__ import annotations

import base64

import numpy as np
import pytest

from shallownet.ui.keys import PROBLEMS, TRAINER
from shallownet.ui.pages_registry import DEFAULT_SCRIPT, PAGES, ROOT
from shallownet.ui.settings import DEFAULTS, FIELD_BY_NAME, to_query
from tests.conftest import live_figures, setting_widget
from tests.figure_check import assert_charts_valid

AVAILABLE = PAGES
BY_PAGE = pytest.mark.parametrize("entry", AVAILABLE, ids=[p.name for p in AVAILABLE])
# one value per key widget of the sidebar, none of them the default
CHANGES = {"dataset": "circles", "n_h": 3, "activation": "relu", "learning_rate": 0.3}


def assert_clean(at) -> None:
    """No exception element and no "something went wrong" message from the page guard."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def link_warnings(at) -> list[str]:
    """The shell's warnings about the link (pages may show warnings of their own)."""
    problems = at.session_state[PROBLEMS]
    shown = [w.value for w in at.warning if w.value in problems]
    assert shown == problems  # every problem is on screen
    return shown


def array_of(data) -> np.ndarray:
    """A figure JSON array: a plain list, or plotly's typed {"dtype", "bdata"} form."""
    if isinstance(data, dict):
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=np.dtype(data["dtype"]))
    return np.asarray(data)


def set_settings(at, **values) -> None:
    for name, value in values.items():
        setting_widget(at, name).set_value(value).run()
        assert_clean(at)


def expected_query(**values) -> dict:
    return to_query(DEFAULTS.__class__(**{**DEFAULTS.as_dict(), **values}))


# -- the registry ---------------------------------------------------------------------------
def test_registry_lists_every_page_script_once():
    scripts = [p.script for p in PAGES]
    assert len(set(scripts)) == len(scripts)
    assert len({p.url_path for p in PAGES}) == len(PAGES)
    on_disk = {f"app_pages/{f.name}" for f in (ROOT / "app_pages").glob("*.py")}
    assert on_disk <= set(scripts), f"pages missing from the registry: {on_disk - set(scripts)}"
    assert [p.script for p in AVAILABLE] == [s for s in scripts if s in on_disk]
    assert PAGES[0].script == DEFAULT_SCRIPT and PAGES[0].url_path == ""


def test_registry_order_follows_the_learning_path():
    assert [p.section for p in PAGES] == sorted((p.section for p in PAGES), key=["Learn", "Explore", "Reference"].index)
    assert [p.title for p in PAGES][:2] == ["Home", "Data"]


def test_every_registered_page_has_its_script():
    assert [p.script for p in PAGES if not (ROOT / p.script).is_file()] == []


# -- every page ------------------------------------------------------------------------------
@BY_PAGE
def test_page_runs_with_defaults(app_at, entry):
    at = app_at(entry.script)
    assert_clean(at)
    assert link_warnings(at) == []  # no link problems with a clean URL
    # the page ran inside the shell: the sidebar settings are there and mirrored in the URL
    assert setting_widget(at, "dataset").value == DEFAULTS.dataset
    assert dict(at.query_params) == to_query(DEFAULTS)
    assert_charts_valid(at)  # every figure it emits passes Plotly's schema


@BY_PAGE
def test_key_sidebar_widgets_rerun_the_page_cleanly(app_at, entry):
    at = app_at(entry.script)
    set_settings(at, **CHANGES)
    assert dict(at.query_params) == expected_query(**CHANGES)


@BY_PAGE
def test_switching_pages_keeps_the_settings(app_at, entry):
    at = app_at()  # Home
    set_settings(at, dataset="xor", n_h=6, learning_rate=0.05)
    at.switch_page(entry.script).run()
    assert_clean(at)
    assert setting_widget(at, "dataset").value == "xor"
    assert setting_widget(at, "n_h").value == 6
    assert setting_widget(at, "learning_rate").value == pytest.approx(0.05)
    assert dict(at.query_params) == expected_query(dataset="xor", n_h=6, learning_rate=0.05)
    at.switch_page(DEFAULT_SCRIPT).run()
    assert setting_widget(at, "n_h").value == 6


@BY_PAGE
def test_query_string_opens_its_configuration(app_at, entry):
    query = {"data": "circles", "m": "200", "dseed": "5", "h": "6", "g": "relu", "lr": "0.3"}
    at = app_at(entry.script, query=query)
    assert_clean(at)
    assert link_warnings(at) == []
    assert setting_widget(at, "dataset").value == "circles"
    assert setting_widget(at, "n_samples").value == 200
    assert setting_widget(at, "data_seed").value == 5
    assert setting_widget(at, "n_h").value == 6
    assert setting_widget(at, "activation").value == "relu"
    assert setting_widget(at, "learning_rate").value == pytest.approx(0.3)
    assert dict(at.query_params) == expected_query(
        dataset="circles", n_samples=200, data_seed=5, n_h=6, activation="relu", learning_rate=0.3)


@BY_PAGE
def test_invalid_query_value_shows_a_warning_and_uses_the_default(app_at, entry):
    at = app_at(entry.script, query={"h": "abc", "h2": "1"})
    assert_clean(at)
    texts = [w.value for w in at.warning]
    assert any("h='abc'" in t and "using the default 4" in t for t in texts), texts
    assert any("'h2'" in t and "ignored" in t for t in texts), texts
    assert setting_widget(at, "n_h").value == DEFAULTS.n_h
    assert dict(at.query_params) == to_query(DEFAULTS)  # the URL now holds what is used


@pytest.mark.parametrize(
    ("query", "needle", "name", "used"),
    [
        ({"h": "abc"}, "h='abc'", "n_h", 4),  # text where a number belongs
        ({"h": "500"}, "h='500'", "n_h", 4),  # out of range
        ({"h": "2.5"}, "h='2.5'", "n_h", 4),  # not a whole number
        ({"lr": "-1"}, "lr='-1'", "learning_rate", 1.2),
        ({"noise": "nan"}, "noise='nan'", "noise", 0.2),
        ({"data": "iris"}, "data='iris'", "dataset", "moons"),  # unknown dataset
        ({"g": "softmax"}, "g='softmax'", "activation", "tanh"),
    ],
)
def test_each_kind_of_bad_value_is_named_in_the_warning(app_at, query, needle, name, used):
    at = app_at("app_pages/data.py", query=query)
    assert_clean(at)
    [warning] = link_warnings(at)
    assert needle in warning and FIELD_BY_NAME[name].label in warning
    assert f"using the default {used}" in warning
    assert setting_widget(at, name).value == used


def test_warnings_stay_across_pages_until_dismissed(app_at):
    at = app_at("app_pages/data.py", query={"h": "abc", "data": "iris"})
    assert len(link_warnings(at)) == 2
    at.switch_page(DEFAULT_SCRIPT).run()
    assert len(link_warnings(at)) == 2
    at.button(key="cfg.dismiss").click().run()
    assert_clean(at)
    assert link_warnings(at) == [] and not at.warning
    at.switch_page("app_pages/data.py").run()
    assert link_warnings(at) == [] and not at.warning


def test_reset_button_restores_the_defaults(app_at):
    at = app_at(query={"h": "9", "data": "spiral"})
    at.button(key="cfg.reset").click().run()
    assert setting_widget(at, "n_h").value == DEFAULTS.n_h and setting_widget(at, "dataset").value == DEFAULTS.dataset
    assert dict(at.query_params) == to_query(DEFAULTS)


# -- the session's trainer follows the settings that produced it ------------------------------
def test_learning_rate_change_keeps_the_trainer(app_at):
    at = app_at()
    trainer = at.session_state[TRAINER]
    trainer.step(3, learning_rate=1.2)
    before = trainer.params["W1"].copy()
    set_settings(at, learning_rate=0.05)
    assert at.session_state[TRAINER] is trainer
    assert trainer.iteration == 3
    assert (trainer.params["W1"] == before).all()


@pytest.mark.parametrize(
    ("name", "value"),
    [("dataset", "circles"), ("n_samples", 200), ("noise", 0.4), ("test_fraction", 0.3),
     ("data_seed", 7), ("n_h", 9), ("activation", "relu"), ("init_scale", 0.5), ("init_seed", 3)],
)
def test_data_or_architecture_change_resets_the_trainer(app_at, name, value):
    at = app_at()
    trainer = at.session_state[TRAINER]
    trainer.step(2, learning_rate=1.2)
    set_settings(at, **{name: value})
    fresh = at.session_state[TRAINER]
    assert fresh is not trainer
    assert fresh.iteration == 0
    assert fresh.params["W1"].shape == (at.session_state["cfg.n_h"], 2)


# -- Home --------------------------------------------------------------------------------------
def test_home_draws_the_network_of_the_current_sizes(app_at):
    at = app_at(query={"h": "7", "g": "relu"})
    [fig] = list(live_figures(at).values())
    text = " ".join(a["text"] for a in fig["layout"]["annotations"])
    assert "n<sub>h</sub> = 7" in text and "W1 7×2" in text and "W2 1×7" in text and "ReLU" in text
    set_settings(at, n_h=2)
    [fig] = list(live_figures(at).values())
    text = " ".join(a["text"] for a in fig["layout"]["annotations"])
    assert "n<sub>h</sub> = 2" in text and "W1 2×2" in text


def test_home_links_every_other_available_page(app_at):
    at = app_at()
    *links, following = at.get("page_link")  # the path's pages, then "Next: … →" at the end
    targets = [link.proto.page for link in links]
    expected = [p for p in AVAILABLE if p.script != DEFAULT_SCRIPT]
    assert [link.proto.label for link in links] == [p.title for p in expected]
    assert following.proto.label == f"Next: {expected[0].title} →"
    assert all(any(p.name in t for t in targets) for p in expected), targets


# -- Data ---------------------------------------------------------------------------------------
def test_data_page_shows_the_split_and_shapes(app_at):
    at = app_at("app_pages/data.py", query={"m": "200", "test": "0.25"})
    assert_clean(at)
    [fig] = list(live_figures(at).values())
    assert sum(array_of(t["x"]).size for t in fig["data"]) == 200
    names = [t["name"] for t in fig["data"]]
    assert names == ["class 0 · train (75)", "class 1 · train (75)", "class 0 · test (25)", "class 1 · test (25)"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"X_train shape": "2×150", "Y_train shape": "1×150",
                       "X_test shape": "2×50", "Y_test shape": "1×50"}
    table = next(m.value for m in at.markdown if m.value.startswith("| | x⁽¹⁾ · column 0 | x⁽²⁾ · column 1"))
    rows = table.splitlines()[2:]
    assert [r.split("|")[1].strip() for r in rows] == ["**x₁**", "**x₂**", "**y**"]
    assert all(r.count("|") == 10 for r in rows)  # the label and 8 examples
    assert any("150 for training" in m.value and "50 for testing" in m.value for m in at.markdown)


def test_new_data_seed_button_draws_new_data(app_at):
    at = app_at("app_pages/data.py")
    trainer = at.session_state[TRAINER] if TRAINER in at.session_state else None
    [before] = list(live_figures(at).values())
    at.button(key="data.new_seed").click().run()
    assert_clean(at)
    seed = setting_widget(at, "data_seed").value
    assert seed != DEFAULTS.data_seed
    assert at.query_params["dseed"] == str(seed)
    [after] = list(live_figures(at).values())
    assert after["data"] != before["data"]
    at.switch_page(DEFAULT_SCRIPT).run()  # the model belongs to its data: a new one
    assert at.session_state[TRAINER] is not trainer


def test_data_page_shows_an_uploaded_dataset(app_at):
    from shallownet.datasets import from_rows
    from shallownet.ui.keys import UPLOAD

    at = app_at()
    rows = [[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0], [0.5, 0.5], [0.2, 0.8], [0.9, 0.1], [0.3, 0.3]]
    at.session_state[UPLOAD] = (from_rows("upload", rows, [0, 1, 1, 0, 1, 0, 1, 0]), "'points.csv', 8 rows")
    at.switch_page("app_pages/data.py").run()
    assert_clean(at)
    assert any("Uploaded data" in h.value for h in at.subheader)
    assert all(b.key != "data.new_seed" for b in at.button)  # the seed belongs to the toy data
    [fig] = list(live_figures(at).values())
    assert sum(array_of(t["x"]).size for t in fig["data"]) == 8
    assert any("8 examples" in m.value and "6 for training" in m.value for m in at.markdown)


def test_more_settings_wait_closed_and_keep_their_values_when_closed_again(app_at):
    from shallownet.ui.state import MAIN_SETTINGS, MORE_OPEN

    at = app_at(query={"noise": "0.35", "dseed": "7"})
    shown = {w.key for w in (*at.sidebar.selectbox, *at.sidebar.slider, *at.sidebar.number_input)}
    assert shown == {f"cfg.{n}" for n in MAIN_SETTINGS}  # the other six are not built
    summary = " ".join(c.value for c in at.sidebar.caption)
    assert "Noise 0.35" in summary and "Data seed 7" in summary
    setting_widget(at, "noise").set_value(0.5).run()  # opens the expander
    at.session_state[MORE_OPEN] = False
    at.run()
    assert at.session_state["cfg.noise"] == 0.5 and at.query_params["noise"] in ("0.5", ["0.5"])
    assert "Noise 0.5" in " ".join(c.value for c in at.sidebar.caption)
    at.switch_page("app_pages/data.py").run()  # and on another page
    assert at.session_state["cfg.noise"] == 0.5 and at.session_state["cfg.data_seed"] == 7
