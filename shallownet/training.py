"""Step-by-step full-batch gradient descent with a bounded history.

The trainer runs the equations of :mod:`shallownet.network` on preallocated
buffers (float32 by default, which halves the memory traffic and makes tanh
about 4× faster). Two tricks keep a step to a handful of NumPy calls:

* a row of ones is appended to X and to A1, so [W | b] @ [X; 1] gives W X + b
  in one product, and dZ @ [X; 1]ᵀ gives m·dW and m·db together;
* 1/m is folded into dZ2 once, so every later gradient already carries it.

The trainer always holds the current parameters *with* their forward pass and
gradients, so the history has cost, accuracy and gradient norms for every
iteration 0 … t, and ``grads`` are the gradients at the parameters shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import sqrt

import numpy as np

from .activations import get_activation, sigmoid
from .datasets import Dataset
from .network import init_params

HISTORY_FIELDS = (
    "train_cost", "train_acc", "test_cost", "test_acc",
    "norm_dW1", "norm_db1", "norm_dW2", "norm_db2",
)
MAX_ABS_PARAM = 1e4  # a weight norm beyond this means a float32 network is on its way to inf
COST_BLOWUP = 10.0  # cost above this multiple of the starting cost counts as divergence


@dataclass(frozen=True)
class Snapshot:
    """Parameters and their gradients at one iteration (float64 copies)."""

    iteration: int
    params: dict
    grads: dict


@dataclass(frozen=True)
class Divergence:
    """Where and why training stopped; the trainer keeps the last finite state."""

    iteration: int  # the step that produced the bad state (not kept)
    reason: str
    learning_rate: float

    def message(self) -> str:
        return (
            f"Training diverged at step {self.iteration}: {self.reason} with learning rate "
            f"α = {self.learning_rate:g}. The last finite state (step {self.iteration - 1}) is "
            f"kept. Try a smaller learning rate, e.g. α = {self.learning_rate / 10:g}."
        )


class _Layer:
    """Buffers for one forward/backward pass over a fixed X (n_x, m)."""

    def __init__(self, X, Y, n_h, dtype):
        n_x, m = X.shape
        self.m = m
        self.Xa = np.ones((n_x + 1, m), dtype)  # [X; 1]
        self.Xa[:n_x] = X
        self.Y = np.asarray(Y, dtype)
        # For labels 0/1, y·log a + (1−y)·log(1−a) = log t with t = a (y = 1) or 1 − a (y = 0):
        # t = sign·a + offset. A prediction is right when t > 0.5 (y = 1) or t ≥ 0.5 (y = 0).
        positive = self.Y > 0.5
        self.sign = np.where(positive, 1.0, -1.0).astype(dtype)
        self.offset = np.where(positive, 0.0, 1.0).astype(dtype)
        self.threshold = np.where(positive, 0.5, np.nextafter(dtype.type(0.5), dtype.type(0))).astype(dtype)
        self.Z1 = np.empty((n_h, m), dtype)
        self.A1a = np.ones((n_h + 1, m), dtype)  # [A1; 1]
        self.A1 = self.A1a[:n_h]  # view: g writes straight into it
        self.Z2 = np.empty((1, m), dtype)
        self.A2 = np.empty((1, m), dtype)
        self.tmp = np.empty((1, m), dtype)
        self.eps = np.finfo(dtype).eps

    def forward(self, Wa1, Wa2, g):
        """A2 (1, m) for parameters [W1 | b1] (n_h, n_x+1), [W2 | b2] (1, n_h+1)."""
        np.matmul(Wa1, self.Xa, out=self.Z1)  # W1 X + b1
        g(self.Z1, out=self.A1)
        np.matmul(Wa2, self.A1a, out=self.Z2)  # W2 A1 + b2
        return sigmoid(self.Z2, out=self.A2)

    def cost_and_accuracy(self):
        """Mean cross-entropy and accuracy of the last forward pass (0, 0 when m = 0).

        a is clipped at eps of the dtype so the log stays finite at a = 0 or 1.
        """
        if self.m == 0:
            return 0.0, 0.0
        t = np.multiply(self.A2, self.sign, out=self.tmp)
        t += self.offset
        right = np.count_nonzero(np.greater(t, self.threshold))
        np.maximum(t, self.eps, out=t)
        np.log(t, out=t)
        return -float(np.add.reduce(t, axis=None)) / self.m, right / self.m


class Trainer:
    """Gradient descent on one dataset and architecture, one step or many at a time.

    ``step(n, learning_rate)`` advances up to n iterations and stops early on
    divergence. ``history()`` gives per-iteration arrays of length t + 1;
    ``snapshots`` holds at most ``snapshot_cap`` evenly spaced states.
    """

    def __init__(
        self,
        data: Dataset,
        n_h: int,
        activation: str = "tanh",
        *,
        init_scale: float = 0.01,
        init_seed: int = 0,
        snapshot_cap: int = 200,
        dtype=np.float32,
        params: dict | None = None,
    ):
        self.data = data
        self.n_h = int(n_h)
        self.activation = activation
        self._act = get_activation(activation)
        self.init_scale = init_scale
        self.init_seed = init_seed
        self.snapshot_cap = max(2, int(snapshot_cap))
        self.dtype = np.dtype(dtype)
        self._train = _Layer(data.X_train, data.Y_train, self.n_h, self.dtype)
        self._test = _Layer(data.X_test, data.Y_test, self.n_h, self.dtype)
        self._start_params = params
        self.reset()

    # -- state ---------------------------------------------------------------
    def reset(self, params: dict | None = None) -> None:
        """Back to iteration 0: fresh initial parameters (or ``params``) and empty history."""
        if params is not None:
            self._start_params = params
        p = self._start_params or init_params(
            self.data.n_x, self.n_h, scale=self.init_scale, seed=self.init_seed
        )
        n_x, n_h = self.data.n_x, self.n_h
        self._Wa1 = np.empty((n_h, n_x + 1), self.dtype)
        self._Wa1[:, :n_x], self._Wa1[:, n_x:] = p["W1"], p["b1"]
        self._Wa2 = np.empty((1, n_h + 1), self.dtype)
        self._Wa2[:, :n_h], self._Wa2[:, n_h:] = p["W2"], p["b2"]
        self._dWa1 = np.empty_like(self._Wa1)
        self._dWa2 = np.empty_like(self._Wa2)
        self._prev = np.empty_like(self._Wa1), np.empty_like(self._Wa2)  # ping-pong buffers
        self._dZ1 = np.empty((n_h, self._train.m), self.dtype)
        self.iteration = 0
        self.divergence: Divergence | None = None
        self._hist = np.empty((len(HISTORY_FIELDS), 1024))
        self._lr = np.zeros(1024)  # learning rate of the step into each iteration (0 at 0)
        self._snapshots: list[Snapshot] = []
        self._stride = 1
        with np.errstate(all="ignore"):
            self._evaluate()
        self._start_cost = self._hist[0, 0]
        self._snapshot()

    def _evaluate(self) -> None:
        """Forward on train and test, backward on train; record row ``iteration``."""
        tr, Wa1, Wa2, dWa1, dWa2 = self._train, self._Wa1, self._Wa2, self._dWa1, self._dWa2
        A2 = tr.forward(Wa1, Wa2, self._act.g)
        cost, acc = tr.cost_and_accuracy()
        tcost = tacc = np.nan
        if self._test.m:
            self._test.forward(Wa1, Wa2, self._act.g)
            tcost, tacc = self._test.cost_and_accuracy()
        # backward, with 1/m folded into dZ2 so every product below already carries it
        dZ2 = np.subtract(A2, tr.Y, out=tr.tmp)
        dZ2 *= 1.0 / tr.m
        np.matmul(dZ2, tr.A1a.T, out=dWa2)  # [dW2 | db2]
        dZ1 = self._act.prime(tr.Z1, tr.A1, out=self._dZ1)
        dZ1 *= Wa2[:, : self.n_h].T  # W2ᵀ dZ2 * g′(Z1), as (n_h, 1) · (1, m) · g′
        dZ1 *= dZ2
        np.matmul(dZ1, tr.Xa.T, out=dWa1)  # [dW1 | db1]
        W1, b1, W2, b2 = dWa1[:, :-1], dWa1[:, -1], dWa2[:, :-1], dWa2[:, -1]
        self._row(self.iteration)[:] = (
            cost, acc, tcost, tacc,
            sqrt(np.vdot(W1, W1)), sqrt(np.vdot(b1, b1)), sqrt(np.vdot(W2, W2)), sqrt(np.vdot(b2, b2)),
        )

    def _row(self, k: int) -> np.ndarray:
        if k >= self._hist.shape[1]:  # grow by doubling: amortised O(1) per step
            self._hist = np.concatenate([self._hist, np.empty_like(self._hist)], axis=1)
            self._lr = np.concatenate([self._lr, np.empty_like(self._lr)])
        return self._hist[:, k]

    # -- training ------------------------------------------------------------
    def step(self, n: int = 1, learning_rate: float = 1.2) -> int:
        """Run up to ``n`` gradient-descent steps; returns how many were taken.

        Stops at the first step whose cost or parameters are non-finite, whose
        weight norm exceeds 1e4, or whose cost exceeds 10× the starting cost: that
        state is discarded and :attr:`divergence` says why. A diverged trainer
        only moves on with a different learning rate (or after :meth:`reset`).
        """
        lr = float(learning_rate)
        if self.divergence is not None:
            if lr == self.divergence.learning_rate:
                return 0
            self.divergence = None
        if not np.isfinite(lr):
            self.divergence = Divergence(self.iteration + 1, "the learning rate is not finite", lr)
            return 0
        done = 0
        with np.errstate(all="ignore"):  # overflow is detected below, not warned about
            for _ in range(int(n)):
                # P_new = P − α dP into the spare buffers; the old P stays there for a revert
                old1, old2 = self._Wa1, self._Wa2
                self._Wa1 = np.subtract(old1, lr * self._dWa1, out=self._prev[0])
                self._Wa2 = np.subtract(old2, lr * self._dWa2, out=self._prev[1])
                self._prev = old1, old2
                self.iteration += 1
                self._evaluate()
                reason = self._diverged()
                if reason:
                    self._prev = self._Wa1, self._Wa2
                    self._Wa1, self._Wa2 = old1, old2
                    self.iteration -= 1
                    self._evaluate()
                    self.divergence = Divergence(self.iteration + 1, reason, lr)
                    break
                self._lr[self.iteration] = lr
                done += 1
                if self.iteration % self._stride == 0:
                    self._snapshot()
        return done

    def _diverged(self) -> str:
        cost = self._hist[0, self.iteration]
        w1, w2 = self._Wa1.ravel(), self._Wa2.ravel()
        biggest = np.sqrt(max(np.dot(w1, w1), np.dot(w2, w2)))  # NaN and inf propagate
        if not (np.isfinite(cost) and np.isfinite(biggest)):
            return "the cost or the parameters became infinite or NaN"
        if biggest > MAX_ABS_PARAM:
            return f"the weights grew to a norm of {biggest:.3g} (exploding weights)"
        if cost > COST_BLOWUP * max(self._start_cost, 0.1):
            return f"the cost rose to {cost:.3g} from {self._start_cost:.3g} at the start"
        return ""

    def _snapshot(self) -> None:
        self._snapshots.append(Snapshot(self.iteration, self.params, self.grads))
        if len(self._snapshots) > self.snapshot_cap:  # thin evenly: keep every other one
            self._stride *= 2
            self._snapshots = [s for s in self._snapshots if s.iteration % self._stride == 0]

    # -- views ---------------------------------------------------------------
    def _split(self, Wa1, Wa2, prefix=""):
        n_x, n_h = self.data.n_x, self.n_h
        f = np.float64
        return {
            prefix + "W1": Wa1[:, :n_x].astype(f), prefix + "b1": Wa1[:, n_x:].astype(f),
            prefix + "W2": Wa2[:, :n_h].astype(f), prefix + "b2": Wa2[:, n_h:].astype(f),
        }

    @property
    def params(self) -> dict:
        """Current W1 (n_h, n_x), b1 (n_h, 1), W2 (1, n_h), b2 (1, 1) as float64 copies."""
        return self._split(self._Wa1, self._Wa2)

    @property
    def grads(self) -> dict:
        """Gradients dW1, db1, dW2, db2 at the current parameters (float64 copies)."""
        return self._split(self._dWa1, self._dWa2, prefix="d")

    @property
    def snapshots(self) -> list[Snapshot]:
        """Evenly spaced states (at most ``snapshot_cap``), always including iteration 0.

        The current state is appended when it is not already the last one.
        """
        snaps = list(self._snapshots)
        if snaps[-1].iteration != self.iteration:
            snaps.append(Snapshot(self.iteration, self.params, self.grads))
        return snaps

    def history(self) -> dict:
        """Per-iteration arrays, each (t + 1,): ``iteration``, ``learning_rate`` and
        :data:`HISTORY_FIELDS` (costs, accuracies, gradient norms)."""
        k = self.iteration + 1
        out = {"iteration": np.arange(k), "learning_rate": self._lr[:k].copy()}
        out.update({name: self._hist[i, :k].copy() for i, name in enumerate(HISTORY_FIELDS)})
        return out

    def history_nbytes(self) -> int:
        """Bytes held by the history and the snapshots (for memory budgets)."""
        snap = sum(a.nbytes for s in self._snapshots for d in (s.params, s.grads) for a in d.values())
        return self._hist.nbytes + self._lr.nbytes + snap
