"""The Loss landscape page's Streamlit pieces: the slice controls, the training buttons and the
live landscape of this session's run (redrawn in place while it trains).

What the texts say is computed in :mod:`shallownet.landscape_lesson`.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from .. import landscape as L
from .. import landscape_lesson as ll
from ..figures import landscape_view as lv
from ..playback import MAX_ITERATION, advance
from .live import live_chart
from .memo import memo
from .page import guarded

KIND, PAIR_I, PAIR_J, THROUGH, PLAY = "land.kind", "land.i", "land.j", "land.through", "land.play"
KINDS = {"params": "Two chosen parameters", "random": "Two random directions (filter-normalised)"}
THROUGH_OPTIONS = {"end": "the end of training (the current parameters)",
                   "start": "the start of training (iteration 0)"}
PLAY_STEPS, PLAY_EVERY = 10, 0.6  # iterations per redraw while playing, seconds between redraws


def slice_controls(n_x: int, n_h: int) -> ll.SliceSpec:
    """The slice kind and its two parameters (or the random plane's centre)."""
    kind = st.radio("Slice", tuple(KINDS), format_func=KINDS.get, key=KIND, horizontal=True)
    if kind == "params":
        names = L.scalar_names(n_x, n_h)
        i0, j0 = ll.default_pair(n_x, n_h)
        cols = st.columns(2)
        i = cols[0].selectbox("Parameter on the horizontal axis (NumPy indices, from 0)", range(len(names)),
                              index=i0, format_func=names.__getitem__, key=f"{PAIR_I}.{n_x}.{n_h}")
        j = cols[1].selectbox("Parameter on the vertical axis (NumPy indices, from 0)", range(len(names)),
                              index=j0, format_func=names.__getitem__, key=f"{PAIR_J}.{n_x}.{n_h}")
        if i == j:
            j = (i + 1) % len(names)
            st.warning(f"Both axes were {names[i]}; the vertical axis uses {names[j]} instead.",
                       icon=":material/warning:")
        return ll.SliceSpec("params", int(i), int(j))
    through = st.radio("The plane goes through", tuple(THROUGH_OPTIONS), format_func=THROUGH_OPTIONS.get,
                       key=THROUGH, horizontal=True)
    return ll.SliceSpec("random", through=through)


def train_buttons(trainer, learning_rate: float) -> bool:
    """"Train 50 steps" and a Play toggle; returns whether Play is on."""
    cols = st.columns([1, 1, 3], vertical_alignment="center")
    cols[0].button("Train 50 steps", key="land.train", icon=":material/skip_next:",
                   on_click=guarded(advance), args=(trainer, 50, learning_rate),
                   disabled=trainer.iteration >= MAX_ITERATION)
    playing = cols[1].toggle("Play", key=PLAY,
                             help=f"{PLAY_STEPS} steps every {PLAY_EVERY:g} s; the path grows in place.")
    cols[2].caption(f"Steps use α = {learning_rate:g}, the sidebar's learning rate; the run is the same as on "
                    "the Training page.")
    if trainer.divergence is not None:
        st.warning(trainer.divergence.message(), icon=":material/warning:")
    return playing


def _view(trainer, data, activation: str, spec: ll.SliceSpec, data_id) -> ll.View:
    """The slice with the path's snapshots named by the iteration shown (a loaded model's count
    continues; the snapshots keep rows)."""
    view = ll.compute_view(data.X_train, data.Y_train, activation, trainer.snapshots, spec)
    return replace(view, iterations=view.iterations + trainer.start_iteration)


def landscape(trainer, data, activation: str, spec: ll.SliceSpec, data_id, stretch) -> ll.View:
    """The session run's landscape, kept per (data, model, slice, trainer revision), drawn in place."""
    view, rev = memo("land.view", lambda: _view(trainer, data, activation, spec, data_id),
                     options=(spec,), data=data_id, trainer=trainer)
    thick = None
    if stretch is not None:  # both count as the history does
        thick = (view.iterations >= stretch[0]) & (view.iterations <= stretch[1])
    path = {"name": "this session's run", "xy": view.path, "cost": view.path_cost,
            "iterations": view.iterations, "thick": thick}
    fig = lv.landscape_figure(view, [path], title=f"J on the slice, iteration {trainer.total_iteration}")
    live_chart(fig, key="land.live", rev=f"{rev}|{stretch}",
               alt=f"Contour map and 3-D surface of J over the slice {view.labels}, with the descent path.",
               min_width=lv.SIDE_BY_SIDE_MIN_PX)
    return view


def play(trainer, learning_rate: float, draw) -> None:
    """While Play is on, step and redraw every PLAY_EVERY s (a fragment: only the chart reruns)."""
    playing = st.session_state.get(PLAY, False) and trainer.divergence is None and trainer.iteration < MAX_ITERATION

    @st.fragment(run_every=PLAY_EVERY if playing else None)
    def tick():
        if playing:
            advance(trainer, PLAY_STEPS, learning_rate)
        draw()

    tick()
