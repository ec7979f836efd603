"""The shapes table equals the shapes of the arrays, for any sizes; the shape rules
(dP like P, broadcasting b, keepdims) hold on real arrays; the diagram data is consistent."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shallownet.activations import ACTIVATIONS
from shallownet.figures.shapes_view import MAX_SIDE_PX, PX_PER_UNIT, diagram_spec, side, table_markdown
from shallownet.formatting import shape_str as shape_text  # the Shapes page prints shapes as NumPy does
from shallownet.graph import NODE_SPECS
from shallownet.network import backward, forward, init_params
from shallownet.shapes import BACKWARD, FORWARD, TENSORS, broadcast_demo, keepdims_demo, shape_table
from tests.figure_check import validated


def problem(n_x, n_h, m, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_x, m))
    Y = (rng.random((1, m)) > 0.5).astype(float)
    return init_params(n_x, n_h, scale=1.0, seed=seed), X, Y


def independent_arrays(params, X, Y, activation):
    """The same tensors computed straight from the network functions (not via the table)."""
    A2, cache = forward(params, X, activation)
    grads = backward(params, cache, X, Y, activation)
    dZ2 = A2 - Y
    dZ1 = (params["W2"].T @ dZ2) * ACTIVATIONS[activation].prime(cache["Z1"], cache["A1"])
    return {"X": X, "Y": Y, **params, **cache, "dZ2": dZ2, "dZ1": dZ1, **grads}


@settings(max_examples=60, deadline=None)
@given(n_x=st.integers(1, 5), n_h=st.integers(1, 12), m=st.integers(1, 40),
       activation=st.sampled_from(tuple(ACTIVATIONS)), seed=st.integers(0, 10_000))
def test_table_shapes_equal_array_shapes_for_random_sizes(n_x, n_h, m, activation, seed):
    params, X, Y = problem(n_x, n_h, m, seed)
    table = shape_table(params, X, Y, activation)
    arrays = independent_arrays(params, X, Y, activation)
    assert table.sizes == {"n_x": n_x, "n_h": n_h, "m": m}
    assert [r.name for r in table.rows] == list(TENSORS)
    for row in table.rows:
        assert row.shape == arrays[row.name].shape, row.name  # read from the array ...
        assert row.shape == table.formula_shape(row.name), row.name  # ... and equal to its formula
        np.testing.assert_allclose(table.arrays[row.name], arrays[row.name], rtol=1e-12, atol=1e-15)
    for row in table.rows:  # every gradient has the shape of the tensor it belongs to
        if row.of:
            assert row.shape == table.row(row.of).shape


def test_forward_formulas_come_from_the_graph_specs():
    params, X, Y = problem(2, 4, 10)
    table = shape_table(params, X, Y)
    for name in FORWARD:
        assert table.row(name).formula == NODE_SPECS[name][2]
    assert {r.stage for r in table.rows if r.name in BACKWARD} == {"backward"}
    assert all(r.holds for r in table.rows)


@pytest.mark.parametrize(("n_h", "m"), [(4, 30), (3, 3), (1, 12)])
def test_keepdims_demo_with_real_arrays(n_h, m):
    params, X, Y = problem(2, n_h, m)
    kd = keepdims_demo(params, X, Y, "tanh", learning_rate=0.5)
    assert kd.kept.shape == (n_h, 1) and kd.flat.shape == (n_h,) and kd.wrong_axis.shape == (1, m)
    assert kd.updated.shape == (n_h, 1)
    np.testing.assert_allclose(kd.kept[:, 0], kd.flat)
    np.testing.assert_allclose(kd.updated, params["b1"] - 0.5 * backward(
        params, forward(params, X, "tanh")[1], X, Y, "tanh")["db1"])
    if n_h == 1:  # (1,) − (1, 1) is (1, 1): the slip hides
        assert kd.silent and kd.broken.shape == (1, 1)
    else:  # (n_h, 1) − (n_h,) broadcasts into (n_h, n_h): entry (i, j) = b1[i] − α·db1[j]
        assert not kd.silent and kd.broken.shape == (n_h, n_h)
        np.testing.assert_allclose(kd.broken, kd.b1 - 0.5 * kd.flat[None, :])
    if n_h > 1 and m != n_h:
        assert kd.next_forward.startswith("ValueError") and "broadcast" in kd.next_forward
    else:
        assert kd.next_forward.startswith("no error")


def test_broadcast_demo_adds_b1_to_every_column():
    params, X, _ = problem(2, 4, 25)
    params["b1"] = np.arange(4.0).reshape(4, 1)
    bd = broadcast_demo(params, X)
    assert bd.W1X.shape == (4, 25) and bd.b1.shape == (4, 1) and bd.Z1.shape == (4, 25)
    assert bd.column_check == 0.0
    np.testing.assert_allclose(bd.Z1[:, 7], bd.W1X[:, 7] + bd.b1[:, 0])


@pytest.mark.parametrize(("n_h", "m"), [(4, 300), (1, 15), (50, 1500)])
def test_diagram_spec_sizes_follow_the_shapes(n_h, m):
    params, X, Y = problem(2, n_h, m)
    table = shape_table(params, X, Y)
    spec = diagram_spec(table)
    json.dumps(spec)  # plain data
    boxes = {b["name"]: b for b in spec["boxes"]}
    assert list(boxes) == list(TENSORS)
    for row in table.rows:
        b = boxes[row.name]
        rows, cols = row.shape
        assert b["w"] == pytest.approx(side(cols) * spec["px_per_unit"], abs=0.01)
        assert b["h"] == pytest.approx(side(rows) * spec["px_per_unit"], abs=0.01)
        assert b["shape"] == shape_text(row.shape)
        assert 0 <= b["x"] and b["x"] + b["w"] <= spec["width"] and 0 <= b["y"] and b["y"] + b["h"] <= spec["height"]
        if row.of:  # each gradient sits right of its tensor, level with it
            t = boxes[row.of]
            assert b["x"] > t["x"] + t["w"] and b["y"] == pytest.approx(t["y"]) and b["h"] == t["h"]
    ys = [boxes[n]["y"] for n in ("X", "W1", "b1", "Z1", "A1", "W2", "b2", "Z2", "A2", "Y")]
    assert ys == sorted(ys)  # the forward pass runs top to bottom
    # full scale while it fits; scaled down so that the widest side stays within MAX_SIDE_PX
    assert spec["px_per_unit"] == pytest.approx(min(PX_PER_UNIT, MAX_SIDE_PX / side(m)), rel=1e-3)
    assert max(b["w"] for b in spec["boxes"]) <= MAX_SIDE_PX + 0.01


def test_table_markdown_lists_every_shape():
    params, X, Y = problem(2, 5, 17)
    table = shape_table(params, X, Y)
    text = table_markdown(table)
    for row in table.rows:
        assert shape_text(row.shape) in text
    assert text.count("\n") == len(table.rows) + 1


def test_entries_figure_counts_the_numbers_in_each_real_array():
    from shallownet import init_params, make_dataset
    from shallownet.figures.shapes_view import entries_figure
    from shallownet.shapes import shape_table

    d = make_dataset("circles", 60, 0.1, 1)
    table = shape_table(init_params(2, 7, seed=3), d.X_train, d.Y_train, "relu")
    (bar,) = validated(entries_figure(table)).data
    assert list(bar.y) == [r.name for r in table.rows]
    assert list(bar.x) == [table.arrays[r.name].size if r.name in table.arrays else int(np.prod(r.shape))
                           for r in table.rows]
    assert dict(zip(bar.y, bar.x, strict=True))["Z1"] == 7 * d.X_train.shape[1]
