"""Backward pass and update: dZ2 → dW2, db2 → dZ1 → dW1, db1 → P := P − α dP."""

from shallownet.stepthrough import BACKWARD_IDS
from shallownet.ui import stepper

stepper.render_page(
    "bwd", "Backward pass",
    "Backpropagation runs the graph **right to left**. It starts as for a single neuron, with "
    "dZ2 = A2 − Y (the tab “Logistic regression: one neuron” works that out for one neuron). "
    "dW1, db1, dW2, db2 are the derivatives ∂J/∂W, ∂J/∂b of the cost, each of exactly its parameter's "
    "shape. dZ2, dA1 and dZ1 are different: their columns stack each example's own ∂𝓛/∂z, which is "
    "m·∂J/∂Z (the 1/m comes in when the columns are summed into dW and db). The forward values "
    "(A1, A2, Z1 …) are reused from the forward pass. Step through {phases}: "
    "the six gradients and the update.",
    BACKWARD_IDS, "backward", "app_pages/backward.py",
)
