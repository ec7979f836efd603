"""The twelve phases of one iteration, in order, as data::

    forward   Z1 → A1 → Z2 → A2 → J
    backward  dZ2 → dW2 → db2 → dZ1 → dW1 → db1
    update    W1, b1, W2, b2 := P − α dP

Each :class:`Phase` names the tensors it reads and writes, carries its equation as a LaTeX
*template* whose ``<<key>>`` tokens become the tensor's symbol with its concrete shape
underneath (see :mod:`.equations`), and the notes a teacher would add at that point
(element-wise products, broadcasting, the 1/m · sum with keepdims, slips in the lecture notes).
"""

from __future__ import annotations

from dataclasses import dataclass

from .symbols import LABELS


@dataclass(frozen=True)
class Phase:
    """One step of the iteration.

    ``equation`` is a LaTeX template: ``<<key>>`` is the tensor's symbol with its shape
    under it, ``<<key!>>`` the bare symbol, ``<<shape:key>>`` only the shape text.
    ``notes`` are Markdown templates formatted with :func:`sizes` ({m}, {n_x}, {n_h}, {lr}).
    ``panels`` are rows to draw as heatmaps, read left to right like the equation: tensor keys
    of :data:`SYMBOLS` and, between them, operator text ("·", "+", "=", "−α ·" …).
    ``nodes`` are the computation-graph nodes whose value (forward) or gradient (backward) the
    phase computes; ``edges`` are the graph edges (source, target) that value or gradient
    travels along: forward along them, backward against them.
    """

    id: str
    title: str
    direction: str  # "forward", "backward" or "update"
    equation: str
    reads: tuple
    writes: tuple
    notes: tuple
    panels: tuple
    nodes: tuple
    edges: tuple
    slip: str = ""  # Markdown: a slip in the lecture notes relevant here ("" when none)

    @property
    def short(self) -> str:
        """The label of the phase on a slider: the written tensor, e.g. "dW²"."""
        return "update" if self.direction == "update" else LABELS[self.writes[-1]]


