"""What the Gradients page says about its runs, computed from the runs themselves.

Every sentence here is chosen by a condition on the numbers beside it (a share of the labels,
a measured gradient, the steps a run took), so it stays true at any settings and dataset.
Pure Python: the results come from :mod:`shallownet.comparisons` or a trainer's history.
"""

from __future__ import annotations

import math

import numpy as np

from .activations import ACTIVATIONS
from .comparisons import SATURATED_BELOW, WIDE_N_X, ScaleResult, ZeroInitResult, stall_word, unbalanced, wide_n_h
from .datasets import Dataset
from .formatting import number_text

LN2 = math.log(2)
FLAT_WINDOW = 50  # iterations over which a plateau's J must have stayed nearly level
FLAT_CHANGE = 0.01  # "nearly level": J changed by less than this share of itself
ABOVE_LINEAR = 0.01  # J at least this close to (or above) the straight-boundary level


def entropy(p: float) -> float:
    """H(p) = −p ln p − (1 − p) ln(1 − p): the cost of predicting the share p for everyone."""
    p = float(p)
    return -sum(q * math.log(q) for q in (p, 1 - p) if q > 0)


def signed(x: float) -> str:
    """"0" for zero, else the number with its sign: "+0.167", "−0.02"."""
    return "0" if x == 0 else number_text(x, "+.3g").replace("-", "−")


def steps_text(result: ScaleResult, cap: int) -> str:
    """"148 steps" or "not within 3,000 steps" (or why it stopped) for one run."""
    run = result.run
    if run.reached is not None:
        return f"{run.reached:,} steps"
    if run.divergence:
        return f"diverged at step {run.steps + 1:,}"
    return f"not within {cap:,} steps"


# -- the zero start --------------------------------------------------------------------------
def zero_start_story(result: ZeroInitResult, activation: str) -> str:
    """Why the all-zero start did what the run shows, for this activation and these labels."""
    run = result.zero.run
    share, m = result.share_class1, result.m
    db2 = 0.5 - share  # A2 = σ(0) = 0.5 for every example, so db2 = mean(A2 − Y) = 0.5 − share
    end = run.end
    weights_moved = any(np.abs(end[k]).max() > 0 for k in ("W1", "b1", "W2"))
    b2_moved = bool(end["b2"].item() != 0)
    cost = float(run.history["train_cost"][-1])
    h = entropy(share)
    label = ACTIVATIONS[activation].label
    g0 = float(ACTIVATIONS[activation].g(np.zeros(1))[0])
    labels = (f"{share:.1%} of the {m} training labels are 1, so at the start db2 = mean(A2 − Y) = "
              f"0.5 − {share:.3f} = {signed(db2)} (measured: |db2| = {run.history['norm_db2'][0]:.3g})")
    if not weights_moved and not b2_moved:
        return (f"**Why nothing moved ({label}):** A2 = σ(0) = 0.5 for every example, and {labels}. "
                f"With g(0) = {g0:g}, dW2 = (1/m) dZ2 A1ᵀ = {g0:g} · db2 = 0, and with W2 = 0 no gradient "
                "reaches W1 or b1. Every gradient is 0: balanced classes make the all-zero start a "
                f"stationary point, and J stays at ln 2 = {LN2:.4f} (measured after {run.steps} steps: "
                f"{cost:.4f}). Tick *Unbalance the classes* to see what moves then.")
    if not weights_moved:
        target = f"H({share:.3f}) = {h:.4f}"
        reached = ("has reached it" if abs(cost - h) < 1e-3 else "is on its way there")
        return (f"**Why only b2 moves ({label}):** g(0) = 0, so at the start A1 = 0 for every unit: "
                "dW2 = (1/m) dZ2 A1ᵀ = 0 and W2 stays 0; then dZ1 = W2ᵀ dZ2 ∗ g′(Z1) = 0 and W1, b1 never "
                f"move either. Only b2 can learn, and {labels}. So b2 learns the class share: σ(b2) = "
                f"{1 / (1 + math.exp(-end['b2'].item())):.3f} after {run.steps} steps, the same probability "
                f"for every point, and J heads for the entropy of the share, {target} (ln 2 = {LN2:.4f} "
                f"would be a 50 % share). Measured: J = {cost:.4f}, so it {reached}. "
                "Sigmoid (σ(0) = 0.5) shows the symmetry more vividly: there the weights move, all rows together.")
    if activation == "sigmoid" and result.zero.distinct_units == 1:
        return (f"**Why (sigmoid):** σ(0) = 0.5, so at the start A1 = 0.5 for every unit and example, and "
                f"{labels}. Then dW2 = (1/m) dZ2 A1ᵀ = 0.5 · db2 in each of its n_h entries, W2 stays a row "
                "of equal numbers, dZ1 = W2ᵀ dZ2 ∗ σ′(Z1) has n_h equal rows, and so does dW1: every row of "
                "W1 takes the same step, every time. The weights do move — but all together, as one unit.")
    return (f"**What moved ({label}):** {labels}. The weights moved, yet every hidden unit kept the same "
            "incoming weights: the units stay copies of each other.")


