"""Toy datasets: layout, labels, seeding and the train/test split."""

from __future__ import annotations

import numpy as np
import pytest

from shallownet import DATASET_NAMES, Dataset, from_rows, make_dataset


def test_the_offered_names():
    assert set(DATASET_NAMES) == {"moons", "circles", "blobs", "xor", "spiral", "flower"}


@pytest.mark.parametrize("name", DATASET_NAMES)
def test_shapes_labels_and_split(name):
    d = make_dataset(name, n_samples=200, noise=0.2, seed=0, test_fraction=0.25)
    assert isinstance(d, Dataset) and d.name == name
    assert d.n_x == 2
    assert d.X_train.shape == (2, 150) and d.Y_train.shape == (1, 150)
    assert d.X_test.shape == (2, 50) and d.Y_test.shape == (1, 50)
    assert d.X.shape == (2, 200) and d.Y.shape == (1, 200)
    for Y in (d.Y_train, d.Y_test):
        assert set(np.unique(Y)) == {0.0, 1.0}  # both classes, on both sides of the split
        assert Y.dtype == np.float64
    assert np.all(np.isfinite(d.X))
    # roughly balanced classes
    assert 0.3 < d.Y.mean() < 0.7


@pytest.mark.parametrize("name", DATASET_NAMES)
def test_same_seed_same_data_other_seed_other_data(name):
    a, b = make_dataset(name, 120, 0.1, seed=3), make_dataset(name, 120, 0.1, seed=3)
    c = make_dataset(name, 120, 0.1, seed=4)
    for attr in ("X_train", "Y_train", "X_test", "Y_test"):
        np.testing.assert_array_equal(getattr(a, attr), getattr(b, attr))
    assert not np.array_equal(a.X_train, c.X_train)


@pytest.mark.parametrize("fraction, n_test", [(0.0, 0), (0.1, 10), (0.25, 25), (0.5, 50)])
def test_test_fraction_is_respected(fraction, n_test):
    d = make_dataset("circles", n_samples=100, seed=1, test_fraction=fraction)
    assert d.X_test.shape == (2, n_test) and d.Y_test.shape == (1, n_test)
    assert d.X_train.shape == (2, 100 - n_test)


def test_split_is_a_partition_of_the_samples():
    d = make_dataset("moons", n_samples=80, seed=2, test_fraction=0.25)
    full = make_dataset("moons", n_samples=80, seed=2, test_fraction=0.0)
    key = lambda X: sorted(map(tuple, np.round(X.T, 12)))
    assert key(d.X) == key(full.X_train)


def test_noise_changes_the_points():
    quiet = make_dataset("moons", 100, noise=0.0, seed=0, test_fraction=0.0)
    noisy = make_dataset("moons", 100, noise=0.3, seed=0, test_fraction=0.0)
    assert not np.allclose(quiet.X_train, noisy.X_train)


def test_unknown_dataset_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown dataset 'swiss'"):
        make_dataset("swiss")


def test_from_rows_transposes_and_splits():
    rng = np.random.default_rng(0)
    X_rows = rng.standard_normal((40, 3))
    y = np.r_[np.zeros(20, int), np.ones(20, int)]
    d = from_rows("mine", X_rows, y, test_fraction=0.25, seed=5)
    assert d.name == "mine" and d.n_x == 3
    assert d.X_train.shape == (3, 30) and d.X_test.shape == (3, 10)
    assert d.Y_train.shape == (1, 30) and d.Y_test.shape == (1, 10)
    assert d.Y_test.mean() == 0.5  # stratified
    # every column is one of the given rows, with its own label
    lookup = {tuple(r): lab for r, lab in zip(X_rows, y, strict=True)}
    for X, Y in ((d.X_train, d.Y_train), (d.X_test, d.Y_test)):
        for col, lab in zip(X.T, Y[0], strict=True):
            assert lookup[tuple(col)] == lab
    # the split is seeded
    again = from_rows("mine", X_rows, y, test_fraction=0.25, seed=5)
    np.testing.assert_array_equal(d.X_test, again.X_test)


def test_from_rows_without_a_test_set_keeps_everything_in_order():
    X_rows = [[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]]
    d = from_rows("tiny", X_rows, [1, 0, 1], test_fraction=0.0)
    np.testing.assert_array_equal(d.X_train, [[0.0, 2.0, 4.0], [1.0, 3.0, 5.0]])
    np.testing.assert_array_equal(d.Y_train, [[1.0, 0.0, 1.0]])
    assert d.X_test.shape == (2, 0) and d.Y_test.shape == (1, 0)


def test_from_rows_with_one_rare_class_does_not_fail():
    X_rows = np.arange(20.0).reshape(10, 2)
    y = [0] * 9 + [1]  # stratifying is impossible with a single example of class 1
    d = from_rows("rare", X_rows, y, test_fraction=0.3, seed=0)
    assert d.X_train.shape == (2, 7) and d.X_test.shape == (2, 3)
    assert d.Y.sum() == 1.0
