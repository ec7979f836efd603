"""The Gradient check page's words, as plain functions: how each check point is offered, the
caution about kinks at that point, the caption of the check's size, and the planted bug's listing.
The verdict itself is :func:`shallownet.bugs.verdict`."""

from __future__ import annotations

from .bugs import FRESH_SCALE, GRADCHECK_MAX_M, TINY_SCALE


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
