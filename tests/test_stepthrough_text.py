"""What the Forward and Backward pages say, built without Streamlit: the stepper's labels,
captions and change lines, and the example path's and single neuron's text, checked at two
settings against values computed here."""

from __future__ import annotations

import numpy as np
import pytest

from shallownet.activations import sigmoid
from shallownet.network import init_params
from shallownet.stepthrough import PHASE_BY_ID, example_path, phase_changes, trace_iteration
from shallownet.stepthrough.path_text import (
    backward_path,
    equation,
    forward_path,
    neuron_as_output_unit,
    neuron_backward,
    neuron_forward,
    neuron_steps,
    numbered,
    side_by_side,
)
from shallownet.stepthrough.stepper_text import (
    NEURON_TAB,
    SECTIONS,
    STEPPER_TAB,
    callouts,
    change_line,
    changes_markdown,
    context_caption,
    example_window,
    graph_alt,
    has_examples,
    notes_markdown,
    phase_heading,
    phase_label,
    tensors_caption,
    tensors_key,
)

SETTINGS = [dict(n_h=4, m=30, activation="tanh", scale=0.8, seed=0),
            dict(n_h=3, m=7, activation="sigmoid", scale=0.01, seed=5)]


def make_trace(n_h, m, activation, scale, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(2, m))
    Y = (np.arange(m) % 2)[None, :] * 1.0
    params = init_params(2, n_h, scale=scale, seed=seed)
    return trace_iteration(params, X, Y, activation, 1.2)


# -- the stepper ---------------------------------------------------------------------
def test_the_phase_labels_count_among_all_twelve():
    assert phase_label("Z1") == "1 · Z1"
    assert phase_label("dZ2") == "6 · dZ2"
    assert phase_label("update") == "12 · update"
    assert phase_heading("J") == "#### Phase 5 of 12 · Cost"
    assert phase_heading("db1") == "#### Phase 11 of 12 · Hidden bias' gradient"
    assert graph_alt("A2") == "The computation graph in phase 4 of 12: Output layer, sigmoid."


def test_both_pages_open_on_the_stepper_with_the_tabs_in_one_order():
    """The graph and the current equation are the first screen of Forward and of Backward."""
    assert SECTIONS["forward"][0] == SECTIONS["backward"][0] == STEPPER_TAB
    assert SECTIONS["forward"] == SECTIONS["backward"] and NEURON_TAB in SECTIONS["backward"]


@pytest.mark.parametrize("iteration, when", [(0, "the initial parameters (no training yet)"),
                                             (300, "the parameters after 300 training steps")])
def test_the_context_caption_says_how_far_trained(iteration, when):
    assert context_caption("moons · tanh", iteration, 240) == f"moons · tanh · {when} · m = 240 training examples"


@pytest.mark.parametrize("s", SETTINGS)
def test_a_change_line_per_written_tensor(s):
    t = make_trace(**s)
    z1 = t["Z1"]
    [line] = [change_line(c, "S") for c in phase_changes(PHASE_BY_ID["Z1"], t)]
    assert line == (f"**Z1** (S): mean {z1.mean():.3g}, min {z1.min():.3g}, max {z1.max():.3g}, "
                    f"‖·‖ {np.sqrt((z1 ** 2).sum()):.3g}")
    lines = [change_line(c, "S") for c in phase_changes(PHASE_BY_ID["J"], t)]
    assert lines[1] == f"**J** = {float(t['J']):.3g}"
    w1, w1_new = t["W1"], t["W1"] - 1.2 * t["dW1"]
    first = change_line(phase_changes(PHASE_BY_ID["update"], t)[0], "S")
    assert first == (f"**W1 (updated)** (S): ‖·‖ {np.sqrt((w1 ** 2).sum()):.3g} → "
                     f"{np.sqrt((w1_new ** 2).sum()):.3g}, largest change {1.2 * np.abs(t['dW1']).max():.3g}")
    assert changes_markdown(["a", "b"]) == "**This phase wrote**  \na  \nb"


@pytest.mark.parametrize("s", SETTINGS)
def test_the_notes_are_a_list_with_the_sizes_filled_in(s):
    t = make_trace(**s)
    text = notes_markdown(PHASE_BY_ID["Z1"], t)
    assert text.startswith("- Matrix product") and text.count("\n- ") == 1
    assert f"({s['n_h']}, 1)" in text and f"({s['n_h']}, {s['m']})" in text


def test_the_coin_flip_callout_only_at_the_cost():
    t = make_trace(**SETTINGS[1])  # small weights: every output ≈ 0.5
    assert any("ln 2" in said for said in callouts(PHASE_BY_ID["J"], t))
    assert not any("ln 2" in said for said in callouts(PHASE_BY_ID["A2"], t))
    assert callouts(PHASE_BY_ID["Z1"], make_trace(**SETTINGS[0])) == []


def test_which_phases_show_examples_and_what_their_heatmaps_depend_on():
    assert has_examples(PHASE_BY_ID["Z1"]) and has_examples(PHASE_BY_ID["dW1"])  # dW1 reads Xᵀ
    assert not has_examples(PHASE_BY_ID["update"])
    assert tensors_key(PHASE_BY_ID["Z1"], 5, 10, 7) == ("tensors", "Z1", 5, 10, 7)
    assert tensors_key(PHASE_BY_ID["update"], 5, 10, 7) == ("tensors", "update", 10)


