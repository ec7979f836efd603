"""The projector-first look: chart text sizes, white-rimmed points, distinct line colours, the
boundary's view toggles (test points, discretised output) and presentation mode as settings."""

from __future__ import annotations

import base64

import numpy as np
import pytest

from shallownet import comparisons as cmp
from shallownet import network
from shallownet.datasets import make_dataset
from shallownet.figures import experiments_view as ev
from shallownet.figures import gradients_view as gv
from shallownet.figures import training_board as tb
from shallownet.figures import training_view as tv
from shallownet.figures.style import CLASS_COLORS, DIVERGING_SCALE, LINE_COLORS, readable
from shallownet.training import Trainer
from shallownet.ui.settings import DEFAULTS, from_query, to_query
from tests.figure_check import validated


def values(v) -> np.ndarray:
    """A typed array ({"dtype", "bdata", "shape"}) or a list, as a float array."""
    if isinstance(v, dict):
        a = np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"])).astype(float)
        return a.reshape([int(n) for n in v["shape"].split(",")]) if "shape" in v else a
    return np.asarray(v, dtype=float)


@pytest.fixture(scope="module")
def data():
    return make_dataset("moons", 200, 0.2, 0, 0.25)


@pytest.fixture(scope="module")
def trained(data):
    t = Trainer(data, 4, "tanh", init_scale=0.5)
    t.step(300, 1.2)
    return t


def font_sizes(node, inside=False):
    """Every font size in a layout or trace dict (sizes under a font-like key)."""
    if isinstance(node, dict):
        for k, v in node.items():
            if inside and k == "size":
                yield from (v if isinstance(v, list) else [v])
            else:
                yield from font_sizes(v, k in ("font", "tickfont", "textfont", "title_font"))
    elif isinstance(node, list):
        for x in node:
            yield from font_sizes(x)


@pytest.mark.parametrize("px", [14, 16])
def test_readable_raises_every_chart_text_to_the_display_size(trained, data, px):
    figs = [tv.curves_figure(trained.history(), baseline=0.3), tv.hidden_units_figure(trained.params, data, "tanh"),
            tv.boundary_figure(trained.params, data, "tanh", trained.iteration)]
    assert any(min(font_sizes(f["layout"])) < px for f in figs)  # the builders write smaller text
    for fig in figs:
        out = readable(fig, px)
        sizes = list(font_sizes(out["layout"])) + [s for t in out["data"] if t["type"] != "heatmap"
                                                   for s in font_sizes(t)]
        assert sizes and min(sizes) >= px
        validated(out)


def test_readable_keeps_marker_sizes_and_heatmap_values(data, trained):
    fig = tv.boundary_figure(trained.params, data, "tanh", trained.iteration)
    out = readable(fig, 16)
    assert [t.get("marker", {}).get("size") for t in out["data"]] == [t.get("marker", {}).get("size")
                                                                       for t in fig["data"]]
    assert out["data"][0] is fig["data"][0]  # the heatmap passes as it is


def kinds(fig):
    return [(t["type"], t.get("name")) for t in fig["data"]]


def test_test_points_are_drawn_only_when_shown(data, trained):
    shown = tv.boundary_figure(trained.params, data, "tanh", trained.iteration, show_test=True)
    hidden = tv.boundary_figure(trained.params, data, "tanh", trained.iteration, show_test=False)
    assert ("scatter", "test") in kinds(shown) and ("scatter", "test") not in kinds(hidden)
    count = lambda fig, name: sum(len(values(t["x"])) for t in fig["data"] if t.get("name") == name)  # noqa: E731
    assert count(shown, "test") == data.X_test.shape[1] and count(hidden, "test") == 0
    assert count(shown, "train") == count(hidden, "train") == data.X_train.shape[1]
    # one legend entry per split, and every point in its class colour with a white rim
    assert [t["name"] for t in shown["data"] if t.get("showlegend") is True and t["type"] == "scatter"] == [
        "train", "test"]
    for t in shown["data"][2:]:
        assert t["marker"]["line"]["color"] == "white" and t["marker"]["color"] in CLASS_COLORS


def test_discretised_output_paints_the_predicted_class_in_two_colours(data, trained):
    """Checked against the float64 reference network's predictions at the grid's cells."""
    raw = tv.boundary_figure(trained.params, data, "tanh", trained.iteration, discrete=True, resolution=30)
    validated(raw)
    heat = raw["data"][0]
    assert {c for _, c in heat["colorscale"]} == set(CLASS_COLORS) and heat["zsmooth"] is False
    z = values(heat["z"])
    colour_is_1 = z / tv.LEVELS > 0.5
    gx, gy = np.meshgrid(values(heat["x"]), values(heat["y"]))
    X = np.vstack([gx.ravel(), gy.ravel()])
    A2, _ = network.forward(trained.params, X, "tanh")
    predicted = network.predict(trained.params, X, "tanh").reshape(z.shape) == 1
    near = np.abs(A2.reshape(z.shape) - 0.5) < 1.0 / tv.LEVELS  # a level's rounding may fall either way
    assert predicted.any() and (~predicted).any()
    assert np.array_equal(colour_is_1[~near], predicted[~near])
    smooth = tv.boundary_figure(trained.params, data, "tanh", trained.iteration, resolution=30)
    assert smooth["data"][0]["colorscale"] != heat["colorscale"]  # off: the A2 shades


