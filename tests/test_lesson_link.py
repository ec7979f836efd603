"""Lesson links without Streamlit: what ``hide=``, ``lock=`` and ``it=`` parse to, what a bad item
says, the full link and its QR code (decoded by zxing-cpp, an independent reader), and the texts
that say what a link does not reproduce, each at two settings."""

from __future__ import annotations

import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shallownet.experiments_lesson import loaded_iteration_note, overfit_done, overfit_question, saved_text
from shallownet.model_io import params_from_npz, params_to_npz, saved_iteration
from shallownet.network import init_params
from shallownet.training.trainer import MAX_ITERATION
from shallownet.ui.lesson_link import TAB_NAMES, Lesson, link, parse, qr_png, reproduction_note, upload_note
from shallownet.ui.settings import DEFAULTS, changes, from_query


def test_a_lesson_link_names_settings_pages_and_tabs():
    lesson, problems = parse({"hide": "lr,init,page:experiments,tab:baseline", "lock": ["data", "h"], "it": "600"})
    assert problems == []
    assert lesson == Lesson(("lr", "init"), ("experiments",), ("baseline",), ("data", "h"), 600)
    assert lesson.page_hidden("app_pages/experiments.py") and not lesson.page_hidden("app_pages/data.py")
    assert lesson.shown_tabs(("Hidden-layer size", "Baseline", "Your data")) == ("Hidden-layer size", "Your data")
    assert lesson.query() == {"hide": "lr,init,page:experiments,tab:baseline", "lock": "data,h", "it": "600"}
    other, _ = parse({"hide": "page:shapes, tab:zero-start ,g", "lock": "lr,lr"})
    assert other == Lesson(("g",), ("shapes",), ("zero-start",), ("lr",), 0)
    assert other.query() == {"hide": "g,page:shapes,tab:zero-start", "lock": "lr"}
    assert Lesson().query() == {} and parse({})[0] == Lesson()


@pytest.mark.parametrize("query, expected", [
    ({"hide": "speed"}, "Lesson link (hide='speed'): not a setting (settings: data, m,"),
    ({"hide": "page:nowhere"}, "Lesson link (hide=`'page:nowhere'`): there is no page of that name (pages: data,"),
    ({"hide": "page:home"}, "Lesson link (hide=`'page:home'`): Home cannot be hidden"),
    ({"hide": "tab:tea"}, "Lesson link (hide=`'tab:tea'`): there is no tab of that name (tabs: phase-by-phase,"),
    ({"lock": "page:data"}, "Lesson link (lock=`'page:data'`): not a setting"),
    ({"it": "abc"}, "Iteration (it='abc'): not a whole number ≥ 0; starting at iteration 0."),
    ({"it": "-5"}, "Iteration (it='-5'): not a whole number ≥ 0; starting at iteration 0."),
    ({"it": "٣"}, "Iteration (it="),  # an Arabic-Indic three is a digit to str.isdigit, not a count here
    ({"it": "99999"}, f"Iteration (it='99999'): beyond the cap of {MAX_ITERATION:,} iterations; training to"),
])
def test_a_bad_item_is_named_with_what_was_used(query, expected):
    lesson, problems = parse(query)
    assert len(problems) == 1 and problems[0].startswith(expected), problems
    assert lesson.iteration == (MAX_ITERATION if query.get("it") == "99999" else 0)
    assert lesson.hidden_settings == lesson.hidden_pages == lesson.hidden_tabs == lesson.locked == ()


def test_a_crafted_item_is_quoted_as_code_not_markdown():
    _, (problem,) = parse({"hide": "[x](http://evil)"})
    assert "`'[x](http://evil)'`" in problem


def test_the_settings_do_not_call_the_lesson_keys_unknown():
    settings, problems = from_query({"hide": "lr", "lock": "h", "it": "600", "h": "7", "zoom": "2"})
    assert settings.n_h == 7 and problems == ["Unknown link parameter 'zoom' was ignored."]


def test_every_tab_name_is_a_readable_slug():
    assert "baseline" in TAB_NAMES and "zero-start" in TAB_NAMES and "one-example-s-path" in TAB_NAMES
    assert all(name == name.lower() and " " not in name for name in TAB_NAMES)


@pytest.mark.parametrize("base, query, expected", [
    ("https://shallownet.streamlit.app/", {"h": "6", "hide": "lr,page:data"},
     "https://shallownet.streamlit.app/?h=6&hide=lr,page:data"),
    ("http://localhost:8614/training?x=1", {"lr": "0.5", "it": "600", "odd": "a b&c"},
     "http://localhost:8614/training?lr=0.5&it=600&odd=a%20b%26c"),
])
def test_the_full_link_keeps_commas_and_colons_readable(base, query, expected):
    assert link(base, query) == expected


@pytest.mark.parametrize("url", [
    "http://localhost:8614/?data=moons&m=400&noise=0.2&test=0.25&dseed=0&h=4&g=tanh&init=0.01&seed=0&lr=1.2",
    "https://shallownet.streamlit.app/training?data=spirals&h=50&lr=0.05&hide=lr,page:experiments&lock=h&it=600",
])
def test_the_qr_code_decodes_to_the_link(url):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    image = Image.open(io.BytesIO(qr_png(url)))
    (found,) = zxingcpp.read_barcodes(image)
    assert found.text == url and found.format == zxingcpp.BarcodeFormat.QRCode


