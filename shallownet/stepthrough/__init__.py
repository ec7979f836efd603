"""One iteration of gradient descent, phase by phase, as plain data.

The package's parts, each importable on its own (this module gathers their public names):

- :mod:`.symbols`: the tensors by key (LaTeX symbol, plain label, example axis);
- :mod:`.phases`: the twelve phases as data, and stepping between them;
- :mod:`.trace`: :func:`trace_iteration` runs the network's own forward/backward once and keeps
  every intermediate array; what each phase wrote;
- :mod:`.equations`: a phase's equation with the live shapes, its notes, numbers as LaTeX;
- :mod:`.example`: :func:`example_path` follows one column x⁽ⁱ⁾ through the per-example equations;
- :mod:`.neuron`: :func:`neuron_step`, the logistic-regression (single neuron) case with the
  chain rule spelled out;
- :mod:`.callouts`: what to notice, computed from the arrays;
- :mod:`.stepper_text` and :mod:`.path_text`: the text and LaTeX the Forward and Backward
  pages show, built from the above.
"""

from .callouts import HALF_BAND, LINEAR_GAP, LN2, NEAR_ZERO, coin_flip_callout, linear_regime_callout
from .equations import display_exponent, latex_matrix, latex_number, render_equation, render_notes
from .example import ExamplePath, example_path, per_example_gradient_means, per_example_gradients
from .neuron import NeuronStep, fit_logistic_regression, neuron_step
from .phases import (
    BACKWARD_IDS,
    FORWARD_IDS,
    PHASE_BY_ID,
    PHASE_IDS,
    PHASES,
    Phase,
    neighbour_phase,
    phase_index,
    phase_span,
    read_nodes,
)
from .symbols import EXAMPLE_AXIS, LABELS, PROBABILITY_KEYS, SYMBOLS
from .trace import Change, Trace, phase_changes, sizes, summary, trace_iteration

__all__ = [
    "BACKWARD_IDS", "EXAMPLE_AXIS", "FORWARD_IDS", "HALF_BAND", "LABELS", "LINEAR_GAP", "LN2", "NEAR_ZERO",
    "PHASES", "PHASE_BY_ID", "PHASE_IDS", "PROBABILITY_KEYS", "SYMBOLS",
    "Change", "ExamplePath", "NeuronStep", "Phase", "Trace",
    "coin_flip_callout", "display_exponent", "example_path", "fit_logistic_regression", "latex_matrix",
    "latex_number", "linear_regime_callout", "neighbour_phase", "neuron_step", "per_example_gradient_means",
    "per_example_gradients", "phase_changes", "phase_index", "phase_span", "read_nodes", "render_equation",
    "render_notes", "sizes", "summary", "trace_iteration",
]
