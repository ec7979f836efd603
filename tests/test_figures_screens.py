"""What keeps charts readable on a projector and a phone (issue 17): no chart text below 14 px
that the figure decides, log axes labelled at full size, a 3-D box with short titles and few
ticks, and room above the network diagram's headers for Plotly's toolbar."""

from __future__ import annotations

import math

import numpy as np
import pytest

from shallownet import landscape_lesson as ll
from shallownet.bugs import check_backward
from shallownet.datasets import make_dataset
from shallownet.figures import gradcheck_view, gradients_view, landscape_view, network_diagram, shapes_view
from shallownet.figures.style import MIN_FONT_PX, log_ticks, readable
from shallownet.network import init_params
from shallownet.shapes import shape_table
from shallownet.training import Trainer
from tests.figure_check import validated


@pytest.mark.parametrize("values,expected", [
    # within two decades: 1, 2, 5 of each (worked by hand: 0.3 … 4 → 10^-1 … 10^1)
    ([np.array([0.3, 4.0])], [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50]),
    # five decades: the powers of ten only, zeros and NaN left out
    ([np.array([0.0, 2e-4, np.nan]), np.array([30.0])], [1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100]),
])
def test_log_ticks_are_full_size_values_a_log_axis_can_show(values, expected):
    assert log_ticks(values) == pytest.approx(expected)
    assert log_ticks([np.array([0.0, -1.0])]) == []


def _fonts(node, inside=False):
    """Every font size in a layout or trace dict."""
    if isinstance(node, dict):
        for k, v in node.items():
            if inside and k == "size" and isinstance(v, (int, float)):
                yield v
            else:
                yield from _fonts(v, k.endswith("font"))
    elif isinstance(node, list):
        for x in node:
            yield from _fonts(x)


def _view(n_h: int):
    data = make_dataset("moons", 200, 0.2, 0, 0.25)
    t = Trainer(data, n_h, "tanh")
    t.step(50, 1.2)
    spec = ll.SliceSpec("params", *ll.default_pair(2, n_h))
    return ll.compute_view(data.X_train, data.Y_train, "tanh", t.snapshots, spec, size=9)


@pytest.mark.parametrize("n_h", [3, 8])
def test_the_3d_box_has_short_titles_and_few_ticks(n_h):
    view = _view(n_h)
    fig = validated(landscape_view.landscape_figure(view, [{"name": "run", "xy": view.path, "cost": view.path_cost,
                                                             "iterations": view.iterations}]))
    scene = fig.layout.scene
    for axis, label in ((scene.xaxis, view.labels[0]), (scene.yaxis, view.labels[1])):
        assert label.startswith("change in ")  # the map's title spells it out
        assert axis.title.text == "Δ" + label.removeprefix("change in ") and axis.nticks <= 5
    # Plotly's own digits: a fixed ".3g" wrote 0.693 twice over a slice where J spans 0.6932-0.6934
    assert scene.zaxis.nticks <= 4 and scene.zaxis.tickformat is None
    eye = scene.camera.eye
    assert math.hypot(eye.x, eye.y, eye.z) > 2.5  # far enough that the labels stay in the scene


def test_random_direction_titles_are_the_letters():
    assert landscape_view._scene_title("a (along d1)") == "a"
    assert landscape_view._scene_title("change in b1[2]") == "Δb1[2]"


@pytest.mark.parametrize("n_h", [2, 6])
def test_heat_map_values_and_colour_bars_are_at_least_14_px(n_h):
    rng = np.random.default_rng(n_h)
    fig = gradients_view.gradient_heatmaps({"dW1": rng.normal(size=(n_h, 2)) * 1e-3,
                                            "dW2": rng.normal(size=(1, n_h)) * 1e-3}, 7)
    validated(fig)
    sizes = list(_fonts(fig["data"]))
    assert sizes and min(sizes) >= MIN_FONT_PX
    labelled = ["texttemplate" in t for t in fig["data"]]
    assert labelled == [True, n_h <= gradients_view.DW2_LABELLED_UP_TO]


