"""The cheat sheet: one printable page of the whole algorithm, built from the live arrays and from
the engine's own source, as plain data that renders to the page, to Markdown and to HTML.

A sheet is a tuple of :class:`Section`; each holds :class:`Block` s of one kind: "text" (Markdown
with **bold**, `code` and $math$), "latex" (a display equation), "code" (Python), "table" (a
header row and body rows of such text), "list" (items of such text). Nothing here is typed
twice: the shapes come from ``.shape`` of the arrays, the NumPy lines from
``inspect.getsource`` of :mod:`shallownet.network`, the slips from :mod:`shallownet.slips`, the
legend from :mod:`shallownet.notation`.
"""

from __future__ import annotations

import ast
import html
import inspect
import re
import textwrap
from dataclasses import dataclass

import numpy as np

from . import network
from .activations import ACTIVATIONS
from .formatting import shape_str
from .notation import EXAMPLE_COUNTING, LEGEND, NOTES_TITLE
from .shapes import shape_table
from .slips import SLIPS, X_IS_A0, slip_markdown

TITLE = "ShallowNet cheat sheet: gradient descent for a one-hidden-layer network"
# the functions of one iteration, in the order they run
ENGINE_FUNCTIONS = (network.forward, network.example_losses, network.compute_cost, network.backward,
                    network.update_params)


@dataclass(frozen=True)
class Block:
    kind: str  # "text", "latex", "code", "table", "list"
    text: str = ""
    rows: tuple = ()  # table: (header, *body), each a tuple of cells; list: the items


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple


# -- the parts ----------------------------------------------------------------------------------
def source_without_docstring(fn) -> str:
    """``fn``'s source, dedented, with its docstring removed (the code is the point here)."""
    src = textwrap.dedent(inspect.getsource(fn))
    body = ast.parse(src).body[0].body
    lines = src.splitlines()
    first = body[0]
    if isinstance(first, ast.Expr) and isinstance(getattr(first, "value", None), ast.Constant) \
            and isinstance(first.value.value, str):
        del lines[first.lineno - 1:first.end_lineno]
    return "\n".join(lines)


def numpy_lines(functions=ENGINE_FUNCTIONS) -> str:
    """The source of the functions one iteration runs, read from the engine as it is now."""
    return "\n\n".join(source_without_docstring(fn) for fn in functions)


_PER_EXAMPLE = (
    ("dZ2", r"dz^{[2]} = a^{[2]} - y", r"dZ^{[2]} = A^{[2]} - Y"),
    ("dW2", r"dW^{[2]} = dz^{[2]} a^{[1]T}", r"dW^{[2]} = \frac{1}{m} dZ^{[2]} A^{[1]T}"),
    ("db2", r"db^{[2]} = dz^{[2]}", r"db^{[2]} = \frac{1}{m} \sum_{\text{cols}} dZ^{[2]}"),
    ("dZ1", r"dz^{[1]} = W^{[2]T} dz^{[2]} \ast g^{[1]\prime}(z^{[1]})",
     r"dZ^{[1]} = W^{[2]T} dZ^{[2]} \ast g^{[1]\prime}(Z^{[1]})"),
    ("dW1", r"dW^{[1]} = dz^{[1]} x^{T}", r"dW^{[1]} = \frac{1}{m} dZ^{[1]} X^{T}"),
    ("db1", r"db^{[1]} = dz^{[1]}", r"db^{[1]} = \frac{1}{m} \sum_{\text{cols}} dZ^{[1]}"),
)


def _shape_cell(formula: str, shape, one_example: bool) -> str:
    """"(n_h, m) = (4, 300)"; for one example m becomes 1; a formula of numbers only shows once."""
    if one_example:
        formula = re.sub(r"\bm\b", "1", formula)
    return shape_str(shape) if formula == shape_str(shape) else f"{formula} = {shape_str(shape)}"


def backward_table(params: dict, X, Y, activation: str) -> Block:
    """The six backward equations, for one example and for all m, with the shapes of the arrays
    that backward returns on the first example (column 0) and on all m columns."""
    full = shape_table(params, X, Y, activation)
    one = shape_table(params, np.asarray(X)[:, :1], np.asarray(Y)[:, :1], activation)
    rows = [("one example x⁽ⁱ⁾ (𝓛)", "shape", "all m examples (J)", "shape")]
    for name, per_example, vectorized in _PER_EXAMPLE:
        formula = full.row(name).formula
        rows.append((f"${per_example}$", _shape_cell(formula, one.row(name).shape, True),
                     f"${vectorized}$", _shape_cell(formula, full.row(name).shape, False)))
    return Block("table", rows=tuple(rows))


