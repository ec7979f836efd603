"""A run that continues a loaded model's iteration count: the trainer's start_iteration.

The trainer keeps rows from 0 (its own steps, the history's length, the cap) and shows
start_iteration + row. Numbers are worked by hand (1000 + 3 = 1003) and the states are checked
against the float64 reference equations of shallownet.network, not against saved output.
"""

from __future__ import annotations

import numpy as np
import pytest

from shallownet import (
    Trainer,
    backward,
    compute_cost,
    forward,
    init_params,
    make_dataset,
    playback,
    update_params,
)
from shallownet import training_lesson as tl
from shallownet.export import trainer_npz
from shallownet.figures import training_view as tv
from shallownet.gradients_tabs import cap_text, norms_text
from shallownet.model_io import saved_iteration

F32 = {"rtol": 2e-4, "atol": 2e-6}


@pytest.fixture(scope="module")
def moons():
    return make_dataset("moons", n_samples=120, noise=0.2, seed=2)


@pytest.fixture(scope="module")
def start_params():
    return init_params(2, 3, scale=0.5, seed=4)


def loaded(data, params, start: int, **kw) -> Trainer:
    return Trainer(data, 3, params=params, start_iteration=start, **kw)


@pytest.mark.parametrize("start", [1000, 250])
def test_step_continues_the_count_and_the_history_rows_stay_from_zero(moons, start_params, start):
    t = loaded(moons, start_params, start)
    assert (t.iteration, t.total_iteration) == (0, start)
    assert t.step(3, 0.5) == 3
    assert (t.iteration, t.total_iteration) == (3, start + 3)  # 1000 + 3 = 1003, 250 + 3 = 253
    h = t.history()
    assert list(h["iteration"]) == [start, start + 1, start + 2, start + 3]
    assert list(h["epoch"]) == [0, 1, 2, 3]  # epochs of this run, as before
    assert list(t.history(start=2)["iteration"]) == [start + 2, start + 3]  # start= is a row
    assert [s.iteration for s in t.snapshots] == [0, 1, 2, 3]  # snapshots keep rows
    # row k of the history is the state after k steps from the loaded parameters (float64 reference)
    X, Y = moons.X_train, moons.Y_train
    p = start_params
    for k in range(4):
        A2, _ = forward(p, X, "tanh")
        assert h["train_cost"][k] == pytest.approx(compute_cost(A2, Y), rel=2e-4)
        p = update_params(p, backward(p, forward(p, X, "tanh")[1], X, Y, "tanh"), 0.5)


def test_train_to_is_a_total_and_reset_goes_back_to_the_loaded_count(moons, start_params):
    t = loaded(moons, start_params, 1000)
    assert playback.steps_to(t, 1250) == 250
    assert playback.steps_to(t, 500) == 0  # behind the loaded model's count: nothing, never backwards
    t.step(playback.steps_to(t, 1040), 0.5)
    assert (t.total_iteration, t.iteration) == (1040, 40)
    assert tl.target_notice(t.total_iteration, 1040, t.start_iteration) == (
        "Already at iteration 1,040 (≥ 1,040); reset to train from iteration 1,000, where the loaded model starts.")
    assert tl.target_notice(40, 40) == "Already at iteration 40 (≥ 40); reset to train from the start."
    t.reset()
    assert (t.total_iteration, t.iteration) == (1000, 0)
    _close(t.params, start_params)
    t.reset(start_iteration=0)
    assert t.total_iteration == 0


def test_the_cap_bounds_the_runs_own_steps_and_its_messages_say_so(moons, start_params):
    t = loaded(moons, start_params, 19_990, max_iteration=30)
    assert playback.steps_to(t, 10**9, max_iteration=30) == 30
    assert playback.advance(t, 100, 0.5, max_iteration=30) == 30
    assert (t.iteration, t.total_iteration) == (30, 20_020)  # past 20,000: the cap is on this run's steps
    assert playback.advance(t, 1, 0.5, max_iteration=30) == 0
    assert tl.cap_notice(t.iteration, 0, False, 30, start=t.start_iteration) == (
        "Already at iteration 20,020: 30 steps since the model was loaded, the most this page trains in one run.")
    assert tl.cap_notice(30, 0, False, 30) == "Already at iteration 30, the most this page trains for."
    assert playback.cap_stop_text(19_990, 30) == (
        "Stopped at iteration 20,020: 30 steps since the model was loaded, the most this app trains in one run.")
    assert playback.cap_stop_text(0, 30) == "Stopped at iteration 30, the most this app trains for."
    assert cap_text(20_020, 19_990).startswith("Iteration 20,020: 30 steps since the model was loaded")
    assert cap_text(20_000).startswith("Iteration 20,000: the most a session trains for.")


