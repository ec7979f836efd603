"""Planted bugs: copies of :func:`shallownet.network.backward`, each with one classic slip.

Every buggy backward has the signature of ``network.backward`` —
``(params, cache, X, Y, activation) → {"dW1", "db1", "dW2", "db2"}`` — so it can be
handed to :func:`shallownet.gradcheck.gradient_check` as ``backward_fn``. None of them
raises: a slip that produces the wrong shape returns that wrong shape, and the check
reports it as a shape mismatch.

:func:`check_backward` runs the check on a subset of the examples and returns, per
parameter, whether the shapes agree; :func:`near_kink` counts the hidden values so close
to ReLU's kink that the centred difference straddles it.

The package: :mod:`.copies` (the planted copies and their table), :mod:`.check` (running the
check and the numbers around it) and :mod:`.verdicts` (what a check tells, in words).
"""

from __future__ import annotations

from ..gradcheck import PASS_BELOW, WARN_BELOW, ParamCheck, gradient_check  # noqa: F401 (re-exported)
from .check import (  # noqa: F401 (re-exported)
    CHECK_POINTS,
    FRESH_SCALE,
    GRADCHECK_MAX_M,
    TINY_SCALE,
    CheckReport,
    CheckRow,
    SubsetBalance,
    check_backward,
    check_point_params,
    near_kink,
    same_as_correct,
    subset,
    subset_balance,
    subset_notice,
)
from .copies import (  # noqa: F401 (re-exported)
    ALL_BACKWARDS,
    BUGS,
    CORRECT,
    Bug,
    backward_dropped_keepdims,
    backward_forgot_1_over_m,
    backward_forgot_gprime,
    backward_g_not_gprime,
    backward_gprime_on_a1,
    backward_transposed,
    backward_wrong_axis,
)
from .verdicts import (  # noqa: F401 (re-exported)
    MissReport,
    Verdict,
    flagged,
    hidden_range,
    kink_explanation,
    misses_at_scale,
    verdict,
)
