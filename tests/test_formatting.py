"""The one number formatter and the one shape formatter: each form the pages use, against
hand-written strings."""

from __future__ import annotations

import math

import numpy as np
import pytest

from shallownet.formatting import number_text, shape_str, shape_text, summary_text


@pytest.mark.parametrize(("x", "kwargs", "expected"), [
    (0.123456, {}, "0.123"),
    (1234.5, {}, "1.23e+03"),
    (-0.0, {}, "0"),  # never "-0"
    (np.float32(2.5), {}, "2.5"),
    (0.69314718, {"spec": ".4f"}, "0.6931"),
    (87.5, {"spec": ".1f"}, "87.5"),
    (-2.21e-5, {"exponent": "latex"}, r"-2.21\times 10^{-5}"),
    (3.0e7, {"spec": ".2g", "exponent": "latex"}, r"3\times 10^{7}"),
    (0.5, {"exponent": "latex"}, "0.5"),
    (3.51e-5, {"exponent": "unicode"}, "3.51×10⁻⁵"),
    (3.2e-5, {"spec": ".1e", "exponent": "unicode"}, "3.2×10⁻⁵"),
    (1.25e12, {"exponent": "unicode"}, "1.25×10¹²"),
    (0.25, {"spec": "+.3g"}, "+0.25"),
])
def test_number_text_forms(x, kwargs, expected):
    assert number_text(x, **kwargs) == expected


@pytest.mark.parametrize("x", [math.nan, math.inf, -math.inf])
def test_number_text_nonfinite(x):
    assert number_text(x, ".4f", nonfinite="—") == "—"
    assert number_text(x, nonfinite="not finite") == "not finite"
    assert number_text(x, exponent="latex") == format(x, ".3g")  # as Python writes it: nan, inf, -inf


@pytest.mark.parametrize(("shape", "times", "numpy", "latex", "latex_tuple"), [
    ((4, 300), "4×300", "(4, 300)", r"4\times 300", r"(4,\,300)"),
    ((np.int64(1), np.int64(7)), "1×7", "(1, 7)", r"1\times 7", r"(1,\,7)"),
    ((3,), "3", "(3,)", "3", "(3)"),
    ((), "scalar", "()", r"\text{scalar}", "()"),
])
def test_shape_text_forms(shape, times, numpy, latex, latex_tuple):
    assert shape_text(shape) == times
    assert shape_text(shape, "numpy") == numpy == shape_str(shape) == str(np.zeros(shape).shape)
    assert shape_text(shape, "latex") == latex
    assert shape_text(shape, "latex_tuple") == latex_tuple


def test_shape_text_rejects_an_unknown_form():
    with pytest.raises(KeyError):
        shape_text((2, 3), "roman")


@pytest.mark.parametrize(("values", "expected"), [
    (np.array([[1.0, -2.0], [3.0, 0.5]]), "mean 0.625, min -2, max 3, ‖·‖ 3.77"),  # ‖·‖ = √14.25
    (np.array([0.001, 0.002]), "mean 0.0015, min 0.001, max 0.002, ‖·‖ 0.00224"),
])
def test_summary_text(values, expected):
    stats = {"mean": values.mean(), "min": values.min(), "max": values.max(), "norm": np.linalg.norm(values)}
    assert summary_text(stats) == expected
