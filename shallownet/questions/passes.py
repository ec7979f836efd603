"""Questions of the Forward and Backward pages, built from the live arrays of one traced
iteration (:class:`shallownet.stepthrough.Trace`): every expected answer is computed, never typed.

Pure NumPy; the pages place them with ``shallownet.ui.teaching.ask``.
"""

from __future__ import annotations

import numpy as np

from ..activations import get_activation
from ..formatting import shape_str
from ..network import backward, compute_cost, forward
from ..notation import example_symbol
from ..stepthrough import Trace
from . import Question

LN2 = float(np.log(2.0))


# -- forward ------------------------------------------------------------------------
def z1_shape(trace: Trace) -> Question:
    """The shape of Z1 = W1 X + b1: (n_h, m), read from the array."""
    n_h, n_x = trace["W1"].shape
    m = trace.m
    return Question(
        "fwd.z1_shape",
        f"W1 is {shape_str(trace['W1'].shape)} and X is {shape_str(trace['X'].shape)}. "
        "What shape will Z1 = W1 X + b1 have?",
        f"**{shape_str(trace['Z1'].shape)}**: (n_h, n_x) · (n_x, m) gives (n_h, m) = ({n_h}, {m}), one row per "
        f"hidden unit and one column per example; adding b1 {shape_str(trace['b1'].shape)} keeps that shape.",
        kind="shape", expected=tuple(trace["Z1"].shape),
    )


def initial_cost(initial_params: dict, trace: Trace) -> Question:
    """J before any training step, computed from the iteration-0 parameters on the same data."""
    A2, _ = forward(initial_params, trace["X"], trace.activation)
    J0 = float(compute_cost(A2, trace["Y"]))
    spread = float(np.max(np.abs(A2 - 0.5)))
    if spread < 0.05:
        why = (f"At iteration 0 every output A2 is within {spread:.1e} of 0.5, so every example's loss is "
               f"≈ −log 0.5 = ln 2 ≈ {LN2:.3f}: a network that says 50 % for everyone.")
    else:
        right = float(np.mean((A2 > 0.5) == (trace["Y"] > 0.5)))
        why = (f"At iteration 0 the outputs are already spread (the farthest is {spread:.2f} from 0.5), "
               f"so J is not ln 2 ≈ {LN2:.3f}: the initial weights are large enough for confident outputs "
               f"before anything has been learnt; {right:.0%} of the {trace.m} examples are on the "
               "right side of 0.5. A confident wrong output costs more than an unsure one.")
    return Question(
        "fwd.initial_cost",
        f"Before any training (iteration 0, {trace.m} training examples), what is the cost J? "
        "Two decimals are enough.",
        f"**J = {J0:.4f}**. {why}",
        kind="number", expected=round(J0, 4), tolerance=0.01,
    )


def shapes_when_m_doubles(trace: Trace) -> Question:
    """Which arrays change shape when m doubles: computed by running forward on X twice over."""
    X2 = np.hstack([trace["X"], trace["X"]])
    params = {k: trace[k] for k in ("W1", "b1", "W2", "b2")}
    A2, cache = forward(params, X2, trace.activation)
    doubled = {"X": X2, "Z1": cache["Z1"], "A1": cache["A1"], "Z2": cache["Z2"], "A2": A2, **params}
    changed = tuple(k for k in ("X", "W1", "b1", "Z1", "A1", "W2", "b2", "Z2", "A2")
                    if np.shape(doubled[k]) != np.shape(trace[k]))
    unchanged = tuple(k for k in ("W1", "b1", "W2", "b2") if k not in changed)
    right = "X, Z1, A1, Z2, A2 (the arrays with a column per example)"
    options = ("Only W1 and b1", right, "Every array", "None: the network is the same")
    expected = right if changed == ("X", "Z1", "A1", "Z2", "A2") else None
    if expected is None:  # cannot happen with column-stacked examples; kept honest anyway
        raise AssertionError(f"unexpected shapes after doubling m: {changed}")
    return Question(
        "fwd.double_m",
        f"If the training set had 2m = {2 * trace.m} examples instead of m = {trace.m}, "
        "which arrays would change shape?",
        f"**{', '.join(changed)}**: each has one column per example, so its second size becomes "
        f"{2 * trace.m}. The parameters {', '.join(unchanged)} keep their shapes: they belong to the network, "
        "not to the data, which is why one trained network can be applied to any number of examples.",
        kind="choice", expected=expected, options=options,
    )


def forward_questions(trace: Trace, initial_params: dict) -> tuple[Question, ...]:
    return (z1_shape(trace), initial_cost(initial_params, trace), shapes_when_m_doubles(trace))


