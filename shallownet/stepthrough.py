"""One iteration of gradient descent, phase by phase, as plain data.

The twelve phases of one iteration, in order::

    forward   Z1 → A1 → Z2 → A2 → J
    backward  dZ2 → dW2 → db2 → dZ1 → dW1 → db1
    update    W1, b1, W2, b2 := P − α dP

Each :class:`Phase` names the tensors it reads and writes, carries its equation
as a LaTeX *template* whose ``<<key>>`` tokens become the tensor's symbol with
its concrete shape underneath (read from the arrays, never typed), and the notes
a teacher would add at that point (element-wise products, broadcasting, the
1/m · sum with keepdims, slips in the lecture notes).

:func:`trace_iteration` runs the network's own forward/backward once and keeps
every intermediate array; :func:`example_path` follows one column x⁽ⁱ⁾ through
the per-example equations; :func:`neuron_step` is the logistic-regression
(single neuron) case with the chain rule spelled out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .activations import get_activation, sigmoid
from .network import backward, compute_cost, example_losses, forward

# -- tensors -----------------------------------------------------------------
# key → LaTeX symbol. Keys ending in "T" are transposes; "_new" are the updated parameters.
SYMBOLS = {
    "X": "X", "XT": "X^{T}", "Y": "Y",
    "W1": "W^{[1]}", "b1": "b^{[1]}", "W2": "W^{[2]}", "W2T": "W^{[2]T}", "b2": "b^{[2]}",
    "Z1": "Z^{[1]}", "A1": "A^{[1]}", "A1T": "A^{[1]T}", "Z2": "Z^{[2]}", "A2": "A^{[2]}",
    "L": r"\mathcal{L}", "J": "J",
    "dZ2": "dZ^{[2]}", "dW2": "dW^{[2]}", "db2": "db^{[2]}",
    "dA1": "dA^{[1]}", "gZ1": "g'(Z^{[1]})", "dZ1": "dZ^{[1]}", "dW1": "dW^{[1]}", "db1": "db^{[1]}",
    "W1_new": "W^{[1]}", "b1_new": "b^{[1]}", "W2_new": "W^{[2]}", "b2_new": "b^{[2]}",
}

# key → short plain-text label, in the code's spelling (W1, not W¹, which reads as a power;
# Plotly titles and hovers cannot typeset LaTeX)
LABELS = {
    "X": "X", "XT": "Xᵀ", "Y": "Y",
    "W1": "W1", "b1": "b1", "W2": "W2", "W2T": "W2ᵀ", "b2": "b2",
    "Z1": "Z1", "A1": "A1", "A1T": "A1ᵀ", "Z2": "Z2", "A2": "A2", "L": "L (per example)", "J": "J",
    "dZ2": "dZ2", "dW2": "dW2", "db2": "db2", "dA1": "dA1 = W2ᵀdZ2", "gZ1": "g′(Z1)",
    "dZ1": "dZ1", "dW1": "dW1", "db1": "db1",
    "W1_new": "W1 (updated)", "b1_new": "b1 (updated)", "W2_new": "W2 (updated)", "b2_new": "b2 (updated)",
}

# tensors whose columns are the m examples (the views show a slice of them);
# the transposes XT, A1T have the examples in their rows
EXAMPLE_AXIS = {"X": 1, "Y": 1, "Z1": 1, "A1": 1, "Z2": 1, "A2": 1, "L": 1, "dZ2": 1, "dA1": 1,
                "gZ1": 1, "dZ1": 1, "XT": 0, "A1T": 0}

# tensors in [0, 1] (labels and probabilities) as opposed to signed values
PROBABILITY_KEYS = frozenset({"Y", "A2"})


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


# -- one iteration, every intermediate kept -----------------------------------
@dataclass(frozen=True)
class Trace:
    """Every array of one iteration on (X, Y), by key of :data:`SYMBOLS`.

    Sizes: X (n_x, m), Y (1, m), Z1/A1/dA1/gZ1/dZ1 (n_h, m), Z2/A2/L/dZ2 (1, m),
    parameters and their gradients in the parameters' shapes, J a 0-d array.
    """

    values: dict
    activation: str
    learning_rate: float

    def __getitem__(self, key: str) -> np.ndarray:
        return self.values[key]

    @property
    def m(self) -> int:
        return self.values["X"].shape[1]


def trace_iteration(params: dict, X, Y, activation: str = "tanh", learning_rate: float = 1.2) -> Trace:
    """Run :func:`network.forward`, :func:`network.backward` and the update once, keeping everything.

    The gradients dW1, db1, dW2, db2 are ``backward``'s own output; dZ2, dA1, g′(Z1) and dZ1
    are the intermediate terms of the same equations.
    """
    X = np.asarray(X, dtype=float)
    Y = np.asarray(Y, dtype=float)
    params = {k: np.asarray(v, dtype=float) for k, v in params.items()}
    A2, cache = forward(params, X, activation)
    grads = backward(params, cache, X, Y, activation)
    dZ2 = A2 - Y
    dA1 = params["W2"].T @ dZ2
    gZ1 = get_activation(activation).prime(cache["Z1"], cache["A1"])
    values = {
        "X": X, "XT": X.T, "Y": Y, **params, "W2T": params["W2"].T, **cache, "A1T": cache["A1"].T,
        "L": example_losses(A2, Y), "J": np.asarray(compute_cost(A2, Y)),
        "dZ2": dZ2, "dA1": dA1, "gZ1": np.asarray(gZ1, dtype=float), "dZ1": dA1 * gZ1, **grads,
    }
    for name in ("W1", "b1", "W2", "b2"):
        values[name + "_new"] = params[name] - learning_rate * grads["d" + name]
    return Trace(values, activation, float(learning_rate))


def sizes(trace: Trace) -> dict:
    """The numbers the notes' templates use, all read from the arrays."""
    act = get_activation(trace.activation)
    n_x, m = trace["X"].shape
    return {"m": m, "n_x": n_x, "n_h": trace["W1"].shape[0], "one": trace["W2"].shape[0],
            "lr": f"{trace.learning_rate:g}", "g_label": act.label, "g_formula": act.formula,
            "g_prime": act.prime_formula}


