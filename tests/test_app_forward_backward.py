"""The Forward and Backward pages in AppTest: stepping through every phase, the slider, heading,
equation and graph showing one phase together, byte-stable charts, fixed chart heights, other
sizes, trained parameters, the play toggle.

AppTest never fires the play timer (st.fragment(run_every=...)): each run executes the
fragment once, so a run with play on is one tick. The timer itself is tested in the browser.
The graph and the heatmaps are live views (updated in place in the browser): their figures
are read from the component's payload.
"""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

from shallownet.network import backward, compute_cost, forward
from shallownet.stepthrough import BACKWARD_IDS, FORWARD_IDS, PHASE_BY_ID, PHASE_IDS
from shallownet.stepthrough.stepper_text import phase_label
from shallownet.ui.keys import TRAINER
from tests.conftest import charts, live_boards, live_bytes, live_elements, live_figures, live_payload

PAGES = {"forward": ("app_pages/forward.py", "fwd", FORWARD_IDS),
         "backward": ("app_pages/backward.py", "bwd", BACKWARD_IDS)}
CHART_BUDGET = int(1.5 * 1024 * 1024)


def typed_arrays(node):
    """Every base64 array ({"dtype", "bdata"}) inside a figure's JSON, decoded."""
    if isinstance(node, dict):
        if "bdata" in node and "dtype" in node:
            yield np.frombuffer(base64.b64decode(node["bdata"]), dtype=np.dtype(node["dtype"]))
            return
        for value in node.values():
            yield from typed_arrays(value)
    elif isinstance(node, list):
        for value in node:
            yield from typed_arrays(value)


def graph(at, p: str) -> dict:
    return live_figures(at)[f"{p}.graph"]


def tensors(at, p: str) -> dict:
    return live_figures(at)[f"{p}.tensors"]


def graph_json(at, p: str) -> str:
    """What the page sends for the graph: its figure and the name of its content."""
    plot = live_boards(at)[f"{p}.graph"]["plots"][0]
    return json.dumps([plot["figure"], plot["rev"]], sort_keys=True)


def slider(at, p: str):
    """The phase slider (its key changes whenever the server moves the phase)."""
    (widget,) = [w for w in at.select_slider if w.key.startswith(f"{p}.slider")]
    return widget


def heading(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("#### Phase"))


def equation(at) -> str:
    return at.latex[0].value


def assert_one_phase(at, p: str, pid: str) -> None:
    """The session's phase, the slider, the heading, the equation and the graph all show ``pid``."""
    k = PHASE_IDS.index(pid)
    assert at.session_state[f"{p}.phase"] == pid
    assert slider(at, p).value == pid
    assert heading(at).startswith(f"#### Phase {k + 1} of 12 · {PHASE_BY_ID[pid].title}")
    g = graph(at, p)
    assert g["layout"]["meta"] == {"phase": pid, "number": k + 1}
    assert f"phase {k + 1} of 12" in g["layout"]["title"]["text"]


def open_tab(at, prefix: str, label: str):
    """Switch a stepper page to one of its (lazily run) tabs."""
    at.session_state[f"{prefix}.tab"] = label
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(params=list(PAGES))
def page(request, app_at):
    script, prefix, ids = PAGES[request.param]
    at = app_at(script)
    assert not at.exception, [e.value for e in at.exception]
    return at, prefix, ids


def test_next_steps_through_every_phase_and_the_graph_follows(page):
    at, p, ids = page
    seen, heights = [], set()
    for k, pid in enumerate(ids):
        assert_one_phase(at, p, pid)
        eq = equation(at)
        assert r"\underbrace" in eq
        seen.append(eq)
        figs = live_figures(at)
        assert set(figs) == {f"{p}.graph", f"{p}.tensors"}  # the graph and the heatmaps, both live
        assert not charts(at)
        g = figs[f"{p}.graph"]
        assert "frames" not in g and "updatemenus" not in g["layout"] and "sliders" not in g["layout"]
        heights.add((g["layout"]["height"], figs[f"{p}.tensors"]["layout"]["height"]))
        assert live_bytes(at) < CHART_BUDGET
        if k < len(ids) - 1:
            at.button(key=f"{p}.next").click().run()
            assert not at.exception, [e.value for e in at.exception]
    assert len(set(seen)) == len(ids)  # the equation changed at every step
    assert len(heights) == 1  # neither chart changes its height from phase to phase
    assert at.button(key=f"{p}.next").disabled
    at.button(key=f"{p}.prev").click().run()
    assert_one_phase(at, p, ids[-2])


