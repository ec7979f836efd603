"""Claims corrected on a read-through of Home, Data, Forward, Backward and Training, each
pinned at two settings that give different numbers."""

from __future__ import annotations

import re

import pytest

from shallownet import sweeps
from shallownet.datasets import make_dataset
from shallownet.questions import check
from shallownet.questions import path as qp


# -- Data: the straight line's accuracy ---------------------------------------------------------------
@pytest.mark.parametrize("dataset", ["moons", "circles", "flower"])
def test_line_share_prompt_example_is_not_an_answer_that_counts(dataset):
    """The prompt's "e.g. 50 %" was judged right on circles (53 %) and flower: it gave the answer away."""
    d = make_dataset(dataset, 400, 0.2, 0, 0.25)
    line = sweeps.logistic_baseline(d)
    q = qp.straight_line_share(line.train_acc, line.test_acc, dataset)
    example = re.search(r"e\.g\. (\d+) %", q.prompt).group(1)
    assert check(q, f"{example} %")[0] is False
    assert check(q, f"{100 * line.test_acc:.0f} %")[0] is True
