"""What a check of a planted copy tells: which bugs a check misses at a tiny start and why,
why a correct backward fails next to ReLU's kink, and the verdict the page shows, in words."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..activations import ACTIVATIONS, get_activation
from ..formatting import shape_str
from ..gradcheck import PASS_BELOW
from ..network import forward, init_params
from .check import (
    FRESH_SCALE,
    GRADCHECK_MAX_M,
    TINY_SCALE,
    CheckReport,
    check_backward,
    near_kink,
    same_as_correct,
)
from .copies import ALL_BACKWARDS, BUGS

_LABELS = {k: a.label for k, a in ACTIVATIONS.items()}


def flagged(report: CheckReport, baseline: CheckReport) -> tuple[str, ...]:
    """The parameters on which ``report`` (a planted bug) is caught beyond the correct backward's
    own error at the same point: a shape mismatch, or a fail at least 10× the correct error."""
    if report.error:
        return tuple(r.name for r in baseline.rows)
    base = {r.name: r.check.rel_error for r in baseline.rows}
    out = []
    for r in report.rows:
        if r.verdict == "shape mismatch":
            out.append(r.name)
        elif r.verdict == "fail" and r.check.rel_error >= 10 * max(base.get(r.name, 0.0), PASS_BELOW):
            out.append(r.name)
    return tuple(out)


@dataclass(frozen=True)
class MissReport:
    """A check of every planted bug at one start (init scale ``scale``).

    missed: the bugs not caught beyond the correct backward's own error; harmless: those that
    compute exactly the true gradient; errors: each bug's worst relative error; z_max: the
    largest |Z1| of the subset; gprime_range: (min, max) of g′(Z1); kinks: hidden values within
    the step ε of a ReLU kink; correct_passed / correct_worst: the correct backward's result.
    """

    scale: float
    activation: str
    n_h: int
    seed: int
    m: int
    missed: tuple
    harmless: tuple
    errors: dict
    z_max: float
    gprime_range: tuple
    kinks: int
    correct_passed: bool
    correct_worst: float


def hidden_range(params: dict, X, activation: str, *, max_m: int = GRADCHECK_MAX_M) -> tuple:
    """(max |Z1|, min g′(Z1), max g′(Z1)) over the check's subset of X (n_x, m)."""
    Xs = np.asarray(X, float)[:, :max_m]
    _, cache = forward({k: np.asarray(v, float) for k, v in params.items()}, Xs, activation)
    gp = get_activation(activation).derivative(cache["Z1"])
    return float(np.abs(cache["Z1"]).max()), float(gp.min()), float(gp.max())


def misses_at_scale(X, Y, n_h: int, activation: str, seed: int, scale: float = TINY_SCALE, *,
                    check=check_backward, same=same_as_correct) -> MissReport:
    """Check the correct backward and every planted bug at a fresh start of ``scale``, on the
    check's subset. ``check(params, X, Y, activation, bug)`` and ``same(...)`` may be cached
    versions of :func:`check_backward` and :func:`same_as_correct`."""
    params = init_params(np.shape(X)[0], n_h, scale=scale, seed=seed)
    baseline = check(params, X, Y, activation, "none")
    missed, harmless, errors = [], [], {}
    for key in BUGS:
        report = check(params, X, Y, activation, key)
        errors[key] = report.worst
        if same(params, X, Y, activation, key):
            harmless.append(key)
        if not flagged(report, baseline):
            missed.append(key)
    z_max, g_lo, g_hi = hidden_range(params, X, activation)
    return MissReport(scale, activation, n_h, seed, baseline.m, tuple(missed), tuple(harmless), errors, z_max,
                      (g_lo, g_hi), near_kink(params, X, activation), baseline.passed, baseline.worst)


def kink_explanation(kinks: int, worst: float, activation_label: str, scale_text: str,
                     slopes: tuple = (0.0, 1.0)) -> str:
    """Why a correct backward fails next to the kink at 0 (``kinks`` values within the step);
    ``slopes``: g′ left and right of 0."""
    left, right = slopes
    return (
        f"The correct backward does not pass here (worst relative error {worst:.1e}), and the numbers "
        f"are to blame, not backward: {kinks} of the hidden values Z1 lie within the step ε of "
        f"{activation_label}'s kink at 0. The centred difference (J(P + ε) − J(P − ε)) / 2ε then "
        f"straddles the kink: left of 0 the unit's slope g′ is {left:g}, right of 0 it is {right:g}, and the "
        "difference mixes the two, while backward uses the slope of the side Z1 is on. "
        f"{scale_text}At the fresh start with scale {FRESH_SCALE:g} the values Z1 are spread out and rarely "
        "that close to 0."
    )