def test_the_slider_jumps_to_any_phase(page):
    at, p, ids = page
    before = slider(at, p).key
    slider(at, p).set_value(ids[-1]).run()
    assert not at.exception
    assert_one_phase(at, p, ids[-1])
    assert slider(at, p).key == before  # dragging it keeps it; only a move by the server renews it
    assert at.button(key=f"{p}.prev").disabled is False
    assert at.button(key=f"{p}.next").disabled
    at.button(key=f"{p}.prev").click().run()
    assert slider(at, p).key != before
    assert_one_phase(at, p, ids[-2])
    slider(at, p).set_value(ids[0]).run()
    assert_one_phase(at, p, ids[0])


def test_the_slider_shows_the_phase_labels(page):
    at, p, ids = page
    assert slider(at, p).options == [phase_label(i) for i in ids]


def test_unrelated_widgets_leave_the_graph_json_byte_identical(page):
    at, p, ids = page
    at.button(key=f"{p}.next").click().run()
    before = graph_json(at, p)
    open_tab(at, p, "One example's path")
    at.number_input(key=f"{p}.example").set_value(17).run()
    open_tab(at, p, "Phase by phase")
    assert graph_json(at, p) == before
    at.slider(key=f"{p}.col0").set_value(40).run()
    assert graph_json(at, p) == before
    at.run()
    assert graph_json(at, p) == before
    at.button(key=f"{p}.next").click().run()
    assert graph_json(at, p) != before


def test_the_heatmaps_keep_one_height_per_example_count(page):
    at, p, ids = page
    for count in (5, 20):
        slider(at, p).set_value(ids[0]).run()  # a phase with examples: the count is enabled
        at.selectbox(key=f"{p}.ncols").set_value(count).run()
        heights = set()
        for pid in ids:
            slider(at, p).set_value(pid).run()
            assert not at.exception, [e.value for e in at.exception]
            heights.add(tensors(at, p)["layout"]["height"])
        assert len(heights) == 1, (count, heights)


def test_the_example_picker_moves_the_heatmaps_and_the_path(page):
    at, p, _ = page
    assert not at.get("number_input") or all(w.key != f"{p}.example" for w in at.number_input)  # other tab
    open_tab(at, p, "One example's path")
    at.number_input(key=f"{p}.example").set_value(123).run()
    assert not at.exception
    text = " ".join(el.value for el in at.latex)
    assert r"_{:,\,123}" in text
    assert any("largest difference" in c.value for c in at.caption)
    open_tab(at, p, "Phase by phase")  # the heatmaps now show column 123
    start = at.session_state[f"{p}.col0"]
    assert start <= 123 < start + at.session_state[f"{p}.ncols"]
    assert "123" in str(tensors(at, p)["layout"])


def test_play_toggle_advances_one_phase_per_run_and_wraps(page):
    at, p, ids = page
    at.toggle(key=f"{p}.play").set_value(True).run()
    assert_one_phase(at, p, ids[1])
    assert at.button(key=f"{p}.next").disabled and at.button(key=f"{p}.prev").disabled
    assert slider(at, p).disabled
    for k in range(len(ids) - 1):
        at.run()
        assert_one_phase(at, p, ids[(k + 2) % len(ids)])  # every tick shows one phase everywhere
    assert at.session_state[f"{p}.phase"] == ids[0]  # round and round
    at.toggle(key=f"{p}.play").set_value(False).run()
    assert_one_phase(at, p, ids[0])
    assert not at.button(key=f"{p}.next").disabled


@pytest.mark.parametrize("ticks", [2, 4])
def test_after_play_stops_the_slider_heading_and_graph_agree(page, ticks):
    """Stopping on any phase, the last one included: the slider shows where the play stopped
    (not where it was dragged before), and Next is disabled only on the last phase."""
    at, p, ids = page
    slider(at, p).set_value(ids[0]).run()
    at.toggle(key=f"{p}.play").set_value(True).run()
    for _ in range(ticks - 1):
        at.run()
    at.toggle(key=f"{p}.play").set_value(False).run()
    where = ids[ticks % len(ids)]
    assert_one_phase(at, p, where)
    assert not slider(at, p).disabled
    assert at.button(key=f"{p}.next").disabled is (where == ids[-1])
    at.run()  # and it stays so
    assert_one_phase(at, p, where)
    slider(at, p).set_value(ids[1]).run()  # the slider works again
    assert_one_phase(at, p, ids[1])


