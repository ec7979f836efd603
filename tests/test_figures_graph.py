"""The computation graph of a phase and the heatmaps of a phase, built without Streamlit.

The builders return figure dicts; ``validated`` reads them back as ``go.Figure`` objects."""

from __future__ import annotations

import json
import re

import numpy as np
import plotly.io as pio
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shallownet.figures.graph_view import (
    CAPTION_TRACE,
    DIRECTION_COLOR,
    HEIGHT,
    NODE_TRACE,
    graph_figure,
    latex_to_html,
)
from shallownet.figures.tensor_view import cell_text, figure_height, shown_block, tensor_figure
from shallownet.formatting import number_text as fmt
from shallownet.formatting import shape_text
from shallownet.graph import build_graph
from shallownet.network import backward, compute_cost, forward, init_params
from shallownet.stepthrough import (
    BACKWARD_IDS,
    EXAMPLE_AXIS,
    FORWARD_IDS,
    LABELS,
    PHASE_BY_ID,
    PHASE_IDS,
    PHASES,
    SYMBOLS,
    render_equation,
    trace_iteration,
)
from tests.figure_check import validated

NAMES = ("X", "W1", "b1", "Z1", "A1", "W2", "b2", "Z2", "A2", "Y", "J")


def setup(n_x=2, n_h=4, m=40, seed=0, activation="tanh"):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_x, m))
    Y = (rng.random((1, m)) > 0.5).astype(float)
    params = init_params(n_x, n_h, scale=0.7, seed=seed)
    params["b1"] = rng.normal(size=(n_h, 1)) * 0.2
    return params, X, Y, build_graph(params, X, Y, activation)


def phase_nodes(fig) -> dict:
    """name → (customdata row, caption) of a phase's node and caption traces."""
    nodes = fig.data[NODE_TRACE]
    captions = fig.data[CAPTION_TRACE]
    return {n: (nodes.customdata[k], captions.text[k]) for k, n in enumerate(NAMES)}


def phase_figures(g, ids=PHASE_IDS, **kwargs) -> list:
    return [validated(graph_figure(g, pid, **kwargs)) for pid in ids]


# -- one figure per phase ------------------------------------------------------------------
@pytest.mark.parametrize("active", PHASE_IDS)
def test_the_figure_shows_one_phase_and_has_no_player_of_its_own(active):
    *_, g = setup()
    raw = graph_figure(g, active)
    assert "frames" not in raw
    assert "updatemenus" not in raw["layout"] and "sliders" not in raw["layout"]
    fig = validated(raw)
    k = PHASE_IDS.index(active)
    assert fig.layout.meta == {"phase": active, "number": k + 1}  # what the page reads back
    assert f"phase {k + 1} of 12" in fig.layout.title.text
    assert fig.layout.height == HEIGHT  # the same in every phase: the chart never resizes
    assert [t.name for t in fig.data] == ["edges", "tensors", "values"]


def test_the_edges_stay_and_the_nodes_change_from_phase_to_phase():
    *_, g = setup()
    figs = phase_figures(g)
    assert len({json.dumps(f.data[0].to_plotly_json(), default=str) for f in figs}) == 1
    assert len({str(f.data[NODE_TRACE].marker.color) for f in figs}) > 6


@settings(max_examples=15, deadline=None)
@given(n_x=st.integers(1, 5), n_h=st.integers(1, 12), m=st.integers(1, 60))
def test_node_labels_carry_the_shapes_of_the_arrays(n_x, n_h, m):
    params, X, Y, g = setup(n_x, n_h, m)
    expected = {"X": (n_x, m), "W1": (n_h, n_x), "b1": (n_h, 1), "Z1": (n_h, m), "A1": (n_h, m),
                "W2": (1, n_h), "b2": (1, 1), "Z2": (1, m), "A2": (1, m), "Y": (1, m), "J": ()}
    for pid, fig in zip(PHASE_IDS, phase_figures(g), strict=True):
        for name, (custom, caption) in phase_nodes(fig).items():
            assert caption.startswith(shape_text(expected[name]) + "<br>"), (pid, name, caption)
            assert shape_text(expected[name]) in custom[0]


