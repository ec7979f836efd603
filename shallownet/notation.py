"""Every symbol once: how equations spell it, how plain text and code spell it, what it is.

Equations write the lecture notes' W^{[1]}, Z^{[2]}, x^{(i)}; plain text, tables, hovers and
chart labels write the code's W1, Z2 (never W¹, which reads as a power). Pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass

NOTES_TITLE = "Gradient Descent for Neural networks"  # the course notes this app follows


@dataclass(frozen=True)
class Symbol:
    """One row of the legend: the equation's spelling (LaTeX), the code's, and the meaning."""

    latex: str
    code: str
    meaning: str


LEGEND: tuple[Symbol, ...] = (
    Symbol(r"X = A^{[0]}", "X", "the inputs, one example per column: (n_x, m)"),
    Symbol(r"Y", "Y", "the labels 0 or 1, one per column: (1, m)"),
    Symbol(r"W^{[1]},\ b^{[1]}", "W1, b1", "hidden layer's weights (n_h, n_x) and biases (n_h, 1)"),
    Symbol(r"W^{[2]},\ b^{[2]}", "W2, b2", "output unit's weights (1, n_h) and bias (1, 1)"),
    Symbol(r"Z^{[l]},\ A^{[l]}", "Z1, A1, Z2, A2", "layer l's weighted sums and activations; A2 = ŷ"),
    Symbol(r"n^{[0]} = n_x,\ n^{[1]} = n_h,\ n^{[2]} = 1", "n_x, n_h", "units per layer"),
    Symbol(r"g^{[1]} = g,\ g^{[2]} = \sigma", "g, sigmoid", "the activations: g hidden, σ at the output"),
    Symbol(r"m", "m", "the number of training examples (columns of X)"),
    Symbol(r"x^{(i)},\ y^{(i)}", "X[:, i-1], Y[:, i-1]", "example i, counted from 1 (NumPy counts its columns from 0)"),
    Symbol(r"\mathcal{L}(a, y),\ J", "loss, J", "one example's loss, and the cost J = (1/m) Σᵢ 𝓛"),
    Symbol(r"dW^{[l]},\ db^{[l]}", "dW1, db1, dW2, db2", "∂J/∂W and ∂J/∂b: what the update subtracts"),
    Symbol(r"dZ^{[l]},\ dA^{[l]}", "dZ1, dA1, dZ2", "each example's ∂𝓛/∂z in its column: m·∂J/∂Z"),
    Symbol(r"\alpha", "alpha, lr", "the learning rate: P := P − α·dP"),
)

EXAMPLE_COUNTING = (
    "Examples are counted from 1 in the math, x⁽¹⁾ … x⁽ᵐ⁾, and from 0 in NumPy: "
    "example i is column i − 1 of X, X[:, i−1]."
)

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def example_symbol(column: int, letter: str = "x") -> str:
    """The math's name of the example in NumPy column ``column``: column 0 is x⁽¹⁾."""
    return f"{letter}⁽{str(int(column) + 1).translate(_SUPERSCRIPT)}⁾"


def legend_markdown() -> str:
    """The legend as a Markdown table (equations in $…$)."""
    rows = ["| in equations | in code and labels | what it is |", "|---|---|---|"]
    rows += [f"| ${s.latex}$ | `{s.code}` | {s.meaning} |" for s in LEGEND]
    return "\n".join(rows)
