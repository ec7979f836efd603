"""Short training runs side by side: activations, initial scales (with 2 inputs and with
many), zero versus random start.

Pure functions on a :class:`~shallownet.datasets.Dataset`; each run is a few hundred to a few
thousand steps of the fast :class:`~shallownet.training.Trainer`, so a whole comparison takes
well under a second. The results are plain data (arrays and numbers) for the figures; the
sentences about them are in :mod:`shallownet.gradients_lesson`.

The package: :mod:`.runs` (one run summarised; the activations compared), :mod:`.scales`
(initial scales, with 2 inputs and with many) and :mod:`.starts` (zero versus random start).
"""

from __future__ import annotations

from .runs import (  # noqa: F401 (re-exported)
    ACTIVATION_ORDER,
    COMPARISON_STEPS,
    SATURATED_BELOW,
    STALL_WORD,
    Curve,
    Run,
    Saturation,
    activation_comparison,
    activation_curves,
    saturation,
    stall_word,
    train_run,
)
from .scales import (  # noqa: F401 (re-exported)
    INIT_RULES,
    INIT_SCALES,
    MAX_STEPS,
    TARGET_COST,
    WIDE_MAX_N_H,
    WIDE_N_X,
    ScaleResult,
    Z1Histogram,
    init_rule_comparison,
    init_scale_comparison,
    logistic_cost,
    rule_params,
    wide_n_h,
    with_noise_features,
    z1_histogram,
)
from .starts import (  # noqa: F401 (re-exported)
    ZERO_INIT_RANDOM_SCALE,
    StartResult,
    Thumbnails,
    ZeroInitResult,
    distinct_rows,
    row_spread,
    unbalanced,
    zero_init_comparison,
)
