"""Every tensor of one forward and backward pass, with its shape read from the real array.

:func:`shape_table` runs the network on the current parameters and data and returns one
row per tensor — symbol, shape formula, the concrete shape of the array, what it holds —
so nothing shown is typed by hand. The formulas of the forward tensors come from
``graph.NODE_SPECS``; those of the gradients are kept here, in :data:`GRADIENT_SPECS`.

:func:`keepdims_demo` and :func:`broadcast_demo` show the shape rules with the arrays of
the same run: b (n_h, 1) broadcasts across m columns; ``sum(axis=1, keepdims=True)``
keeps (n_h, 1), and without keepdims a (n_h,) vector subtracted from b (n_h, 1) becomes
an (n_h, n_h) matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .formatting import shape_str
from .graph import build_graph, shape_from_formula

# gradient name: (symbol LaTeX, shape formula, equation LaTeX, the tensor it belongs to)
GRADIENT_SPECS = {
    "dZ2": ("dZ^{[2]}", "(1, m)", r"dZ^{[2]} = A^{[2]} - Y", "Z2"),
    "dW2": ("dW^{[2]}", "(1, n_h)", r"dW^{[2]} = \tfrac{1}{m}\, dZ^{[2]} A^{[1]T}", "W2"),
    "db2": ("db^{[2]}", "(1, 1)", r"db^{[2]} = \tfrac{1}{m} \textstyle\sum_{\text{cols}} dZ^{[2]}", "b2"),
    "dZ1": ("dZ^{[1]}", "(n_h, m)", r"dZ^{[1]} = W^{[2]T} dZ^{[2]} \ast g'(Z^{[1]})", "Z1"),
    "dW1": ("dW^{[1]}", "(n_h, n_x)", r"dW^{[1]} = \tfrac{1}{m}\, dZ^{[1]} X^{T}", "W1"),
    "db1": ("db^{[1]}", "(n_h, 1)", r"db^{[1]} = \tfrac{1}{m} \textstyle\sum_{\text{cols}} dZ^{[1]}", "b1"),
}

# what each tensor holds, in a sentence a student can read next to its shape
HOLDS = {
    "X": "the inputs: one column of n_x features per example",
    "Y": "the labels, 0 or 1, one per example",
    "W1": "one row of incoming weights per hidden unit",
    "b1": "one bias per hidden unit",
    "Z1": "each hidden unit's weighted input, for every example",
    "A1": "each hidden unit's output g(Z1), for every example",
    "W2": "the output unit's weight on each hidden unit",
    "b2": "the output unit's bias",
    "Z2": "the output unit's weighted input, for every example",
    "A2": "the predicted probability of class 1, for every example",
    "dZ2": "each example's ∂𝓛/∂z2 = a2 − y in its column: m·∂J/∂Z2, not ∂J/∂Z2",
    "dW2": "∂J/∂W2: how the cost changes with each weight of W2",
    "db2": "∂J/∂b2 = (1/m) Σ over the columns of dZ2: the mean error over the examples",
    "dZ1": "each example's ∂𝓛/∂z1 in its column, one row per hidden unit: m·∂J/∂Z1, not ∂J/∂Z1",
    "dW1": "∂J/∂W1: how the cost changes with each weight of W1",
    "db1": "∂J/∂b1 = (1/m) Σ over the columns of dZ1, one number per hidden unit",
}

FORWARD = ("X", "Y", "W1", "b1", "Z1", "A1", "W2", "b2", "Z2", "A2")
BACKWARD = ("dZ2", "dW2", "db2", "dZ1", "dW1", "db1")
TENSORS = FORWARD + BACKWARD


@dataclass(frozen=True)
class TensorRow:
    """One tensor: ``shape`` is the array's own ``.shape``; ``formula`` its symbolic shape."""

    name: str
    symbol: str  # LaTeX
    formula: str  # e.g. "(n_h, m)"
    shape: tuple
    equation: str  # LaTeX of how it is computed ("" for inputs and parameters)
    stage: str  # "input", "parameter", "forward" or "backward"
    holds: str
    of: str = ""  # for a gradient dP: the tensor P whose shape it shares


