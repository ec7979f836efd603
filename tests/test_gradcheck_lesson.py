"""The Gradient check page's words, without Streamlit."""

from __future__ import annotations

import pytest

from shallownet import gradcheck_lesson as lesson
from shallownet.bugs import ALL_BACKWARDS, FRESH_SCALE, GRADCHECK_MAX_M, TINY_SCALE


@pytest.mark.parametrize(("iteration", "scale"), [(0, 0.01), (1500, 0.5)])
def test_the_point_labels_and_the_kink_caution_name_the_scale_and_iteration(iteration, scale):
    assert lesson.point_label("current", iteration, scale) == (
        f"the current parameters (iteration {iteration}, init scale {scale:g})")
    assert lesson.point_label("fresh", iteration, scale).endswith(f"init scale {FRESH_SCALE:g}")
    assert f"{TINY_SCALE:g} (where checks can mislead)" in lesson.point_label("tiny", iteration, scale)
    assert lesson.kink_caution("current", iteration, scale).startswith(
        f"With init scale {scale:g} at iteration {iteration}, many Z1 are tiny")
    assert lesson.kink_caution("fresh", iteration, scale) == ""
    assert lesson.kink_caution("tiny", iteration, scale) == (
        f"At init scale {TINY_SCALE:g} every Z1 is tiny, so kinks are close. ")


@pytest.mark.parametrize(("m", "m_total", "subset"), [(GRADCHECK_MAX_M, 320, True), (60, 60, False)])
def test_the_size_caption_counts_two_forward_passes_per_entry(m, m_total, subset):
    text = lesson.check_size_caption(m, m_total, 17, 0.0123)
    assert text.startswith(f"On the first {m} of the {m_total} training examples")
    assert ("a subset of at most" in text) == subset
    assert text.endswith(": 17 parameter entries, 34 extra forward passes, 12 ms.")


@pytest.mark.parametrize("bug", [k for k in ALL_BACKWARDS if k != "none"][:2])
def test_the_bug_listing_aligns_the_two_comments(bug):
    entry = ALL_BACKWARDS[bug]
    right, wrong = lesson.bug_listing(entry.right_line, entry.wrong_line).split("\n")
    assert right.startswith(entry.right_line) and wrong.startswith(entry.wrong_line)
    assert right.index("# correct") == wrong.index("# the copy") == max(
        len(entry.right_line), len(entry.wrong_line)) + 3


# -- why the correct backward fails at a saturated start (?init=10&g=relu) -------------------------
def _saturated_by_hand(params, X, Y):
    """Outputs the cost clips, counted without the engine: σ(z) is within float64's ε of 1 (or 0)
    exactly when z ≥ ln((1 − ε)/ε) ≈ 36.04 (or ≤ −36.04)."""
    import numpy as np

    Z1 = params["W1"] @ X + params["b1"]
    Z2 = params["W2"] @ np.maximum(Z1, 0) + params["b2"]  # ReLU
    limit = np.log((1 - np.finfo(float).eps) / np.finfo(float).eps)
    high, low = Z2 >= limit, Z2 <= -limit
    return int((high | low).sum()), int(((high & (Y == 0)) | (low & (Y == 1))).sum())


@pytest.mark.parametrize("scale, fails", [(10.0, True), (1.0, False)])
def test_the_failure_text_names_the_saturated_share_where_the_check_fails(scale, fails):
    from shallownet.bugs import check_backward
    from shallownet.datasets import make_dataset
    from shallownet.network import init_params

    data = make_dataset("moons", 400, 0.2, 0, 0.25)  # the default data
    params = init_params(2, 4, scale=scale, seed=0)
    X, Y = data.X_train[:, :GRADCHECK_MAX_M], data.Y_train[:, :GRADCHECK_MAX_M]
    report = check_backward(params, X, Y, "relu", "none")
    assert report.passed is not fails
    sat = lesson.saturation(params, X, Y, "relu")
    assert (sat.clipped, sat.wrong) == _saturated_by_hand(params, X, Y)
    text = lesson.failure_text(report.worst, sat)
    if fails:  # the setting: 69 % saturated, relative error 0.93
        assert sat.wrong > 0 and text.startswith(f"Worst relative error {report.worst:.1e}: the correct backward")
        assert f"{sat.clipped} of the {sat.m} outputs A2 ({sat.clipped / sat.m:.0%}) are saturated" in text
        assert f"{sat.wrong} of them are on the wrong side" in text and "small gradients" not in text
    else:
        assert sat.wrong == 0 and text == ""


def test_the_gradient_check_page_explains_the_saturated_start():
    from streamlit.testing.v1 import AppTest

    from tests.conftest import APP

    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["init"], at.query_params["g"] = "10", "relu"
    at.switch_page("app_pages/gradient_check.py")
    at.run()
    at.radio(key="check.point").set_value("current").run()
    warnings = [w.value for w in at.warning]
    assert any("are saturated" in w and "clips A2" in w for w in warnings), warnings
    assert not any("very small gradients" in w.lower() for w in warnings)
    at.radio(key="check.point").set_value("fresh").run()
    assert any(s.value.startswith("The correct backward passes") for s in at.success)
