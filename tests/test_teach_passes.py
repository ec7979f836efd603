"""What the Forward and Backward pages teach: questions, callouts and corrected sentences.

Every expected value is worked out here independently of the code under test (hand-written
sigmoid and cost, shapes from the sizes chosen), at two settings that give different numbers.
The page texts are read through AppTest.
"""

from __future__ import annotations

import numpy as np
import pytest

from shallownet.network import init_params
from shallownet.questions import check
from shallownet.questions.passes import (
    backward_questions,
    dw1_shape,
    dz2_sign_class1,
    forward_questions,
    initial_cost,
    shapes_when_m_doubles,
    z1_shape,
    zero_start_dw2,
)
from shallownet.stepthrough import (
    BACKWARD_IDS,
    FORWARD_IDS,
    coin_flip_callout,
    linear_regime_callout,
    phase_span,
    trace_iteration,
)


def data(n_x=2, m=30, seed=0, ones=None):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_x, m))
    Y = (rng.random((1, m)) > 0.5).astype(float) if ones is None else (np.arange(m) < ones)[None, :] * 1.0
    return X, Y


def traced(n_h=4, m=30, scale=0.01, activation="tanh", seed=0, ones=None):
    X, Y = data(m=m, seed=seed, ones=ones)
    params = init_params(X.shape[0], n_h, scale=scale, seed=seed)
    return params, trace_iteration(params, X, Y, activation, 1.2)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def hand_cost(params, X, Y, g=np.tanh):
    A2 = sigmoid(params["W2"] @ g(params["W1"] @ X + params["b1"]) + params["b2"])
    return float(-np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))), A2


# -- questions ------------------------------------------------------------------------
@pytest.mark.parametrize("n_h, m", [(4, 30), (8, 51)])
def test_shape_questions_expect_the_sizes_chosen(n_h, m):
    _, t = traced(n_h=n_h, m=m)
    q = z1_shape(t)
    assert q.expected == (n_h, m) and check(q, f"({n_h}, {m})")[0] is True
    assert check(q, f"({m}, {n_h})")[0] is False
    q = dw1_shape(t)
    assert q.expected == (n_h, 2) and check(q, f"{n_h}x2")[0] is True
    q = shapes_when_m_doubles(t)
    assert str(2 * m) in q.prompt and q.expected.startswith("X, Z1, A1, Z2, A2")
    assert "W1, b1, W2, b2 keep their shapes" in q.answer


@pytest.mark.parametrize("scale, near_half", [(0.01, True), (3.0, False)])
def test_the_cost_before_training_is_read_from_the_iteration_0_parameters(scale, near_half):
    params, t = traced(scale=scale, seed=3)
    J0, A2 = hand_cost(params, t["X"], t["Y"])
    q = initial_cost(params, t)
    assert q.expected == pytest.approx(J0, abs=1e-4) and check(q, f"{J0:.2f}")[0] is True
    assert f"{J0:.4f}" in q.answer
    assert ("50 % for everyone" in q.answer) is near_half
    assert ("is not ln 2" in q.answer) is (not near_half)
    if not near_half:
        right = np.mean((A2 > 0.5) == (t["Y"] == 1))
        assert f"{np.max(np.abs(A2 - 0.5)):.2f}" in q.answer
        assert f"; {right:.0%} of the 30 examples are on the right side" in q.answer


def test_the_zero_start_dw2_follows_the_activation():
    """tanh(0) = 0 gives dW2 = 0; σ(0) = 1/2 gives dW2 = ½·mean(½ − Y) in every entry."""
    _, t = traced(activation="tanh", ones=10)  # 10 of 30 are class 1
    q = zero_start_dw2(t)
    assert q.expected == 0.0 and "only b2 can move" in q.answer
    assert f"{np.mean(0.5 - t['Y']):.4g}" in q.answer  # db2 = mean(A2 − Y) with A2 = 1/2
    _, t = traced(activation="sigmoid", ones=10)
    q = zero_start_dw2(t)
    expected = 0.5 * (0.5 - 10 / 30)
    assert q.expected == pytest.approx(expected) and check(q, f"{expected:.4f}")[0] is True
    assert "copies of each other" in q.answer
    _, t = traced(activation="relu", ones=15)  # balanced: nothing moves
    assert "not even b2" in zero_start_dw2(t).answer