def shape_latex(shape) -> str:
    """(4, 300) → "4\\times 300"; () → "\\text{scalar}"."""
    return r"\times ".join(str(n) for n in shape) if len(shape) else r"\text{scalar}"


_TOKEN = re.compile(r"<<(shape:)?(\w+)(!)?>>")


def render_equation(phase: Phase, trace: Trace | None = None) -> str:
    """The phase's LaTeX; with a ``trace``, each factor carries its shape in an underbrace."""

    def replace(match):
        only_shape, key, bare = match.groups()
        if trace is None:
            return "" if only_shape else SYMBOLS[key]
        shape = shape_latex(np.shape(trace[key]))
        if only_shape:
            return shape
        if bare:
            return SYMBOLS[key]
        return rf"\underbrace{{{SYMBOLS[key]}}}_{{{shape}}}"

    latex = _TOKEN.sub(replace, phase.equation)
    if trace is None:  # drop the grouping underbraces the template itself writes
        latex = latex.replace(r"\underbrace", "").replace("_{}", "")
    return latex


def render_notes(phase: Phase, trace: Trace) -> list[str]:
    """The phase's notes (Markdown with $…$ math) with the current sizes filled in."""
    values = sizes(trace)
    return [note.format(**values) for note in phase.notes]


def summary(array) -> dict:
    """mean, min, max and Frobenius norm ‖·‖ of an array, as floats."""
    a = np.asarray(array, dtype=float)
    return {"mean": float(a.mean()), "min": float(a.min()), "max": float(a.max()),
            "norm": float(np.linalg.norm(a))}


# -- one example's path ----------------------------------------------------------
@dataclass(frozen=True)
class ExamplePath:
    """Example i through the per-example equations (vectors are columns).

    ``values``: x (n_x,1), y (1,1), z1, a1 (n_h,1), z2, a2, loss (1,1), dz2 (1,1), dW2 (1,n_h),
    db2 (1,1), da1, g1, dz1 (n_h,1), dW1 (n_h,n_x), db1 (n_h,1).
    ``column_gap``: max |per-example − column i of the vectorized tensor| for z1, a1, z2, a2, dz2, dz1.
    ``mean_gap``: max |mean over all i of the per-example gradient − vectorized gradient|.
    """

    index: int
    values: dict
    column_gap: dict
    mean_gap: dict
    means: dict  # name → mean over i of the per-example gradient


