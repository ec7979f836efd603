"""Work the pages share across sessions: every ``st.cache_data`` function lives here.

A page script runs top to bottom on every rerun, and a ``@st.cache_data`` written in it is
decorated anew each time — which reads and tokenises the function's source to key its
cache (a few ms per function, per rerun, per student). Decorated once here, at import,
they cost nothing until called. Everything returned is plain data (figures as dicts), and
``st.cache_data`` hands each caller its own copy, so no session can change another's.
"""

from __future__ import annotations

import time

import streamlit as st

from .. import comparisons as cmp
from .. import landscape_lesson as ll
from ..activations import ACTIVATIONS
from ..bugs import check_backward, same_as_correct
from ..figures import gradients_view as gv
from ..figures import landscape_view as lv
from ..figures import minibatch_view as mbv
from ..figures.board import plot_spec, plotly_frames_to_board
from ..minibatch import compare_batch_sizes
from ..minibatch_landscape import runs_map
from ..upload import template_csv
from .page import frozen

BASELINE_RESOLUTION = 80


# -- Gradients: the comparisons train networks; their figures are kept with them ----------------
@st.cache_data(max_entries=32, show_spinner="Training the four activations…")
def activation_runs(data_id, _data, n_h, init_scale, init_seed, learning_rate):
    runs = cmp.activation_comparison(_data, n_h, init_scale=init_scale, init_seed=init_seed,
                                     learning_rate=learning_rate)
    return runs, frozen(gv.comparison_figure(runs)), gv.comparison_table(runs)


@st.cache_data(max_entries=32, show_spinner="Training from three initial scales until J < 0.1…")
def scale_runs(data_id, _data, n_h, activation, init_seed, learning_rate):
    """The 2-input runs (until J < TARGET_COST or MAX_STEPS), their figures and table."""
    results = cmp.init_scale_comparison(_data, n_h, activation, init_seed=init_seed, learning_rate=learning_rate,
                                        steps=cmp.MAX_STEPS, until_cost=cmp.TARGET_COST)
    return results, *_scale_figures(results, activation, "Two inputs: the cost and ‖dW1‖ from three starts")


@st.cache_data(max_entries=32, show_spinner="Training with many inputs from five starts…")
def wide_runs(data_id, _data, n_h, activation, init_seed, learning_rate):
    """The same data with WIDE_N_X inputs (noise added), from fixed scales, Xavier and He."""
    wide = cmp.with_noise_features(_data, cmp.WIDE_N_X)
    results = cmp.init_rule_comparison(wide, cmp.wide_n_h(n_h), activation, init_seed=init_seed,
                                       learning_rate=learning_rate)
    return results, *_scale_figures(results, activation, f"{cmp.WIDE_N_X} inputs: the cost and ‖dW1‖ from five starts")


def _scale_figures(results, activation, title):
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


@st.cache_data(max_entries=32, show_spinner="Training from the zero and the random start…")
def zero_runs(data_id, _data, n_h, activation, init_seed, learning_rate, make_unbalanced):
    d = cmp.unbalanced(_data) if make_unbalanced else _data
    result = cmp.zero_init_comparison(d, n_h, activation, init_seed=init_seed, learning_rate=learning_rate)
    return result, frozen(gv.thumbnails_figure(result, activation))


@st.cache_data(max_entries=4, show_spinner=False)
def activation_curves_figure():
    return frozen(gv.activation_curves_figure(cmp.activation_curves()))


# -- Gradient check ---------------------------------------------------------------------------
@st.cache_data(max_entries=64, show_spinner="Nudging every parameter up and down…")
def gradient_check(params, X, Y, activation, bug):
    """The check and how long it took (arrays are hashed by content)."""
    start = time.perf_counter()
    report = check_backward(params, X, Y, activation, bug)
    return report, time.perf_counter() - start


@st.cache_data(max_entries=64, show_spinner=False)
def bug_is_harmless(params, X, Y, activation, bug):
    return same_as_correct(params, X, Y, activation, bug)


# -- Experiments (scikit-learn is imported only when a sweep or the baseline runs) -------------
@st.cache_data(max_entries=128, show_spinner=False)
def sweep_network(data_id, n_h, activation, learning_rate, steps, init_scale, init_seed, resolution, _data):
    from .. import sweeps

    return sweeps.train_network(_data, n_h, activation, learning_rate, steps, init_scale=init_scale,
                                init_seed=init_seed, resolution=resolution)


