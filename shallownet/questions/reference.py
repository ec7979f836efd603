"""Questions of the reference pages (the cheat sheet and the lecture notes), from the live arrays:
each expected shape is read from an array of this run's forward and backward pass."""

from __future__ import annotations

from ..activations import get_activation
from ..formatting import shape_str
from ..network import forward
from . import Question


def a1_transposed(params: dict, X, activation: str) -> Question:
    """dW2 = (1/m) dZ2 A1ᵀ: the shape of A1ᵀ, the factor that turns (1, m) into (1, n_h)."""
    _, cache = forward(params, X, activation)
    a1t, dz2 = cache["A1"].T.shape, cache["Z2"].shape
    return Question(
        "cheat.a1t",
        rf"In $dW^{{[2]}} = \frac{{1}}{{m}} dZ^{{[2]}} A^{{[1]T}}$, dZ2 has shape {shape_str(dz2)}. "
        "What shape does A1ᵀ have?",
        f"**{shape_str(a1t)}**: A1 holds one column per example, {shape_str(a1t[::-1])}, and transposing swaps the "
        f"two. So {shape_str(dz2)} × {shape_str(a1t)} = {shape_str((dz2[0], a1t[1]))}, the shape of W2: the product "
        f"sums over the m = {a1t[0]} examples, and 1/m turns that sum into a mean.",
        kind="shape", expected=tuple(a1t),
    )


def dz1_shape(params: dict, X, Y, activation: str) -> Question:
    """The notes' Eq. (4) gives dZ^{[1]} the shape (m^{[1]}, m); the array's shape is (n_h, m)."""
    _, cache = forward(params, X, activation)
    dZ2 = cache["A2"] - Y
    dz1 = ((params["W2"].T @ dZ2) * get_activation(activation).prime(cache["Z1"], cache["A1"])).shape
    return Question(
        "notes.dz1_shape",
        "The notes' Eq. (4) writes the shape of $dZ^{[1]}$ as $(m^{[1]}, m)$. With the current settings, "
        "what shape does dZ1 = W2ᵀ dZ2 ∗ g′(Z1) really have?",
        f"**{shape_str(dz1)}**, the shape of Z1: one row per hidden unit (n_h = $n^{{[1]}}$ = {dz1[0]}), one column "
        f"per example (m = {dz1[1]}). There is no $m^{{[1]}}$: the notes mean $n^{{[1]}}$.",
        kind="shape", expected=dz1,
    )
