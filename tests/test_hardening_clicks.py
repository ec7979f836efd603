"""Single clicks at the legal maxima: one click's training is bounded by a budget of work
(steps × m × n_h, shallownet/budget.py), says what it did when the budget cut it short, and no
button walks the iteration past the cap."""

from __future__ import annotations

import pytest

from shallownet import budget
from shallownet.sweeps import HIDDEN_SIZES, LEARNING_RATES
from shallownet.training import MAX_ITERATION
from shallownet.ui.keys import TRAINER
from shallownet.ui.settings import FIELD_BY_NAME
from shallownet.upload import MAX_ROWS
from tests.conftest import APP

M_MAX, NH_MAX = int(FIELD_BY_NAME["n_samples"].hi), int(FIELD_BY_NAME["n_h"].hi)
SECONDS_PER_UNIT = 1e-9  # the cost model the budget assumes (bench/bench_clicks.py measures it)


def test_the_budget_is_work_not_separate_caps():
    """Hand-worked: 1.2e9 units / (2000 × 50 + 25,000) = 9,600 steps; / (5000 × 50 + 25,000) = 4,363."""
    assert budget.steps_within(MAX_ITERATION, 2000, 50) == 9600
    assert budget.steps_within(MAX_ITERATION, 5000, 50) == 4363
    assert budget.steps_within(MAX_ITERATION, 400, 4) == MAX_ITERATION  # the defaults: Train to 20 000 fits
    assert budget.steps_within(100, 5000, 50) == 100  # ×100 at the largest upload fits
    assert budget.steps_within(0, 400, 4) == 0


@pytest.mark.parametrize("m, n_h", [(M_MAX, NH_MAX), (MAX_ROWS, NH_MAX), (400, 4), (10, 1)])
def test_every_legal_click_fits_the_budget(m, n_h):
    """The worst legal click of each kind, in the cost model: at most CLICK_WORK (≈ 1.2 s)."""
    for asked in (1, 10, 100, 300, MAX_ITERATION):
        steps = budget.steps_within(asked, m, n_h)
        assert 1 <= steps <= asked and steps * budget.step_work(m, n_h) <= budget.CLICK_WORK
    for sizes in (HIDDEN_SIZES, [n_h] * len(LEARNING_RATES), [n_h] * 8):
        steps = budget.sweep_steps(5000, m, sizes)
        assert steps * sum(budget.step_work(m, h) for h in sizes) <= budget.SWEEP_WORK
    assert budget.SWEEP_WORK * SECONDS_PER_UNIT <= 2.5  # a sweep draws a progress bar per network


def test_the_messages_say_what_the_budget_did_at_two_settings():
    text = budget.partial_notice(20000, 9600, 9600, 2000, 50, 9600)
    assert text.startswith("Trained 9,600 of the 20,000 steps asked for, up to iteration 9,600")
    assert "m = 2,000 points and n_h = 50" in text and "at most 9,600 steps" in text and "Click again" in text
    other = budget.partial_notice(15000, 4363, 4363, 5000, 50, 9363)
    assert "Trained 4,363 of the 15,000" in other and "iteration 9,363" in other and "m = 5,000" in other
    assert budget.partial_notice(100, 100, 100, 400, 4, 100) == ""  # all of it: nothing to say
    assert budget.partial_notice(300, 300, 100, 400, 4, 20000) == ""  # the cap stopped it, not the budget
    assert budget.sweep_notice(5000, 3200, 2000, 6) == (
        "Each network trains 3,200 steps, not the 5,000 chosen: 6 networks on m = 2,000 points would take "
        "too long for one click. Fewer points, fewer or smaller networks allow more steps.")
    assert budget.sweep_notice(3000, 3000, 400, 7) == ""


def training_page(query: dict | None = None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.switch_page("app_pages/training.py")
    at.run()
    assert not at.exception
    return at


def test_train_to_at_the_legal_maximum_does_what_fits_and_says_so():
    at = training_page({"m": str(M_MAX), "h": str(NH_MAX)})
    at.number_input(key="train.target").set_value(MAX_ITERATION).run()
    at.button(key="train.to").click().run()
    assert not at.exception
    fits = budget.steps_within(MAX_ITERATION, M_MAX, NH_MAX)
    assert at.session_state[TRAINER].iteration == fits
    shown = " ".join(str(e.value) for kind in ("info", "caption", "markdown", "success", "warning")
                     for e in getattr(at, kind))
    assert f"Trained {fits:,} of the {MAX_ITERATION:,} steps asked for" in shown
    at.button(key="train.to").click().run()  # another click continues
    assert at.session_state[TRAINER].iteration == 2 * fits


def test_no_button_walks_past_the_iteration_cap():
    """Gradients' "Train 300 steps" at 19,900 (it reached 32,000 once) and ×100 at 19,950."""
    at = training_page()
    at.session_state[TRAINER].step(MAX_ITERATION - 100, 1.2)
    at.switch_page("app_pages/gradients.py")
    at.run()
    at.button(key="grad.train").click().run()
    assert not at.exception
    assert at.session_state[TRAINER].iteration == MAX_ITERATION
    at.switch_page("app_pages/training.py")
    at.run()
    for _ in range(2):
        at.button(key="train.step100").click().run()
    assert at.session_state[TRAINER].iteration == MAX_ITERATION


def test_the_rate_sweep_says_when_the_budget_shortens_it():
    from streamlit.testing.v1 import AppTest

    for query, shortened in (({"m": "2000", "h": "50"}, True), ({}, False)):
        at = AppTest.from_file(APP, default_timeout=120)
        for key, value in query.items():
            at.query_params[key] = value
        at.switch_page("app_pages/experiments.py")
        at.run()
        at.session_state["exp.tab"] = "Learning rate"
        at.run()
        at.select_slider(key="exp.rate.steps").set_value(5000).run()
        fits = budget.sweep_steps(5000, int(query.get("m", 400)), [int(query.get("h", 4))] * len(LEARNING_RATES))
        notes = [c.value for c in at.caption if c.value.startswith("Each network trains")]
        assert (fits < 5000) is shortened
        assert notes == ([budget.sweep_notice(5000, fits, 2000, len(LEARNING_RATES))] if shortened else [])
        assert any(f"({fits:,} steps each)" in i.value for i in at.info)
