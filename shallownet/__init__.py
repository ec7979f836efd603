"""ShallowNet: a NumPy network with one hidden layer, trained by gradient descent.

The engine never imports streamlit or plotly; ``shallownet.figures`` builds Plotly
figures from its data and ``shallownet.ui`` is the Streamlit glue.
"""

from .activations import ACTIVATIONS, get_activation, sigmoid
from .datasets import DATASET_NAMES, Dataset, from_rows, make_dataset
from .gradcheck import gradient_check, numerical_gradient, relative_error
from .graph import build_graph
from .network import (
    GRAD_NAMES,
    PARAM_NAMES,
    accuracy,
    backward,
    compute_cost,
    example_losses,
    forward,
    init_params,
    predict,
    update_params,
)
from .surface import decision_surface
from .training import Divergence, Snapshot, Trainer

__all__ = [
    "ACTIVATIONS", "DATASET_NAMES", "GRAD_NAMES", "PARAM_NAMES", "Dataset", "Divergence",
    "Snapshot", "Trainer", "accuracy", "backward", "build_graph", "compute_cost",
    "decision_surface", "example_losses", "forward", "from_rows", "get_activation",
    "gradient_check", "init_params", "make_dataset", "numerical_gradient", "predict",
    "relative_error", "sigmoid", "update_params",
]