def test_a_link_reproduces_a_run_at_one_learning_rate_and_says_when_it_does_not():
    assert reproduction_note(np.full(600, 1.2), 600, 1.2, loaded=False) == ""
    assert reproduction_note([], 0, 1.2, loaded=False) == ""
    two = reproduction_note(np.r_[np.full(300, 1.2), np.full(300, 0.3)], 600, 0.3, loaded=False)
    assert two == ("The link retrains all 600 steps at one learning rate, α = 0.3. This run used 2 learning "
                   "rates (α = 1.2, 0.3), so the class's network at iteration 600 will differ from yours.")
    one_other = reproduction_note(np.full(40, 0.5), 40, 2.0, loaded=False)
    assert "all 40 steps at one learning rate, α = 2" in one_other and "This run used α = 0.5, so" in one_other
    assert reproduction_note(np.full(10, 1.2), 10, 1.2, loaded=True).startswith(
        "This network was loaded from a file. The link retrains 10 steps")


def test_a_link_made_during_an_upload_says_the_class_gets_the_toy_data():
    assert upload_note(None) == ""
    assert upload_note("mine.csv, 120 points").startswith(
        "Your uploaded data (mine.csv, 120 points) is not in the link: the class gets the toy dataset")


def test_setting_changes_and_the_over_fitting_question_name_each_change():
    preset = (("n_samples", 80), ("noise", 0.35))
    todo = changes(DEFAULTS, preset)
    assert todo == [("Samples (train + test)", "400", "80"), ("Noise", "0.2", "0.35")]
    assert overfit_question(todo, 250) == (
        "This changes 2 settings in the sidebar: Samples (train + test) 400 → 80; Noise 0.2 → 0.35. The data "
        "changes, so the Training page's network (now at iteration 250) starts again from iteration 0. "
        "Change them and run the sweep?")
    assert overfit_question(todo[1:], 0) == ("This changes 1 setting in the sidebar: Noise 0.2 → 0.35. "
                                             "Change them and run the sweep?")
    assert overfit_done(todo[:1]) == "Changed 1 setting: Samples (train + test) 400 → 80."
    assert changes(DEFAULTS, (("n_samples", 400),)) == [] and overfit_done([]).startswith("The sidebar already")


def test_a_model_file_keeps_its_iteration_and_an_older_one_says_it_is_unknown():
    params = init_params(2, 3, scale=0.5, seed=1)
    blob = params_to_npz(params, "tanh", 1000)
    params_from_npz(blob, 2, 3)  # a file the checks accept
    assert saved_iteration(blob) == 1000 and saved_iteration(params_to_npz(params, "relu", 7)) == 7
    old = io.BytesIO()
    np.savez(old, **params, activation=np.array("tanh"))  # as files were saved before the count
    assert saved_iteration(old.getvalue()) is None
    odd = io.BytesIO()
    np.savez(odd, **params, iteration=np.array([1.5, 2.0]))  # not a count
    assert saved_iteration(odd.getvalue()) is None
    assert saved_text(None).endswith("that count is unknown.")
    assert saved_text(1000) == "It was saved after 1,000 training steps."
    assert loaded_iteration_note("a.npz", 1000) == (
        "This network was loaded from **'a.npz'**, saved after 1,000 steps: the iteration here continues that "
        "count from 1,000 (Reset goes back there).")
    assert loaded_iteration_note("c.npz", 250).endswith("continues that count from 250 (Reset goes back there).")
    assert loaded_iteration_note("b.npz", None) == (
        "This network was loaded from **'b.npz'**, which does not say how many steps it had been trained: the "
        "iteration here counts the steps since it was loaded, from 0.")


def test_a_mangled_link_gets_a_few_warnings_not_hundreds():
    lesson, problems = parse({"hide": ",".join(f"x{i}" for i in range(500)) + ",lr", "lock": "a,b"})
    assert lesson.hidden_settings == ("lr",) and len(problems) == 3 + 1 + 2
    assert "Lesson link (hide=…): 497 more items that are not understood were ignored." in problems


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["hide", "lock", "it"]),
                       st.one_of(st.text(max_size=60), st.lists(st.text(max_size=20), max_size=4))))
def test_no_link_breaks_the_parser(query):
    lesson, problems = parse(query)
    assert isinstance(lesson, Lesson) and all(isinstance(p, str) for p in problems)
    assert 0 <= lesson.iteration <= MAX_ITERATION
    assert parse(lesson.query())[0] == lesson  # what a lesson writes, it reads back


def test_a_model_saved_after_a_load_counts_every_step():
    from shallownet.datasets import make_dataset
    from shallownet.export import trainer_npz
    from shallownet.training import Trainer

    trainer = Trainer(make_dataset("moons", 60, 0.2, 0, 0.25), 3)
    trainer.step(25, 1.2)
    assert saved_iteration(trainer_npz(trainer)) == 25
    loaded = Trainer(make_dataset("moons", 60, 0.2, 0, 0.25), 3, params=trainer.params, start_iteration=1000)
    loaded.step(25, 1.2)
    assert saved_iteration(trainer_npz(loaded)) == 1025  # 1000 + 25
    assert saved_iteration(trainer_npz(loaded, count_known=False)) is None  # unknown stays unknown
