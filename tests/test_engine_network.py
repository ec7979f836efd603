"""The reference network: a hand-worked example, parity with scikit-learn's MLP,
numerical edges, init/update/predict contracts and shape properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.neural_network import MLPClassifier

from shallownet import (
    ACTIVATIONS,
    GRAD_NAMES,
    PARAM_NAMES,
    accuracy,
    backward,
    compute_cost,
    decision_surface,
    example_losses,
    forward,
    init_params,
    predict,
    update_params,
)

# ---------------------------------------------------------------------------------------------
# A hand-worked example: n_x = 2 inputs, n_h = 2 hidden units, m = 2 examples, tanh.
#
#   W1 = [[0.5, -0.5],     b1 = [[ 0.0],     W2 = [[1.0, -2.0]]     b2 = [[0.5]]
#         [0.25, 1.0]]           [-0.5]]
#   X  = [[1.0, 0.0],      (column 1 is x⁽¹⁾ = (1, 0), column 2 is x⁽²⁾ = (0, 2))
#         [0.0, 2.0]]
#   Y  = [[1, 0]]
#
# Forward
#   Z1 = W1 X + b1:  column 1: (0.5·1 − 0.5·0 + 0,  0.25·1 + 1·0 − 0.5) = ( 0.5, −0.25)
#                    column 2: (0.5·0 − 0.5·2 + 0,  0.25·0 + 1·2 − 0.5) = (−1.0,  1.5 )
#   A1 = tanh(Z1) = [[tanh(0.5),   tanh(−1.0)],  = [[ 0.46211715726000974, −0.7615941559557649],
#                    [tanh(−0.25), tanh(1.5) ]]     [−0.24491866240370913,  0.9051482536448664]]
#   Z2 = W2 A1 + b2 = A1[0] − 2·A1[1] + 0.5
#      = [0.46211715726 + 0.48983732481 + 0.5,  −0.76159415596 − 1.81029650729 + 0.5]
#      = [1.451954482067428, −2.0718906632454974]
#   A2 = σ(Z2) = 1 / (1 + e^(−Z2)) = [0.8102990484386248, 0.11185906967357992]
#   J  = −(1/2)·(log A2[0] + log(1 − A2[1]))            (y⁽¹⁾ = 1, y⁽²⁾ = 0)
#      = −(1/2)·(−0.21035540 − 0.11862135) = 0.16448837355405918
# Backward
#   dZ2 = A2 − Y = [0.81029905 − 1, 0.11185907 − 0] = [−0.18970095156137523, 0.11185906967357992]
#   dW2 = (1/2) dZ2 A1ᵀ = (1/2)·[dZ2·A1[0], dZ2·A1[1]]
#       = (1/2)·[−0.18970095·0.46211716 + 0.11185907·(−0.76159416),
#                −0.18970095·(−0.24491866) + 0.11185907·0.90514825]
#       = [−0.08642763910955437, 0.07385517244125157]
#   db2 = (1/2)·(−0.18970095 + 0.11185907) = −0.038920940943897656
#   dZ1 = W2ᵀ dZ2 * (1 − A1²)     (element-wise; W2ᵀ dZ2 is the outer product (2, 1)·(1, 2))
#       = [[ 1·dZ2[0]·(1 − A1[0,0]²),  1·dZ2[1]·(1 − A1[0,1]²)],
#          [−2·dZ2[0]·(1 − A1[1,0]²), −2·dZ2[1]·(1 − A1[1,1]²)]]
#       = [[−0.14918988329692276,  0.046977939139719205],
#          [ 0.35664342260078435, −0.040427353027677713]]
#   dW1 = (1/2) dZ1 Xᵀ: Xᵀ = [[1, 0], [0, 2]], so column 1 is dZ1[:, 0]/2 and column 2 is dZ1[:, 1]
#       = [[−0.07459494164846138,  0.046977939139719205],
#          [ 0.17832171130039218, −0.040427353027677713]]
#   db1 = (1/2)·(dZ1[:, 0] + dZ1[:, 1]) = [−0.05110597207860178, 0.15810803478655333]
# ---------------------------------------------------------------------------------------------
HAND_PARAMS = {
    "W1": np.array([[0.5, -0.5], [0.25, 1.0]]),
    "b1": np.array([[0.0], [-0.5]]),
    "W2": np.array([[1.0, -2.0]]),
    "b2": np.array([[0.5]]),
}
HAND_X = np.array([[1.0, 0.0], [0.0, 2.0]])
HAND_Y = np.array([[1.0, 0.0]])


def _hand_worked_with_math():
    """The same numbers as in the comment above, recomputed with the math module's scalars."""
    t = math.tanh
    a1 = [[t(0.5), t(-1.0)], [t(-0.25), t(1.5)]]
    z2 = [a1[0][k] - 2.0 * a1[1][k] + 0.5 for k in range(2)]
    a2 = [1.0 / (1.0 + math.exp(-z)) for z in z2]
    cost = -(math.log(a2[0]) + math.log(1.0 - a2[1])) / 2
    dz2 = [a2[0] - 1.0, a2[1] - 0.0]
    dw2 = [(dz2[0] * a1[j][0] + dz2[1] * a1[j][1]) / 2 for j in range(2)]
    db2 = (dz2[0] + dz2[1]) / 2
    w2 = [1.0, -2.0]
    dz1 = [[w2[j] * dz2[k] * (1.0 - a1[j][k] ** 2) for k in range(2)] for j in range(2)]
    x = [[1.0, 0.0], [0.0, 2.0]]
    dw1 = [[(dz1[j][0] * x[i][0] + dz1[j][1] * x[i][1]) / 2 for i in range(2)] for j in range(2)]
    db1 = [(dz1[j][0] + dz1[j][1]) / 2 for j in range(2)]
    return {
        "Z1": [[0.5, -1.0], [-0.25, 1.5]], "A1": a1, "Z2": [z2], "A2": [a2], "J": cost,
        "dZ2": [dz2], "dW2": [dw2], "db2": [[db2]], "dZ1": dz1, "dW1": dw1, "db1": [[v] for v in db1],
    }


