"""The shared teaching pieces: the notation legend, checking a typed prediction, the next page."""

from __future__ import annotations

import pytest

from shallownet.notation import LEGEND, example_symbol, legend_markdown
from shallownet.questions import Question, check, parse_number, parse_shape
from shallownet.ui.pages_registry import PAGES, next_page
from shallownet.ui.settings import from_query


@pytest.mark.parametrize("typed, shape", [("(4, 300)", (4, 300)), ("4x300", (4, 300)), ("4 by 300", (4, 300)),
                                          ("(1,1)", (1, 1)), ("four", None), ("", None)])
def test_a_typed_shape_is_read_in_the_usual_spellings(typed, shape):
    assert parse_shape(typed) == shape


@pytest.mark.parametrize("typed, x", [("0.69", 0.69), ("69 %", 0.69), ("−1e-3", -0.001), ("0,5", 0.5),
                                      ("nan", None), ("ln 2", None)])
def test_a_typed_number_is_read(typed, x):
    assert parse_number(typed) == (None if x is None else pytest.approx(x))


def test_check_says_right_wrong_or_unreadable():
    shape = Question("s", "What shape?", "It is (4, 2).", kind="shape", expected=(4, 2))
    assert check(shape, "(4, 2)")[0] is True
    assert check(shape, "(2, 4)")[0] is False
    assert check(shape, "no idea") == (None, "Type a shape as two whole numbers, e.g. (4, 300).")
    number = Question("n", "J?", "ln 2", kind="number", expected=0.6931, tolerance=0.01)
    assert check(number, "0.69")[0] is True and check(number, "0.5")[0] is False
    choice = Question("c", "Sign?", "negative", kind="choice", expected="negative",
                      options=("positive", "negative", "zero"))
    assert check(choice, "negative")[0] is True and check(choice, None) == (None, "")
    with pytest.raises(ValueError):
        Question("x", "?", "!", kind="choice", expected="up", options=("down",))


def test_the_legend_names_every_parameter_once_and_counts_examples_from_1():
    codes = [c for s in LEGEND for c in s.code.split(", ")]
    for name in ("W1", "b1", "W2", "b2", "n_x", "n_h", "dW1", "dZ2"):
        assert codes.count(name) == 1, name
    assert example_symbol(0) == "x⁽¹⁾" and example_symbol(11, "y") == "y⁽¹²⁾"
    assert legend_markdown().count("\n") == len(LEGEND) + 1


def test_next_page_follows_the_learning_path_and_stops_at_its_end():
    path = [p for p in PAGES if p.section != "Reference"]
    for a, b in zip(path, path[1:], strict=False):
        assert next_page(a.script) == b
    assert next_page(path[-1].script) is None


def test_the_notes_link_parameter_is_validated_like_the_others():
    assert from_query({"notes": "0"})[0].notes == "0"
    settings, problems = from_query({"notes": "off"})
    assert settings.notes == "1" and "using the default 1" in problems[0]


def test_a_share_may_be_typed_with_or_without_the_percent_sign():
    q = Question("p", "Accuracy?", "53 %", kind="number", expected=0.53, tolerance=0.05, percent=True)
    assert check(q, "53")[0] is True and check(q, "53 %")[0] is True and check(q, "0.53")[0] is True
    assert check(q, "80")[0] is False
    plain = Question("n", "How many?", "17", kind="number", expected=17.0)
    assert check(plain, "17")[0] is True  # a count is never read as a percentage
