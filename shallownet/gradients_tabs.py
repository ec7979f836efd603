"""What the Gradients page's tabs say around their charts, chosen from the numbers they name.

:mod:`shallownet.gradients_lesson` tells the stories of the comparisons; this module holds the
smaller choices of the tabs: the training button's label and notes, the numbers at the inspected
iteration, the captions whose wording depends on n_h or on the costs, and the warnings of runs
that diverged. Pure Python (pandas for one table; no streamlit, no plotly).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .activations import ACTIVATIONS
from .comparisons import Run, ScaleResult, ZeroInitResult

CLOSE_COSTS = 0.02  # the random start's cost is not this much below the zero start's: "close"
SCALE_ACTIVATIONS = ("tanh", "sigmoid")  # the Initial-scale tab starts from the sidebar's one if saturating


# -- 1. gradient norms over training ---------------------------------------------------------
def untrained_text(steps: int, learning_rate: float) -> str:
    """The note above the button while the network is at iteration 0."""
    return (f"This network has not been trained yet: run {steps} steps of gradient descent "
            f"(α = {learning_rate:g}) to see how its gradients change.")


def train_label(iteration: int, steps: int) -> str:
    """"Train 50 steps" at iteration 0, "Train 50 more steps" after."""
    return f"Train {steps} steps" if iteration == 0 else f"Train {steps} more steps"


def cap_text(iteration: int, start: int = 0) -> str:
    """Why the button is disabled: the session's trainer is at the cap (``iteration``: the count
    shown; ``start``: a loaded model's count, where the run began)."""
    if start:
        return (f"Iteration {iteration:,}: {iteration - start:,} steps since the model was loaded, the most a "
                "session trains in one run. Reset on the Training page to go back to the loaded model.")
    return f"Iteration {iteration:,}: the most a session trains for. Reset on the Training page to start again."


def shown_iterations(trainer) -> list[int]:
    """The iteration of each of the trainer's snapshots as the page shows it (snapshots keep the
    run's rows; a loaded model's count continues from its start_iteration)."""
    return [trainer.start_iteration + s.iteration for s in trainer.snapshots]


def follow_latest(iterations: list[int], inspected, seen, iteration: int) -> bool:
    """Move the cursor to the latest snapshot: the inspected one is gone, or the trainer trained
    (here or on another page) since the cursor was last placed at iteration ``seen``."""
    return inspected not in iterations or seen != iteration


def norms_text(history: dict, selected: int, iterations: list[int]) -> str:
    """The four gradient norms and J at iteration ``selected`` (history: arrays of shape (t + 1,)),
    and which of the kept snapshots (at ``iterations``) it is, when there is a choice."""
    i = selected - int(history.get("iteration", [0])[0])  # the row (a loaded model's count starts later)
    text = (f"At iteration **{selected}**: ‖dW1‖ = {history['norm_dW1'][i]:.3g}, "
            f"‖db1‖ = {history['norm_db1'][i]:.3g}, ‖dW2‖ = {history['norm_dW2'][i]:.3g}, "
            f"‖db2‖ = {history['norm_db2'][i]:.3g}; cost J = {history['train_cost'][i]:.4f}.")
    if len(iterations) > 1:
        text += f" (Snapshot {iterations.index(selected) + 1} of {len(iterations)}.)"
    return text


def norms_caption(n_h: int, labelled_up_to: int) -> str:
    """How to read the norms and the heatmaps; dW2's cells carry numbers up to ``labelled_up_to`` units."""
    return (
        "‖dW1‖ is the Frobenius norm √(Σ dW1ᵢⱼ²): one number for the size of a whole gradient. "
        "Small gradients mean small steps: near a minimum the gradients shrink, but they are also small on "
        "a plateau and near a saddle point (such as the all-zero weights a small initial scale starts "
        "close to), so a small gradient alone does not mean training is done. Norms that grow while the "
        "cost rises are the sign of a step α that is too large. Each heatmap has its own colour range "
        "(white = 0): the numbers in the cells are the entries of dW1"
        + (" and dW2." if n_h <= labelled_up_to else
           f"; dW2's {n_h} cells are too narrow for numbers: point at one to read it.")
    )


# -- 2. activations and 3. initial scale ------------------------------------------------------
def activation_warnings(runs: list[Run]) -> list[str]:
    """"ReLU: Training diverged …" for each run that stopped early."""
    return [f"{ACTIVATIONS[r.activation].label}: {r.divergence}" for r in runs if r.divergence]


def activations_caption(steps: int, init_seed: int, n_h: int, learning_rate: float, scale: float) -> str:
    """What the four activation runs share."""
    return (f"Each run: {steps} full-batch steps from the same seed ({init_seed}), "
            f"n_h = {n_h}, α = {learning_rate:g}, init scale {scale:g}. "
            "‖dW1‖ is the gradient of the first layer, the one that has to pass through g′.")


def scale_warnings(results: list[ScaleResult]) -> list[str]:
    """"Scale 10: Training diverged …" for each start that stopped early."""
    return [f"{r.name.capitalize()}: {r.run.divergence}" for r in results if r.run.divergence]


def default_scale_activation(activation: str) -> str:
    """The Initial-scale tab's first activation: the sidebar's when it saturates, else tanh."""
    return activation if activation in SCALE_ACTIVATIONS else "tanh"


# -- 4. zero initialisation ---------------------------------------------------------------------
def zero_caption(result: ZeroInitResult, n_h: int, units_shown: int) -> str:
    """What each thumbnail shows, on what data, and how many of the n_h units are shown."""
    return (f"Each panel: one hidden unit's output a = g(w·x + b) over the plane after {result.zero.run.steps} "
            f"steps (same data, seed and α; {result.m} training examples, {result.share_class1:.0%} of class 1). "
            + (f"Showing the first {units_shown} of {n_h} units." if n_h > units_shown else ""))


def zero_cost_caption(result: ZeroInitResult) -> str:
    """The two starts' costs after training, and when they are close, why that is not the point."""
    cost_zero, cost_random = (s.run.history["train_cost"][-1] for s in (result.zero, result.random))
    close = cost_random > cost_zero - CLOSE_COSTS
    return (f"Cost after {result.zero.run.steps} steps: {cost_zero:.3f} from the zero start, {cost_random:.3f} "
            "from the random start." + (" Close, this early: the difference that matters is above — only the "
                                        "random start has n_h different units to build a curved boundary from."
                                        if close else ""))


def w1_table(W1: np.ndarray, units_shown: int) -> pd.DataFrame:
    """The first ``units_shown`` rows of W1 (shape (n_h, n_x)), one per hidden unit."""
    rows = W1[:units_shown]
    return pd.DataFrame(rows, columns=[f"w·x{k + 1}" for k in range(W1.shape[1])],
                        index=[f"unit {i + 1}" for i in range(len(rows))])
