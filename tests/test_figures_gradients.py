"""Figure builders of the Gradients and Gradient-check pages: figure dicts that Plotly accepts,
with the right traces, the data they were given, no NaN, and shape mismatches shown as such."""

from __future__ import annotations

import json

import numpy as np
import pytest

from shallownet import comparisons as cmp
from shallownet.bugs import check_backward
from shallownet.datasets import make_dataset
from shallownet.figures import gradcheck_view as cv
from shallownet.figures import gradients_view as gv
from shallownet.network import init_params
from shallownet.training import Trainer
from tests.figure_check import validated

DATA = make_dataset("moons", 160, 0.2, seed=2, test_fraction=0.25)


def no_nan(fig: dict) -> str:
    """The figure dict as JSON, refusing NaN and ±Infinity anywhere (also inside numpy arrays,
    which a go.Figure would write as base64 and the page's JSON would turn into null)."""
    return json.dumps(fig, allow_nan=False, default=lambda a: a.tolist())


@pytest.fixture(scope="module")
def trained():
    t = Trainer(DATA, 4, "tanh", init_scale=0.5)
    t.step(120, 1.2)
    return t


def test_norms_figure_draws_the_four_norms_with_a_cursor(trained):
    raw = gv.norms_figure(trained.history(), selected=60, log_y=True)
    no_nan(raw)
    fig = validated(raw)
    assert [t.name for t in fig.data] == ["‖dW1‖", "‖db1‖", "‖dW2‖", "‖db2‖"]
    h = trained.history()
    np.testing.assert_allclose(fig.data[0].y, h["norm_dW1"])
    assert fig.layout.yaxis.type == "log"
    assert any(s.x0 == 60 for s in fig.layout.shapes)
    assert validated(gv.norms_figure(h, log_y=False)).layout.yaxis.type == "linear"


def test_zero_norms_are_left_out_on_a_log_axis():
    h = {"iteration": np.arange(4), **{k: np.array([0.0, 1.0, 0.5, 0.0]) for k in gv.NORM_STYLES}}
    log_fig, lin_fig = validated(gv.norms_figure(h, log_y=True)), validated(gv.norms_figure(h, log_y=False))
    assert list(log_fig.data[0].x) == [1, 2] and len(lin_fig.data[0].x) == 4


def test_an_all_zero_norm_on_a_log_axis_is_an_empty_line_that_plain_json_can_write():
    """The all-zero start: ‖dW1‖ stays 0, so its log-axis line is empty; the live views send
    figures with the standard library's JSON, which knows no numpy arrays."""
    from shallownet.figures.style import with_typed_arrays

    h = {"iteration": np.arange(4), **{k: np.array([0.0, 1.0, 0.5, 0.0]) for k in gv.NORM_STYLES}}
    h["norm_dW1"] = np.zeros(4)
    fig = gv.norms_figure(h, selected=2)
    assert list(fig["data"][0]["x"]) == [] and list(fig["data"][0]["y"]) == []
    json.dumps(with_typed_arrays(fig), allow_nan=False)
    validated(fig)


def test_long_histories_are_thinned():
    n = 50_001
    h = {"iteration": np.arange(n), **{k: np.linspace(1, 2, n) for k in gv.NORM_STYLES}}
    fig = validated(gv.norms_figure(h))
    assert len(fig.data[0].x) <= gv.MAX_POINTS and fig.data[0].x[0] == 0 and fig.data[0].x[-1] == n - 1


def test_gradient_heatmaps_show_dw1_and_dw2(trained):
    snap = trained.snapshots[-1]
    raw = gv.gradient_heatmaps(snap.grads, snap.iteration)
    no_nan(raw)
    fig = validated(raw)
    z1, z2 = (np.asarray(t.z) for t in fig.data)
    np.testing.assert_allclose(z1, snap.grads["dW1"])
    np.testing.assert_allclose(z2, snap.grads["dW2"])
    assert fig.data[0].zmin == -fig.data[0].zmax  # white is 0


def test_comparison_figures_build_without_nan():
    runs = cmp.activation_comparison(DATA, 3, steps=40)
    raw = gv.comparison_figure(runs)
    no_nan(raw)
    fig = validated(raw)
    assert len(fig.data) == 2 * len(runs)
    table = gv.comparison_table(runs)
    assert list(table["run"]) == ["sigmoid", "tanh", "ReLU", "leaky ReLU"]
    curves = gv.activation_curves_figure(cmp.activation_curves())
    no_nan(curves)
    assert len(validated(curves).data) == 2 * len(cmp.activation_curves())
    results = cmp.init_scale_comparison(DATA, 3, "tanh", steps=40)
    raw = gv.z1_histograms_figure(results, "tanh")
    no_nan(raw)
    hist = validated(raw)
    assert len(hist.data) == 2 * len(results)


