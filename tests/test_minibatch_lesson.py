"""The Mini-batch page's runs, texts and figures (shallownet.minibatch, minibatch_lesson,
figures.minibatch_view), at two settings that give different numbers and texts."""

from __future__ import annotations

import math

import numpy as np
import pytest

from shallownet import minibatch_lesson as lesson
from shallownet.datasets import make_dataset
from shallownet.figures import minibatch_view as mbv
from shallownet.minibatch import batch_label, compare_batch_sizes, landscape_paths, max_epochs, steps_per_epoch
from shallownet.network import compute_cost, forward, init_params, train_reference
from tests.figure_check import validated

# two settings: moons with 300 training examples (no collapse), XOR with 45 (b = 64 ≥ m: full batch)
SETTINGS = {
    "moons": dict(data=("moons", 400), n_h=4, activation="tanh", init_scale=0.5, lr=0.5, epochs=3),
    "xor": dict(data=("xor", 60), n_h=3, activation="relu", init_scale=1.0, lr=0.3, epochs=4),
}


def runs_at(s: dict):
    """(data, the four runs) at one entry of a SETTINGS table."""
    data = make_dataset(s["data"][0], s["data"][1], seed=0)
    return data, compare_batch_sizes(data, s["epochs"], n_h=s["n_h"], activation=s["activation"],
                                     init_scale=s["init_scale"], init_seed=0, learning_rate=s["lr"])


@pytest.fixture(scope="module", params=sorted(SETTINGS))
def case(request):
    s = SETTINGS[request.param]
    return request.param, s, *runs_at(s)


