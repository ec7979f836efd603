"""The Training page's step logic and its file exports, without Streamlit."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

from shallownet import playback
from shallownet.datasets import make_dataset
from shallownet.export import HISTORY_COLUMNS, history_csv, trainer_npz
from shallownet.model_io import params_from_npz
from shallownet.network import backward, forward, predict
from shallownet.training import Trainer


@pytest.fixture(scope="module")
def moons():
    return make_dataset("moons", 200, 0.2, 0, 0.25)


def diverging_trainer():
    """blobs, ReLU, init scale 10, α = 10: diverges at step 3 (exploding weights)."""
    return Trainer(make_dataset("blobs", 200, 0.2, 0, 0.25), 4, "relu", init_scale=10.0)


# -- stepping -----------------------------------------------------------------
def test_advance_takes_exactly_the_steps_asked(moons):
    t = Trainer(moons, 4)
    assert playback.advance(t, 1, 1.2) == 1 and t.iteration == 1
    assert playback.advance(t, 10, 1.2) == 10 and t.iteration == 11
    assert playback.advance(t, 100, 1.2) == 100 and t.iteration == 111


def test_advance_stops_at_the_cap(moons):
    t = Trainer(moons, 4)
    assert playback.advance(t, 100, 1.2, max_iteration=30) == 30
    assert playback.advance(t, 5, 1.2, max_iteration=30) == 0
    assert t.iteration == 30


def test_steps_to_a_target(moons):
    t = Trainer(moons, 4)
    t.step(40, 1.2)
    assert playback.steps_to(t, 100) == 60
    assert playback.steps_to(t, 10) == 0  # already past: nothing, never backwards
    assert playback.steps_to(t, 10**9, max_iteration=500) == 460


def frames_of(trainer):
    """A frame builder that records what the trainer held when each frame was made."""
    return lambda seq, before: {"seq": seq, "before": before, "iteration": trainer.iteration}


def test_player_trains_ahead_in_chunks_and_bounds_the_frames_in_flight(moons):
    t, p = Trainer(moons, 4), playback.Player()
    p.start(t, 1.2, now=0.0)
    first = p.chunk(t, 10, frames_of(t), now=0.0)
    assert [f["seq"] for f in first] == list(range(playback.CHUNK_FRAMES))
    assert [f["iteration"] for f in first] == [10 * (k + 1) for k in range(playback.CHUNK_FRAMES)]
    assert first[1]["before"] == 10 and t.iteration == 10 * playback.CHUNK_FRAMES
    more = [f for k in range(1, 6) for f in p.chunk(t, 10, frames_of(t), now=0.1 * k)]
    assert len(first) + len(more) == playback.MAX_AHEAD  # nothing reported shown: the cap holds
    assert p.chunk(t, 10, frames_of(t), now=0.7) == []
    p.report(12, now=1.3)  # the browser shows frame 12: 13 frames left the flight
    assert len(p.chunk(t, 10, frames_of(t), now=1.3)) == min(playback.CHUNK_FRAMES, 13)


def test_pause_goes_back_to_the_frame_on_screen_exactly(moons):
    t, p = Trainer(moons, 4), playback.Player()
    p.start(t, 1.2, now=0.0)
    p.chunk(t, 10, frames_of(t), now=0.0)
    p.report(2, now=0.3)
    p.stop(t, now=0.4, shown_seq=6)  # Pause while frame 6 (iteration 70) is on screen
    assert not p.playing and t.iteration == 70
    # the same as never having trained ahead: a fresh run of 70 steps, bit for bit
    fresh = Trainer(moons, 4)
    fresh.step(70, 1.2)
    for name, value in fresh.params.items():
        np.testing.assert_array_equal(t.params[name], value)
    np.testing.assert_array_equal(t.history()["train_cost"], fresh.history()["train_cost"])
    assert max(s.iteration for s in t.snapshots) == 70
    t.step(5, 1.2)  # and training goes on from there as if nothing had happened
    fresh.step(5, 1.2)
    np.testing.assert_array_equal(t.params["W1"], fresh.params["W1"])


def test_a_pause_from_elsewhere_uses_the_frame_that_must_be_on_screen(moons):
    t, p = Trainer(moons, 4), playback.Player()
    p.start(t, 1.2, now=10.0)
    p.chunk(t, 10, frames_of(t), now=10.0)
    p.report(1, now=10.0)
    assert p.estimated_shown(10.35) == 1 + int(0.35 * playback.FPS)
    assert p.estimated_shown(99.0) == playback.CHUNK_FRAMES - 1  # never past the last frame sent
    p.stop(t, now=10.35)  # e.g. Step pressed while playing
    # the reply reaches the browser REPLY_LEAD_S later: the frame it will show then
    assert t.iteration == 10 * (1 + int((0.35 + playback.REPLY_LEAD_S) * playback.FPS) + 1)


def test_a_new_learning_rate_while_playing_goes_on_from_the_frame_on_screen(moons):
    t, p = Trainer(moons, 4), playback.Player()
    p.start(t, 1.2, now=0.0)
    p.chunk(t, 10, frames_of(t), now=0.0)
    generation = p.generation
    p.report(3, now=0.0)
    p.retarget(t, 0.3, now=0.0)
    back_to = 3 + int(playback.REPLY_LEAD_S * playback.FPS)  # the frame on screen when the reply arrives
    assert p.playing and p.generation > generation and t.iteration == 10 * (back_to + 1)
    p.chunk(t, 10, frames_of(t), now=0.0)
    rates = t.history()["learning_rate"]
    k = 10 * (back_to + 1)
    assert set(rates[1:k + 1]) == {1.2} and set(rates[k + 1:]) == {0.3}


def test_play_stops_on_divergence_and_keeps_the_last_finite_state():
    t, p = diverging_trainer(), playback.Player()
    p.start(t, 10.0, now=0.0)
    frames = p.chunk(t, 50, frames_of(t), now=0.0)
    assert not p.playing and t.divergence is not None
    assert "learning rate" in p.why_stopped and "α = 10" in p.why_stopped
    assert frames and frames[-1]["iteration"] == t.iteration == t.divergence.iteration - 1
    assert all(np.isfinite(v).all() for v in t.params.values())
    assert all(np.isfinite(v).all() for v in t.history().values())
    assert p.chunk(t, 5, frames_of(t), now=0.0) == []


def test_play_stops_at_the_cap(moons):
    t, p = Trainer(moons, 4), playback.Player()
    p.start(t, 1.2, now=0.0)
    frames = p.chunk(t, 50, frames_of(t), now=0.0, max_iteration=120)
    assert [f["iteration"] for f in frames] == [50, 100, 120]
    assert not p.playing and "120" in p.why_stopped


def test_rewind_refuses_a_state_from_the_future(moons):
    t = Trainer(moons, 4)
    t.step(5, 1.2)
    later = (t.iteration + 1, t.checkpoint()[1])
    with pytest.raises(ValueError):
        t.rewind(later)


def test_the_numbers_strip_and_the_update_table_read_the_arrays(moons):
    t = Trainer(moons, 3)
    t.step(7, 0.5)
    h = t.history()
    stats = dict(playback.stats_row(h, 7, 0.5))
    assert stats["Iteration"] == "7" and stats["Train cost J"] == f"{h['train_cost'][7]:.4f}"
    assert stats["Learning rate α"] == "0.5"
    table = playback.update_table(t.params, t.grads, 0.5, 7)
    assert "7 → 8" in table["title"]
    assert [r[1] for r in table["rows"]] == ["3 × 2", "3 × 1", "1 × 3", "1 × 1"]
    assert table["rows"][0][2] == f"{np.linalg.norm(t.grads['dW1']):.3g}"


def test_changing_the_learning_rate_continues_from_the_current_parameters(moons):
    t = Trainer(moons, 4)
    playback.advance(t, 10, 1.2)
    before = t.params
    playback.advance(t, 1, 0.5)
    grads = backward(before, forward(before, moons.X_train, "tanh")[1], moons.X_train, moons.Y_train, "tanh")
    assert t.iteration == 11
    for name, value in t.params.items():  # float32 trainer vs float64 reference
        np.testing.assert_allclose(value, before[name] - 0.5 * grads["d" + name], atol=1e-5)


# -- the update rule and hints ----------------------------------------------------
def test_update_rule_numbers_are_the_norms_of_the_arrays(moons):
    t = Trainer(moons, 3)
    t.step(5, 1.2)
    rows = playback.update_rule(t.params, t.grads, 0.7)
    assert [r.name for r in rows] == ["W1", "b1", "W2", "b2"]
    for r in rows:
        P, dP = t.params[r.name], t.grads["d" + r.name]
        assert r.shape == P.shape
        assert r.norm_param == pytest.approx(np.sqrt((P**2).sum()))
        assert r.norm_grad == pytest.approx(np.sqrt((dP**2).sum()))
        assert r.step == pytest.approx(np.linalg.norm(0.7 * dP))
        assert r.relative_step == pytest.approx(r.step / r.norm_param)


def test_update_rule_at_the_all_zero_start_has_zero_relative_step(moons):
    t = Trainer(moons, 3, init_scale=0.0)
    rows = playback.update_rule(t.params, t.grads, 1.2)
    assert rows[0].norm_param == 0 and rows[0].relative_step == 0


def hist(cost, rates=None):
    cost = np.asarray(cost, dtype=float)
    rates = np.full(len(cost), 1.0) if rates is None else np.asarray(rates, dtype=float)
    rates[0] = 0.0  # no step into iteration 0
    return {"train_cost": cost, "learning_rate": rates}


def test_rising_cost_hint_is_quiet_while_the_cost_falls():
    assert playback.rising_cost_hint(hist(np.linspace(0.7, 0.2, 60))) == ""
    assert playback.rising_cost_hint(hist([0.7, 0.8])) == ""  # too few steps to tell


def test_rising_cost_hint_names_the_learning_rate_of_the_steps():
    cost = np.concatenate([np.linspace(0.7, 0.2, 60), np.linspace(0.2, 0.9, 30)])
    hint = playback.rising_cost_hint(hist(cost, np.full(len(cost), 9.0)))
    assert "went up over the last 50 steps" in hint and "α = 9" in hint and "smaller" in hint
    assert "nan" not in hint.lower()


def test_rising_cost_hint_sees_oscillation_and_a_cost_stuck_above_the_start():
    zigzag = 0.5 + 0.1 * (np.arange(80) % 2)  # a two-cycle: up every other step
    assert "went up in" in playback.rising_cost_hint(hist(zigzag, np.full(80, 10.0)))
    stuck = np.concatenate([[0.69], np.linspace(1.2, 1.04, 10), np.full(60, 1.04)])  # dead ReLUs
    assert "higher than at the start" in playback.rising_cost_hint(hist(stuck, np.full(71, 10.0)))


def test_rising_cost_hint_only_judges_the_steps_of_the_current_alpha():
    # the cost rose under α = 10; after switching to α = 0.1 it falls again: no blame on 0.1
    cost = np.concatenate([np.linspace(0.7, 0.3, 20), np.linspace(0.3, 0.6, 20), np.linspace(0.6, 0.5, 30)])
    rates = np.concatenate([np.full(20, 1.0), np.full(20, 10.0), np.full(30, 0.1)])
    assert playback.rising_cost_hint(hist(cost, rates)) == ""


# -- exports -------------------------------------------------------------------
def test_history_csv_has_one_row_per_iteration_and_reads_back(moons):
    t = Trainer(moons, 4)
    t.step(25, 1.2)
    t.step(5, 0.3)
    text = history_csv(t.history())
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == HISTORY_COLUMNS
    assert len(rows) == t.iteration + 1 == 31
    h = t.history()
    assert [int(r["iteration"]) for r in rows] == list(range(31))
    assert float(rows[30]["learning_rate"]) == 0.3 and float(rows[1]["learning_rate"]) == 1.2
    np.testing.assert_allclose([float(r["train_cost"]) for r in rows], h["train_cost"], rtol=1e-9)
    np.testing.assert_allclose([float(r["norm_dW1"]) for r in rows], h["norm_dW1"], rtol=1e-9)


def test_history_csv_writes_non_finite_values_as_empty_cells():
    h = {name: np.array([0.5, np.nan]) for name in HISTORY_COLUMNS}
    h["iteration"] = np.arange(2)
    text = history_csv(h)
    assert "nan" not in text.lower() and text.splitlines()[2].startswith("1,,")


def test_history_csv_rejects_ragged_columns():
    h = {name: np.zeros(3) for name in HISTORY_COLUMNS}
    h["train_acc"] = np.zeros(2)
    with pytest.raises(ValueError):
        history_csv(h)


def test_npz_export_reloads_without_pickles_into_the_same_predictions(moons):
    t = Trainer(moons, 5, "relu")
    t.step(200, 0.5)
    blob = trainer_npz(t)
    with np.load(io.BytesIO(blob), allow_pickle=False) as npz:
        assert {"W1", "b1", "W2", "b2"} <= set(npz.files)
        assert int(npz["iteration"]) == 200 and str(npz["activation"]) == "relu"
    params, activation = params_from_npz(blob, n_x=2, n_h=5)
    assert activation == "relu"
    for name, value in t.params.items():
        np.testing.assert_array_equal(params[name], value)
    np.testing.assert_array_equal(predict(params, moons.X, activation), predict(t.params, moons.X, "relu"))


def test_a_frame_reads_only_its_own_iterations_and_gets_the_same_numbers(moons):
    from shallownet.figures import training_view as tv

    t = Trainer(moons, 4)
    t.step(40, 1.2)
    whole, part = t.history(), t.history(start=30)
    for name, values in whole.items():
        np.testing.assert_array_equal(part[name], values[30:])
    assert playback.stats_row(part, 40, 1.2) == playback.stats_row(whole, 40, 1.2)
    index = tv.trace_index(tv.curves_figure(whole))
    assert tv.curves_patch(part, 30, 40, index) == tv.curves_patch(whole, 30, 40, index)
