"""The computation graph at tensor level, as plain data shared by views and tests.

Nodes X, W1, b1, Z1, A1, W2, b2, Z2, A2, Y, J; each with its symbol, shape
formula, concrete shape (read from the arrays of the current run), the equation
that computes it and the one that computes its gradient.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import get_activation
from .network import backward, compute_cost, forward


@dataclass(frozen=True)
class Node:
    name: str
    symbol: str  # LaTeX
    kind: str  # "input", "param", "op", "cost"
    shape_formula: str  # e.g. "(n_h, m)"
    shape: tuple  # concrete, from the array
    equation: str  # LaTeX of how it is computed ("" for inputs and parameters)
    grad_equation: str  # LaTeX of its gradient ("" where none is needed)
    column: int  # left-to-right position in the layout
    row: float  # vertical position in the layout


# name: (symbol, kind, shape formula, equation, gradient equation, column, row)
NODE_SPECS = {
    "X": ("X", "input", "(n_x, m)", "", "", 0, 0.0),
    "W1": ("W^{[1]}", "param", "(n_h, n_x)", "", r"dW^{[1]} = \tfrac{1}{m}\, dZ^{[1]} X^{T}", 0, 1.0),
    "b1": ("b^{[1]}", "param", "(n_h, 1)", "",
           r"db^{[1]} = \tfrac{1}{m} \textstyle\sum_{\text{cols}} dZ^{[1]}", 0, -1.0),
    "Z1": ("Z^{[1]}", "op", "(n_h, m)", r"Z^{[1]} = W^{[1]} X + b^{[1]}",
           r"dZ^{[1]} = W^{[2]T} dZ^{[2]} \ast g'(Z^{[1]})", 1, 0.0),
    "A1": ("A^{[1]}", "op", "(n_h, m)", r"A^{[1]} = g(Z^{[1]})", r"dA^{[1]} = W^{[2]T} dZ^{[2]}", 2, 0.0),
    "W2": ("W^{[2]}", "param", "(1, n_h)", "", r"dW^{[2]} = \tfrac{1}{m}\, dZ^{[2]} A^{[1]T}", 2, 1.0),
    "b2": ("b^{[2]}", "param", "(1, 1)", "",
           r"db^{[2]} = \tfrac{1}{m} \textstyle\sum_{\text{cols}} dZ^{[2]}", 2, -1.0),
    "Z2": ("Z^{[2]}", "op", "(1, m)", r"Z^{[2]} = W^{[2]} A^{[1]} + b^{[2]}", r"dZ^{[2]} = A^{[2]} - Y", 3, 0.0),
    "A2": ("A^{[2]}", "op", "(1, m)", r"A^{[2]} = \sigma(Z^{[2]})", "", 4, 0.0),
    "Y": ("Y", "input", "(1, m)", "", "", 4, -1.0),
    "J": ("J", "cost", "()", r"J = \tfrac{1}{m} \textstyle\sum_i \mathcal{L}(a^{[2](i)}, y^{(i)})", "", 5, 0.0),
}

EDGES = (
    ("X", "Z1"), ("W1", "Z1"), ("b1", "Z1"), ("Z1", "A1"), ("A1", "Z2"), ("W2", "Z2"),
    ("b2", "Z2"), ("Z2", "A2"), ("A2", "J"), ("Y", "J"),
)


@dataclass(frozen=True)
class Graph:
    nodes: dict  # name → Node, in NODE_SPECS order
    edges: tuple  # (source, target) pairs
    values: dict  # name → array (J as a 0-d array)
    grads: dict  # name → gradient array, for the nodes that have one (dJ/dname)


def shape_from_formula(formula: str, sizes: dict) -> tuple:
    """Evaluate a formula like "(n_h, m)" for ``sizes`` {"n_x":…, "n_h":…, "m":…}."""
    inner = formula.strip("()").replace(" ", "")
    return tuple(int(sizes.get(p, p)) for p in inner.split(",") if p)


def build_graph(params: dict, X, Y, activation: str = "tanh") -> Graph:
    """Run forward and backward on (X, Y) and lay the results out as a :class:`Graph`.

    Shapes are read from the arrays themselves, never typed.
    """
    A2, cache = forward(params, X, activation)
    g = backward(params, cache, X, Y, activation)
    dZ2 = A2 - Y
    values = {"X": np.asarray(X, float), "Y": np.asarray(Y, float), **params, **cache,
              "J": np.asarray(compute_cost(A2, Y))}
    grads = {
        "W1": g["dW1"], "b1": g["db1"], "W2": g["dW2"], "b2": g["db2"],
        "Z2": dZ2, "A1": params["W2"].T @ dZ2,
        "Z1": (params["W2"].T @ dZ2) * get_activation(activation).prime(cache["Z1"], cache["A1"]),
    }
    # the J-node's own "gradient" and dA2 are left out: the app starts backward at dZ2
    nodes = {
        name: Node(name, sym, kind, formula, tuple(np.shape(values[name])), eq, geq, col, row)
        for name, (sym, kind, formula, eq, geq, col, row) in NODE_SPECS.items()
    }
    return Graph(nodes, EDGES, values, grads)

