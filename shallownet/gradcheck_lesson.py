"""The Gradient check page's words, as plain functions: how each check point is offered, the
caution about kinks at that point, the caption of the check's size, and the planted bug's listing.
The verdict itself is :func:`shallownet.bugs.verdict`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .bugs import FRESH_SCALE, GRADCHECK_MAX_M, TINY_SCALE
from .network import forward


def point_label(point: str, iteration: int, init_scale: float) -> str:
    """The radio label of a check point ("fresh", "tiny" or "current")."""
    return {
        "fresh": f"a fresh random start with init scale {FRESH_SCALE:g}",
        "tiny": f"a fresh start with the tiny init scale {TINY_SCALE:g} (where checks can mislead)",
        "current": f"the current parameters (iteration {iteration}, init scale {init_scale:g})",
    }[point]


POINT_HELP = (f"At scale {FRESH_SCALE:g} the gradients are large enough for every slip to show, and a hidden "
              f"value within the step ε of ReLU's kink is rare. At scale {TINY_SCALE:g} every Z1 is tiny: "
              "tanh′(Z1) ≈ 1, so "
              "some bugs barely change the result, and ReLU's kink is within the step ε of some Z1.")


def kink_caution(point: str, iteration: int, init_scale: float) -> str:
    """The sentence the verdict opens with when Z1 may sit close to a kink ("" at a fresh start)."""
    return {"current": f"With init scale {init_scale:g} at iteration {iteration}, many Z1 are tiny, "
                       "so kinks are close. ",
            "tiny": f"At init scale {TINY_SCALE:g} every Z1 is tiny, so kinks are close. ", "fresh": ""}[point]


def check_size_caption(m: int, m_total: int, n_entries: int, seconds: float) -> str:
    """How much the check computed: examples used (of how many), entries, forward passes and time."""
    return (f"On the first {m} of the {m_total} training examples"
            + (f" (a subset of at most {GRADCHECK_MAX_M}, so the check stays fast)" if m < m_total else "")
            + f": {n_entries} parameter entries, {2 * n_entries} extra forward passes, {seconds * 1000:.0f} ms.")


def bug_listing(right_line: str, wrong_line: str) -> str:
    """The correct line of backward above the planted one, comments aligned."""
    width = max(len(right_line), len(wrong_line)) + 3
    return (f"{right_line:<{width}}# correct (network.backward)\n"
            f"{wrong_line:<{width}}# the copy with the planted bug")


@dataclass(frozen=True)
class Saturation:
    """The check's outputs A2 that the cost clips: ``clipped`` of ``m`` are within float64's ε of
    0 or 1, ``wrong`` of those on the wrong side (A2 ≈ 1 where Y = 0, or A2 ≈ 0 where Y = 1)."""

    m: int
    clipped: int
    wrong: int
    z2_max: float  # the largest |Z2| of the subset


def saturation(params: dict, X, Y, activation: str, *, max_m: int = GRADCHECK_MAX_M) -> Saturation:
    """How many outputs of the check's subset (the first ``max_m`` columns of X (n_x, m), Y (1, m))
    the cost clips (network.example_losses clips A2 to [ε, 1 − ε] so the log stays finite)."""
    Xs, Ys = np.asarray(X, float)[:, :max_m], np.asarray(Y, float)[:, :max_m]
    A2, cache = forward({k: np.asarray(v, float) for k, v in params.items()}, Xs, activation)
    eps = np.finfo(float).eps
    low, high = A2 <= eps, A2 >= 1.0 - eps
    wrong = (low & (Ys == 1)) | (high & (Ys == 0))
    return Saturation(int(Xs.shape[1]), int((low | high).sum()), int(wrong.sum()), float(np.abs(cache["Z2"]).max()))


def failure_text(worst: float, sat: Saturation) -> str:
    """Why the CORRECT backward fails when no hidden value is near a kink: the clipped cost, when
    outputs are saturated on the wrong side ("" otherwise: then the page's general text stands)."""
    if sat.wrong == 0:
        return ""
    return (f"Worst relative error {worst:.1e}: the correct backward fails here, and the check is to blame, "
            f"not backward. {sat.clipped} of the {sat.m} outputs A2 ({sat.clipped / sat.m:.0%}) are saturated: "
            f"σ(Z2) is within float64's ε of 0 or 1, where the cost clips A2 so that log stays finite; "
            f"{sat.wrong} of them are on the wrong side of their label. Nudging a parameter by ε leaves "
            f"their clipped cost flat, so the numerical gradient gets nothing from them, while backward's "
            f"dZ2 = A2 − Y is ±1 for each: its gradient is not small. Large weights make |Z2| large (up to "
            f"{sat.z2_max:.3g} here; σ(Z2) is within ε of 0 or 1 once |Z2| exceeds about 36); at the fresh start with "
            f"scale {FRESH_SCALE:g} the outputs are rarely saturated.")