def test_forward_phases_light_up_left_to_right_with_the_engines_values():
    params, X, Y, g = setup()
    A2, cache = forward(params, X, "tanh")
    values = {"X": X, "Y": Y, **params, **cache, "J": np.asarray(compute_cost(A2, Y))}
    order = ["Z1", "A1", "Z2", "A2", "J"]
    for k, fig in enumerate(phase_figures(g, FORWARD_IDS)):
        nodes = phase_nodes(fig)
        for j, name in enumerate(order):
            custom, caption = nodes[name]
            if j <= k:  # computed by now: its value shows
                assert custom[1] == pytest.approx(np.linalg.norm(values[name]), rel=1e-12)
                shown = fmt(float(values[name])) if name == "J" else fmt(np.linalg.norm(values[name]))
                assert shown in caption
            else:
                assert custom[1] is None and caption.endswith("?")
        for name in ("X", "W1", "b1", "W2", "b2", "Y"):
            assert nodes[name][0][1] == pytest.approx(np.linalg.norm(values[name]))
            assert nodes[name][0][2] is None  # no gradients in the forward pass
        written = fig.data[NODE_TRACE].marker.color[NAMES.index(order[k])]
        assert written == DIRECTION_COLOR["forward"]


def test_backward_phases_show_backwards_own_gradients():
    params, X, Y, g = setup(n_h=5, m=33, seed=2)
    _, cache = forward(params, X, "tanh")
    grads = backward(params, cache, X, Y, "tanh")
    figs = dict(zip(BACKWARD_IDS, phase_figures(g, BACKWARD_IDS), strict=True))
    written = {"dW2": ("W2", grads["dW2"]), "db2": ("b2", grads["db2"]), "dW1": ("W1", grads["dW1"]),
               "db1": ("b1", grads["db1"]), "dZ2": ("Z2", cache["A2"] - Y)}
    for pid, fig in figs.items():
        nodes = phase_nodes(fig)
        if pid in written:
            name, grad = written[pid]
            custom, caption = nodes[name]
            assert custom[2] == pytest.approx(np.linalg.norm(grad), rel=1e-12)
            assert f"= {fmt(np.linalg.norm(grad))}" in caption
            assert fig.data[NODE_TRACE].marker.color[NAMES.index(name)] == DIRECTION_COLOR["backward"]
    # gradients stay on the nodes once computed, and none appear before their phase
    last = phase_nodes(figs["db1"])
    assert all(last[n][0][2] is not None for n in ("W1", "b1", "W2", "b2", "Z1", "A1", "Z2"))
    first = phase_nodes(figs["dZ2"])
    assert all(first[n][0][2] is None for n in ("W1", "b1", "W2", "b2", "Z1", "A1"))


def test_arrows_follow_edges_forward_and_run_against_them_backward():
    *_, g = setup()
    for fig, phase in zip(phase_figures(g), PHASES, strict=True):
        arrows = fig.layout.annotations
        assert len(arrows) == len(phase.edges)
        for arrow, (src, dst) in zip(arrows, phase.edges, strict=True):
            tail, head = (src, dst) if phase.direction == "forward" else (dst, src)
            assert (arrow.x, arrow.y) == (g.nodes[head].column, g.nodes[head].row)
            assert (arrow.ax, arrow.ay) == (g.nodes[tail].column, g.nodes[tail].row)
            assert arrow.arrowcolor == DIRECTION_COLOR[phase.direction]


def test_hover_names_shape_equation_and_value_summary():
    *_, g = setup()
    custom, _ = phase_nodes(validated(graph_figure(g, "db1")))["Z1"]
    assert "4×40" in custom[0]
    assert "Z1 = W1 X + b1" in custom[0]  # hovers write the code's W1, never W¹ or W<sup>[1]</sup>
    assert "(n_h, m)" in custom[0] and "nh" not in custom[0]
    for word in ("mean", "min", "max", "‖·‖", "gradient"):
        assert word in custom[0]


def test_update_phase_shows_the_parameters_before_and_after():
    params, X, Y, g = setup()
    nodes = phase_nodes(validated(graph_figure(g, "update", learning_rate=0.5)))
    new = params["W1"] - 0.5 * g.grads["W1"]
    assert f"{fmt(np.linalg.norm(params['W1']))} → {fmt(np.linalg.norm(new))}" in nodes["W1"][1]


