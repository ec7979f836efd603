"""The computation graph as data: shapes read from the arrays agree with the formulas,
edges connect known nodes, values and gradients are the network's own."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shallownet import ACTIVATIONS, backward, build_graph, compute_cost, forward, init_params
from shallownet.graph import EDGES, NODE_SPECS, shape_from_formula


def _problem(n_x, n_h, m, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_x, m))
    Y = (rng.random((1, m)) > 0.5).astype(float)
    return init_params(n_x, n_h, scale=1.0, seed=seed), X, Y


def test_shape_from_formula():
    sizes = {"n_x": 2, "n_h": 7, "m": 40}
    assert shape_from_formula("(n_h, m)", sizes) == (7, 40)
    assert shape_from_formula("(n_h,m)", sizes) == (7, 40)
    assert shape_from_formula("(1, n_h)", sizes) == (1, 7)
    assert shape_from_formula("(1, 1)", sizes) == (1, 1)
    assert shape_from_formula("()", sizes) == ()


@settings(max_examples=60, deadline=None)
@given(n_x=st.integers(1, 6), n_h=st.integers(1, 9), m=st.integers(1, 25),
       activation=st.sampled_from(sorted(ACTIVATIONS)), seed=st.integers(0, 1000))
def test_node_shapes_equal_their_formulas(n_x, n_h, m, activation, seed):
    params, X, Y = _problem(n_x, n_h, m, seed)
    graph = build_graph(params, X, Y, activation)
    sizes = {"n_x": n_x, "n_h": n_h, "m": m}
    assert list(graph.nodes) == list(NODE_SPECS)
    for name, node in graph.nodes.items():
        assert node.shape == shape_from_formula(node.shape_formula, sizes), name
        assert node.shape == np.shape(graph.values[name]), name
    for name, grad in graph.grads.items():
        assert np.shape(grad) == graph.nodes[name].shape, name


def test_edges_and_kinds():
    params, X, Y = _problem(2, 3, 5)
    graph = build_graph(params, X, Y)
    assert graph.edges == EDGES
    for src, dst in graph.edges:
        assert src in graph.nodes and dst in graph.nodes
        assert graph.nodes[src].column < graph.nodes[dst].column or graph.nodes[src].kind != "op"
    kinds = {n.name: n.kind for n in graph.nodes.values()}
    assert [k for k, v in kinds.items() if v == "param"] == ["W1", "b1", "W2", "b2"]
    assert [k for k, v in kinds.items() if v == "input"] == ["X", "Y"]
    assert kinds["J"] == "cost"
    for node in graph.nodes.values():  # every computed node carries its equation
        assert bool(node.equation) == (node.kind in ("op", "cost")), node.name
    # the corrected slips: z² uses a¹, dZ¹ uses the derivative g′
    assert "A^{[1]}" in graph.nodes["Z2"].equation
    assert "g'(Z^{[1]})" in graph.nodes["Z1"].grad_equation


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_values_and_grads_are_the_network_s(activation):
    params, X, Y = _problem(2, 4, 9, seed=3)
    graph = build_graph(params, X, Y, activation)
    A2, cache = forward(params, X, activation)
    grads = backward(params, cache, X, Y, activation)
    for k in ("Z1", "A1", "Z2", "A2"):
        np.testing.assert_array_equal(graph.values[k], cache[k])
    assert float(graph.values["J"]) == compute_cost(A2, Y)
    for k in ("W1", "b1", "W2", "b2"):
        np.testing.assert_array_equal(graph.grads[k], grads["d" + k])
    np.testing.assert_array_equal(graph.grads["Z2"], A2 - Y)
    # dW1 = (1/m) dZ1 Xᵀ ties the Z1 gradient to the W1 one
    np.testing.assert_allclose(graph.grads["Z1"] @ X.T / X.shape[1], grads["dW1"], rtol=1e-12)
