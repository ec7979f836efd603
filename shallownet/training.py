"""Step-by-step full-batch gradient descent with a bounded history.

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
"""

from __future__ import annotations

from dataclasses import dataclass
from math import isfinite, log, sqrt

import numpy as np

from .activations import get_activation
from .datasets import Dataset
from .network import init_params

HISTORY_FIELDS = (
    "train_cost", "train_acc", "test_cost", "test_acc",
    "norm_dW1", "norm_db1", "norm_dW2", "norm_db2",
)
MAX_ABS_PARAM = 1e4  # a parameter norm beyond this means a float32 network is on its way to inf
COST_BLOWUP = 10.0  # cost above this multiple of the starting cost counts as divergence
MAX_ITERATION = 20_000  # a bound on one run's history (8 floats per iteration), whoever steps it
LOG2 = log(2.0)


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
            f"α = {self.learning_rate:g}. The state before that step (step {self.iteration - 1}) is "
            f"kept. Try a smaller learning rate, e.g. α = {self.learning_rate / 10:g}."
        )


class _Layer:
    """Buffers for one forward/backward pass over a fixed X (n_x, m).

    The output unit is kept as h = tanh(Z2/2), since σ(Z2) = (1 + h)/2: the cost,
    the accuracy and dZ2 all follow from h in fewer passes than from A2.
    """

    def __init__(self, X, Y, n_h, dtype):
        n_x, m = X.shape
        self.m = m
        self.Xa = np.ones((n_x + 1, m), dtype)  # [X; 1]
        self.Xa[:n_x] = X
        self.Xs = np.empty_like(self.Xa)  # [X; 1] with column k scaled by dZ2[k]
        self.Y = np.asarray(Y, dtype)
        # For labels 0/1, y·log a + (1−y)·log(1−a) = log t, with t = a (y = 1) or 1 − a (y = 0)
        # the probability given to the true label: t = (1 + s·h)/2 with s = +1 (y = 1), −1 (y = 0).
        # The prediction is right when a > 1/2 (y = 1), a ≤ 1/2 (y = 0): when s·h > 0, s·h ≥ 0.
        positive = self.Y > 0.5
        self.sign = np.where(positive, 1.0, -1.0).astype(dtype)
        tiny = np.finfo(dtype).smallest_subnormal
        self.threshold = np.where(positive, 0.0, -tiny).astype(dtype)
        self.floor = dtype.type(2 * np.finfo(dtype).eps - 1)  # t ≥ eps, as in compute_cost
        self.ones = np.ones(m, dtype)  # Σ as a dot product: cheaper than a reduction at small m
        # dZ2 = A2 − Y = h/2 + (1/2 − Y): exactly ±1/2 at h = 0, so a balanced data set at the
        # all-zero start is the exact stationary point it is on paper (1/m is applied at the end)
        self.dz2_offset = 0.5 - self.Y
        self.inv_m = 1.0 / max(m, 1)
        self.Z1 = np.empty((n_h, m), dtype)
        self.A1a = np.ones((n_h + 1, m), dtype)  # [A1; 1]
        self.A1 = self.A1a[:n_h]  # view: g writes straight into it
        self.gp = np.empty((n_h, m), dtype)  # g′(Z1)
        self.scratch = np.empty_like(self.A1a)  # for the twin-safe products
        self.Z2 = np.empty((1, m), dtype)
        self.h = np.empty((1, m), dtype)
        self.u = np.empty((1, m), dtype)
        self.dZ2 = np.empty((1, m), dtype)
        self.right = np.empty((1, m), bool)

    def forward(self, Wa1, Wa2, g, twins=False):
        """h = tanh(Z2/2) = 2·A2 − 1, (1, m), for parameters [W1 | b1] (n_h, n_x+1), [W2 | b2] (1, n_h+1).

        ``twins``: some hidden units are exact copies of each other (see :func:`_row_products`).
        """
        if twins:  # Z1 = Σ_j [W1 | b1][:, j] [X; 1][j], term by term: every row alike
            tmp = self.scratch[:-1]
            np.multiply(Wa1[:, :1], self.Xa[0], out=self.Z1)
            for j in range(1, len(self.Xa)):
                self.Z1 += np.multiply(Wa1[:, j : j + 1], self.Xa[j], out=tmp)
        else:
            np.dot(Wa1, self.Xa, out=self.Z1)  # Z1 = W1 X + b1
        g(self.Z1, out=self.A1)  # A1 = g(Z1)
        np.dot(Wa2, self.A1a, out=self.Z2)  # Z2 = W2 A1 + b2
        h = np.multiply(self.Z2, 0.5, out=self.h)
        return np.tanh(h, out=h)  # A2 = σ(Z2) = (1 + h)/2, never overflows

    def cost_and_accuracy(self):
        """Mean cross-entropy and accuracy of the last forward pass (0, 0 when m = 0).

        t is clipped at eps of the dtype so the log stays finite at A2 = 0 or 1.
        """
        if self.m == 0:
            return 0.0, 0.0
        u = np.multiply(self.h, self.sign, out=self.u)  # s·h = 2t − 1
        right = np.count_nonzero(np.greater(u, self.threshold, out=self.right))
        np.maximum(u, self.floor, out=u)
        np.log1p(u, out=u)  # log(2t)
        return LOG2 - float(np.dot(u[0], self.ones)) / self.m, right / self.m

    def backward(self, W2T, prime, dWa1, dWa2, twins=False):
        """m·[dW1 | db1] and m·[dW2 | db2] into dWa1, dWa2, after :meth:`forward`.

        dZ1 = W2ᵀ dZ2 * g′(Z1) is never formed: dZ1 [X; 1]ᵀ = diag(W2) · g′(Z1) · ([X; 1] scaled
        by dZ2)ᵀ, so only g′ touches an (n_h, m) array besides the product itself.
        """
        dZ2 = np.multiply(self.h, 0.5, out=self.dZ2)
        dZ2 += self.dz2_offset  # dZ2 = A2 − Y
        Xs = np.multiply(self.Xa, dZ2, out=self.Xs)
        if twins:
            _row_products(self.A1a, dZ2, dWa2.T, self.scratch)
            gp = prime(self.Z1, self.A1, out=self.gp)
            _row_products(gp, Xs, dWa1, self.scratch[:-1])
        else:
            np.dot(dZ2, self.A1a.T, out=dWa2)  # [dW2 | db2] = dZ2 [A1; 1]ᵀ
            gp = prime(self.Z1, self.A1, out=self.gp)  # g′(Z1)
            np.dot(gp, Xs.T, out=dWa1)
        dWa1 *= W2T  # row i times W2[i]: [dW1 | db1] = (W2ᵀ dZ2 * g′(Z1)) [X; 1]ᵀ


