"""Claims corrected on a read-through of Home, Data, Forward, Backward and Training, each
pinned at two settings that give different numbers."""

from __future__ import annotations

import re

import numpy as np
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


# -- Forward and Backward ------------------------------------------------------------------------------
from shallownet.network import init_params  # noqa: E402
from shallownet.questions.passes import dz2_sign_class1  # noqa: E402
from shallownet.stepthrough import PHASE_BY_ID, render_notes, trace_iteration  # noqa: E402

SETTINGS = [("moons", 4, "tanh", 0.01), ("circles", 8, "relu", 1.0)]


def real_trace(dataset, n_h, g, scale, skip=0):
    """One traced iteration on the dataset's training set, without its first ``skip`` columns."""
    d = make_dataset(dataset, 400, 0.2, 0, 0.25)
    params = init_params(2, n_h, scale=scale, seed=0)
    return trace_iteration(params, d.X_train[:, skip:], d.Y_train[:, skip:], g, 1.2)


@pytest.mark.parametrize("setting", SETTINGS)
def test_broadcast_note_reads_for_any_n_h(setting):
    """Was "added to an (4, 300) matrix"; now names the matrix, so the article fits every n_h."""
    t = real_trace(*setting)
    notes = " ".join(render_notes(PHASE_BY_ID["Z1"], t)) + " ".join(render_notes(PHASE_BY_ID["Z2"], t))
    assert "added to an (" not in notes
    assert f"added to the ({setting[1]}, 300) matrix $W^{{[1]}}X$" in notes
    assert "$b^{[2]}$ is (1, 1) and is added to all 300 columns" in notes


@pytest.mark.parametrize("setting", SETTINGS)
@pytest.mark.parametrize("first_class0", [False, True])
def test_dz2_sign_question_labels_the_example_and_its_entry(setting, first_class0):
    """Was "has label y = 1 … dZ2 = a − 1 = -0.5": y and a named the example, and the minus sign."""
    # skipping the first column (class 1 in both) puts the first class-1 example at column 1
    t = real_trace(*setting, skip=1 if first_class0 else 0)
    assert (int(np.flatnonzero(t["Y"][0] == 1)[0]) > 0) is first_class0
    ones = np.flatnonzero(t["Y"][0] == 1)
    j = int(ones[0])
    q = dz2_sign_class1(t)
    sup = str(j + 1).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
    assert f"x⁽{sup}⁾ (NumPy column {j}) has label y⁽{sup}⁾ = 1" in q.prompt
    a, dz = float(t["A2"][0, j]), float(t["dZ2"][0, j])
    assert f"A2[0, {j}] = {a:.4f}, so dZ2[0, {j}] = {a:.4f} − 1 = {dz:.4g}".replace("= -", "= −") in q.answer
    assert "= -" not in q.answer


# -- the "Next" link ---------------------------------------------------------------------------------
@pytest.mark.parametrize("page, query", [("app_pages/forward.py", {}),
                                         ("app_pages/forward.py", {"data": "circles", "h": "8", "g": "relu"})])
def test_next_link_points_forward_even_to_the_backward_page(app_at, page, query):
    """The link "Next: Backward pass →" carried that page's icon, an arrow pointing back."""
    at = app_at(page, query=query)
    last = at.get("page_link")[-1].proto
    assert last.label == "Next: Backward pass →" and last.icon == ":material/east:"


# -- Training ----------------------------------------------------------------------------------------
from shallownet import plateaus as pl  # noqa: E402
from shallownet.training import Trainer  # noqa: E402


@pytest.mark.parametrize("lr, trains", [(1.2, True), (30.0, False)])
def test_relu_notice_names_its_alpha_and_blames_alpha_when_no_scale_trains(lr, trains):
    """After the α-too-large demo (α = 30) every scale 'measured 50 %' and the notice still said
    "The current init scale 1 is as good as any of these here"."""
    d = make_dataset("circles", 400, 0.2, 0, 0.25)
    measured = pl.relu_scales(d, 8, 0, lr, scales=(0.01, 1.0), steps=300)
    params = init_params(2, 8, scale=1.0, seed=0)
    text = pl.relu_notice(params, d.X_train, 1.0, measured, 0, lr)
    assert f"steps at α = {lr:g} from each init scale" in text
    assert ("change the learning rate before the init scale" in text) is (not trains)
    assert ("as good as any" in text or "Try init scale" in text) is trains


@pytest.mark.parametrize("shift, dead", [(0.0, 0), (-50.0, 1)])
def test_relu_notice_counts_dead_units_in_good_grammar(shift, dead):
    """Was "0 of the 8 hidden units are inactive … — those units cannot learn any more"."""
    d = make_dataset("circles", 400, 0.2, 0, 0.25)
    params = init_params(2, 8, scale=1.0, seed=0)
    params["b1"] = params["b1"].copy()
    params["b1"][0, 0] += shift  # a bias far below every z switches unit 1 off everywhere
    assert pl.inactive_units(params, d.X_train)[0] == dead
    text = pl.relu_notice(params, d.X_train, 1.0, [(1.0, 0.9)], 0, 1.2)
    if dead == 0:
        assert "none of the 8 hidden units is inactive on every training point, so each can still learn" in text
    else:
        assert "1 of the 8 hidden units is inactive on every training point — it cannot learn any more" in text
    assert "0 of the" not in text and "1 of the 8 hidden units are" not in text


@pytest.mark.parametrize("dataset, g, scale, lr", [("moons", "tanh", 0.01, 100.0), ("circles", "relu", 1.0, 30.0)])
def test_divergence_message_does_not_call_a_finite_blow_up_infinite(dataset, g, scale, lr):
    """The cost rose to a finite 6.96, yet the message said "The last finite state … is kept"."""
    t = Trainer(make_dataset(dataset, 400, 0.2, 0, 0.25), 4 if g == "tanh" else 8, g, init_scale=scale)
    t.step(300, lr)
    d = t.divergence
    assert d is not None and "the cost rose to" in d.reason
    msg = d.message()
    assert "finite" not in msg and f"The state before that step (step {d.iteration - 1}) is kept" in msg


@pytest.mark.parametrize("query, lr", [({}, 100), ({"data": "circles", "h": "8", "g": "relu", "init": "1"}, 30)])
def test_too_large_demo_shows_the_step_that_diverged(app_at, query, lr):
    """The demo said "J went 0.693 → 0.698": the kept history stops before the step that blew up."""
    at = app_at("app_pages/training.py", query=query, timeout=120)
    at.button(key="train.too_large").click().run(timeout=120)
    assert not at.exception
    md = " ".join(m.value for m in at.markdown) + " ".join(i.value for i in at.info)
    demo = next(s for s in md.split("**α = ")[1:] if s.startswith(f"{lr}, from iteration 0:**"))
    assert "then step 2 diverged (the cost rose to " in demo