def example_path(trace: Trace, i: int) -> ExamplePath:
    """Follow column ``i`` (clamped to 0 … m−1) with the per-example equations, computed
    independently of the vectorized ones, and compare the two."""
    i = int(min(max(i, 0), trace.m - 1))
    W1, b1, W2, b2 = (trace[k] for k in ("W1", "b1", "W2", "b2"))
    act = get_activation(trace.activation)
    x = trace["X"][:, i:i + 1]
    y = trace["Y"][:, i:i + 1]
    z1 = W1 @ x + b1
    a1 = act.g(z1)
    z2 = W2 @ a1 + b2
    a2 = sigmoid(z2)
    dz2 = a2 - y
    da1 = W2.T @ dz2
    g1 = act.prime(z1, a1)
    dz1 = da1 * g1
    v = {"x": x, "y": y, "z1": z1, "a1": a1, "z2": z2, "a2": a2, "loss": example_losses(a2, y),
         "dz2": dz2, "dW2": dz2 @ a1.T, "db2": dz2, "da1": da1, "g1": g1, "dz1": dz1,
         "dW1": dz1 @ x.T, "db1": dz1}
    column_gap = {k: float(np.max(np.abs(v[k] - trace[K][:, i:i + 1])))
                  for k, K in (("z1", "Z1"), ("a1", "A1"), ("z2", "Z2"), ("a2", "A2"),
                               ("dz2", "dZ2"), ("dz1", "dZ1"))}
    means = per_example_gradient_means(trace)
    mean_gap = {k: float(np.max(np.abs(means[k] - trace[k]))) for k in means}
    return ExamplePath(i, v, column_gap, mean_gap, means)


def per_example_gradients(trace: Trace) -> dict:
    """The gradient of each example's own loss, stacked on a leading axis of length m:
    dW2 (m, 1, n_h), db2 (m, 1, 1), dW1 (m, n_h, n_x), db1 (m, n_h, 1)."""
    dZ2, dZ1, A1, X = trace["dZ2"], trace["dZ1"], trace["A1"], trace["X"]
    return {
        "dW2": np.einsum("om,hm->moh", dZ2, A1),
        "db2": dZ2.T[:, :, None],
        "dW1": np.einsum("hm,xm->mhx", dZ1, X),
        "db1": dZ1.T[:, :, None],
    }


def per_example_gradient_means(trace: Trace) -> dict:
    """Mean over the m examples of each per-example gradient: equals the vectorized gradient."""
    return {k: g.mean(axis=0) for k, g in per_example_gradients(trace).items()}


# -- logistic regression: one neuron --------------------------------------------
@dataclass(frozen=True)
class NeuronStep:
    """A single sigmoid neuron on one example: forward and the chain rule backward.

    x, w (n, 1); b, z, a, loss, da, sigma_prime, dz, dz_direct floats; dw (n, 1), db float.
    ``clipped`` tells that a was within machine epsilon of 0 or 1 and was clipped to keep
    −y/a + (1−y)/(1−a) finite.
    """

    x: np.ndarray
    y: float
    w: np.ndarray
    b: float
    z: float
    a: float
    loss: float
    da: float
    sigma_prime: float
    dz: float
    dz_direct: float
    dw: np.ndarray
    db: float
    clipped: bool


def neuron_step(x, y, w, b) -> NeuronStep:
    """z = wᵀx + b, a = σ(z), L = −(y log a + (1−y) log(1−a)); then
    da = −y/a + (1−y)/(1−a), σ′(z) = a(1−a), dz = da·σ′(z) (the chain rule), which equals a − y;
    dw = dz·x, db = dz."""
    x = np.asarray(x, dtype=float).reshape(-1, 1)
    w = np.asarray(w, dtype=float).reshape(-1, 1)
    y = float(np.asarray(y).ravel()[0])
    b = float(np.asarray(b).ravel()[0])
    z = float((w.T @ x)[0, 0] + b)
    a_exact = float(sigmoid(np.array([z]))[0])
    eps = np.finfo(float).eps
    a = float(min(max(a_exact, eps), 1.0 - eps))
    da = float(-y / a + (1.0 - y) / (1.0 - a))
    sigma_prime = a * (1.0 - a)
    dz = da * sigma_prime
    return NeuronStep(
        x=x, y=y, w=w, b=b, z=z, a=a_exact,
        loss=float(example_losses(np.array([[a_exact]]), np.array([[y]]))[0, 0]),
        da=da, sigma_prime=sigma_prime, dz=dz, dz_direct=a_exact - y, dw=dz * x, db=dz,
        clipped=bool(a != a_exact),
    )