def training_set(data: Dataset, make_unbalanced: bool) -> Dataset:
    """The data the Zero-start tab trains on."""
    return unbalanced(data) if make_unbalanced else data


# -- the initial scale ---------------------------------------------------------------------------
def scale_intro(results: list[ScaleResult], cap: int) -> str:
    """How the scale enters dW1, with the J at the start of the largest scale's run."""
    big = results[-1]
    confident = (f": J starts at {big.run.start_cost:.2f} at {big.name}, against ln 2 = {LN2:.3f} for a network "
                 "that says 50 % for everyone" if big.run.start_cost > LN2 else "")
    return ("Big weights make big Z1 = W1 X + b1. tanh and σ flatten out far from 0: such units are "
            "*saturated*. ReLU does not saturate (it is unbounded for z > 0), but its units with z ≤ 0 are "
            "*inactive* at any scale. The gradient reaching the first layer is "
            "dW1 = (1/m) [(W2ᵀ dZ2) ∗ g′(Z1)] Xᵀ, and three of its factors change with the scale: W2 (it grows "
            "with it), dZ2 = A2 − Y (it grows when big weights make confident, wrong first predictions"
            f"{confident}) and g′(Z1) (it shrinks once units saturate). X does not, but its number of rows n_x "
            f"multiplies the spread of Z1. Each run below trains until J < {big.run.target_cost:g}, for at most "
            f"{cap:,} steps: how long it takes is the measure.")


def scale_story(results: list[ScaleResult], activation: str, cap: int) -> list[str]:
    """What the runs with 2 inputs show (results ordered small → large scale)."""
    small, big = results[0], results[-1]
    word = stall_word(activation)
    steps = "; ".join(f"{r.name}: {steps_text(r, cap)}" for r in results)
    out = [f"**Steps until J < {big.run.target_cost:g}:** {steps}."]
    reached = [r.run.reached for r in results if r.run.reached is not None]
    if not reached:
        out.append("None of the starts got there within the limit: J at the end was "
                   + ", ".join(f"{r.run.history['train_cost'][-1]:.3f} ({r.name})" for r in results) + ".")
    slowest = (small.run.reached is None and reached) or (
        small.run.reached is not None and len(reached) > 1 and small.run.reached == max(reached))
    if slowest:
        out.append(f"**The tiny start is slowest.** At {small.name} every weight is near 0: J starts at "
                   f"{small.run.start_cost:.3f} (ln 2 = {LN2:.3f}, a network that says 50 % for everyone), "
                   f"‖dW1‖ at only {small.run.history['norm_dW1'][0]:.2g}. All-zero weights are a saddle "
                   "point of J, and gradient descent needs many steps to get away from it.")
    if big.run.start_cost > 2 * LN2:
        out.append(f"**The huge start is confidently wrong.** At {big.name}, J starts at "
                   f"{big.run.start_cost:.2f}, far above ln 2: J is the mean of −ln(the probability given to the "
                   "right class), so the geometric mean of that probability is "
                   f"e^(−J) = {math.exp(-big.run.start_cost):.2g}. "
                   "Big W2 and big A1 push Z2 far from 0, dZ2 = A2 − Y is large, and "
                   f"{big.histogram.share_saturated:.0%} of the hidden unit·example values start {word} "
                   "(they pass almost no gradient back).")
    fastest = min((r for r in results if r.run.reached is not None), key=lambda r: r.run.reached, default=None)
    if fastest is big:
        out.append(f"**Yet {big.name} gets there first here,** with only n_x = 2 inputs: the large output "
                   "error drives big first steps, and the network recovers. Do not conclude \"use big "
                   "weights\": with many inputs it goes wrong (below).")
    elif fastest is not None:
        out.append(f"**{fastest.name.capitalize()} gets there first here.**")
    if activation in ("relu", "leaky_relu"):
        shares = {f"{r.histogram.share_saturated:.0%}" for r in results}
        same = "the same at every scale" if len(shares) == 1 else "nearly the same at every scale"
        out.append(f"**{ACTIVATIONS[activation].label} does not saturate:** it is unbounded for z > 0. "
                   + ("Units with z ≤ 0 are *inactive* (g′ = 0, whatever the size of z); with b1 = 0 the sign "
                      f"of z does not depend on the scale, so their share is {same} ("
                      + ", ".join(sorted(shares)) + ")." if activation == "relu"
                      else "Its g′ is 0.01 for z < 0, never 0, so no unit is ever fully inactive."))
    elif word == "saturated":
        out.append(f"(Saturated: |g′(Z1)| < {SATURATED_BELOW:g}, where {ACTIVATIONS[activation].label} is flat.)")
    return out


