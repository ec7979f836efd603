"""Teaching on the Shapes and Gradient check pages and the two reference pages (cheat sheet,
lecture notes): every text and answer is computed from the arrays, checked independently and at
two settings that give different numbers."""

from __future__ import annotations

import html.parser
import warnings

import numpy as np
import pytest

from shallownet import cheatsheet
from shallownet.bugs import (
    BUGS,
    FRESH_SCALE,
    TINY_SCALE,
    check_backward,
    check_point_params,
    misses_at_scale,
    subset_balance,
    subset_notice,
)
from shallownet.datasets import make_dataset
from shallownet.network import init_params
from shallownet.notation import legend_markdown
from shallownet.questions import check
from shallownet.questions.checks import NONE_MISSED, dw1_shape, forgot_m_error, keepdims_shape, m_doubles, missed_bug
from shallownet.shapes import shape_table
from shallownet.slips import SLIPS

CHECK, SHAPES = "app_pages/gradient_check.py", "app_pages/shapes.py"
CHEAT, NOTES = "app_pages/cheat_sheet.py", "app_pages/lecture_notes.py"


def data(name="moons", n=400):
    return make_dataset(name, n, 0.2, 0)


def texts(at) -> str:
    return "\n".join(el.value for el in (*at.markdown, *at.caption, *at.info, *at.success, *at.warning,
                                         *at.latex, *at.code))


def no_error(at):
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _tanh_forward(params, X):
    """An independent forward pass (tanh hidden layer, sigmoid output)."""
    A1 = np.tanh(params["W1"] @ X + params["b1"])
    return A1, 1 / (1 + np.exp(-(params["W2"] @ A1 + params["b2"])))


# -- the check's start -------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["moons", "circles", "flower", "xor"])
@pytest.mark.parametrize("activation", ["tanh", "relu", "leaky_relu", "sigmoid"])
@pytest.mark.parametrize("n_h", [1, 4, 8])
def test_the_default_start_passes_the_correct_backward(name, activation, n_h):
    d = data(name)
    params = check_point_params("fresh", {}, d.n_x, n_h, seed=0)
    assert np.array_equal(params["W1"], init_params(d.n_x, n_h, scale=FRESH_SCALE, seed=0)["W1"])
    assert check_backward(params, d.X_train, d.Y_train, activation).passed


def test_the_tiny_start_shows_the_kink_for_relu_only():
    d = data()
    tiny = check_point_params("tiny", {}, d.n_x, 4, seed=0)
    assert np.array_equal(tiny["W1"], init_params(d.n_x, 4, scale=TINY_SCALE, seed=0)["W1"])
    assert not check_backward(tiny, d.X_train, d.Y_train, "relu").passed
    assert check_backward(tiny, d.X_train, d.Y_train, "tanh").passed
    current = {"W1": np.ones((4, 2))}
    assert check_point_params("current", current, 2, 4, 0) is current


# -- the subset's db2 ---------------------------------------------------------------------------------
def test_subset_notice_gives_the_true_shares_and_db2():
    d = data()
    params = init_params(2, 4, scale=0.01, seed=0)
    b = subset_balance(params, d.X_train, d.Y_train, "tanh")
    Xs, Ys = d.X_train[:, :200], d.Y_train[:, :200]
    # independently: db2 = mean(A2 − Y)
    assert b.db2 == pytest.approx(float(np.mean(_tanh_forward(params, Xs)[1] - Ys)), rel=1e-9)
    assert b.db2_total == pytest.approx(float(np.mean(_tanh_forward(params, d.X_train)[1] - d.Y_train)), rel=1e-9)
    assert (b.share, b.share_total) == (pytest.approx(Ys.mean()), pytest.approx(d.Y_train.mean()))
    text = subset_notice(b)
    assert f"{Ys.mean():.1%} of those 200" in text and f"{d.Y_train.mean():.1%} of all 300" in text
    assert f"db2 = {b.db2:.3g} on these 200" in text and "(the Backward page's value)" in text
    assert "(the Backward page's value)" not in subset_notice(b, current=False)


def test_subset_notice_disappears_when_the_subset_is_all_the_data():
    d = data(n=240)  # 180 training examples: the check uses them all
    b = subset_balance(init_params(2, 4, scale=0.01, seed=0), d.X_train, d.Y_train, "tanh")
    assert b.m == b.m_total == 180 and subset_notice(b) is None


