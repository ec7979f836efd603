"""Home, Data, Training, Experiments teach: callouts computed from the run, plateaus found in the
history, measured suggestions, questions with computed answers — each checked against something
independent (hand-made curves, the reference network, scikit-learn, the dataset maker) and at
two settings that give different numbers."""

from math import log

import numpy as np
import pytest

from shallownet import plateaus as pl
from shallownet import sweeps
from shallownet.datasets import make_dataset
from shallownet.figures import training_view as tv
from shallownet.network import backward, compute_cost, forward, init_params, update_params
from shallownet.questions import check
from shallownet.questions import path as qp
from shallownet.training import Trainer
from shallownet.ui.keys import TRAINER

pytestmark = pytest.mark.filterwarnings("error")


def curve(pieces) -> dict:
    """A hand-made history from (steps, J from, J to, accuracy) pieces, linear in each piece."""
    cost = np.concatenate([np.linspace(a, b, n, endpoint=False) for n, a, b, _ in pieces])
    acc = np.concatenate([np.full(n, c) for n, _, _, c in pieces])
    grad = np.abs(np.gradient(cost)) + 1e-4
    return {"iteration": np.arange(len(cost)), "train_cost": cost, "train_acc": acc, "norm_dW1": grad,
            "norm_dW2": grad}


HAND = [(30, log(2), log(2), 0.5), (20, log(2), 0.28, 0.8), (200, 0.28, 0.279, 0.86), (100, 0.279, 0.05, 0.95),
        (150, 0.05, 0.049, 0.99)]


def test_stretches_on_a_hand_made_curve():
    h = curve(HAND)
    found = pl.stretches(h, baseline=(0.28, 0.86))
    assert [s.kind for s in found] == ["start", "linear", "flat"]
    start, line, flat = found
    assert start.start == 0 and 28 <= start.stop <= 30
    assert 48 <= line.start <= 52 and 248 <= line.stop <= 250
    assert flat.stop == 499
    assert pl.bends(h, found) == [start.stop, line.stop]  # the flat end is the end of the run: no bend after it
    # without a baseline the middle plateau is only "flat"
    assert [s.kind for s in pl.stretches(h, None)] == ["start", "flat", "flat"]


def test_a_curve_that_never_rests_has_no_plateau():
    h = curve([(400, 0.6, 0.05, 0.9)])  # J falls 0.0014 a step: never flat over 50 steps
    assert pl.stretches(h, (0.28, 0.86)) == []
    assert pl.plateau_notice(h, (0.28, 0.86)) == ""


def test_plateau_notice_names_the_line_while_on_it_and_the_bend_after():
    h = curve(HAND)
    cut = lambda k: {n: v[: k + 1] for n, v in h.items()}  # noqa: E731 — the history up to iteration k
    on = pl.plateau_notice(cut(200), (0.28, 0.86))
    assert "A plateau since iteration" in on and "straight line" in on and "J = 0.280" in on
    after = pl.plateau_notice(cut(300), (0.28, 0.86))
    assert after.startswith("**The bend at iteration") and "below the straight line's 0.280" in after
    late = pl.plateau_notice(cut(300 + pl.BEND_RECENT + 20), (0.28, 0.86))  # long past the bend, resting
    assert late.startswith("**A plateau since iteration 350:**") and "straight line" not in late
    assert "cannot tell which" in late
    assert pl.plateau_notice(cut(275), (0.28, 0.86)).startswith("**The bend")  # falling: no plateau now


@pytest.fixture(scope="module")
def moons_run():
    d = make_dataset("moons", 400, 0.2, 0, 0.25)
    t = Trainer(d, 4, "tanh", init_scale=0.01, init_seed=0)
    t.step(1500, 1.2)
    base = sweeps.logistic_baseline(d)
    return d, t, (base.train_cost, base.train_acc)


def test_a_real_run_on_moons_has_the_three_phases(moons_run):
    d, t, baseline = moons_run
    h = t.history()
    found = pl.stretches(h, baseline)
    kinds = [s.kind for s in found]
    assert kinds[:2] == ["start", "linear"]
    line = found[1]
    assert 20 <= line.start <= 100 and 300 <= line.stop <= 600
    assert abs(line.cost - baseline[0]) < 0.03  # the plateau sits where scikit-learn's line does
    assert line.stop in pl.bends(h, found)
    assert float(h["train_cost"][-1]) < baseline[0] - 0.1  # after the bend the hidden units win
    marks = pl.chart_marks(h, baseline)
    assert {"kind": "plateau", "start": line.start, "stop": line.stop, "label": "straight-line plateau"} in marks