@dataclass(frozen=True)
class ShapeTable:
    """All rows plus the sizes read from the arrays and the arrays themselves (name → array)."""

    rows: tuple
    sizes: dict  # {"n_x", "n_h", "m"}
    arrays: dict

    def row(self, name: str) -> TensorRow:
        return next(r for r in self.rows if r.name == name)

    def formula_shape(self, name: str) -> tuple:
        """The formula of ``name`` evaluated at the current sizes."""
        return shape_from_formula(self.row(name).formula, self.sizes)


_KIND_TO_STAGE = {"input": "input", "param": "parameter", "op": "forward"}


def shape_table(params: dict, X, Y, activation: str = "tanh") -> ShapeTable:
    """Run forward and backward on (X (n_x, m), Y (1, m)) and describe every tensor.

    The shapes are the ``.shape`` of the arrays the network produced, never typed.
    """
    graph = build_graph(params, X, Y, activation)
    arrays = {name: graph.values[name] for name in FORWARD}
    grads = {"dZ2": graph.grads["Z2"], "dZ1": graph.grads["Z1"],
             **{"d" + p: graph.grads[p] for p in ("W1", "b1", "W2", "b2")}}
    arrays.update({name: grads[name] for name in BACKWARD})
    rows = []
    for name in FORWARD:
        node = graph.nodes[name]
        rows.append(TensorRow(name, node.symbol, node.shape_formula, tuple(np.shape(arrays[name])),
                              node.equation, _KIND_TO_STAGE[node.kind], HOLDS[name]))
    for name in BACKWARD:
        symbol, formula, equation, of = GRADIENT_SPECS[name]
        rows.append(TensorRow(name, symbol, formula, tuple(np.shape(arrays[name])), equation, "backward",
                              HOLDS[name], of))
    n_x, m = np.shape(arrays["X"])
    sizes = {"n_x": int(n_x), "n_h": int(np.shape(arrays["W1"])[0]), "m": int(m)}
    return ShapeTable(tuple(rows), sizes, arrays)


# -- the shape rules, with real arrays -------------------------------------------------
@dataclass(frozen=True)
class BroadcastDemo:
    """Z1 = W1 X + b1: W1X (n_h, m) plus b1 (n_h, 1) → (n_h, m), b1 added to every column."""

    W1X: np.ndarray
    b1: np.ndarray
    Z1: np.ndarray

    @property
    def column_check(self) -> float:
        """max |Z1[:, j] − (W1X[:, j] + b1)| over j: 0 shows b1 went into every column."""
        if self.Z1.size == 0:
            return 0.0
        return float(np.abs(self.Z1 - (self.W1X + self.b1[:, :1])).max())


def broadcast_demo(params: dict, X) -> BroadcastDemo:
    """The two terms of Z1 and their broadcast sum, from the current parameters and X (n_x, m)."""
    W1X = np.asarray(params["W1"], float) @ np.asarray(X, float)
    b1 = np.asarray(params["b1"], float)
    return BroadcastDemo(W1X, b1, W1X + b1)


@dataclass(frozen=True)
class KeepdimsDemo:
    """db1 with and without keepdims, and one update step of b1 with each.

    kept (n_h, 1) · flat (n_h,) · wrong_axis (1, m) · updated (n_h, 1) · broken (n_h, n_h)
    when n_h > 1 (for n_h = 1 the broadcast hides the slip: (1,) − (1, 1) is (1, 1)).
    """

    dZ1: np.ndarray
    b1: np.ndarray
    kept: np.ndarray
    flat: np.ndarray
    wrong_axis: np.ndarray
    updated: np.ndarray
    broken: np.ndarray
    learning_rate: float
    next_forward: str  # what W1 X + (the broken b1) does: numpy's error, or the shape it broadcast to

    @property
    def silent(self) -> bool:
        """True when the broken update happens to have b1's shape (n_h = 1)."""
        return self.broken.shape == self.b1.shape