HAND_LITERALS = {
    "Z1": [[0.5, -1.0], [-0.25, 1.5]],
    "A1": [[0.46211715726000974, -0.7615941559557649], [-0.24491866240370913, 0.9051482536448664]],
    "Z2": [[1.451954482067428, -2.0718906632454974]],
    "A2": [[0.8102990484386248, 0.11185906967357992]],
    "J": 0.16448837355405918,
    "dZ2": [[-0.18970095156137523, 0.11185906967357992]],
    "dW2": [[-0.08642763910955437, 0.07385517244125157]],
    "db2": [[-0.038920940943897656]],
    "dZ1": [[-0.14918988329692276, 0.046977939139719205], [0.35664342260078435, -0.040427353027677713]],
    "dW1": [[-0.07459494164846138, 0.046977939139719205], [0.17832171130039218, -0.040427353027677713]],
    "db1": [[-0.05110597207860178], [0.15810803478655333]],
}


def test_hand_worked_literals_agree_with_math_module():
    by_math = _hand_worked_with_math()
    for key, literal in HAND_LITERALS.items():
        np.testing.assert_allclose(by_math[key], literal, rtol=1e-13, atol=1e-15, err_msg=key)


def test_hand_worked_example_forward_and_backward():
    A2, cache = forward(HAND_PARAMS, HAND_X, "tanh")
    for key in ("Z1", "A1", "Z2", "A2"):
        np.testing.assert_allclose(cache[key], HAND_LITERALS[key], rtol=1e-13, atol=1e-15, err_msg=key)
    assert A2 is cache["A2"]
    assert compute_cost(A2, HAND_Y) == pytest.approx(HAND_LITERALS["J"], rel=1e-13)
    np.testing.assert_allclose(A2 - HAND_Y, HAND_LITERALS["dZ2"], rtol=1e-13)
    grads = backward(HAND_PARAMS, cache, HAND_X, HAND_Y, "tanh")
    assert set(grads) == set(GRAD_NAMES)
    for key in GRAD_NAMES:
        np.testing.assert_allclose(grads[key], HAND_LITERALS[key], rtol=1e-12, atol=1e-15, err_msg=key)
    # dZ1 is not returned; recover it from dW1 = (1/2) dZ1 Xᵀ with this X
    np.testing.assert_allclose(grads["dW1"] @ np.linalg.inv(HAND_X.T) * 2, HAND_LITERALS["dZ1"], rtol=1e-12)


def test_hand_worked_update_and_predict():
    grads = backward(HAND_PARAMS, forward(HAND_PARAMS, HAND_X)[1], HAND_X, HAND_Y)
    new = update_params(HAND_PARAMS, grads, 0.5)
    # W2 := W2 − α dW2 = [1 + 0.5·0.0864276, −2 − 0.5·0.0738552]
    np.testing.assert_allclose(new["W2"], [[1.0 + 0.5 * 0.08642763910955437, -2.0 - 0.5 * 0.07385517244125157]])
    np.testing.assert_array_equal(predict(HAND_PARAMS, HAND_X), [[1, 0]])  # A2 = [0.81, 0.11]
    assert accuracy(forward(HAND_PARAMS, HAND_X)[0], HAND_Y) == 1.0


