"""Forward pass: Z¹ → A¹ → Z² → A² → J, one equation at a time, on this session's parameters."""

from shallownet.stepthrough import FORWARD_IDS
from shallownet.ui import stepper

stepper.render_page(
    "fwd", "Forward pass",
    "All m training examples go through the network at once, **stacked in columns**: X is "
    "n_x × m and every tensor after it has one column per example. Step through the five "
    "forward phases; under each factor of an equation is its shape for the current settings.",
    FORWARD_IDS, "forward",
    dict(script="app_pages/backward.py", label="Next: the backward pass", icon=":material/arrow_back:"),
)
