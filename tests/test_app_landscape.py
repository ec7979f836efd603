"""The Loss landscape page at the defaults and at ?data=spiral&h=20&g=relu: it opens, and its
texts carry the numbers of its own arrays (P, the zero start, the three step sizes)."""

from __future__ import annotations

import numpy as np
import pytest

from shallownet import landscape_lesson as ll
from shallownet.datasets import make_dataset
from shallownet.training import Trainer

PAGE = "app_pages/landscape.py"


def texts(at) -> str:
    return "\n".join([m.value for m in at.markdown] + [m.value for m in at.info] + [m.value for m in at.warning])


def test_defaults(app_at):
    at = app_at(PAGE, timeout=120)
    assert not at.exception
    body = texts(at)
    assert "P = 17 parameters" in body  # 4·2 + 4 + 4 + 1
    assert "θ = 0 is a stationary point" in body or "saddle point" in body
    assert "α = 1.2" in body and "α small, α = 0.05" in body
    assert "diverged" in body  # the too-large run did diverge (checked below from its numbers)


def test_spiral_relu_wide(app_at):
    at = app_at(PAGE, query={"data": "spiral", "h": "20", "g": "relu"}, timeout=120)
    assert not at.exception
    body = texts(at)
    assert "P = 81 parameters" in body  # 20·2 + 20 + 20 + 1
    assert "W2[0]" in str([s.options for s in at.selectbox])


@pytest.mark.parametrize("name,n_h,g,P", [("moons", 4, "tanh", 17), ("spiral", 20, "relu", 81)])
def test_slice_text_and_presets_follow_the_numbers(name, n_h, g, P):
    data = make_dataset(name, 400, 0.2, 0, 0.25)
    t = Trainer(data, n_h, g)
    t.step(200, 1.2)
    snaps = t.snapshots
    costs = t.history()["train_cost"][[s.iteration for s in snaps]]  # the float32 trainer's
    spec = ll.SliceSpec("params", *ll.default_pair(2, n_h))
    view = ll.compute_view(data.X_train, data.Y_train, g, snaps, spec, size=11)
    text = ll.slice_limits_text(view, "params")
    assert f"P = {P} parameters" in text and f"other {P - 2} directions" in text
    far = int(np.argmax(view.off))
    assert f"iteration {view.iterations[far]}" in text
    assert view.center_cost == pytest.approx(costs[-1], rel=1e-5)  # float32 trainer against float64 grid
    assert view.path_cost[-1] == view.center_cost
    runs = ll.preset_runs(data, n_h, g, 0.01, 0, steps=60)
    for r in runs:
        said = ll.preset_text(r, 60)
        assert ("diverged" in said) == bool(r.divergence)


def test_zero_text_says_saddle_only_for_balanced_classes():
    data = make_dataset("moons", 400, 0.2, 0, 0.25)
    t = Trainer(data, 4, "tanh")
    t.step(300, 1.2)
    view = ll.compute_view(data.X_train, data.Y_train, "tanh", t.snapshots, ll.SliceSpec(), size=5)
    X, Y = data.X_train, data.Y_train
    balanced = ll.zero_text(X, Y, "tanh", 4, t.params, view)
    assert "saddle point" in balanced and f"{float(np.mean(Y)):.3g}" in balanced
    keep = np.flatnonzero((Y[0] == 1) | (np.arange(Y.shape[1]) % 3 == 0))  # drop two thirds of class 0
    Xu, Yu = X[:, keep], Y[:, keep]
    unbalanced = ll.zero_text(Xu, Yu, "tanh", 4, t.params, view)
    assert "**not** a stationary point" in unbalanced and "saddle" not in unbalanced
    assert f"{float(np.mean(Yu)):.3g}" in unbalanced


def test_plateau_text_names_the_detected_iterations():
    assert "no plateau" in ll.plateau_text(None, (0.3, 0.8))
    said = ll.plateau_text((49, 300), (0.282, 0.85))
    assert "Iterations 49–300" in said and "0.282" in said


def test_climbing_shadow_is_counted_from_the_map():
    data = make_dataset("moons", 400, 0.2, 0, 0.25)
    t = Trainer(data, 4, "tanh")
    t.step(300, 1.2)
    view = ll.compute_view(data.X_train, data.Y_train, "tanh", t.snapshots, ll.SliceSpec("random", through="start"),
                           size=21)
    rises = int(np.sum(np.diff(ll._along(view)) > 1e-12))
    text = ll.slice_limits_text(view, "random")
    assert (f"rises on {rises} of the" in text) == (rises > 0)
    assert view.path[0] == pytest.approx([0.0, 0.0], abs=1e-12)  # the plane goes through the start
