"""Questions of the Gradients page, built from the live arrays and runs (answers computed)."""

from __future__ import annotations

import numpy as np

from ..activations import ACTIVATIONS
from ..comparisons import SATURATED_BELOW, ScaleResult, ZeroInitResult, stall_word
from ..gradients_lesson import LN2, entropy
from ..network import backward, forward, init_params
from . import Question

NORMS = ("‖dW1‖", "‖db1‖", "‖dW2‖", "‖db2‖")


def largest_gradient(history: dict, iteration: int) -> Question:
    """Which of the four gradient norms is largest at ``iteration`` (history arrays (t + 1,))."""
    row = iteration - int(history.get("iteration", [0])[0])  # a loaded model's count starts after 0
    values = [float(history[f"norm_{n}"][row]) for n in ("dW1", "db1", "dW2", "db2")]
    best = NORMS[int(np.argmax(values))]
    listing = ", ".join(f"{n} = {v:.3g}" for n, v in zip(NORMS, values, strict=True))
    return Question(
        "grad.largest", f"At iteration {iteration}, which of the four gradients has the largest norm?",
        f"**{best}**: {listing} (the chart's lines at iteration {iteration}). dW1 and db1 reach the first "
        "layer through dZ1 = W2ᵀ dZ2 ∗ g′(Z1), so they carry a factor W2; dW2 and db2 do not.",
        kind="choice", expected=best, options=NORMS)


def zero_start_dW2(X, Y, n_h: int, activation: str) -> Question:
    """Every entry of dW2 (1, n_h) at the all-zero start on X (n_x, m), Y (1, m)."""
    params = init_params(X.shape[0], n_h, scale=0.0)
    _, cache = forward(params, X, activation)
    dW2 = backward(params, cache, X, Y, activation)["dW2"]
    value = float(dW2[0, 0])
    g0 = float(ACTIVATIONS[activation].g(np.zeros(1))[0])
    share = float(np.mean(Y > 0.5)) if Y.size else 0.0
    return Question(
        "grad.zero_dW2",
        f"If every weight starts at 0 ({ACTIVATIONS[activation].label}, n_h = {n_h}), what is each entry of "
        f"dW2 at the first step? (dW2 has shape (1, {n_h}).)",
        f"**{value:.4g}** in every one of its {n_h} entries. dW2 = (1/m) dZ2 A1ᵀ; at the zero start "
        f"A1 = g(0) = {g0:g} for every unit and A2 = σ(0) = 0.5, so each entry is g(0) · mean(0.5 − Y) = "
        f"{g0:g} · (0.5 − {share:.3f}). Equal entries: the units get the same gradient.",
        kind="number", expected=value, tolerance=max(1e-3, 0.02 * abs(value)))


def zero_start_cost(result: ZeroInitResult, activation: str) -> Question:
    """J after the zero start's training run (measured), explained by ln 2 or H(share)."""
    run = result.zero.run
    cost = float(run.history["train_cost"][-1])
    share = result.share_class1
    return Question(
        "grad.zero_cost",
        f"Starting from all-zero weights ({ACTIVATIONS[activation].label}, {share:.0%} of the labels 1), "
        f"what will J be after {run.steps} steps?",
        f"**{cost:.4f}** (measured). At the start every output is σ(0) = 0.5: J = ln 2 = {LN2:.4f}. If the "
        f"output bias is all that can move, it learns the share of 1s and J heads for H({share:.3f}) = "
        f"{entropy(share):.4f} — equal to ln 2 when the classes are balanced." + _zero_start_why(result, activation),
        kind="number", expected=round(cost, 4), tolerance=0.01)


def _zero_start_why(result: ZeroInitResult, activation: str) -> str:
    """Which of the two cases the measured run is: only b2 moved (g(0) = 0), or the hidden
    weights moved too, all units alike (g(0) ≠ 0, as for σ)."""
    act = ACTIVATIONS[activation]
    g0 = float(np.asarray(act.g(np.zeros(1)))[0])
    moved = bool(np.any(result.zero.run.end["W1"]))
    if not moved:
        return (f" Here that is the case: {act.label}(0) = {g0:g}, so A1 = 0, dW2 = (1/m) dZ2 A1ᵀ = 0 and "
                "dZ1 = W2ᵀ dZ2 ∗ g′(Z1) = 0 (W2 = 0): only b2 moves.")
    return (f" Here more than b2 moves: {act.label}(0) = {g0:g} ≠ 0, so A1 ≠ 0 and dW2 ≠ 0; W2 and then W1 "
            "move too, every hidden unit alike, so the network learns like a single hidden unit"
            + (f" and J falls below H({result.share_class1:.3f})." if
               float(result.zero.run.history["train_cost"][-1]) < entropy(result.share_class1) - 0.005 else "."))


def stalled_share(result: ScaleResult, activation: str) -> Question:
    """The share of hidden unit·example values with |g′(Z1)| < 0.01 at one start (measured)."""
    word = stall_word(activation)
    share = result.histogram.share_saturated
    extra = ("" if word == "saturated" else
             " ReLU does not saturate: these units have z ≤ 0, where g′ = 0 at any size of z, and with b1 = 0 "
             "the sign of z, hence this share, does not depend on the scale.")
    return Question(
        "grad.stalled",
        f"At {result.name} with {ACTIVATIONS[activation].label}, roughly what share of the hidden "
        f"unit·example values start {word} (|g′(Z1)| < {SATURATED_BELOW:g})? Answer in %.",
        f"**{share:.0%}** of the n_h·m values of Z1 (the histogram's vermillion part); |Z1| reaches "
        f"{result.histogram.z_absmax:.3g}.{extra}",
        kind="number", expected=share, tolerance=0.1)