def sent_json(fig: dict) -> str:
    """The JSON of a figure dict as it is sent (not re-validated)."""
    return pio.to_json(fig, validate=False, engine="json")


def test_same_inputs_give_byte_identical_json_and_it_is_small():
    *_, g = setup(n_h=50, m=1500)
    a = sent_json(graph_figure(g, "dZ1"))
    b = sent_json(graph_figure(g, "dZ1"))
    assert a == b
    assert len(a) < 30_000  # one phase, no frames
    assert validated(graph_figure(g, "dZ1")).to_json() == validated(graph_figure(g, "dZ1")).to_json()


def test_latex_to_html_leaves_no_latex_behind():
    texts = [render_equation(p) for p in PHASES] + [SYMBOLS[k] for k in SYMBOLS]
    *_, g = setup()
    texts += [n.equation for n in g.nodes.values()] + [n.grad_equation for n in g.nodes.values()]
    for text in texts:
        html = latex_to_html(text)
        assert "\\" not in html and "{" not in html and "}" not in html, (text, html)
        assert not re.search(r"<sup>[^<]*<sup>", html)  # Plotly cannot nest superscripts
    assert latex_to_html(r"dW^{[1]} = \tfrac{1}{m}\, dZ^{[1]} X^{T}") == "dW1 = 1/m dZ1 Xᵀ"
    assert latex_to_html(r"dZ^{[1]} = W^{[2]T} dZ^{[2]}") == "dZ1 = W2ᵀ dZ2"
    assert latex_to_html(r"a^{[2](i)}") == "a2<sup>(i)</sup>"


# -- heatmaps of a phase ---------------------------------------------------------------------
def tensor_setup(n_h=4, m=30, lr=0.7):
    rng = np.random.default_rng(4)
    X = rng.normal(size=(2, m))
    Y = (rng.random((1, m)) > 0.5).astype(float)
    params = init_params(2, n_h, scale=0.9, seed=4)
    return trace_iteration(params, X, Y, "tanh", lr)


def heatmaps(fig) -> dict:
    return {tr.name: tr for tr in fig.data if tr.type == "heatmap"}


@pytest.mark.parametrize("phase", PHASES, ids=PHASE_IDS)
def test_heatmaps_show_the_engines_values(phase):
    t = tensor_setup()
    fig = validated(tensor_figure(t, phase, start=8, count=10, highlight=11))
    keys = [k for row in phase.panels for k in row if k in SYMBOLS]
    shown = heatmaps(fig)
    assert len(fig.data) == len(keys)
    for key in keys:
        trace = shown[LABELS[key]]
        values, rows, cols = shown_block(t, key, 8, 10)
        z = np.asarray(trace.z, dtype=float)
        np.testing.assert_allclose(z, values, rtol=1e-6, atol=1e-7)  # float32 copies
        assert np.all(np.isfinite(z))
        full = np.atleast_2d(t[key])
        if EXAMPLE_AXIS.get(key) == 1:
            np.testing.assert_array_equal(values, full[:, 8:18])
            assert list(trace.x) == list(range(8, 18))
        elif EXAMPLE_AXIS.get(key) == 0:
            np.testing.assert_array_equal(values, full[8:18, :])
        else:
            np.testing.assert_array_equal(values, full)
    framed = [s for s in fig.layout.shapes if s.line.width == 3]
    assert len(framed) == len([k for k in keys if k in phase.writes])


def test_the_window_is_clamped_and_the_example_outlined_when_in_view():
    t = tensor_setup(m=25)
    values, _, cols = shown_block(t, "Z1", start=22, count=10)
    assert list(cols) == list(range(15, 25))
    values, _, cols = shown_block(t, "Z1", start=0, count=99)
    assert values.shape == (4, 25)
    phase = PHASE_BY_ID["Z1"]
    inside = validated(tensor_figure(t, phase, start=0, count=10, highlight=3))
    outside = validated(tensor_figure(t, phase, start=0, count=10, highlight=20))
    thin = lambda fig: [s for s in fig.layout.shapes if s.line.width == 2.5]
    assert len(thin(inside)) == 2  # X and Z1 hold examples in their columns
    assert thin(inside)[0].x0 == 2.5 and thin(inside)[0].x1 == 3.5
    assert thin(outside) == []


