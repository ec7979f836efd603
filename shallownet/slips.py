"""Every slip of the course notes "Gradient Descent for Neural networks", with the correct math.

Each :class:`Slip` says where it is in the notes, what they write (quoted, as LaTeX or text),
the correct version (LaTeX), why, and which page of the app shows the right math (a script of
``ui.pages_registry``). Pure data; the lecture-notes page and the cheat sheet place it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .notation import NOTES_TITLE  # noqa: F401 (the notes these slips are in)


@dataclass(frozen=True)
class Slip:
    """One slip: ``notes`` is what the notes write (LaTeX when ``notes_is_math``, else a quote)."""

    id: str
    where: str  # the section of the notes
    notes: str
    correct: str  # LaTeX
    why: str  # Markdown
    page: str  # app_pages/<script>.py that shows the correct math
    notes_is_math: bool = True


SLIPS: tuple[Slip, ...] = (
    Slip("single_layer", "Parameters (first line)",
         "Parameters for a single layer neural network",
         r"\text{a network with one hidden layer: } W^{[1]}, b^{[1]} \text{ (hidden) and } "
         r"W^{[2]}, b^{[2]} \text{ (output)}",
         "The network has two layers of parameters: a hidden layer and an output unit. Counting "
         "only the hidden layers, it is a *one-hidden-layer* network; \"single layer\" fits logistic "
         "regression, which has one layer of weights.",
         "app_pages/home.py", notes_is_math=False),
    Slip("cost_sum", "Cost function",
         r"J(w^{[1]}, b^{[1]}, w^{[2]}, b^{[2]}) = \frac{1}{m} L(\hat{y}, y)",
         r"J = \frac{1}{m} \sum_{i=1}^{m} \mathcal{L}\big(\hat{y}^{(i)}, y^{(i)}\big), \qquad "
         r"\hat{y}^{(i)} = a^{[2](i)}",
         "The cost is the *mean* of the m examples' losses: the sum over i is missing.",
         "app_pages/forward.py"),
    Slip("init_zeros", "Gradient descent (first paragraph)",
         "it is important to initialize the parameters randomly rounded into all zeros",
         r"W^{[1]}, W^{[2]} \text{ random (small)}, \text{ not all zeros}; \quad "
         r"b^{[1]}, b^{[2]} \text{ may start at } 0",
         "Initialise the weights randomly *instead of* with zeros: from all zeros every hidden unit "
         "computes the same function and gets the same gradient, so they stay identical forever.",
         "app_pages/gradients.py", notes_is_math=False),
    Slip("update_rule", "Gradient descent (the Repeat loop)",
         r"w^{[1]} = w^{[1]} - \alpha\, w^{[1]}",
         r"W^{[1]} := W^{[1]} - \alpha\, dW^{[1]} \quad \text{(the same for } b^{[1]}, W^{[2]}, b^{[2]}\text{)}",
         "The update subtracts the *gradient* dW, not the parameter itself (which would only shrink it).",
         "app_pages/training.py"),
    Slip("eq4_gprime", "Backpropagation, Eq. (4)",
         r"dZ^{[1]} = W^{[2]T} dZ^{[2]} \ast g^{[1]}(z^{[1]})",
         r"dZ^{[1]} = W^{[2]T} dZ^{[2]} \ast g^{[1]\prime}(Z^{[1]})",
         "The chain rule multiplies by the *derivative* of the hidden activation. Using g itself is a "
         "real bug, and the Gradient check catches it (the planted bug *g(Z1) instead of g′(Z1)*).",
         "app_pages/backward.py"),
    Slip("eq4_shape", "Backpropagation, Eq. (4), the shape under g",
         r"\underbrace{g^{[1]}(z^{[1]})}_{(m^{[1]},\, m)}",
         r"\underbrace{g^{[1]\prime}(Z^{[1]})}_{(n^{[1]},\, m)} = (n_h, m)",
         "The rows count hidden units, $n^{[1]} = n_h$; there is no $m^{[1]}$.",
         "app_pages/shapes.py"),
    Slip("eq7_loss", "Backpropagation Intuition, Logistic Regression, Eq. (7)",
         r"da = \frac{d}{da} L(a, y) = -y \log a - (1-y) \log(1-a)",
         r"\mathcal{L}(a, y) = -y \log a - (1-y) \log(1-a), \qquad "
         r"da = \frac{\partial \mathcal{L}}{\partial a} = -\frac{y}{a} + \frac{1-y}{1-a}",
         "The right side of Eq. (7) is the loss itself, not its derivative; the derivative is Eq. (8).",
         "app_pages/backward.py"),
    Slip("graph_z2", "Backpropagation Intuition, Neural Network (the graph)",
         r"z^{[2]} = W^{[2]} x + b^{[2]}",
         r"z^{[2]} = W^{[2]} a^{[1]} + b^{[2]}",
         "The output unit's input is the hidden layer's output $a^{[1]}$ (A1 in code), not x.",
         "app_pages/forward.py"),
    Slip("per_example_star", "Backpropagation Intuition, Neural Network (per example), and the summary table",
         r"dz^{[1]} = W^{[2]T} dz^{[2]} g{[1]}'(z^{[1]})",
         r"dz^{[1]} = W^{[2]T} dz^{[2]} \ast g^{[1]\prime}(z^{[1]})",
         "Two slips in one line: the element-wise product ∗ is missing ($W^{[2]T} dz^{[2]}$ and "
         r"$g^{[1]\prime}(z^{[1]})$ are both (n_h, 1) columns, which cannot be matrix-multiplied), and "
         r"g{[1]}' should read $g^{[1]\prime}$.",
         "app_pages/backward.py"),
)

# not a slip: the remark of the notes that makes both layers one pattern
X_IS_A0 = (
    r"dW^{[1]} = \frac{1}{m}\, dZ^{[1]} X^{T} = \frac{1}{m}\, dZ^{[1]} A^{[0]T}, \qquad "
    r"dW^{[2]} = \frac{1}{m}\, dZ^{[2]} A^{[1]T}"
    r"\quad\Longrightarrow\quad dW^{[l]} = \frac{1}{m}\, dZ^{[l]} A^{[l-1]T}"
)
X_IS_A0_TEXT = (
    "The notes remark, beside $dW^{[1]} = dz^{[1]} x^T$, that $x^T = a^{[0]T}$: the input is the "
    "activation of layer 0. This is not a slip but the key to a pattern: with $X = A^{[0]}$, both "
    "layers' weight gradients are one formula."
)


def slip_markdown(slip: Slip) -> str:
    """One slip as Markdown (for the cheat sheet's download): where, what the notes write, the fix."""
    said = f"${slip.notes}$" if slip.notes_is_math else f"“{slip.notes}”"
    return f"- **{slip.where}.** The notes write {said}. Correct: ${slip.correct}$. {slip.why}"
