"""Forward pass: Z1 → A1 → Z2 → A2 → J, one equation at a time, on this session's parameters."""

from shallownet.stepthrough import FORWARD_IDS
from shallownet.ui import stepper

stepper.render_page(
    "fwd", "Forward pass",
    "All m training examples go through the network at once, **stacked in columns**: X is "
    "(n_x, m) and every array after it has one column per example. Step through {phases}: "
    "the forward pass (the Backward pass page continues with the rest). Under each factor of an "
    "equation is its shape for the current settings.",
    FORWARD_IDS, "forward", "app_pages/forward.py",
)