def test_cells_read_as_two_decimals_of_the_panel_scale():
    assert cell_text(0.123) == "0.12"
    assert cell_text(-0.0004) == "0.00"  # never "-0.00"
    assert cell_text(0.0036, -3) == "3.60"
    t = tensor_setup()
    t.values["W1"][:] = t["W1"] * 1e-3  # a fresh trace's array: a tiny-weights panel
    fig = validated(tensor_figure(t, PHASE_BY_ID["Z1"]))
    titles = " ".join(a.text for a in fig.layout.annotations)
    assert "×10<sup>-3</sup>" in titles or "×10<sup>-4</sup>" in titles


def test_update_heatmaps_use_the_learning_rate():
    t = tensor_setup(lr=0.7)
    fig = validated(tensor_figure(t, PHASE_BY_ID["update"]))
    texts = [a.text for a in fig.layout.annotations]
    assert texts.count("− 0.7 ·") == 4
    assert len(json.dumps(fig.to_plotly_json(), default=str)) < 200_000
    assert len(sent_json(tensor_figure(t, PHASE_BY_ID["update"]))) < 200_000


def test_one_height_holds_every_phase_and_the_panels_keep_their_size():
    t = tensor_setup(m=60)
    for ids in (FORWARD_IDS, BACKWARD_IDS):
        phases = [PHASE_BY_ID[i] for i in ids]
        for count in (5, 10, 20):
            height = figure_height(t, phases, count)
            natural = [validated(tensor_figure(t, p, 0, count)).layout.height for p in phases]
            assert height == max(natural)
            for phase in phases:
                fixed = validated(tensor_figure(t, phase, 0, count, height=height))
                assert fixed.layout.height == height
                own = validated(tensor_figure(t, phase, 0, count))
                for a, b in zip(fixed.data, own.data, strict=True):  # the same cells, drawn at the top
                    assert a.name == b.name
                    y_fixed, y_own = (fig.layout[a.yaxis.replace("y", "yaxis")].domain for fig in (fixed, own))
                    px_fixed = (y_fixed[1] - y_fixed[0]) * height
                    px_own = (y_own[1] - y_own[0]) * own.layout.height
                    assert px_fixed == pytest.approx(px_own)
                    assert (1 - y_fixed[1]) * height == pytest.approx((1 - y_own[1]) * own.layout.height)


def test_the_updates_four_small_rows_share_two_lines():
    t = tensor_setup()
    fig = validated(tensor_figure(t, PHASE_BY_ID["update"]))
    tops = {round(fig.layout[tr.yaxis.replace("y", "yaxis")].domain[1], 6) for tr in fig.data}
    assert len(tops) == 2  # W1 and b1 side by side, W2 and b2 side by side
    lefts = {tr.name: fig.layout[tr.xaxis.replace("x", "xaxis")].domain[0] for tr in fig.data}
    assert lefts[LABELS["W1"]] < lefts[LABELS["W1_new"]] < lefts[LABELS["b1"]] < lefts[LABELS["b1_new"]]


@pytest.mark.parametrize("phase", PHASES, ids=PHASE_IDS)
def test_operators_and_titles_are_centred_on_their_slots(phase):
    """Plotly anchors a paper-x annotation by its end in the outer thirds of the figure unless
    told otherwise, which slid the "→ mean →" of the cost onto the loss panel."""
    fig = tensor_figure(tensor_setup(), phase)
    for a in fig["layout"]["annotations"]:
        if "<b>" not in a["text"]:  # an operator
            assert a["xanchor"] == "center"
        else:  # a title: centred, or at the figure's edge over a narrow panel there
            assert (a["xanchor"] == "center" or a["xanchor"] == "left" and a["x"] < 0.03
                    or a["xanchor"] == "right" and a["x"] > 0.97), a


def test_chart_text_writes_a_minus_sign_and_keeps_hyphens():
    assert latex_to_html(r"dZ^{[2]} = A^{[2]} - Y") == "dZ2 = A2 − Y"
    assert latex_to_html(r"\mathcal{L} = -(y \log a)").startswith("L = −(")
    assert latex_to_html(r"\text{one-hidden-layer}") == "one-hidden-layer"