@pytest.mark.parametrize("show_test, discrete, words, absent", [
    (True, False, ("A2 over the plane as colour", "train and test points"), "hidden"),
    (False, True, ("predicted class", "test points hidden"), "train and test"),
])
def test_the_boundary_alt_text_says_what_is_drawn(show_test, discrete, words, absent):
    alt = tb.boundary_alt(show_test, discrete)
    assert all(w in alt for w in words) and absent not in alt


def test_the_live_board_passes_the_toggles_to_the_boundary(data, trained):
    on = tb.live_base(trained, data, "tanh", 1.2, False, show_test=False, discrete=True)
    boundary = on["plots"][0]
    assert boundary["fit"] > 0 and "test points hidden" in boundary["alt"]
    assert all(t.get("name") != "test" for t in boundary["figure"]["data"])


def test_view_settings_travel_in_the_link():
    s, problems = from_query({"present": "1", "showtest": "0", "discrete": "1"})
    assert (s.present, s.show_test, s.discrete, problems) == ("1", "0", "1", [])
    assert {"present": "1", "showtest": "0", "discrete": "1"}.items() <= to_query(s).items()
    assert (DEFAULTS.present, DEFAULTS.show_test, DEFAULTS.discrete) == ("0", "1", "0")
    s, problems = from_query({"present": "yes"})
    assert s.present == "0" and "present='yes'" in problems[0] and "using the default 0" in problems[0]


def test_every_line_of_a_chart_has_its_own_colour():
    assert len(set(LINE_COLORS)) == len(LINE_COLORS) and "#F0E442" not in LINE_COLORS  # no yellow on white
    norms = [color for _, color, _ in gv.NORM_STYLES.values()]
    assert len(set(norms)) == 4 and not set(norms) & set(CLASS_COLORS)
    for n in (2, 6, 7):
        colours = ev.rate_colors(n)
        assert len(set(colours)) == n


def test_train_and_test_curves_differ_in_colour(trained):
    fig = tv.curves_figure(trained.history())
    colour = {t["meta"]: t["line"]["color"] for t in fig["data"] if t.get("meta") in ("train_cost", "test_cost")}
    assert colour["train_cost"] != colour["test_cost"]


def test_zero_start_uses_the_diverging_scale_with_a_colour_bar(data):
    result = cmp.zero_init_comparison(cmp.unbalanced(data), 6, "tanh", steps=20, resolution=10)
    fig = validated(gv.thumbnails_figure(result, "tanh"))
    assert {tuple(map(tuple, t.colorscale)) for t in fig.data} == {tuple((float(v), c) for v, c in DIVERGING_SCALE)}
    assert sum(bool(t.showscale) for t in fig.data) == 2  # one bar per start
    assert all(t.zmin == -t.zmax for t in fig.data)  # 0 is white


@pytest.mark.parametrize("name, noise", [("moons", 0.2), ("circles", 0.1), ("blobs", 0.3)])
def test_the_numpy_logistic_fit_is_scikit_learns(name, noise):
    """The straight-line baseline without importing scikit-learn, checked against scikit-learn's
    LogisticRegression (default C = 1) and against its own optimality condition."""
    from sklearn.linear_model import LogisticRegression

    from shallownet import sweeps

    d = make_dataset(name, 300, noise, 1, 0.25)
    X, y = d.X_train, d.Y_train.ravel()
    w, b = sweeps.logistic_fit(X, y, 1.0)
    ref = LogisticRegression(max_iter=5000, tol=1e-10).fit(X.T, y.astype(int))
    np.testing.assert_allclose(w, ref.coef_.ravel(), rtol=1e-4, atol=1e-5)
    assert b == pytest.approx(float(ref.intercept_[0]), abs=1e-5)
    p = 1 / (1 + np.exp(-(w @ X + b)))
    np.testing.assert_allclose(X @ (p - y) + w, 0, atol=1e-7)  # ∇ of C·Σ𝓛 + ½‖w‖² is 0 (C = 1)
    assert float(np.sum(p - y)) == pytest.approx(0, abs=1e-7)
    base = sweeps.logistic_baseline(d, resolution=20)
    assert base.train_acc == pytest.approx(ref.score(X.T, y.astype(int)))
    assert base.test_acc == pytest.approx(ref.score(d.X_test.T, d.Y_test.ravel().astype(int)))
