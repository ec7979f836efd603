"""The dataset as students first meet it: a scatter of train and test points, the
class balance of each split, and X, Y with examples stacked in columns.

The scatter is returned as a figure dict in Plotly's JSON schema (see :mod:`.style`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..datasets import Dataset
from ..notation import example_symbol
from .style import CLASS_NAMES, class_groups, figure, point_marker, styled_layout

# What each toy dataset is and why it is interesting (a sentence or two for the Data page)
DATASET_DESCRIPTIONS = {
    "moons": "Two interleaving half-moons. No straight line separates them completely (a line "
             "misses the tips of the moons), while a few hidden units bend the boundary around them.",
    "circles": "A small ring inside a larger one. The boundary must close around the inner "
               "class: a straight line cannot do it, a handful of hidden units can.",
    "blobs": "Two round clouds of points. Almost separable by a straight line: the easy "
             "baseline, where even a single unit does well (more noise, more overlap).",
    "xor": "Points in the four quadrants; class 1 where x₁ and x₂ have the same sign. The "
           "classic problem that no linear model solves: it needs the hidden layer.",
    "spiral": "Two interleaved spiral arms. Hard: it needs many hidden units, a good learning "
              "rate and many steps.",
    "flower": "The petal-shaped planar dataset of classic deep-learning courses, r = 4·sin 4θ. "
              "Each class forms alternating petals.",
}


@dataclass(frozen=True)
class SplitCounts:
    """Examples per class in one split (read from Y (1, m))."""

    m: int
    class0: int
    class1: int

    @property
    def share1(self) -> float:
        """Fraction of class-1 examples (0 for an empty split)."""
        return self.class1 / self.m if self.m else 0.0


def split_counts(Y: np.ndarray) -> SplitCounts:
    """Class counts of labels Y (1, m) holding 0.0 / 1.0."""
    y = np.asarray(Y).ravel() > 0.5
    return SplitCounts(m=int(y.size), class0=int(np.count_nonzero(~y)), class1=int(np.count_nonzero(y)))


def data_scatter(data: Dataset, *, title: str | None = None, height: int = 480) -> dict:
    """Train points as circles, test points as diamonds, coloured by class, each with a white rim.

    Uses the first two features of X_train (n_x, m_train) and X_test (n_x, m_test);
    both axes share one scale so the shape of the data is not distorted. Returns a figure
    dict: four scatter traces (class 0 / 1 of train, then of test), x and y arrays (k,).
    """
    traces = []
    for split, cls, X, idx in class_groups(data):
        x1, x2 = _two_features(X)
        traces.append(dict(
            type="scatter", x=x1[idx], y=x2[idx], mode="markers",
            name=f"{CLASS_NAMES[cls]} · {split} ({idx.size})",
            legendgroup=split,
            marker=point_marker(split, cls, size=8, train_opacity=0.85),  # larger than the small multiples
            customdata=idx + 1,
            hovertemplate=(f"{split} example %{{customdata}}<br>x₁ = %{{x:.3f}}<br>x₂ = %{{y:.3f}}"
                           f"<br>y = {cls}<extra></extra>"),
        ))
    layout = styled_layout(
        title=title, height=height,
        xaxis=dict(title=dict(text="x₁ (first row of X)"), zeroline=False),
        yaxis=dict(title=dict(text="x₂ (second row of X)"), zeroline=False, scaleanchor="x", scaleratio=1),
    )
    return figure(traces, layout)


def _two_features(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows 1 and 2 of X (n_x, m); a single feature is drawn against zero."""
    X = np.asarray(X, dtype=float)
    second = X[1] if X.shape[0] > 1 else np.zeros(X.shape[1])
    return X[0], second


def columns_table(X: np.ndarray, Y: np.ndarray, k: int = 6, digits: int = 3) -> pd.DataFrame:
    """The first ``k`` columns of X (n_x, m) above Y (1, m): rows x₁ … x_n, y; columns
    "x⁽¹⁾ · column 0" … (the math counts examples from 1, NumPy columns from 0).
    Values are text, rounded for reading (labels as 0/1)."""
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    k = max(0, min(k, X.shape[1]))
    rows = {f"x{_sub(i + 1)}": [f"{v:.{digits}f}" for v in X[i, :k]] for i in range(X.shape[0])}
    rows["y"] = [f"{v:.0f}" for v in Y[0, :k]]
    return pd.DataFrame.from_dict(rows, orient="index", columns=[column_label(j) for j in range(k)])


def column_label(j: int) -> str:
    """NumPy column ``j`` (from 0) named with its example (from 1): "x⁽¹⁾ · column 0"."""
    return f"{example_symbol(j)} · column {j}"


def markdown_table(table: pd.DataFrame) -> str:
    """A small table of text as Markdown (index as the first column): one text element on the
    page, where a data-grid would be a widget of its own for a dozen short numbers."""
    head = "| | " + " | ".join(str(c) for c in table.columns) + " |"
    rule = "|---|" + "---:|" * len(table.columns)
    rows = [f"| **{i}** | " + " | ".join(str(v) for v in row) + " |" for i, row in zip(table.index, table.values,
                                                                                   strict=True)]
    return "\n".join([head, rule, *rows])


def _sub(n: int) -> str:
    """``12`` → "₁₂" (subscript digits, for row labels in plain text)."""
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
