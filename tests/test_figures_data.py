"""Figure builders of the Home and Data pages, tested without Streamlit."""

from __future__ import annotations

import json

import numpy as np
import pytest

from shallownet.datasets import DATASET_NAMES, from_rows, make_dataset
from shallownet.figures.data_view import (
    DATASET_DESCRIPTIONS,
    columns_table,
    data_scatter,
    split_counts,
)
from shallownet.figures.network_diagram import MAX_UNITS, layer_layout, network_diagram
from shallownet.figures.style import CLASS_COLORS, FONT, TEST_SYMBOL, TRAIN_SYMBOL
from shallownet.network import init_params
from tests.figure_check import validated


def no_nan_in(fig) -> bool:
    """True when the figure's JSON holds no NaN or infinity (Plotly would write them as NaN)."""
    text = fig.to_json()
    return "NaN" not in text and "Infinity" not in text


# -- data scatter -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def moons():
    return make_dataset("moons", 200, 0.2, seed=3, test_fraction=0.25)


def test_scatter_has_train_and_test_per_class(moons):
    fig = validated(data_scatter(moons))
    assert len(fig.data) == 4
    by_name = {t.name: t for t in fig.data}
    train = [t for t in fig.data if "train" in t.name]
    test = [t for t in fig.data if "test" in t.name]
    assert {t.marker.symbol for t in train} == {TRAIN_SYMBOL}
    assert {t.marker.symbol for t in test} == {TEST_SYMBOL}
    assert sum(len(t.x) for t in train) == moons.X_train.shape[1]
    assert sum(len(t.x) for t in test) == moons.X_test.shape[1]
    for cls, color in enumerate(CLASS_COLORS):
        for t in by_name.values():
            if t.name.startswith(f"class {cls}"):
                assert t.marker.color == color


def test_scatter_points_are_the_dataset_points(moons):
    fig = validated(data_scatter(moons))
    train0 = next(t for t in fig.data if t.name.startswith("class 0 · train"))
    mask = moons.Y_train[0] == 0
    np.testing.assert_array_equal(np.asarray(train0.x), moons.X_train[0, mask])
    np.testing.assert_array_equal(np.asarray(train0.y), moons.X_train[1, mask])
    # legend counts are read from the data
    assert train0.name == f"class 0 · train ({int(mask.sum())})"


def test_scatter_style_and_equal_axes(moons):
    fig = validated(data_scatter(moons, title="Moons"))
    assert fig.layout.font.family == FONT["family"]  # the shared look
    assert fig.layout.yaxis.scaleanchor == "x"
    assert fig.layout.title.text == "Moons"
    assert no_nan_in(fig)


@pytest.mark.parametrize("name", DATASET_NAMES)
def test_every_dataset_draws_and_is_described(name):
    data = make_dataset(name, 60, 0.3, seed=1)
    fig = validated(data_scatter(data))
    assert sum(len(t.x) for t in fig.data) == 60
    assert no_nan_in(fig)
    assert 20 < len(DATASET_DESCRIPTIONS[name]) < 250


def test_scatter_of_an_empty_test_split_and_one_feature():
    data = from_rows("tiny", [[0.0], [1.0], [2.0]], [0, 1, 1], test_fraction=0.0)
    fig = validated(data_scatter(data))
    assert [len(t.x) for t in fig.data] == [1, 2, 0, 0]
    assert list(fig.data[1].y) == [0.0, 0.0]  # one feature is drawn against zero


# -- split counts and the columns table -------------------------------------------------
def test_split_counts():
    counts = split_counts(np.array([[0.0, 1.0, 1.0, 1.0]]))
    assert (counts.m, counts.class0, counts.class1) == (4, 1, 3)
    assert counts.share1 == 0.75
    assert split_counts(np.zeros((1, 0))).share1 == 0.0


def test_split_counts_add_up(moons):
    train, test = split_counts(moons.Y_train), split_counts(moons.Y_test)
    assert train.class0 + train.class1 == moons.Y_train.shape[1]
    assert train.m + test.m == 200


def test_columns_table_is_x_over_y_examples_in_columns(moons):
    table = columns_table(moons.X_train, moons.Y_train, k=5)
    assert table.shape == (3, 5)
    assert list(table.index) == ["x₁", "x₂", "y"]
    assert list(table.columns) == [f"x⁽{s}⁾ · column {j}" for j, s in enumerate("¹²³⁴⁵")]  # math from 1, NumPy from 0
    assert table.iloc[0, 2] == f"{moons.X_train[0, 2]:.3f}"
    assert table.iloc[1, 4] == f"{moons.X_train[1, 4]:.3f}"
    assert table.iloc[2, 0] == f"{moons.Y_train[0, 0]:.0f}"


