"""What the Gradients page teaches: every computed sentence, callout and question is checked
against numbers worked out independently (label counts, ln 2, the entropy by hand, a
scikit-learn logistic regression, a trainer stepped one step at a time), at two settings
that give different texts. The two defects of issue 15 on this page have a regression test each."""

from __future__ import annotations

import base64
import math

import numpy as np
import pytest

from shallownet import comparisons as cmp
from shallownet import gradients_lesson as lesson
from shallownet.datasets import make_dataset
from shallownet.playback import MAX_ITERATION
from shallownet.questions import check
from shallownet.questions import gradients as gq
from shallownet.training import Trainer
from shallownet.ui.keys import TRAINER
from tests.conftest import live_figures

GRADIENTS, TRAINING = "app_pages/gradients.py", "app_pages/training.py"
MOONS = make_dataset("moons", 400, 0.2, seed=0, test_fraction=0.25)  # the app's default data
CIRCLES = make_dataset("circles", 400, 0.2, seed=0, test_fraction=0.25)

pytestmark = pytest.mark.filterwarnings("error")


def shares(data):
    y = data.Y_train.ravel()
    return int((y > 0.5).sum()), y.size


# -- the zero start ----------------------------------------------------------------------------
def test_entropy_by_hand():
    assert lesson.entropy(0.5) == pytest.approx(math.log(2))
    assert lesson.entropy(1 / 3) == pytest.approx(-(1 / 3) * math.log(1 / 3) - (2 / 3) * math.log(2 / 3))
    assert lesson.entropy(0.0) == 0.0 and lesson.entropy(1.0) == 0.0


@pytest.mark.parametrize("activation", ["tanh", "relu", "leaky_relu", "sigmoid"])
def test_zero_start_with_balanced_classes_moves_nothing_and_stays_at_ln2(activation):
    ones, m = shares(MOONS)
    assert 2 * ones == m  # the default data is exactly balanced
    result = cmp.zero_init_comparison(MOONS, 4, activation)
    text = lesson.zero_start_story(result, activation)
    assert text.startswith("**Why nothing moved")
    assert "Only b2" not in text and "only b2" not in text
    assert f"J stays at ln 2 = {math.log(2):.4f}" in text
    assert result.zero.run.history["train_cost"][-1] == pytest.approx(math.log(2), abs=1e-6)
    q = gq.zero_start_cost(result, activation)
    assert q.expected == pytest.approx(math.log(2), abs=1e-4)
    assert check(q, "0.693")[0] is True and check(q, "0.5")[0] is False


@pytest.mark.parametrize("activation", ["tanh", "relu", "leaky_relu"])
def test_zero_start_unbalanced_only_b2_learns_the_class_share(activation):
    data = cmp.unbalanced(MOONS)
    ones, m = shares(data)
    p = ones / m  # 75 of 225 by construction: every other class-1 example left out
    result = cmp.zero_init_comparison(data, 4, activation)
    text = lesson.zero_start_story(result, activation)
    assert text.startswith("**Why only b2 moves")
    assert f"{p:.1%} of the {m} training labels are 1" in text
    assert f"0.5 − {p:.3f} = +{0.5 - p:.3g}" in text
    hand = -p * math.log(p) - (1 - p) * math.log(1 - p)
    assert f"H({p:.3f}) = {hand:.4f}" in text
    cost = result.zero.run.history["train_cost"][-1]
    assert cost == pytest.approx(hand, abs=1e-3)  # b2 has learnt the share after 300 steps
    assert "has reached it" in text
    q = gq.zero_start_cost(result, activation)
    assert check(q, f"{hand:.3f}")[0] is True and check(q, "0.693")[0] is False


def test_zero_start_sigmoid_moves_in_lock_step_when_unbalanced():
    result = cmp.zero_init_comparison(cmp.unbalanced(MOONS), 4, "sigmoid")
    text = lesson.zero_start_story(result, "sigmoid")
    assert text.startswith("**Why (sigmoid)")
    assert result.zero.distinct_units == 1


@pytest.mark.parametrize("activation, make_unbalanced", [("tanh", True), ("sigmoid", True), ("sigmoid", False)])
def test_zero_start_dW2_question_is_the_hand_value(activation, make_unbalanced):
    data = lesson.training_set(MOONS, make_unbalanced)
    ones, m = shares(data)
    g0 = 0.5 if activation == "sigmoid" else 0.0
    by_hand = g0 * (0.5 - ones / m)  # A1 = g(0), dZ2 = 0.5 − Y: dW2 = g(0) · mean(0.5 − Y)
    q = gq.zero_start_dW2(data.X_train, data.Y_train, 5, activation)
    assert q.expected == pytest.approx(by_hand, abs=1e-12)
    assert "(1, 5)" in q.prompt
    assert check(q, f"{by_hand:.4f}")[0] is True
    assert check(q, "0.3")[0] is False