def algorithm_box(activation: str, learning_rate: float, init_scale: float) -> Block:
    g = ACTIVATIONS[activation].label
    return Block("latex", (
        r"\begin{aligned}"
        rf"&\text{{initialise: }} W^{{[1]}}, W^{{[2]}} \text{{ random}} \times {init_scale:g},\ "
        r"b^{[1]}, b^{[2]} = 0 \\"
        r"&\text{repeat:} \\"
        r"&\quad \text{1. forward: } Z^{[1]} = W^{[1]} X + b^{[1]},\ A^{[1]} = g(Z^{[1]}),\ "
        r"Z^{[2]} = W^{[2]} A^{[1]} + b^{[2]},\ A^{[2]} = \sigma(Z^{[2]}) \\"
        r"&\quad \text{2. cost: } J = \frac{1}{m} \sum_{i=1}^{m} \mathcal{L}(a^{[2](i)}, y^{(i)}) \\"
        r"&\quad \text{3. backward: } dZ^{[2]},\ dW^{[2]},\ db^{[2]},\ dZ^{[1]},\ dW^{[1]},\ db^{[1]} \\"
        rf"&\quad \text{{4. update: }} P := P - \alpha\, dP \text{{ for }} P \in \{{W^{{[1]}}, b^{{[1]}}, "
        rf"W^{{[2]}}, b^{{[2]}}\}},\ \alpha = {learning_rate:g} \\"
        rf"&\text{{here }} g = \text{{{g}}}"
        r"\end{aligned}"
    ))


def shape_rules(params: dict, X, Y, activation: str) -> Block:
    """The three shape rules, each with the shapes of this run."""
    t = shape_table(params, X, Y, activation)
    s = {r.name: shape_str(r.shape) for r in t.rows}
    db1, b1 = t.arrays["db1"], t.arrays["b1"]
    flat = db1.reshape(-1)  # what np.sum(dZ1, axis=1) / m returns
    broken = np.broadcast_shapes(b1.shape, flat.shape)
    slip = (f"and b1 − α·db1 silently becomes {shape_str(broken)}." if broken != b1.shape else
            f"and b1 − α·db1 is still {shape_str(broken)}: with one hidden unit the slip hides.")
    return Block("list", rows=(
        f"**dP has the shape of P**, so P := P − α·dP works entry by entry: dW1 {s['dW1']} like W1 "
        f"{s['W1']}, db1 {s['db1']} like b1, dW2 {s['dW2']} like W2, db2 {s['db2']} like b2.",
        f"**b broadcasts across the m columns**: W1 X {s['Z1']} + b1 {s['b1']} → Z1 {s['Z1']}; every "
        "example gets the same bias, without copying it.",
        f"**Sum over the examples with axis=1, keepdims=True**: dZ1 {s['dZ1']} → db1 {s['db1']}. "
        f"Without keepdims it is {shape_str(flat.shape)}, " + slip,
    ))


def legend_table() -> Block:
    """:data:`notation.LEGEND` as a table; its Markdown is ``notation.legend_markdown()``."""
    rows = [("in equations", "in code and labels", "what it is")]
    rows += [(f"${s.latex}$", f"`{s.code}`", s.meaning) for s in LEGEND]
    return Block("table", rows=tuple(rows))


def cheat_sheet(params: dict, X, Y, activation: str, learning_rate: float, init_scale: float) -> tuple:
    """Every section of the sheet for the current parameters (shapes only) and data X (n_x, m), Y (1, m)."""
    sizes = shape_table(params, X, Y, activation).sizes
    header = (f"n_x = {sizes['n_x']} inputs, n_h = {sizes['n_h']} hidden units, m = {sizes['m']} training "
              f"examples, g = {ACTIVATIONS[activation].label}, α = {learning_rate:g}. {EXAMPLE_COUNTING}")
    return (
        Section("The algorithm", (Block("text", header), algorithm_box(activation, learning_rate, init_scale))),
        Section("Backward: one example and all m, side by side", (
            Block("text", "Per example the gradients are of the loss 𝓛 of that example; vectorized, dW and db "
                          "are ∂J/∂W and ∂J/∂b (the 1/m averages), while dZ stacks each example's ∂𝓛/∂z in "
                          "its column (m·∂J/∂Z). The shapes are those of the arrays of this run."),
            backward_table(params, X, Y, activation),
            Block("text", "With $X = A^{[0]}$ (the notes' remark $x^T = a^{[0]T}$) both weight gradients are "
                          "one pattern:"),
            Block("latex", X_IS_A0),
        )),
        Section("The NumPy lines of one iteration (from shallownet/network.py)", (
            Block("code", numpy_lines()),
        )),
        Section("Three shape rules", (shape_rules(params, X, Y, activation),)),
        Section(f"The slips of the notes “{NOTES_TITLE}”, corrected", (
            Block("list", rows=tuple(slip_markdown(s)[2:] for s in SLIPS)),
        )),
        Section("Notation", (legend_table(),)),
    )