def wide_intro(m: int, n_x: int, n_h: int) -> str:
    """What the many-inputs runs train on (``n_h``: the setting; the runs use at most WIDE_MAX_N_H)."""
    used = wide_n_h(n_h)
    width = f"n_h = {used}" + (f" hidden units (not {n_h}: keeping these five runs quick)" if used < n_h else
                               " hidden units")
    return (f"The same {m} training examples, now with n_x = {WIDE_N_X} inputs: their {n_x} features plus "
            f"{WIDE_N_X - n_x} features of pure noise with the same spread, and {width}. Five starts: the three "
            "fixed scales, Xavier (W1's entries with std 1/√n_x) and He (√(2/n_x)).")


def wide_story(results: list[ScaleResult], narrow: list[ScaleResult], activation: str, cap: int) -> list[str]:
    """What the runs with many inputs show, against the same scales with 2 inputs."""
    by = {r.name: r for r in results}
    n_x = results[0].run.start["W1"].shape[1]
    steps = "; ".join(f"{r.name}: {steps_text(r, cap)}" for r in results)
    out = [f"**Steps until J < {results[0].run.target_cost:g} with n_x = {n_x}:** {steps}."]
    one, one_narrow = by.get("scale 1"), next((r for r in narrow if r.scale == 1.0), None)
    if one is not None and one_narrow is not None and one_narrow.run.reached is not None and (
            one.run.reached is None or one.run.reached > one_narrow.run.reached):
        out.append(f"**Scale 1 is slower with {n_x} inputs:** {steps_text(one_narrow, cap)} with 2 inputs, "
                   f"{steps_text(one, cap)} with {n_x}. Z1 = W1 X sums {n_x} products, so its spread grows like "
                   f"√n_x · scale (std of Z1 at the start: {one_narrow.histogram.z_std:.2g} with 2 inputs, "
                   f"{one.histogram.z_std:.2g} with {n_x}), and {one.histogram.share_saturated:.0%} of the hidden "
                   f"values start {stall_word(activation)}.")
    tiny, tiny_narrow = by.get("scale 0.01"), next((r for r in narrow if r.scale == 0.01), None)
    # only when the 2-input run got there too: where no 2-input start reaches the target (the
    # classes overlap), that is the data, not the start, and comparing step counts would blame the start
    if tiny is not None and tiny_narrow is not None and tiny.run.reached is not None and (
            tiny_narrow.run.reached is not None and tiny.run.reached < tiny_narrow.run.reached):
        out.append(f"**Scale 0.01 is faster with {n_x} inputs** ({steps_text(tiny_narrow, cap)} with 2, "
                   f"{steps_text(tiny, cap)} with {n_x}): summing {n_x} products makes its Z1 less tiny (std "
                   f"{tiny_narrow.histogram.z_std:.2g} → {tiny.histogram.z_std:.2g}), so it starts farther from "
                   "the saddle at 0. A fixed scale is right for one n_x only.")
    x, he = by.get("Xavier"), by.get("He")
    fixed = [r for r in results if not r.label]
    best_fixed = min((r.run.reached for r in fixed if r.run.reached is not None), default=None)
    good = [r for r in (x, he) if r is not None and r.run.reached is not None
            and (best_fixed is None or r.run.reached <= 1.5 * best_fixed)]
    if good:
        out.append("**Xavier and He scale each layer by its number of inputs:** W1's entries get std "
                   f"1/√n_x = {x.scale:.3g} (Xavier) or √(2/n_x) = {he.scale:.3g} (He), W2's 1/√n_h or √(2/n_h). "
                   "Z1's spread then stays near that of one input (√2 times it for He), whatever n_x is (std of "
                   "Z1 at the start: "
                   + ", ".join(f"{r.histogram.z_std:.2g} with {r.name}" for r in (x, he)) + "), so units start "
                   "where g′ is large. Here "
                   + " and ".join(f"{r.name} reached J < {r.run.target_cost:g} in {steps_text(r, cap)}" for r in good)
                   + (f", faster than or close to the best fixed scale ({best_fixed:,} steps)" if best_fixed else "")
                   + ". Xavier is the usual choice for tanh and σ; He doubles the variance for ReLU, which passes "
                   "no gradient for z ≤ 0.")
    else:
        out.append("**Xavier (1/√n_x) and He (√(2/n_x))** scale W1 by its number of inputs; in this run neither "
                   "was among the fastest, so compare the table before drawing a conclusion.")
    gaps = [r for r in results if r.run.history["train_acc"][-1] - r.run.history["test_acc"][-1] > 0.05]
    if gaps:
        acc = ", ".join(f"{r.name} {r.run.history['train_acc'][-1]:.0%} / {r.run.history['test_acc'][-1]:.0%}"
                        for r in gaps)
        out.append(f"The noise inputs say nothing about the labels, yet training accuracy is above test "
                   f"accuracy (train / test: {acc}): with {n_x} inputs the network also fits the noise of the "
                   "training examples.")
    return out