PHASES: tuple[Phase, ...] = (
    Phase(
        "Z1", "Hidden layer, linear part", "forward",
        r"<<Z1>> = <<W1>>\,<<X>> + <<b1>>",
        ("W1", "X", "b1"), ("Z1",),
        (
            "Matrix product: every column of $X$ is one example, so NumPy column $j$ of $Z^{{[1]}}$ "
            "(counted from 0) is $W^{{[1]}} x^{{(j+1)}} + b^{{[1]}}$ — all {m} examples at once.",
            "**Broadcasting:** $b^{{[1]}}$ is ({n_h}, 1), yet it is added to the ({n_h}, {m}) matrix "
            "$W^{{[1]}}X$: NumPy *broadcasts* it, reading the same column for each of the {m} columns "
            "without copying it (every example gets the same bias).",
        ),
        (("W1", "·", "X", "+", "b1", "=", "Z1"),),
        ("Z1",), (("X", "Z1"), ("W1", "Z1"), ("b1", "Z1")),
    ),
    Phase(
        "A1", "Hidden layer, activation", "forward",
        r"<<A1>> = g(<<Z1>>)",
        ("Z1",), ("A1",),
        (
            "**Element-wise:** $g$ = {g_label}, $g(z) = {g_formula}$, is applied to each of the "
            "{n_h}×{m} entries on its own; the shape does not change.",
        ),
        (("Z1", "→ g →", "A1"),),
        ("A1",), (("Z1", "A1"),),
    ),
    Phase(
        "Z2", "Output layer, linear part", "forward",
        r"<<Z2>> = <<W2>>\,<<A1>> + <<b2>>",
        ("W2", "A1", "b2"), ("Z2",),
        (
            "The output layer reads the hidden activations $A^{{[1]}}$, not the input $X$.",
            "**Broadcasting:** $b^{{[2]}}$ is (1, 1) and is added to all {m} columns.",
        ),
        (("W2", "·", "A1", "+", "b2", "=", "Z2"),),
        ("Z2",), (("A1", "Z2"), ("W2", "Z2"), ("b2", "Z2")),
        slip="The graph in the notes writes $z^{[2]} = W^{[2]} x + b^{[2]}$; the output layer's input "
             "is the hidden activation: $z^{[2]} = W^{[2]} a^{[1]} + b^{[2]}$.",
    ),
    Phase(
        "A2", "Output layer, sigmoid", "forward",
        r"<<A2>> = \sigma(<<Z2>>) = \frac{1}{1+e^{-Z^{[2]}}}",
        ("Z2",), ("A2",),
        (
            "**Element-wise:** the sigmoid turns each score into a probability $\\hat y^{{(i)}} = "
            "a^{{[2](i)}} \\in (0, 1)$ of class 1.",
        ),
        (("Z2", "→ σ →", "A2"),),
        ("A2",), (("Z2", "A2"),),
    ),
    Phase(
        "J", "Cost", "forward",
        r"\begin{aligned}<<L>> &= -\big(<<Y>> \ast \log <<A2>> + (1-<<Y!>>) \ast \log(1-<<A2!>>)\big)"
        r"\\ <<J>> &= \frac{1}{m}\sum_{i=1}^{m} \mathcal{L}^{(i)}\end{aligned}",
        ("A2", "Y"), ("L", "J"),
        (
            "**Element-wise** loss of each example (binary cross-entropy), then the **mean over the "
            "{m} columns**: the cost is one number.",
        ),
        (("A2", ",", "Y", "→ 𝓛 →", "L", "→ mean →", "J"),),
        ("J",), (("A2", "J"), ("Y", "J")),
        slip="The notes write $J = \\frac{1}{m} L(\\hat y, y)$; the cost averages the loss of every "
             "example: $J = \\frac{1}{m}\\sum_{i=1}^{m} L(\\hat y^{(i)}, y^{(i)})$.",
    ),
    Phase(
        "dZ2", "Output error", "backward",
        r"<<dZ2>> = <<A2>> - <<Y>>",
        ("A2", "Y"), ("dZ2",),
        (
            "The derivative of the loss through the sigmoid collapses to prediction minus label; the "
            "*single neuron* tab derives it with the chain rule. Column $j$ of $dZ^{{[2]}}$ is "
            "$\\partial\\mathcal{{L}}/\\partial z$ of that example's own loss, not $\\partial J/\\partial z$: "
            "the $\\frac{{1}}{{m}}$ of $J$ is applied when the columns are summed into $dW^{{[2]}}$ and $db^{{[2]}}$.",
        ),
        (("A2", "−", "Y", "=", "dZ2"),),
        ("Z2",), (("A2", "J"), ("Z2", "A2")),
    ),
    Phase(
        "dW2", "Output weights' gradient", "backward",
        r"<<dW2>> = \frac{1}{m}\,<<dZ2>>\,<<A1T>>",
        ("dZ2", "A1"), ("dW2",),
        (
            "({one}×{m}) · ({m}×{n_h}): the matrix product sums over the {m} examples; "
            "$\\frac{{1}}{{m}}$ turns that sum into the mean of the per-example gradients "
            "$dz^{{[2](i)}} a^{{[1](i)T}}$.",
            "$dW^{{[2]}}$ has the shape of $W^{{[2]}}$: {one}×{n_h}.",
        ),
        (("1/m ·", "dZ2", "·", "A1T", "=", "dW2"),),
        ("W2",), (("W2", "Z2"),),
    ),
    Phase(
        "db2", "Output bias' gradient", "backward",
        r"<<db2>> = \frac{1}{m}\,\texttt{np.sum}(<<dZ2>>,\ \texttt{axis=1},\ \texttt{keepdims=True})",
        ("dZ2",), ("db2",),
        (
            "**1/m · sum with keepdims:** summing along axis 1 adds up the {m} columns; "
            "`keepdims=True` keeps the result a {one}×1 matrix, the shape of $b^{{[2]}}$ "
            "(without it NumPy would return a 1-D array of shape ({one},)).",
            "The bias was broadcast to every column in the forward pass, so its gradient "
            "collects from every column.",
        ),
        (("1/m · Σ cols", "dZ2", "=", "db2"),),
        ("b2",), (("b2", "Z2"),),
    ),
    Phase(
        "dZ1", "Hidden error", "backward",
        r"<<dZ1>> = \underbrace{<<W2T>>\,<<dZ2>>}_{<<shape:dA1>>} \ast <<gZ1>>",
        ("W2", "dZ2", "Z1"), ("dA1", "dZ1"),
        (
            "$W^{{[2]T}} dZ^{{[2]}}$ ({n_h}×1 · 1×{m}) sends the output error back to each hidden "
            "unit: that is $dA^{{[1]}}$.",
            "**Element-wise product** $\\ast$ with $g'(Z^{{[1]}})$, the *derivative* of the activation: "
            "$g'(z) = {g_prime}$. Both factors are {n_h}×{m}.",
        ),
        (("W2T", "·", "dZ2", "=", "dA1"), ("dA1", "∗", "gZ1", "=", "dZ1")),
        ("Z1", "A1"), (("A1", "Z2"), ("Z1", "A1")),
        slip="Eq. (4) writes $g^{[1]}(Z^{[1]})$ and the shape $(m^{[1]}, m)$; it is the "
             "derivative $g^{[1]\\prime}(Z^{[1]})$, and the shape is $(n_h, m)$ ($n_h$ is the notes' $n^{[1]}$).",
    ),
    Phase(
        "dW1", "Hidden weights' gradient", "backward",
        r"<<dW1>> = \frac{1}{m}\,<<dZ1>>\,<<XT>>",
        ("dZ1", "X"), ("dW1",),
        (
            "({n_h}×{m}) · ({m}×{n_x}): the product sums over the {m} examples; $\\frac{{1}}{{m}}$ "
            "makes it the mean of the per-example $dz^{{[1](i)}} x^{{(i)T}}$.",
            "$dW^{{[1]}}$ has the shape of $W^{{[1]}}$: ({n_h}, {n_x}).",
            "The notes remark $x^T = a^{{[0]T}}$: the input is the activation of layer 0, $X = A^{{[0]}}$. "
            "So $dW^{{[1]}} = \\frac{{1}}{{m}} dZ^{{[1]}} A^{{[0]T}}$ and $dW^{{[2]}} = \\frac{{1}}{{m}} dZ^{{[2]}} "
            "A^{{[1]T}}$ are one pattern, $dW^{{[l]}} = \\frac{{1}}{{m}} dZ^{{[l]}} A^{{[l-1]T}}$, for every layer.",
        ),
        (("1/m ·", "dZ1", "·", "XT", "=", "dW1"),),
        ("W1",), (("W1", "Z1"),),
    ),
    Phase(
        "db1", "Hidden bias' gradient", "backward",
        r"<<db1>> = \frac{1}{m}\,\texttt{np.sum}(<<dZ1>>,\ \texttt{axis=1},\ \texttt{keepdims=True})",
        ("dZ1",), ("db1",),
        (
            "**1/m · sum with keepdims:** the {m} columns are summed per hidden unit; "
            "`keepdims=True` keeps the {n_h}×1 shape of $b^{{[1]}}$.",
        ),
        (("1/m · Σ cols", "dZ1", "=", "db1"),),
        ("b1",), (("b1", "Z1"),),
    ),
    Phase(
        "update", "Gradient-descent update", "update",
        r"\begin{aligned}"
        r"<<W1_new>> &:= <<W1!>> - \alpha\,<<dW1>> \\ <<b1_new>> &:= <<b1!>> - \alpha\,<<db1>> \\ "
        r"<<W2_new>> &:= <<W2!>> - \alpha\,<<dW2>> \\ <<b2_new>> &:= <<b2!>> - \alpha\,<<db2>>"
        r"\end{aligned}",
        ("W1", "b1", "W2", "b2", "dW1", "db1", "dW2", "db2"), ("W1_new", "b1_new", "W2_new", "b2_new"),
        (
            "Every parameter takes a step against its gradient, with learning rate "
            "$\\alpha = {lr}$. Each gradient has exactly the shape of its parameter.",
            "All four updates use the gradients of the *same* forward pass: compute all, then update.",
        ),
        (
            ("W1", "−α ·", "dW1", "=", "W1_new"), ("b1", "−α ·", "db1", "=", "b1_new"),
            ("W2", "−α ·", "dW2", "=", "W2_new"), ("b2", "−α ·", "db2", "=", "b2_new"),
        ),
        ("W1", "b1", "W2", "b2"), (),
        slip="The loop in the notes reads $w := w - \\alpha w$; the step uses the gradient: "
             "$w := w - \\alpha\\, dw$ (likewise for $b$, $W^{[2]}$, $b^{[2]}$).",
    ),
)
PHASE_IDS = tuple(p.id for p in PHASES)
PHASE_BY_ID = {p.id: p for p in PHASES}
FORWARD_IDS = tuple(p.id for p in PHASES if p.direction == "forward")
BACKWARD_IDS = tuple(p.id for p in PHASES if p.direction != "forward")  # the update included


