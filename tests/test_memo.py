"""The one figure memo (shallownet/ui/memo.py), without a running app: keys, bounds and names."""

from __future__ import annotations

import types

import numpy as np
import pytest

from shallownet.datasets import make_dataset
from shallownet.training import Trainer
from shallownet.ui import memo as m


@pytest.fixture
def session(monkeypatch):
    """A plain dict as the session state (the helper only uses setdefault on it)."""
    state = {}
    monkeypatch.setattr(m, "st", types.SimpleNamespace(session_state=state))
    return state


def counting(value):
    calls = []

    def build():
        calls.append(1)
        return value
    return build, calls


def test_same_inputs_reuse_the_object_and_name(session):
    t = Trainer(make_dataset("moons", n_samples=40, seed=0), 3)
    build, calls = counting({"data": [1]})
    first, rev1 = m.memo("v", build, data=("moons", 40), trainer=t, options=(1, True))
    again, rev2 = m.memo("v", build, data=("moons", 40), trainer=t, options=(1, True))
    assert again is first and rev1 == rev2 and len(calls) == 1


@pytest.mark.parametrize("change", ["step", "reset", "options", "data", "view"])
def test_any_change_of_an_input_builds_again_under_another_name(session, change):
    t = Trainer(make_dataset("circles", n_samples=40, seed=1), 2)
    build, calls = counting({})
    args = dict(view="v", data=("circles",), options=(0.5,))
    _, rev1 = m.memo(args["view"], build, data=args["data"], trainer=t, options=args["options"])
    if change == "step":
        t.step(1, 0.1)
    elif change == "reset":
        t.reset()
    elif change == "options":
        args["options"] = (0.05,)
    elif change == "data":
        args["data"] = ("moons",)
    else:
        args["view"] = "w"
    _, rev2 = m.memo(args["view"], build, data=args["data"], trainer=t, options=args["options"])
    assert rev2 != rev1 and len(calls) == 2


def test_a_revision_read_earlier_keys_like_the_trainer_it_came_from(session):
    t = Trainer(make_dataset("moons", n_samples=40, seed=0), 3)
    assert m.memo_key("v", trainer=t) == m.memo_key("v", trainer=t.revision)


def test_two_trainers_alike_have_other_revisions():
    data = make_dataset("moons", n_samples=40, seed=0)
    assert Trainer(data, 3).revision != Trainer(data, 3).revision


def test_the_memo_keeps_the_most_recently_used(session):
    for i in range(m.MEMO_SIZE):
        m.memo("v", lambda i=i: i, options=(i,))
    m.memo("v", lambda: -1, options=(0,))  # used again: now the most recent
    m.memo("v", lambda: "new", options=("new",))
    kept = session[m.MEMO]
    assert len(kept) == m.MEMO_SIZE
    assert m.memo_key("v", options=(0,)) in kept and m.memo_key("v", options=(1,)) not in kept


def test_content_digest_follows_values_not_objects():
    a = {"W1": np.arange(6.0).reshape(2, 3), "b1": np.zeros((2, 1))}
    same = {"b1": np.zeros((2, 1)), "W1": np.arange(6.0).reshape(2, 3)}
    other = {"W1": np.arange(6.0).reshape(2, 3) + 1e-9, "b1": np.zeros((2, 1))}
    assert m.content_digest(a) == m.content_digest(same) != m.content_digest(other)
    assert m.content_digest([a["W1"]]) != m.content_digest([a["W1"].T.copy() + 1])
