"""Logistic regression fitted in NumPy: the straight-line baseline the network is compared with."""

from __future__ import annotations

import numpy as np

from .activations import sigmoid


def logistic_fit(X, y, C: float = 1.0, tol: float = 1e-10, max_iter: int = 100) -> tuple[np.ndarray, float]:
    """(w (n_x,), b) minimising C·Σᵢ 𝓛⁽ⁱ⁾ + ½‖w‖² for X (n_x, m) and labels y (m,) of 0/1, the
    objective of scikit-learn's LogisticRegression. Newton's method with step halving: the
    objective is strictly convex (the penalty), so it converges in a few steps, in NumPy alone
    (importing scikit-learn took 1–1.5 s on the first open of Training and of the Baseline tab)."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).ravel()
    Xa = np.vstack([X, np.ones((1, X.shape[1]))])  # (n_x + 1, m): the last weight is b
    keep = np.ones(Xa.shape[0])
    keep[-1] = 0.0  # no penalty on b
    theta = np.zeros(Xa.shape[0])

    def objective(t):
        z = t @ Xa
        return C * float(np.sum(np.logaddexp(0.0, z) - y * z)) + 0.5 * float(np.sum(keep * t * t))

    f = objective(theta)
    for _ in range(max_iter):
        p = sigmoid(theta @ Xa)
        grad = C * (Xa @ (p - y)) + keep * theta
        if np.max(np.abs(grad)) <= tol * max(1.0, C * X.shape[1]):
            break
        hess = C * (Xa * (p * (1 - p))) @ Xa.T + np.diag(keep) + 1e-12 * np.eye(len(theta))
        step = np.linalg.solve(hess, grad)
        for _ in range(40):  # halve until the objective does not rise
            new = theta - step
            f_new = objective(new)
            if f_new <= f:
                break
            step = step / 2
        theta, f = new, f_new
    return theta[:-1].copy(), float(theta[-1])
