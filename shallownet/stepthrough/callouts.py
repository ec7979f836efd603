"""What to notice at a phase, computed from the arrays: the coin-flip cost and the linear regime."""

from __future__ import annotations

import numpy as np

from .trace import Trace

LN2 = float(np.log(2.0))
HALF_BAND = 0.05  # outputs this close to 0.5 count as "50 % for everyone"
LINEAR_GAP = 0.01  # relative gap below which the hidden layer counts as linear
# activation → (what g is close to near 0, as text; g′(0); offset g(0))
NEAR_ZERO = {"tanh": ("tanh(z) ≈ z", "1 − tanh²(z) ≈ 1", 1.0, 0.0),
             "sigmoid": ("σ(z) ≈ 1/2 + z/4", "σ′(z) ≈ 1/4", 0.25, 0.5)}


def coin_flip_callout(trace: Trace) -> str | None:
    """At the cost: J ≈ ln 2 because every output is ≈ 0.5. None unless that holds."""
    J = float(trace["J"])
    spread = float(np.max(np.abs(trace["A2"] - 0.5)))
    if spread > HALF_BAND or abs(J - LN2) > 0.01:
        return None
    return (f"**J = {J:.4f} ≈ ln 2 = {LN2:.4f}.** Every output A2 is within {spread:.1e} of 0.5: a network "
            "that says 50 % for every example, so each example's loss is ≈ −log 0.5 = ln 2. Training has "
            "to move the outputs away from 0.5 before J can fall.")


def linear_regime_callout(trace: Trace, phase_id: str) -> str | None:
    """At A1 (forward) or dZ1 (backward): with small Z1 the hidden layer is almost linear.

    tanh: A1 ≈ Z1 and dZ1 ≈ dA1; sigmoid: A1 ≈ 1/2 + Z1/4 and dZ1 ≈ dA1/4. The gaps are
    measured relative to the largest entry; None when they exceed :data:`LINEAR_GAP`, for ReLU
    and leaky ReLU (linear on each side of 0, never ≈ one line across it) and at all-zero Z1.
    """
    if trace.activation not in NEAR_ZERO or phase_id not in ("A1", "dZ1"):
        return None
    g_text, prime_text, slope, offset = NEAR_ZERO[trace.activation]
    Z1, A1, dA1, dZ1 = trace["Z1"], trace["A1"], trace["dA1"], trace["dZ1"]
    z_top, d_top = float(np.max(np.abs(Z1))), float(np.max(np.abs(dA1)))
    if z_top == 0.0 or d_top == 0.0:
        return None
    a_gap = float(np.max(np.abs(A1 - (offset + slope * Z1)))) / (slope * z_top)
    d_gap = float(np.max(np.abs(dZ1 - slope * dA1))) / (slope * d_top)
    if max(a_gap, d_gap) > LINEAR_GAP:
        return None
    lin = "Z1" if offset == 0.0 else "1/2 + Z1/4"
    dlin = "dA1" if slope == 1.0 else "dA1/4"
    if phase_id == "A1":
        said = (f"every |Z1| is at most {z_top:.2g}, where {g_text}: A1 differs from {lin} by at most "
                f"{a_gap:.1e} of the largest |{lin if offset == 0 else 'Z1/4'}|.")
    else:
        said = (f"every |Z1| is at most {z_top:.2g}, where g′(z) = {prime_text}: dZ1 differs from {dlin} by "
                f"at most {d_gap:.1e} of the largest |{dlin}|.")
    return (f"**The hidden layer is almost linear here:** {said} So far the network computes nearly a "
            "linear function of x, like logistic regression. Train a few hundred steps and come back "
            "to see whether that still holds.")