# -- the verdict, in words ------------------------------------------------------------------------
@dataclass(frozen=True)
class Verdict:
    """What the page says about one check: ``kind`` is "error", "pass" (the correct backward passes),
    "caught" (the bug is), "warning" or "info"; ``text`` Markdown, ``captions`` smaller print below it."""

    kind: str
    text: str
    captions: tuple = ()


def verdict(report: CheckReport, baseline: CheckReport, *, bug: str, activation: str, activation_label: str,
            same: bool, kinks: int, hidden: tuple, where: str, failure: str = "") -> Verdict:
    """The verdict on ``report`` (the check of ``bug``), given the correct backward's check at the
    same point (``baseline``), whether the bug computes the true gradient there (``same``), the
    hidden values near ReLU's kink (``kinks``), :func:`hidden_range` there (``hidden``) and a
    sentence on why kinks are close at this point (``where``, may be ""); ``failure``: why the correct
    backward fails when it is not a kink (gradcheck_lesson.failure_text; "" for the general text)."""
    if report.error:
        return Verdict("error", f"The planted backward raised an error instead of returning gradients: {report.error}")
    if bug == "none":
        if report.passed:
            return Verdict("pass", f"The correct backward passes: every relative error is below {PASS_BELOW:g} "
                                      f"(worst {report.worst:.1e}).")
        if kinks:
            slopes = get_activation(activation).derivative(np.array([-1.0, 1.0]))
            return Verdict("warning", kink_explanation(kinks, report.worst, activation_label, where,
                                                       (float(slopes[0]), float(slopes[1]))))
        if failure:
            return Verdict("warning", failure)
        return Verdict("warning", f"Worst relative error {report.worst:.1e}: above the pass threshold. With very "
                                  "small gradients rounding error weighs more; try the fresh start with scale "
                                  f"{FRESH_SCALE:g}.")
    entry = ALL_BACKWARDS[bug]
    failing = [r for r in report.rows if r.verdict in ("fail", "shape mismatch")]
    caught = set(flagged(report, baseline))
    noisy = sorted(r.name for r in failing if r.name not in caught)  # the correct backward fails there too
    captions = []
    if noisy:
        cause = (f"{activation_label}'s kink lies within ε of some Z1" if kinks else
                 "rounding error weighs more at these gradients")
        captions.append(f"Even the correct backward does not pass on {', '.join('d' + n for n in noisy)} at these "
                        f"parameters ({cause}): those verdicts are not the bug's. The fresh start with scale "
                        f"{FRESH_SCALE:g} avoids this.")
    if entry.harmless_for and activation not in entry.harmless_for:
        captions.append(f"With {', '.join(_LABELS[a] for a in entry.harmless_for)} this slip is harmless: "
                        + entry.harmless_why)
    if same:
        why = entry.harmless_why if activation in entry.harmless_for else (
            "On these examples and parameters the slip happens to produce exactly the true gradient.")
        return Verdict("info", f"**This slip is invisible with {activation_label}**: the buggy copy returns exactly "
                               "the true gradient, so the check gives it the correct backward's verdict, and rightly "
                               f"so. {why}", tuple(captions))
    if caught:
        parts = [f"d{r.name}: " + (f"shape {shape_str(r.analytic_shape)} instead of {shape_str(r.expected_shape)} "
                                    "(shape mismatch)" if not r.shape_ok else f"relative error {r.check.rel_error:.1e}")
                 + ("" if r.name in caught else " — but the correct backward fails here too")
                 for r in failing]
        return Verdict("caught", "**Caught.** " + "; ".join(parts) + ".", tuple(captions))
    z_max, g_lo, g_hi = hidden
    return Verdict(
        "warning",
        f"**Not caught at these parameters** (worst relative error {report.worst:.1e}), although the copy is "
        f"wrong: here the slip changes the gradient too little. At these parameters every |Z1| ≤ {z_max:.2g}, "
        f"and g′(Z1) only ranges from {g_lo:.4g} to {g_hi:.4g}. A check is only as good as the point it is "
        f"made at: choose the fresh start with scale {FRESH_SCALE:g}.", tuple(captions))
