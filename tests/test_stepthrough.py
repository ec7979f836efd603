"""The step-through engine: phases as data, shapes read from the arrays, one example's path,
and the single-neuron chain rule, checked against centred differences where it computes."""

from __future__ import annotations

import re
from functools import partial

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shallownet.activations import ACTIVATIONS, sigmoid
from shallownet.formatting import shape_text
from shallownet.graph import EDGES, NODE_SPECS
from shallownet.network import backward, compute_cost, example_losses, forward, init_params
from shallownet.stepthrough import (
    BACKWARD_IDS,
    EXAMPLE_AXIS,
    FORWARD_IDS,
    PHASE_BY_ID,
    PHASE_IDS,
    PHASES,
    SYMBOLS,
    display_exponent,
    example_path,
    fit_logistic_regression,
    latex_matrix,
    latex_number,
    neighbour_phase,
    neuron_step,
    per_example_gradients,
    phase_changes,
    read_nodes,
    render_equation,
    render_notes,
    trace_iteration,
)

shape_latex = partial(shape_text, form="latex")  # a shape inside an equation
TOKEN = re.compile(r"<<(?:shape:)?(\w+)!?>>")


def make_trace(n_x=2, n_h=4, m=30, activation="tanh", lr=1.2, seed=0, scale=0.8):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_x, m))
    Y = (rng.random((1, m)) > 0.5).astype(float)
    params = init_params(n_x, n_h, scale=scale, seed=seed)
    params["b1"] = rng.normal(size=(n_h, 1)) * 0.3
    params["b2"] = rng.normal(size=(1, 1)) * 0.3
    return params, X, Y, trace_iteration(params, X, Y, activation, lr)


def numeric_grad(f, A, eps=1e-6):
    """Centred differences of the scalar f() with respect to every entry of A (changed in place)."""
    G = np.zeros_like(A)
    for idx in np.ndindex(A.shape):
        old = A[idx]
        A[idx] = old + eps
        plus = f()
        A[idx] = old - eps
        minus = f()
        A[idx] = old
        G[idx] = (plus - minus) / (2 * eps)
    return G


# -- the phases as data -------------------------------------------------------------
def test_the_twelve_phases_in_the_order_of_one_iteration():
    assert PHASE_IDS == ("Z1", "A1", "Z2", "A2", "J", "dZ2", "dW2", "db2", "dZ1", "dW1", "db1", "update")
    assert FORWARD_IDS == PHASE_IDS[:5]
    assert BACKWARD_IDS == PHASE_IDS[5:]
    assert [p.direction for p in PHASES] == ["forward"] * 5 + ["backward"] * 6 + ["update"]


def test_every_phase_names_real_tensors_graph_nodes_and_graph_edges():
    for phase in PHASES:
        assert set(phase.reads) <= set(SYMBOLS), phase.id
        assert set(phase.writes) <= set(SYMBOLS), phase.id
        assert set(TOKEN.findall(phase.equation)) <= set(SYMBOLS), phase.id
        assert set(phase.nodes) <= set(NODE_SPECS), phase.id
        assert set(phase.edges) <= set(EDGES), phase.id  # (source, target) of the real graph
        assert set(read_nodes(phase)) <= set(NODE_SPECS), phase.id
        for row in phase.panels:
            assert any(item in SYMBOLS for item in row), phase.id
        panel_keys = {k for row in phase.panels for k in row if k in SYMBOLS}
        assert set(phase.writes) <= panel_keys, f"{phase.id}: a written tensor is not drawn"


def test_a_phase_only_reads_what_earlier_phases_or_the_inputs_provide():
    known = {"X", "XT", "Y", "W1", "b1", "W2", "W2T", "b2"}
    for phase in PHASES:
        assert set(phase.reads) <= known | {"A1T"}, phase.id
        known |= set(phase.writes) | {k + "T" for k in phase.writes}


