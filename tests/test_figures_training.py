"""Figures of the Training page: sizes, frames, colours, and that no NaN reaches a chart."""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from shallownet.datasets import Dataset, make_dataset
from shallownet.figures import training_board as tb
from shallownet.figures import training_view as tv
from shallownet.figures.board import plotly_js, standalone_board_html
from shallownet.figures.style import CLASS_COLORS, PROBABILITY_SCALE, typed_array
from shallownet.surface import decision_surface
from shallownet.training import Trainer
from shallownet.ui.settings import DEFAULTS
from tests.figure_check import validated

MAX_REPLAY_JSON = 1_500_000


@pytest.fixture(scope="module")
def data():
    s = DEFAULTS
    return make_dataset(s.dataset, s.n_samples, s.noise, s.data_seed, s.test_fraction)


@pytest.fixture(scope="module")
def trained(data):
    """The default configuration after 3,000 steps: a full snapshot list, saturated regions."""
    t = Trainer(data, DEFAULTS.n_h, DEFAULTS.activation, init_scale=DEFAULTS.init_scale)
    t.step(3000, DEFAULTS.learning_rate)
    return t


@pytest.fixture(scope="module")
def replay(trained, data):
    """The replay's figure dict, as the page sends it."""
    return tv.replay_figure(trained.snapshots, trained.history(), data, DEFAULTS.activation, title="run")


@pytest.fixture(scope="module")
def replay_fig(replay):
    """The replay read back through Plotly (validated in full). From a copy: go.Figure(d)
    reorders the keys of d's trace dicts in place, which would change ``replay``'s JSON."""
    return validated(replay)


def sent_json(fig) -> str:
    """The JSON Streamlit sends for a figure (st.plotly_chart uses exactly this call)."""
    return pio.to_json(fig, validate=False)


def array(value) -> np.ndarray:
    """A trace's array property as numpy: builders write numeric arrays as plotly.js typed
    arrays ({"dtype", "bdata", "shape"}), which Plotly keeps as they are."""
    if isinstance(value, dict):
        arr = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        return arr.reshape([int(n) for n in value["shape"].split(",")]) if "shape" in value else arr
    return np.asarray(value)


