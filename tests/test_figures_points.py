"""The shared pieces of the three scatter plots of the data (Data, Experiments, Training): the
grouping of the points by split and class, their markers, and the evenly spaced indices that
thin them."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from shallownet.figures.style import CLASS_COLORS, TEST_SYMBOL, TRAIN_SYMBOL, class_groups, point_marker
from shallownet.sweeps import thin_indices


def tiny_data(y_train, y_test):
    """A stand-in Dataset: x = the column number, so the groups' columns can be read off."""
    y_train, y_test = np.array([y_train], float), np.array([y_test], float)
    return SimpleNamespace(X_train=np.vstack([np.arange(y_train.size)] * 2), Y_train=y_train,
                           X_test=np.vstack([np.arange(y_test.size)] * 2), Y_test=y_test)


@pytest.mark.parametrize(("y_train", "y_test", "expected"), [
    ([0, 1, 1, 0, 1], [1, 0], [("train", 0, [0, 3]), ("train", 1, [1, 2, 4]), ("test", 0, [1]), ("test", 1, [0])]),
    ([1, 1, 1], [0, 0], [("train", 0, []), ("train", 1, [0, 1, 2]), ("test", 0, [0, 1]), ("test", 1, [])]),
])
def test_class_groups_by_split_then_class(y_train, y_test, expected):
    data = tiny_data(y_train, y_test)
    got = [(split, c, cols.tolist()) for split, c, X, cols in class_groups(data)]
    assert got == expected
    assert [X is data.X_train for split, _, X, _ in class_groups(data)] == [True, True, False, False]


@pytest.mark.parametrize("c", [0, 1])
def test_point_marker_train_and_test(c):
    """Both splits in the class colour with a white rim, so a point shows on a region of its own colour."""
    assert point_marker("train", c) == {"symbol": TRAIN_SYMBOL, "color": CLASS_COLORS[c], "size": 6,
                                        "line": {"width": 1, "color": "white"}}
    assert point_marker("test", c, test_width=1.4) == {"symbol": TEST_SYMBOL, "color": CLASS_COLORS[c], "size": 8,
                                                       "line": {"width": 1.4, "color": "white"}}


def test_point_marker_on_the_data_page_is_larger_and_train_points_show_through():
    train, test = (point_marker(s, 1, size=8, train_opacity=0.85) for s in ("train", "test"))
    assert (train["size"], train["opacity"]) == (8, 0.85)
    assert (test["size"], test["opacity"], test["line"]["width"]) == (10, 1.0, 1.0)


@pytest.mark.parametrize(("k", "cap", "expected"), [
    (0, 5, []),
    (3, 0, []),
    (4, 4, [0, 1, 2, 3]),
    (10, 4, [0, 3, 6, 9]),  # 0, 3, 6, 9 exactly
    (11, 3, [0, 5, 10]),
    (8, 3, [0, 4, 7]),  # 3.5 rounds to the even 4
])
def test_thin_indices_by_hand(k, cap, expected):
    assert thin_indices(k, cap).tolist() == expected