def fit_logistic_regression(X, Y, steps: int = 200, learning_rate: float = 1.0) -> tuple:
    """Plain full-batch gradient descent for a single sigmoid neuron from w = 0, b = 0.

    X (n_x, m), Y (1, m) → w (n_x, 1), b (1, 1). The same equations as the output unit:
    dz = a − y, dw = (1/m) X dzᵀ, db = (1/m) Σ dz.
    """
    X = np.asarray(X, dtype=float)
    Y = np.asarray(Y, dtype=float)
    m = X.shape[1]
    w = np.zeros((X.shape[0], 1))
    b = np.zeros((1, 1))
    for _ in range(steps):
        dz = sigmoid(w.T @ X + b) - Y
        w -= learning_rate * (X @ dz.T) / m
        b -= learning_rate * np.sum(dz, axis=1, keepdims=True) / m
    return w, b


# -- stepping and what a phase changed ---------------------------------------------
def neighbour_phase(phase_ids, current: str, delta: int, wrap: bool = False) -> str:
    """The phase ``delta`` steps from ``current`` within ``phase_ids``: clamped at the ends,
    or wrapping around (for play). An unknown ``current`` counts as the first phase."""
    ids = tuple(phase_ids)
    k = ids.index(current) if current in ids else 0
    k = (k + delta) % len(ids) if wrap else min(max(k + delta, 0), len(ids) - 1)
    return ids[k]


@dataclass(frozen=True)
class Change:
    """What a phase wrote into one tensor: its summary and, for an updated parameter,
    the summary before and the largest absolute change."""

    key: str
    shape: tuple
    after: dict
    before: dict | None = None
    max_change: float | None = None


def phase_changes(phase: Phase, trace: Trace) -> list[Change]:
    """One :class:`Change` per tensor the phase writes."""
    out = []
    for key in phase.writes:
        value = trace[key]
        if key.endswith("_new"):
            old = trace[key[: -len("_new")]]
            out.append(Change(key, np.shape(value), summary(value), summary(old),
                              float(np.max(np.abs(value - old)))))
        else:
            out.append(Change(key, np.shape(value), summary(value)))
    return out


# -- numbers as LaTeX ---------------------------------------------------------------
def latex_number(x: float, digits: int = 3) -> str:
    """A float for an equation: ``digits`` significant digits, e-notation as ×10^k."""
    text = f"{float(x) + 0.0:.{digits}g}"  # + 0.0: no "−0"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa}\times 10^{{{int(exponent)}}}"
    return text


def display_exponent(values) -> int:
    """k such that ``values`` read well as value / 10^k: 0 for values of ordinary size (largest
    |value| in 0.1 … 1000), else the order of magnitude of the largest |value| (−3 for 0.0036)."""
    top = float(np.max(np.abs(values))) if np.size(values) else 0.0
    if top == 0.0 or not np.isfinite(top) or 0.1 <= top < 1000.0:
        return 0
    return int(np.floor(np.log10(top)))


def latex_matrix(array, digits: int = 3, max_rows: int = 6, max_cols: int = 6) -> str:
    """A small array as a bmatrix; tiny or huge entries share a factor 10^k written in front;
    long sides are cut with ⋮ / ⋯ (the full array is elsewhere)."""
    a = np.atleast_2d(np.asarray(array, dtype=float))
    k = display_exponent(a)
    scaled = a / 10.0**k
    r, c = a.shape
    rows = list(range(min(r, max_rows)))
    cols = list(range(min(c, max_cols)))
    lines = []
    for i in rows:
        cells = [latex_number(scaled[i, j], digits) for j in cols]
        if c > max_cols:
            cells.append(r"\cdots")
        lines.append(" & ".join(cells))
    if r > max_rows:
        lines.append(" & ".join([r"\vdots"] * (len(cols) + (c > max_cols))))
    factor = f"10^{{{k}}}\\," if k else ""
    return factor + r"\begin{bmatrix}" + r" \\ ".join(lines) + r"\end{bmatrix}"


