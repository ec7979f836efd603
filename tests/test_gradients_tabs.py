"""The Gradients page's smaller texts and choices (shallownet.gradients_tabs), without Streamlit."""

from __future__ import annotations

from types import SimpleNamespace as NS

import numpy as np
import pytest

from shallownet import gradients_tabs as gt


@pytest.mark.parametrize(("steps", "lr"), [(50, 1.2), (200, 0.05)])
def test_untrained_text_and_train_label(steps, lr):
    assert gt.untrained_text(steps, lr) == (f"This network has not been trained yet: run {steps} steps of gradient "
                                            f"descent (α = {lr:g}) to see how its gradients change.")
    assert gt.train_label(0, steps) == f"Train {steps} steps"
    assert gt.train_label(7, steps) == f"Train {steps} more steps"


def test_cap_text():
    assert gt.cap_text(20_000).startswith("Iteration 20,000: the most a session trains for.")


@pytest.mark.parametrize(("inspected", "seen", "iteration", "follow"), [
    (40, 100, 100, False),  # still there, no training since: keep the cursor
    (40, 100, 150, True),  # trained since
    (45, 100, 100, True),  # no longer kept
    (None, None, 0, True),  # first visit
])
def test_follow_latest(inspected, seen, iteration, follow):
    assert gt.follow_latest([0, 20, 40, 100], inspected, seen, iteration) is follow


def _history(t: int) -> dict:
    k = np.arange(t + 1, dtype=float)
    return {"norm_dW1": 1 / (k + 1), "norm_db1": 2 / (k + 1), "norm_dW2": 3 / (k + 1), "norm_db2": 4 / (k + 1),
            "train_cost": 0.7 - k / 1000}


def test_norms_text_at_two_iterations():
    h = _history(100)
    assert gt.norms_text(h, 0, [0]) == ("At iteration **0**: ‖dW1‖ = 1, ‖db1‖ = 2, ‖dW2‖ = 3, ‖db2‖ = 4; "
                                        "cost J = 0.7000.")
    assert gt.norms_text(h, 99, [0, 50, 99]) == (
        "At iteration **99**: ‖dW1‖ = 0.01, ‖db1‖ = 0.02, ‖dW2‖ = 0.03, ‖db2‖ = 0.04; cost J = 0.6010."
        " (Snapshot 3 of 3.)")


@pytest.mark.parametrize(("n_h", "labelled"), [(4, True), (30, False)])
def test_norms_caption_numbers_dw2_only_when_its_cells_are_wide(n_h, labelled):
    text = gt.norms_caption(n_h, 20)
    assert text.endswith(" and dW2.") is labelled
    assert (f"dW2's {n_h} cells are too narrow" in text) is not labelled


def test_warnings_name_only_the_runs_that_diverged():
    runs = [NS(activation="relu", divergence="Training diverged at step 3."), NS(activation="tanh", divergence="")]
    assert gt.activation_warnings(runs) == ["ReLU: Training diverged at step 3."]
    results = [NS(name="scale 10", run=NS(divergence="Training diverged at step 9.")),
               NS(name="Xavier", run=NS(divergence=""))]
    assert gt.scale_warnings(results) == ["Scale 10: Training diverged at step 9."]


@pytest.mark.parametrize(("args", "start"), [((50, 0, 4, 1.2, 1.0), "Each run: 50 full-batch steps from the same "
                                              "seed (0), n_h = 4, α = 1.2, init scale 1."),
                                             ((300, 7, 16, 0.05, 0.01), "Each run: 300 full-batch steps from the "
                                              "same seed (7), n_h = 16, α = 0.05, init scale 0.01.")])
def test_activations_caption(args, start):
    assert gt.activations_caption(*args).startswith(start)


@pytest.mark.parametrize(("sidebar", "first"), [("sigmoid", "sigmoid"), ("tanh", "tanh"), ("relu", "tanh")])
def test_default_scale_activation(sidebar, first):
    assert gt.default_scale_activation(sidebar) == first


def _zero(cost_zero: float, cost_random: float, steps: int = 300):
    start = lambda c: NS(run=NS(steps=steps, history={"train_cost": np.array([0.69, c])}))  # noqa: E731
    return NS(zero=start(cost_zero), random=start(cost_random), m=150, share_class1=1 / 3)


@pytest.mark.parametrize(("n_h", "shown"), [(4, ""), (12, "Showing the first 8 of 12 units.")])
def test_zero_caption(n_h, shown):
    text = gt.zero_caption(_zero(0.6, 0.3), n_h, 8)
    assert "after 300 steps (same data, seed and α; 150 training examples, 33% of class 1). " in text
    assert text.endswith(shown)


@pytest.mark.parametrize(("zero", "random", "close"), [(0.600, 0.590, True), (0.600, 0.300, False)])
def test_zero_cost_caption_says_close_only_when_the_costs_are(zero, random, close):
    text = gt.zero_cost_caption(_zero(zero, random))
    assert text.startswith(f"Cost after 300 steps: {zero:.3f} from the zero start, {random:.3f} from the random")
    assert ("Close, this early" in text) is close


@pytest.mark.parametrize(("n_h", "shown"), [(3, 3), (10, 8)])
def test_w1_table_shows_the_first_rows(n_h, shown):
    W1 = np.arange(n_h * 2, dtype=float).reshape(n_h, 2)
    table = gt.w1_table(W1, 8)
    assert list(table.columns) == ["w·x1", "w·x2"]
    assert list(table.index) == [f"unit {i + 1}" for i in range(shown)]
    assert table.to_numpy().tolist() == W1[:shown].tolist()