def test_columns_table_never_asks_for_more_columns_than_exist():
    X, Y = np.arange(6.0).reshape(3, 2), np.array([[1.0, 0.0]])
    table = columns_table(X, Y, k=8)
    assert table.shape == (4, 2)
    assert list(table.index) == ["x₁", "x₂", "x₃", "y"]


# -- network diagram ---------------------------------------------------------------------
def _nodes(fig):
    return [t for t in fig.data if t.mode == "markers+text"]


def _annotations(fig):
    return " | ".join(a.text for a in fig.layout.annotations)


@pytest.mark.parametrize(("n_x", "n_h"), [(2, 1), (2, 4), (3, 7), (2, MAX_UNITS)])
def test_diagram_draws_every_unit_and_edge_of_a_small_network(n_x, n_h):
    params = init_params(n_x, n_h, scale=1.0, seed=0)
    fig = validated(network_diagram(params, "tanh"))
    assert [len(t.x) for t in _nodes(fig)] == [n_x, n_h, 1]
    edges = [t for t in fig.data if t.mode == "lines"]
    segments = sum(len(t.x) // 3 for t in edges)  # each edge is (x0, x1, None)
    assert segments == n_x * n_h + n_h
    text = _annotations(fig)
    assert f"n<sub>x</sub> = {n_x}" in text and f"n<sub>h</sub> = {n_h}" in text
    assert f"W1 {n_h}×{n_x}" in text and f"b1 {n_h}×1" in text and f"W2 1×{n_h}" in text
    assert "tanh" in text
    assert "⋮" not in text
    assert no_nan_in(fig)


def test_diagram_of_a_wide_layer_shows_a_gap_but_the_true_size():
    params = init_params(2, 50, scale=1.0, seed=0)
    fig = validated(network_diagram(params, "ReLU"))
    hidden = _nodes(fig)[1]
    assert len(hidden.x) == MAX_UNITS - 1
    text = _annotations(fig)
    assert "⋮" in text and "n<sub>h</sub> = 50" in text and "W1 50×2" in text
    hover = " ".join(hidden.hovertext)
    assert "hidden unit 1<" in hover and "hidden unit 50<" in hover


def test_diagram_edge_hover_gives_the_real_weights():
    params = init_params(2, 3, scale=1.0, seed=4)
    fig = validated(network_diagram(params))
    hovers = [h for t in fig.data if t.mode == "markers" for h in (t.hovertext or ())]
    assert f"W1[2, 1] = {params['W1'][2, 1]:.3g}" in hovers
    assert f"W2[0, 2] = {params['W2'][0, 2]:.3g}" in hovers


def test_diagram_with_all_zero_weights_and_non_finite_values():
    params = init_params(2, 3, scale=0.0)
    fig = validated(network_diagram(params))
    assert no_nan_in(fig)
    params["W1"][0, 0] = np.nan
    params["b1"][1, 0] = np.inf
    fig = validated(network_diagram(params))
    assert no_nan_in(fig)
    json.loads(fig.to_json())


def test_layer_layout_is_centred_and_within_bounds():
    for n in (1, 2, 5, MAX_UNITS, MAX_UNITS + 1, 50):
        layout = layer_layout(n)
        assert len(layout.units) == len(layout.y) == min(n, MAX_UNITS - (n > MAX_UNITS))
        ys = [*layout.y] + ([layout.gap_y] if layout.gap_y is not None else [])
        assert max(ys) <= 1 + 1e-9 and min(ys) >= -1 - 1e-9
        assert abs(max(ys) + min(ys)) < 1e-9  # centred on 0
        assert list(layout.y) == sorted(layout.y, reverse=True)  # unit 1 on top
    assert layer_layout(1).y == (0.0,)


def test_markdown_table_has_the_index_and_every_cell(moons):
    from shallownet.figures.data_view import markdown_table

    lines = markdown_table(columns_table(moons.X_train, moons.Y_train, k=3)).splitlines()
    assert lines[0] == "| | x⁽¹⁾ · column 0 | x⁽²⁾ · column 1 | x⁽³⁾ · column 2 |" and len(lines) == 5
    assert lines[2].startswith("| **x₁** | ") and lines[4].startswith("| **y** | ")
    assert lines[2].count("|") == 5 and f"{moons.X_train[0, 0]:.3f}" in lines[2]
