"""Sweeps and the baseline: one result (and one panel) per setting, progress reported,
divergence marked instead of plotted as NaN, the linear baseline where it should win and lose."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from shallownet import sweeps
from shallownet.datasets import make_dataset
from shallownet.figures import experiments_view as ev
from shallownet.ui.settings import DEFAULTS
from tests.figure_check import validated

PAGE_STEPS = 3000  # the page's default steps per network


def default_data(name: str | None = None):
    s = DEFAULTS
    return make_dataset(name or s.dataset, s.n_samples, s.noise, s.data_seed, s.test_fraction)


def default_network(data):
    s = DEFAULTS
    return sweeps.train_network(data, s.n_h, s.activation, s.learning_rate, PAGE_STEPS,
                                init_scale=s.init_scale, init_seed=s.init_seed)


@pytest.fixture(scope="module")
def moons():
    return default_data("moons")


@pytest.fixture(scope="module")
def small():
    return make_dataset("moons", n_samples=120, noise=0.3, seed=2)


def all_numbers(fig_json) -> list[float]:
    """Every number in a figure's traces, bdata arrays decoded."""
    import base64

    out = []

    def walk(node):
        if isinstance(node, dict):
            if "bdata" in node and "dtype" in node:
                out.extend(np.frombuffer(base64.b64decode(node["bdata"]), dtype=node["dtype"]).tolist())
                return
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        elif isinstance(node, float):
            out.append(node)

    walk(fig_json["data"])
    return out


def assert_no_nan(fig):
    fig_json = json.loads(fig.to_json())
    values = np.array(all_numbers(fig_json), dtype=float)
    assert np.isfinite(values).all()
    bare = re.compile(r"[:,\[]\s*-?(NaN|Infinity)\s*[,\]}]")  # a JSON value, not base64 text
    assert not bare.search(fig.to_json())


# -- the hidden-layer sweep ------------------------------------------------------------
def test_size_sweep_gives_one_run_and_one_panel_per_size(small):
    sizes = (1, 3, 8)
    calls = []
    runs = sweeps.size_sweep(small, sizes, steps=400, progress=lambda f, text: calls.append((f, text)))
    assert [r.n_h for r in runs] == list(sizes)
    for r in runs:
        assert r.iterations == 400 and r.divergence is None
        assert r.params["W1"].shape == (r.n_h, 2)  # shapes come from the arrays
        assert r.boundary.P.shape == (sweeps.SURFACE_RESOLUTION,) * 2
        assert np.isfinite(r.boundary.P).all() and 0 <= r.boundary.P.min() <= r.boundary.P.max() <= 1
        assert 0 <= r.train_acc <= 1 and 0 <= r.test_acc <= 1
    fractions = [f for f, _ in calls]
    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(1.0)
    assert "n_h = 8 (3 of 3)" in calls[-1][1]

    fig = validated(ev.hidden_size_figure(runs, small))
    assert sum(t.type == "heatmap" for t in fig.data) == len(sizes)
    titles = [a.text for a in fig.layout.annotations if a.text.startswith("n_h")]
    assert titles == [f"n_h = {n}" for n in sizes]
    captions = [a.text for a in fig.layout.annotations if a.text.startswith("train")]
    assert captions == [f"train {ev.percent(r.train_acc)}<br>test {ev.percent(r.test_acc)}" for r in runs]
    assert_no_nan(fig)


def test_accuracy_by_size_has_train_and_test_per_size(small):
    runs = sweeps.size_sweep(small, (1, 2), steps=100)
    fig = validated(ev.accuracy_by_size_figure(runs))
    assert [t.name for t in fig.data] == ["train accuracy", "test accuracy"]
    assert list(fig.data[1].x) == ["1", "2"]
    assert list(fig.data[1].y) == pytest.approx([100 * r.test_acc for r in runs])


def test_the_same_settings_give_the_same_run(small):
    a = sweeps.train_network(small, 3, steps=200)
    b = sweeps.train_network(small, 3, steps=200)
    np.testing.assert_array_equal(a.boundary.P, b.boundary.P)
    assert a.test_acc == b.test_acc


def test_panels_of_a_large_upload_are_thinned():
    big = make_dataset("blobs", n_samples=2000, noise=0.3, seed=0)
    runs = sweeps.size_sweep(big, (1, 2, 3, 4, 5, 6, 7), steps=20)
    fig = validated(ev.hidden_size_figure(runs, big))
    points = sum(len(t.x) for t in fig.data if t.type == "scatter")
    assert points <= 7 * ev.points_per_panel(7) <= ev.POINT_BUDGET + 7


def test_small_data_is_drawn_in_full(small):
    runs = sweeps.size_sweep(small, (1, 2, 3, 4, 5, 6, 7), steps=10)
    fig = validated(ev.hidden_size_figure(runs, small))
    points = sum(len(t.x) for t in fig.data if t.type == "scatter")
    assert points == 7 * 120


