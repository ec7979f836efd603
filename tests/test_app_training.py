"""The Training page in AppTest: buttons, divergence, learning-rate changes, replay, exports.

The live views are a component (the board) whose payload the tests read; Play lives in the
browser (its server side is tested in test_playback_export.py, the whole in
tests/browser/test_training.py).
"""

from __future__ import annotations

import json

import pytest

from shallownet.figures.training_view import MAX_FRAMES
from shallownet.ui.keys import TRAINER
from tests.conftest import live_boards
from tests.figure_check import assert_charts_valid

PAGE = "app_pages/training.py"
# blobs with ReLU, init scale 10 and α = 10: the weights explode within three steps
DIVERGING = {"data": "blobs", "g": "relu", "init": "10", "lr": "10"}


def iteration(at) -> int:
    return at.session_state[TRAINER].iteration


def metric(at, label: str) -> str:
    """A number of the board's strip, e.g. "Iteration"."""
    return dict(live_boards(at)["train.board"]["stats"])[label]


def click(at, key: str):
    return at.button(key=key).click().run()


@pytest.fixture
def page(app_at):
    at = app_at(PAGE)
    assert not at.exception
    return at


def test_page_opens_at_iteration_zero_with_its_views(page):
    assert iteration(page) == 0 and metric(page, "Iteration") == "0"
    board = live_boards(page)["train.board"]
    assert [p["id"] for p in board["plots"]] == ["boundary", "curves", "units"]
    assert board["plots"][0]["figure"]["data"][0]["type"] == "heatmap"
    assert all(p["alt"] for p in board["plots"])
    assert board["player"]["mode"] == "live" and not board["player"]["playing"]
    assert "0 → 1" in board["table"]["title"]
    assert not page.error


def test_a_rerun_that_changes_nothing_sends_the_same_board(page):
    first = live_boards(page)["train.board"]
    page.run()
    assert live_boards(page)["train.board"] == first  # same revisions: the browser redraws nothing
    click(page, "train.step1")
    after = live_boards(page)["train.board"]
    assert [p["rev"] for p in after["plots"]] != [p["rev"] for p in first["plots"]]
    assert after["epoch"] == first["epoch"]  # the same run: a step is no new start


def test_step_and_x10_advance_by_exactly_1_and_10(page):
    click(page, "train.step1")
    assert iteration(page) == 1 and metric(page, "Iteration") == "1"
    click(page, "train.step10")
    assert iteration(page) == 11
    click(page, "train.step100")
    assert iteration(page) == 111 and metric(page, "Iteration") == "111"
    assert not page.exception


def test_train_to_n_and_reset(page):
    page.number_input(key="train.target").set_value(250).run()
    click(page, "train.to")
    assert iteration(page) == 250
    click(page, "train.to")  # already there: says so, takes no step
    assert iteration(page) == 250 and any("Already at iteration 250" in i.value for i in page.info)
    click(page, "train.reset")
    assert iteration(page) == 0 and metric(page, "Iteration") == "0"
    assert not page.exception


def test_changing_the_learning_rate_keeps_the_iteration_count(page):
    click(page, "train.step10")
    trainer = page.session_state[TRAINER]
    page.sidebar.number_input(key="cfg.learning_rate").set_value(0.5).run()
    assert page.session_state[TRAINER] is trainer and iteration(page) == 10
    assert metric(page, "Learning rate α") == "0.5"
    click(page, "train.step1")
    assert iteration(page) == 11
    assert trainer.history()["learning_rate"][-1] == 0.5


def test_diverging_learning_rate_from_the_link_is_caught_and_explained(app_at):
    at = app_at(PAGE, query=DIVERGING)
    click(at, "train.step10")
    assert not at.exception
    trainer = at.session_state[TRAINER]
    assert trainer.divergence is not None and iteration(at) < 10
    message = " ".join(e.value for e in at.error)
    assert "diverged" in message and "α = 10" in message and "smaller learning rate" in message
    # the last finite state stays on screen: every number and chart is finite
    assert "nan" not in " ".join(v for _, v in live_boards(at)["train.board"]["stats"]).lower()
    assert "nan" not in json.dumps(live_boards(at)).lower()
    # reset recovers
    click(at, "train.reset")
    assert at.session_state[TRAINER].divergence is None and iteration(at) == 0
    assert not at.error


def test_diverging_learning_rate_set_in_the_sidebar(app_at):
    at = app_at(PAGE, query={"data": "blobs", "g": "relu", "init": "10"})
    at.sidebar.number_input(key="cfg.learning_rate").set_value(10.0).run()
    click(at, "train.step100")
    assert not at.exception
    assert any("diverged" in e.value and "α = 10" in e.value for e in at.error)
    # a smaller α continues from the last finite state
    at.sidebar.number_input(key="cfg.learning_rate").set_value(0.01).run()
    before = iteration(at)
    click(at, "train.step10")
    assert iteration(at) == before + 10 and not at.error


def test_a_too_large_rate_that_does_not_diverge_gets_a_hint(app_at):
    at = app_at(PAGE, query={"g": "relu", "lr": "10"})
    click(at, "train.step100")
    assert any("too large" in w.value for w in at.warning)


def replay_spec(at) -> str:
    return json.dumps(live_boards(at)["train.replay"], sort_keys=True)


def test_replay_mode_shows_a_bounded_animation_that_stays_identical_across_reruns(page):
    click(page, "train.step100")
    page.segmented_control(key="train.mode").set_value("Replay the run").run()
    assert not page.exception
    first = replay_spec(page)
    frames = json.loads(first)["player"]["frames"]
    assert 2 <= len(frames) <= MAX_FRAMES and frames[-1]["label"] == "iteration 100"
    assert dict(frames[-1]["stats"])["Iteration"] == "100"
    assert len(first) <= 1_500_000
    assert assert_charts_valid(page) == 1  # the replay's base figure passes Plotly's schema
    # a rerun that does not change the run (here: a new α) sends byte-identical JSON,
    # so the browser keeps the chart and its animation where they are
    page.sidebar.number_input(key="cfg.learning_rate").set_value(0.3).run()
    assert replay_spec(page) == first
    page.run()
    assert replay_spec(page) == first
    # back to live training, train on: the replay is rebuilt for the new state
    page.segmented_control(key="train.mode").set_value("Live training").run()
    click(page, "train.step10")
    page.segmented_control(key="train.mode").set_value("Replay the run").run()
    assert json.loads(replay_spec(page))["player"]["frames"][-1]["label"] == "iteration 110"


def test_exports_are_offered_as_download_buttons(page):
    assert not page.get("download_button")  # behind a closed expander, which runs nothing
    page.session_state["train.exports"] = True
    page.run()
    labels = [b.proto.label for b in page.get("download_button")]
    assert any("HTML" in s for s in labels) and any(".npz" in s for s in labels) and any("CSV" in s for s in labels)
