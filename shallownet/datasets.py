"""Two-feature toy datasets, split into train and test, in the column layout.

Every generator takes (n_samples, noise, rng) and returns X (m, 2), y (m,) in
scikit-learn's row layout; :func:`make_dataset` splits and transposes them to
X (2, m), Y (1, m) — examples stacked in columns.

Moons, circles and blobs are scikit-learn's ``make_moons``, ``make_circles`` and
``make_blobs``, transcribed (a few lines each) so that generating data does not import
scikit-learn: that import costs about 1.5 s and 140 MB, which a hosted app pays at
every cold start. The tests prove the transcriptions give exactly scikit-learn's points
for the same random state.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def _shuffled_with_noise(X, y, noise, random_state):
    """scikit-learn's ``shuffle`` then ``X += normal(scale=noise)``, with the same draws."""
    rs = np.random.RandomState(random_state)
    order = np.arange(len(y))
    rs.shuffle(order)
    X, y = X[order], y[order]
    return X + rs.normal(scale=noise, size=X.shape), y


def sk_moons(n, noise, random_state):
    """``sklearn.datasets.make_moons(n, noise=noise, random_state=random_state)``."""
    n_out, n_in = n // 2, n - n // 2
    t_out, t_in = np.linspace(0, np.pi, n_out), np.linspace(0, np.pi, n_in)
    X = np.column_stack([np.hstack([np.cos(t_out), 1 - np.cos(t_in)]),
                         np.hstack([np.sin(t_out), 1 - np.sin(t_in) - 0.5])])
    y = np.hstack([np.zeros(n_out, dtype=np.intp), np.ones(n_in, dtype=np.intp)])
    return _shuffled_with_noise(X, y, noise, random_state)


def sk_circles(n, noise, random_state, factor=0.5):
    """``sklearn.datasets.make_circles(n, noise=noise, factor=factor, random_state=...)``."""
    n_out, n_in = n // 2, n - n // 2
    t_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    t_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    X = np.column_stack([np.hstack([np.cos(t_out), np.cos(t_in) * factor]),
                         np.hstack([np.sin(t_out), np.sin(t_in) * factor])])
    y = np.hstack([np.zeros(n_out, dtype=np.intp), np.ones(n_in, dtype=np.intp)])
    return _shuffled_with_noise(X, y, noise, random_state)


def sk_blobs(n, centers, cluster_std, random_state):
    """``sklearn.datasets.make_blobs(n, centers=centers, cluster_std=cluster_std, random_state=...)``
    for a list of centres and one standard deviation."""
    rs = np.random.RandomState(random_state)
    centers = np.asarray(centers, dtype=float)
    k = len(centers)
    counts = [n // k + (1 if i < n % k else 0) for i in range(k)]
    X = np.vstack([rs.normal(loc=c, scale=cluster_std, size=(c_n, centers.shape[1]))
                   for c, c_n in zip(centers, counts, strict=True)])
    y = np.repeat(np.arange(k), counts)
    order = np.arange(n)
    rs.shuffle(order)
    return X[order], y[order]


def _moons(n, noise, rng):
    return sk_moons(n, noise, _seed(rng))


def _circles(n, noise, rng):
    return sk_circles(n, noise, _seed(rng))


def _blobs(n, noise, rng):
    # noise 0 → tight, well separated blobs; noise 1 → heavily overlapping
    return sk_blobs(n, [(-1.5, -1.0), (1.5, 1.0)], 0.3 + 1.5 * noise, _seed(rng))


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


def stratified_split(y, test_fraction: float, seed: int = 0):
    """Indices (train, test) with ``round(test_fraction · m)`` test examples, drawn class by
    class in proportion to the class sizes (as far as whole examples allow), seeded;
    both come shuffled, so columns of either side mix the classes."""
    y = np.asarray(y).ravel()
    m = len(y)
    n_test = int(round(test_fraction * m))
    if n_test == 0:  # nothing held out: keep the examples in their order
        return np.arange(m), np.arange(0)
    rng = np.random.default_rng(seed)
    classes, counts = np.unique(y, return_counts=True)
    share = counts * n_test / m
    take = np.floor(share).astype(int)
    for i in np.argsort(take - share)[: n_test - take.sum()]:  # largest remainders first
        take[i] += 1
    test = np.concatenate([rng.permutation(np.flatnonzero(y == c))[:k]
                           for c, k in zip(classes, take, strict=True)]).astype(int)
    train = np.setdiff1d(np.arange(m), test)
    return rng.permutation(train), rng.permutation(test)


def from_rows(name: str, X_rows, y, *, test_fraction: float = 0.25, seed: int = 0) -> Dataset:
    """Split row-layout data (m, n_x), (m,) and return it stacked in columns (stratified)."""
    X_rows = np.asarray(X_rows, dtype=float)
    y = np.asarray(y).astype(float).ravel()
    train, test = stratified_split(y, test_fraction, seed)
    return Dataset(name, X_rows[train].T.copy(), y[train][None, :], X_rows[test].T.copy(), y[test][None, :])


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