def test_scikit_learn_baseline_cost_is_the_cross_entropy_of_its_probabilities():
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss

    d = make_dataset("circles", 300, 0.1, 3, 0.25)
    base = sweeps.logistic_baseline(d)
    model = LogisticRegression(max_iter=1000).fit(d.X_train.T, d.Y_train.ravel().astype(int))
    assert base.train_cost == pytest.approx(log_loss(d.Y_train.ravel(), model.predict_proba(d.X_train.T)[:, 1]),
                                            rel=1e-6)


@pytest.mark.parametrize("name, g, scale, expect", [("moons", "tanh", 0.01, True), ("circles", "relu", 1.0, False)])
def test_ln2_callout_only_when_every_output_is_near_one_half(name, g, scale, expect):
    d = make_dataset(name, 400, 0.2, 0, 0.25)
    params = init_params(2, 8, scale=scale, seed=0)
    A2, _ = forward(params, d.X_train, g)
    J = compute_cost(A2, d.Y_train)
    h = {"iteration": np.array([0]), "train_cost": np.array([J]), "train_acc": np.array([0.5])}
    text = pl.start_notice(h, A2)
    assert bool(text) is expect
    if expect:
        assert f"J = {J:.4f}" in text and f"{log(2):.4f}" in text


def test_accuracy_jump_callout_at_outputs_near_one_half():
    d = make_dataset("moons", 400, 0.2, 0, 0.25)
    t = Trainer(d, 4, "tanh", init_scale=0.01, init_seed=0)
    h0 = t.history()
    assert pl.jump_notice(h0, pl.outputs(t.params, d.X_train, "tanh")) == ""  # nothing has happened yet
    t.step(1, 1.2)
    h = t.history()
    A2 = pl.outputs(t.params, d.X_train, "tanh")
    acc0 = float(np.mean((forward(init_params(2, 4, scale=0.01, seed=0), d.X_train)[0] > 0.5) == d.Y_train))
    text = pl.jump_notice(h, A2)
    assert f"from {100 * acc0:.0f} %" in text and f"to {100 * h['train_acc'][1]:.0f} %" in text
    assert np.max(np.abs(A2 - 0.5)) < pl.JUMP_HALF
    t.step(30, 1.2)  # outputs have left 0.5: the callout goes
    assert pl.jump_notice(t.history(), pl.outputs(t.params, d.X_train, "tanh")) == ""


def test_the_measured_diverging_rate_really_diverges_in_the_reference_network():
    d = make_dataset("moons", 400, 0.2, 0, 0.25)
    found = pl.diverging_rate(d, 4, "tanh", 0.01, 0)
    assert found is not None
    lr, step = found
    params = init_params(2, 4, scale=0.01, seed=0)
    costs = []
    with np.errstate(all="ignore"):
        for _ in range(step + 1):
            A2, cache = forward(params, d.X_train)
            costs.append(compute_cost(A2, d.Y_train))
            params = update_params(params, backward(params, cache, d.X_train, d.Y_train), lr)
    assert max(costs) > 5 * costs[0]  # the cost blows up in the plain NumPy network too
    smaller = [r for r in pl.DIVERGE_RATES if r < lr]
    assert all(pl.diverging_rate(d, 4, "tanh", 0.01, 0, rates=(r,)) is None for r in smaller)


def test_relu_notice_counts_inactive_units_and_suggests_a_measured_scale():
    d = make_dataset("flower", 400, 0.2, 0, 0.25)
    measured = pl.relu_scales(d, 4, 0, 1.2, scales=(0.01, 1.0), steps=1000)
    params = init_params(2, 4, scale=0.01, seed=0)
    dead, share = pl.inactive_units(params, d.X_train)
    Z1 = params["W1"] @ d.X_train + params["b1"]
    assert share == pytest.approx(float(np.mean(Z1 <= 0))) and dead == int(np.all(Z1 <= 0, axis=1).sum())
    text = pl.relu_notice(params, d.X_train, 0.01, measured, 0)
    assert f"{100 * share:.0f} %" in text and "does not saturate" in text
    best = max(measured, key=lambda r: r[1])
    here = dict(measured)[0.01]
    if best[1] > here + 0.02:
        assert f"Try init scale **{best[0]:g}**" in text
    else:
        assert "as good as any" in text


