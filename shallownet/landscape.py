"""The loss landscape: J over a 2-D slice of parameter space, and paths projected onto it.

All P = n_h·n_x + n_h + n_h + 1 parameters are written as one flat vector θ in the order
W1 (row by row), b1, W2, b2 (:func:`flatten`). A slice is a plane through a centre θc spanned
by two directions d1, d2 (each a flat vector of length P):

    θ(a, b) = θc + a·d1 + b·d2,     J(a, b) = J(θ(a, b)) on the training set.

Public API (also for other pages that draw their runs on a landscape):

- ``scalar_names(n_x, n_h)``: the code name of every scalar parameter, 0-based, in flat order
  ("W1[0,0]", …, "b2[0]").
- ``axis_directions(params, i, j)``: the chosen-parameter slice: unit vectors along θ[i], θ[j].
- ``random_directions(params, seed)``: two random directions, filter-normalised (Li et al. 2018).
- ``plane_through(center, p, q)``: orthonormal directions of the plane through three parameter
  sets (None when they lie on one line), so map distances are parameter-space distances.
- ``slice_grid(X, Y, activation, center, directions, alphas, betas)``: J on the grid,
  (len(betas), len(alphas)), every grid point in one batched forward pass (chunked).
- ``project(params_list, center, directions)``: (k, 2) slice coordinates of k parameter sets
  (least squares: exact for points in the plane) and ``off_plane`` their distance from it.
- ``zero_is_stationary(X, Y, activation)``: whether the all-zero start has zero gradient.

Pure NumPy, float64, no plotting.
"""

from __future__ import annotations

import numpy as np

from .activations import get_activation, sigmoid
from .network import PARAM_NAMES, backward, compute_cost, forward

CHUNK_FLOATS = 2_000_000  # hidden activations held at once (G·n_h·m): 16 MB of float64


# -- parameters as one flat vector -------------------------------------------------------------
def flatten(params: dict) -> np.ndarray:
    """θ (P,) from W1 (n_h, n_x), b1 (n_h, 1), W2 (1, n_h), b2 (1, 1), in that order."""
    return np.concatenate([np.asarray(params[k], dtype=float).ravel() for k in PARAM_NAMES])


def unflatten(theta: np.ndarray, n_x: int, n_h: int) -> dict:
    """The four arrays of θ (P,) (copies)."""
    shapes = param_shapes(n_x, n_h)
    out, at = {}, 0
    for k in PARAM_NAMES:
        size = int(np.prod(shapes[k]))
        out[k] = np.array(theta[at:at + size], dtype=float).reshape(shapes[k])
        at += size
    return out


def param_shapes(n_x: int, n_h: int) -> dict:
    return {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (1, n_h), "b2": (1, 1)}


def scalar_names(n_x: int, n_h: int) -> list[str]:
    """Every scalar's code name with 0-based NumPy indices, in flat order: W1[r,c], b1[r], W2[c], b2[0]."""
    names = [f"W1[{r},{c}]" for r in range(n_h) for c in range(n_x)]
    names += [f"b1[{r}]" for r in range(n_h)]
    names += [f"W2[{c}]" for c in range(n_h)]
    return names + ["b2[0]"]


def n_params(n_x: int, n_h: int) -> int:
    """P = n_h·n_x + n_h + n_h + 1."""
    return n_h * n_x + 2 * n_h + 1


# -- directions ---------------------------------------------------------------------------------
def axis_directions(params: dict, i: int, j: int) -> np.ndarray:
    """(2, P): unit vectors along scalars i and j (i ≠ j), so a and b are those entries' changes."""
    P = flatten(params).size
    D = np.zeros((2, P))
    D[0, i] = 1.0
    D[1, j] = 1.0
    return D


def _filters(params: dict) -> list[np.ndarray]:
    """The filters of the network, each (n_in,): every row of W1 (hidden unit r's weights) and
    the row of W2 (the output unit's weights)."""
    return [*np.asarray(params["W1"], dtype=float), np.asarray(params["W2"], dtype=float)[0]]


