"""Planted bugs: copies of :func:`shallownet.network.backward`, each with one classic slip.

Every buggy backward has the signature of ``network.backward`` —
``(params, cache, X, Y, activation) → {"dW1", "db1", "dW2", "db2"}`` — so it can be
handed to :func:`shallownet.gradcheck.gradient_check` as ``backward_fn``. None of them
raises: a slip that produces the wrong shape returns that wrong shape, and the check
reports it as a shape mismatch.

:func:`check_backward` runs the check on a subset of the examples and returns, per
parameter, whether the shapes agree; :func:`near_kink` counts the hidden values so close
to ReLU's kink that the centred difference straddles it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .activations import ACTIVATIONS, get_activation
from .gradcheck import PASS_BELOW, WARN_BELOW, ParamCheck, gradient_check  # noqa: F401 (re-exported)
from .network import backward, forward, init_params

_LABELS = {k: a.label for k, a in ACTIVATIONS.items()}
GRADCHECK_MAX_M = 200  # the check costs 2 forward passes per parameter entry: a subset keeps it fast


def _start(cache, X, Y):
    """Shared first lines of every copy: X as floats, m, dZ2 (1, m)."""
    X = np.asarray(X, dtype=float)
    return X, X.shape[1], cache["A2"] - Y


def backward_forgot_gprime(params, cache, X, Y, activation="tanh"):
    """dZ1 = W2ᵀ dZ2 — the element-wise factor g′(Z1) is missing."""
    X, m, dZ2 = _start(cache, X, Y)
    dW2 = dZ2 @ cache["A1"].T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = params["W2"].T @ dZ2  # BUG: * g′(Z1) forgotten
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def backward_g_not_gprime(params, cache, X, Y, activation="tanh"):
    """dZ1 = W2ᵀ dZ2 * g(Z1) — the slip in Eq. (4) of the lecture notes: g instead of g′."""
    X, m, dZ2 = _start(cache, X, Y)
    dW2 = dZ2 @ cache["A1"].T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * cache["A1"]  # BUG: g(Z1) = A1 where g′(Z1) belongs
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def backward_forgot_1_over_m(params, cache, X, Y, activation="tanh"):
    """Sums over the examples instead of averages: every gradient is m times too large."""
    act = get_activation(activation)
    X, m, dZ2 = _start(cache, X, Y)
    dW2 = dZ2 @ cache["A1"].T  # BUG: / m forgotten (here and below)
    db2 = np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = (params["W2"].T @ dZ2) * act.prime(cache["Z1"], cache["A1"])
    dW1 = dZ1 @ X.T
    db1 = np.sum(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def backward_wrong_axis(params, cache, X, Y, activation="tanh"):
    """db1 sums over the hidden units (axis=0) instead of the examples: (1, m), not (n_h, 1)."""
    act = get_activation(activation)
    X, m, dZ2 = _start(cache, X, Y)
    dW2 = dZ2 @ cache["A1"].T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * act.prime(cache["Z1"], cache["A1"])
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=0, keepdims=True) / m  # BUG: axis=0
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def backward_dropped_keepdims(params, cache, X, Y, activation="tanh"):
    """db1 = Σ_cols dZ1 without keepdims: shape (n_h,) instead of (n_h, 1)."""
    act = get_activation(activation)
    X, m, dZ2 = _start(cache, X, Y)
    dW2 = dZ2 @ cache["A1"].T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * act.prime(cache["Z1"], cache["A1"])
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1) / m  # BUG: keepdims=True dropped
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def backward_gprime_on_a1(params, cache, X, Y, activation="tanh"):
    """g′ evaluated at A1 instead of Z1: g′(A1) = g′(g(Z1))."""
    act = get_activation(activation)
    X, m, dZ2 = _start(cache, X, Y)
    dW2 = dZ2 @ cache["A1"].T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * act.derivative(cache["A1"])  # BUG: A1 where Z1 belongs
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def backward_transposed(params, cache, X, Y, activation="tanh"):
    """dW1 = X dZ1ᵀ / m: the product in the wrong order gives dW1ᵀ, (n_x, n_h)."""
    act = get_activation(activation)
    X, m, dZ2 = _start(cache, X, Y)
    dW2 = dZ2 @ cache["A1"].T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * act.prime(cache["Z1"], cache["A1"])
    dW1 = X @ dZ1.T / m  # BUG: (dZ1 Xᵀ)ᵀ
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@dataclass(frozen=True)
class Bug:
    """One planted slip: what it is, the wrong line next to the right one, and the copy of
    backward that contains it."""

    key: str
    label: str
    description: str
    wrong_line: str  # the buggy line, as it appears in the copy
    right_line: str  # the line of network.backward it replaces
    backward: Callable
    harmless_for: tuple = ()  # activations for which the slip happens to compute the true gradient
    harmless_why: str = ""


CORRECT = Bug(
    "none", "none — the correct backward", "The six equations of network.backward, unchanged.",
    "", "", backward,
)

BUGS: dict[str, Bug] = {b.key: b for b in (
    Bug("forgot_gprime", "forgetting g′(Z1)",
        "dZ1 stops at W2ᵀ dZ2: the chain rule through the hidden activation is skipped.",
        "dZ1 = W2.T @ dZ2", "dZ1 = (W2.T @ dZ2) * g_prime(Z1)", backward_forgot_gprime),
    Bug("g_not_gprime", "g(Z1) instead of g′(Z1) (the notes' Eq. 4)",
        "The course notes print Eq. (4) with g(Z1) where the derivative g′(Z1) belongs.",
        "dZ1 = (W2.T @ dZ2) * g(Z1)", "dZ1 = (W2.T @ dZ2) * g_prime(Z1)", backward_g_not_gprime),
    Bug("forgot_1_over_m", "forgetting 1/m",
        "Every gradient is a sum over the m examples instead of their mean, so it is m times too large.",
        "dW1 = dZ1 @ X.T", "dW1 = dZ1 @ X.T / m", backward_forgot_1_over_m),
    Bug("wrong_axis", "summing over the wrong axis",
        "db1 sums each example's column over the hidden units (axis=0) instead of each unit's row "
        "over the examples (axis=1).",
        "db1 = np.sum(dZ1, axis=0, keepdims=True) / m", "db1 = np.sum(dZ1, axis=1, keepdims=True) / m",
        backward_wrong_axis),
    Bug("dropped_keepdims", "dropping keepdims",
        "Without keepdims=True the sum over axis 1 returns a flat vector (n_h,), not a column (n_h, 1).",
        "db1 = np.sum(dZ1, axis=1) / m", "db1 = np.sum(dZ1, axis=1, keepdims=True) / m",
        backward_dropped_keepdims),
    Bug("gprime_on_a1", "g′ evaluated on A1 instead of Z1",
        "The derivative is taken at the unit's output A1 = g(Z1) rather than at its input Z1.",
        "dZ1 = (W2.T @ dZ2) * g_prime(A1)", "dZ1 = (W2.T @ dZ2) * g_prime(Z1)", backward_gprime_on_a1,
        harmless_for=("relu", "leaky_relu"),
        harmless_why="A1 = g(Z1) is positive exactly where Z1 is, and ReLU′ / leaky ReLU′ only look at "
                     "the sign, so g′(A1) = g′(Z1): the slip computes the true gradient, and there is "
                     "nothing for the check to catch. With tanh or sigmoid, g′(A1) ≠ g′(Z1) and it is a real bug."),
    Bug("transposed", "a transposed product",
        "dW1 is computed as X dZ1ᵀ — the factors in the wrong order give dW1ᵀ.",
        "dW1 = X @ dZ1.T / m", "dW1 = dZ1 @ X.T / m", backward_transposed),
)}
ALL_BACKWARDS: dict[str, Bug] = {CORRECT.key: CORRECT, **BUGS}


@dataclass(frozen=True)
class CheckRow:
    """The verdict on one parameter, with the shape comparison made explicit."""

    check: ParamCheck
    expected_shape: tuple  # the parameter's own shape (= the numerical gradient's)

    @property
    def name(self) -> str:
        return self.check.name

    @property
    def analytic_shape(self) -> tuple:
        return tuple(self.check.analytic.shape)

    @property
    def shape_ok(self) -> bool:
        return self.analytic_shape == self.expected_shape

    @property
    def verdict(self) -> str:
        """"pass", "suspicious", "fail" or "shape mismatch"."""
        return self.check.verdict if self.shape_ok else "shape mismatch"


@dataclass(frozen=True)
class CheckReport:
    """A whole gradient check: one row per parameter, on ``m`` examples."""

    rows: tuple
    m: int
    m_total: int
    error: str = ""  # the message of an exception raised by the backward under test

    @property
    def passed(self) -> bool:
        return not self.error and all(r.verdict == "pass" for r in self.rows)

    @property
    def caught(self) -> bool:
        """True when the check flags something (a fail, a shape mismatch or an error)."""
        return bool(self.error) or any(r.verdict in ("fail", "shape mismatch") for r in self.rows)

    @property
    def worst(self) -> float:
        return max((r.check.rel_error for r in self.rows), default=0.0)


def subset(X, Y, max_m: int = GRADCHECK_MAX_M):
    """The first ``max_m`` columns of X (n_x, m) and Y (1, m)."""
    return np.asarray(X, float)[:, :max_m], np.asarray(Y, float)[:, :max_m]


def check_backward(params: dict, X, Y, activation: str, bug: str = "none", *,
                   max_m: int = GRADCHECK_MAX_M) -> CheckReport:
    """Gradient check of the backward named ``bug`` ("none" = the correct one) on the
    first ``max_m`` examples. A backward that raises is reported, not propagated."""
    Xs, Ys = subset(X, Y, max_m)
    fn = ALL_BACKWARDS[bug].backward
    try:
        checks = gradient_check(params, Xs, Ys, activation, backward_fn=fn)
    except (ValueError, IndexError, TypeError) as err:  # a shape error inside a broken backward
        return CheckReport((), Xs.shape[1], np.shape(X)[1], error=str(err))
    rows = tuple(CheckRow(c, tuple(np.shape(params[c.name]))) for c in checks)
    return CheckReport(rows, Xs.shape[1], np.shape(X)[1])


def same_as_correct(params: dict, X, Y, activation: str, bug: str, *, max_m: int = GRADCHECK_MAX_M) -> bool:
    """Whether the planted bug happens to compute exactly the true gradient on this data."""
    Xs, Ys = subset(X, Y, max_m)
    params = {k: np.asarray(v, float) for k, v in params.items()}
    _, cache = forward(params, Xs, activation)
    right = backward(params, cache, Xs, Ys, activation)
    wrong = ALL_BACKWARDS[bug].backward(params, cache, Xs, Ys, activation)
    return all(np.shape(wrong[k]) == right[k].shape and np.array_equal(wrong[k], right[k]) for k in right)


def near_kink(params: dict, X, activation: str, eps: float = 1e-5, *, max_m: int = GRADCHECK_MAX_M) -> int:
    """How many hidden values Z1 (of the subset) a ±eps nudge of one W1 or b1 entry can push
    across the kink at 0 of ReLU / leaky ReLU (0 for smooth activations).

    Nudging W1[j, k] moves Z1[j, i] by eps·|X[k, i]|, and b1[j] by eps, so a value is at risk
    when |Z1[j, i]| ≤ eps · max(1, max_k |X[k, i]|).
    """
    if activation not in ("relu", "leaky_relu"):
        return 0
    Xs = np.asarray(X, float)[:, :max_m]
    _, cache = forward({k: np.asarray(v, float) for k, v in params.items()}, Xs, activation)
    reach = eps * np.maximum(1.0, np.abs(Xs).max(axis=0, initial=0.0))  # (m,)
    return int(np.count_nonzero(np.abs(cache["Z1"]) <= reach))



# -- where to check: the points the page offers -----------------------------------------------
FRESH_SCALE = 1.0  # measured: the correct backward passes here on every dataset, activation and n_h tried
TINY_SCALE = 0.01  # the app's default init scale: the kink lesson (ReLU) and the hidden-bug lesson (tanh)
CHECK_POINTS = ("fresh", "tiny", "current")  # the first is the page's default


def check_point_params(point: str, current: dict, n_x: int, n_h: int, seed: int) -> dict:
    """The parameters to check at: a fresh start with scale 1 ("fresh"), a fresh start with
    the default scale 0.01 ("tiny"), or ``current`` (the run's parameters)."""
    if point == "current":
        return current
    scale = FRESH_SCALE if point == "fresh" else TINY_SCALE
    return init_params(n_x, n_h, scale=scale, seed=seed)


# -- why the check's db2 differs from the Backward page's ---------------------------------------
@dataclass(frozen=True)
class SubsetBalance:
    """Class 1's share and db2 (1, 1) on the check's subset (first ``m`` columns) and on all
    ``m_total`` training examples. db2 = mean(A2 − Y) = mean(A2) − share of class 1."""

    m: int
    m_total: int
    share: float
    share_total: float
    db2: float
    db2_total: float

    @property
    def differs(self) -> bool:
        """A smaller subset with another class share, and a db2 at least twice as large or small."""
        big, small = max(abs(self.db2), abs(self.db2_total)), min(abs(self.db2), abs(self.db2_total))
        return (self.m < self.m_total and abs(self.share - self.share_total) >= 0.005
                and big > 0 and small <= big / 2)


def subset_balance(params: dict, X, Y, activation: str, *, max_m: int = GRADCHECK_MAX_M) -> SubsetBalance:
    """Class shares and db2 on the subset and on all of X (n_x, m), Y (1, m)."""
    params = {k: np.asarray(v, float) for k, v in params.items()}
    X, Y = np.asarray(X, float), np.asarray(Y, float)
    Xs, Ys = subset(X, Y, max_m)

    def db2(Xa, Ya):
        _, cache = forward(params, Xa, activation)
        return float(backward(params, cache, Xa, Ya, activation)["db2"][0, 0])

    return SubsetBalance(Xs.shape[1], X.shape[1], float(Ys.mean()), float(Y.mean()), db2(Xs, Ys), db2(X, Y))


def subset_notice(b: SubsetBalance, *, current: bool = True) -> str | None:
    """The callout on the subset's db2, or None when the subset's db2 is close to the full one.
    ``current``: the parameters are the run's, so the full db2 is the one the Backward page shows."""
    if not b.differs:
        return None
    return (
        ("**Why ‖db2‖ here is not the Backward page's.** " if current else
         f"**Why ‖db2‖ on these {b.m} examples differs from all {b.m_total}.** ")
        + f"The check uses the first {b.m} of the "
        f"{b.m_total} training examples, and {b.share:.1%} of those {b.m} are class 1, against "
        f"{b.share_total:.1%} of all {b.m_total}. db2 = (1/m) Σ (A2 − Y) is the mean prediction minus "
        f"the share of class 1, so it follows the share: db2 = {b.db2:.3g} on these {b.m}, against "
        f"{b.db2_total:.3g} on all {b.m_total}" + (" (the Backward page's value)" if current else "")
        + ". The verdict is not affected: "
        f"both ways of computing the gradient use the same {b.m} examples."
    )


# -- which bugs a check at a tiny start misses, and why ------------------------------------------
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


def _shape(shape) -> str:
    return str(tuple(int(n) for n in shape))


def verdict(report: CheckReport, baseline: CheckReport, *, bug: str, activation: str, activation_label: str,
            same: bool, kinks: int, hidden: tuple, where: str) -> Verdict:
    """The verdict on ``report`` (the check of ``bug``), given the correct backward's check at the
    same point (``baseline``), whether the bug computes the true gradient there (``same``), the
    hidden values near ReLU's kink (``kinks``), :func:`hidden_range` there (``hidden``) and a
    sentence on why kinks are close at this point (``where``, may be "")."""
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
        parts = [f"d{r.name}: " + (f"shape {_shape(r.analytic_shape)} instead of {_shape(r.expected_shape)} "
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