# -- questions --------------------------------------------------------------------------------------
@pytest.mark.parametrize("n_h", [4, 9])
def test_parameter_count_question(n_h):
    params = init_params(2, n_h, scale=0.01, seed=1)
    q = qp.count_parameters(params)
    assert q.expected == sum(a.size for a in params.values())
    assert check(q, str(int(q.expected)))[0] is True and check(q, "3")[0] is False


@pytest.mark.parametrize("n, frac", [(400, 0.25), (130, 0.3)])
def test_y_columns_question_matches_the_dataset_maker(n, frac):
    d = make_dataset("moons", n, 0.2, 0, frac)
    q = qp.y_columns_at(d.Y, 0.5, frac, d.Y_train.shape[1])
    assert q.expected == make_dataset("moons", n, 0.2, 0, 0.5).Y_train.shape[1]
    xq = qp.x_shape(d.X_train)
    assert check(xq, f"(2, {d.X_train.shape[1]})")[0] is True


def test_initial_cost_and_output_questions_at_two_inits():
    d = make_dataset("circles", 400, 0.2, 0, 0.25)
    for scale, near_ln2 in ((0.01, True), (2.0, False)):
        params = init_params(2, 8, scale=scale, seed=0)
        A2, _ = forward(params, d.X_train, "relu")
        J = compute_cost(A2, d.Y_train)
        q = qp.initial_cost(J, float(np.max(np.abs(A2 - 0.5))))
        assert q.expected == round(J, 4)
        assert ("It is ln 2" in q.answer) is near_ln2
        assert check(q, f"{log(2):.3f}")[0] is near_ln2
        assert qp.first_output(A2, scale).expected == round(float(A2.mean()), 3)


def test_diverge_and_baseline_questions():
    q = qp.diverging_rate((30.0, 4), (3, 10, 30, 100), 300, 1.2)
    assert q.expected == "α = 30" and "step 4" in q.answer
    assert qp.diverging_rate(None, (3, 10), 300, 1.2).expected == "none of these"
    assert qp.baseline_vs_network(0.47, 0.95, 4).expected == "the network"
    assert qp.baseline_vs_network(0.90, 0.92, 4).expected.startswith("about the same")
    assert qp.largest_in_sweep(2, [1, 5, 50]).expected == 50 * 2 + 50 + 50 + 1


def test_line_equation_writes_signs_properly():
    assert sweeps.line_equation([1.25, -3.98], 0.395) == "1.25·x1 − 3.98·x2 + 0.395 = 0"
    assert sweeps.line_equation([-0.5, 2.0], -1.0) == "−0.5·x1 + 2·x2 − 1 = 0"
    assert "+ -" not in sweeps.line_equation([1, -1e-7], -2e-6)


# -- the cost chart's marks ------------------------------------------------------------------------
def test_marks_follow_the_cursor_lines_and_frames_patch_every_shape(moons_run):
    _, t, baseline = moons_run
    h = t.history()
    marks = pl.chart_marks(h, baseline)
    fig = tv.curves_figure(h, baseline=baseline[0], marks=marks)
    shapes = fig["layout"]["shapes"]
    assert len(shapes) == 2 + len(marks) and all(s["type"] == "line" for s in shapes[:2])
    index = tv.trace_index(fig)
    base = fig["data"][index["baseline"]]
    assert list(base["y"]) == [baseline[0]] * 2
    patch = tv.curves_patch(h, 10, 12, index, baseline[0])
    assert len(patch["layout"]["shapes"]) == len(shapes)  # the same length: merged, not replaced
    assert patch["extend"][index["baseline"]] == {"x": [12], "y": [baseline[0]]}


# -- the pages, in AppTest ---------------------------------------------------------------------------
def texts(elements) -> list[str]:
    return [e.value for e in elements]


