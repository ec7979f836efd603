"""Backward pass and update: dZ² → dW², db² → dZ¹ → dW¹, db¹ → P := P − α dP."""

from shallownet.stepthrough import BACKWARD_IDS
from shallownet.ui import stepper

stepper.render_page(
    "bwd", "Backward pass",
    "Backpropagation runs the graph **right to left**: each gradient is the derivative of the cost J "
    "with respect to one tensor, and each has exactly the shape of that tensor. The forward values "
    "(A¹, A², Z¹ …) are reused from the forward pass. Step through the six gradients and the update.",
    BACKWARD_IDS, "backward",
    dict(script="app_pages/forward.py", label="Back to the forward pass", icon=":material/arrow_forward:"),
)
