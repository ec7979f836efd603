"""Claims corrected in the last read-through of the Gradients, Shapes, Gradient check and
Experiments pages, each pinned at two settings that give different numbers."""

from __future__ import annotations

import math

import pytest

from shallownet import comparisons as cmp
from shallownet import gradients_lesson as lesson
from shallownet.datasets import make_dataset
from shallownet.questions import check
from shallownet.questions import gradients as gq

MOONS = make_dataset("moons", 400, 0.2, seed=0, test_fraction=0.25)  # the app's default data
CIRCLES = make_dataset("circles", 400, 0.2, seed=0, test_fraction=0.25)

pytestmark = pytest.mark.filterwarnings("error")


# -- Gradients → Initial scale: "Scale 0.01 is faster with 50 inputs" only when both got there ------
@pytest.mark.parametrize("data, n_h", [(MOONS, 4), (CIRCLES, 8)])
def test_tiny_scale_is_compared_across_widths_only_when_both_reach_the_target(data, n_h):
    narrow = cmp.init_scale_comparison(data, n_h, "tanh", steps=cmp.MAX_STEPS, until_cost=cmp.TARGET_COST)
    wide = cmp.init_rule_comparison(cmp.with_noise_features(data), cmp.wide_n_h(n_h), "tanh")
    text = "\n".join(lesson.wide_story(wide, narrow, "tanh", cmp.MAX_STEPS))
    tiny_narrow = next(r for r in narrow if r.scale == 0.01)
    if data is MOONS:  # both widths reach J < 0.1: the comparison is fair and is made
        assert tiny_narrow.run.reached == 621
        assert "**Scale 0.01 is faster with 50 inputs** (621 steps with 2, 87 steps with 50)" in text
    else:  # on circles no 2-input start reaches J < 0.1 (the classes overlap): the start is not to blame
        assert all(r.run.reached is None for r in narrow)
        assert "Scale 0.01 is faster" not in text and "not within 3,000 steps with 2" not in text


# -- Gradients → Zero start: the cost question's answer explains the measured J -------------------
@pytest.mark.parametrize("data, n_h", [(MOONS, 4), (CIRCLES, 8)])
def test_zero_start_cost_answer_says_which_weights_moved(data, n_h):
    unbalanced = cmp.unbalanced(data)
    share = cmp.zero_init_comparison(unbalanced, n_h, "tanh").share_class1
    h = -share * math.log(share) - (1 - share) * math.log(1 - share)

    tanh = gq.zero_start_cost(cmp.zero_init_comparison(unbalanced, n_h, "tanh"), "tanh")
    assert "only b2 moves" in tanh.answer and "more than b2" not in tanh.answer
    assert check(tanh, f"{h:.3f}")[0] is True

    result = cmp.zero_init_comparison(unbalanced, n_h, "sigmoid")
    sig = gq.zero_start_cost(result, "sigmoid")
    assert "more than b2 moves: sigmoid(0) = 0.5 ≠ 0" in sig.answer and "only b2 moves" not in sig.answer
    cost = result.zero.run.history["train_cost"][-1]
    if data is MOONS:  # one hidden unit draws a straight boundary on moons: J well below H(share)
        assert cost < h - 0.3
        assert f"J falls below H({share:.3f})" in sig.answer
    else:  # one unit cannot separate circles: J stays at H(share), and nothing claims it fell
        assert cost == pytest.approx(h, abs=5e-3)
        assert "falls below" not in sig.answer


# -- Gradients → Gradient size: dW2's cell numbers are written only where they fit -----------------
@pytest.mark.parametrize("n_h, labelled", [(4, True), (8, False)])
def test_dW2_heatmap_numbers_only_where_they_fit(n_h, labelled):
    import numpy as np

    from shallownet.figures import gradients_view as gv

    grads = {"dW1": np.full((n_h, 2), 1e-3), "dW2": np.full((1, n_h), -9.42e-4)}
    dW1, dW2 = gv.gradient_heatmaps(grads, 300)["data"]
    assert "texttemplate" in dW1  # n_h rows of 2 cells: room enough at both sizes
    assert ("texttemplate" in dW2) is labelled