@pytest.mark.parametrize("scale", [0.01, 2.0])
def test_dz2_of_a_class_1_example_is_negative(scale):
    _, t = traced(scale=scale, ones=7)
    q = dz2_sign_class1(t)
    a = float(t["A2"][0, 0])
    assert "x⁽¹⁾ (NumPy column 0)" in q.prompt and q.expected == "negative"
    assert f"{a:.4f}" in q.answer and check(q, "negative")[0] is True
    _, t = traced(ones=0)
    assert dz2_sign_class1(t) is None and len(backward_questions(t)) == 2
    assert len(forward_questions(t, init_params(2, 4, scale=0.01))) == 3


# -- callouts -------------------------------------------------------------------------
def test_the_ln2_callout_appears_only_when_every_output_is_near_one_half():
    _, t = traced(scale=0.01)
    said = coin_flip_callout(t)
    spread = float(np.max(np.abs(t["A2"] - 0.5)))
    assert said and f"{np.log(2):.4f}" in said and f"{spread:.1e}" in said
    _, t = traced(scale=3.0, seed=3)
    assert np.max(np.abs(t["A2"] - 0.5)) > 0.05 and coin_flip_callout(t) is None


def test_the_linear_callout_measures_what_it_says():
    params, t = traced(scale=0.01)
    said = linear_regime_callout(t, "A1")
    Z1 = params["W1"] @ t["X"] + params["b1"]
    gap = np.max(np.abs(np.tanh(Z1) - Z1)) / np.max(np.abs(Z1))
    assert said and "tanh(z) ≈ z" in said and f"{gap:.1e}" in said and "A1 differs from Z1" in said
    said = linear_regime_callout(t, "dZ1")
    dA1 = params["W2"].T @ (t["A2"] - t["Y"])
    dgap = np.max(np.abs(dA1 * (1 - np.tanh(Z1) ** 2) - dA1)) / np.max(np.abs(dA1))
    assert said and "dZ1 differs from dA1" in said and f"{dgap:.1e}" in said
    assert linear_regime_callout(t, "Z2") is None  # only where A1 or dZ1 is computed
    _, t = traced(scale=0.01, activation="sigmoid")
    said = linear_regime_callout(t, "dZ1")
    assert "σ′(z) ≈ 1/4" in said and "dA1/4" in said
    # ReLU is linear on each side of 0 but not one line across it; a large scale saturates tanh
    assert linear_regime_callout(traced(scale=0.01, activation="relu")[1], "A1") is None
    assert linear_regime_callout(traced(scale=2.0)[1], "A1") is None


def test_the_phase_counts_agree_with_the_headings():
    assert phase_span(FORWARD_IDS) == "phases 1–5 of the 12"
    assert phase_span(BACKWARD_IDS) == "phases 6–12 of the 12"


# -- the pages --------------------------------------------------------------------------
def texts(at) -> str:
    return " ".join(str(el.value) for kind in ("markdown", "caption", "info", "latex", "success", "error")
                    for el in getattr(at, kind))


def links(at) -> list[str]:
    return [el.proto.label for el in at.get("page_link")]


def test_the_forward_page_text(app_at):
    at = app_at("app_pages/forward.py")
    assert not at.exception
    text = texts(at)
    assert "Step through phases 1–5 of the 12" in text and "five" not in text
    assert "#### Phase 1 of 12" in text
    assert "without copying" in text and "copies it" not in text
    assert "x⁽¹⁾ … x⁽¹⁰⁾" in text  # the heatmaps' columns 0–9 named as the math counts
    assert links(at)[0].startswith("Every shape on one page") and links(at)[-1] == "Next: Backward pass →"
    # a prediction, typed and checked against the live shape (m = 300 at the defaults)
    at.text_input(key="q.fwd.z1_shape").input("(4, 300)").run()
    assert at.success and "(4, 300) is right" in at.success[0].value
    # the cost phase at the defaults: J ≈ ln 2, said; at init 1 it is not, and the callout goes
    at.select_slider[0].set_value("J").run()
    assert "≈ ln 2" in texts(at)
    at = app_at("app_pages/forward.py", query={"data": "circles", "h": "8", "g": "relu", "init": "1"})
    at.select_slider[0].set_value("J").run()
    assert "≈ ln 2 =" not in texts(at)