# ---------------------------------------------------------------------------------------------
# Parity with scikit-learn's MLPClassifier given the same weights
# ---------------------------------------------------------------------------------------------
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("ours, theirs", [("tanh", "tanh"), ("relu", "relu"), ("sigmoid", "logistic")])
def test_forward_matches_sklearn_predict_proba(ours, theirs):
    rng = np.random.default_rng(7)
    n_x, n_h, m = 3, 5, 40
    X = rng.standard_normal((n_x, m))
    Y = (rng.random((1, m)) > 0.5).astype(float)
    clf = MLPClassifier(hidden_layer_sizes=(n_h,), activation=theirs, max_iter=1, random_state=0)
    clf.fit(X.T, Y.ravel())  # only to initialise its shapes; the weights are ours from here on
    params = init_params(n_x, n_h, scale=1.0, seed=3)
    params["b1"] = rng.standard_normal((n_h, 1))
    params["b2"] = rng.standard_normal((1, 1))
    clf.coefs_ = [params["W1"].T, params["W2"].T]
    clf.intercepts_ = [params["b1"].ravel(), params["b2"].ravel()]
    A2, _ = forward(params, X, ours)
    proba = clf.predict_proba(X.T)
    np.testing.assert_allclose(A2.ravel(), proba[:, 1], rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(predict(params, X, ours).ravel(), clf.predict(X.T).astype(int))


# ---------------------------------------------------------------------------------------------
# Numerical edges
# ---------------------------------------------------------------------------------------------
def test_cost_is_finite_at_probabilities_exactly_zero_and_one():
    A2 = np.array([[0.0, 1.0, 0.0, 1.0]])
    Y = np.array([[0.0, 1.0, 1.0, 0.0]])
    losses = example_losses(A2, Y)
    assert np.all(np.isfinite(losses))
    eps = np.finfo(float).eps
    # right and certain: about 0; wrong and certain: −log(eps) ≈ 36.04, not inf
    np.testing.assert_allclose(losses, [[0.0, 0.0, -math.log(eps), -math.log(eps)]], atol=1e-12)
    assert compute_cost(A2, Y) == pytest.approx(-math.log(eps) / 2)
    assert math.isfinite(compute_cost(np.zeros((1, 3)), np.ones((1, 3))))
    assert math.isfinite(compute_cost(np.ones((1, 3)), np.zeros((1, 3))))


def test_cost_is_the_mean_over_examples_not_a_single_loss():
    A2 = np.array([[0.9, 0.2, 0.6]])
    Y = np.array([[1.0, 0.0, 0.0]])
    want = -(math.log(0.9) + math.log(0.8) + math.log(0.4)) / 3
    assert compute_cost(A2, Y) == pytest.approx(want, rel=1e-14)
    assert example_losses(A2, Y).shape == (1, 3)


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_saturated_network_gives_finite_cost_and_gradients(activation):
    rng = np.random.default_rng(0)
    n_x, n_h, m = 2, 6, 30
    X = rng.standard_normal((n_x, m))
    Y = (rng.random((1, m)) > 0.5).astype(float)
    params = init_params(n_x, n_h, scale=1000.0, seed=1)  # |Z1| ~ 1000
    params["b2"] = np.array([[500.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        A2, cache = forward(params, X, activation)
        cost = compute_cost(A2, Y)
        grads = backward(params, cache, X, Y, activation)
    assert np.abs(cache["Z1"]).max() > 500
    assert np.abs(cache["Z2"]).max() > 500
    assert np.all((A2 >= 0) & (A2 <= 1))
    assert math.isfinite(cost)
    for name, g in grads.items():
        assert np.all(np.isfinite(g)), name


# ---------------------------------------------------------------------------------------------
# init / update / predict contracts
# ---------------------------------------------------------------------------------------------
def test_init_params_shapes_dtype_and_zero_biases():
    p = init_params(3, 7)
    assert tuple(p) == PARAM_NAMES
    assert {k: v.shape for k, v in p.items()} == {"W1": (7, 3), "b1": (7, 1), "W2": (1, 7), "b2": (1, 1)}
    assert all(v.dtype == np.float64 for v in p.values())
    assert not p["b1"].any() and not p["b2"].any()
    assert p["W1"].any() and p["W2"].any()
    assert np.abs(p["W1"]).max() < 0.1  # default scale 0.01


def test_init_params_seeded_and_scaled():
    a, b, c = init_params(2, 4, seed=5), init_params(2, 4, seed=5), init_params(2, 4, seed=6)
    for k in PARAM_NAMES:
        np.testing.assert_array_equal(a[k], b[k])
    assert not np.array_equal(a["W1"], c["W1"])
    big = init_params(2, 4, scale=1.0, seed=5)
    np.testing.assert_allclose(big["W1"] * 0.01, a["W1"], rtol=1e-15)
    zero = init_params(2, 4, scale=0.0, seed=5)
    assert all(not v.any() for v in zero.values())


def test_update_params_returns_new_arrays_and_leaves_inputs_alone():
    p = init_params(2, 3, scale=1.0, seed=0)
    g = {"d" + k: np.full_like(v, 2.0) for k, v in p.items()}
    p_before = {k: v.copy() for k, v in p.items()}
    g_before = {k: v.copy() for k, v in g.items()}
    new = update_params(p, g, 0.25)
    assert new is not p
    for k in PARAM_NAMES:
        assert new[k] is not p[k]
        np.testing.assert_array_equal(p[k], p_before[k])
        np.testing.assert_array_equal(g["d" + k], g_before["d" + k])
        np.testing.assert_allclose(new[k], p_before[k] - 0.5)  # P − α dP (not P − α P)
    same = update_params(p, {k: np.zeros_like(v) for k, v in g.items()}, 10.0)
    for k in PARAM_NAMES:
        np.testing.assert_array_equal(same[k], p[k])


def test_predict_gives_zero_one_row():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((2, 50))
    params = init_params(2, 4, scale=2.0, seed=4)
    pred = predict(params, X, "relu")
    assert pred.shape == (1, 50)
    assert set(np.unique(pred)) <= {0, 1}
    assert np.issubdtype(pred.dtype, np.integer)
    A2, _ = forward(params, X, "relu")
    np.testing.assert_array_equal(pred, (A2 > 0.5).astype(int))


def test_forward_accepts_lists_and_integer_inputs():
    params = init_params(2, 3, scale=1.0)
    A_list, _ = forward(params, [[1, 2], [3, 4]])
    A_arr, _ = forward(params, np.array([[1.0, 2.0], [3.0, 4.0]]))
    np.testing.assert_array_equal(A_list, A_arr)


def test_decision_surface_shapes_and_range():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((2, 30))
    params = init_params(2, 5, scale=1.0)
    xs, ys, P, H = decision_surface(params, X, "tanh", resolution=25)
    assert xs.shape == (25,) and ys.shape == (25,)
    assert P.shape == (25, 25) and H.shape == (5, 25, 25)
    assert np.all((P >= 0) & (P <= 1)) and np.all(np.abs(H) <= 1)
    assert xs[0] < X[0].min() and xs[-1] > X[0].max()  # padded bounding box
    assert ys[0] < X[1].min() and ys[-1] > X[1].max()
    # P[i, j] is the output at (xs[j], ys[i])
    i, j = 3, 17
    A2, cache = forward(params, np.array([[xs[j]], [ys[i]]]), "tanh")
    assert P[i, j] == pytest.approx(A2[0, 0], rel=1e-12)
    np.testing.assert_allclose(H[:, i, j], cache["A1"][:, 0], rtol=1e-12)


# ---------------------------------------------------------------------------------------------
# Shape properties
# ---------------------------------------------------------------------------------------------
sizes = st.tuples(st.integers(1, 6), st.integers(1, 9), st.integers(1, 25))


@settings(max_examples=60, deadline=None)
@given(sizes=sizes, activation=st.sampled_from(sorted(ACTIVATIONS)), seed=st.integers(0, 2**16))
def test_forward_and_backward_shapes(sizes, activation, seed):
    n_x, n_h, m = sizes
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_x, m))
    Y = (rng.random((1, m)) > 0.5).astype(float)
    params = init_params(n_x, n_h, scale=1.0, seed=seed)
    A2, cache = forward(params, X, activation)
    assert A2.shape == (1, m)
    assert {k: v.shape for k, v in cache.items()} == {
        "Z1": (n_h, m), "A1": (n_h, m), "Z2": (1, m), "A2": (1, m)
    }
    grads = backward(params, cache, X, Y, activation)
    assert tuple(grads) == GRAD_NAMES
    for name in PARAM_NAMES:
        assert grads["d" + name].shape == params[name].shape
        assert np.all(np.isfinite(grads["d" + name]))
    assert np.shape(compute_cost(A2, Y)) == ()
    assert predict(params, X, activation).shape == (1, m)