# -- Gradient check: the keepdims question speaks of the check's own m examples --------------------
@pytest.mark.parametrize("query, n_h", [({}, 4), ({"data": "circles", "h": "8", "g": "relu", "init": "1"}, 8)])
def test_keepdims_question_uses_the_checks_examples(app_at, query, n_h):
    at = app_at("app_pages/gradient_check.py", query=query, timeout=120)
    assert not at.exception
    prompts = [m.value for m in at.markdown if "dropping keepdims" in m.value and "Predict" in m.value]
    assert len(prompts) == 1
    # the check runs on the first 200 of the 300 training examples, as its caption and the 1/m question say
    assert f"with dZ1 of shape ({n_h}, 200)" in prompts[0]
    assert any("uses m = 200 examples" in m.value for m in at.markdown)


# -- Experiments → Hidden-layer size: a tie is named as a tie ---------------------------------------
def test_size_sweep_summary_names_every_size_that_ties():
    from shallownet import sweeps

    moons = sweeps.size_sweep(MOONS)  # the page's defaults: tanh, init scale 0.01, α = 1.2
    assert [(r.n_h, round(100 * r.test_acc)) for r in moons if r.n_h >= 20] == [(20, 98), (50, 98)]
    text = sweeps.size_sweep_summary(moons)
    assert "Best test accuracy: **98%** with n_h = 20 and 50." in text
    assert "Largest train–test gap: 4 points (train 99%, test 95%) with n_h = 3, 4 and 5." in text

    circles = sweeps.size_sweep(CIRCLES, activation="relu", init_scale=1.0)  # ?data=circles&g=relu&init=1
    text = sweeps.size_sweep_summary(circles)
    best = max(r.test_acc for r in circles)
    assert [r.n_h for r in circles if round(100 * r.test_acc) == round(100 * best)] == [20]
    assert text == "Best test accuracy: **92%** with n_h = 20."  # no train–test gap of 3 points or more


# -- Shapes: the questions come before the diagram and the table that answer them -----------------
def _texts_in_order(node, out):
    value = getattr(node, "value", None)
    if isinstance(value, str):
        out.append(value)
    children = getattr(node, "children", None)
    for child in (children.values() if isinstance(children, dict) else ()):
        _texts_in_order(child, out)
    return out


@pytest.mark.parametrize("query, dw1", [({}, "(4, 2)"), ({"data": "circles", "h": "8", "g": "relu", "init": "1"},
                                                        "(8, 2)")])
def test_shapes_questions_come_before_the_diagram_and_table(app_at, query, dw1):
    at = app_at("app_pages/shapes.py", query=query, timeout=120)
    assert not at.exception
    texts = _texts_in_order(at.main, [])
    first_question = next(i for i, t in enumerate(texts) if "What shape will dW1 have?" in t)
    doubles = next(i for i, t in enumerate(texts) if "If m doubles" in t)
    diagram = next(i for i, t in enumerate(texts) if t.startswith("Every rectangle is a tensor"))
    table = next(i for i, t in enumerate(texts) if t.startswith("| tensor | shape formula"))
    assert first_question < doubles < diagram < table
    assert any(t.startswith(f"**{dw1}**") for t in texts[first_question:doubles])  # its answer, in the expander


@pytest.mark.parametrize("query, says", [({}, "entries of dW1 and dW2."),
                                         ({"data": "circles", "h": "8", "g": "relu", "init": "1"},
                                          "dW2's 8 cells are too narrow for numbers")])
def test_gradient_size_caption_says_where_the_numbers_are(app_at, query, says):
    at = app_at("app_pages/gradients.py", query=query, timeout=120)
    assert not at.exception
    assert any(says in c.value for c in at.caption)
