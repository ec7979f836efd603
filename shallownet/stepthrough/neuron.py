"""Logistic regression: one sigmoid neuron, forward and the chain rule backward, and its fit."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..activations import sigmoid
from ..network import example_losses


@dataclass(frozen=True)
class NeuronStep:
    """A single sigmoid neuron on one example: forward and the chain rule backward.

    x, w (n, 1); b, z, a, loss, da, sigma_prime, dz, dz_direct floats; dw (n, 1), db float.
    ``clipped`` tells that a was within machine epsilon of 0 or 1 and was clipped to keep
    −y/a + (1−y)/(1−a) finite.
    """

    x: np.ndarray
    y: float
    w: np.ndarray
    b: float
    z: float
    a: float
    loss: float
    da: float
    sigma_prime: float
    dz: float
    dz_direct: float
    dw: np.ndarray
    db: float
    clipped: bool


def neuron_step(x, y, w, b) -> NeuronStep:
    """z = wᵀx + b, a = σ(z), L = −(y log a + (1−y) log(1−a)); then
    da = −y/a + (1−y)/(1−a), σ′(z) = a(1−a), dz = da·σ′(z) (the chain rule), which equals a − y;
    dw = dz·x, db = dz."""
    x = np.asarray(x, dtype=float).reshape(-1, 1)
    w = np.asarray(w, dtype=float).reshape(-1, 1)
    y = float(np.asarray(y).ravel()[0])
    b = float(np.asarray(b).ravel()[0])
    z = float((w.T @ x)[0, 0] + b)
    a_exact = float(sigmoid(np.array([z]))[0])
    eps = np.finfo(float).eps
    a = float(min(max(a_exact, eps), 1.0 - eps))
    da = float(-y / a + (1.0 - y) / (1.0 - a))
    sigma_prime = a * (1.0 - a)
    dz = da * sigma_prime
    return NeuronStep(
        x=x, y=y, w=w, b=b, z=z, a=a_exact,
        loss=float(example_losses(np.array([[a_exact]]), np.array([[y]]))[0, 0]),
        da=da, sigma_prime=sigma_prime, dz=dz, dz_direct=a_exact - y, dw=dz * x, db=dz,
        clipped=bool(a != a_exact),
    )


def fit_logistic_regression(X, Y, steps: int = 200, learning_rate: float = 1.0) -> tuple:
    """Plain full-batch gradient descent for a single sigmoid neuron from w = 0, b = 0.

    X (n_x, m), Y (1, m) → w (n_x, 1), b (1, 1). The same equations as the output unit:
    dz = a − y, dw = (1/m) X dzᵀ, db = (1/m) Σ dz.
    """
    X = np.asarray(X, dtype=float)
    Y = np.asarray(Y, dtype=float)
    m = X.shape[1]
    w = np.zeros((X.shape[0], 1))
    b = np.zeros((1, 1))
    for _ in range(steps):
        dz = sigmoid(w.T @ X + b) - Y
        w -= learning_rate * (X @ dz.T) / m
        b -= learning_rate * np.sum(dz, axis=1, keepdims=True) / m
    return w, b
