"""The Experiments page's lesson functions, without Streamlit: the sweep keys and prompts, the
rate table, the baseline verdict and its margin, and the four states of loading a model file."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pytest

from shallownet import experiments_lesson as lesson
from shallownet.model_io import params_to_npz
from shallownet.network import init_params
from shallownet.sweeps import Baseline, NetworkRun, RateRun
from shallownet.ui.settings import DEFAULTS


def baseline(train_acc: float, test_acc: float) -> Baseline:
    return Baseline(np.array([1.0, -2.0]), 0.5, train_acc, test_acc, None, train_cost=0.4, C=1.0)


def network(train_acc: float, test_acc: float, divergence: str | None = None) -> NetworkRun:
    return NetworkRun(4, "tanh", 1.2, 3000, 3000, train_acc, test_acc, 0.1, divergence, {}, None)


@pytest.mark.parametrize(("net", "base", "kind", "says"), [
    ((0.95, 0.93), (0.85, 0.80), "success", "wins by 13 points on the test data"),
    ((0.95, 0.84), (0.85, 0.80), "success", "(95% against 85%)"),  # 4 test points: the training data decides
    ((0.88, 0.83), (0.85, 0.80), "info", "about as well"),
])
def test_the_baseline_verdict_needs_five_points(net, base, kind, says):
    got_kind, text = lesson.baseline_verdict(baseline(*base), network(*net), n_test=40)
    assert got_kind == kind and says in text
    if kind == "success" and "far better" in text:
        assert "On these 40 test points the margin is smaller (84% against 80%)" in text


def test_a_diverged_network_is_a_warning_whatever_the_accuracies():
    assert lesson.baseline_verdict(baseline(0.5, 0.5), network(1.0, 1.0, "J became NaN"), 10) == (
        "warning", "J became NaN")


@pytest.mark.parametrize(("net_test", "base_test", "gain"), [(0.93, 0.80, "+13 points"), (0.70, 0.75, "-5 points")])
def test_the_accuracy_gain_is_signed(net_test, base_test, gain):
    assert lesson.accuracy_gain(baseline(1, base_test), network(1, net_test)) == gain


@pytest.mark.parametrize(("labels", "share"), [([1, 1, 1, 0], 0.75), ([0, 0, 1, 1, 1, 0, 0, 0], 0.625)])
def test_majority_share_is_the_larger_class_of_the_test_split(labels, share):
    data = SimpleNamespace(Y_test=np.array([labels], float), Y_train=np.ones((1, 3)))
    assert lesson.majority_share(data) == share
    no_test = SimpleNamespace(Y_test=np.zeros((1, 0)), Y_train=np.array([labels], float))
    assert lesson.majority_share(no_test) == share


def test_the_sweep_keys_change_with_what_the_result_depends_on():
    key = lesson.size_sweep_key(("moons",), [5, 1], DEFAULTS, 500)
    assert key == lesson.size_sweep_key(("moons",), [1, 5], DEFAULTS, 500)  # the order chosen does not matter
    assert key != lesson.size_sweep_key(("moons",), [1, 5], replace(DEFAULTS, learning_rate=0.1), 500)
    assert key == lesson.size_sweep_key(("moons",), [1, 5], replace(DEFAULTS, n_h=9), 500)  # n_h is swept
    rate = lesson.rate_sweep_key(("moons",), [0.1], DEFAULTS, 500)
    assert rate != lesson.rate_sweep_key(("moons",), [0.1], replace(DEFAULTS, n_h=9), 500)
    assert rate == lesson.rate_sweep_key(("moons",), [0.1], replace(DEFAULTS, learning_rate=3.0), 500)
    assert lesson.staleness(key, key, "moons") is None
    assert "these results are for moons (400 points)." in lesson.staleness(key, rate, "moons (400 points)")


@pytest.mark.parametrize(("n", "steps"), [(3, 500), (8, 5000)])
def test_the_prompts_count_the_networks(n, steps):
    assert f"train {n} networks ({steps:,} steps each)" in lesson.size_prompt(n, steps)
    assert f"with {n} learning rates ({steps:,} steps each)" in lesson.rate_prompt(n, steps)
    assert lesson.size_prompt(0, steps).startswith("Choose at least one size")
    assert lesson.rate_prompt(0, steps).startswith("Choose at least one rate")


def test_the_rate_rows_say_how_each_run_ended():
    runs = [RateRun(0.1, np.arange(3), np.array([0.7, 0.6, 0.51234]), 0.8, 0.75, None, None),
            RateRun(100.0, np.arange(2), np.array([0.7, 9.0]), 0.5, 0.4, 2, "J became inf")]
    rows = lesson.rate_rows(runs)
    assert rows[0] == {"α": "0.1", "final cost J": "0.5123", "train accuracy": "80%", "test accuracy": "75%",
                       "outcome": "finished"}
    assert rows[1]["α"] == "100" and rows[1]["outcome"] == "diverged at step 2: J became inf"


# -- the four states of a model file ---------------------------------------------------------
@pytest.mark.parametrize("n_h", [3, 6])
def test_a_fitting_file_loads_and_a_file_for_another_activation_waits(n_h):
    params = init_params(2, n_h, scale=0.3, seed=n_h)
    found = lesson.check_model_file(params_to_npz(params, "tanh"), "m.npz", 2, n_h, "tanh")
    assert (found.kind, found.activation) == ("load", "tanh")
    np.testing.assert_array_equal(found.params["W1"], params["W1"])
    found = lesson.check_model_file(params_to_npz(params, "relu"), "m.npz", 2, n_h, "tanh")
    assert (found.kind, found.activation, found.name) == ("pending", "relu", "m.npz")


@pytest.mark.parametrize(("file_n_h", "n_h"), [(7, 4), (60, 4)])
def test_a_file_for_another_n_h_is_refused_and_names_its_n_h(file_n_h, n_h):
    blob = params_to_npz(init_params(2, file_n_h, seed=1), "tanh")
    found = lesson.check_model_file(blob, "big.npz", 2, n_h, "tanh")
    assert (found.kind, found.file_n_h, found.params) == ("error", file_n_h, None)
    assert lesson.can_switch_n_h(found.file_n_h, 50) == (file_n_h <= 50)
    text = lesson.model_error_text("big.npz", found.message)
    assert text.startswith(f"**'big.npz'** was not loaded: {found.message}")


def test_a_damaged_file_is_refused_without_an_n_h_to_switch_to():
    found = lesson.check_model_file(b"not a zip", "x.npz", 2, 4, "tanh")
    assert found.kind == "error" and found.file_n_h is None and not lesson.can_switch_n_h(None, 50)


@pytest.mark.parametrize(("file_activation", "note", "saved", "steps"), [
    ("relu", "", 1000, "It was saved after 1,000 training steps."),
    (None, " (the file does not name its activation)", None,
     "The file does not say how many steps it was trained (an older file): that count is unknown."),
])
def test_the_loaded_text_names_the_network_and_its_accuracies(file_activation, note, saved, steps):
    loaded = dict(name="m.npz", n_h=5, activation="relu", file_activation=file_activation,
                  train_acc=0.876, test_acc=0.5, saved_iteration=saved)
    assert lesson.loaded_text(loaded) == (f"Loaded **'m.npz'** into the trainer: n_h = 5, g = relu{note}. At the "
                                          f"loaded parameters: train accuracy 88%, test accuracy 50%. {steps}")
    assert "trained with the activation g = relu, but the app is set to g = tanh" in lesson.pending_text(
        "m.npz", "relu", "tanh")


@pytest.mark.parametrize(("settings", "said"), [
    (DEFAULTS, "g = tanh, α = 1.2, init scale 0.01, init seed 0"),
    (replace(DEFAULTS, activation="relu", learning_rate=0.05, init_scale=0.5, init_seed=7),
     "g = relu, α = 0.05, init scale 0.5, init seed 7"),
])
def test_the_baseline_caption_names_the_training_and_the_line(settings, said):
    assert lesson.run_settings(settings) == said
    text = lesson.baseline_caption("moons (400 points)", settings, baseline(0.9, 0.8), network(1, 1), 300)
    assert text.startswith(f"moons (400 points) · network: {said}, 3,000 steps. Fitted line: 1·x1 − 2·x2 + 0.5 = 0")
    assert "C = 1, on the 300 training points; its cost there: J = 0.400)." in text
