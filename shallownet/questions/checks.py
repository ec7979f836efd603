"""Questions of the Shapes and Gradient check pages, built from the live arrays and settings.

Every expected answer is computed here (a shape read from an array, a number from the check's m,
the bugs a real check missed), never typed.
"""

from __future__ import annotations

import numpy as np

from ..activations import ACTIVATIONS
from ..bugs import BUGS, WARN_BELOW, MissReport, backward_dropped_keepdims
from ..formatting import shape_str
from ..network import forward
from ..shapes import ShapeTable, shape_table
from . import Question

NONE_MISSED = "none of them"


# -- Shapes ----------------------------------------------------------------------------------------
def dw1_shape(table: ShapeTable) -> Question:
    """What shape dW1 = (1/m) dZ1 Xᵀ has, from the shapes of dZ1 and X of this run."""
    dz1, x, dw1 = (table.row(n).shape for n in ("dZ1", "X", "dW1"))
    return Question(
        "shapes.dw1",
        f"dW1 = (1/m) dZ1 Xᵀ, where dZ1 has shape {shape_str(dz1)} and X has shape {shape_str(x)}. "
        "What shape will dW1 have?",
        f"**{shape_str(dw1)}**. Xᵀ has shape {shape_str(x[::-1])}, and a {shape_str(dz1)} matrix times a "
        f"{shape_str(x[::-1])} matrix is {shape_str((dz1[0], x[0]))}: the m = {x[1]} columns are summed away "
        f"in the product. It is the shape of W1, {shape_str(table.row('W1').shape)}, as the update "
        "W1 := W1 − α·dW1 needs.",
        kind="shape", expected=tuple(dw1),
    )


def _join(names) -> str:
    return ", ".join(names)


def m_doubles(params: dict, X, Y, activation: str, now: ShapeTable | None = None) -> Question:
    """Which tensors change shape when m doubles: answered by building the shape table again
    on twice the examples (X and Y repeated side by side) and comparing every shape.
    ``now``: the shape table of (X, Y) when the caller has it already (saves a pass)."""
    now = now if now is not None else shape_table(params, X, Y, activation)
    X2, Y2 = np.concatenate([X, X], axis=1), np.concatenate([Y, Y], axis=1)
    doubled = shape_table(params, X2, Y2, activation)
    changed = [r.name for r in now.rows if doubled.row(r.name).shape != r.shape]
    kept = [r.name for r in now.rows if r.name not in changed]
    everything = [r.name for r in now.rows]
    params_and_grads = ["W1", "b1", "W2", "b2", "dW2", "db2", "dW1", "db1"]
    # shortest first, so the right answer is not always the first option
    options = sorted({_join(changed), _join(everything), "X, Y", _join(params_and_grads)}, key=lambda c: (len(c), c))
    m = now.sizes["m"]
    return Question(
        "shapes.m_doubles",
        f"The training set has m = {m} examples. If m doubles to {2 * m}, which tensors change shape?",
        f"**{_join(changed)}**: every tensor with one column per example grows from {m} to {2 * m} "
        f"columns (e.g. Z1 {shape_str(now.row('Z1').shape)} → {shape_str(doubled.row('Z1').shape)}). "
        f"The others keep their shape: {_join(kept)}. The parameters do not depend on m, and "
        "neither do their gradients, since dW and db sum over the examples.",
        kind="choice", expected=_join(changed), options=tuple(options),
    )


# -- Gradient check --------------------------------------------------------------------------------
def forgot_m_error(m: int) -> Question:
    """The relative error of the "forgetting 1/m" bug on the check's m examples: a = m·n, so
    ‖a − n‖ / (‖a‖ + ‖n‖) = (m − 1) / (m + 1) whatever the gradient."""
    value = (m - 1) / (m + 1)
    return Question(
        "check.forgot_m",
        f"The planted bug *forgetting 1/m* returns every gradient m times too large. The check uses "
        f"m = {m} examples. What relative error ‖a − n‖ / (‖a‖ + ‖n‖) will it report? (a number)",
        f"**{value:.3f}**. The analytic gradient is a = m·n, so ‖a − n‖ = (m − 1)‖n‖ and "
        f"‖a‖ + ‖n‖ = (m + 1)‖n‖: the error is (m − 1)/(m + 1) = {m - 1}/{m + 1} = {value:.4f}, "
        "for every parameter, whatever the gradient. The relative error does not care how large "
        "the gradient is, only how far off it is.",
        kind="number", expected=value, tolerance=0.005,
    )