# -- the bug a tiny start misses ------------------------------------------------------------------------
def test_a_tiny_tanh_start_misses_gprime_on_a1_and_says_why():
    d = data()
    miss = misses_at_scale(d.X_train, d.Y_train, 4, "tanh", 0)
    assert miss.missed == ("gprime_on_a1",) and miss.correct_passed
    # independently: tanh′ at A1 and at Z1 differ by little because every |Z1| is tiny
    params = init_params(2, 4, scale=0.01, seed=0)
    Z1 = params["W1"] @ d.X_train[:, :200]
    assert miss.z_max == pytest.approx(np.abs(Z1).max())
    q = missed_bug(miss)
    assert q.kind == "choice" and q.expected == BUGS["gprime_on_a1"].label
    assert f"every |Z1| ≤ {np.abs(Z1).max():.2g}" in q.answer
    assert check(q, BUGS["gprime_on_a1"].label)[0] is True and check(q, NONE_MISSED)[0] is False


def test_a_tiny_relu_start_says_the_slip_is_harmless_and_the_kinks_fail_the_correct_check():
    d = data("circles")
    miss = misses_at_scale(d.X_train, d.Y_train, 8, "relu", 0)
    assert "gprime_on_a1" in miss.harmless and not miss.correct_passed and miss.kinks > 0
    q = missed_bug(miss)
    assert "computes exactly the true gradient" in q.answer and f"{miss.kinks} hidden values" in q.answer


def test_a_tiny_sigmoid_start_misses_nothing():
    d = data()
    q = missed_bug(misses_at_scale(d.X_train, d.Y_train, 4, "sigmoid", 0))
    assert q.expected == NONE_MISSED and "None of them" in q.answer


@pytest.mark.parametrize("n", [400, 200])
def test_forgot_m_answer_is_the_error_the_check_reports(n):
    d = data(n=n)
    report = check_backward(init_params(2, 4, scale=1.0, seed=0), d.X_train, d.Y_train, "tanh", "forgot_1_over_m")
    q = forgot_m_error(report.m)
    assert report.m == min(200, d.X_train.shape[1])
    assert all(r.check.rel_error == pytest.approx(q.expected, abs=1e-6) for r in report.rows)
    assert check(q, f"{(report.m - 1) / (report.m + 1):.3f}")[0] is True


@pytest.mark.parametrize("n_h", [4, 7])
def test_keepdims_and_dw1_shapes_are_read_from_the_arrays(n_h):
    d = data()
    params = init_params(2, n_h, scale=0.01, seed=0)
    assert keepdims_shape(params, d.X_train, d.Y_train, "tanh").expected == (n_h,)
    q = dw1_shape(shape_table(params, d.X_train, d.Y_train))
    assert q.expected == (n_h, 2) and check(q, f"({n_h}, 2)")[0] is True
    assert check(q, f"(2, {n_h})")[0] is False


@pytest.mark.parametrize("n", [400, 120])
def test_m_doubles_names_exactly_the_tensors_with_m_columns(n):
    d = data(n=n)
    params = init_params(2, 4, scale=0.01, seed=0)
    q = m_doubles(params, d.X_train, d.Y_train, "tanh")
    table = shape_table(params, d.X_train, d.Y_train)
    with_m = [r.name for r in table.rows if r.formula.rstrip(")").endswith("m")]  # the shape formulas
    assert q.expected == ", ".join(with_m) and len(set(q.options)) == len(q.options)
    m = d.X_train.shape[1]
    assert f"m = {m} examples" in q.prompt and f"({4}, {2 * m})" in q.answer


# -- cheat sheet ------------------------------------------------------------------------------------------
def test_numpy_lines_are_the_engines_source_and_follow_it():
    lines = cheatsheet.numpy_lines()
    for line in ("dZ2 = A2 - Y", "dW1 = dZ1 @ X.T / m", "db1 = np.sum(dZ1, axis=1, keepdims=True) / m",
                 "Z1 = params[\"W1\"] @ X + params[\"b1\"]"):
        assert line in lines
    assert '"""' not in lines  # docstrings are dropped

    def changed_backward(params, cache, X, Y):
        """A docstring that must not show."""
        dZ2 = cache["A2"] - Y + 0  # a changed line
        return dZ2

    shown = cheatsheet.numpy_lines((changed_backward,))
    assert 'dZ2 = cache["A2"] - Y + 0  # a changed line' in shown and "must not show" not in shown


@pytest.mark.parametrize("n_h, n", [(4, 400), (7, 200)])
def test_backward_table_shapes_per_example_and_vectorized(n_h, n):
    d = data(n=n)
    m = d.X_train.shape[1]
    params = init_params(2, n_h, scale=0.01, seed=0)
    rows = cheatsheet.backward_table(params, d.X_train, d.Y_train, "tanh").rows
    body = {r[2].split("=")[0].strip("$ "): r for r in rows[1:]}
    assert body["dZ^{[1]}"][1] == f"(n_h, 1) = ({n_h}, 1)" and body["dZ^{[1]}"][3] == f"(n_h, m) = ({n_h}, {m})"
    assert body["dZ^{[2]}"][3] == f"(1, m) = (1, {m})" and body["dW^{[1]}"][1] == f"(n_h, n_x) = ({n_h}, 2)"
    assert r"\ast g^{[1]\prime}" in body["dZ^{[1]}"][0]  # the ∗ the notes leave out


