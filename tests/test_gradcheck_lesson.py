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
