"""The Experiments page in AppTest: sweeps, the baseline, CSV uploads (good and every kind of
bad) and loading a saved model, driven through the real uploaders."""

from __future__ import annotations

import io

import numpy as np
import pytest

from shallownet.datasets import make_dataset
from shallownet.model_io import params_from_npz, params_to_npz
from shallownet.network import predict
from shallownet.training import Trainer
from shallownet.ui.keys import TRAINER, UPLOAD
from shallownet.upload import template_csv
from tests.conftest import APP, live_figures
from tests.figure_check import assert_charts_valid
from tests.test_upload import BAD_FILES


def charts(at) -> list[dict]:
    """The page's figures in page order (every chart here is a live view), each checked against
    Plotly's schema: they are drawn only after a click, so no page-at-defaults run sees them."""
    assert_charts_valid(at)
    return list(live_figures(at).values())


PAGE = "app_pages/experiments.py"


def open_page():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception
    return at


@pytest.fixture
def page():
    return open_page()


@pytest.fixture(scope="module")
def shared_data_tab():
    """One session for the many bad-file cases: each upload replaces the last one's message."""
    return open_tab(open_page(), "Your data")


@pytest.fixture(scope="module")
def shared_model_tab():
    return open_tab(open_page(), "Load a model")


def open_tab(at, label: str):
    at.session_state["exp.tab"] = label
    at.run()
    assert not at.exception
    return at


def upload(at, name: str, content: bytes, mime="text/csv"):
    at.file_uploader[0].set_value((name, content, mime)).run()
    assert not at.exception
    return at


def texts(elements) -> list[str]:
    return [e.value for e in elements]


# -- sweeps and baseline ----------------------------------------------------------------
def test_page_opens_without_training_and_a_click_runs_the_default_sweep(page):
    assert not charts(page)  # opening the page trains nothing
    assert any("Press **Run sweep** to train 7 networks" in t for t in texts(page.info))
    page.button(key="exp.size.go").click().run()
    boundaries, _ = charts(page)
    assert sum(t["type"] == "heatmap" for t in boundaries["data"]) == 7  # 1, 2, 3, 4, 5, 20, 50
    assert not page.error
    page.multiselect(key="exp.size.sizes").set_value([]).run()  # nothing chosen: the last result stays
    assert not page.exception and page.button(key="exp.size.go").disabled
    assert len(charts(page)) == 2


def test_size_sweep_draws_one_panel_per_size_and_keeps_its_result(page):
    page.multiselect(key="exp.size.sizes").set_value([1, 3, 20]).run()
    page.select_slider(key="exp.size.steps").set_value(500).run()
    page.button(key="exp.size.go").click().run()
    assert not page.exception
    boundaries, accuracy = charts(page)
    assert sum(t["type"] == "heatmap" for t in boundaries["data"]) == 3
    assert [t["x"] for t in accuracy["data"]][0] == ["1", "3", "20"]
    page.run()  # a rerun redraws from the session without training again
    assert len(charts(page)) == 2
    page.multiselect(key="exp.size.sizes").set_value([1, 3]).run()
    assert any("settings have changed" in t for t in texts(page.warning))


def test_rate_sweep_marks_the_diverging_rate(page):
    open_tab(page, "Learning rate")
    page.multiselect(key="exp.rate.rates").set_value([0.1, 100.0]).run()
    page.select_slider(key="exp.rate.steps").set_value(500).run()
    page.button(key="exp.rate.go").click().run()
    assert not page.exception
    (fig,) = charts(page)
    names = [t.get("name", "") for t in fig["data"]]
    assert "α = 0.1" in names and any(n.startswith("α = 100 — diverged at step") for n in names)
    table = page.table[0].value
    assert table["outcome"].iloc[1].startswith("diverged at step")


def test_baseline_tab_compares_with_the_network(page):
    open_tab(page, "Baseline")
    metrics = {m.label: m.value for m in page.metric}
    base = float(metrics["Logistic regression, test accuracy"].rstrip("%"))
    net = float(metrics["Network (n_h = 4), test accuracy"].rstrip("%"))
    assert 50 < base < net <= 100  # a line beats chance on moons; the hidden layer beats the line
    assert any("hidden layer" in t for t in texts(page.success))
    (fig,) = charts(page)
    assert sum(t["type"] == "heatmap" for t in fig["data"]) == 2