def test_runs_share_the_start_and_the_epochs_and_match_the_reference(case):
    name, s, data, runs = case
    m = data.X_train.shape[1]
    p0 = init_params(2, s["n_h"], scale=s["init_scale"], seed=0)
    for r in runs:
        assert r.divergence is None
        assert r.epochs.tolist() == list(range(s["epochs"] + 1))
        assert r.steps == s["epochs"] * -(-m // r.batch_size) if 0 < r.batch_size < m else r.steps == s["epochs"]
        for k in p0:
            # the same start (the trainer holds it in float32)
            np.testing.assert_array_equal(r.snapshots[0][1][k], p0[k].astype(np.float32).astype(float))
        ref = train_reference(p0, data.X_train, data.Y_train, s["activation"], s["lr"], s["epochs"],
                              r.batch_size, seed=0)
        for k in p0:
            np.testing.assert_allclose(r.params[k], ref[k], rtol=2e-3, atol=2e-4)
        # the per-epoch cost is the whole training set's, computed independently from the parameters
        assert r.epoch_cost[-1] == pytest.approx(compute_cost(forward(ref, data.X_train, s["activation"])[0],
                                                              data.Y_train), rel=2e-3, abs=1e-5)


def test_steps_text_and_collapse_at_both_settings(case):
    name, s, data, runs = case
    m = data.X_train.shape[1]
    text = lesson.steps_text(runs, m)
    for r in runs:
        n = 1 if r.batch_size == 0 or r.batch_size >= m else math.ceil(m / r.batch_size)
        assert f"{batch_label(r.batch_size, m)}: {n:,} step" in text
    collapse = lesson.collapse_text(runs, m)
    if name == "xor":  # 45 training examples: b = 64 is the whole set
        assert m == 45 and "b = 64 is full batch" in collapse and "only 45 examples" in collapse
        assert runs[1].full_batch and runs[1].examples == 45
        np.testing.assert_array_equal(runs[1].params["W1"], runs[0].params["W1"])  # bit for bit
    else:
        assert collapse == ""


def test_outcome_names_the_run_with_the_lowest_final_cost(case):
    name, s, data, runs = case
    text = lesson.outcome_text(runs)
    best = min(runs, key=lambda r: r.epoch_cost[-1])
    assert text.startswith(f"After {s['epochs']} epochs the lowest cost on the whole training set is "
                           f"{batch_label(best.batch_size)}'s, J = {best.epoch_cost[-1]:.3g}")


def test_noise_text_quotes_the_last_epochs_batch_costs(case):
    name, s, data, runs = case
    text = lesson.noise_text(runs)
    for r in runs:
        if r.full_batch:
            assert f"{batch_label(r.batch_size)} from" not in text
            continue
        m = data.X_train.shape[1]
        last = r.batch_cost[-steps_per_epoch(m, r.batch_size):]  # every step kept at these sizes
        assert f"{batch_label(r.batch_size)} from {last.min():.3g} to {last.max():.3g}" in text


def test_timing_text_and_table_quote_the_measured_times(case):
    name, s, data, runs = case
    text, table = lesson.timing_text(runs), lesson.runs_table(runs, data.X_train.shape[1])
    assert "measured on this server" in text and "varies" in text
    for r in runs:
        ms = f"{r.seconds / r.epochs[-1] * 1000:.3g} ms"
        assert ms in text and ms in table
    assert len(table.splitlines()) == 2 + len(runs)


def test_equations_use_one_over_b_and_the_batch_shapes(case):
    name, s, data, runs = case
    m = data.X_train.shape[1]
    for b in (64, 8):
        trace = lesson.first_batch_trace(runs[0].snapshots[0][1], data.X_train, data.Y_train, s["activation"], b, 0)
        cols = min(b, m)
        eqs = lesson.batch_equations(trace)
        assert any(r"\frac{1}{b}" in e for e in eqs) and not any(r"\frac{1}{m}" in e for e in eqs)
        assert rf"\underbrace{{X^{{\{{t\}}}}}}_{{2\times {cols}}}" in eqs[0]
        assert rf"_{{{s['n_h']}\times {cols}}}" in eqs[0]  # Z1 (n_h, b)
        note = lesson.equations_note(b, m, 2)
        if b >= m:
            assert f"b ≥ m_train = {m}" in note
        else:
            assert f"is (2, {b})" in note and f"divided by {b}" in note
            last = m % b
            assert (f"holds the {last} examples left over" in note) == bool(last)


def test_scheme_caption_says_which_descent_runs():
    assert lesson.scheme_caption(0, 300).startswith("full-batch gradient descent on the 300")
    assert "38 steps of b = 8" in lesson.scheme_caption(8, 300)
    assert "so this is full-batch" in lesson.scheme_caption(64, 45)


def test_max_epochs_keeps_b1_within_the_iteration_cap():
    assert max_epochs(300) == 30
    assert max_epochs(1800) * 1800 <= 20_000
    assert lesson.epochs_note(5, 30) == "" and "13 are run" in lesson.epochs_note(20, 13)


def test_figures_validate_and_draw_every_run(case):
    name, s, data, runs = case
    m = data.X_train.shape[1]
    noise = validated(mbv.noise_figure(runs, m))
    titles = [a.text for a in noise.layout.annotations]
    assert titles == [batch_label(r.batch_size, m) for r in runs]
    assert sum(1 for t in noise.data if t.name == "cost of each step's batch") == sum(not r.full_batch for r in runs)
    for x in ("epoch", "step"):
        fig = validated(mbv.epoch_figure(runs, m, x))
        assert [t.name for t in fig.data] == [batch_label(r.batch_size, m) for r in runs]
    assert validated(mbv.epoch_figure(runs, m, "step")).layout.xaxis.type == "log"
    bounds = validated(mbv.boundaries_figure(runs, data, m))
    assert sum(1 for t in bounds.data if t.type == "heatmap") == len(runs)


def test_landscape_paths_hand_over_each_runs_snapshots(case):
    name, s, data, runs = case
    paths = landscape_paths(runs)
    assert list(paths) == [batch_label(r.batch_size) for r in runs]
    for r, path in zip(runs, paths.values(), strict=True):
        assert path[0][0] == 0 and path[-1][0] == r.steps
        assert set(path[-1][1]) == {"W1", "b1", "W2", "b2"}
        np.testing.assert_array_equal(path[-1][1]["W1"], r.params["W1"])


def _hist(cost, mini: bool):
    n = len(cost)
    ends = np.ones(n, bool) if not mini else (np.arange(n) % 5 == 0)
    return {"train_cost": np.asarray(cost, float), "learning_rate": np.r_[0.0, np.full(n - 1, 1.2)],
            "epoch_end": ends, "batch_examples": np.r_[0, np.full(n - 1, 8 if mini else 300)]}


def test_rising_cost_hint_knows_mini_batch_steps_may_rise():
    from shallownet.playback import rising_cost_hint

    zigzag = 0.5 + 0.05 * (np.arange(60) % 2) - np.linspace(0, 0.1, 60)  # up every other step, falling overall
    assert "lowers it at every step" in rising_cost_hint(_hist(zigzag, mini=False))
    assert rising_cost_hint(_hist(zigzag, mini=True)) == ""  # noise of mini-batches, not a too-large α
    rising = np.r_[np.linspace(0.7, 0.3, 10), np.linspace(0.3, 0.45, 50)]
    text = rising_cost_hint(_hist(rising, mini=True))
    assert "the last step used 8 examples" in text and "lowers it at every step" not in text
    assert "from 0.3" in text and "to 0.45" in text


def test_norms_note_only_for_mini_batches():
    assert lesson.norms_note(0, 300) == "" and lesson.norms_note(500, 300) == ""
    assert "b = 8" in lesson.norms_note(8, 300) and "all 300 training examples" in lesson.norms_note(8, 300)
    assert "b = 1:" in lesson.norms_note(1, 45) and "all 45" in lesson.norms_note(1, 45)


@pytest.mark.parametrize(("m", "b", "n", "said"), [(300, 8, 38, "300 = 37·8 + 4"), (240, 8, 30, "240 = 30·8"),
                                                    (45, 64, 1, "one batch: the whole set")])
def test_steps_question_is_answered_from_m(m, b, n, said):
    from shallownet.questions import check

    q = lesson.steps_question(m, b)
    assert q.expected == n and said in q.answer and f"b = 1 takes {m}" in q.answer
    assert check(q, str(n))[0] and not check(q, str(n + 1))[0]


def test_a_diverging_run_is_named_and_its_cost_dated():
    data = make_dataset("moons", 400, seed=0)
    runs = compare_batch_sizes(data, 3, n_h=8, activation="tanh", init_scale=10.0, init_seed=0, learning_rate=100.0)
    stopped = [r for r in runs if r.divergence]
    assert stopped  # α = 100 from a large start: at least the small batches blow up
    text, table = lesson.outcome_text(runs), lesson.runs_table(runs, 300)
    for r in stopped:
        assert f"{batch_label(r.batch_size)} stopped: Training diverged at step" in text
        assert f"(end of epoch {int(r.epochs[-1])}; diverged after)" in table
        assert (r.batch_cost >= 0).all()
