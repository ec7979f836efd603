"""How numbers and shapes are written on screen: one helper for each, with the forms the pages
use as options. Pure Python (no NumPy needed; NumPy scalars and shapes are accepted)."""

from __future__ import annotations

import math
import re

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def number_text(x: float, spec: str = ".3g", *, exponent: str = "e", nonfinite: str | None = None) -> str:
    r"""``x`` written with the format ``spec`` (".3g": three significant digits), never "-0".

    ``exponent``: how a power of ten reads: "e" as Python writes it (3.2e-05), "latex" for an
    equation (3.2\times 10^{-5}), "unicode" for a sentence (3.2×10⁻⁵).
    ``nonfinite``: the text for nan and ±inf (None: as Python writes them, "nan", "inf").
    """
    x = float(x) + 0.0  # + 0.0 turns −0.0 into 0.0: no "-0" on screen
    if nonfinite is not None and not math.isfinite(x):
        return nonfinite
    text = format(x, spec)
    if exponent == "e" or "e" not in text or not math.isfinite(x):
        return text
    mantissa, power = text.split("e")
    if exponent == "latex":
        return rf"{mantissa}\times 10^{{{int(power)}}}"
    return f"{mantissa}×10" + str(int(power)).translate(_SUPERSCRIPT)


def shape_text(shape, form: str = "times") -> str:
    r"""A shape (a tuple of ints, e.g. (4, 300)) as the pages write it, by ``form``:

    - "times": figure labels, 4×300; () → "scalar";
    - "numpy": prose and tables, as NumPy prints it and as the shape formulas read: (4, 300), (4,), ();
    - "latex": inside an equation, 4\times 300; () → \text{scalar};
    - "latex_tuple": a LaTeX subscript, (4,\,300).
    """
    dims = [str(int(n)) for n in shape]
    if form == "numpy":
        return str(tuple(int(n) for n in shape))
    if form == "latex_tuple":
        return "(" + r",\,".join(dims) + ")"
    sep, scalar = {"times": ("×", "scalar"), "latex": (r"\times ", r"\text{scalar}")}[form]
    return sep.join(dims) if dims else scalar


def summary_text(stats: dict) -> str:
    """A tensor's summary {"mean", "min", "max", "norm"} in one line: "mean 0.1, min −2, max 3, ‖·‖ 4.5"
    (three significant digits each)."""
    return ", ".join(f"{label} {number_text(stats[key])}"
                     for label, key in (("mean", "mean"), ("min", "min"), ("max", "max"), ("‖·‖", "norm")))


def shape_str(shape) -> str:
    """The "numpy" form of :func:`shape_text`, the one prose and tables use: (4, 300), (4,), ()."""
    return shape_text(shape, "numpy")


_PLAIN = re.compile(r"[A-Za-z0-9 .,+\-…]*")  # text Markdown shows as it is (no links, marks, icons)


def quoted(raw, limit: int = 40) -> str:
    """Text someone else wrote (a link's value, an uploaded file's name or cell) as a message quotes
    it: in quotes, at most ``limit`` characters, invisible and control characters replaced by
    "\ufffd". The messages are shown as Markdown, so anything but plain letters and numbers is
    set as code: a link or a file must not turn a message into a link, a formula, coloured text
    or an icon."""
    text = "".join(c if c.isprintable() else "\ufffd" for c in str(raw))
    text = text if len(text) <= limit else text[:limit] + "…"
    if _PLAIN.fullmatch(text) and "www." not in text.lower():
        return f"'{text}'"
    return "`'" + text.replace("`", "\u02cb") + "'`"
