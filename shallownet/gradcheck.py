"""Centred-difference gradient check over every parameter entry (float64)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .network import PARAM_NAMES, backward, compute_cost, forward

PASS_BELOW = 1e-7  # relative error of a correct backward in float64
WARN_BELOW = 1e-4  # between the two: suspicious; above: a bug


@dataclass(frozen=True)
class ParamCheck:
    """Analytic and numerical gradient of one parameter (both its shape) and their
    relative error ‖a − n‖ / (‖a‖ + ‖n‖)."""

    name: str
    analytic: np.ndarray
    numerical: np.ndarray
    rel_error: float

    @property
    def verdict(self) -> str:
        if self.rel_error < PASS_BELOW:
            return "pass"
        return "suspicious" if self.rel_error < WARN_BELOW else "fail"


def relative_error(a, n) -> float:
    a, n = np.ravel(a), np.ravel(n)
    denom = np.linalg.norm(a) + np.linalg.norm(n)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - n) / denom)


def numerical_gradient(params: dict, X, Y, activation: str = "tanh", eps: float = 1e-5) -> dict:
    """dJ/dP for every entry by centred differences (J(P+ε) − J(P−ε)) / 2ε.

    eps = 1e-5 balances truncation error (∝ ε²) against round-off (∝ 1/ε) in float64.
    """
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    grads = {}
    for name in PARAM_NAMES:
        P = params[name]
        G = np.zeros_like(P)
        for idx in np.ndindex(P.shape):
            old = P[idx]
            P[idx] = old + eps
            plus = compute_cost(forward(params, X, activation)[0], Y)
            P[idx] = old - eps
            minus = compute_cost(forward(params, X, activation)[0], Y)
            P[idx] = old
            G[idx] = (plus - minus) / (2 * eps)
        grads["d" + name] = G
    return grads


def gradient_check(params: dict, X, Y, activation: str = "tanh", *, backward_fn=backward,
                   eps: float = 1e-5) -> list[ParamCheck]:
    """Compare ``backward_fn`` (the real backward, or a planted-bug copy with the same
    signature) with centred differences; one :class:`ParamCheck` per parameter."""
    params = {k: np.asarray(v, dtype=float) for k, v in params.items()}
    _, cache = forward(params, X, activation)
    analytic = backward_fn(params, cache, X, Y, activation)
    numerical = numerical_gradient(params, X, Y, activation, eps)
    checks = []
    for name in PARAM_NAMES:
        a = np.asarray(analytic["d" + name], dtype=float)
        n = numerical["d" + name]
        err = relative_error(a, n) if a.shape == n.shape else float("inf")
        checks.append(ParamCheck(name, a, n, err))
    return checks