@pytest.mark.parametrize("m, count, col0, expected", [
    (30, 10, 25, (10, 20)),  # moved back so that the window ends at the last column
    (30, 10, 4, (10, 4)),
    (7, 10, 3, (7, 0)),  # fewer examples than the count: all of them
])
def test_the_example_window_stays_within_the_columns(m, count, col0, expected):
    assert example_window(m, count, col0) == expected


def test_the_tensors_caption_counts_numpy_columns_from_0_and_examples_from_1():
    text = tensors_caption(30, 20, 10, 3)
    assert text.startswith("NumPy columns 20–29 of the 30, i.e. examples x⁽²¹⁾ … x⁽³⁰⁾")
    assert "column 3 = x⁽⁴⁾ outlined" in text
    assert tensors_caption(7, 0, 7, 0).startswith("NumPy columns 0–6 of the 7, i.e. examples x⁽¹⁾ … x⁽⁷⁾")


# -- the example's path ------------------------------------------------------------
def test_an_equation_puts_a_matrix_on_its_own_line():
    assert equation("z = w x", "0.5") == "z = w x = 0.5"
    assert equation("x", r"\begin{bmatrix}1\end{bmatrix}") == r"x = \begin{bmatrix}1\end{bmatrix}"
    assert equation("z = w x", r"\begin{bmatrix}1\end{bmatrix}", "e &= 2") == (
        r"\begin{aligned}z  &=  w x \\[2pt] &= \begin{bmatrix}1\end{bmatrix} \\[2pt] e &= 2\end{aligned}")
    assert numbered(r"x^{(i)} + z^{[1](i)}", 4) == r"x^{(4)} + z^{[1](4)}"
    assert side_by_side([("a", "1", "b", "2")], "L & R") == (
        r"\begin{array}{ll}L & R \\[10pt] a = 1 & \qquad b = 2\end{array}")


@pytest.mark.parametrize("s", SETTINGS)
def test_the_forward_path_shows_column_j_and_its_numbers(s):
    t = make_trace(**s)
    j = s["m"] - 2
    blocks = forward_path(t, example_path(t, j))
    assert [k for k, _ in blocks] == ["markdown", "latex", "caption"]
    assert f"NumPy column {j} of X" in blocks[0][1]
    assert f"= {t['Y'][0, j]:g}. Run it alone" in blocks[0][1]
    latex = blocks[1][1]
    assert f"x^{{({j + 1})}}" in latex and f"column {j} (NumPy)" in latex and "(i)" not in latex
    assert f"{float(t['A2'][0, j]):.3g}" in latex  # a2 of the example, read from the arrays
    assert f"computes the {s['m']} columns at once" in blocks[2][1]


@pytest.mark.parametrize("s", SETTINGS)
def test_the_backward_path_ends_with_a_remark_on_the_notes(s):
    t = make_trace(**s)
    blocks = backward_path(t, example_path(t, 1))
    assert [k for k, _ in blocks] == ["markdown", "latex", "caption", "remark"]
    assert f"**mean over the {s['m']} examples**" in blocks[0][1]
    assert f"{float(t['A2'][0, 1] - t['Y'][0, 1]):.3g}" in blocks[1][1]  # dz2 = a2 − y of column 1
    assert blocks[2][1].startswith(f"Mean over the {s['m']} examples") and "Column 1 of dZ2, dZ1" in blocks[2][1]


# -- the single neuron ---------------------------------------------------------------
@pytest.mark.parametrize("s", SETTINGS)
def test_the_output_unit_is_the_neuron_on_the_hidden_activations(s):
    t = make_trace(**s)
    j = 2
    w, b = np.array([[0.5], [-1.0]]), np.array([[0.25]])
    neuron, out = neuron_steps(t, j, w, b)
    x = t["X"][:, j]
    assert neuron.z == pytest.approx(0.5 * x[0] - 1.0 * x[1] + 0.25)
    assert out.z == pytest.approx(t["Z2"][0, j]) and out.a == pytest.approx(t["A2"][0, j])
    assert out.dz == pytest.approx(t["dZ2"][0, j])
    kinds = [k for k, _ in neuron_forward(neuron, j)] + [k for k, _ in neuron_as_output_unit(out, j)]
    assert kinds == ["markdown", "latex", "latex", "markdown", "latex"]
    assert f"{float(sigmoid(np.array([neuron.z]))[0]):.3g}" in neuron_forward(neuron, j)[2][1]
    assert rf"a^{{[1]({j + 1})}}" in neuron_as_output_unit(out, j)[1][1]


@pytest.mark.parametrize("w, clipped", [(np.array([[0.5], [-1.0]]), False), (np.array([[400.0], [400.0]]), True)])
def test_the_backward_neuron_explains_a_clipped_a(w, clipped):
    t = make_trace(**SETTINGS[0])
    j = int(np.argmax(t["X"].sum(axis=0)))  # the largest x1 + x2: a saturates with the large w
    neuron, out = neuron_steps(t, j, w, np.zeros((1, 1)))
    assert neuron.clipped is clipped
    kinds = [k for k, _ in neuron_backward(t, neuron, out, j)]
    assert kinds == ["markdown", "latex"] + ["caption"] * clipped + ["markdown", "latex", "latex", "remark"]