# -- the initial scale ------------------------------------------------------------------------
def steps_one_by_one(data, n_h, activation, scale, target, cap):
    """First iteration with J < target, stepping a separate trainer one step at a time."""
    t = Trainer(data, n_h, activation, init_scale=scale)
    if t.history()["train_cost"][0] < target:
        return 0
    while t.iteration < cap:
        t.step(1, 1.2)
        if t.history(start=t.iteration)["train_cost"][0] < target:
            return t.iteration
    return None


@pytest.fixture(scope="module")
def tanh_scales():
    return cmp.init_scale_comparison(MOONS, 4, "tanh", steps=cmp.MAX_STEPS, until_cost=cmp.TARGET_COST)


def test_steps_to_target_agree_with_a_trainer_stepped_one_at_a_time(tanh_scales):
    for r in tanh_scales:
        assert r.run.reached == steps_one_by_one(MOONS, 4, "tanh", r.scale, cmp.TARGET_COST, cmp.MAX_STEPS)
    assert [r.run.reached for r in tanh_scales] == [621, 272, 148]  # the audit's recomputation: scale 10 first


def test_scale_story_at_the_defaults_says_what_the_run_shows(tanh_scales):
    text = "\n".join(lesson.scale_story(tanh_scales, "tanh", cmp.MAX_STEPS))
    assert "scale 0.01: 621 steps; scale 1: 272 steps; scale 10: 148 steps" in text
    assert "The tiny start is slowest" in text
    assert "The huge start is confidently wrong" in text and "J starts at 8.03" in text
    assert "Yet scale 10 gets there first here" in text
    intro = lesson.scale_intro(tanh_scales, cmp.MAX_STEPS)
    assert "W2" in intro and "dZ2 = A2 − Y" in intro and "g′(Z1)" in intro and "J starts at 8.03" in intro
    assert "inactive" in intro and "does not saturate" in intro


def test_scale_story_for_relu_on_circles_calls_no_unit_saturated():
    results = cmp.init_scale_comparison(CIRCLES, 8, "relu", steps=cmp.MAX_STEPS, until_cost=cmp.TARGET_COST)
    text = "\n".join(lesson.scale_story(results, "relu", cmp.MAX_STEPS))
    assert "saturated" not in text
    assert "inactive" in text and "ReLU does not saturate" in text
    # with b1 = 0 the sign of z, so the inactive share, is the same at every scale
    assert len({r.histogram.share_saturated for r in results}) == 1
    assert "the same at every scale" in text
    if all(r.run.reached is None for r in results):
        assert "None of the starts got there" in text
        assert "The tiny start is slowest" not in text
    q = gq.stalled_share(results[-1], "relu")
    assert "inactive" in q.prompt and "does not depend on the scale" in q.answer
    assert check(q, f"{100 * results[-1].histogram.share_saturated:.0f} %")[0] is True


def test_stalled_share_question_tanh_is_the_counted_share(tanh_scales):
    big = tanh_scales[-1]
    from shallownet.network import forward

    _, cache = forward(big.run.start, MOONS.X_train, "tanh")
    counted = float(np.mean(1 - np.tanh(cache["Z1"]) ** 2 < 0.01))  # tanh′ = 1 − tanh²
    q = gq.stalled_share(big, "tanh")
    assert q.expected == pytest.approx(counted) and "saturated" in q.prompt
    assert check(q, f"{100 * counted:.0f}%")[0] is True and check(q, "5%")[0] is False


def test_noise_features_keep_the_data_and_add_noise_of_the_same_spread():
    wide = cmp.with_noise_features(MOONS, 50)
    assert wide.X_train.shape == (50, MOONS.X_train.shape[1]) and wide.X_test.shape[0] == 50
    assert np.array_equal(wide.X_train[:2], MOONS.X_train) and wide.Y_train is MOONS.Y_train
    assert np.std(wide.X_train[2:]) == pytest.approx(np.mean(MOONS.X_train.std(axis=1)), rel=0.05)


def test_xavier_and_he_scale_by_the_fan_in():
    for rule, factor in (("Xavier", 1.0), ("He", 2.0)):
        p = cmp.rule_params(rule, 400, 300, seed=3)
        assert p["W1"].std() == pytest.approx(math.sqrt(factor / 400), rel=0.02)
        assert p["W2"].std() == pytest.approx(math.sqrt(factor / 300), rel=0.2)
    fixed = cmp.rule_params("scale 1", 2, 4)
    from shallownet.network import init_params

    assert np.array_equal(fixed["W1"], init_params(2, 4, scale=1.0)["W1"])


