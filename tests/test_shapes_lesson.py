"""The Shapes page's lesson functions, without Streamlit: one forward and backward pass per
rerun, the parameter count, the rule sentences and LaTeX, and the four size buttons."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

import shallownet.shapes as shapes
from shallownet.figures.shapes_view import broadcast_latex, keepdims_latex
from shallownet.network import init_params
from shallownet.questions.checks import m_doubles
from shallownet.stepthrough import latex_matrix
from shallownet.ui.settings import DEFAULTS
from shallownet.ui.size_buttons import size_buttons


def run(n_h: int, m: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    X, Y = rng.normal(size=(2, m)), (rng.random((1, m)) > 0.5).astype(float)
    params = init_params(2, n_h, scale=0.5, seed=seed)
    params["b1"] = rng.normal(size=(n_h, 1))
    return params, X, Y


@pytest.mark.parametrize(("n_h", "m"), [(3, 10), (1, 7)])
def test_the_lesson_matches_the_separate_builders_and_counts_the_parameters(n_h, m):
    params, X, Y = run(n_h, m)
    lesson = shapes.shapes_lesson(params, X, Y, "tanh", 0.5)
    alone = shapes.shape_table(params, X, Y, "tanh")
    assert [(r.name, r.shape) for r in lesson.table.rows] == [(r.name, r.shape) for r in alone.rows]
    kd = shapes.keepdims_demo(params, X, Y, "tanh", 0.5)
    for name in ("kept", "flat", "wrong_axis", "updated", "broken"):
        np.testing.assert_array_equal(getattr(lesson.keepdims, name), getattr(kd, name))
    assert lesson.keepdims.next_forward == kd.next_forward
    np.testing.assert_array_equal(lesson.broadcast.Z1, params["W1"] @ X + params["b1"])
    assert lesson.parameter_count == n_h * 2 + n_h + n_h + 1  # W1, b1, W2, b2


def test_the_lesson_runs_forward_and_backward_once(monkeypatch):
    params, X, Y = run(4, 12)
    calls = []
    real = shapes.build_graph
    monkeypatch.setattr(shapes, "build_graph", lambda *a: calls.append(1) or real(*a))
    lesson = shapes.shapes_lesson(params, X, Y, "relu", 1.2)
    assert len(calls) == 1
    m_doubles(params, X, Y, "relu", now=lesson.table)
    assert len(calls) == 2  # only the table on twice the examples is new


@pytest.mark.parametrize("n_h", [2, 5])
def test_m_doubles_from_a_given_table_asks_the_same_question(n_h):
    params, X, Y = run(n_h, 9)
    table = shapes.shape_table(params, X, Y, "tanh")
    assert m_doubles(params, X, Y, "tanh", now=table) == m_doubles(params, X, Y, "tanh")


@pytest.mark.parametrize(("n_h", "m"), [(3, 10), (2, 6)])
def test_the_rule_sentences_quote_this_runs_shapes(n_h, m):
    params, X, Y = run(n_h, m)
    lesson = shapes.shapes_lesson(params, X, Y, "tanh", 0.25)
    text = shapes.broadcast_text(lesson.broadcast)
    assert f"W1 X has shape **({n_h}, {m})** but b1 has shape **({n_h}, 1)**" in text
    assert f"all {m} columns" in text and "**0**." in text  # b1 went into every column exactly
    said = shapes.keepdims_text(lesson.keepdims)
    assert f"a **({n_h}, {n_h}) matrix**" in said and "α = 0.25:" in said
    assert shapes.zero_bias_note(lesson.broadcast, 7) is None
    params["b1"] = np.zeros((n_h, 1))
    zero = shapes.shapes_lesson(params, X, Y, "tanh", 0.25).broadcast
    assert shapes.zero_bias_note(zero, 7).startswith("At iteration 7 b1 is still all zero")


@pytest.mark.parametrize(("n_h", "m"), [(3, 10), (2, 3)])
def test_the_rule_latex_holds_the_real_matrices(n_h, m):
    params, X, Y = run(n_h, m)
    lesson = shapes.shapes_lesson(params, X, Y, "tanh", 1.0)
    bd, kd = lesson.broadcast, lesson.keepdims
    tex = broadcast_latex(bd, 4)
    assert latex_matrix(bd.W1X, digits=2, max_cols=4) in tex and latex_matrix(bd.b1, digits=2) in tex
    assert rf"_{{({n_h},\,{m})}}" in tex and rf"_{{({n_h},\,1)}}" in tex
    tex = keepdims_latex(kd)
    assert latex_matrix(kd.updated) in tex and latex_matrix(kd.broken) in tex
    assert rf"_{{({n_h},\,{n_h})}}" in tex


def test_size_buttons_step_within_the_ranges():
    buttons = {b.key: b for b in size_buttons(replace(DEFAULTS, n_h=1, n_samples=30), uploaded=False)}
    assert (buttons["shapes.nh_down"].value, buttons["shapes.nh_down"].disabled) == (1, True)
    assert (buttons["shapes.nh_up"].value, buttons["shapes.nh_up"].disabled) == (2, False)
    assert buttons["shapes.m_down"].value == 20  # 15 is off the slider's grid of 10, and below 20
    assert (buttons["shapes.m_up"].name, buttons["shapes.m_up"].value) == ("n_samples", 60)
    buttons = {b.key: b for b in size_buttons(replace(DEFAULTS, n_h=50, n_samples=2000), uploaded=True)}
    assert buttons["shapes.nh_up"].disabled and buttons["shapes.nh_up"].value == 50
    assert buttons["shapes.nh_down"].value == 49
    assert buttons["shapes.m_up"].value == 2000 and buttons["shapes.m_up"].disabled
    assert buttons["shapes.m_down"].value == 1000 and buttons["shapes.m_down"].disabled  # fixed by an upload
