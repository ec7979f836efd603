"""AppTest of the Gradients, Shapes and Gradient-check pages: each runs without an error,
its widgets work, and the numbers and verdicts it shows are the true ones."""

from __future__ import annotations

import pytest

from shallownet.bugs import ALL_BACKWARDS
from shallownet.ui.keys import TRAINER
from tests.conftest import charts, live_figures

GRADIENTS, SHAPES, CHECK = "app_pages/gradients.py", "app_pages/shapes.py", "app_pages/gradient_check.py"


def texts(at) -> str:
    return "\n".join(el.value for el in (*at.markdown, *at.caption, *at.info, *at.success, *at.warning))


def no_error(at):
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def all_figures(at) -> list[dict]:
    """Every figure on the page: the plain charts and the live views (updated in place)."""
    return charts(at) + list(live_figures(at).values())


def open_tab(at, label: str):
    """Switch the Gradients page to one of its (lazily run) tabs."""
    at.session_state["grad.tab"] = label
    at.run()
    no_error(at)
    return at


# -- Gradients -------------------------------------------------------------------------------------
def test_gradients_page_offers_training_and_then_shows_the_run(app_at):
    at = app_at(GRADIENTS)
    no_error(at)
    assert at.session_state[TRAINER].iteration == 0
    assert any("not been trained yet" in i.value for i in at.info)
    at.button(key="grad.train").click().run()
    no_error(at)
    trainer = at.session_state[TRAINER]
    assert trainer.iteration == 300
    assert not any("not been trained yet" in i.value for i in at.info)  # the callback ran first
    assert at.select_slider(key="grad.iter").value == 300
    assert "At iteration **300**" in texts(at)
    figs = live_figures(at)
    assert set(figs) == {"grad.norms", "grad.heatmaps"}  # only the open tab runs; both update in place
    assert not charts(at)
    norms = figs["grad.norms"]
    assert [t["name"] for t in norms["data"]] == ["‖dW1‖", "‖db1‖", "‖dW2‖", "‖db2‖"]
    assert norms["layout"]["shapes"][0]["x0"] == 300  # the cursor
    assert "NaN" not in str(figs)


def test_gradients_page_cursor_and_log_toggle(app_at):
    at = app_at(GRADIENTS)
    at.button(key="grad.train").click().run()
    first = at.select_slider(key="grad.iter").options[0]
    at.select_slider(key="grad.iter").set_value(int(first)).run()
    no_error(at)
    assert f"At iteration **{first}**" in texts(at)
    figs = live_figures(at)
    assert f"iteration {first}" in figs["grad.heatmaps"]["layout"]["title"]["text"]
    assert figs["grad.norms"]["layout"]["shapes"][0]["x0"] == int(first)  # the cursor moved
    at.toggle(key="grad.log").set_value(False).run()
    no_error(at)
    assert live_figures(at)["grad.norms"]["layout"]["yaxis"]["type"] == "linear"


@pytest.mark.parametrize("query", [{"g": "relu", "h": "1"}, {"g": "sigmoid", "h": "12", "init": "0"},
                                   {"data": "circles", "lr": "10"}])
def test_gradients_page_for_other_settings(app_at, query):
    at = app_at(GRADIENTS, query=query)
    no_error(at)
    at.button(key="grad.train").click().run()
    no_error(at)


def test_gradients_page_opens_on_its_first_tab_and_trains_nothing_else(app_at):
    at = app_at(GRADIENTS)
    assert at.session_state["grad.tab"] == "Gradient size"
    assert len(all_figures(at)) == 2
    assert not any(k in at.session_state for k in ("grad.act_scale", "grad.scale_act", "grad.zero_act"))
    live = {"Activations": {"grad.act_compare"},
            "Initial scale": {"grad.hist", "grad.scale_compare", "grad.wide_hist", "grad.wide_compare"},
            "Zero start": {"grad.thumbs"}}
    for label, n_charts in (("Activations", 2), ("Initial scale", 4), ("Zero start", 1)):
        open_tab(at, label)
        assert len(all_figures(at)) == n_charts, label
        assert set(live_figures(at)) == live[label]  # every chart that a control changes is live
        assert "NaN" not in str(all_figures(at))


def test_gradients_page_zero_init_explains_what_it_shows(app_at):
    at = open_tab(app_at(GRADIENTS), "Zero start")
    assert "Why (sigmoid)" in texts(at)  # the default: sigmoid on unbalanced labels moves, in lock-step
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Zero start: different hidden units"] == "1 of 4"
    assert metrics["Random start: different hidden units"] == "4 of 4"
    at.checkbox(key="grad.unbalance").uncheck().run()
    no_error(at)
    assert "Why nothing moved" in texts(at)  # balanced classes: a stationary point
    at.selectbox(key="grad.zero_act").set_value("tanh").run()
    no_error(at)
    assert "g(0) = 0" in texts(at)


