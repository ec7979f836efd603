"""The Loss landscape page's computations and sentences: which slice, the grid around the path,
the marks (the zero start, the straight-line plateau) and the three step-size presets.

Every sentence is computed from the arrays it describes (:mod:`shallownet.landscape` does the math).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import landscape as L
from .formatting import number_text
from .plateaus import stretches
from .training import Trainer

GRID = 41  # points per axis
PRESET_STEPS = 300
SMALL_RATE, GOOD_RATE = 0.05, 1.2
LARGE_RATES = (30.0, 50.0, 100.0)  # the first that diverges within PRESET_STEPS is shown
RANDOM_SEED = 0
PRESET_FPS = 12  # frames per second of the three runs' replay


@dataclass(frozen=True)
class SliceSpec:
    """Which plane: kind "params" (scalars i and j by flat index) or "random" (seeded,
    filter-normalised, through the start or the end of training)."""

    kind: str = "params"
    i: int = 0
    j: int = 1
    through: str = "end"  # "end" (the current parameters) or "start" (iteration 0)
    seed: int = RANDOM_SEED


@dataclass(frozen=True)
class View:
    """A computed slice: grid axes, J on it, and the projected path."""

    alphas: np.ndarray  # (GRID,)
    betas: np.ndarray  # (GRID,)
    J: np.ndarray  # (GRID, GRID): row k is betas[k]
    labels: tuple[str, str]  # the axes
    path: np.ndarray  # (k, 2) projected snapshots
    path_cost: np.ndarray  # (k,) J at the snapshots themselves
    iterations: np.ndarray  # (k,)
    off: np.ndarray  # (k,) each snapshot's distance from the plane
    zero: np.ndarray  # (2,) the projection of θ = 0
    zero_off: float  # θ = 0's distance from the plane
    center_cost: float  # the grid's J at (0, 0)
    P: int


def default_pair(n_x: int, n_h: int) -> tuple[int, int]:
    """W2[0] and W2[1] (or W2[0] and b2 when n_h = 1): flat indices."""
    first = n_h * n_x + n_h
    return first, (first + 1 if n_h > 1 else first + n_h)


def directions(spec: SliceSpec, center: dict) -> np.ndarray:
    if spec.kind == "params":
        return L.axis_directions(center, spec.i, spec.j)
    return L.random_directions(center, spec.seed)


def axis_labels(spec: SliceSpec, n_x: int, n_h: int) -> tuple[str, str]:
    if spec.kind == "params":
        names = L.scalar_names(n_x, n_h)
        return f"change in {names[spec.i]}", f"change in {names[spec.j]}"
    return "a (along d1)", "b (along d2)"


def compute_view(X, Y, activation: str, snaps: list, spec: SliceSpec, size: int = GRID,
                 center: dict | None = None) -> View:
    """The slice through the last (spec.through = "end") or first snapshot, or through
    ``center`` when given, with the path.

    snaps: Snapshot-like objects with .iteration and .params, in order. X (n_x, m), Y (1, m).
    The path's J is computed here in float64, as the grid is, so the two always agree.
    """
    if center is None:
        center = snaps[-1].params if spec.through == "end" else snaps[0].params
    n_h, n_x = np.shape(center["W1"])
    D = directions(spec, center)
    plist = [s.params for s in snaps]
    path = L.project(plist, center, D)
    zero = L.zero_params(n_x, n_h)
    zero_xy = L.project([zero], center, D)[0]
    least = 1.0
    alphas = L.grid_axis(np.r_[path[:, 0], zero_xy[0]], least=least, size=size)
    betas = L.grid_axis(np.r_[path[:, 1], zero_xy[1]], least=least, size=size)
    J = L.slice_grid(X, Y, activation, center, D, alphas, betas)
    mid = L.costs_at(L.flatten(center)[None], X, Y, activation, n_h)[0]
    costs = L.costs_at(np.stack([L.flatten(p) for p in plist]), X, Y, activation, n_h)
    return View(alphas, betas, J, axis_labels(spec, n_x, n_h), path, costs,
                np.array([s.iteration for s in snaps]), L.off_plane(plist, center, D), zero_xy,
                float(L.off_plane([zero], center, D)[0]), float(mid), L.n_params(n_x, n_h))


# -- marks ---------------------------------------------------------------------------------------
def linear_stretch(history: dict, baseline) -> tuple[int, int] | None:
    """(first, last) iteration of the first plateau at the straight-line fit's cost, if any."""
    for s in stretches(history, baseline):
        if s.kind == "linear":
            return s.start, s.stop
    return None


def zero_text(X, Y, activation: str, n_h: int, toward: dict, view: View) -> str:
    """What θ = 0 is for these data, and where it is relative to the slice. ``toward``: trained
    parameters, the direction checked for a descent from 0."""
    mean_y = float(np.mean(Y))
    where = (f"Its projection is marked ◇ on the map; θ = 0 is {number_text(view.zero_off)} away from "
             "the plane" if view.zero_off > 1e-9 else "It lies in this plane, marked ◇")
    if L.zero_is_saddle(X, Y, activation, n_h, toward):
        return (f"**θ = 0 (every weight and bias zero) is a saddle point of J for these data**: the classes "
                f"balance (mean of Y = {number_text(mean_y)}), so every gradient is exactly 0 there, J = ln 2, "
                f"yet J falls along the direction of a trained network's parameters and rises along b2 (J > ln 2 "
                f"as soon as b2 ≠ 0). {where}.")
    if L.zero_is_stationary(X, Y, activation, n_h):
        return (f"θ = 0 is a stationary point for these data (every gradient is 0; mean of Y = "
                f"{number_text(mean_y)}). {where}.")
    grad = L.zero_gradient_norm(X, Y, activation, n_h)
    return (f"θ = 0 is **not** a stationary point for these data: the classes do not balance (mean of Y = "
            f"{number_text(mean_y)}), so ‖∇J‖ = {number_text(grad)} there. {where}.")