def test_log_axes_of_shapes_and_the_check_leave_no_minor_labels():
    """A tick per decade (shapes), per four decades (the check): Plotly writes no 2 or 5 between."""
    data = make_dataset("moons", 200, 0.2, 0, 0.25)
    table = shape_table(init_params(2, 4), data.X_train, data.Y_train)
    assert validated(shapes_view.entries_figure(table)).layout.xaxis.dtick == 1
    report = check_backward(init_params(2, 3, scale=1.0), data.X_train, data.Y_train, "tanh")
    yaxis = validated(gradcheck_view.error_bars(report)).layout.yaxis
    assert yaxis.dtick == 4 and len(yaxis.title.text) <= 30  # a longer title ran past the plot's top


@pytest.mark.parametrize("bug", ["none", "forgot_1_over_m"])
def test_check_bar_labels_are_one_line_and_hidden_rather_than_shrunk(bug):
    """Passing and failing bars: one line of value each ("9.9e-01<br>fail" ran into the
    neighbours and the title), at least 14 px or hidden, below the top of the axis."""
    data = make_dataset("moons", 200, 0.2, 0, 0.25)
    report = check_backward(init_params(2, 4), data.X_train, data.Y_train, "tanh", bug)
    fig = validated(gradcheck_view.error_bars(report))
    (bars,) = fig.data
    assert all("<br>" not in t for t in bars.text)
    assert [float(t) for t in bars.text] == pytest.approx([r.check.rel_error for r in report.rows], rel=0.05)
    assert fig.layout.uniformtext.minsize >= MIN_FONT_PX and fig.layout.uniformtext.mode == "hide"
    assert max(np.log10(bars.y)) + 2 <= fig.layout.yaxis.range[1]  # two decades of room for the label
    assert list(bars.customdata) == [r.verdict for r in report.rows]


@pytest.mark.parametrize("n_h", [4, 8, 40])
def test_the_diagram_headers_clear_the_top_node_and_stay_in_the_plot(n_h):
    """In px: the three-line headers start above the top node's circle (at n_h = 8 the "n_h = 8"
    line ran under node a1) and end below the plot area's top (the toolbar is above it)."""
    rng = np.random.default_rng(n_h)
    params = {"W1": rng.normal(size=(n_h, 2)), "b1": np.zeros((n_h, 1)), "W2": rng.normal(size=(1, n_h)),
              "b2": np.zeros((1, 1))}
    fig = readable(network_diagram.network_diagram(params, "tanh"))
    layout = fig["layout"]
    lo, hi = layout["yaxis"]["range"]
    px_per_unit = (layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]) / (hi - lo)
    nodes = [t for t in fig["data"] if t.get("mode") == "markers+text"]
    top = max(max(t["y"]) for t in nodes)
    radius = max(t["marker"]["size"] for t in nodes) / 2
    headers = [a for a in layout["annotations"] if "<b>" in a["text"]]
    assert len(headers) == 3
    for a in headers:
        bottom = (a["y"] - top) * px_per_unit + a.get("yshift", 0)  # px above the top node's centre
        lines = a["text"].count("<br>") + 1
        assert bottom > radius, (n_h, bottom, radius)
        assert bottom + lines * a["font"]["size"] * 1.3 <= (hi - top) * px_per_unit, n_h


def test_the_diagram_leaves_the_toolbar_room_above_its_headers():
    rng = np.random.default_rng(0)
    params = {"W1": rng.normal(size=(4, 2)), "b1": np.zeros((4, 1)), "W2": rng.normal(size=(1, 4)),
              "b2": np.zeros((1, 1))}
    fig = network_diagram.network_diagram(params, "tanh")
    assert fig["layout"]["margin"]["t"] >= 40
    assert min(_fonts(readable(fig)["layout"])) >= MIN_FONT_PX
