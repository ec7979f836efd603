"""Running the gradient check on a planted copy: the report per parameter (with its shapes
made explicit), the points the page checks at, ReLU's kinks within reach of the step, and why
the check's db2 on its subset differs from the whole training set's."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..gradcheck import ParamCheck, gradient_check
from ..network import backward, forward, init_params
from .copies import ALL_BACKWARDS

GRADCHECK_MAX_M = 200  # the check costs 2 forward passes per parameter entry: a subset keeps it fast


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