def keepdims_demo(params: dict, X, Y, activation: str = "tanh", learning_rate: float = 1.2) -> KeepdimsDemo:
    """db1 = (1/m) Σ_cols dZ1 computed both ways from the real dZ1 of this run, and
    b1 − α·db1 with each (the second broadcasts into an (n_h, n_h) matrix)."""
    return keepdims_from_table(params, shape_table(params, X, Y, activation), learning_rate)


def keepdims_from_table(params: dict, table: ShapeTable, learning_rate: float = 1.2) -> KeepdimsDemo:
    """:func:`keepdims_demo` from a shape table already built (no second forward and backward)."""
    dZ1, b1 = table.arrays["dZ1"], table.arrays["b1"]
    m = max(dZ1.shape[1], 1)
    kept = np.sum(dZ1, axis=1, keepdims=True) / m
    flat = np.sum(dZ1, axis=1) / m
    wrong_axis = np.sum(dZ1, axis=0, keepdims=True) / m
    broken = b1 - learning_rate * flat
    W1X = np.asarray(params["W1"], float) @ table.arrays["X"]
    try:
        next_forward = f"no error: it silently broadcast to {(W1X + broken).shape}"
    except ValueError as err:  # (n_h, m) + (n_h, n_h) only broadcasts when m = n_h or n_h = 1
        next_forward = f"ValueError: {err}"
    return KeepdimsDemo(dZ1, b1, kept, flat, wrong_axis, b1 - learning_rate * kept, broken,
                        float(learning_rate), next_forward)


# -- the Shapes page's numbers and sentences, from one forward and backward pass ----------------
@dataclass(frozen=True)
class ShapesLesson:
    """Everything the Shapes page shows about one run: the table, and the broadcast and keepdims rules."""

    table: ShapeTable
    broadcast: BroadcastDemo
    keepdims: KeepdimsDemo

    @property
    def parameter_count(self) -> int:
        """Entries of W1, b1, W2 and b2 together (n_h·n_x + n_h + n_h + 1): independent of m."""
        return int(sum(np.prod(self.table.row(p).shape) for p in ("W1", "b1", "W2", "b2")))


def shapes_lesson(params: dict, X, Y, activation: str = "tanh", learning_rate: float = 1.2) -> ShapesLesson:
    """Run forward and backward once on (X (n_x, m), Y (1, m)) and derive every rule from that run."""
    table = shape_table(params, X, Y, activation)
    return ShapesLesson(table, broadcast_demo(params, X), keepdims_from_table(params, table, learning_rate))


def broadcast_text(bd: BroadcastDemo) -> str:
    """Rule 2 in words, with the shapes of this run and the largest column difference."""
    return (
        f"In Z1 = W1 X + b1 the product W1 X has shape **{shape_str(bd.W1X.shape)}** but b1 has shape "
        f"**{shape_str(bd.b1.shape)}**. NumPy stretches b1's single column across all "
        f"{bd.W1X.shape[1]} columns — every example gets the same bias — and the sum has shape "
        f"**{shape_str(bd.Z1.shape)}**. Largest difference between any column of Z1 and "
        f"(that column of W1 X) + b1: **{bd.column_check:.1g}**."
    )


def zero_bias_note(bd: BroadcastDemo, iteration: int) -> str | None:
    """A note when b1 is still all zero (nothing to see broadcast yet), else None."""
    if np.any(bd.b1):
        return None
    return (f"At iteration {iteration} b1 is still all zero (biases start at 0): train the network "
            "(Training or Gradients page) and come back to see the bias go into every column.")


def keepdims_text(kd: KeepdimsDemo) -> str:
    """Rule 3's explanation when the slip shows (n_h > 1): the broken update and the next forward pass."""
    return (
        f"Without keepdims, b1 {shape_str(kd.b1.shape)} minus a vector {shape_str(kd.flat.shape)} is broadcast "
        "in **both** "
        f"directions: the result is a **{shape_str(kd.broken.shape)} matrix**, entry (i, j) = "
        "b1[i] − α·db1[j]. No error is raised at the update. The next forward pass, W1 X + b1 with "
        f"this b1, gives — tried just now: `{kd.next_forward}`. The real numbers with "
        f"α = {kd.learning_rate:g}:"
    )