def filter_normalise(direction: dict, params: dict) -> dict:
    """``direction`` with each filter rescaled to the norm of the same filter of ``params``
    (Li et al. 2018); its bias entries set to 0, as in their code (biases are not filters).

    A filter of ``params`` with norm 0 (the all-zero start) would make that part of the
    direction 0; it keeps unit norm instead, so the plane never collapses to a line or a point.
    """
    out = {k: np.zeros_like(np.asarray(params[k], dtype=float)) for k in PARAM_NAMES}
    d_rows, p_rows = _filters(direction), _filters(params)
    n_h = out["W1"].shape[0]
    for r, (d, p) in enumerate(zip(d_rows, p_rows, strict=True)):
        d_norm, p_norm = np.linalg.norm(d), np.linalg.norm(p)
        target = p_norm if p_norm > 0 else 1.0
        scaled = d * (target / d_norm) if d_norm > 0 else d
        if r < n_h:
            out["W1"][r] = scaled
        else:
            out["W2"][0] = scaled
    return out


def random_directions(params: dict, seed: int = 0) -> np.ndarray:
    """(2, P): two Gaussian directions, each filter-normalised to ``params``."""
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(2):
        raw = {k: rng.standard_normal(np.shape(params[k])) for k in PARAM_NAMES}
        rows.append(flatten(filter_normalise(raw, params)))
    return np.stack(rows)


def plane_through(center: dict, p: dict, q: dict, tol: float = 1e-9) -> np.ndarray | None:
    """(2, P) orthonormal: d1 = (θp − θc)/‖θp − θc‖, d2 the unit part of θq − θc orthogonal to d1
    (Gram–Schmidt). θc, θp and θq then lie exactly in the plane θc + a·d1 + b·d2, at (0, 0),
    (‖θp − θc‖, 0) and (·, b > 0); distances on the map are distances in parameter space. None
    when θp = θc or θq − θc is (within ``tol`` relative) along d1: three points on one line span no plane."""
    c = flatten(center)
    u, v = flatten(p) - c, flatten(q) - c
    nu = np.linalg.norm(u)
    if not np.isfinite(nu) or nu == 0.0 or not np.all(np.isfinite(v)):
        return None
    d1 = u / nu
    w = v - (v @ d1) * d1
    nw = np.linalg.norm(w)
    if nw <= tol * max(np.linalg.norm(v), 1.0):
        return None
    return np.stack([d1, w / nw])


