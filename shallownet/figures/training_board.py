"""The Training page's live board and replay as board payloads (see :mod:`.board`).

Live: the boundary, the cost and accuracy curves, the hidden units, the numbers strip and the
next update, drawn in place; while playing, frames that patch them (the grids as uint8, the new
curve points, the numbers). Replay: the recorded snapshots as frames of one figure, played by
the same player in the app and in the exported HTML file.
"""

from __future__ import annotations

import numpy as np

from .. import plateaus, playback
from . import training_view as tv
from .board import plot_spec, plotly_frames_to_board, standalone_board_html

# Grids of the live views: 40 × 40 and 20 × 20 per unit (smoothed when drawn) keep a frame near
# 10 KB before compression (bench/bench_play.py prints the bytes a student receives).
PLAY_GRID = 40
PLAY_THUMB = 20
UNITS_EVERY_MS = 200  # the thumbnails are drawn five times a second while playing (each draw ~20 ms)
COLUMNS = "minmax(0, 1.4fr) minmax(0, 1fr)"
# the boundary and the curves fill the first screen: its height less FIT[0] px (the page's title,
# controls and numbers above them), never below FIT[1] px (bench/README: 1280×720 and 150 % zoom)
FIT = (260, 190)
MAX_FRAMES = tv.MAX_FRAMES
ALT = {
    "curves": "Cost J and accuracy against the iteration, train and test, with a marker at the current one",
    "units": "Each hidden unit's activation over the plane, titled with its output weight W2",
}


def live_base(trainer, data, activation: str, learning_rate: float, log_cost: bool, rev: str = "",
              baseline: tuple[float, float] | None = None, *, show_test: bool = True,
              discrete: bool = False) -> dict:
    """The base of the live board at the trainer's current state: its plots, numbers strip and
    update table, and ``index`` (the curve traces by name, for the frames that extend them).
    ``baseline``: the straight line's (J, accuracy) on the training points, drawn and used to
    name the plateaus marked on the cost curve. ``show_test`` / ``discrete``: the view toggles
    of the boundary (test points drawn; the predicted class in two colours instead of A2)."""
    params, t = trainer.params, trainer.total_iteration  # the count shown (a loaded model's continues)
    history = trainer.history()
    curves = tv.curves_figure(history, log_cost=log_cost, baseline=baseline[0] if baseline else None,
                              marks=plateaus.chart_marks(history, baseline))
    plots = [
        plot_spec("boundary", tv.boundary_figure(params, data, activation, t, resolution=PLAY_GRID,
                                                 show_test=show_test, discrete=discrete),
                  boundary_alt(show_test, discrete), rev and f"b{rev}", fit=FIT),
        plot_spec("curves", curves, ALT["curves"], rev and f"c{rev}", fit=FIT),
        plot_spec("units", tv.hidden_units_figure(params, data, activation, resolution=PLAY_THUMB),
                  ALT["units"], rev and f"u{rev}", every_ms=UNITS_EVERY_MS),
    ]
    return {"plots": plots, "stats": playback.stats_row(history, t, learning_rate),
            "table": playback.update_table(params, trainer.grads, learning_rate, t),
            "index": tv.trace_index(curves)}


def boundary_alt(show_test: bool, discrete: bool) -> str:
    """The boundary's alt text, true to what it draws."""
    shade = "the predicted class (A2 > 0.5 or not) in two colours" if discrete else "A2 over the plane as colour"
    points = "train and test points" if show_test else "the train points (test points hidden)"
    return f"Decision boundary: {shade}, the line A2 = 0.5, {points}"


def frame_builder(trainer, data, activation: str, learning_rate: float, index: dict,
                  baseline: tuple[float, float] | None = None):
    """``build(seq, previous_iteration)`` → the frame of the trainer's current state, patching
    the base of :func:`live_base` (``index`` from it). ``previous_iteration`` is the trainer's row
    (:attr:`~shallownet.training.Trainer.iteration`) before the frame's steps; what the frame shows
    counts from the trainer's start_iteration."""

    def build(seq: int, before: int) -> dict:
        params, t = trainer.params, trainer.total_iteration
        history = trainer.history(start=before)  # this frame's rows only (``before``: a row)
        shown_before = before + trainer.start_iteration  # the count shown, as the history's iterations
        plots = {"curves": tv.curves_patch(history, shown_before, t, index, baseline[0] if baseline else None),
                 "boundary": tv.boundary_patch(params, data, activation, t, resolution=PLAY_GRID),
                 "units": tv.units_patch(params, data, activation, resolution=PLAY_THUMB)}
        return {"seq": seq, "label": f"iteration {t:,}", "iteration": t,
                "stats": playback.stats_row(history, t, learning_rate),
                "table": _changing(playback.update_table(params, trainer.grads, learning_rate, t)),
                "plots": plots}

    return build


def _changing(table: dict) -> dict:
    """The parts of the update table that change from frame to frame (the browser keeps the rest)."""
    return {"title": table["title"], "rows": table["rows"]}


def player_spec(playing: bool, frames: list, speed: int) -> dict:
    """The live player's settings and the frames of this chunk; ``drain``: play out what is
    queued, then stop (training stopped by itself)."""
    return {"mode": "live", "playing": playing, "drain": not playing, "frames": frames, "fps": playback.FPS,
            "speeds": list(playback.PLAY_SPEEDS), "speed": speed, "low_water": playback.LOW_WATER}


def replay_payload(trainer, data, activation: str, log_cost: bool, dataset_name: str) -> dict:
    """The run's snapshots as a board that plays in the browser: one figure (A2 over the plane,
    the curves) and at most MAX_FRAMES complete frames, each with its numbers."""
    history = trainer.history()
    title = tv.run_title(dataset_name, trainer.n_h, activation, history)
    snaps = trainer.snapshots
    fig = tv.replay_figure(snaps, history, data, activation, log_cost=log_cost, title=title)
    chosen = [snaps[i] for i in tv.pick_frames([s.iteration for s in snaps])]
    o = trainer.start_iteration  # snapshots keep rows; the frames show the count
    base, frames = plotly_frames_to_board(fig, "replay", [f"iteration {o + s.iteration:,}" for s in chosen])
    # the player's bar replaces Plotly's buttons and slider under the plots: less room below
    base["layout"] = {**base["layout"], "margin": {**base["layout"]["margin"], "b": 90},
                      "legend": {**base["layout"]["legend"], "y": -0.16}}
    rates = np.asarray(history["learning_rate"], dtype=float)
    for f, s in zip(frames, chosen, strict=True):
        k = s.iteration  # the row: stats_row takes the count shown, the rates are indexed by row
        f["stats"] = playback.stats_row(history, o + k, float(rates[max(k, 1)] if len(rates) > 1 else 0.0))
    return {"epoch": "replay", "plots": [plot_spec("replay", base, "Replay of the run: A2 over the plane with "
                                                   "the boundary and the points, beside the cost and accuracy")],
            "stats": frames[0]["stats"] if frames else [], "columns": "1fr",
            "player": {"mode": "replay", "frames": frames, "fps": 1000 / tv.FRAME_MS}}


def replay_html(payload: dict, plotly_js: str, *, title: str) -> str:
    """The replay as one HTML file that plays offline."""
    return standalone_board_html(payload, plotly_js, title=title)