def plateau_text(stretch: tuple[int, int] | None, baseline) -> str:
    if stretch is None:
        return "This run has no plateau at the straight-line fit's cost (the Training page's cost curve shows none)."
    a, b = stretch
    return (f"Iterations {a}–{b} sit on the **plateau of the straight-line solution** (J ≈ "
            f"{number_text(baseline[0])}, what one logistic unit reaches): that part of the path is drawn thicker.")


def slice_limits_text(view: View, kind: str) -> str:
    """What this slice can and cannot show, with this network's numbers."""
    lines = [f"The network has **P = {view.P} parameters**, so J is a surface over a {view.P}-dimensional "
             f"space; the map shows J on one flat 2-D plane through it."]
    if len(view.off) > 1:
        far = int(np.argmax(view.off))
        lines.append(f"The descent path leaves this plane: the snapshot at iteration {view.iterations[far]} is "
                     f"{number_text(view.off[far])} away from it. The line on the map is its shadow (the closest "
                     "point in the plane), so its colours of J are the plane's, not the path's: the shadow can "
                     "seem to climb while the real cost falls.")
        rises = int(np.sum(np.diff(_along(view)) > 1e-12))
        if rises:
            lines.append(f"Here the map's J rises on {rises} of the {len(view.off) - 1} segments of the shadow, "
                         "while gradient descent moves somewhere else too.")
    lines.append("A low point of the map is a minimum of J only within the plane: along the other "
                 f"{view.P - 2} directions J may still fall. "
                 + ("Only the two chosen parameters change; all others keep their values."
                    if kind == "params" else
                    "Random directions in a high-dimensional space are almost orthogonal to the path, which is why "
                    "Li et al. (2018) scale them filter by filter: the picture's scale then matches the weights'."))
    return "\n\n".join(lines)


def _along(view: View) -> np.ndarray:
    """The map's J at each projected snapshot (nearest grid point)."""
    ia = np.abs(view.alphas[None] - view.path[:, :1]).argmin(axis=1)
    ib = np.abs(view.betas[None] - view.path[:, 1:]).argmin(axis=1)
    return view.J[ib, ia]


# -- the three step sizes ---------------------------------------------------------------------
@dataclass(frozen=True)
class Preset:
    name: str
    rate: float
    snaps: list
    costs: np.ndarray
    steps: int
    divergence: str
    diverged_at: int  # the step that diverged (not kept); 0 when the run did not diverge


def _run(data, n_h, activation, init_scale, init_seed, rate, steps, name) -> Preset:
    t = Trainer(data, n_h, activation, init_scale=init_scale, init_seed=init_seed, snapshot_cap=80)
    t.step(steps, rate)
    snaps = t.snapshots
    X, Y = data.X_train, data.Y_train
    costs = L.costs_at(np.stack([L.flatten(s.params) for s in snaps]), X, Y, activation, n_h)  # float64
    d = t.divergence
    return Preset(name, rate, snaps, costs, t.iteration, d.reason if d else "", d.iteration if d else 0)


def preset_runs(data, n_h, activation, init_scale, init_seed, steps: int = PRESET_STEPS) -> list[Preset]:
    """α small, good and too large, each from the same start for ``steps`` steps; the large one is
    the first of LARGE_RATES that diverges (the largest, if none does)."""
    small = _run(data, n_h, activation, init_scale, init_seed, SMALL_RATE, steps, "α small")
    good = _run(data, n_h, activation, init_scale, init_seed, GOOD_RATE, steps, "α good")
    for rate in LARGE_RATES:
        large = _run(data, n_h, activation, init_scale, init_seed, rate, steps, "α too large")
        if large.divergence:
            break
    return [small, good, large]


def _why(reason: str) -> str:
    """The trainer's divergence reason without its (float32) numbers."""
    if reason.startswith("the cost rose"):
        return "the trainer's own cost (float32) rose above 10 × its value at the start"
    if reason.startswith("the weights grew"):
        return "the weights grew past a norm of 10⁴"
    return "the cost or the weights became infinite or NaN"


def preset_text(p: Preset, planned: int) -> str:
    """What happened to this run, from its numbers."""
    J0, J1 = float(p.costs[0]), float(p.costs[-1])
    head = (f"**{p.name}, α = {number_text(p.rate)}:** J {number_text(J0)} → {number_text(J1)} in {p.steps} "
            f"step{'' if p.steps == 1 else 's'}")
    if p.divergence:
        return (f"{head}, then it **diverged**: at step {p.diverged_at} "
                f"{_why(p.divergence)}, so the trainer stopped at step {p.steps} of {planned}.")
    ups = int(np.sum(np.diff(p.costs) > 0))
    rise = f"; J rose between {ups} of the {len(p.costs) - 1} kept snapshots (overshoot)" if ups else ""
    if J0 - J1 < 0.05 * J0:
        return f"{head}: it barely moved ({number_text(100 * (J0 - J1) / J0)} % lower){rise}."
    return f"{head}{rise}."