# -- the learning-rate sweep -----------------------------------------------------------
def test_a_diverging_rate_is_marked_not_plotted_as_nan(moons):
    runs = sweeps.rate_sweep(moons, (0.1, 1.0, 100.0), steps=500)
    assert [r.learning_rate for r in runs] == [0.1, 1.0, 100.0]
    assert runs[0].diverged_at is None and runs[1].diverged_at is None
    bad = runs[2]
    assert bad.diverged_at is not None and bad.reason
    assert bad.iterations[-1] == bad.diverged_at - 1  # the curve ends at the last finite step
    for r in runs:
        assert np.isfinite(r.cost).all() and len(r.cost) <= sweeps.CURVE_POINTS
        assert r.iterations[0] == 0

    fig = validated(ev.rate_figure(runs))
    lines = [t for t in fig.data if t.mode == "lines"]
    assert len(lines) == 3  # one line per rate
    assert lines[2].name == f"α = 100 — diverged at step {bad.diverged_at}"
    marks = [t for t in fig.data if t.mode == "markers"]
    assert len(marks) == 1 and marks[0].marker.symbol == "x"
    assert any("diverged" in a.text for a in fig.layout.annotations)
    assert fig.layout.yaxis.type == "log"
    assert_no_nan(fig)


def test_cost_curves_are_thinned_but_keep_both_ends(moons):
    run = sweeps.train_rate(moons, 1.0, steps=2000, max_points=100)
    assert len(run.iterations) <= 100
    assert run.iterations[0] == 0 and run.iterations[-1] == 2000


@pytest.mark.parametrize("k, cap", [(5, 10), (1000, 10), (401, 400), (1, 3)])
def test_thin_indices(k, cap):
    idx = sweeps.thin_indices(k, cap)
    assert idx[0] == 0 and idx[-1] == k - 1 and len(idx) <= max(cap, 1)
    assert (np.diff(idx) > 0).all()


# -- the baseline ----------------------------------------------------------------------
def test_baseline_beats_chance_on_blobs():
    blobs = default_data("blobs")
    base = sweeps.logistic_baseline(blobs)
    chance = max(blobs.Y_test.mean(), 1 - blobs.Y_test.mean())
    assert base.test_acc > chance + 0.3 and base.test_acc >= 0.9
    assert base.coef.shape == (2,) and np.isfinite(base.intercept)


def test_baseline_loses_to_the_network_on_moons_at_default_settings(moons):
    base = sweeps.logistic_baseline(moons)
    net = default_network(moons)
    assert net.test_acc > base.test_acc  # on 100 test points the margin varies with the split
    assert net.train_acc > base.train_acc + 0.05  # a line cannot fit the moons; the network can
    fig = validated(ev.baseline_figure(base, net, moons))
    assert sum(t.type == "heatmap" for t in fig.data) == 2
    assert_no_nan(fig)


def test_baseline_is_near_chance_on_circles():
    base = sweeps.logistic_baseline(default_data("circles"))
    assert base.test_acc < 0.7  # no straight line separates a ring from its centre


def test_baseline_probability_surface_is_a_logistic_of_a_plane(moons):
    base = sweeps.logistic_baseline(moons)
    b = base.boundary
    gx, gy = np.meshgrid(b.xs, b.ys)
    expected = 1 / (1 + np.exp(-(base.coef[0] * gx + base.coef[1] * gy + base.intercept)))
    np.testing.assert_allclose(b.P, expected, atol=1e-6)


def test_data_figure_without_a_boundary_shows_points_only(small):
    fig = validated(ev.data_figure(small))
    assert {t.type for t in fig.data} == {"scatter"}
    assert_no_nan(fig)


def test_boundary_panels_place_each_panel_on_its_own_axes(small):
    net = sweeps.train_network(small, 3, steps=100)
    panels = [ev.Panel("with a boundary", "a caption", net.boundary), ev.Panel("points only", "", None),
              ev.Panel("again", "another caption", net.boundary)]
    fig = validated(ev.boundary_panels(panels, small, columns=2, title="Panels"))
    assert fig.layout.title.text == "Panels"
    assert [t.type for t in fig.data] == ["heatmap", "contour"] + ["scatter"] * 4 + ["scatter"] * 4 + \
        ["heatmap", "contour"] + ["scatter"] * 4
    assert [(t.xaxis, t.yaxis) for t in fig.data if t.type == "heatmap"] == [("x", "y"), ("x3", "y3")]
    assert {(t.xaxis, t.yaxis) for t in fig.data[6:10]} == {("x2", "y2")}
    assert sum(bool(t.showlegend) for t in fig.data if t.type == "scatter") == 4  # the first panel's only
    texts = [a.text for a in fig.layout.annotations]
    assert texts == ["with a boundary", "points only", "again", "a caption", "another caption"]
    assert tuple(fig.layout.xaxis.range) == (float(net.boundary.xs[0]), float(net.boundary.xs[-1]))
    assert fig.layout.yaxis3.domain[1] < fig.layout.yaxis.domain[0]  # the third panel in the second row
    assert_no_nan(fig)


def test_sweeps_and_upload_import_neither_streamlit_nor_plotly():
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    code = ("import sys, shallownet.sweeps, shallownet.upload\n"
            "assert 'streamlit' not in sys.modules and 'plotly' not in sys.modules\n")
    env = {**os.environ, "PYTHONPATH": str(root)}
    result = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