# -- the gradient size ---------------------------------------------------------------------------
def plateau_note(history: dict, k: int, linear_cost: float) -> str:
    """A callout when J at iteration ``k`` sits on a plateau: nearly level over the last
    FLAT_WINDOW iterations and no lower than a straight boundary gets (``linear_cost``).
    Empty when it does not; says so when the run already shows J falling further later."""
    cost = np.asarray(history["train_cost"], float)
    first = int(history.get("iteration", [0])[0])  # k counts as shown (a loaded model's count); rows from 0
    shown, k = k, k - first
    if k < FLAT_WINDOW or k >= len(cost):
        return ""
    now, before = float(cost[k]), float(cost[k - FLAT_WINDOW])
    if abs(before - now) >= FLAT_CHANGE * now or now < linear_cost - ABOVE_LINEAR:
        return ""
    if all(history[f"norm_{n}"][k] == 0 for n in ("dW1", "db1", "dW2", "db2")):
        return (f"**Every gradient is exactly 0 at iteration {shown}:** a stationary point, where J = {now:.4f} "
                f"(a single logistic unit gets J = {linear_cost:.4f}). No number of steps moves it, as with an "
                "all-zero start on balanced classes: see the Zero start tab.")
    norms = ", ".join(f"‖{n}‖ = {history['norm_' + n][k]:.2g}" for n in ("dW1", "dW2"))
    peak = np.asarray(history["norm_dW1"][: k + 1], float)
    top = int(np.argmax(peak))
    top_shown = first + top
    if peak[k] > 0 and peak[top] > 2 * peak[k]:
        ratio = peak[top] / peak[k]
        norms += f"; ‖dW1‖ is {ratio:.0f} times smaller than at iteration {top_shown}" if ratio >= 10 else \
            f"; ‖dW1‖ is {ratio:.1f} times smaller than at iteration {top_shown}"
    later = cost[k:]
    fell = bool(later.size and float(later.min()) < now - 0.05)
    head = "A plateau, not a minimum." if fell else "Small gradients, yet perhaps not a minimum."
    text = (f"**{head}** Over iterations {shown - FLAT_WINDOW}–{shown}, J changed only from "
            f"{before:.4f} to {now:.4f} ({norms}). But J = {now:.4f} is no lower "
            f"than a single logistic unit (a straight boundary) gets on these inputs: J = {linear_cost:.4f}. "
            "Small gradients can mean a minimum, a plateau or a saddle point.")
    if fell:
        j = shown + int(np.argmin(later))
        text += f" This run shows it: J falls to {later.min():.4f} by iteration {j:,}."
    else:
        text += " Train on and watch whether J falls again."
    return text
