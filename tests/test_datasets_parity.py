"""The toy generators are scikit-learn's, point for point; the split is stratified and seeded."""

import numpy as np
import pytest
from sklearn import datasets as sk

from shallownet.datasets import DATASET_NAMES, make_dataset, sk_blobs, sk_circles, sk_moons, stratified_split

CASES = [(n, noise, seed) for n in (20, 21, 400, 1001) for noise in (0.0, 0.2, 1.0) for seed in (0, 7, 123)]


@pytest.mark.parametrize(("n", "noise", "seed"), CASES)
def test_moons_circles_blobs_equal_scikit_learn(n, noise, seed):
    pairs = [
        (sk.make_moons(n, noise=noise, random_state=seed), sk_moons(n, noise, seed)),
        (sk.make_circles(n, noise=noise, factor=0.5, random_state=seed), sk_circles(n, noise, seed)),
        (sk.make_blobs(n, centers=[(-1.5, -1.0), (1.5, 1.0)], cluster_std=0.3 + noise, random_state=seed),
         sk_blobs(n, [(-1.5, -1.0), (1.5, 1.0)], 0.3 + noise, seed)),
    ]
    for (X_sk, y_sk), (X, y) in pairs:
        np.testing.assert_array_equal(X, X_sk)
        np.testing.assert_array_equal(y, y_sk)


@pytest.mark.parametrize("fraction", [0.1, 0.25, 0.5])
def test_split_is_stratified_complete_and_seeded(fraction):
    y = np.r_[np.zeros(70), np.ones(30)]
    train, test = stratified_split(y, fraction, seed=3)
    assert len(test) == round(fraction * 100)
    assert sorted(np.r_[train, test]) == list(range(100))  # a partition of the examples
    assert abs(y[test].mean() - 0.3) <= 1 / len(test)  # class balance kept
    again = stratified_split(y, fraction, seed=3)
    assert np.array_equal(train, again[0]) and np.array_equal(test, again[1])


def test_generating_data_does_not_import_scikit_learn():
    import subprocess
    import sys

    code = ("import sys, shallownet; from shallownet.datasets import make_dataset; "
            f"[make_dataset(n) for n in {list(DATASET_NAMES)!r}]; "
            "assert not any(m.startswith('sklearn') for m in sys.modules), 'sklearn imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_dataset_keeps_both_classes_on_both_sides():
    for name in DATASET_NAMES:
        d = make_dataset(name, 40, 0.3, 5, 0.25)
        assert set(np.unique(d.Y_train)) == {0.0, 1.0} and set(np.unique(d.Y_test)) == {0.0, 1.0}