def read_nodes(phase: Phase) -> tuple:
    """The graph nodes whose value or gradient the phase reads (dZ2 → Z2, XT → X, …)."""
    names = ("X", "W1", "b1", "Z1", "A1", "W2", "b2", "Z2", "A2", "Y", "J")
    out = []
    for key in phase.reads:
        for name in (key, key[1:], key[:-1]):
            if name in names and name not in out:
                out.append(name)
                break
    return tuple(out)


def phase_index(phase_id: str) -> int:
    return PHASE_IDS.index(phase_id)



def neighbour_phase(phase_ids, current: str, delta: int, wrap: bool = False) -> str:
    """The phase ``delta`` steps from ``current`` within ``phase_ids``: clamped at the ends,
    or wrapping around (for play). An unknown ``current`` counts as the first phase."""
    ids = tuple(phase_ids)
    k = ids.index(current) if current in ids else 0
    k = (k + delta) % len(ids) if wrap else min(max(k + delta, 0), len(ids) - 1)
    return ids[k]



def phase_span(phase_ids) -> str:
    """Where ``phase_ids`` sit among all the phases, as the headings count them: "phases 1–5 of the 12"."""
    numbers = [PHASE_IDS.index(pid) + 1 for pid in phase_ids]
    return f"phases {min(numbers)}–{max(numbers)} of the {len(PHASES)}"