@pytest.mark.parametrize("query", [{"h": "7", "g": "relu", "m": "120"}, {"h": "1", "g": "sigmoid", "data": "circles"},
                                   {"h": "50", "m": "2000", "data": "spiral"}])
def test_other_sizes_show_their_shapes(app_at, query):
    m_train = round(int(query.get("m", 400)) * 0.75)
    for script, p, ids in PAGES.values():
        at = app_at(script, query=query)
        assert not at.exception, [e.value for e in at.exception]
        for _ in ids[:-1]:
            at.button(key=f"{p}.next").click().run()
            assert not at.exception
        slider(at, p).set_value(ids[0]).run()
        eq = equation(at)
        if p == "fwd":
            assert rf"_{{{query['h']}\times {m_train}}}" in eq  # Z1 is n_h × m
        else:
            assert rf"_{{1\times {m_train}}}" in eq  # dZ2 is 1 × m
        assert live_bytes(at) < CHART_BUDGET


def test_after_training_the_pages_show_the_trained_numbers(app_at):
    at = app_at("app_pages/backward.py")
    trainer = at.session_state[TRAINER]
    trainer.step(300, 1.2)
    at.run()
    assert not at.exception
    data = trainer.data
    params = trainer.params
    A2, cache = forward(params, data.X_train, "tanh")
    grads = backward(params, cache, data.X_train, data.Y_train, "tanh")
    first = graph(at, "bwd")["data"][1]["customdata"]  # the dZ2 phase, node order of the graph
    names = ["X", "W1", "b1", "Z1", "A1", "W2", "b2", "Z2", "A2", "Y", "J"]
    assert first[names.index("J")][1] == pytest.approx(compute_cost(A2, data.Y_train), rel=1e-9)
    slider(at, "bwd").set_value("db1").run()
    db1 = graph(at, "bwd")["data"][1]["customdata"]
    assert db1[names.index("W1")][2] == pytest.approx(np.linalg.norm(grads["dW1"]), rel=1e-9)
    assert "after 300 training steps" in at.caption[0].value


def test_the_lecture_note_slips_are_called_out(app_at):
    at = app_at("app_pages/backward.py")
    slider(at, "bwd").set_value("dZ1").run()
    infos = " ".join(i.value for i in at.info)
    assert "Gradient Descent for Neural networks" in infos and "derivative" in infos  # the notes, named
    at = app_at("app_pages/forward.py")
    slider(at, "fwd").set_value("Z2").run()
    assert "W^{[2]} a^{[1]}" in " ".join(i.value for i in at.info)


def test_logistic_regression_section_links_to_dz2(app_at):
    at = open_tab(app_at("app_pages/backward.py"), "bwd", "Logistic regression: one neuron")
    text = " ".join(el.value for el in at.latex)
    assert r"-\frac{y}{a} + \frac{1-y}{1-a}" in text
    assert r"a - y" in text and r"dZ^{[2]}_{:,\," in text
    at = open_tab(app_at("app_pages/forward.py"), "fwd", "Logistic regression: one neuron")
    text = " ".join(el.value for el in at.latex)
    assert r"z = w^{T}x + b" in text and r"\sigma(z)" in text


@pytest.mark.parametrize("query", [{"data": "blobs", "g": "relu", "init": "10", "lr": "10"}, {"init": "0"}])
def test_extreme_parameters_draw_finite_numbers(app_at, query):
    """A diverged run (the trainer keeps its last finite state) and the all-zero start."""
    for script, p, ids in PAGES.values():
        at = app_at(script, query=query)
        at.session_state[TRAINER].step(30, float(query.get("lr", 1.2)))
        at.run()
        for _ in ids:
            assert not at.exception, [e.value for e in at.exception]
            for el in live_elements(at):
                text = json.dumps(live_payload(el))
                assert "NaN" not in text and "Infinity" not in text
            for fig in live_figures(at).values():
                assert all(np.all(np.isfinite(a)) for a in typed_arrays(fig))
            text = " ".join(el.value for el in at.latex)
            assert "nan" not in text.lower() and "inf" not in text.replace(r"\infty", "").lower()
            if not at.button(key=f"{p}.next").disabled:
                at.button(key=f"{p}.next").click().run()