# -- the grid ------------------------------------------------------------------------------------
def costs_at(thetas: np.ndarray, X, Y, activation: str, n_h: int, chunk_floats: int = CHUNK_FLOATS) -> np.ndarray:
    """J (G,) at G flat parameter vectors thetas (G, P): one batched forward pass per chunk.

    Per chunk of g points: W1 (g, n_h, n_x) @ X (n_x, m) + b1 (g, n_h, 1) → Z1 (g, n_h, m);
    A1 = g(Z1); Z2 = W2 (g, 1, n_h) @ A1 + b2 (g, 1, 1) → (g, 1, m); J = mean BCE per point.
    Chunks hold at most ``chunk_floats`` hidden activations, so memory stays bounded.
    """
    X = np.asarray(X, dtype=float)
    Y = np.asarray(Y, dtype=float)
    n_x, m = X.shape
    g = get_activation(activation).g
    a, b, c = n_h * n_x, n_h * n_x + n_h, n_h * n_x + 2 * n_h
    size = max(1, chunk_floats // max(1, n_h * m))
    out = np.empty(len(thetas))
    for s in range(0, len(thetas), size):
        T = thetas[s:s + size]
        W1 = T[:, :a].reshape(-1, n_h, n_x)
        b1 = T[:, a:b].reshape(-1, n_h, 1)
        W2 = T[:, b:c].reshape(-1, 1, n_h)
        b2 = T[:, c:].reshape(-1, 1, 1)
        with np.errstate(over="ignore"):
            A1 = g(W1 @ X + b1)
            A2 = sigmoid(W2 @ A1 + b2)  # (g, 1, m)
        eps = np.finfo(float).eps
        A2 = np.clip(A2, eps, 1.0 - eps)  # the clip of network.example_losses
        losses = -(Y * np.log(A2) + (1.0 - Y) * np.log1p(-A2))
        out[s:s + size] = losses.mean(axis=(1, 2))
    return out


def slice_grid(X, Y, activation: str, center: dict, directions: np.ndarray, alphas, betas,
               chunk_floats: int = CHUNK_FLOATS) -> np.ndarray:
    """J at θc + a·d1 + b·d2 for every a in ``alphas``, b in ``betas``: (len(betas), len(alphas)),
    row k = betas[k] (the layout of a Plotly contour's z). X (n_x, m), Y (1, m)."""
    theta = flatten(center)
    A, B = np.meshgrid(np.asarray(alphas, float), np.asarray(betas, float))
    thetas = theta + A.reshape(-1, 1) * directions[0] + B.reshape(-1, 1) * directions[1]
    n_h = np.shape(center["W1"])[0]
    return costs_at(thetas, X, Y, activation, n_h, chunk_floats).reshape(A.shape)


def grid_axis(values, margin: float = 0.25, least: float = 1.0, size: int = 41) -> np.ndarray:
    """``size`` evenly spaced coordinates covering 0 and ``values`` with a ``margin`` share
    added on each side; at least ±``least`` around 0. Non-finite values are ignored."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    lo, hi = min(-least, float(v.min(initial=0.0))), max(least, float(v.max(initial=0.0)))
    pad = margin * (hi - lo)
    return np.linspace(lo - pad, hi + pad, size)


# -- paths ---------------------------------------------------------------------------------------
def project(params_list, center: dict, directions: np.ndarray) -> np.ndarray:
    """(k, 2): the slice coordinates (a, b) of each parameter set: the least-squares solution of
    a·d1 + b·d2 ≈ θ − θc. A point in the plane (the centre included) lands exactly on its own
    coordinates; one off the plane on its closest point in it."""
    if not len(params_list):
        return np.zeros((0, 2))
    diffs = np.stack([flatten(p) for p in params_list]) - flatten(center)  # (k, P)
    coords, *_ = np.linalg.lstsq(directions.T, diffs.T, rcond=None)
    return coords.T


def off_plane(params_list, center: dict, directions: np.ndarray) -> np.ndarray:
    """(k,): each parameter set's distance from the slice plane (‖θ − its projection‖)."""
    if not len(params_list):
        return np.zeros(0)
    coords = project(params_list, center, directions)
    diffs = np.stack([flatten(p) for p in params_list]) - flatten(center)
    return np.linalg.norm(diffs - coords @ directions, axis=1)


# -- the zero start ------------------------------------------------------------------------------
def zero_params(n_x: int, n_h: int) -> dict:
    return unflatten(np.zeros(n_params(n_x, n_h)), n_x, n_h)


def zero_gradient_norm(X, Y, activation: str, n_h: int) -> float:
    """‖∇J‖ at the all-zero parameters (float64 reference backward)."""
    params = zero_params(np.shape(X)[0], n_h)
    _, cache = forward(params, X, activation)
    grads = backward(params, cache, X, Y, activation)
    return float(np.sqrt(sum(float(np.sum(g * g)) for g in grads.values())))


def zero_is_stationary(X, Y, activation: str, n_h: int, tol: float = 1e-12) -> bool:
    """True when every gradient is 0 at θ = 0: A1 = g(0) is the same for every example and
    A2 = ½, so dW2 ∝ (½ − mean Y) and db2 = ½ − mean Y: it holds when the classes balance."""
    return zero_gradient_norm(X, Y, activation, n_h) <= tol


def zero_is_saddle(X, Y, activation: str, n_h: int, toward: dict, step: float = 1e-2) -> bool:
    """True when θ = 0 is stationary and J falls along ±step·``toward`` while it rises along b2:
    a descent and an ascent direction at a stationary point make it a saddle."""
    if not zero_is_stationary(X, Y, activation, n_h):
        return False
    zero = zero_params(np.shape(X)[0], n_h)
    j0 = compute_cost(forward(zero, X, activation)[0], Y)
    t = flatten(toward)
    if not np.any(t):
        return False
    t = t / np.linalg.norm(t) * step
    n_x = np.shape(X)[0]
    down = min(compute_cost(forward(unflatten(s * t, n_x, n_h), X, activation)[0], Y) for s in (1, -1))
    up_dir = np.zeros_like(t)
    up_dir[-1] = step
    up = compute_cost(forward(unflatten(up_dir, n_x, n_h), X, activation)[0], Y)
    return down < j0 < up
