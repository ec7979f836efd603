"""The Training page's texts and choices (shallownet.training_lesson), without Streamlit."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from shallownet import training_lesson as tl
from shallownet.datasets import make_dataset
from shallownet.network import forward
from shallownet.training import Divergence, Trainer


@pytest.mark.parametrize("cap", [100, 50_000])
def test_cap_notice_only_when_a_step_did_nothing_at_the_cap(cap):
    assert tl.cap_notice(cap, 0, False, cap) == f"Already at iteration {cap:,}, the most this page trains for."
    assert tl.cap_notice(cap, 0, True, cap) == ""  # divergence stopped it: the red box says so
    assert tl.cap_notice(cap - 1, 0, False, cap) == ""
    assert tl.cap_notice(cap, 3, False, cap) == ""


@pytest.mark.parametrize(("iteration", "target", "said"), [
    (1000, 1000, "Already at iteration 1,000 (≥ 1,000); reset to train from the start."),
    (2500, 300, "Already at iteration 2,500 (≥ 300); reset to train from the start."),
    (10, 11, ""),
])
def test_target_notice(iteration, target, said):
    assert tl.target_notice(iteration, target) == said


def test_no_divergence_notice_lists_the_rates_and_steps():
    assert tl.no_divergence_notice((3.0, 10.0), 300).startswith("None of α = 3, 10 diverges within 300 steps")
    assert "α = 0.5, 100 diverges within 20 steps" in tl.no_divergence_notice((0.5, 100.0), 20)


def test_cost_path_names_the_first_costs_and_the_step_that_diverged():
    assert tl.cost_path(np.array([0.693, 0.5, 0.25]), None) == "0.693 → 0.5 → 0.25"
    long = tl.cost_path(np.arange(1.0, 9.0), Divergence(9, "cost is inf", 30.0))
    assert long == "1 → 2 → 3 → 4 → 5 → 6 → …, then step 9 diverged (cost is inf)"


@pytest.mark.parametrize("lr", [3.0, 30.0])
def test_demo_text_names_alpha_the_rates_and_the_path(lr):
    text = tl.demo_text(lr, (3.0, 10.0, 30.0), np.array([0.7, 2.0]), Divergence(2, "cost is nan", lr))
    assert text.startswith(f"**α = {lr:g}, from iteration 0:** the smallest of α = 3, 10, 30 that diverges")
    assert "J went 0.7 → 2, then step 2 diverged (cost is nan)." in text


@pytest.mark.parametrize("value", [(("moons", 200), 4, "tanh"), (1.5, "relu")])
def test_digest_and_epoch(value):
    expected = hashlib.blake2b(repr(value).encode(), digest_size=8).hexdigest()
    assert tl.digest(value) == expected and len(expected) == 16
    assert tl.epoch(value, 7) == f"{expected}.7"
    assert tl.digest(value + (1,)) != expected


@pytest.mark.parametrize(("name", "n_h", "g", "stem"), [
    ("upload:x.csv", 4, "tanh", "shallownet-upload-x.csv-h4-tanh"),
    (":::", 8, "relu", "shallownet-data-h8-relu"),
])
def test_file_stem(name, n_h, g, stem):
    assert tl.file_stem(name, n_h, g) == stem


@pytest.mark.parametrize(("snaps", "iteration", "frames"), [(12, 110, 12), (500, 12_000, 200)])
def test_replay_caption(snaps, iteration, frames):
    assert tl.replay_caption(snaps, iteration, 200).startswith(
        f"{frames} frames chosen evenly from {snaps} recorded snapshots (iterations 0 … {iteration:,}).")


@pytest.mark.parametrize(("scale", "g"), [(0.01, "tanh"), (1.0, "sigmoid")])
def test_start_spread_is_measured_at_iteration_0_even_after_training(scale, g):
    d = make_dataset("moons", 200, 0.2, 0, 0.25)
    t = Trainer(d, 4, g, init_scale=scale, init_seed=1)
    A2, _ = forward(t.params, d.X_train, g)
    expected = float(np.max(np.abs(A2 - 0.5)))
    assert tl.start_spread(t, d.X_train, g) == pytest.approx(expected)
    t.step(50, 1.0)
    assert tl.start_spread(t, d.X_train, g) == pytest.approx(expected)


def test_paused_notices_at_the_start_of_a_small_init():
    d = make_dataset("moons", 200, 0.2, 0, 0.25)
    small = Trainer(d, 4, "tanh", init_scale=0.01, init_seed=0)
    texts = tl.paused_notices(small, d.X_train, "tanh", None)
    assert texts and all(texts)  # J = ln 2 and every output ≈ 0.5: the start is worth a note
    large = Trainer(d, 4, "tanh", init_scale=3.0, init_seed=0)
    assert all(tl.paused_notices(large, d.X_train, "tanh", None))  # never an empty note
