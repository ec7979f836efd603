"""Two-feature toy datasets, split into train and test, in the column layout.

Every generator takes (n_samples, noise, rng) and returns X (m, 2), y (m,) in
scikit-learn's row layout; :func:`make_dataset` splits and transposes them to
X (2, m), Y (1, m) — examples stacked in columns.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn import datasets as skdata
from sklearn.model_selection import train_test_split


def _moons(n, noise, rng):
    return skdata.make_moons(n_samples=n, noise=noise, random_state=_seed(rng))


def _circles(n, noise, rng):
    return skdata.make_circles(n_samples=n, noise=noise, factor=0.5, random_state=_seed(rng))


def _blobs(n, noise, rng):
    # noise 0 → tight, well separated blobs; noise 1 → heavily overlapping
    return skdata.make_blobs(
        n_samples=n, centers=[(-1.5, -1.0), (1.5, 1.0)], cluster_std=0.3 + 1.5 * noise,
        random_state=_seed(rng),
    )


def _xor(n, noise, rng):
    X = rng.uniform(-1.0, 1.0, size=(n, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    return X + rng.normal(scale=noise, size=X.shape) * 0.5, y


def _spiral(n, noise, rng):
    """Two interleaved arms of an Archimedean spiral, 1.5 turns each."""
    half = n // 2
    t = np.sqrt(rng.uniform(0.0, 1.0, size=n)) * 3.0 * np.pi  # denser towards the outside
    y = (np.arange(n) >= half).astype(int)
    angle = t + np.pi * y
    r = t / (3.0 * np.pi) * 2.0
    X = np.c_[r * np.cos(angle), r * np.sin(angle)]
    return X + rng.normal(scale=noise, size=X.shape) * 0.3, y


def _flower(n, noise, rng):
    """The petal-shaped planar set of classic deep-learning courses: r = 4·sin(4θ)."""
    half = n // 2
    X = np.zeros((n, 2))
    y = np.zeros(n, dtype=int)
    for j, (lo, hi) in enumerate(((0, half), (half, n))):
        k = hi - lo
        t = np.linspace(j * 3.12, (j + 1) * 3.12, k) + rng.normal(size=k) * noise
        r = 4.0 * np.sin(4.0 * t) + rng.normal(size=k) * noise
        X[lo:hi] = np.c_[r * np.sin(t), r * np.cos(t)]
        y[lo:hi] = j
    return X, y


def _seed(rng) -> int:
    return int(rng.integers(2**31 - 1))


GENERATORS = {
    "moons": _moons,
    "circles": _circles,
    "blobs": _blobs,
    "xor": _xor,
    "spiral": _spiral,
    "flower": _flower,
}
DATASET_NAMES = tuple(GENERATORS)


@dataclass(frozen=True, eq=False)
class Dataset:
    """Train and test examples stacked in columns.

    X_train (n_x, m_train), Y_train (1, m_train), X_test (n_x, m_test), Y_test (1, m_test);
    Y holds 0.0/1.0.
    """

    name: str
    X_train: np.ndarray
    Y_train: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray

    @property
    def n_x(self) -> int:
        return self.X_train.shape[0]

    @property
    def X(self) -> np.ndarray:
        """All examples, (n_x, m_train + m_test)."""
        return np.hstack([self.X_train, self.X_test])

    @property
    def Y(self) -> np.ndarray:
        return np.hstack([self.Y_train, self.Y_test])


def from_rows(name: str, X_rows, y, *, test_fraction: float = 0.25, seed: int = 0) -> Dataset:
    """Split row-layout data (m, n_x), (m,) and return it stacked in columns.

    The split is stratified when both classes can appear on both sides.
    """
    X_rows = np.asarray(X_rows, dtype=float)
    y = np.asarray(y).astype(float).ravel()
    counts = np.bincount(y.astype(int), minlength=2)
    n_test = int(round(test_fraction * len(y)))
    stratify = y if n_test >= 2 and len(y) - n_test >= 2 and counts.min() >= 2 else None
    if n_test == 0:
        Xtr, Xte, ytr, yte = X_rows, X_rows[:0], y, y[:0]
    else:
        Xtr, Xte, ytr, yte = train_test_split(
            X_rows, y, test_size=n_test, random_state=seed, stratify=stratify
        )
    return Dataset(name, Xtr.T.copy(), ytr[None, :], Xte.T.copy(), yte[None, :])


def make_dataset(
    name: str = "moons",
    n_samples: int = 400,
    noise: float = 0.2,
    seed: int = 0,
    test_fraction: float = 0.25,
) -> Dataset:
    """Generate ``name`` with ``n_samples`` points and split it; same seed, same data."""
    if name not in GENERATORS:
        raise ValueError(f"unknown dataset {name!r}; choose one of {list(DATASET_NAMES)}")
    rng = np.random.default_rng(seed)
    X, y = GENERATORS[name](int(n_samples), float(noise), rng)
    return from_rows(name, X, y, test_fraction=test_fraction, seed=seed)
