"""The loss landscape against the float64 reference: the grid's centre is compute_cost, a chosen-
parameter grid point is the cost with two entries changed by hand, projections are exact in the
plane, filter normalisation matches the parameters' filter norms, chunking changes nothing."""

from __future__ import annotations

import numpy as np
import pytest

from shallownet import landscape as L
from shallownet.datasets import make_dataset
from shallownet.network import compute_cost, forward, init_params
from shallownet.training import Trainer

SETTINGS = [("moons", 4, "tanh", 0), ("spiral", 20, "relu", 3)]


def trained(name, n_h, activation, seed, steps=60):
    data = make_dataset(name, 400, 0.2, seed, 0.25)
    t = Trainer(data, n_h, activation, init_scale=0.5, init_seed=seed)
    t.step(steps, 0.5)
    return data, t


def reference_cost(params, data, activation):
    return compute_cost(forward(params, data.X_train, activation)[0], data.Y_train)


@pytest.mark.parametrize("name,n_h,activation,seed", SETTINGS)
def test_grid_at_the_current_point_is_compute_cost(name, n_h, activation, seed):
    data, t = trained(name, n_h, activation, seed)
    D = L.random_directions(t.params, seed)
    axis = np.array([-0.5, 0.0, 0.5])
    J = L.slice_grid(data.X_train, data.Y_train, activation, t.params, D, axis, axis)
    assert J[1, 1] == pytest.approx(reference_cost(t.params, data, activation), rel=1e-12)
    # and every other grid point is the reference cost at θc + a d1 + b d2
    theta = L.flatten(t.params) + 0.5 * D[0] - 0.5 * D[1]
    n_x = data.n_x
    assert J[0, 2] == pytest.approx(reference_cost(L.unflatten(theta, n_x, n_h), data, activation), rel=1e-12)


@pytest.mark.parametrize("name,n_h,activation,seed", SETTINGS)
def test_chosen_parameter_grid_point_is_the_cost_with_two_entries_changed_by_hand(name, n_h, activation, seed):
    data, t = trained(name, n_h, activation, seed)
    names = L.scalar_names(data.n_x, n_h)
    i, j = names.index("W1[0,1]"), names.index("b2[0]")
    D = L.axis_directions(t.params, i, j)
    J = L.slice_grid(data.X_train, data.Y_train, activation, t.params, D, [0.0, 0.3], [-0.7, 0.0])
    by_hand = {k: v.copy() for k, v in t.params.items()}
    by_hand["W1"][0, 1] += 0.3
    by_hand["b2"][0, 0] -= 0.7
    assert J[0, 1] == pytest.approx(reference_cost(by_hand, data, activation), rel=1e-12)


def test_scalar_names_follow_the_flat_order_with_numpy_indices():
    params = init_params(2, 3, scale=1.0, seed=1)
    names, theta = L.scalar_names(2, 3), L.flatten(params)
    assert len(names) == theta.size == L.n_params(2, 3) == 3 * 2 + 3 + 3 + 1
    assert theta[names.index("W1[2,1]")] == params["W1"][2, 1]
    assert theta[names.index("W2[1]")] == params["W2"][0, 1]
    assert names[-1] == "b2[0]"


@pytest.mark.parametrize("name,n_h,activation,seed", SETTINGS)
def test_projection_is_exact_in_the_plane(name, n_h, activation, seed):
    data, t = trained(name, n_h, activation, seed)
    snaps = t.snapshots
    center = snaps[-1].params
    D = L.random_directions(center, seed)
    xy = L.project([center, snaps[0].params], center, D)
    assert np.array_equal(xy[0], [0.0, 0.0])
    inside = L.unflatten(L.flatten(center) + 1.25 * D[0] - 0.4 * D[1], data.n_x, n_h)
    assert L.project([inside], center, D)[0] == pytest.approx([1.25, -0.4], abs=1e-12)
    assert L.off_plane([inside], center, D)[0] == pytest.approx(0.0, abs=1e-10)
    # for a chosen-parameter slice, a coordinate is that entry's change
    i, j = 0, L.n_params(data.n_x, n_h) - 1
    xy0 = L.project([snaps[0].params], center, L.axis_directions(center, i, j))[0]
    diff = L.flatten(snaps[0].params) - L.flatten(center)
    assert xy0 == pytest.approx([diff[i], diff[j]], abs=1e-12)


@pytest.mark.parametrize("n_x,n_h,seed", [(2, 4, 0), (5, 9, 7)])
def test_filter_normalisation_gives_each_filter_the_parameters_norm(n_x, n_h, seed):
    params = init_params(n_x, n_h, scale=0.8, seed=seed)
    D = L.random_directions(params, seed)
    for d in D:
        p = L.unflatten(d, n_x, n_h)
        assert np.linalg.norm(p["W1"], axis=1) == pytest.approx(np.linalg.norm(params["W1"], axis=1), rel=1e-12)
        assert np.linalg.norm(p["W2"]) == pytest.approx(np.linalg.norm(params["W2"]), rel=1e-12)
        assert not p["b1"].any() and not p["b2"].any()
    assert not np.allclose(D[0], D[1])


def test_filter_normalisation_of_the_zero_start_keeps_a_plane():
    D = L.random_directions(L.zero_params(2, 3), 0)
    for d in D:
        assert np.linalg.norm(L.unflatten(d, 2, 3)["W1"], axis=1) == pytest.approx(np.ones(3))


def test_chunking_changes_nothing_and_bounds_the_batch():
    data, t = trained("moons", 4, "tanh", 0)
    D = L.random_directions(t.params, 1)
    axis = np.linspace(-1, 1, 7)
    whole = L.slice_grid(data.X_train, data.Y_train, "tanh", t.params, D, axis, axis)
    tiny = L.slice_grid(data.X_train, data.Y_train, "tanh", t.params, D, axis, axis, chunk_floats=1)
    assert np.array_equal(whole, tiny)


def test_zero_is_stationary_only_when_the_classes_balance():
    X = np.array([[1.0, -2.0, 0.5, 3.0]])
    assert L.zero_is_stationary(X, np.array([[1.0, 0.0, 1.0, 0.0]]), "tanh", 3)
    assert not L.zero_is_stationary(X, np.array([[1.0, 1.0, 1.0, 0.0]]), "tanh", 3)
    # by hand: db2 = mean(A2 − Y) = ½ − ¾ at θ = 0
    assert L.zero_gradient_norm(X, np.array([[1.0, 1.0, 1.0, 0.0]]), "relu", 2) == pytest.approx(0.25)
