"""Hidden-layer activations, each beside its derivative, in one name-keyed table.

The names in :data:`ACTIVATIONS` are the strings the app offers. Every function
accepts an optional ``out`` array so the trainer can reuse buffers; called
without it they are pure. All of them stay finite and warning-free for any
finite input (``tanh`` never overflows, and the logistic is written through
``tanh``, so ``exp`` never sees a large argument).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

LEAKY_SLOPE = 0.01


def sigmoid(z, out=None):
    """Logistic σ(z) = 1 / (1 + e^(−z)), computed as (1 + tanh(z/2)) / 2: no overflow."""
    if out is None:  # pure call (also for scalars and 0-d arrays, which have no buffer to reuse)
        return (np.tanh(np.multiply(z, 0.5)) + 1.0) * 0.5
    np.multiply(z, 0.5, out=out)
    np.tanh(out, out=out)
    out += 1.0
    out *= 0.5
    return out


def _sigmoid_prime(z, a, out=None):
    """σ′(z) = σ(z)(1 − σ(z)), from the activation a = σ(z)."""
    if out is None:
        return np.multiply(np.subtract(1.0, a), a)
    np.subtract(1.0, a, out=out)
    out *= a
    return out


def _tanh(z, out=None):
    return np.tanh(z, out=out)


def _tanh_prime(z, a, out=None):
    """tanh′(z) = 1 − tanh(z)², from the activation a = tanh(z)."""
    if out is None:
        return np.subtract(1.0, np.multiply(a, a))
    np.multiply(a, a, out=out)
    np.subtract(1.0, out, out=out)
    return out


def _relu(z, out=None):
    return np.maximum(z, 0.0, out=out)


def _relu_prime(z, a, out=None):
    """ReLU′(z) = 1 where z > 0, else 0 (0 at the kink, as most libraries choose).

    Returned as floats of z's dtype: a boolean mask would upcast products to float64.
    """
    if out is None:
        out = np.empty_like(z, dtype=np.result_type(z, np.float32))
    np.greater(z, 0.0, out=out)
    return out


def _leaky_relu(z, out=None):
    """max(z, 0.01·z)."""
    return np.maximum(z, np.multiply(z, LEAKY_SLOPE), out=out)


def _leaky_relu_prime(z, a, out=None):
    """1 where z > 0, else 0.01."""
    out = _relu_prime(z, a, out=out)
    out *= 1.0 - LEAKY_SLOPE
    out += LEAKY_SLOPE
    return out


@dataclass(frozen=True)
class Activation:
    """An activation g and its derivative g′.

    ``g(z)`` maps an array to an array of the same shape; ``prime(z, a)`` returns
    g′(z) and may use ``a = g(z)`` when that is cheaper (tanh, sigmoid) or z (ReLU).
    """

    name: str
    label: str
    formula: str  # LaTeX of g(z)
    prime_formula: str  # LaTeX of g′(z)
    g: Callable
    prime: Callable

    def derivative(self, z):
        """g′(z) for an array z (pure convenience: computes g(z) first)."""
        z = np.asarray(z, dtype=float)
        return self.prime(z, self.g(z))


ACTIVATIONS: dict[str, Activation] = {
    "tanh": Activation("tanh", "tanh", r"\tanh(z)", r"1-\tanh^2(z)", _tanh, _tanh_prime),
    "relu": Activation(
        "relu", "ReLU", r"\max(0, z)", r"\begin{cases}1 & z>0\\ 0 & z\le 0\end{cases}",
        _relu, _relu_prime,
    ),
    "sigmoid": Activation(
        "sigmoid", "sigmoid", r"\sigma(z)=\frac{1}{1+e^{-z}}", r"\sigma(z)\,(1-\sigma(z))",
        sigmoid, _sigmoid_prime,
    ),
    "leaky_relu": Activation(
        "leaky_relu", "leaky ReLU", r"\max(0.01z,\ z)",
        r"\begin{cases}1 & z>0\\ 0.01 & z\le 0\end{cases}",
        _leaky_relu, _leaky_relu_prime,
    ),
}


def get_activation(name: str) -> Activation:
    """The table entry for ``name``; a clear error for an unknown one."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}") from None
