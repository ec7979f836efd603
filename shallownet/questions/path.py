"""Questions for the pages of the path around training: Home, Data, Training, Experiments.

Each function builds a :class:`~shallownet.questions.Question` from the live arrays and
settings: the expected answer is computed (by the engine, never typed), and the answer text
shows the numbers it came from.
"""

from __future__ import annotations

from math import log

import numpy as np

from ..datasets import stratified_split
from . import Question


def parameter_count(n_x: int, n_h: int) -> int:
    """Entries of W1 (n_h, n_x), b1 (n_h, 1), W2 (1, n_h) and b2 (1, 1)."""
    return n_h * n_x + n_h + n_h + 1


def count_parameters(params: dict) -> Question:
    """How many numbers does gradient descent adjust? (read from the arrays' shapes)"""
    shapes = {k: tuple(np.shape(params[k])) for k in ("W1", "b1", "W2", "b2")}
    total = sum(int(np.prod(s)) for s in shapes.values())
    n_h, n_x = shapes["W1"]
    parts = " + ".join(f"{int(np.prod(s))} ({k}: {s[0]} × {s[1]})" for k, s in shapes.items())
    return Question(
        "path.params",
        f"The network has n_x = {n_x} inputs and n_h = {n_h} hidden units. How many numbers (parameters) "
        "does one step of gradient descent update?",
        f"**{total}** = {parts}. Each of them gets its own gradient and moves by α times it.",
        kind="number", expected=float(total))


def first_output(A2: np.ndarray, init_scale: float) -> Question:
    """What does the untrained network say? A2 (1, m) at iteration 0."""
    mean, spread = float(np.mean(A2)), float(np.max(np.abs(A2 - 0.5)))
    return Question(
        "path.first_output",
        f"Before any training (init scale {init_scale:g}), what probability ŷ = A2 does the network give "
        "a typical training point, on average? Type a number between 0 and 1.",
        f"**{mean:.3f}** on average over the training points (every A2 lies within {spread:.2g} of 0.5). "
        + ("Small weights make Z2 ≈ 0, and σ(0) = 0.5: the network says “50 %” for everyone."
           if spread < 0.01 else "At this init scale the weights are not small, so the outputs already vary."),
        kind="number", expected=round(mean, 3), tolerance=0.02)


def initial_cost(J0: float, spread: float, start: int = 0) -> Question:
    """J at the run's first iteration, from the history; ln 2 when every output ≈ 0.5. ``start``: that
    iteration, 0 or the count of a model loaded from a file (then the question is about the loaded model)."""
    note = (f"It is ln 2 = {log(2):.4f}: every output is within {spread:.2g} of 0.5, so each example's "
            "loss is −ln 0.5 = ln 2." if abs(J0 - log(2)) < 0.005 else
            "It is not ln 2 here: at this init the outputs are not all near 0.5." if not start else
            "It is not ln 2: the loaded model's outputs are not all near 0.5.")
    if start:
        return Question(
            "path.initial_cost",
            f"This run starts from a model loaded from a file, at iteration {start:,}. What is its cost J there, "
            "before the first step here?",
            f"**J = {J0:.4f}** at iteration {start:,} (read from this run's history). {note}",
            kind="number", expected=round(J0, 4), tolerance=0.01)
    return Question(
        "path.initial_cost",
        "What will the cost J be at iteration 0, before the first step? (Hint: what does the untrained "
        "network output?)",
        f"**J = {J0:.4f}** at iteration 0 (read from this run's history). {note}",
        kind="number", expected=round(J0, 4), tolerance=0.01)


def x_shape(X: np.ndarray) -> Question:
    n_x, m = X.shape
    return Question(
        "path.x_shape", "What shape does X_train have (rows, columns)?",
        f"**({n_x}, {m})**: one row per feature (n_x = {n_x}) and one column per training example "
        f"(m = {m}). Example x⁽¹⁾ is column 0, X_train[:, 0].",
        kind="shape", expected=(n_x, m))


def y_columns_at(Y_all: np.ndarray, fraction: float, now_fraction: float, now_m: int) -> Question:
    """Columns of Y_train if the test fraction became ``fraction`` (computed by the split itself)."""
    train, test = stratified_split(np.asarray(Y_all).ravel(), fraction)
    m = len(train)
    return Question(
        "path.y_columns",
        f"Y_train has {now_m} columns at test fraction {now_fraction:g}. How many columns will it have if "
        f"the test fraction goes to {fraction:g}?",
        f"**{m}**: {len(train) + len(test)} examples, round({fraction:g} × {len(train) + len(test)}) = "
        f"{len(test)} held out for testing, the other {m} for training. Y_train has one column per "
        "training example; its one row does not change.",
        kind="number", expected=float(m))


def diverging_rate(found: tuple[float, int] | None, rates, steps: int, current: float) -> Question:
    """Which of ``rates`` is the smallest that diverges from this start (measured)?"""
    options = tuple(f"α = {r:g}" for r in sorted(rates)) + ("none of these",)
    if found is None:
        expected, text = "none of these", (f"**None of them** diverges within {steps} steps from this start "
                                           "(each was tried).")
    else:
        expected = f"α = {found[0]:g}"
        text = (f"**{expected}** is the smallest of these that diverges from this start: it blew up at step "
                f"{found[1]} (each rate was tried for up to {steps} steps; the smaller ones did not diverge). "
                "Too large a step overshoots the valley, lands higher up the other side, and each step "
                "overshoots more.")
    return Question(
        "path.diverge",
        f"The current learning rate is α = {current:g}. Which is the smallest of these that makes training "
        "diverge from the initial parameters?", text, kind="choice", expected=expected, options=options)


def baseline_vs_network(base_acc: float, net_acc: float, n_h: int) -> Question:
    gap = net_acc - base_acc
    options = ("the straight line", "the network", "about the same (within 5 points)")
    expected = options[2] if abs(gap) < 0.05 else options[1] if gap > 0 else options[0]
    return Question(
        "path.baseline",
        f"On the test points of this data, who wins: a straight line (logistic regression) or the network "
        f"with n_h = {n_h} hidden units?",
        f"**{expected.capitalize()}**: test accuracy {100 * base_acc:.0f} % for the line, "
        f"{100 * net_acc:.0f} % for the network ({100 * gap:+.0f} points).",
        kind="choice", expected=expected, options=options)


def largest_in_sweep(n_x: int, sizes) -> Question:
    n = max(sizes)
    total = parameter_count(n_x, n)
    return Question(
        "path.largest",
        f"The sweep's largest network has n_h = {n} hidden units on n_x = {n_x} inputs. How many "
        "parameters does it have?",
        f"**{total}** = {n}·{n_x} (W1) + {n} (b1) + {n} (W2) + 1 (b2). Many parameters on few training "
        "points is what makes over-fitting possible.",
        kind="number", expected=float(total))


def straight_line_share(base_train_acc: float, base_test_acc: float, dataset: str) -> Question:
    # the format example must not be an answer that counts as right (circles and flower sit near 50 %)
    example = 75 if abs(base_test_acc - 0.75) > 0.15 else 30
    return Question(
        "path.line_share",
        f"Before any network: what test accuracy does a straight line fitted by logistic regression reach "
        f"on this {dataset} data? Type a percentage, e.g. {example} %.",
        f"**{100 * base_test_acc:.0f} %** on the test points ({100 * base_train_acc:.0f} % on the training "
        "points). Anything the network does beyond that needs its hidden layer.",
        kind="number", expected=round(base_test_acc, 2), tolerance=0.05, percent=True)
