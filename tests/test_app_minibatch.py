"""The Mini-batch page and the batch-size setting: AppTest runs at two settings, the link
parameter batch=, the Training page's trainer, and the batch size in the exported files."""

from __future__ import annotations

import io

import numpy as np
import pytest

from shallownet.datasets import make_dataset
from shallownet.export import HISTORY_COLUMNS, history_csv, trainer_npz
from shallownet.model_io import params_from_npz, params_to_npz, saved_batch_size
from shallownet.network import init_params
from shallownet.training import Trainer
from shallownet.ui.keys import TRAINER
from shallownet.ui.settings import DEFAULTS, FIELD_BY_KEY, from_query, to_query
from tests.conftest import charts, setting_widget
from tests.figure_check import assert_charts_valid

PAGE = "app_pages/minibatch.py"


def main_texts(at) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info])


@pytest.mark.parametrize(("query", "m_train", "expect"), [
    ({}, 300, ["b = 64: 5 steps", "b = 1 (stochastic): 300 steps", "300 = 4·64 + 44"]),
    ({"data": "spiral", "h": "20", "g": "relu"}, 300, ["b = 8: 38 steps", "P = 81 parameters"]),
    ({"data": "xor", "m": "60", "h": "3", "g": "relu"}, 45,
     ["b = 64 (= full batch): 1 step", "only 45 examples, so b = 64 is full batch", "b ≥ m_train = 45"]),
])
def test_page_at_two_settings(app_at, query, m_train, expect):
    at = app_at(PAGE, query=query)
    assert not at.exception
    text = main_texts(at)
    for needle in expect:
        assert needle in text, needle
    assert f"each of the {m_train} training examples once" in text
    assert "measured on this server" in text
    figs = charts(at)
    assert len(figs) == 4
    assert_charts_valid(at)
    # the loss-landscape map: the four runs' paths, the common start, the sentences beside it
    lines = [t for t in figs[3]["data"] if t.get("meta") == "path"]
    assert [t["name"] for t in lines] == ["full batch", "b = 64", "b = 8", "b = 1 (stochastic)"]
    assert any(t.get("meta") == "common start" for t in figs[3]["data"])
    assert "through three points of parameter space" in text and "wandered most" in text
    assert "the map shows J on one 2-D plane" in text
    shapes = [el.proto.body for el in at.get("latex")]
    cols = min(64, m_train)  # the equations of b = 64's first batch: (n_x, b), or the whole set
    assert any(rf"_{{2\times {cols}}}" in s and r"X^{\{t\}}" in s for s in shapes)


def test_page_epochs_and_equation_batch_controls(app_at):
    at = app_at(PAGE)
    at.slider(key="mb.epochs").set_value(2).run()
    assert not at.exception
    assert "After 2 epochs" in main_texts(at)
    at.button_group(key="mb.eq_batch").set_value(8).run()
    assert not at.exception
    assert any(r"_{2\times 8}" in el.proto.body for el in at.get("latex"))
    assert "Here b = 8" in main_texts(at)


@pytest.mark.parametrize(("raw", "value", "warned"), [("8", "8", False), ("full", "full", False),
                                                       ("7", "full", True), ("-1", "full", True)])
def test_batch_link_parameter_is_validated(raw, value, warned):
    settings, problems = from_query({"batch": raw})
    assert settings.batch == value and bool(problems) == warned
    if warned:
        assert "(batch=" in problems[0] and problems[0].endswith("using the default full.")
    assert to_query(settings)["batch"] == value
    assert FIELD_BY_KEY["batch"].group == "Training"
    assert DEFAULTS.batch_size == 0 and from_query({"batch": "64"})[0].batch_size == 64


def test_training_page_uses_the_batch_setting_and_keeps_the_parameters(app_at):
    at = app_at("app_pages/training.py", query={"batch": "8"})
    assert not at.exception
    trainer = at.session_state[TRAINER]
    assert trainer.effective_batch_size == 8
    assert any("mini-batch gradient descent: 38 steps of b = 8" in c.value for c in at.caption)
    trainer.step(3, 1.2)
    before = trainer.params["W1"].copy()
    setting_widget(at, "batch").set_value("full").run()
    assert not at.exception
    assert at.session_state[TRAINER] is trainer and trainer.iteration == 3
    assert np.array_equal(trainer.params["W1"], before)
    assert trainer.effective_batch_size == 300
    assert any("full-batch gradient descent on the 300" in c.value for c in at.caption)


def test_exports_carry_the_batch_size_and_old_files_still_load():
    data = make_dataset("moons", 400, seed=0)
    t = Trainer(data, 4, batch_size=8)
    t.step(40, 1.0)
    blob = trainer_npz(t)
    params, activation = params_from_npz(blob, 2, 4)
    assert activation == "tanh" and saved_batch_size(blob) == 8
    np.testing.assert_array_equal(params["W1"], t.params["W1"])
    t.set_batch_size(0)
    assert saved_batch_size(trainer_npz(t)) == 0
    # a file saved before batch sizes existed: the four arrays, activation and iteration only
    buf = io.BytesIO()
    old = init_params(2, 4, seed=1)
    np.savez(buf, **old, activation=np.array("relu"), iteration=np.array(7))
    params, activation = params_from_npz(buf.getvalue(), 2, 4)
    assert activation == "relu" and saved_batch_size(buf.getvalue()) is None
    assert saved_batch_size(params_to_npz(old, "tanh", 3, 64)) == 64
    rows = history_csv(t.history()).splitlines()
    assert rows[0].split(",") == list(HISTORY_COLUMNS) and rows[0].endswith("epoch,batch_examples,batch_cost")
    # iteration 40 (the last step, with b = 8): epoch 2, a batch of 8 examples
    last = dict(zip(HISTORY_COLUMNS, rows[-1].split(","), strict=True))
    assert (last["iteration"], last["epoch"], last["batch_examples"]) == ("40", "2", "8")


def test_gradients_page_says_its_norms_are_the_batch_gradients(app_at):
    at = app_at("app_pages/gradients.py", query={"batch": "8"})
    assert not at.exception
    assert any("each norm is that of the gradient on the batch of 8 examples" in c.value for c in at.caption)
    at = app_at("app_pages/gradients.py")
    assert not any("gradient on the batch" in c.value for c in at.caption)