def test_gradients_page_comparison_controls(app_at):
    at = open_tab(app_at(GRADIENTS), "Activations")
    before = live_figures(at)["grad.act_compare"]
    at.select_slider(key="grad.act_scale").set_value(10.0).run()
    no_error(at)
    assert "init scale 10" in texts(at)
    assert live_figures(at)["grad.act_compare"] != before  # the same live view, new runs
    open_tab(at, "Initial scale")
    before = live_figures(at)["grad.hist"]
    at.selectbox(key="grad.scale_act").set_value("sigmoid").run()
    no_error(at)
    after = live_figures(at)["grad.hist"]
    assert after != before and "sigmoid units" in after["layout"]["title"]["text"]


# -- Shapes ----------------------------------------------------------------------------------------
def test_shapes_page_shows_every_shape_from_the_arrays(app_at):
    at = app_at(SHAPES)
    no_error(at)
    body = texts(at)
    for shape in ("(2, 300)", "(4, 300)", "(4, 2)", "(4, 1)", "(1, 4)", "(1, 1)", "(1, 300)"):
        assert f"**{shape}**" in body
    code = at.code[0].value
    assert "shape (4, 1)" in code and "shape (4,)" in code and "shape (4, 4)" in code and "shape (1, 300)" in code
    assert "ValueError" in body  # the broken b1 fails the next forward pass, tried for real


def test_shapes_page_buttons_change_the_sizes(app_at):
    at = app_at(SHAPES)
    at.button(key="shapes.nh_up").click().run()
    no_error(at)
    assert at.session_state["cfg.n_h"] == 5
    assert "**(5, 300)**" in texts(at)
    at.button(key="shapes.m_up").click().run()
    no_error(at)
    assert at.session_state["cfg.n_samples"] == 800
    assert "**(5, 600)**" in texts(at)
    at.button(key="shapes.m_down").click().run()
    at.button(key="shapes.m_down").click().run()
    assert at.session_state["cfg.n_samples"] == 200
    assert "**(5, 150)**" in texts(at)


def test_shapes_page_with_one_hidden_unit_says_the_slip_hides(app_at):
    at = app_at(SHAPES, query={"h": "1"})
    no_error(at)
    assert any("invisible" in i.value for i in at.info)
    assert at.button(key="shapes.nh_down").disabled


# -- Gradient check --------------------------------------------------------------------------------
def test_gradient_check_passes_the_correct_backward(app_at):
    at = app_at(CHECK)
    no_error(at)
    assert any("The correct backward passes" in s.value for s in at.success)
    assert "first 200 of the 300 training examples" in texts(at)
    assert set(live_figures(at)) == {"check.errors", "check.scatter"}


@pytest.mark.parametrize("bug", [k for k in ALL_BACKWARDS if k != "none"])
def test_gradient_check_catches_each_bug_at_the_fresh_start(app_at, bug):
    at = app_at(CHECK)
    at.radio(key="check.point").set_value("fresh").run()
    at.selectbox(key="check.bug").set_value(bug).run()
    no_error(at)
    assert any(s.value.startswith("**Caught.**") for s in at.success), [w.value for w in at.warning]
    if bug in ("wrong_axis", "dropped_keepdims", "transposed"):
        assert any("shape mismatch" in s.value for s in at.success)


def test_gradient_check_is_honest_about_an_invisible_bug(app_at):
    at = app_at(CHECK, query={"g": "relu"})
    at.radio(key="check.point").set_value("fresh").run()
    at.selectbox(key="check.bug").set_value("gprime_on_a1").run()
    no_error(at)
    assert any("invisible with ReLU" in i.value for i in at.info)


def test_gradient_check_explains_relu_kinks_at_a_tiny_scale(app_at):
    at = app_at(CHECK, query={"g": "relu"})
    no_error(at)
    assert any("The correct backward passes" in s.value for s in at.success)  # the default start passes
    at.radio(key="check.point").set_value("tiny").run()  # init scale 0.01: some Z1 within ε of the kink
    no_error(at)
    assert any("straddles the kink" in w.value for w in at.warning)


def test_gradient_check_says_when_a_tiny_scale_hides_a_bug(app_at):
    at = app_at(CHECK)
    at.radio(key="check.point").set_value("tiny").run()  # tanh, scale 0.01: tanh′(A1) ≈ tanh′(Z1)
    at.selectbox(key="check.bug").set_value("gprime_on_a1").run()
    no_error(at)
    assert any("Not caught at these parameters" in w.value for w in at.warning)


def test_gradients_tabs_keep_their_controls_when_left_and_reopened(app_at):
    at = app_at(GRADIENTS)
    at.toggle(key="grad.log").set_value(False).run()
    open_tab(at, "Activations")
    at.select_slider(key="grad.act_scale").set_value(10.0).run()
    open_tab(at, "Gradient size")
    assert at.toggle(key="grad.log").value is False
    open_tab(at, "Activations")
    assert at.select_slider(key="grad.act_scale").value == 10.0
