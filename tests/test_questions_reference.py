"""The reference pages' questions: shapes read from this run's arrays, at two settings."""

from __future__ import annotations

import pytest

from shallownet.datasets import make_dataset
from shallownet.network import init_params
from shallownet.questions import check
from shallownet.questions.reference import a1_transposed, dz1_shape


@pytest.mark.parametrize("n_samples, n_h, activation", [(100, 4, "tanh"), (240, 7, "relu")])
def test_the_shapes_asked_for_are_the_arrays_shapes(n_samples, n_h, activation):
    data = make_dataset("circles", n_samples=n_samples, seed=1)
    params = init_params(2, n_h, scale=0.5, seed=3)
    m = data.X_train.shape[1]  # 75 and 180 training examples
    q = a1_transposed(params, data.X_train, activation)
    assert q.expected == (m, n_h) and check(q, f"({m}, {n_h})")[0] is True
    assert f"(1, {m}) × ({m}, {n_h}) = (1, {n_h})" in q.answer
    q = dz1_shape(params, data.X_train, data.Y_train, activation)
    assert q.expected == (n_h, m) and check(q, f"{m} x {n_h}")[0] is False
    assert f"n_h = $n^{{[1]}}$ = {n_h}" in q.answer