# -- your data --------------------------------------------------------------------------
@pytest.fixture
def data_tab(page):
    return open_tab(page, "Your data")


def test_data_tab_states_the_limits_and_offers_a_template(data_tab):
    intro = texts(data_tab.markdown)[0]
    assert "10–5000 rows" in intro and "1 MB" in intro
    assert data_tab.get("download_button")


def test_a_good_csv_replaces_the_data_on_every_page_until_cleared(data_tab):
    at = upload(data_tab, "points.csv", template_csv())
    dataset, description = at.session_state[UPLOAD]
    assert description == "'points.csv', 200 rows" and dataset.X.shape == (2, 200)
    assert any("Using your data — 'points.csv', 200 rows" in t for t in texts(at.success))
    assert "uploaded data ('points.csv', 200 rows)" in texts(at.caption)[0]
    open_tab(at, "Baseline")  # every view now uses the upload
    (fig,) = charts(at)
    assert points_in(fig) == 200
    open_tab(at, "Your data")
    at.button(key="exp.csv.clear").click().run()
    assert UPLOAD not in at.session_state
    assert "moons (400 points)" in texts(at.caption)[0]
    open_tab(at, "Baseline")
    assert points_in(charts(at)[0]) == 400  # back to the toy data


def points_in(fig: dict) -> int:
    """Data points drawn in the first panel (the same data is drawn in every panel)."""
    return sum(len(t["x"]) if isinstance(t["x"], list) else t["x"]["bdata"] and _n(t["x"])
               for t in fig["data"] if t["type"] == "scatter" and t.get("xaxis", "x") == "x")


def _n(encoded: dict) -> int:
    import base64

    return len(base64.b64decode(encoded["bdata"])) // np.dtype(encoded["dtype"]).itemsize


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_each_bad_csv_gets_its_message_and_leaves_the_data_unchanged(shared_data_tab, case):
    raw, phrases = BAD_FILES[case]
    at = upload(shared_data_tab, "bad.csv", raw)
    assert UPLOAD not in at.session_state
    (error,) = texts(at.error)
    assert error.startswith("**'bad.csv'** was not used:")
    for phrase in phrases:
        assert phrase in error
    assert "unchanged: the toy data (moons)" in error


def test_a_bad_csv_keeps_an_earlier_good_upload(data_tab):
    at = upload(data_tab, "good.csv", template_csv())
    before = at.session_state[UPLOAD]
    raw, _ = BAD_FILES["single class"]
    at = upload(at, "oops.csv", raw)
    assert at.session_state[UPLOAD][1] == before[1]
    np.testing.assert_array_equal(at.session_state[UPLOAD][0].X, before[0].X)
    assert "unchanged: your earlier upload ('good.csv', 200 rows)" in texts(at.error)[0]


# -- loading a model ----------------------------------------------------------------------
@pytest.fixture
def model_tab(page):
    return open_tab(page, "Load a model")


def trained_npz(n_h=4, activation="tanh", steps=300) -> tuple[bytes, dict]:
    data = make_dataset("moons", 400, 0.2, 0, 0.25)  # the default settings' data
    t = Trainer(data, n_h, activation)
    t.step(steps, 1.2)
    return params_to_npz(t.params, activation, t.iteration), t.params


def test_export_import_round_trip_gives_the_same_predictions():
    blob, params = trained_npz()
    loaded, activation = params_from_npz(blob, 2, 4)
    assert activation == "tanh"
    X = make_dataset("circles", 300, 0.1, 5).X
    np.testing.assert_array_equal(predict(loaded, X), predict(params, X))
    # through a trainer (float32): the values saved from a trainer survive exactly
    t = Trainer(make_dataset(), 4)
    t.reset(params=loaded)
    for k in params:
        np.testing.assert_array_equal(t.params[k], params[k])


def test_loading_a_model_continues_from_it(model_tab):
    blob, params = trained_npz()
    at = upload(model_tab, "model.npz", blob, "application/octet-stream")
    trainer = at.session_state[TRAINER]
    for k in params:
        np.testing.assert_array_equal(trainer.params[k], params[k])
    assert trainer.iteration == 0
    assert any("Loaded **'model.npz'**" in t for t in texts(at.success))
    X = trainer.data.X
    np.testing.assert_array_equal(predict(trainer.params, X), predict(params, X))
    assert len(charts(at)) == 1
    # the page redraws the loaded model and the trainer keeps it
    at.run()
    assert at.session_state[TRAINER] is trainer