def test_play_stops_at_the_cap_with_the_count_shown(moons, start_params):
    t = loaded(moons, start_params, 500, max_iteration=20)
    p = playback.Player()
    p.start(t, 0.5, now=0.0)
    frames = p.chunk(t, 10, lambda seq, before: (seq, before), now=0.0, max_iteration=20)
    assert frames == [(0, 0), (1, 10)]  # the builder gets rows
    assert not p.playing and p.why_stopped == playback.cap_stop_text(500, 20)
    assert "iteration 520:" in p.why_stopped


def test_divergence_names_the_step_as_counted(moons, start_params):
    t = loaded(moons, start_params, 1000)
    t.step(2, 0.5)
    t.step(1, float("inf"))
    assert t.divergence.iteration == 1003 and "at step 1003" in t.divergence.message()


def test_the_saved_file_records_the_total(moons, start_params):
    t = loaded(moons, start_params, 1000)
    t.step(3, 0.5)
    assert saved_iteration(trainer_npz(t)) == 1003
    assert saved_iteration(trainer_npz(t, count_known=False)) is None  # an older file's count stays unknown
    fresh = Trainer(moons, 3, params=start_params)
    fresh.step(3, 0.5)
    assert saved_iteration(trainer_npz(fresh)) == 3


def test_minibatch_history_counts_from_the_start_too(moons, start_params):
    t = loaded(moons, start_params, 250, batch_size=16, batch_seed=1)
    t.step(5, 0.3)
    h = t.history()
    assert list(h["iteration"]) == [250, 251, 252, 253, 254, 255]
    assert list(h["epoch"]) == [0, 1, 1, 1, 1, 1]  # 90 training points, batches of 16: one epoch so far


@pytest.mark.parametrize("start", [1000, 0])
def test_curves_and_stats_index_by_row_and_label_by_count(moons, start_params, start):
    t = loaded(moons, start_params, start)
    t.step(5, 0.5)
    h = t.history()
    fig = tv.curves_figure(h)
    cursor = next(tr for tr in fig["data"] if tr.get("meta") == "cursor_y")
    assert cursor["x"] == [start + 5, start + 5]
    assert cursor["y"][0] == pytest.approx(float(h["train_cost"][5]))  # row 5, not row start + 5
    assert dict(playback.stats_row(h, start + 5, 0.5))["Iteration"] == f"{start + 5:,}"
    assert dict(playback.stats_row(h, start + 2, 0.5))["Train cost J"] == f"{h['train_cost'][2]:.4f}"
    assert tv.run_title("moons", 3, "tanh", h).endswith(f"iterations {start:,} → {start + 5:,} · α = 0.5")
    text = norms_text(h, start + 5, [start, start + 5])
    assert text.startswith(f"At iteration **{start + 5}**: ‖dW1‖ = {h['norm_dW1'][5]:.3g}")
    assert tl.replay_caption(6, start + 5, 200, start).startswith(f"6 frames chosen evenly from 6 recorded "
                                                                   f"snapshots (iterations {start:,} … {start + 5:,})")


def test_replay_frames_are_named_by_count(moons, start_params):
    t = loaded(moons, start_params, 1000)
    t.step(4, 0.5)
    fig = tv.replay_figure(t.snapshots, t.history(), moons, "tanh", resolution=8)
    assert [f["name"] for f in fig["frames"]] == ["1000", "1001", "1002", "1003", "1004"]
    assert fig["layout"]["xaxis3"]["range"] == [1000, 1004]


def _close(a, b):
    for k in a:
        np.testing.assert_allclose(a[k], b[k], **F32)
