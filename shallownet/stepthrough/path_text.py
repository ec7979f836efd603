"""The text and LaTeX of the Forward and Backward pages' other two tabs: one example's path
through the per-example equations beside the vectorized ones, and the single neuron. Each is a
list of blocks ``(kind, text)``, kind one of "markdown", "latex", "caption" or "remark" (a
remark on the course notes), in the order the page shows them. Pure Python; numbers are read
from the arrays."""

from __future__ import annotations

from ..notation import example_symbol
from .equations import latex_matrix as M
from .equations import latex_number as n
from .example import ExamplePath
from .neuron import NeuronStep, neuron_step
from .symbols import LABELS
from .trace import Trace

Block = tuple[str, str]


def equation(eq: str, numbers: str, extra: str = "") -> str:
    r"""``eq = numbers``; a matrix goes on its own line under the equation (half a page is narrow).
    ``extra`` is one more aligned line, e.g. "\tfrac1m\sum_i dW^{(i)} &= …"."""
    if "bmatrix" not in numbers or "=" not in eq:
        return f"{eq} = {numbers}"
    lhs, rhs = eq.split("=", 1)
    lines = [f"{lhs} &= {rhs}", f"&= {numbers}"] + ([extra] if extra else [])
    return r"\begin{aligned}" + r" \\[2pt] ".join(lines) + r"\end{aligned}"


def side_by_side(rows: list[tuple], head: str) -> str:
    r"""Per-example equation with its numbers (left) beside its vectorized counterpart (right),
    one row per equation so that the pairs stay level: a single LaTeX array (one element on the
    page instead of five per row).

    Each row: (left equation, left numbers, right equation, right numbers[, right extra line]);
    ``head``: the two column titles, "left & right".
    """
    lines = [equation(row[0], row[1]) + r" & \qquad " + equation(row[2], row[3], row[4] if len(row) > 4 else "")
             for row in rows]
    return r"\begin{array}{ll}" + head + r" \\[10pt] " + r" \\[26pt] ".join(lines) + r"\end{array}"


def numbered(latex: str, i: int) -> str:
    """The per-example equations with the example's number (counted from 1) for the generic (i)."""
    return latex.replace("(i)", f"({i})")


def _table(rows: list[tuple], j: int) -> str:
    """:func:`side_by_side` for NumPy column j, i.e. example j + 1, under the two titles."""
    i = j + 1  # the math counts examples from 1
    head = (rf"\text{{\textbf{{One example}} $x^{{({i})}}$ (column vectors)}} & \qquad"
            rf"\text{{\textbf{{All}} $m$ \textbf{{examples}}: column {j} (NumPy)}}")
    return side_by_side([(numbered(r[0], i), *r[1:]) for r in rows], head)


def forward_path(trace: Trace, path: ExamplePath) -> list[Block]:
    """The Forward page's path of example x⁽ʲ⁺¹⁾ (NumPy column j = ``path.index``): x → z1 → a1 →
    z2 → a2 → 𝓛 beside column j of X, Z1, A1, Z2, A2 and the cost J."""
    j, v, t = path.index, path.values, trace
    col = rf"_{{:,\,{j}}}"
    intro = (f"NumPy column {j} of X is example {example_symbol(j)} (the math counts examples from 1, "
             f"NumPy columns from 0): {example_symbol(j)} holds its features, its label is "
             f"{example_symbol(j, 'y')} = "
             f"{v['y'][0, 0]:g}. Run it alone through the per-example equations (left) and compare "
             f"with column {j} of the vectorized arrays, where all m examples travel together (right).")
    rows = [
        (r"x^{(i)}", M(v["x"]), rf"X{col}", M(t["X"][:, j:j + 1])),
        (r"z^{[1](i)} = W^{[1]} x^{(i)} + b^{[1]}", M(v["z1"]), rf"Z^{{[1]}}{col}", M(t["Z1"][:, j:j + 1])),
        (r"a^{[1](i)} = g(z^{[1](i)})", M(v["a1"]), rf"A^{{[1]}}{col}", M(t["A1"][:, j:j + 1])),
        (r"z^{[2](i)} = W^{[2]} a^{[1](i)} + b^{[2]}", n(v["z2"][0, 0]), rf"Z^{{[2]}}{col}", n(t["Z2"][0, j])),
        (r"a^{[2](i)} = \sigma(z^{[2](i)})", n(v["a2"][0, 0]), rf"A^{{[2]}}{col}", n(t["A2"][0, j])),
        (r"\mathcal{L}^{(i)} = -\big(y^{(i)} \log a^{[2](i)} + (1-y^{(i)})\log(1-a^{[2](i)})\big)",
         n(v["loss"][0, 0]), r"J = \tfrac{1}{m}\textstyle\sum_{k=1}^{m} \mathcal{L}^{(k)}", n(float(t["J"]))),
    ]
    gap = max(path.column_gap[k] for k in ("z1", "a1", "z2", "a2"))
    caption = (f"Column {j} of Z1, A1, Z2, A2 equals {example_symbol(j, 'z')}, {example_symbol(j, 'a')} "
               "of the single example: largest "
               f"difference {gap:.1e} (floating-point rounding). Stacking the columns is all "
               f"the vectorization does: Z1 = W1 X + b1 computes the {t.m} columns at once.")
    return [("markdown", intro), ("latex", _table(rows, j)), ("caption", caption)]


