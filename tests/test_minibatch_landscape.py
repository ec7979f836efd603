"""The Mini-batch page's loss-landscape map (shallownet.minibatch_landscape and its sentences in
minibatch_lesson), at two settings that give different numbers and texts. Checked against the
float64 reference cost (network.compute_cost) and distances computed here from the parameters."""

from __future__ import annotations

import numpy as np
import pytest

from shallownet import landscape as L
from shallownet import minibatch_lesson as lesson
from shallownet.datasets import make_dataset
from shallownet.figures.landscape_view import runs_map_figure
from shallownet.minibatch import compare_batch_sizes
from shallownet.minibatch_landscape import runs_map
from shallownet.network import compute_cost, forward
from tests.figure_check import validated
from tests.test_minibatch_lesson import runs_at

SETTINGS = {
    "moons": dict(data=("moons", 400), n_h=4, activation="tanh", init_scale=0.01, lr=1.2, epochs=5),
    "spiral": dict(data=("spiral", 200), n_h=20, activation="relu", init_scale=0.5, lr=0.3, epochs=3),
}


@pytest.fixture(scope="module", params=sorted(SETTINGS))
def case(request):
    s = SETTINGS[request.param]
    data, runs = runs_at(s)
    return request.param, s, data, runs, runs_map(runs, data.X_train, data.Y_train, s["activation"])


def test_every_path_starts_at_the_plane_origin_and_its_cost_is_the_reference_cost(case):
    name, s, data, runs, m = case
    assert m.plane == "ends"
    for run, path in zip(runs, m.paths, strict=True):
        assert path.xy[0, 0] == 0.0 and path.xy[0, 1] == 0.0  # the common start is the plane's centre
        assert path.off[0] == 0.0
        for it, params in run.snapshots:
            k = int(np.flatnonzero(path.iterations == it)[0])
            ref = compute_cost(forward(params, data.X_train, s["activation"])[0], data.Y_train)
            assert path.cost[k] == pytest.approx(ref, rel=1e-12, abs=1e-15)
    # the grid's centre is the start: J there is the reference cost too
    i0 = np.argmin(np.abs(m.alphas)), np.argmin(np.abs(m.betas))
    start = runs[0].snapshots[0][1]
    grid_at_start = L.slice_grid(data.X_train, data.Y_train, s["activation"], start,
                                 np.eye(2, L.flatten(start).size), [0.0], [0.0])[0, 0]
    assert grid_at_start == pytest.approx(m.start_cost, rel=1e-12)
    assert np.all(np.isfinite(m.J)) and m.J.shape == (41, 41) and i0 is not None


def test_the_plane_holds_both_ends_and_keeps_distances(case):
    name, s, data, runs, m = case
    full, sgd = m.paths[0], m.paths[-1]
    start = L.flatten(runs[0].snapshots[0][1])
    for run, path in ((runs[0], full), (runs[-1], sgd)):
        end = L.flatten(run.snapshots[-1][1])
        assert path.off[-1] < 1e-9 * max(1.0, np.linalg.norm(end - start))
        assert np.hypot(*path.xy[-1]) == pytest.approx(np.linalg.norm(end - start), rel=1e-9)
    assert full.xy[-1, 1] == pytest.approx(0.0, abs=1e-9) and full.xy[-1, 0] > 0
    # one scale on both axes
    assert np.ptp(m.alphas) == pytest.approx(np.ptp(m.betas))


def test_plane_through_three_points_on_a_line_is_refused():
    c = {"W1": np.zeros((2, 2)), "b1": np.zeros((2, 1)), "W2": np.zeros((1, 2)), "b2": np.zeros((1, 1))}
    p = {k: v + 1.0 for k, v in c.items()}
    q = {k: v + 3.0 for k, v in c.items()}
    assert L.plane_through(c, p, q) is None and L.plane_through(c, c, q) is None
    q["b2"] = q["b2"] + 1.0
    D = L.plane_through(c, p, q)
    np.testing.assert_allclose(D @ D.T, np.eye(2), atol=1e-12)


def test_wander_sentence_names_the_run_that_wandered_most(case):
    name, s, data, runs, m = case
    ratios = {}
    for run in runs:
        ends = np.stack([L.flatten(p) for p in run.epoch_params])
        assert len(ends) == s["epochs"] + 1
        length = np.linalg.norm(np.diff(ends, axis=0), axis=1).sum()
        ratios[run.batch_size] = length / np.linalg.norm(ends[-1] - ends[0])
    text = lesson.wander_text(m)
    names = {0: "full batch", 64: "b = 64", 8: "b = 8", 1: "b = 1 (stochastic)"}
    top = max(ratios.values())
    near = [names[b] for b in ratios if ratios[b] >= top / 1.05]
    assert f"**{' and '.join(near)} wandered most**" in text
    assert ("about equally" in text) == (len(near) > 1)
    assert f"of the {s['epochs']} epochs" in text and f"all {m.P} parameters" in text
    assert f"P = {m.P} parameters" in lesson.map_limits_text(m)
    assert "through three points" in lesson.plane_text(m)


def test_texts_differ_between_the_two_settings():
    texts = []
    for s in SETTINGS.values():
        data = make_dataset(s["data"][0], s["data"][1], seed=0)
        runs = compare_batch_sizes(data, s["epochs"], n_h=s["n_h"], activation=s["activation"],
                                   init_scale=s["init_scale"], init_seed=0, learning_rate=s["lr"])
        m = runs_map(runs, data.X_train, data.Y_train, s["activation"])
        texts.append((lesson.wander_text(m), lesson.map_limits_text(m)))
    assert texts[0][0] != texts[1][0] and texts[0][1] != texts[1][1]


def test_map_figure_has_the_four_runs_a_legend_and_the_start(case):
    name, s, data, runs, m = case
    paths = [{"name": p.name, "xy": p.xy, "cost": p.cost, "iterations": p.iterations} for p in m.paths]
    fig = runs_map_figure(m, paths)
    validated(fig)
    lines = [t for t in fig["data"] if t.get("meta") == "path"]
    assert [t["name"] for t in lines] == ["full batch", "b = 64", "b = 8", "b = 1 (stochastic)"]
    assert len({t["line"]["color"] for t in lines}) == 4
    assert any(t.get("meta") == "common start" for t in fig["data"])


def test_a_path_hidden_under_the_start_mark_is_named(case):
    name, s, data, runs, m = case
    span = np.ptp(m.alphas)
    text = lesson.dots_text(m)
    for p in m.paths:
        hidden = np.linalg.norm(p.xy[-1]) < 0.02 * span
        assert (f"{p.name} (it ended" in text) == hidden
    assert ("full batch (it ended" in text) == (name == "moons")  # 5 steps from a 0.01-scale start