# -- backward -----------------------------------------------------------------------
def dw1_shape(trace: Trace) -> Question:
    """dW1 = (1/m) dZ1 Xᵀ has the shape of W1."""
    return Question(
        "bwd.dw1_shape",
        f"dZ1 is {shape_str(trace['dZ1'].shape)} and X is {shape_str(trace['X'].shape)}. "
        "What shape will dW1 = (1/m) dZ1 Xᵀ have?",
        f"**{shape_str(trace['dW1'].shape)}**: (n_h, m) · (m, n_x) = (n_h, n_x), the shape of W1 "
        f"{shape_str(trace['W1'].shape)}. The product sums over the {trace.m} examples, so m disappears; "
        "every gradient has exactly the shape of its parameter, which is what lets W1 := W1 − α dW1 work.",
        kind="shape", expected=tuple(trace["dW1"].shape),
    )


def zero_start_dw2(trace: Trace) -> Question:
    """dW2 when every weight and bias is 0, on the current data and activation."""
    n_h, n_x = trace["W1"].shape
    zeros = {"W1": np.zeros((n_h, n_x)), "b1": np.zeros((n_h, 1)), "W2": np.zeros((1, n_h)), "b2": np.zeros((1, 1))}
    X, Y = trace["X"], trace["Y"]
    A2, cache = forward(zeros, X, trace.activation)
    dW2 = backward(zeros, cache, X, Y, trace.activation)["dW2"]
    g0 = float(get_activation(trace.activation).g(np.zeros(1))[0])
    share = float(Y.mean())
    value = float(dW2[0, 0]) + 0.0  # + 0.0: no "−0"
    db2 = float(np.mean(A2 - Y)) + 0.0
    how = (f"With W1 = 0 and b1 = 0, Z1 = 0 and A1 = g(0) = {g0:g} in every cell; A2 = σ(0) = 0.5, so "
           f"dZ2 = 0.5 − Y. Then dW2 = (1/m) dZ2 A1ᵀ gives every entry "
           f"g(0) · mean(0.5 − Y) = {g0:g} · (0.5 − {share:.3f}) = **{value:.4g}**")
    if g0 == 0.0:
        how += (f": dW2 is all zeros, {shape_str(dW2.shape)}. W2 does not move, and since dZ1 = W2ᵀdZ2 ∗ g′(Z1) "
                "= 0 with W2 = 0, neither does W1: only b2 can move, by db2 = mean(A2 − Y) = "
                f"{db2:.4g}" + (" (balanced classes: not even b2)." if abs(db2) < 1e-12 else "."))
    else:
        how += (f" for all {n_h} entries: they are equal, so the hidden units stay copies of each other "
                "(the symmetry that random initialisation breaks).")
    return Question(
        "bwd.zero_dw2",
        f"If every weight and bias started at 0 (with g = {trace.activation} and these data, "
        f"{share:.1%} of them class 1), what would each entry of dW2 be?",
        how, kind="number", expected=value, tolerance=max(1e-3, abs(value) * 0.02),
    )


def dz2_sign_class1(trace: Trace) -> Question | None:
    """The sign of dZ2 = A2 − Y for the first class-1 example (None if there is none)."""
    ones = np.flatnonzero(trace["Y"][0] == 1)
    if ones.size == 0:
        return None
    j = int(ones[0])
    a, dz = float(trace["A2"][0, j]), float(trace["dZ2"][0, j])
    sign = "negative" if dz < 0 else ("zero" if dz == 0 else "positive")
    if sign == "negative":
        why = ("A sigmoid output lies below 1, so for a class-1 example dZ2 is negative: this example's "
               "own loss pulls its output up.")
    else:  # σ rounded to exactly 1.0 in float64
        why = "In exact arithmetic it would be slightly negative; in float64 the output has rounded to 1."
    return Question(
        "bwd.dz2_sign",
        f"Example {example_symbol(j)} (NumPy column {j}) has label {example_symbol(j, 'y')} = 1. "
        "Will its entry of dZ2 = A2 − Y be negative, zero or positive?",
        f"**{sign.capitalize()}**: its output is A2[0, {j}] = {a:.4f}, so dZ2[0, {j}] = {a:.4f} − 1 = "
        f"{dz:.4g}. {why}".replace("= -", "= −"),
        kind="choice", expected=sign, options=("negative", "zero", "positive"),
    )


def backward_questions(trace: Trace) -> tuple[Question, ...]:
    qs = (dw1_shape(trace), zero_start_dw2(trace), dz2_sign_class1(trace))
    return tuple(q for q in qs if q is not None)