def backward_path(trace: Trace, path: ExamplePath) -> list[Block]:
    """The Backward page's path: example x⁽ʲ⁺¹⁾'s own gradients beside the vectorized ones, whose
    dW and db are the means of the per-example ones."""
    j, v, t = path.index, path.values, trace
    col = rf"_{{:,\,{j}}}"
    intro = (f"The gradients of example {example_symbol(j)}'s own loss (NumPy column {j}; left, no 1/m) and "
             f"the vectorized gradients of the cost J (right). The vectorized dW and db are the **mean over "
             f"the {t.m} examples** of the per-example ones: the matrix product sums over the examples and "
             "1/m averages. dZ2 and dZ1 are not averaged: their columns are the per-example dz.")
    means = path.means
    rows = [
        (r"dz^{[2](i)} = a^{[2](i)} - y^{(i)}", n(v["dz2"][0, 0]), rf"dZ^{{[2]}}{col}", n(t["dZ2"][0, j])),
        (r"dW^{[2](i)} = dz^{[2](i)}\, a^{[1](i)T}", M(v["dW2"]),
         r"dW^{[2]} = \tfrac{1}{m} dZ^{[2]} A^{[1]T}", M(t["dW2"]),
         r"\tfrac{1}{m}\textstyle\sum_{k=1}^{m} dW^{[2](k)} &= " + M(means["dW2"])),
        (r"db^{[2](i)} = dz^{[2](i)}", n(v["db2"][0, 0]),
         r"db^{[2]} = \tfrac{1}{m}\textstyle\sum_{k=1}^{m} dz^{[2](k)}", n(t["db2"][0, 0])),
        (r"dz^{[1](i)} = W^{[2]T} dz^{[2](i)} \ast g'(z^{[1](i)})", M(v["dz1"]),
         rf"dZ^{{[1]}}{col}", M(t["dZ1"][:, j:j + 1])),
        (r"dW^{[1](i)} = dz^{[1](i)}\, x^{(i)T}", M(v["dW1"]), r"dW^{[1]} = \tfrac{1}{m} dZ^{[1]} X^{T}",
         M(t["dW1"]), r"\tfrac{1}{m}\textstyle\sum_{k=1}^{m} dW^{[1](k)} &= " + M(means["dW1"])),
        (r"db^{[1](i)} = dz^{[1](i)}", M(v["db1"]), r"db^{[1]} = \tfrac{1}{m}\textstyle\sum_{k=1}^{m} dz^{[1](k)}",
         M(t["db1"])),
    ]
    gaps = ", ".join(f"{LABELS[k]} {path.mean_gap[k]:.1e}" for k in ("dW2", "db2", "dW1", "db1"))
    caption = (f"Mean over the {t.m} examples of the per-example gradients minus the vectorized "
               f"gradients, largest difference: {gaps} (floating-point rounding). Column {j} of dZ2, dZ1 "
               f"equals d{example_symbol(j, 'z')} to {max(path.column_gap['dz2'], path.column_gap['dz1']):.1e}.")
    remark = ("The per-example line of the notes, $dz^{[1]} = W^{[2]T} dz^{[2]} g^{[1]\\prime}(z^{[1]})$, "
              "leaves out the $\\ast$: the product with $g^{[1]\\prime}(z^{[1]})$ is element-wise, "
              "$dz^{[1]} = W^{[2]T} dz^{[2]} \\ast g^{[1]\\prime}(z^{[1]})$, as in the vectorized line.")
    return [("markdown", intro), ("latex", _table(rows, j)), ("caption", caption), ("remark", remark)]


def neuron_steps(trace: Trace, j: int, w, b) -> tuple[NeuronStep, NeuronStep]:
    """The single neuron (weights w (n_x, 1), bias b (1, 1)) on example column j, and the
    two-layer net's output unit seen as that neuron: x → column j of A1, w → W2ᵀ, b → b2."""
    return (neuron_step(trace["X"][:, j], trace["Y"][0, j], w, b),
            neuron_step(trace["A1"][:, j], trace["Y"][0, j], trace["W2"].T, trace["b2"]))