@pytest.mark.parametrize("data, activation", [(MOONS, "tanh"), (CIRCLES, "relu")])
def test_many_inputs_story(data, activation):
    narrow = cmp.init_scale_comparison(data, 4, activation, steps=cmp.MAX_STEPS, until_cost=cmp.TARGET_COST)
    wide = cmp.init_rule_comparison(cmp.with_noise_features(data), 4, activation)
    assert [r.name for r in wide] == ["scale 0.01", "scale 1", "scale 10", "Xavier", "He"]
    by = {r.name: r for r in wide}
    assert by["scale 10"].run.reached is None  # saturated or confidently wrong: stuck at n_x = 50
    text = "\n".join(lesson.wide_story(wide, narrow, activation, cmp.MAX_STEPS))
    assert "scale 10: not within 3,000 steps" in text
    for name in ("Xavier", "He"):  # a start is said to have got there only when it did
        if by[name].run.reached is None:
            assert f"{name} reached" not in text and f"{name}: not within 3,000 steps" in text
    if data is MOONS:  # at the defaults both fix it
        assert "Xavier reached J < 0.1 in 58 steps and He reached J < 0.1 in 55 steps" in text
        assert f"1/√n_x = {1 / math.sqrt(50):.3g}" in text and f"√(2/n_x) = {math.sqrt(2 / 50):.3g}" in text
    assert by["scale 1"].histogram.z_std > 3 * by["Xavier"].histogram.z_std


# -- the gradient size: a plateau ---------------------------------------------------------------
def test_logistic_cost_matches_scikit_learn():
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss

    for data in (MOONS, CIRCLES):
        X, y = data.X_train.T, data.Y_train.ravel()
        fit = LogisticRegression(C=1e10, max_iter=10_000).fit(X, y)
        assert cmp.logistic_cost(data.X_train, data.Y_train) == pytest.approx(
            log_loss(y, fit.predict_proba(X)[:, 1]), abs=1e-4)


@pytest.fixture(scope="module")
def moons_1000():
    t = Trainer(MOONS, 4, "tanh")
    t.step(1000, 1.2)
    return t.history()


def test_plateau_note_appears_on_the_plateau_and_not_after_it(moons_1000):
    linear = cmp.logistic_cost(MOONS.X_train, MOONS.Y_train)
    at_200 = lesson.plateau_note(moons_1000, 200, linear)
    assert at_200.startswith("**A plateau, not a minimum.**")
    assert f"{moons_1000['train_cost'][200]:.4f}" in at_200 and f"J = {linear:.4f}" in at_200
    assert f"J falls to {moons_1000['train_cost'].min():.4f}" in at_200
    assert lesson.plateau_note(moons_1000, 1000, linear) == ""  # far below the straight boundary
    assert lesson.plateau_note(moons_1000, 10, linear) == ""  # not yet a window to judge
    # at the end of a run that stops on the plateau, the future is unknown: no claim that J falls
    cut = {k: v[:301] for k, v in moons_1000.items()}
    at_300 = lesson.plateau_note(cut, 300, linear)
    assert at_300.startswith("**Small gradients, yet perhaps not a minimum.**") and "Train on" in at_300


def test_largest_gradient_question(moons_1000):
    for k in (0, 500):
        values = {n: moons_1000[f"norm_{n}"][k] for n in ("dW1", "db1", "dW2", "db2")}
        q = gq.largest_gradient(moons_1000, k)
        assert q.expected == f"‖{max(values, key=values.get)}‖"


# -- the page --------------------------------------------------------------------------------
def texts(at) -> str:
    return "\n".join(el.value for el in (*at.markdown, *at.caption, *at.info, *at.success, *at.warning))


def decoded(y) -> np.ndarray:
    """A trace's numbers, plain or as a typed array ({"dtype", "bdata"})."""
    if isinstance(y, dict):
        return np.frombuffer(base64.b64decode(y["bdata"]), dtype=np.dtype(y["dtype"]))
    return np.asarray(y, float)


def test_page_after_training_shows_the_plateau_question_and_next_link(app_at):
    at = app_at(GRADIENTS)
    at.button(key="grad.train").click().run()
    assert not at.exception
    body = texts(at)
    assert "A plateau" in body or "perhaps not a minimum" in body
    assert "Near a minimum the gradients shrink" not in body and "also small on a plateau" in body
    assert any("Predict before you click" in m.value for m in at.markdown)
    assert any("Next:" in str(el.proto) for el in at.get("page_link"))