def test_home_states_no_stopping_rule_and_gives_the_legend(app_at):
    at = app_at()
    md = " ".join(texts(at.markdown))
    assert "until the classes are separated" not in md
    assert "no rule of its own for when to stop" in md
    assert "W^{[1]}" in md and "`W1, b1`" in md and "column i − 1 of X" in md
    assert "**17** = 8 (W1: 4 × 2)" in md  # 4·2 + 4 + 4 + 1 at the defaults
    at = app_at(query={"h": "8"})
    assert "**33** = 16 (W1: 8 × 2)" in " ".join(texts(at.markdown))


def test_data_page_counts_both_ways_and_shows_the_line(app_at):
    at = app_at("app_pages/data.py")
    md = " ".join(texts(at.markdown))
    assert "x⁽¹⁾ · column 0" in md and "example x⁽ⁱ⁾ (counted from 1" in md
    line = sweeps.logistic_baseline(make_dataset("moons", 400, 0.2, 0, 0.25))
    assert f"**{100 * line.test_acc:.0f} %** on the test points" in md
    assert "**200**: 400 examples" in md  # Y_train's columns at test fraction 0.5
    at.button(key="data.flower").click().run()
    flower = sweeps.logistic_baseline(make_dataset("flower", 400, 0.2, 0, 0.25))
    md = " ".join(texts(at.markdown))
    assert f"**{100 * flower.test_acc:.0f} %** on the test points" in md and "flower" in md
    assert not at.exception


def notices(at) -> str:
    return " ".join(texts(at.info))


def test_training_callouts_follow_the_run(app_at):
    at = app_at("app_pages/training.py")
    assert "and ln 2 = 0.6931" in notices(at)
    at.button(key="train.step1").click().run()
    assert "Accuracy went from 35 % to 81 % in one step" in notices(at)
    at.number_input(key="train.target").set_value(250).run()
    at.button(key="train.to").click().run()
    said = notices(at)
    assert "A plateau since iteration" in said and "straight line" in said and "ln 2 = " not in said
    at.number_input(key="train.target").set_value(600).run()
    at.button(key="train.to").click().run()
    assert "The bend at iteration" in notices(at) and "A plateau since" not in notices(at)
    assert not at.exception


def test_training_with_relu_at_init_1_explains_relu_and_has_no_ln2_callout(app_at):
    at = app_at("app_pages/training.py", query={"data": "circles", "h": "8", "g": "relu", "init": "1"})
    said = notices(at)
    assert "ln 2 = " not in said and "ReLU passes nothing" in said and "Measured on this data" in said
    assert not at.exception


def test_alpha_too_large_demo_really_diverges(app_at):
    at = app_at("app_pages/training.py")
    at.button(key="train.too_large").click().run()
    assert at.session_state[TRAINER].divergence is not None
    assert any("Training diverged" in e.value for e in at.error)
    assert "**α = 100, from iteration 0:**" in notices(at)
    at.run()  # a rerun keeps the explanation while the diverged state is on screen
    assert "**α = 100, from iteration 0:**" in notices(at)
    at.button(key="train.reset").click().run()
    assert "**α = 100, from iteration 0:**" not in notices(at)
    assert not at.exception


def test_experiments_baseline_signs_and_regularisation(app_at):
    at = app_at("app_pages/experiments.py", query={"data": "flower"})
    at.session_state["exp.tab"] = "Baseline"
    at.run()
    captions = " ".join(texts(at.caption))
    md = " ".join(texts(at.markdown))
    assert "+ -" not in captions and "Fitted line:" in captions
    line = sweeps.logistic_baseline(make_dataset("flower", 400, 0.2, 0, 0.25))
    assert sweeps.line_equation(line.coef, line.intercept) in captions
    assert "J + ‖w‖²/(2·C·m)" in md and "200 gradient-descent steps" in md
    assert "who wins" in md
    assert not at.exception


def test_network_diagram_headers_use_the_code_spelling():
    from shallownet.figures.network_diagram import network_diagram

    fig = network_diagram(init_params(2, 4), "tanh")
    heads = " ".join(a["text"] for a in fig["layout"]["annotations"])
    assert "A1 = tanh(Z1)" in heads and "A2 = σ(Z2)" in heads
    assert not any(c in heads for c in "¹²")  # W¹ reads as a power