# -- what to notice, computed from the arrays ----------------------------------------
LN2 = float(np.log(2.0))
HALF_BAND = 0.05  # outputs this close to 0.5 count as "50 % for everyone"
LINEAR_GAP = 0.01  # relative gap below which the hidden layer counts as linear
# activation → (what g is close to near 0, as text; g′(0); offset g(0))
NEAR_ZERO = {"tanh": ("tanh(z) ≈ z", "1 − tanh²(z) ≈ 1", 1.0, 0.0),
             "sigmoid": ("σ(z) ≈ 1/2 + z/4", "σ′(z) ≈ 1/4", 0.25, 0.5)}


def coin_flip_callout(trace: Trace) -> str | None:
    """At the cost: J ≈ ln 2 because every output is ≈ 0.5. None unless that holds."""
    J = float(trace["J"])
    spread = float(np.max(np.abs(trace["A2"] - 0.5)))
    if spread > HALF_BAND or abs(J - LN2) > 0.01:
        return None
    return (f"**J = {J:.4f} ≈ ln 2 = {LN2:.4f}.** Every output A2 is within {spread:.1e} of 0.5: a network "
            "that says 50 % for every example, so each example's loss is ≈ −log 0.5 = ln 2. Training has "
            "to move the outputs away from 0.5 before J can fall.")


def linear_regime_callout(trace: Trace, phase_id: str) -> str | None:
    """At A1 (forward) or dZ1 (backward): with small Z1 the hidden layer is almost linear.

    tanh: A1 ≈ Z1 and dZ1 ≈ dA1; sigmoid: A1 ≈ 1/2 + Z1/4 and dZ1 ≈ dA1/4. The gaps are
    measured relative to the largest entry; None when they exceed :data:`LINEAR_GAP`, for ReLU
    and leaky ReLU (linear on each side of 0, never ≈ one line across it) and at all-zero Z1.
    """
    if trace.activation not in NEAR_ZERO or phase_id not in ("A1", "dZ1"):
        return None
    g_text, prime_text, slope, offset = NEAR_ZERO[trace.activation]
    Z1, A1, dA1, dZ1 = trace["Z1"], trace["A1"], trace["dA1"], trace["dZ1"]
    z_top, d_top = float(np.max(np.abs(Z1))), float(np.max(np.abs(dA1)))
    if z_top == 0.0 or d_top == 0.0:
        return None
    a_gap = float(np.max(np.abs(A1 - (offset + slope * Z1)))) / (slope * z_top)
    d_gap = float(np.max(np.abs(dZ1 - slope * dA1))) / (slope * d_top)
    if max(a_gap, d_gap) > LINEAR_GAP:
        return None
    lin = "Z1" if offset == 0.0 else "1/2 + Z1/4"
    dlin = "dA1" if slope == 1.0 else "dA1/4"
    if phase_id == "A1":
        said = (f"every |Z1| is at most {z_top:.2g}, where {g_text}: A1 differs from {lin} by at most "
                f"{a_gap:.1e} of the largest |{lin if offset == 0 else 'Z1/4'}|.")
    else:
        said = (f"every |Z1| is at most {z_top:.2g}, where g′(z) = {prime_text}: dZ1 differs from {dlin} by "
                f"at most {d_gap:.1e} of the largest |{dlin}|.")
    return (f"**The hidden layer is almost linear here:** {said} So far the network computes nearly a "
            "linear function of x, like logistic regression. Train a few hundred steps and come back "
            "to see whether that still holds.")


def phase_span(phase_ids) -> str:
    """Where ``phase_ids`` sit among all the phases, as the headings count them: "phases 1–5 of the 12"."""
    numbers = [PHASE_IDS.index(pid) + 1 for pid in phase_ids]
    return f"phases {min(numbers)}–{max(numbers)} of the {len(PHASES)}"
