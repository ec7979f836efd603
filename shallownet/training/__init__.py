"""Step-by-step gradient descent (full batch, or mini-batches: :mod:`.batches`) with a bounded history.

The trainer runs the equations of :mod:`shallownet.network` on preallocated
buffers (float32 by default, which halves the memory traffic and makes tanh
about 4× faster). A few regroupings keep a step to a couple of dozen NumPy calls
(the tests prove the result equals the reference equations):

* a row of ones is appended to X and to A1, so [W | b] @ [X; 1] gives W X + b
  in one product, and dZ @ [X; 1]ᵀ gives m·dW and m·db together;
* 1/m is applied once, to the flat gradient buffer, after the products;
* the output is kept as h = tanh(Z2/2) = 2·σ(Z2) − 1, from which the cost, the
  accuracy and dZ2 follow directly;
* dZ1 = W2ᵀ dZ2 * g′(Z1) is not formed: [dW1 | db1] = diag(W2) · g′(Z1) · (dZ2-scaled
  [X; 1])ᵀ, so only g′ and one product touch an (n_h, m) array in the backward pass;
* all parameters live in one flat buffer (and all gradients in another), with
  [W1 | b1] and [W2 | b2] as views into it, so the update is two calls and the
  four gradient norms are one matrix-vector product.

The trainer always holds the current parameters *with* their forward pass and
gradients, so the history has cost, accuracy and gradient norms for every
iteration 0 … t, and ``grads`` are the gradients at the parameters shown.
With mini-batches (:mod:`.batches`) the gradients held are those of the batch the next step
uses, the history adds each step's batch cost and epoch, and the whole training set's cost is
recorded at every step or, if the trainer is told so, only at each epoch's end.

The package: :mod:`.passes` (one forward and backward pass on preallocated buffers),
:mod:`.record` (the history and the snapshots) and :mod:`.trainer` (the :class:`Trainer`).
"""

from __future__ import annotations

from .passes import LOG2
from .record import BATCH_FIELDS, HISTORY_FIELDS, Snapshot
from .trainer import COST_BLOWUP, MAX_ABS_PARAM, MAX_ITERATION, Divergence, Trainer

__all__ = [
    "BATCH_FIELDS", "COST_BLOWUP", "HISTORY_FIELDS", "LOG2", "MAX_ABS_PARAM", "MAX_ITERATION", "Divergence",
    "Snapshot", "Trainer",
]
