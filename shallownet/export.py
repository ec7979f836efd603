"""Training results as files: the history as CSV text, the parameters as .npz bytes.

Pure Python + NumPy. (The animation as a standalone HTML page is a figure
concern: :mod:`shallownet.figures.board`.)
"""

from __future__ import annotations

import io
import math

import numpy as np

from .model_io import params_to_npz
from .training import HISTORY_FIELDS

HISTORY_COLUMNS = ("iteration", "learning_rate", *HISTORY_FIELDS, "epoch", "batch_examples", "batch_cost")


def _cell(value) -> str:
    """One CSV cell: integers as they are, floats to 10 significant digits, non-finite as empty."""
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    value = float(value)
    return f"{value:.10g}" if math.isfinite(value) else ""


def history_csv(history: dict) -> str:
    """``Trainer.history()`` (arrays of length t + 1) as CSV text, one row per iteration.

    Columns: iteration, learning_rate (of the step into that iteration; 0 at iteration 0),
    train/test cost and accuracy (train: the whole training set), the gradient norms ‖dW1‖ ‖db1‖
    ‖dW2‖ ‖db2‖ (of the gradient the next step uses), the epoch of the step into that iteration,
    how many examples its batch held (0 at iteration 0) and batch_cost, the cost at that
    iteration of the batch the next step uses (the training cost itself in full batch).
    """
    columns = [np.asarray(history[name]) for name in HISTORY_COLUMNS]
    n = len(columns[0])
    if any(len(c) != n for c in columns):
        raise ValueError("history columns have different lengths")
    out = io.StringIO()
    out.write(",".join(HISTORY_COLUMNS) + "\n")
    ints = columns[0].astype(np.int64)
    for i in range(n):
        out.write(",".join([str(int(ints[i]))] + [_cell(c[i]) for c in columns[1:]]) + "\n")
    return out.getvalue()


def trainer_npz(trainer, count_known: bool = True) -> bytes:
    """The trainer's current W1, b1, W2, b2 (with its activation, iteration and batch size in force,
    0 for full batch) as .npz bytes, loadable with ``np.load(..., allow_pickle=False)``.
    The iteration is the trainer's total (a loaded model's saved count plus the steps since);
    ``count_known=False``: the model came from a file that did not say its count, so the total is
    unknown and left out."""
    total = trainer.total_iteration if count_known else None
    b = trainer.effective_batch_size
    return params_to_npz(trainer.params, trainer.activation, total,
                         0 if b >= trainer.data.X_train.shape[1] else b)
