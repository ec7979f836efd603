"""The two-layer network, one equation per line, in float64.

Notation (examples stacked in columns):
    X (n_x, m), Y (1, m)
    W1 (n_h, n_x), b1 (n_h, 1), W2 (1, n_h), b2 (1, 1)

Forward                       Backward
    Z1 = W1 X + b1                dZ2 = A2 − Y
    A1 = g(Z1)                    dW2 = (1/m) dZ2 A1ᵀ
    Z2 = W2 A1 + b2               db2 = (1/m) Σ_cols dZ2
    A2 = σ(Z2)                    dZ1 = W2ᵀ dZ2 * g′(Z1)
    J  = mean BCE(A2, Y)          dW1 = (1/m) dZ1 Xᵀ
                                  db1 = (1/m) Σ_cols dZ1
Update: P := P − α dP.

Mini-batch gradient descent runs the same equations on b columns at a time, with 1/b in place of
1/m: :func:`minibatches` says which columns each step of an epoch uses, and
:func:`train_reference` is the plain loop the fast trainer is tested against.

These functions are the reference the app shows and the tests prove; the
trainer runs the same equations with reused float32 buffers for speed.
"""

from __future__ import annotations

import numpy as np

from .activations import get_activation, sigmoid

PARAM_NAMES = ("W1", "b1", "W2", "b2")
GRAD_NAMES = ("dW1", "db1", "dW2", "db2")


def init_params(n_x: int, n_h: int, n_y: int = 1, *, scale: float = 0.01, seed: int = 0) -> dict:
    """Random weights times ``scale`` and zero biases.

    Returns W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1), float64.
    ``scale=0`` gives the all-zero start that keeps every hidden unit identical.
    """
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.standard_normal((n_h, n_x)) * scale,
        "b1": np.zeros((n_h, 1)),
        "W2": rng.standard_normal((n_y, n_h)) * scale,
        "b2": np.zeros((n_y, 1)),
    }


def forward(params: dict, X, activation: str = "tanh"):
    """Forward pass for all m examples at once.

    X (n_x, m) → A2 (1, m) and ``cache`` with Z1, A1 (n_h, m) and Z2, A2 (1, m).
    """
    g = get_activation(activation).g
    X = np.asarray(X, dtype=float)
    Z1 = params["W1"] @ X + params["b1"]  # b1 (n_h, 1) broadcasts across the m columns
    A1 = g(Z1)
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def example_losses(A2, Y):
    """Binary cross-entropy of each example, (1, m).

    A2 is clipped to [eps, 1 − eps] (eps of its dtype) so the loss stays finite
    at probabilities of exactly 0 or 1.
    """
    A2 = np.asarray(A2)
    eps = np.finfo(A2.dtype if A2.dtype.kind == "f" else float).eps
    A = np.clip(A2, eps, 1.0 - eps)
    return -(Y * np.log(A) + (1.0 - Y) * np.log1p(-A))


def compute_cost(A2, Y) -> float:
    """J = (1/m) Σᵢ L(a2⁽ⁱ⁾, y⁽ⁱ⁾), the mean binary cross-entropy over the m columns."""
    return float(np.mean(example_losses(A2, Y)))


def backward(params: dict, cache: dict, X, Y, activation: str = "tanh") -> dict:
    """The six vectorized equations. Each dP has the shape of P."""
    act = get_activation(activation)
    X = np.asarray(X, dtype=float)
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y  # (1, m)
    dW2 = dZ2 @ A1.T / m  # (1, n_h)
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m  # (1, 1)
    dZ1 = (params["W2"].T @ dZ2) * act.prime(cache["Z1"], A1)  # (n_h, m), element-wise *
    dW1 = dZ1 @ X.T / m  # (n_h, n_x)
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m  # (n_h, 1)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def update_params(params: dict, grads: dict, learning_rate: float) -> dict:
    """One gradient-descent step, P − α·dP, as a new dict (the inputs are untouched)."""
    return {name: params[name] - learning_rate * grads["d" + name] for name in PARAM_NAMES}


def predict(params: dict, X, activation: str = "tanh"):
    """Class predictions (1, m) of 0/1: A2 > 0.5."""
    A2, _ = forward(params, X, activation)
    return (A2 > 0.5).astype(int)


def accuracy(A2, Y) -> float:
    """Share of the m columns where (A2 > 0.5) equals Y."""
    return float(np.mean((A2 > 0.5) == (Y > 0.5)))


def minibatches(m: int, b: int, seed: int, epoch: int) -> list:
    """Column indices of each mini-batch of one epoch (``epoch`` counted from 0).

    b ≤ 0 or b ≥ m: one batch, all m columns in their order (full batch; nothing to shuffle).
    Otherwise the m columns are shuffled with ``default_rng([seed, epoch])`` (a new order every
    epoch, the same order for the same seed) and cut into batches of b; when b does not divide
    m the last batch holds the m mod b columns left over (smaller, neither dropped nor padded),
    so every example is used exactly once per epoch.
    """
    if b <= 0 or b >= m:
        return [np.arange(m)]
    order = np.random.default_rng([seed, epoch]).permutation(m)
    return [order[i : i + b] for i in range(0, m, b)]


def train_reference(params: dict, X, Y, activation: str, learning_rate: float, epochs: int,
                    batch_size: int = 0, seed: int = 0) -> dict:
    """``epochs`` epochs of (mini-batch) gradient descent, one equation at a time in float64.

    X (n_x, m), Y (1, m); each step runs forward, backward and update on X[:, cols] (n_x, b),
    so every gradient carries 1/b. batch_size 0 (or ≥ m) is full-batch gradient descent.
    """
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    for epoch in range(epochs):
        for cols in minibatches(X.shape[1], batch_size, seed, epoch):
            Xb, Yb = X[:, cols], Y[:, cols]
            _, cache = forward(params, Xb, activation)
            params = update_params(params, backward(params, cache, Xb, Yb, activation), learning_rate)
    return params