def test_stale_chart_after_reset_and_a_new_learning_rate(app_at):
    """Issue 15: Train 300 at α = 1.2, Reset on Training, α = 0.05, Train 300 again: the chart
    must show the new run (same iteration, other numbers)."""
    from tests.conftest import setting_widget

    at = app_at(GRADIENTS)
    at.button(key="grad.train").click().run()
    before = decoded(live_figures(at)["grad.norms"]["data"][0]["y"])
    at.switch_page(TRAINING).run()
    at.button(key="train.reset").click().run()
    setting_widget(at, "learning_rate").set_value(0.05).run()
    at.switch_page(GRADIENTS).run()
    at.button(key="grad.train").click().run()
    assert not at.exception
    trainer = at.session_state[TRAINER]
    assert trainer.iteration == 300
    after = live_figures(at)
    shown = decoded(after["grad.norms"]["data"][0]["y"])
    assert shown[-1] == pytest.approx(trainer.history()["norm_dW1"][-1], rel=1e-6)
    assert shown[-1] != pytest.approx(before[-1], rel=1e-3)
    heat = decoded(after["grad.heatmaps"]["data"][0]["z"]) if isinstance(after["grad.heatmaps"]["data"][0]["z"], dict) \
        else np.asarray(after["grad.heatmaps"]["data"][0]["z"], float).ravel()
    assert np.allclose(heat.ravel(), trainer.grads["dW1"].ravel(), rtol=1e-5)


def test_train_button_cannot_walk_past_the_iteration_cap(app_at):
    """Issue 15: one click at 19,900 took the session to 20,200."""
    at = app_at(GRADIENTS)
    at.session_state[TRAINER].step(MAX_ITERATION - 100, 1.2)
    at.run()
    at.button(key="grad.train").click().run()
    assert not at.exception
    assert at.session_state[TRAINER].iteration == MAX_ITERATION
    assert at.button(key="grad.train").disabled
    assert any("the most a session trains for" in i.value for i in at.info)


def test_zero_start_tab_remarks_on_the_notes_and_asks(app_at):
    at = app_at(GRADIENTS)
    at.session_state["grad.tab"] = "Zero start"
    at.run()
    assert not at.exception
    assert any("rounded into all zeros" in i.value for i in at.info)
    assert sum("Predict before you click" in m.value for m in at.markdown) == 2
    at.selectbox(key="grad.zero_act").set_value("tanh").run()
    at.checkbox(key="grad.unbalance").uncheck().run()
    body = texts(at)
    assert "Why nothing moved (tanh)" in body and "Only b2 learns" not in body
    hidden = app_at(GRADIENTS, query={"notes": "0"})
    hidden.session_state["grad.tab"] = "Zero start"
    hidden.run()
    assert not any("rounded into all zeros" in i.value for i in hidden.info)


def test_initial_scale_tab_with_relu_never_says_saturated(app_at):
    at = app_at(GRADIENTS, query={"data": "circles", "h": "8", "g": "relu", "init": "1"})
    at.session_state["grad.tab"] = "Initial scale"
    at.session_state["grad.scale_act"] = "relu"  # the tab offers tanh first; one run, straight to ReLU
    at.run()
    assert not at.exception and at.selectbox(key="grad.scale_act").value == "relu"
    story = "\n".join(m.value for m in at.markdown if m.value.startswith("**"))
    assert "inactive" in story and " saturated" not in story.replace("does not saturate", "")
    figs = live_figures(at)
    assert "saturated" not in str(figs["grad.hist"]["layout"]) and "inactive" in str(figs["grad.hist"]["layout"])
    assert "saturated" not in str([t["name"] for t in figs["grad.hist"]["data"]])


def test_many_inputs_intro_names_the_width_it_trains():
    assert "and n_h = 4 hidden units." in lesson.wide_intro(300, 2, 4)
    wide = lesson.wide_intro(300, 2, 50)
    assert f"n_h = {cmp.WIDE_MAX_N_H} hidden units (not 50" in wide and "48 features of pure noise" in wide


def test_plateau_note_at_a_stationary_point_says_nothing_will_move():
    t = Trainer(MOONS, 4, "tanh", init_scale=0.0)  # balanced classes: every gradient is exactly 0
    t.step(120, 1.2)
    h = t.history()
    note = lesson.plateau_note(h, 120, cmp.logistic_cost(MOONS.X_train, MOONS.Y_train))
    assert note.startswith("**Every gradient is exactly 0 at iteration 120:**") and "Train on" not in note
    assert f"J = {math.log(2):.4f}" in note