def neuron_forward(s: NeuronStep, j: int) -> list[Block]:
    """The neuron's forward pass on example column j: x, w, b → z → a → 𝓛."""
    return [
        ("markdown",
         "No hidden layer: x, w, b → z → a → 𝓛. Here w and b are a logistic regression fitted to the "
         f"same training data (200 gradient-descent steps from zero), on example {example_symbol(j)} "
         f"(NumPy column {j} of X, chosen in *One example's path*)."),
        ("latex", rf"x = {M(s.x)},\quad y = {s.y:g},\qquad w = {M(s.w)},\quad b = {n(s.b)}"),
        ("latex",
         rf"z = w^{{T}}x + b = {n(s.z)} \;\longrightarrow\; a = \sigma(z) = {n(s.a)} \;\longrightarrow\; "
         rf"\mathcal{{L}}(a, y) = -\big(y\log a + (1-y)\log(1-a)\big) = {n(s.loss)}"),
    ]


def neuron_as_output_unit(out: NeuronStep, j: int) -> list[Block]:
    """The Forward page's link: the output unit computes Z2, A2 of column j as this neuron."""
    i = j + 1
    return [
        ("markdown",
         "The output unit of the two-layer net is exactly this neuron, fed with the hidden "
         f"activations instead of the raw features: x → column {j} of A1, w → W2ᵀ, b → b2."),
        ("latex", rf"z = W^{{[2]}} a^{{[1]({i})}} + b^{{[2]}} = {n(out.z)} = Z^{{[2]}}_{{:,\,{j}}},\qquad "
                  rf"a = \sigma(z) = {n(out.a)} = A^{{[2]}}_{{:,\,{j}}}"),
    ]


def neuron_backward(trace: Trace, s: NeuronStep, out: NeuronStep, j: int) -> list[Block]:
    """The Backward page's chain rule through the neuron, one factor at a time, and its link to
    dZ2, dW2, db2 of the two-layer net (``out``: the output unit on column j)."""
    i = j + 1
    blocks = [
        ("markdown",
         "**Backward through the chain rule**, one factor at a time. *Shorthand:* in code, **da**, **dz**, "
         "**dw**, **db** name the derivative of the loss 𝓛 with respect to a, z, w, b (da = ∂𝓛/∂a, …); "
         "a derivative of anything else, like ∂a/∂z, is written out in full."),
        ("latex",
         r"\begin{aligned}"
         rf"da &= \frac{{\partial\mathcal{{L}}}}{{\partial a}} = -\frac{{y}}{{a}} + \frac{{1-y}}{{1-a}} = {n(s.da, 4)} \\[8pt]"  # noqa: E501
         rf"\frac{{\partial a}}{{\partial z}} &= \sigma'(z) = a(1-a) = {n(s.sigma_prime, 4)} \\[8pt]"
         rf"dz &= da \cdot \frac{{\partial a}}{{\partial z}} = {n(s.da, 4)} \cdot {n(s.sigma_prime, 4)} = {n(s.dz, 4)} \\[4pt]"  # noqa: E501
         r"&= \Big(-\frac{y}{a} + \frac{1-y}{1-a}\Big)\, a(1-a) = -y(1-a) + (1-y)\,a = a - y"
         rf" = {n(s.dz_direct, 4)} \\[8pt]"
         rf"dw &= dz\; x = {M(s.dw, 4)},\qquad db = dz = {n(s.db, 4)}"
         r"\end{aligned}"),
    ]
    if s.clipped:
        blocks.append(("caption",
                       "a is within machine precision of 0 or 1 here, so it was clipped to [ε, 1 − ε] to keep "
                       "−y/a + (1−y)/(1−a) finite; a − y needs no such care, which is one reason code uses it."))
    return blocks + [
        ("markdown",
         f"**The link to the two-layer net.** Its output unit is this neuron with x → column {j} of A1, "
         "w → W2ᵀ, b → b2. The same chain rule gives its dz, and stacking the m examples in columns turns "
         "dz = a − y into dZ2 = A2 − Y. The neuron's w and dw are columns, while W2 is a row, (1, n_h): "
         "so dw corresponds to dW2ᵀ (averaged over the examples)."),
        ("latex",
         rf"dz = da\cdot\sigma'(z) = {n(out.da, 4)} \cdot {n(out.sigma_prime, 4)} = {n(out.dz, 4)}"
         rf" = a^{{[2]({i})}} - y^{{({i})}} = dZ^{{[2]}}_{{:,\,{j}}} = {n(trace['dZ2'][0, j], 4)}"),
        ("latex",
         r"\begin{aligned}"
         r"dw = dz\,x \;&\to\; dW^{[2]T} = \tfrac{1}{m}\, A^{[1]} dZ^{[2]T},\ \text{i.e. } "
         r"dW^{[2]} = \tfrac{1}{m}\, dZ^{[2]} A^{[1]T} \\[4pt]"
         r"db = dz \;&\to\; db^{[2]} = \tfrac{1}{m}\textstyle\sum_{j} dZ^{[2]}_{:,j}"
         r"\end{aligned}"),
        ("remark",
         "Eq. (7) writes the loss itself after “da = d/da L(a, y) =”; the "
         "derivative is eq. (8), −y/a + (1−y)/(1−a). With g(z) = σ(z) the chain rule dz = da·g′(z) "
         "collapses to a − y."),
    ]
