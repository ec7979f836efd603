"""The tensors of one iteration by key: their LaTeX symbols, plain-text labels, which axis
holds the m examples, and which hold probabilities. Pure Python."""

from __future__ import annotations

# key → LaTeX symbol. Keys ending in "T" are transposes; "_new" are the updated parameters.
SYMBOLS = {
    "X": "X", "XT": "X^{T}", "Y": "Y",
    "W1": "W^{[1]}", "b1": "b^{[1]}", "W2": "W^{[2]}", "W2T": "W^{[2]T}", "b2": "b^{[2]}",
    "Z1": "Z^{[1]}", "A1": "A^{[1]}", "A1T": "A^{[1]T}", "Z2": "Z^{[2]}", "A2": "A^{[2]}",
    "L": r"\mathcal{L}", "J": "J",
    "dZ2": "dZ^{[2]}", "dW2": "dW^{[2]}", "db2": "db^{[2]}",
    "dA1": "dA^{[1]}", "gZ1": "g'(Z^{[1]})", "dZ1": "dZ^{[1]}", "dW1": "dW^{[1]}", "db1": "db^{[1]}",
    "W1_new": "W^{[1]}", "b1_new": "b^{[1]}", "W2_new": "W^{[2]}", "b2_new": "b^{[2]}",
}

# key → short plain-text label, in the code's spelling (W1, not W¹, which reads as a power;
# Plotly titles and hovers cannot typeset LaTeX)
LABELS = {
    "X": "X", "XT": "Xᵀ", "Y": "Y",
    "W1": "W1", "b1": "b1", "W2": "W2", "W2T": "W2ᵀ", "b2": "b2",
    "Z1": "Z1", "A1": "A1", "A1T": "A1ᵀ", "Z2": "Z2", "A2": "A2", "L": "L (per example)", "J": "J",
    "dZ2": "dZ2", "dW2": "dW2", "db2": "db2", "dA1": "dA1 = W2ᵀdZ2", "gZ1": "g′(Z1)",
    "dZ1": "dZ1", "dW1": "dW1", "db1": "db1",
    "W1_new": "W1 (updated)", "b1_new": "b1 (updated)", "W2_new": "W2 (updated)", "b2_new": "b2 (updated)",
}

# tensors whose columns are the m examples (the views show a slice of them);
# the transposes XT, A1T have the examples in their rows
EXAMPLE_AXIS = {"X": 1, "Y": 1, "Z1": 1, "A1": 1, "Z2": 1, "A2": 1, "L": 1, "dZ2": 1, "dA1": 1,
                "gZ1": 1, "dZ1": 1, "XT": 0, "A1T": 0}

# tensors in [0, 1] (labels and probabilities) as opposed to signed values
PROBABILITY_KEYS = frozenset({"Y", "A2"})