def test_thumbnails_show_every_unit_up_to_the_cap():
    result = cmp.zero_init_comparison(cmp.unbalanced(DATA), 10, "sigmoid", steps=30, resolution=12)
    raw = gv.thumbnails_figure(result, "sigmoid")
    no_nan(raw)
    fig = validated(raw)
    assert len(fig.data) == 2 * gv.THUMBNAIL_UNITS
    z0 = [np.asarray(t.z) for t in fig.data[: gv.THUMBNAIL_UNITS]]
    assert all(np.array_equal(z, z0[0]) for z in z0)  # zero start: identical pictures


def test_error_bars_and_scatter_for_a_correct_backward():
    report = check_backward(init_params(2, 3, scale=1.0), DATA.X_train, DATA.Y_train, "tanh")
    raw = cv.error_bars(report)
    no_nan(raw)
    bars = validated(raw)
    assert list(bars.data[0].x) == ["W1", "b1", "W2", "b2"]
    raw = cv.check_scatter(report)
    no_nan(raw)
    scatter = validated(raw)
    entries = sum(len(t.x) for t in scatter.data[:-1])
    assert entries == 3 * 2 + 3 + 3 + 1
    table = cv.report_table(report)
    assert set(table["verdict"]) == {"pass"}


def test_a_shape_mismatch_is_shown_not_plotted():
    report = check_backward(init_params(2, 3, scale=1.0), DATA.X_train, DATA.Y_train, "tanh", "dropped_keepdims")
    raw = cv.error_bars(report)
    text = no_nan(raw)
    bars = validated(raw)
    i = list(bars.data[0].x).index("b1")
    assert bars.data[0].y[i] == cv.MISMATCH_BAR and bars.data[0].text[i] == "shape mismatch"
    scatter = validated(cv.check_scatter(report))
    assert all("db1" not in (t.name or "") for t in scatter.data)
    table = cv.report_table(report)
    row = table[table["parameter"] == "b1"].iloc[0]
    assert row["verdict"] == "shape mismatch" and row["shape of analytic dP"] == "(3,)"
    assert json.loads(text)  # serialisable


@pytest.mark.parametrize("activation, word", [("tanh", "saturated"), ("sigmoid", "saturated"), ("relu", "inactive")])
def test_stalled_units_are_named_by_activation(activation, word):
    """σ and tanh saturate; ReLU does not: its z ≤ 0 units are inactive (labels, titles, table)."""
    runs = cmp.activation_comparison(DATA, 3, steps=20)
    table = gv.comparison_table(runs)
    cells = dict(zip(table["run"], table["|g′| < 0.01 at start"], strict=True))
    assert cells["ReLU"].endswith("inactive") and cells["tanh"].endswith("saturated")
    results = cmp.init_scale_comparison(DATA, 3, activation, steps=20)
    raw = gv.z1_histograms_figure(results, activation)
    labels = [a["text"] for a in raw["layout"]["annotations"]] + [t["name"] for t in raw["data"]]
    assert all(word in t for t in labels if "%" in t) and any(word in t for t in labels)
    other = {"saturated": "inactive", "inactive": "saturated"}[word]
    assert not any(other in t for t in labels)


def test_scale_comparison_with_targets_and_five_starts():
    wide = cmp.with_noise_features(DATA, 12)
    results = cmp.init_rule_comparison(wide, 3, "tanh", steps=200, until_cost=0.2)
    runs = [r.run for r in results]
    raw = gv.comparison_figure(runs, labels=[r.name for r in results], colors=list(gv.SCALE_COLORS), log_cost=True)
    no_nan(raw)
    fig = validated(raw)
    assert fig.layout.yaxis.type == "log" and len(fig.data) == 10
    table = gv.comparison_table(runs, [r.name for r in results])
    assert list(table["run"]) == ["scale 0.01", "scale 1", "scale 10", "Xavier", "He"]
    for run, cell in zip(runs, table["steps to J < 0.2"], strict=True):
        assert cell == (f"{run.reached:,}" if run.reached is not None else f"not within {run.steps:,}")
    assert (table["J at start"] == [f"{r.start_cost:.3f}" for r in runs]).all()
    no_nan(gv.z1_histograms_figure(results, "tanh", title="12 inputs"))