@st.cache_data(max_entries=128, show_spinner=False)
def sweep_rate(data_id, learning_rate, n_h, activation, steps, init_scale, init_seed, _data):
    from .. import sweeps

    return sweeps.train_rate(_data, learning_rate, n_h, activation, steps, init_scale=init_scale,
                             init_seed=init_seed)


@st.cache_data(max_entries=32, show_spinner=False)
def logistic_baseline(data_id, _data):
    from .. import sweeps

    return sweeps.logistic_baseline(_data, resolution=BASELINE_RESOLUTION)


@st.cache_data(max_entries=1, show_spinner=False)
def upload_template() -> bytes:
    return template_csv()


# -- Loss landscape: the three step sizes, each run with its slices (a grid per run) --------------
@st.cache_data(max_entries=32, show_spinner="Training with three step sizes and computing their landscapes…")
def landscape_presets(data_id, _data, n_h, activation, init_scale, init_seed, spec):
    runs = ll.preset_runs(_data, n_h, activation, init_scale, init_seed)
    start = runs[0].snaps[0].params  # the same for the three: one plane, each map zoomed to its path
    views = [ll.compute_view(_data.X_train, _data.Y_train, activation, r.snaps, spec, center=start) for r in runs]
    paths = [[{"name": r.name, "xy": v.path, "cost": v.path_cost, "iterations": v.iterations}]
             for r, v in zip(runs, views, strict=True)]
    titles = [f"{r.name}: α = {r.rate:g}" for r in runs]
    texts = [ll.preset_text(r, ll.PRESET_STEPS) for r in runs]
    fig = lv.paths_figure(views, paths, titles)
    last = max(int(v.iterations[-1]) for v in views)
    steps = sorted({int(i) for v in views for i in v.iterations})
    fig["frames"] = lv.path_frames(fig, [p for ps in paths for p in ps], steps)
    base, frames = plotly_frames_to_board(fig, "presets", [f["name"] for f in fig["frames"]])
    payload = {"epoch": f"presets|{data_id}|{n_h}|{activation}|{init_scale}|{init_seed}|{spec}|{last}",
               "plots": [plot_spec("presets", frozen(base), "Three contour maps with the descent paths of a "
                                   "small, a good and a too-large α, growing step by step.")],
               "columns": "1fr", "player": {"mode": "replay", "frames": frames, "fps": ll.PRESET_FPS}}
    return payload, texts, runs[1].snaps[-1].params


# -- Mini-batch vs full batch: four runs, one click ----------------------------------------------
@st.cache_data(max_entries=16, show_spinner="Training full batch, b = 64, b = 8 and b = 1 for the same epochs…")
def batch_runs(data_id, _data, n_h, activation, init_scale, init_seed, learning_rate, epochs):
    """The four runs (same start, same epochs; times measured as they ran), their noise and
    boundary figures; the epoch figure is drawn by the page for its x axis."""
    runs = compare_batch_sizes(_data, epochs, n_h=n_h, activation=activation, init_scale=init_scale,
                               init_seed=init_seed, learning_rate=learning_rate)
    m_train = _data.X_train.shape[1]
    return (runs, frozen(mbv.noise_figure(runs, m_train)), frozen(mbv.boundaries_figure(runs, _data, m_train)))


@st.cache_data(max_entries=16, show_spinner="Computing the loss landscape under the four paths…")
def batch_paths_map(data_id, _data, n_h, activation, init_scale, init_seed, learning_rate, epochs):
    """The four runs' paths on one slice of J (grid + projection) and its figure, per (data,
    model, epochs, α); the runs come from :func:`batch_runs`, cached alongside."""
    runs = batch_runs(data_id, _data, n_h, activation, init_scale, init_seed, learning_rate, epochs)[0]
    colors = mbv.RUN_COLORS
    the_map = runs_map(runs, _data.X_train, _data.Y_train, activation)
    paths = [{"name": p.name, "xy": p.xy, "cost": p.cost, "iterations": p.iterations, "color": colors[k % len(colors)]}
             for k, p in enumerate(the_map.paths)]
    return the_map, frozen(lv.runs_map_figure(the_map, paths))
