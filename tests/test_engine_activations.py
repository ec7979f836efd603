"""The activation table: values against independent scalar formulas, derivatives against
centred differences, buffer reuse, dtypes, and quiet behaviour at |z| = 1000."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from shallownet import ACTIVATIONS, get_activation, sigmoid
from shallownet.activations import LEAKY_SLOPE

NAMES = ("tanh", "relu", "sigmoid", "leaky_relu")

# Independent scalar references, straight from the definitions.
REFERENCE = {
    "tanh": math.tanh,
    "relu": lambda z: max(0.0, z),
    "sigmoid": lambda z: 1.0 / (1.0 + math.exp(-z)),
    "leaky_relu": lambda z: z if z > 0 else 0.01 * z,
}
REFERENCE_PRIME = {
    "tanh": lambda z: 1.0 - math.tanh(z) ** 2,
    "relu": lambda z: 1.0 if z > 0 else 0.0,
    "sigmoid": lambda z: math.exp(-z) / (1.0 + math.exp(-z)) ** 2,
    "leaky_relu": lambda z: 1.0 if z > 0 else 0.01,
}
# away from the kink at 0, where ReLU's derivative is a convention
POINTS = np.array([-6.0, -2.5, -1.0, -0.3, -1e-3, 1e-3, 0.2, 0.7, 1.5, 3.0, 8.0])


def test_table_has_exactly_the_offered_names():
    assert set(ACTIVATIONS) == set(NAMES)
    for name, act in ACTIVATIONS.items():
        assert act.name == name
        assert act.label and act.formula and act.prime_formula


def test_unknown_name_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown activation 'softmax'.*relu"):
        get_activation("softmax")


@pytest.mark.parametrize("name", NAMES)
def test_values_match_scalar_definitions(name):
    g = get_activation(name).g
    got = g(POINTS)
    want = np.array([REFERENCE[name](float(z)) for z in POINTS])
    np.testing.assert_allclose(got, want, rtol=1e-14, atol=1e-16)


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_scalar_definitions(name):
    act = get_activation(name)
    got = act.derivative(POINTS)
    want = np.array([REFERENCE_PRIME[name](float(z)) for z in POINTS])
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_centred_difference(name):
    act = get_activation(name)
    h = 1e-6
    numeric = (act.g(POINTS + h) - act.g(POINTS - h)) / (2 * h)
    np.testing.assert_allclose(act.prime(POINTS, act.g(POINTS)), numeric, rtol=1e-7, atol=1e-9)


def test_relu_family_derivative_at_the_kink_is_the_left_one():
    assert get_activation("relu").derivative(np.array([0.0]))[0] == 0.0
    assert get_activation("leaky_relu").derivative(np.array([0.0]))[0] == LEAKY_SLOPE


def test_sigmoid_exact_points():
    assert sigmoid(np.array(0.0)) == 0.5
    assert sigmoid(np.array([1000.0]))[0] == 1.0
    assert sigmoid(np.array([-1000.0]))[0] == 0.0
    # symmetric: σ(−z) = 1 − σ(z)
    z = np.linspace(-20, 20, 81)
    np.testing.assert_allclose(sigmoid(-z), 1.0 - sigmoid(z), atol=1e-15)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_extreme_inputs_are_finite_and_silent(name, dtype):
    act = get_activation(name)
    z = np.array([-1000.0, -700.0, -50.0, 0.0, 50.0, 700.0, 1000.0], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            a = act.g(z)
            d = act.prime(z, a)
    assert np.all(np.isfinite(a)) and np.all(np.isfinite(d))
    assert a.dtype == dtype and d.dtype == dtype
    assert np.all(d >= 0)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_out_buffers_give_the_pure_result_and_keep_the_dtype(name, dtype):
    act = get_activation(name)
    z = np.random.default_rng(3).standard_normal((4, 7)).astype(dtype)
    z_before = z.copy()
    a_pure = act.g(z)
    d_pure = act.prime(z, a_pure)
    a_buf, d_buf = np.empty_like(z), np.empty_like(z)
    assert act.g(z, out=a_buf) is a_buf
    assert act.prime(z, a_buf, out=d_buf) is d_buf
    np.testing.assert_array_equal(a_buf, a_pure)
    np.testing.assert_array_equal(d_buf, d_pure)
    np.testing.assert_array_equal(z, z_before)  # the input is never written
    assert a_pure.dtype == dtype and d_pure.dtype == dtype


@pytest.mark.parametrize("name", NAMES)
def test_scalars_and_0d_arrays_work_without_buffers(name):
    act = get_activation(name)
    for z in (0.7, -0.7, np.float64(0.7), np.array(-0.7)):
        a = act.g(z)
        assert float(a) == pytest.approx(REFERENCE[name](float(z)), rel=1e-14)
        assert float(act.prime(np.asarray(z), a)) == pytest.approx(REFERENCE_PRIME[name](float(z)), rel=1e-12)
    assert float(act.derivative(0.7)) == pytest.approx(REFERENCE_PRIME[name](0.7), rel=1e-12)