# -- renderings -------------------------------------------------------------------------------------
def _md_table(rows) -> str:
    head, *body = rows
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(r) + " |" for r in body]
    return "\n".join(out)


def block_markdown(b: Block) -> str:
    if b.kind == "text":
        return b.text
    if b.kind == "latex":
        return f"$$\n{b.text}\n$$"
    if b.kind == "code":
        return f"```python\n{b.text}\n```"
    if b.kind == "table":
        return _md_table(b.rows)
    return "\n".join(f"- {item}" for item in b.rows)


def to_markdown(sections) -> str:
    parts = [f"# {TITLE}"]
    for s in sections:
        parts.append(f"## {s.title}")
        parts += [block_markdown(b) for b in s.blocks]
    return "\n\n".join(parts) + "\n"


_INLINE = re.compile(r"(\$[^$]+\$)|`([^`]+)`|\*\*([^*]+)\*\*|\*([^*]+)\*")


def inline_html(text: str) -> str:
    """Markdown inline marks to HTML: $math$ kept for KaTeX (escaped), `code`, **bold**, *italic*."""
    out, last = [], 0
    for m in _INLINE.finditer(text):
        out.append(html.escape(text[last:m.start()]))
        math, code, bold, italic = m.groups()
        out.append(html.escape(math) if math else f"<code>{html.escape(code)}</code>" if code else
                   f"<strong>{inline_html(bold)}</strong>" if bold else f"<em>{inline_html(italic)}</em>")
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def block_html(b: Block) -> str:
    if b.kind == "text":
        return f"<p>{inline_html(b.text)}</p>"
    if b.kind == "latex":
        return f'<div class="math">$${html.escape(b.text)}$$</div>'
    if b.kind == "code":
        return f"<pre><code>{html.escape(b.text)}</code></pre>"
    if b.kind == "table":
        head, *body = b.rows
        th = "".join(f"<th>{inline_html(c)}</th>" for c in head)
        trs = "".join("<tr>" + "".join(f"<td>{inline_html(c)}</td>" for c in r) + "</tr>" for r in body)
        return f"<table><thead><tr>{th}</tr></thead><tbody>{trs}</tbody></table>"
    return "<ul>" + "".join(f"<li>{inline_html(i)}</li>" for i in b.rows) + "</ul>"


KATEX = "https://cdn.jsdelivr.net/npm/katex@0.16.11/dist"
HTML_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #1f2328; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.5em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { border: 1px solid #ccc; padding: .3em .6em; text-align: left; }
pre { background: #f6f8fa; padding: .8em; overflow-x: auto; font-size: .85em; }
.note { color: #666; font-size: .85em; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
  table, pre, .math { break-inside: avoid; }
  .note { display: none; } }
"""


def to_html(sections) -> str:
    """A standalone HTML file; KaTeX (from its CDN) typesets the math when online, and the LaTeX
    source stays readable when it is not."""
    body = "\n".join(f"<h2>{html.escape(s.title)}</h2>\n" + "\n".join(block_html(b) for b in s.blocks)
                     for s in sections)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(TITLE)}</title>
<link rel="stylesheet" href="{KATEX}/katex.min.css">
<script defer src="{KATEX}/katex.min.js"></script>
<script defer src="{KATEX}/contrib/auto-render.min.js"
 onload="renderMathInElement(document.body, {{delimiters: [{{left: '$$', right: '$$', display: true}},
 {{left: '$', right: '$', display: false}}]}});"></script>
<style>{HTML_STYLE}</style></head>
<body><h1>{html.escape(TITLE)}</h1>
<p class="note">The formulas are typeset by KaTeX when this file is opened online; offline they show as LaTeX.</p>
{body}
</body></html>
"""