class _Parser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.tags = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in ("meta", "link", "br"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack.pop() == tag


def test_downloads_hold_every_section():
    d = data()
    sections = cheatsheet.cheat_sheet(init_params(2, 4, scale=0.01, seed=0), d.X_train, d.Y_train, "tanh", 1.2, 0.01)
    md = cheatsheet.to_markdown(sections)
    assert legend_markdown() in md  # the legend, exactly
    assert cheatsheet.numpy_lines() in md and "n_h = 4 hidden units, m = 300" in md
    assert all(s.where in md for s in SLIPS) and "rounded into all zeros" in md
    page = cheatsheet.to_html(sections)
    p = _Parser()
    p.feed(page)
    p.close()
    assert not p.stack and p.tags.count("table") == 2 and p.tags.count("h2") == len(sections)
    assert "dZ1 = (params[&quot;W2&quot;].T @ dZ2)" in page  # the code, escaped
    assert "@media print" in page


def test_cheat_sheet_page_downloads_what_it_shows(app_at, monkeypatch):
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    saved = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        saved[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    for query, n_h in (({}, 4), ({"h": "7", "g": "relu"}, 7)):
        saved.clear()
        at = app_at(CHEAT, query=query)
        no_error(at)
        md = saved["shallownet-cheat-sheet.md"]
        md = md.decode() if isinstance(md, bytes) else md
        assert f"n_h = {n_h} hidden units" in md and legend_markdown() in md
        assert f"(n_h, m) = ({n_h}, 300)" in md
        page_html = saved["shallownet-cheat-sheet.html"]
        assert "<!DOCTYPE html>" in (page_html.decode() if isinstance(page_html, bytes) else page_html)
        assert f"(n_h, m) = ({n_h}, 300)" in texts(at)
        assert "dZ2 = A2 - Y" in at.code[0].value
        assert any("@media print" in h.proto.body for h in at.get("html"))


def test_lecture_notes_page_lists_every_slip(app_at):
    at = app_at(NOTES)
    no_error(at)
    body = texts(at)
    assert len(SLIPS) >= 9
    for slip in SLIPS:
        assert slip.where in body and slip.correct in body
    for quote in ("rounded into all zeros", "single layer", r"g{[1]}'", "x^T = a^{[0]T}"):
        assert quote in body
    assert "Gradient Descent for Neural networks" in body


# -- the pages ----------------------------------------------------------------------------------------------
def test_gradient_check_page_teaches_at_two_settings(app_at):
    at = app_at(CHECK)
    no_error(at)
    body = texts(at)
    assert "very probably right, at the point where it is checked" in body
    assert at.radio(key="check.point").value == "fresh"
    at.radio(key="check.point").set_value("current").run()
    notes = [i.value for i in at.info if "Why ‖db2‖ here" in i.value]
    assert notes and "(the Backward page's value)" in notes[0] and "of all 300" in notes[0]
    assert at.radio(key="q.check.missed").options[-1] == NONE_MISSED
    at.text_input(key="q.check.forgot_m").input("0.990").run()
    assert any("right" in s.value for s in at.success)
    at.text_input(key="q.check.keepdims").input("(4,)").run()
    assert any("(4,) is right" in s.value for s in at.success)
    assert any("Experiments" in str(p.proto) for p in at.get("page_link"))

    small = app_at(CHECK, query={"m": "240", "h": "6"})  # 180 training examples: the subset is all of them
    small.radio(key="check.point").set_value("current").run()
    no_error(small)
    assert not any("Why ‖db2‖ here" in i.value for i in small.info)
    small.text_input(key="q.check.forgot_m").input(f"{179 / 181:.3f}").run()
    assert any("right" in s.value for s in small.success)
    small.text_input(key="q.check.keepdims").input("(6,)").run()
    assert any("(6,) is right" in s.value for s in small.success)


def test_shapes_page_questions_follow_the_settings(app_at):
    for query, shape in (({}, "(4, 2)"), ({"h": "7"}, "(7, 2)")):
        at = app_at(SHAPES, query=query)
        no_error(at)
        at.text_input(key="q.shapes.dw1").input(shape).run()
        assert any(f"{shape} is right" in s.value for s in at.success)
        assert "m·∂J/∂Z1" in texts(at)  # dZ is m·∂J/∂Z, as DESIGN.md says
        assert any("Gradient check" in str(p.proto) for p in at.get("page_link"))


def test_engine_paths_raise_no_warnings():
    d = data("circles")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        misses_at_scale(d.X_train, d.Y_train, 8, "relu", 0)
        subset_balance(init_params(2, 8, scale=1.0, seed=0), d.X_train, d.Y_train, "relu")


@pytest.mark.parametrize("n_h, said", [(4, "silently becomes (4, 4)"), (1, "is still (1, 1): with one hidden unit")])
def test_keepdims_rule_says_what_numpy_does(n_h, said):
    d = data()
    params = init_params(2, n_h, scale=0.01, seed=0)
    rule = cheatsheet.shape_rules(params, d.X_train, d.Y_train, "tanh").rows[2]
    db1_flat = np.zeros(n_h)  # independently: (n_h,) against b1 (n_h, 1)
    assert (params["b1"] - db1_flat).shape == ((n_h, n_h) if n_h > 1 else (1, 1))
    assert said in rule


def _verdict_at(name, activation, n_h, scale, bug):
    from shallownet.bugs import hidden_range, near_kink, same_as_correct, verdict

    d = data(name)
    params = init_params(2, n_h, scale=scale, seed=0)
    args = (params, d.X_train, d.Y_train, activation)
    return verdict(check_backward(*args, bug), check_backward(*args, "none"), bug=bug, activation=activation,
                   activation_label=activation, same=same_as_correct(*args, bug) if bug != "none" else False,
                   kinks=near_kink(params, d.X_train, activation), hidden=hidden_range(params, d.X_train, activation),
                   where="")


def test_verdicts_follow_the_numbers():
    hidden = _verdict_at("moons", "tanh", 4, TINY_SCALE, "gprime_on_a1")
    assert hidden.kind == "warning" and "Not caught at these parameters" in hidden.text
    Z1 = init_params(2, 4, scale=TINY_SCALE, seed=0)["W1"] @ data().X_train[:, :200]
    assert f"every |Z1| ≤ {np.abs(Z1).max():.2g}" in hidden.text
    assert _verdict_at("moons", "tanh", 4, FRESH_SCALE, "gprime_on_a1").kind == "caught"
    invisible = _verdict_at("circles", "relu", 8, TINY_SCALE, "gprime_on_a1")
    assert invisible.kind == "info" and "invisible with relu" in invisible.text
    kink = _verdict_at("circles", "relu", 8, TINY_SCALE, "none")
    assert kink.kind == "warning" and "straddles the kink" in kink.text
    assert _verdict_at("circles", "relu", 8, FRESH_SCALE, "none").kind == "pass"
    shape = _verdict_at("moons", "tanh", 4, FRESH_SCALE, "dropped_keepdims")
    assert shape.kind == "caught" and "shape (4,) instead of (4, 1)" in shape.text


@pytest.mark.parametrize("query, shape, shown", [({}, "(4, 300)", True), ({"h": "3", "notes": "0"}, "(3, 300)", False)])
def test_shapes_page_notes_remark_follows_the_settings(app_at, query, shape, shown):
    at = app_at(SHAPES, query=query)
    no_error(at)
    remarks = [i.value for i in at.info if "(m^{[1]}, m)" in i.value]
    assert bool(remarks) is shown
    if shown:
        assert f"here {shape}" in remarks[0] and "Gradient Descent for Neural networks" in remarks[0]


@pytest.mark.parametrize("activation, left", [("relu", "0"), ("leaky_relu", "0.01")])
def test_kink_explanation_gives_each_activations_slopes(activation, left):
    said = _verdict_at("circles", activation, 8, TINY_SCALE, "none").text
    assert f"left of 0 the unit's slope g′ is {left}, right of 0 it is 1" in said


@pytest.mark.parametrize("n_h, broken, mark", [(4, "(4, 4)", "✗ broadcast into a matrix"),
                                               (1, "(1, 1)", "(n_h = 1: the slip hides)")])
def test_keepdims_listing_prints_the_shapes_numpy_gave(n_h, broken, mark):
    from shallownet.figures.shapes_view import keepdims_listing, same_shape_markdown
    from shallownet.shapes import keepdims_demo

    d = data()
    params = init_params(2, n_h, scale=0.01, seed=0)
    text = keepdims_listing(keepdims_demo(params, d.X_train, d.Y_train))
    flat_line = next(line for line in text.splitlines() if line.startswith("b1 - alpha * db1_flat"))
    assert f"shape {broken}" in flat_line and mark in flat_line
    assert f"shape ({n_h},)" in text and "shape (1, 300)" in text
    table = same_shape_markdown(shape_table(params, d.X_train, d.Y_train))
    assert f"| dW1 | ({n_h}, 2) | W1 | ({n_h}, 2) | ✓ same |" in table and "different" not in table
