"""The Mini-batch page's loss-landscape map: the four runs' descent paths on ONE slice of J.

The plane goes through the common start θ0, the full-batch end and the b = 1 end
(:func:`shallownet.landscape.plane_through`, orthonormal axes): those three points lie in it
exactly, and one unit on either axis is one unit of distance in parameter space. When the two
ends and the start lie on one line (or a run diverged), the plane is two seeded, filter-normalised
random directions through the start instead (Li et al. 2018). The other snapshots are projected
onto the plane (their shadows); J along every path is computed at the snapshots themselves, in
float64, like the grid.

Pure NumPy: no streamlit, no plotly. Sentences about the map are in ``minibatch_lesson``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import landscape as L
from .landscape_lesson import GRID
from .minibatch import BatchRun, batch_label

PLANE_SEED = 0  # the random fallback plane's seed
MARGIN = 0.12  # share of the paths' extent added around them


@dataclass(frozen=True)
class RunPath:
    """One run on the map. ``xy`` (k, 2) projected snapshots; ``cost`` (k,) J at the snapshots
    (float64, all P parameters, not the plane's); ``iterations`` (k,); ``off`` (k,) each snapshot's
    distance from the plane; ``length`` the sum of the distances, in all P parameters, between
    the parameters at consecutive epoch ends (the same E + 1 points for every run, so runs compare
    fairly; within an epoch a mini-batch run moves more); ``net`` ‖θ_end − θ0‖ over the same points;
    ``epochs`` the epochs those points span."""

    name: str
    batch_size: int
    xy: np.ndarray
    cost: np.ndarray
    iterations: np.ndarray
    off: np.ndarray
    length: float
    net: float
    steps: int
    epochs: int

    @property
    def wander(self) -> float:
        """length / net (≥ 1): 1 for a straight path; inf when it ends where it started."""
        return self.length / self.net if self.net > 0 else float("inf")


@dataclass(frozen=True)
class RunsMap:
    """The slice (grid ``alphas`` (GRID,), ``betas`` (GRID,), ``J`` (GRID, GRID), row k =
    betas[k]) and the four paths. ``plane`` is "ends" (start, full-batch end, b = 1 end) or
    "random"."""

    alphas: np.ndarray
    betas: np.ndarray
    J: np.ndarray
    labels: tuple[str, str]
    plane: str
    paths: tuple[RunPath, ...]
    P: int
    start_cost: float


def _finite(snapshots) -> list[tuple[int, dict]]:
    """The snapshots whose parameters are all finite (a diverged run's last ones may not be)."""
    return [(i, p) for i, p in snapshots if all(np.all(np.isfinite(v)) for v in p.values())]


def plane(runs: list[BatchRun]) -> tuple[np.ndarray, str]:
    """(2, P) directions through the common start, and "ends" or "random" (see the module doc)."""
    start = runs[0].snapshots[0][1]
    by_size = {r.batch_size: r for r in runs}
    full, sgd = by_size.get(0), by_size.get(1)
    if full is not None and sgd is not None and not full.divergence and not sgd.divergence:
        D = L.plane_through(start, full.snapshots[-1][1], sgd.snapshots[-1][1])
        if D is not None:
            return D, "ends"
    return L.random_directions(start, PLANE_SEED), "random"


def _square_axes(points: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Two axes of ``size`` points with the SAME span, covering 0 and every finite point (k, 2)
    with a margin: one scale on both axes, so map distances are plane distances."""
    p = points[np.all(np.isfinite(points), axis=1)]
    lo = np.minimum(p.min(axis=0, initial=0.0), 0.0) if p.size else np.zeros(2)
    hi = np.maximum(p.max(axis=0, initial=0.0), 0.0) if p.size else np.zeros(2)
    span = max(float(np.max(hi - lo)), 1e-6) * (1 + 2 * MARGIN)
    mid = (lo + hi) / 2
    return tuple(np.linspace(c - span / 2, c + span / 2, size) for c in mid)


def _run_path(run: BatchRun, start: dict, D: np.ndarray, X, Y, activation: str, n_h: int) -> RunPath:
    snaps = _finite(run.snapshots)
    plist = [p for _, p in snaps]
    thetas = np.stack([L.flatten(p) for p in plist])  # (k, P)
    ends = np.stack([L.flatten(p) for _, p in _finite(enumerate(run.epoch_params))])  # (E + 1, P)
    legs = np.linalg.norm(np.diff(ends, axis=0), axis=1)
    return RunPath(batch_label(run.batch_size), run.batch_size, L.project(plist, start, D),
                   L.costs_at(thetas, X, Y, activation, n_h), np.array([i for i, _ in snaps]),
                   L.off_plane(plist, start, D), float(legs.sum()), float(np.linalg.norm(ends[-1] - ends[0])),
                   run.steps, len(ends) - 1)


def runs_map(runs: list[BatchRun], X, Y, activation: str, size: int = GRID) -> RunsMap:
    """The map of the four runs on the training set X (n_x, m), Y (1, m)."""
    start = runs[0].snapshots[0][1]
    n_h, n_x = np.shape(start["W1"])
    D, kind = plane(runs)
    paths = tuple(_run_path(r, start, D, X, Y, activation, n_h) for r in runs)
    alphas, betas = _square_axes(np.concatenate([p.xy for p in paths]), size)
    J = L.slice_grid(X, Y, activation, start, D, alphas, betas)
    labels = (("a: toward the full-batch end (distance in parameter space)", "b: toward the b = 1 end, ⟂ a")
              if kind == "ends" else ("a (along d1)", "b (along d2)"))
    return RunsMap(alphas, betas, J, labels, kind, paths, L.n_params(n_x, n_h), float(paths[0].cost[0]))