def test_the_trace_holds_backwards_own_gradients_and_the_updated_parameters():
    params, X, Y, t = make_trace()
    A2, cache = forward(params, X, "tanh")
    grads = backward(params, cache, X, Y, "tanh")
    for name in ("dW1", "db1", "dW2", "db2"):
        np.testing.assert_array_equal(t[name], grads[name])
    for name in ("Z1", "A1", "Z2", "A2"):
        np.testing.assert_array_equal(t[name], cache[name])
    assert float(t["J"]) == compute_cost(A2, Y)
    for name in ("W1", "b1", "W2", "b2"):
        np.testing.assert_allclose(t[name + "_new"], params[name] - 1.2 * grads["d" + name])
    np.testing.assert_array_equal(t["XT"], X.T)
    np.testing.assert_array_equal(t["A1T"], cache["A1"].T)


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_the_intermediate_gradients_match_centred_differences(activation):
    """dZ2 and dZ1 are m·∂J/∂Z (each column is one example's ∂L/∂z), computed independently here."""
    params, X, Y, t = make_trace(n_x=2, n_h=3, m=5, activation=activation, seed=3)
    m = X.shape[1]
    act = ACTIVATIONS[activation]
    Z2 = t["Z2"].copy()
    num_dZ2 = numeric_grad(lambda: compute_cost(sigmoid(Z2.copy()), Y), Z2)
    np.testing.assert_allclose(t["dZ2"], m * num_dZ2, rtol=1e-5, atol=1e-8)
    Z1 = t["Z1"].copy()

    def cost_of_z1():
        A1 = act.g(Z1.copy())
        return compute_cost(sigmoid(params["W2"] @ A1 + params["b2"]), Y)

    if activation in ("relu", "leaky_relu"):  # keep away from the kink, where g′ is one-sided
        assert np.min(np.abs(Z1)) > 1e-4
    num_dZ1 = numeric_grad(cost_of_z1, Z1)
    np.testing.assert_allclose(t["dZ1"], m * num_dZ1, rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(t["dZ1"], t["dA1"] * t["gZ1"])


# -- equations with shapes read from the arrays ----------------------------------------
@settings(max_examples=25, deadline=None)
@given(n_x=st.integers(1, 5), n_h=st.integers(1, 9), m=st.integers(1, 40))
def test_every_factor_carries_the_shape_of_its_array(n_x, n_h, m):
    *_, t = make_trace(n_x, n_h, m)
    for phase in PHASES:
        latex = render_equation(phase, t)
        assert "<<" not in latex and ">>" not in latex
        for only_shape, key, bare in re.findall(r"<<(shape:)?(\w+)(!)?>>", phase.equation):
            shape = shape_latex(np.shape(t[key]))
            if only_shape:
                assert f"}}_{{{shape}}}" in latex
            elif not bare:
                assert rf"\underbrace{{{SYMBOLS[key]}}}_{{{shape}}}" in latex, (phase.id, key)


def test_the_example_from_the_issue_reads_as_written():
    *_, t = make_trace(n_x=2, n_h=4, m=400)
    latex = render_equation(PHASE_BY_ID["dW1"], t)
    assert r"\underbrace{dW^{[1]}}_{4\times 2}" in latex
    assert r"\underbrace{dZ^{[1]}}_{4\times 400}" in latex
    assert r"\underbrace{X^{T}}_{400\times 2}" in latex
    assert r"\frac{1}{m}" in latex


def test_without_a_trace_the_equation_is_plain():
    for phase in PHASES:
        latex = render_equation(phase)
        assert "underbrace" not in latex and "<<" not in latex
    assert render_equation(PHASE_BY_ID["Z2"]) == r"Z^{[2]} = W^{[2]}\,A^{[1]} + b^{[2]}"
    assert render_equation(PHASE_BY_ID["dZ1"]) == r"dZ^{[1]} = {W^{[2]T}\,dZ^{[2]}} \ast g'(Z^{[1]})"


def test_the_notes_point_out_broadcasting_elementwise_products_and_keepdims():
    *_, t = make_trace(n_x=2, n_h=5, m=37)
    notes = {p.id: " ".join(render_notes(p, t)) for p in PHASES}
    for text in notes.values():  # every placeholder filled in
        assert not re.search(r"(?<![}_^])\{(m|n_x|n_h|one|lr|g_label|g_formula|g_prime)\}", text)
    assert "Broadcasting" in notes["Z1"] and "37 columns" in notes["Z1"] and "(5, 1)" in notes["Z1"]
    assert "without copying" in notes["Z1"] and "copies" not in notes["Z1"]  # broadcasting stretches b1
    assert "Broadcasting" in notes["Z2"]
    assert "Element-wise" in notes["A1"] and "Element-wise product" in notes["dZ1"]
    assert "derivative" in notes["dZ1"] and "1-\\tanh^2(z)" in notes["dZ1"]
    for pid, shape in (("db2", "1×1"), ("db1", "5×1")):
        assert "keepdims" in notes[pid] and "1/m · sum" in notes[pid] and shape in notes[pid]
    assert "1.2" in notes["update"]


def test_the_slips_of_the_lecture_notes_are_corrected_where_they_matter():
    assert "W^{[2]} a^{[1]}" in PHASE_BY_ID["Z2"].slip
    assert "derivative" in PHASE_BY_ID["dZ1"].slip and "(n_h, m)" in PHASE_BY_ID["dZ1"].slip
    assert r"\alpha\, dw" in PHASE_BY_ID["update"].slip
    assert r"\sum_{i=1}^{m}" in PHASE_BY_ID["J"].slip


# -- one example's path -------------------------------------------------------------------
@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_column_i_equals_the_single_example_and_the_mean_equals_the_vectorized_gradient(activation):
    *_, t = make_trace(n_x=3, n_h=5, m=23, activation=activation, seed=5)
    for i in (0, 7, 22):
        path = example_path(t, i)
        assert path.index == i
        assert max(path.column_gap.values()) < 1e-12
        assert max(path.mean_gap.values()) < 1e-12
        assert path.values["x"].shape == (3, 1) and path.values["z1"].shape == (5, 1)
        assert path.values["dW1"].shape == (5, 3) and path.values["dW2"].shape == (1, 5)


def test_per_example_gradients_are_the_gradients_of_that_examples_loss():
    """Against centred differences of L⁽ⁱ⁾ alone: an independent check of dW⁽ⁱ⁾ = dz⁽ⁱ⁾ a⁽ⁱ⁾ᵀ."""
    params, X, Y, t = make_trace(n_x=2, n_h=3, m=6, seed=9)
    i = 4
    path = example_path(t, i)
    x, y = X[:, i:i + 1], Y[:, i:i + 1]
    for name in ("W1", "b1", "W2", "b2"):
        P = {k: v.copy() for k, v in params.items()}

        def loss(P=P):
            return float(example_losses(forward(P, x, "tanh")[0], y)[0, 0])

        num = numeric_grad(loss, P[name])
        np.testing.assert_allclose(path.values["d" + name], num, rtol=1e-6, atol=1e-9)
    stacked = per_example_gradients(t)
    assert stacked["dW1"].shape == (6, 3, 2) and stacked["db2"].shape == (6, 1, 1)
    np.testing.assert_allclose(stacked["dW2"][i], path.values["dW2"])


def test_example_index_is_clamped_into_range():
    *_, t = make_trace(m=10)
    assert example_path(t, 99).index == 9
    assert example_path(t, -3).index == 0


# -- logistic regression --------------------------------------------------------------------
def test_a_hand_worked_neuron():
    """x = (1, 2), w = (0.5, −0.25), b = 0.1, y = 1: z = 0.1, a = σ(0.1) = 0.524979…"""
    s = neuron_step([1.0, 2.0], 1, [0.5, -0.25], 0.1)
    a = 1 / (1 + np.exp(-0.1))
    assert s.z == pytest.approx(0.1)
    assert s.a == pytest.approx(a)
    assert s.loss == pytest.approx(-np.log(a))
    assert s.da == pytest.approx(-1 / a)  # −y/a + (1−y)/(1−a) with y = 1
    assert s.sigma_prime == pytest.approx(a * (1 - a))
    assert s.dz == pytest.approx(a - 1)  # the chain rule collapses to a − y
    assert s.dz == pytest.approx(s.dz_direct)
    np.testing.assert_allclose(s.dw, (a - 1) * np.array([[1.0], [2.0]]))
    assert s.db == pytest.approx(a - 1)
    assert not s.clipped


@settings(max_examples=40, deadline=None)
@given(z=st.floats(-8, 8), y=st.sampled_from([0.0, 1.0]))
def test_chain_rule_factors_match_centred_differences(z, y):
    s = neuron_step([1.0], y, [z], 0.0)
    eps = 1e-6

    def loss_of_a(a):
        return -(y * np.log(a) + (1 - y) * np.log(1 - a))

    assert s.da == pytest.approx((loss_of_a(s.a + eps) - loss_of_a(s.a - eps)) / (2 * eps), rel=1e-4, abs=1e-6)
    sig = lambda v: 1 / (1 + np.exp(-v))
    assert s.sigma_prime == pytest.approx((sig(z + eps) - sig(z - eps)) / (2 * eps), rel=1e-5, abs=1e-9)
    assert s.dz == pytest.approx(s.a - y, abs=1e-9)


@pytest.mark.parametrize("z,y", [(60.0, 1.0), (60.0, 0.0), (-60.0, 1.0), (-60.0, 0.0)])
def test_a_saturated_neuron_stays_finite(z, y):
    s = neuron_step([1.0], y, [z], 0.0)
    values = [s.z, s.a, s.loss, s.da, s.sigma_prime, s.dz, s.dz_direct, s.db, *s.dw.ravel()]
    assert all(np.isfinite(values))
    assert s.clipped
    assert s.dz == pytest.approx(s.dz_direct, abs=1e-12)


def test_the_output_unit_is_a_logistic_neuron_on_a1():
    params, X, Y, t = make_trace(m=12)
    for i in range(12):
        s = neuron_step(t["A1"][:, i], t["Y"][0, i], t["W2"].T, t["b2"])
        assert s.z == pytest.approx(t["Z2"][0, i])
        assert s.dz == pytest.approx(t["dZ2"][0, i], abs=1e-12)
        np.testing.assert_allclose(s.dw.T, path_dW2(t, i), atol=1e-12)


def path_dW2(t, i):
    return example_path(t, i).values["dW2"]


def test_logistic_regression_fit_separates_blobs():
    rng = np.random.default_rng(0)
    X = np.hstack([rng.normal(-2, 0.5, (2, 50)), rng.normal(2, 0.5, (2, 50))])
    Y = np.hstack([np.zeros((1, 50)), np.ones((1, 50))])
    w, b = fit_logistic_regression(X, Y)
    assert w.shape == (2, 1) and b.shape == (1, 1)
    accuracy = np.mean((sigmoid(w.T @ X + b) > 0.5) == (Y > 0.5))
    assert accuracy > 0.97


# -- stepping, changes, numbers as LaTeX ----------------------------------------------------
def test_neighbour_phase_clamps_or_wraps():
    ids = FORWARD_IDS
    assert neighbour_phase(ids, "Z1", +1) == "A1"
    assert neighbour_phase(ids, "Z1", -1) == "Z1"
    assert neighbour_phase(ids, "J", +1) == "J"
    assert neighbour_phase(ids, "J", +1, wrap=True) == "Z1"
    assert neighbour_phase(ids, "dW1", +1) == "A1"  # unknown counts as the first
    stepped = ["Z1"]
    for _ in range(len(ids) - 1):
        stepped.append(neighbour_phase(ids, stepped[-1], +1))
    assert tuple(stepped) == ids


def test_phase_changes_summarise_what_was_written():
    *_, t = make_trace()
    forward_change = phase_changes(PHASE_BY_ID["Z1"], t)
    assert [c.key for c in forward_change] == ["Z1"]
    assert forward_change[0].after["norm"] == pytest.approx(np.linalg.norm(t["Z1"]))
    update = {c.key: c for c in phase_changes(PHASE_BY_ID["update"], t)}
    assert set(update) == {"W1_new", "b1_new", "W2_new", "b2_new"}
    assert update["W1_new"].max_change == pytest.approx(1.2 * np.max(np.abs(t["dW1"])))
    assert update["W1_new"].before["norm"] == pytest.approx(np.linalg.norm(t["W1"]))


def test_numbers_and_matrices_as_latex():
    assert latex_number(0.5) == "0.5"
    assert latex_number(-2.21e-5) == r"-2.21\times 10^{-5}"
    assert latex_matrix([[1.0], [2.5]]) == r"\begin{bmatrix}1 \\ 2.5\end{bmatrix}"
    assert latex_matrix([[-0.000573, 0.00206]]) == r"10^{-3}\,\begin{bmatrix}-0.573 & 2.06\end{bmatrix}"
    big = latex_matrix(np.ones((9, 8)))
    assert r"\vdots" in big and r"\cdots" in big
    assert display_exponent([0.5, -3.0]) == 0
    assert display_exponent([0.0036]) == -3
    assert display_exponent([0.0]) == 0
    assert display_exponent([2.0e5]) == 5


def test_example_axes_are_the_m_axis_of_each_tensor():
    *_, t = make_trace(n_x=3, n_h=4, m=17)
    for key, axis in EXAMPLE_AXIS.items():
        assert np.shape(t[key])[axis] == 17, key