def test_the_forward_example_path_uses_y_i(app_at):
    at = app_at("app_pages/forward.py")
    at.session_state["fwd.tab"] = "One example's path"
    at.run()
    latex = " ".join(el.value for el in at.latex)
    assert r"\mathcal{L}^{(1)} = -\big(y^{(1)} \log a^{[2](1)} + (1-y^{(1)})" in latex
    assert "NumPy column 0 of X is example x⁽¹⁾" in texts(at)


def test_the_backward_page_text(app_at):
    at = app_at("app_pages/backward.py")
    assert not at.exception
    text = texts(at)
    assert "each gradient is the derivative of the cost J" not in text
    assert "∂𝓛/∂z" in text and "m·∂J/∂Z" in text and "Step through phases 6–12 of the 12" in text
    # it opens on the stepper at dZ2 (the graph and the equation first), which points to the neuron
    assert at.session_state.get("bwd.tab", "Phase by phase") == "Phase by phase"
    assert "#### Phase 6 of 12" in text and "single neuron" in at.button(key="bwd.to_neuron").label
    assert links(at)[-2].startswith("How do we know these gradients are right?")
    assert links(at)[-1] == "Next: Training →"
    # the dZ2 phase opens the neuron's tab for real: ∂a/∂z written out, the shorthand stated, dw ↔ dW2ᵀ
    at.button(key="bwd.to_neuron").click().run()
    assert at.session_state["bwd.tab"] == "Logistic regression: one neuron"
    text = texts(at)
    assert r"\frac{\partial a}{\partial z}" in text and "Shorthand" in text and "dW2ᵀ" in text
    assert "Gradient Descent for Neural networks" in text  # the notes' remark names them
    at.button(key="bwd.to_stepper").click().run()
    assert at.session_state["bwd.tab"] == "Phase by phase" and "#### Phase 6 of 12" in texts(at)


def test_the_backward_callouts_and_remarks(app_at):
    at = app_at("app_pages/backward.py")
    at.session_state["bwd.tab"] = "Phase by phase"
    at.run()
    at.select_slider[0].set_value("dZ1").run()
    text = texts(at)
    assert "dZ1 differs from dA1" in text and "Gradient Descent for Neural networks" in text
    at.select_slider[0].set_value("dW1").run()
    assert "x^T = a^{[0]T}" in texts(at)
    # the per-example dz1 line of the notes misses its ∗: said where that line is shown
    at.session_state["bwd.tab"] = "One example's path"
    at.run()
    assert "leaves out the $\\ast$" in texts(at)
    # notes=0 hides every remark on the notes; ReLU has no linear callout
    at = app_at("app_pages/backward.py", query={"notes": "0", "g": "relu"})
    at.session_state["bwd.tab"] = "Phase by phase"
    at.run()
    at.select_slider[0].set_value("dZ1").run()
    text = texts(at)
    assert "Gradient Descent for Neural networks" not in text and "almost linear" not in text


def test_heatmap_hovers_say_which_count_their_indices_use():
    from shallownet.figures.tensor_view import tensor_figure
    from shallownet.stepthrough import PHASE_BY_ID

    _, t = traced()
    fig = tensor_figure(t, PHASE_BY_ID["Z1"], 0, 5)
    hovers = {tr["name"]: tr["hovertemplate"] for tr in fig["data"]}
    assert "column (example, NumPy from 0) %{x}" in hovers["Z1"] and "W1" in hovers
    assert "¹" not in " ".join(hovers)  # the code's spelling, W1, in chart text