def _row_products(A, B, out, tmp):
    """out[i, j] = Σ_k A[i, k]·B[j, k] (that is A Bᵀ), every entry summed in the same order.

    A BLAS product may round a row at the edge of its blocks differently from the others.
    That is harmless noise in general, but units that start as exact copies (the all-zero
    initialisation) must stay exact copies: the noise would grow and break the symmetry
    the app demonstrates. This slower path (one multiply and one pairwise sum per column of
    ``out``) treats every row alike. ``tmp`` is scratch of A's shape.
    """
    for j in range(B.shape[0]):
        np.add.reduce(np.multiply(A, B[j], out=tmp), axis=1, out=out[:, j])


class Trainer:
    """Gradient descent on one dataset and architecture, one step or many at a time.

    ``step(n, learning_rate)`` advances up to n iterations, never past ``max_iteration``,
    and stops early on divergence. ``history()`` gives per-iteration arrays of length t + 1;
    ``snapshots`` holds at most ``snapshot_cap`` evenly spaced states. ``revision`` grows
    with every change of state (a step, a reset, a rewind), so a view drawn from the trainer
    can be keyed on it.
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
        max_iteration: int = MAX_ITERATION,
    ):
        self.data = data
        self.max_iteration = int(max_iteration)
        self.revision = 0
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
    def _views(self, flat):
        """(flat, [W1 | b1] (n_h, n_x+1), [W2 | b2] (1, n_h+1), W2ᵀ (n_h, 1)), all views of ``flat``."""
        n_x, n_h = self.data.n_x, self.n_h
        k1 = n_h * (n_x + 1)
        Wa2 = flat[k1:].reshape(1, n_h + 1)
        return flat, flat[:k1].reshape(n_h, n_x + 1), Wa2, Wa2[:, :n_h].T

    def reset(self, params: dict | None = None) -> None:
        """Back to iteration 0: fresh initial parameters (or ``params``) and empty history."""
        if params is not None:
            self._start_params = params
        p = self._start_params or init_params(
            self.data.n_x, self.n_h, scale=self.init_scale, seed=self.init_seed
        )
        n_x, n_h = self.data.n_x, self.n_h
        size = n_h * (n_x + 1) + n_h + 1
        # the current parameters and a spare buffer (ping-pong: the old state survives a step)
        self._cur = self._views(np.empty(size, self.dtype))
        self._spare = self._views(np.empty(size, self.dtype))
        _, Wa1, Wa2, _ = self._cur
        Wa1[:, :n_x], Wa1[:, n_x:] = p["W1"], p["b1"]
        Wa2[:, :n_h], Wa2[:, n_h:] = p["W2"], p["b2"]
        # hidden units that start as exact copies stay copies in exact arithmetic; keep them so
        # (+ 0.0 turns −0.0 into 0.0, which np.unique would otherwise tell apart)
        units = np.hstack([Wa1, Wa2[:, :n_h].T]) + 0.0
        self._twins = len(np.unique(units, axis=0)) < n_h
        self._grad = self._views(np.empty(size, self.dtype))  # dP at the current parameters
        self._upd = np.empty(size, self.dtype)  # α dP
        self._sq = np.empty(size, self.dtype)  # dP²
        # (size, 4) indicator of which gradient (dW1, db1, dW2, db2) each entry belongs to
        group = np.empty(size, np.intp)
        _, g1, g2, _ = self._views(group)
        g1[:, :n_x], g1[:, n_x:], g2[:, :n_h], g2[:, n_h:] = 0, 1, 2, 3
        self._groups = np.zeros((size, 4), self.dtype)
        self._groups[np.arange(size), group] = 1.0
        self.iteration = 0
        self.divergence: Divergence | None = None
        self._hist = np.full((1024, len(HISTORY_FIELDS)), np.nan)  # row k: iteration k
        self._lr = np.zeros(1024)  # learning rate of the step into each iteration (0 at 0)
        self._snapshots: list[Snapshot] = []
        self._stride = 1
        with np.errstate(all="ignore"):
            self._start_cost = self._evaluate()
        self._snapshot()
        self.revision += 1

    def _evaluate(self) -> float:
        """Forward on train and test, backward on train; record row ``iteration``; return the cost."""
        tr = self._train
        _, Wa1, Wa2, W2T = self._cur
        G, dWa1, dWa2, _ = self._grad
        g = self._act.g
        twins = self._twins
        tr.forward(Wa1, Wa2, g, twins)
        cost, acc = tr.cost_and_accuracy()
        row = self._row(self.iteration)
        row[0], row[1] = cost, acc
        if self._test.m:
            self._test.forward(Wa1, Wa2, g, twins)
            row[2], row[3] = self._test.cost_and_accuracy()
        tr.backward(W2T, self._act.prime, dWa1, dWa2, twins)
        G *= tr.inv_m  # all four gradients carry 1/m
        # ‖dW1‖², ‖db1‖², ‖dW2‖², ‖db2‖²: the squares summed per group in one product
        # (square roots are taken in history())
        row[4:] = np.dot(np.multiply(G, G, out=self._sq), self._groups)
        return cost

    def _row(self, k: int) -> np.ndarray:
        if k >= len(self._hist):  # grow by doubling: amortised O(1) per step
            self._hist = np.concatenate([self._hist, np.full_like(self._hist, np.nan)])
            self._lr = np.concatenate([self._lr, np.zeros_like(self._lr)])
        return self._hist[k]

    # -- training ------------------------------------------------------------
    def step(self, n: int = 1, learning_rate: float = 1.2) -> int:
        """Run up to ``n`` gradient-descent steps; returns how many were taken.

        Never goes past :attr:`max_iteration` (at the cap it takes none). Stops at the first
        step whose cost or parameters are non-finite, whose parameter norm exceeds 1e4, or
        whose cost exceeds 10× the starting cost: that state is discarded and
        :attr:`divergence` says why. A diverged trainer only moves on with a different
        learning rate (or after :meth:`reset`).
        """
        before = (self.iteration, self.divergence)
        try:
            return self._step(n, learning_rate)
        finally:
            if (self.iteration, self.divergence) != before:
                self.revision += 1

    def _step(self, n: int, learning_rate: float) -> int:
        lr = float(learning_rate)
        if self.divergence is not None:
            if lr == self.divergence.learning_rate:
                return 0
            self.divergence = None
        if not isfinite(lr):
            self.divergence = Divergence(self.iteration + 1, "the learning rate is not finite", lr)
            return 0
        done = 0
        G, upd = self._grad[0], self._upd
        with np.errstate(all="ignore"):  # overflow is detected below, not warned about
            for _ in range(max(0, min(int(n), self.max_iteration - self.iteration))):
                # P_new = P − α dP into the spare buffer; the old P stays there for a revert
                old, new = self._cur, self._spare
                np.subtract(old[0], np.multiply(G, lr, out=upd), out=new[0])
                self._cur, self._spare = new, old
                self.iteration += 1
                cost = self._evaluate()
                reason = self._diverged(cost)
                if reason:
                    self._cur, self._spare = old, new
                    self.iteration -= 1
                    self._evaluate()
                    self.divergence = Divergence(self.iteration + 1, reason, lr)
                    break
                self._lr[self.iteration] = lr
                done += 1
                if self.iteration % self._stride == 0:
                    self._snapshot()
        return done

    def _diverged(self, cost: float) -> str:
        P = self._cur[0]
        sq = float(np.dot(P, P))  # NaN and inf propagate
        if not (isfinite(cost) and isfinite(sq)):
            return "the cost or the parameters became infinite or NaN"
        if sq > MAX_ABS_PARAM * MAX_ABS_PARAM:
            return f"the weights grew to a norm of {sqrt(sq):.3g} (exploding weights)"
        if cost > COST_BLOWUP * max(self._start_cost, 0.1):
            return f"the cost rose to {cost:.3g} from {self._start_cost:.3g} at the start"
        return ""

    def _snapshot(self) -> None:
        self._snapshots.append(Snapshot(self.iteration, self.params, self.grads))
        # thin evenly (keep every other one) before the list is full, so that with the
        # current state appended by :attr:`snapshots` there are still at most snapshot_cap
        while len(self._snapshots) >= self.snapshot_cap:
            self._stride *= 2
            self._snapshots = [s for s in self._snapshots if s.iteration % self._stride == 0]

    def checkpoint(self) -> tuple[int, np.ndarray]:
        """(iteration, a copy of the flat parameters): what :meth:`rewind` goes back to."""
        return self.iteration, self._cur[0].copy()

    def rewind(self, checkpoint: tuple[int, np.ndarray]) -> None:
        """Go back to an earlier state of this same run, as if the later steps had not been
        taken (the player trains ahead of what is on screen; a pause keeps the frame shown).
        The history after it is dropped, and so are later snapshots and any divergence."""
        k, flat = checkpoint
        if not 0 <= k <= self.iteration or flat.shape != self._cur[0].shape:
            raise ValueError(f"cannot rewind to iteration {k} from {self.iteration}")
        self._cur[0][:] = flat
        self._hist[k + 1:self.iteration + 1] = np.nan
        self._lr[k + 1:self.iteration + 1] = 0.0
        self.iteration = k
        self.divergence = None
        self._snapshots = [s for s in self._snapshots if s.iteration <= k]
        with np.errstate(all="ignore"):
            self._evaluate()
        self.revision += 1

    # -- views ---------------------------------------------------------------
    def _split(self, views, prefix=""):
        n_x, n_h = self.data.n_x, self.n_h
        _, Wa1, Wa2, _ = views
        f = np.float64
        return {
            prefix + "W1": Wa1[:, :n_x].astype(f), prefix + "b1": Wa1[:, n_x:].astype(f),
            prefix + "W2": Wa2[:, :n_h].astype(f), prefix + "b2": Wa2[:, n_h:].astype(f),
        }

    @property
    def params(self) -> dict:
        """Current W1 (n_h, n_x), b1 (n_h, 1), W2 (1, n_h), b2 (1, 1) as float64 copies."""
        return self._split(self._cur)

    @property
    def grads(self) -> dict:
        """Gradients dW1, db1, dW2, db2 at the current parameters (float64 copies)."""
        return self._split(self._grad, prefix="d")

    @property
    def snapshots(self) -> list[Snapshot]:
        """Evenly spaced states (at most ``snapshot_cap``), always including iteration 0.

        The current state is appended when it is not already the last one.
        """
        snaps = list(self._snapshots)
        if snaps[-1].iteration != self.iteration:
            snaps.append(Snapshot(self.iteration, self.params, self.grads))
        return snaps

    def history(self, start: int = 0) -> dict:
        """Per-iteration arrays of iterations ``start`` … t, each (t + 1 − start,): ``iteration``,
        ``learning_rate`` and :data:`HISTORY_FIELDS` (costs, accuracies, gradient norms). A frame
        of Play asks for the few iterations since the last frame, not the whole run."""
        j, k = max(0, min(int(start), self.iteration)), self.iteration + 1
        out = {"iteration": np.arange(j, k), "learning_rate": self._lr[j:k].copy()}
        out.update({name: self._hist[j:k, i].copy() for i, name in enumerate(HISTORY_FIELDS[:4])})
        out.update({name: np.sqrt(self._hist[j:k, i]) for i, name in enumerate(HISTORY_FIELDS) if i >= 4})
        return out

    def history_nbytes(self) -> int:
        """Bytes held by the history and the snapshots (for memory budgets)."""
        snap = sum(a.nbytes for s in self._snapshots for d in (s.params, s.grads) for a in d.values())
        return self._hist.nbytes + self._lr.nbytes + snap