def test_a_model_with_another_activation_asks_before_switching(model_tab):
    blob, params = trained_npz(activation="relu")
    at = upload(model_tab, "relu.npz", blob)
    assert any("trained with the activation g = relu" in t for t in texts(at.warning))
    before = at.session_state[TRAINER].params
    np.testing.assert_array_equal(before["W1"], at.session_state[TRAINER].params["W1"])
    at.button(key="exp.npz.switch_g").click().run()
    assert not at.exception
    assert at.session_state["cfg.activation"] == "relu"
    trainer = at.session_state[TRAINER]
    assert trainer.activation == "relu"
    np.testing.assert_array_equal(trainer.params["W1"], params["W1"])


def test_a_model_with_another_width_offers_to_switch_n_h(model_tab):
    blob, params = trained_npz(n_h=7)
    at = upload(model_tab, "wide.npz", blob)
    (error,) = texts(at.error)
    assert "W1 has shape (7, 2) but this network needs (4, 2)" in error and "unchanged" in error
    at.button(key="exp.npz.switch_n_h").click().run()
    assert at.session_state["cfg.n_h"] == 7
    np.testing.assert_array_equal(at.session_state[TRAINER].params["W2"], params["W2"])


def _npz(**arrays) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


GOOD = dict(W1=np.ones((4, 2)), b1=np.zeros((4, 1)), W2=np.ones((1, 4)), b2=np.zeros((1, 1)))
BAD_MODELS = {
    "not an npz": (b"hello, world", "not an .npz archive"),
    "binary junk": (bytes(range(256)) * 4, "not an .npz archive"),
    "corrupt zip": (b"PK\x03\x04" + b"\x00" * 64, "not a readable .npz"),
    "pickled object": (_npz(**{**GOOD, "W1": np.array([{"a": 1}], dtype=object)}), "pickled"),
    "missing key": (_npz(W1=GOOD["W1"], b1=GOOD["b1"], W2=GOOD["W2"]), "missing b2"),
    "NaN weights": (_npz(**{**GOOD, "W2": np.full((1, 4), np.nan)}), "W2 contains NaN"),
    "wrong n_x": (_npz(**{**GOOD, "W1": np.ones((4, 3))}), "W1 has shape (4, 3)"),
    "text array": (_npz(**{**GOOD, "b2": np.array([["x"]])}), "not numbers"),
}


@pytest.mark.parametrize("case", list(BAD_MODELS))
def test_bad_model_files_are_refused_and_the_model_stays(shared_model_tab, case):
    raw, phrase = BAD_MODELS[case]
    before = shared_model_tab.session_state[TRAINER].params
    at = upload(shared_model_tab, "bad.npz", raw)
    (error,) = texts(at.error)
    assert error.startswith("**'bad.npz'** was not loaded:") and phrase in error, error
    assert "exp.npz.switch_n_h" not in [b.key for b in at.button]
    after = at.session_state[TRAINER].params
    for k in before:
        np.testing.assert_array_equal(after[k], before[k])


def test_the_over_fitting_button_asks_then_shows_a_train_test_gap(page):
    page.button(key="exp.size.overfit").click().run()
    assert not page.exception
    assert page.session_state["cfg.n_samples"] == 400  # nothing changes before the answer
    (question,) = [t for t in texts(page.warning) if "Change them" in t]
    assert ("changes 4 settings in the sidebar: Samples (train + test) 400 → 80; Noise 0.2 → 0.35; "
            "Test fraction 0.25 → 0.5; Data seed 0 → 9.") in question, question
    page.button(key="exp.size.overfit_yes").click().run()
    assert page.session_state["cfg.n_samples"] == 80 and page.session_state["cfg.noise"] == 0.35
    assert ("Changed 4 settings: Samples (train + test) 400 → 80; Noise 0.2 → 0.35; Test fraction 0.25 → 0.5; "
            "Data seed 0 → 9.") in texts(page.success)
    _, accuracy = charts(page)
    train, test = (np.array(t["y"]) for t in accuracy["data"])
    assert train[-1] - test[-1] >= 0.15 * 100  # n_h = 50: far better on train than on test
    assert not any("settings have changed" in t for t in texts(page.warning))
