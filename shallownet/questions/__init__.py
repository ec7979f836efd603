"""Predict before you click: questions about the current settings, with answers computed from
the arrays. Pure Python; each page's questions live in a module of this package beside this one.

A question is *checkable* when its answer is a shape, a number or one of a few choices: the
student may type a prediction and is told whether it is right (:func:`check`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

KINDS = ("shape", "number", "choice", "open")


@dataclass(frozen=True)
class Question:
    """One prediction to make.

    prompt, answer: Markdown; ``answer`` explains the expected value with the live numbers.
    expected: a shape (tuple of ints), a number (float), a choice (one of ``options``) or None.
    tolerance: for numbers, the accepted absolute error.
    percent: the expected number is a share (0.53): a typed "53" is read as 53 %.
    """

    id: str
    prompt: str
    answer: str
    kind: str = "open"
    expected: object = None
    options: tuple = ()
    tolerance: float = 0.0
    percent: bool = False

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {self.kind!r}")
        if self.kind == "choice" and self.expected not in self.options:
            raise ValueError("a choice question's expected answer must be one of its options")


_INT = re.compile(r"[-+]?\d+")


def parse_shape(text: str) -> tuple[int, ...] | None:
    """A typed shape: "(4, 300)", "4x300", "4 by 300", "4,300" → (4, 300); None if none."""
    numbers = _INT.findall(str(text))
    if not numbers or len(numbers) > 4:
        return None
    return tuple(int(n) for n in numbers)


def parse_number(text: str) -> float | None:
    """A typed number ("0.69", "-1e-3", "69 %" → 0.69); None if it is not one."""
    t = str(text).strip().replace(",", ".").replace("−", "-")
    percent = t.endswith("%")
    try:
        x = float(t.rstrip("%").strip())
    except ValueError:
        return None
    if not math.isfinite(x):
        return None
    return x / 100 if percent else x


def check(q: Question, typed) -> tuple[bool | None, str]:
    """Whether ``typed`` answers ``q``: (True/False, a sentence), or (None, why it cannot be read)."""
    if q.kind == "open" or typed is None or str(typed).strip() == "":
        return None, ""
    if q.kind == "shape":
        shape = parse_shape(typed)
        if shape is None:
            return None, "Type a shape as two whole numbers, e.g. (4, 300)."
        right = shape == tuple(q.expected)
        return right, f"{shape} is {'right' if right else 'not it'}."
    if q.kind == "number":
        x = parse_number(typed)
        if x is None:
            return None, "Type a number, e.g. 0.5."
        if q.percent and abs(x) > 1 and not str(typed).strip().endswith("%"):
            x /= 100  # "53" for a share means 53 %
        right = abs(x - float(q.expected)) <= q.tolerance
        return right, f"{x:g} is {'right' if right else 'not it'}" + (
            f" (within {q.tolerance:g})." if right and q.tolerance else ".")
    right = typed == q.expected
    return right, f"“{typed}” is {'right' if right else 'not it'}."
