"""What the Training page says and decides, as plain functions of the run.

The page's buttons leave a one-off message when they cannot do what was asked; the α-too-large
demo explains the run it made; the notes under the board say what to notice while paused.
Every text is chosen here from the numbers it names, so it is tested without a running app.
Pure Python and NumPy (no streamlit, no plotly).
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

from . import plateaus
from .training import MAX_ITERATION, Divergence, Trainer

DEMO_PATH_SHOWN = 6  # the demo's cost path names this many first values, then "…"


def rates_text(rates) -> str:
    """"3, 10, 30, 100": the learning rates tried, as the page lists them."""
    return ", ".join(f"{a:g}" for a in rates)


def cap_notice(iteration: int, taken: int, diverged: bool, cap: int = MAX_ITERATION, start: int = 0) -> str:
    """Why a Step button did nothing: the run's own steps (``iteration``, since ``start``, a loaded
    model's count) are at the cap (""when it did something, or when divergence stopped it: the
    red box says so)."""
    if taken == 0 and not diverged and iteration >= cap:
        if start:
            return (f"Already at iteration {start + iteration:,}: {iteration:,} steps since the model was "
                    "loaded, the most this page trains in one run.")
        return f"Already at iteration {iteration:,}, the most this page trains for."
    return ""


def target_notice(iteration: int, target: int, start: int = 0) -> str:
    """Why "Train to" does nothing: the target is not ahead of ``iteration`` (the count the page
    shows) ("" when it is). ``start``: where Reset goes back to (a loaded model's count)."""
    if target <= iteration:
        back = f"iteration {start:,}, where the loaded model starts" if start else "the start"
        return f"Already at iteration {iteration:,} (≥ {target:,}); reset to train from {back}."
    return ""


def no_divergence_notice(rates, steps: int) -> str:
    """The α-too-large demo found no rate that diverges from this start."""
    return (f"None of α = {rates_text(rates)} diverges within {steps} steps from this start, so there is no "
            "divergence to show here.")


def cost_path(cost: np.ndarray, divergence: Divergence | None) -> str:
    """"0.693 → 0.71 → … , then step 7 diverged (…)": the first costs of a run (shape (k,)) and,
    since the kept history ends before the step that diverged, that step too."""
    path = " → ".join(f"{c:.3g}" for c in cost[:DEMO_PATH_SHOWN]) + (" → …" if len(cost) > DEMO_PATH_SHOWN else "")
    if divergence is not None:
        path += f", then step {divergence.iteration} diverged ({divergence.reason})"
    return path


def demo_text(learning_rate: float, rates, cost: np.ndarray, divergence: Divergence | None) -> str:
    """The α-too-large demo's explanation of the run it made from iteration 0 (``cost``: the
    training cost of each kept iteration, shape (k,))."""
    return (
        f"**α = {learning_rate:g}, from iteration 0:** the smallest of α = {rates_text(rates)} that diverges "
        f"from this start (each was tried). J went {cost_path(cost, divergence)}. Each step moves every "
        "parameter by α·dP: this step is so long that it jumps across the valley of J to a higher point on "
        "the other side, where the gradient is larger, so the next jump is longer still. The red box says "
        "where the trainer stopped; lower α in the sidebar (or press Reset) to train normally again.")


def digest(value) -> str:
    """A short name for ``value`` (a tuple of settings and numbers), for the browser to compare."""
    return hashlib.blake2b(repr(value).encode(), digest_size=8).hexdigest()


def epoch(key: tuple, generation: int) -> str:
    """Names what the board shows (a trainer's key, a player's generation); a new one makes the
    browser drop the frames it holds."""
    return f"{digest(key)}.{generation}"


def paused_notices(trainer: Trainer, X: np.ndarray, activation: str,
                   baseline: tuple[float, float] | None) -> list[str]:
    """What to notice at the trainer's iteration (X: the training inputs, shape (n_x, m);
    baseline: the straight line's J and accuracy), in the order the page shows them."""
    history = trainer.history()
    A2 = plateaus.outputs(trainer.params, X, activation)
    texts = (plateaus.start_notice(history, A2), plateaus.jump_notice(history, A2),
             plateaus.plateau_notice(history, baseline))
    return [t for t in texts if t]


def start_spread(trainer: Trainer, X: np.ndarray, activation: str) -> float:
    """max |A2 − 0.5| over the training points (X: shape (n_x, m)) at iteration 0, or at the
    oldest kept state when iteration 0 is no longer kept."""
    snaps = trainer.snapshots
    first = snaps[0].params if snaps and snaps[0].iteration == 0 else trainer.params
    return float(abs(plateaus.outputs(first, X, activation) - 0.5).max())


def file_stem(data_name: str, n_h: int, activation: str) -> str:
    """The exports' file name without extension: "upload:x.csv" → "shallownet-upload-x.csv-h4-tanh"."""
    safe_name = re.sub(r"[^A-Za-z0-9._-]+", "-", data_name).strip("-") or "data"
    return f"shallownet-{safe_name}-h{n_h}-{activation}"


def replay_caption(snapshots: int, iteration: int, max_frames: int, start: int = 0) -> str:
    """What the replay shows: how many frames of how many snapshots, from ``start`` (a loaded
    model's count, else 0) up to which iteration."""
    return (f"{min(snapshots, max_frames)} frames chosen evenly from {snapshots} recorded snapshots "
            f"(iterations {start:,} … {iteration:,}). The replay runs in your browser: press ▶ Play or drag "
            "the slider. Go back to live training to train further.")

