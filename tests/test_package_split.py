"""shallownet.training, shallownet.bugs and shallownet.comparisons are packages of smaller
modules; every name importable from them before the split still is, and is the same object
as in the submodule that defines it."""

from __future__ import annotations

import importlib
import inspect

import pytest

import shallownet
from shallownet.training import Trainer

PUBLIC = {
    "shallownet.training": (
        "COST_BLOWUP", "HISTORY_FIELDS", "LOG2", "MAX_ABS_PARAM", "MAX_ITERATION", "Divergence", "Snapshot",
        "Trainer",
    ),
    "shallownet.bugs": (
        "ALL_BACKWARDS", "BUGS", "CHECK_POINTS", "CORRECT", "FRESH_SCALE", "GRADCHECK_MAX_M", "PASS_BELOW",
        "TINY_SCALE", "WARN_BELOW", "Bug", "CheckReport", "CheckRow", "MissReport", "ParamCheck",
        "SubsetBalance", "Verdict", "backward_dropped_keepdims", "backward_forgot_1_over_m",
        "backward_forgot_gprime", "backward_g_not_gprime", "backward_gprime_on_a1", "backward_transposed",
        "backward_wrong_axis", "check_backward", "check_point_params", "flagged", "gradient_check",
        "hidden_range", "kink_explanation", "misses_at_scale", "near_kink", "same_as_correct", "subset",
        "subset_balance", "subset_notice", "verdict",
    ),
    "shallownet.comparisons": (
        "ACTIVATION_ORDER", "COMPARISON_STEPS", "INIT_RULES", "INIT_SCALES", "MAX_STEPS", "SATURATED_BELOW",
        "STALL_WORD", "TARGET_COST", "WIDE_MAX_N_H", "WIDE_N_X", "ZERO_INIT_RANDOM_SCALE", "Curve", "Run",
        "Saturation", "ScaleResult", "StartResult", "Thumbnails", "Z1Histogram", "ZeroInitResult",
        "activation_comparison", "activation_curves", "distinct_rows", "init_rule_comparison",
        "init_scale_comparison", "logistic_cost", "row_spread", "rule_params", "saturation", "stall_word",
        "train_run", "unbalanced", "wide_n_h", "with_noise_features", "z1_histogram", "zero_init_comparison",
    ),
}


@pytest.mark.parametrize("package", sorted(PUBLIC))
def test_the_package_still_offers_every_name_of_the_module_it_replaces(package):
    mod = importlib.import_module(package)
    assert [n for n in PUBLIC[package] if not hasattr(mod, n)] == []


@pytest.mark.parametrize("package", sorted(PUBLIC))
def test_each_function_and_class_is_the_one_its_submodule_defines(package):
    mod = importlib.import_module(package)
    for name in PUBLIC[package]:
        obj = getattr(mod, name)
        home = getattr(obj, "__module__", None)
        if (inspect.isfunction(obj) or inspect.isclass(obj)) and home.startswith(package + "."):
            assert getattr(importlib.import_module(home), name) is obj, name


def test_the_top_level_package_shares_the_trainer_and_its_records():
    assert shallownet.Trainer is Trainer
    assert shallownet.Snapshot is importlib.import_module("shallownet.training.record").Snapshot
    assert shallownet.Divergence is importlib.import_module("shallownet.training.trainer").Divergence


def test_the_trainer_keeps_its_public_api():
    public = {n for n in dir(Trainer) if not n.startswith("_")}
    assert public == {"checkpoint", "grads", "history", "history_nbytes", "params", "reset", "rewind",
                      "snapshots", "step", "set_batch_size", "effective_batch_size", "epoch_history",
                      "total_iteration"}  # the count shown: start_iteration (an attribute) + the run's steps
    assert list(inspect.signature(Trainer.history).parameters) == ["self", "start"]
    assert inspect.signature(Trainer.history).parameters["start"].default == 0
    assert list(inspect.signature(Trainer.step).parameters) == ["self", "n", "learning_rate"]
    init = inspect.signature(Trainer.__init__).parameters
    assert init["max_iteration"].default == importlib.import_module("shallownet.training").MAX_ITERATION
