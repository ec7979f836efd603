"""The Gradients page's shared work: its comparisons train networks, so each is computed once
per set of inputs and shared by every session (``st.cache_data`` hands each caller a copy).

Decorated here, at import, rather than in the page script (which runs on every rerun).
"""

from __future__ import annotations

import streamlit as st

from .. import comparisons as cmp
from ..activations import ACTIVATIONS
from ..figures import gradients_view as gv
from .page import frozen


@st.cache_data(max_entries=32, show_spinner="Training from three initial scales until J < 0.1…")
def scale_runs(data_id, _data, n_h, activation, init_seed, learning_rate):
    """The 2-input runs (until J < TARGET_COST or MAX_STEPS), their figures and table."""
    results = cmp.init_scale_comparison(_data, n_h, activation, init_seed=init_seed, learning_rate=learning_rate,
                                        steps=cmp.MAX_STEPS, until_cost=cmp.TARGET_COST)
    return results, *_figures(results, activation, "Two inputs: the cost and ‖dW1‖ from three starts")


@st.cache_data(max_entries=32, show_spinner="Training with many inputs from five starts…")
def wide_runs(data_id, _data, n_h, activation, init_seed, learning_rate):
    """The same data with WIDE_N_X inputs (noise added), from fixed scales, Xavier and He."""
    wide = cmp.with_noise_features(_data, cmp.WIDE_N_X)
    results = cmp.init_rule_comparison(wide, cmp.wide_n_h(n_h), activation, init_seed=init_seed,
                                       learning_rate=learning_rate)
    return results, *_figures(results, activation, f"{cmp.WIDE_N_X} inputs: the cost and ‖dW1‖ from five starts")


def _figures(results, activation, title):
    labels = [r.name for r in results]
    runs = [r.run for r in results]
    colors = list(gv.SCALE_COLORS[: len(runs)])
    n_x = results[0].run.start["W1"].shape[1]
    hist_title = f"Z1 at the start, {n_x} inputs, {ACTIVATIONS[activation].label} units"
    return (frozen(gv.z1_histograms_figure(results, activation, title=hist_title)),
            frozen(gv.comparison_figure(runs, labels=labels, colors=colors, title=title, log_cost=True)),
            gv.comparison_table(runs, labels))


@st.cache_data(max_entries=32, show_spinner=False)
def linear_cost(data_id, _data) -> float:
    """The cost a single logistic unit reaches on the training set: the level of the plateau."""
    return cmp.logistic_cost(_data.X_train, _data.Y_train)