def keepdims_shape(params: dict, X, Y, activation: str) -> Question:
    """The shape db1 gets in the planted bug *dropping keepdims*, read from that copy's output."""
    params = {k: np.asarray(v, float) for k, v in params.items()}
    X, Y = np.asarray(X, float), np.asarray(Y, float)
    _, cache = forward(params, X, activation)
    flat = backward_dropped_keepdims(params, cache, X, Y, activation)["db1"]
    b1 = params["b1"].shape
    return Question(
        "check.keepdims",
        f"The planted bug *dropping keepdims* computes db1 = np.sum(dZ1, axis=1) / m, with dZ1 of shape "
        f"{shape_str(cache['Z1'].shape)}. What shape will db1 have?",
        f"**{shape_str(flat.shape)}**: summing over axis 1 removes that axis, and without "
        f"keepdims=True nothing puts it back. b1 has shape {shape_str(b1)}, so the check reports a "
        "shape mismatch before comparing any number.",
        kind="shape", expected=tuple(flat.shape),
    )


def _why_missed(key: str, miss: MissReport) -> str:
    bug = BUGS[key]
    if key in miss.harmless:
        return f"*{bug.label}* computes exactly the true gradient here: " + (
            bug.harmless_why if miss.activation in bug.harmless_for else "on these examples the slip changes nothing.")
    lo, hi = miss.gprime_range
    return (f"*{bug.label}* gives a worst relative error of only {miss.errors[key]:.1e}, under the fail line "
            f"{WARN_BELOW:g}: at init scale {miss.scale:g} every |Z1| ≤ {miss.z_max:.2g}, and there "
            f"g′(Z1) only ranges from {lo:.4g} to {hi:.4g}, so the slip hardly changes the numbers.")


def missed_bug(miss: MissReport) -> Question:
    """Which planted bug a check at init scale ``miss.scale`` misses, and why; from a real check
    of every bug at that start (a choice when at most one is missed)."""
    act = ACTIVATIONS[miss.activation].label
    labels = {k: BUGS[k].label for k in BUGS}
    prompt = (f"Check a fresh start with init scale {miss.scale:g} ({act}, n_h = {miss.n_h}, init seed "
              f"{miss.seed}): which planted bug will the check **miss** there, and why?")
    if miss.missed:
        answer = " ".join(_why_missed(k, miss) for k in miss.missed)
    else:
        answer = (f"**None of them**: at init scale {miss.scale:g} every planted bug is caught beyond the "
                  f"correct backward's own error. With {act}, g′(Z1) ranges from {miss.gprime_range[0]:.4g} "
                  f"to {miss.gprime_range[1]:.4g} there, enough for each slip to show.")
    if not miss.correct_passed:
        answer += (f" Note that at this start even the correct backward does not pass (worst relative error "
                   f"{miss.correct_worst:.1e}"
                   + (f"; {miss.kinks} hidden values lie within the step ε of {act}'s kink)" if miss.kinks
                      else ")") + ", so a verdict there says less.")
    answer += f" (Checked just now on the {miss.m} examples of the check.)"
    if len(miss.missed) <= 1:
        expected = labels[miss.missed[0]] if miss.missed else NONE_MISSED
        return Question("check.missed", prompt, answer, kind="choice", expected=expected,
                        options=(*labels.values(), NONE_MISSED))
    return Question("check.missed", prompt.replace("which planted bug", "which planted bugs"), answer)