def decoded_arrays(obj):
    """Every base64 array in a figure's JSON, decoded with its dtype."""
    if isinstance(obj, dict):
        if "bdata" in obj and "dtype" in obj:
            yield np.frombuffer(base64.b64decode(obj["bdata"]), dtype=np.dtype(obj["dtype"]))
        else:
            for v in obj.values():
                yield from decoded_arrays(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from decoded_arrays(v)


def assert_no_nan(fig) -> None:
    text = sent_json(fig)
    assert not re.search(r"\bNaN\b|\bInfinity\b", text), "a NaN/inf literal reached the figure"
    for arr in decoded_arrays(json.loads(text)):
        if arr.dtype.kind == "f":
            assert np.isfinite(arr).all(), "a non-finite number reached the figure"


# -- quantization and frame choice ----------------------------------------------------
def test_quantize_maps_the_range_onto_uint8_levels_and_never_lets_nan_through():
    q = tv.quantize(np.array([0.0, 0.5, 1.0, -3.0, 7.0, np.nan, np.inf, -np.inf]), 0.0, 1.0)
    assert q.dtype == np.uint8
    assert q.tolist() == [0, tv.LEVELS // 2, tv.LEVELS, 0, tv.LEVELS, tv.LEVELS // 2, tv.LEVELS, 0]


def test_probability_levels_avoid_the_bytes_that_bloat_the_json():
    # bytes ≥ 252 start a base64 quartet with "/", which plotly escapes to 6 bytes
    assert tv.LEVELS < 252 and tv.LEVELS % 2 == 1  # odd: P = 0.5 lies between two levels
    saturated = np.full((60, 60), tv.LEVELS, np.uint8)
    assert "\\u002f" not in sent_json(go.Figure(go.Heatmap(z=saturated)))


def test_pick_frames_is_even_bounded_and_keeps_both_ends():
    assert tv.pick_frames(list(range(10)), 60).tolist() == list(range(10))
    idx = tv.pick_frames(list(range(200)), 60)
    assert len(idx) == 60 and idx[0] == 0 and idx[-1] == 199
    assert np.all(np.diff(idx) > 0) and np.ptp(np.diff(idx)) <= 1


def test_curve_thinning_keeps_spikes_and_both_ends():
    n = 20_000
    y = np.linspace(1, 0, n)
    y[12_345] = 50.0  # a spike a too-large α would cause
    y[777] = -1.0
    idx = tv.curve_indices([y])
    assert len(idx) <= 2 * tv.CURVE_BUCKETS + 2
    assert {0, n - 1, 12_345, 777} <= set(idx.tolist())
    assert tv.curve_indices([np.arange(100.0)]).tolist() == list(range(100))


def test_typed_arrays_are_plotlys_own_encoding():
    # exactly what go.Figure.to_dict() writes for the same numpy arrays (int64 shrunk to fit)
    for values in (np.arange(12, dtype=np.uint8).reshape(3, 4), np.linspace(0, 1, 5, dtype=np.float32),
                   np.linspace(-2, 3, 7), np.arange(-5, 100), np.arange(40_000), np.arange(6.0).reshape(2, 3)):
        assert typed_array(values) == go.Figure(go.Heatmap(z=values)).to_dict()["data"][0]["z"]
        decoded = array(typed_array(values))
        assert decoded.shape == values.shape
        np.testing.assert_array_equal(decoded, values)
    assert typed_array(np.array([])) == []


def test_live_figures_send_their_arrays_as_base64_not_number_lists(trained, data):
    figs = (tv.boundary_figure(trained.params, data, "tanh", trained.iteration),
            tv.hidden_units_figure(trained.params, data, "tanh"), tv.curves_figure(trained.history()))
    for fig in figs:
        text = sent_json(fig)
        assert '"bdata"' in text
        assert not re.search(r"\[(-?[0-9.e+-]+,){20}", text), "an array went out as a JSON list"


# -- the live figures -------------------------------------------------------------------
def test_boundary_figure_heatmap_contour_and_points_in_the_shared_palette(trained, data):
    raw = tv.boundary_figure(trained.params, data, "tanh", trained.iteration)
    fig = validated(raw)
    heat, contour = fig.data[0], fig.data[1]
    assert heat.type == "heatmap" and array(heat.z).dtype == np.uint8
    assert (heat.zmin, heat.zmax) == (0, tv.LEVELS)
    assert [list(c) for c in heat.colorscale] == [list(c) for c in PROBABILITY_SCALE]
    assert contour.type == "contour" and contour.contours.start == contour.contours.end == tv.HALF
    points = [t for t in fig.data if t.type == "scatter"]
    assert {t.marker.color for t in points} == set(CLASS_COLORS)
    assert sum(len(array(t.x)) for t in points) == data.X.shape[1]
    assert f"{trained.iteration:,}" in fig.layout.title.text
    assert_no_nan(raw)


def test_boundary_levels_put_a2_half_exactly_between_two_levels(data):
    # at the start A2 barely leaves 0.5: the boundary levels still span the whole range
    t = Trainer(data, 4)
    grid = tv.probability_grid(t.params, data.X, "tanh", 30)
    _, _, P, _ = decision_surface(t.params, data.X, "tanh", 30)
    assert grid.boundary.min() == 0 or grid.boundary.max() == tv.LEVELS
    assert len(np.unique(grid.boundary)) > 100  # while A2 itself spans only a few levels
    assert len(np.unique(grid.P)) < 10
    clear = np.abs(P - 0.5) > np.abs(P - 0.5).max() / tv.LEVELS  # cells not within rounding of 0.5
    np.testing.assert_array_equal((grid.boundary > tv.HALF)[clear], (P > 0.5)[clear])


def test_a_constant_half_probability_draws_no_boundary(data):
    t = Trainer(data, 4, init_scale=0.0)  # all-zero start: A2 = 0.5 everywhere
    grid = tv.probability_grid(t.params, data.X, "tanh", 20)
    assert len(np.unique(grid.boundary)) == 1


def test_boundary_heatmap_is_the_quantized_forward_pass(trained, data):
    fig = validated(tv.boundary_figure(trained.params, data, "tanh", trained.iteration))
    _, _, P, _ = decision_surface(trained.params, data.X, "tanh", tv.GRID)
    np.testing.assert_array_equal(array(fig.data[0].z), np.rint(P * tv.LEVELS).astype(np.uint8))


def test_hidden_units_one_thumbnail_per_unit_titled_with_its_output_weight(trained, data):
    raw = tv.hidden_units_figure(trained.params, data, "tanh")
    fig = validated(raw)
    assert len(fig.data) == trained.n_h
    assert all(t.type == "heatmap" and array(t.z).dtype == np.uint8 for t in fig.data)
    w2 = trained.params["W2"].ravel()
    titles = [a.text for a in fig.layout.annotations]
    assert titles[0] == f"unit 1 · W2={w2[0]:+.2g}"
    # tanh thumbnails use tanh's own range, so 0 is white in every frame
    assert fig.data[0].colorbar.ticktext == ("-1", "0", "1")
    assert_no_nan(raw)


def test_hidden_units_for_relu_share_one_range_and_handle_many_units(data):
    t = Trainer(data, 50, "relu", init_scale=0.5)
    t.step(20, 1.0)
    fig = validated(tv.hidden_units_figure(t.params, data, "relu"))
    assert len(fig.data) == 50 and len({d.colorscale for d in fig.data}) == 1
    assert float(fig.data[0].colorbar.ticktext[0]) == 0.0  # ReLU ≥ 0: white at 0


@pytest.mark.parametrize("n_h", [1, 2, 3, 4, 5, 7, 9, 12, 16, 17, 33, 50])
def test_thumbnail_grid_fits_the_figure_for_any_width(data, n_h):
    params = Trainer(data, n_h).params
    fig = validated(tv.hidden_units_figure(params, data, "tanh", resolution=8))
    layout = fig.to_plotly_json()["layout"]
    domains = [v["domain"] for k, v in layout.items() if k.startswith(("xaxis", "yaxis"))]
    assert len(domains) == 2 * n_h
    assert all(0 <= lo < hi <= 1 for lo, hi in domains)


def test_plane_views_refuse_data_that_is_not_two_dimensional(trained):
    rng = np.random.default_rng(0)
    three = Dataset("3d", rng.normal(size=(3, 20)), np.ones((1, 20)), rng.normal(size=(3, 5)), np.ones((1, 5)))
    with pytest.raises(ValueError, match="n_x = 3"):
        tv.boundary_figure(trained.params, three, "tanh", 0)


def test_curves_marker_sits_at_the_iteration_in_view(trained):
    h = trained.history()
    raw = tv.curves_figure(h, iteration=1000, log_cost=True)
    fig = validated(raw)
    markers = [t for t in fig.data if t.mode == "markers"]
    assert markers[0].x == (1000, 1000)
    assert markers[0].y == pytest.approx((h["train_cost"][1000], h["test_cost"][1000]))
    assert fig.layout.yaxis.type == "log"
    assert fig.layout.shapes[0].x0 == 1000
    assert_no_nan(raw)


def test_curves_leave_out_missing_test_values(trained):
    h = trained.history()
    h["test_cost"] = np.full_like(h["test_cost"], np.nan)  # e.g. no test split
    h["test_acc"] = np.full_like(h["test_acc"], np.nan)
    raw = tv.curves_figure(h)
    fig = validated(raw)
    assert [t.name for t in fig.data if t.mode == "lines"] == ["train", "train"]
    assert_no_nan(raw)


def test_replay_json_stays_under_the_budget_at_default_settings(replay):
    size = len(sent_json(replay))
    assert size <= MAX_REPLAY_JSON, f"replay figure is {size / 1e6:.2f} MB of JSON"


def test_replay_has_bounded_frames_a_slider_through_them_and_a_play_button(replay_fig, trained):
    replay = replay_fig
    frames = replay.frames
    assert 2 <= len(frames) <= tv.MAX_FRAMES
    names = [f.name for f in frames]
    assert names[0] == "0" and names[-1] == str(trained.iteration)
    assert [int(n) for n in names] == sorted(int(n) for n in names)
    steps = replay.layout.sliders[0].steps
    assert [s.args[0][0] for s in steps] == names
    play = replay.layout.updatemenus[0].buttons[0]
    assert play.method == "animate" and play.args[1]["frame"]["redraw"] is True
    for frame in frames:
        z = array(frame.data[0].z)
        assert z.dtype == np.uint8 and z.shape == (tv.GRID, tv.GRID)
        assert frame.traces[:2] == (0, 1)


def test_replay_frames_match_the_snapshots(replay_fig, trained, data):
    snaps = {s.iteration: s for s in trained.snapshots}
    frame = replay_fig.frames[len(replay_fig.frames) // 2]
    grid = tv.probability_grid(snaps[int(frame.name)].params, data.X, "tanh", tv.GRID)
    np.testing.assert_array_equal(array(frame.data[0].z), grid.P)
    np.testing.assert_array_equal(array(frame.data[1].z), grid.boundary)


def test_replay_is_deterministic_so_cached_reruns_send_identical_json(trained, data, replay):
    again = tv.replay_figure(trained.snapshots, trained.history(), data, "tanh", title="run")
    assert sent_json(again) == sent_json(replay)


def test_replay_has_no_nan(replay):
    assert_no_nan(replay)


def test_run_title_lists_the_learning_rates_used(data):
    t = Trainer(data, 4)
    t.step(10, 1.2)
    t.step(10, 0.3)
    title = tv.run_title("moons", 4, "tanh", t.history())
    assert "iterations 0 → 20" in title and "α = 1.2 → 0.3" in title


# -- standalone HTML ---------------------------------------------------------------------------
def test_standalone_html_embeds_plotly_the_player_and_the_frames(trained, data):
    payload = tb.replay_payload(trained, data, "tanh", False, "moons")
    html = standalone_board_html(payload, plotly_js(), title="moons <run>")
    assert "<title>moons &lt;run&gt;</title>" in html
    assert len(html) > 3_000_000  # plotly.js itself is inside
    assert not re.search(r"<script[^>]+src=", html), "the page must not load scripts from the network"
    assert "mount(document.getElementById('board')" in html and "</script>" not in html.split("mount(")[-1][:-30]
    frames = payload["player"]["frames"]
    assert 2 <= len(frames) <= tv.MAX_FRAMES and frames[-1]["label"] == f"iteration {trained.iteration:,}"
    # every frame is complete: the A2 grid, the boundary grid and both cursors
    assert all(f["plots"]["replay"]["traces"] == frames[0]["plots"]["replay"]["traces"] for f in frames)
    assert "updatemenus" not in payload["plots"][0]["figure"]["layout"]  # the player's own controls instead
