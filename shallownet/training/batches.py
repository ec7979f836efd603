"""Mini-batch gradient descent in the trainer: which columns each step uses, and its steps.

The order is the reference's, :func:`shallownet.network.minibatches`: epoch e (counted from 1
in the history, from 0 in the seed) shuffles the m training columns with
``default_rng([seed, e − 1])`` and cuts them into batches of b. When b does not divide m the
last batch of the epoch holds the m mod b examples left over: it is smaller, neither dropped nor
padded, so every example is used exactly once an epoch. A batch size of 0, or one of m or more,
is full batch and runs the trainer's full-batch path unchanged.

Each step runs forward and backward on its b columns only, so every gradient carries 1/b. The
whole training set's cost is computed at every epoch's end (and, if the trainer asks for it, at
every step); the cost of the batch itself is recorded at every step: that is the noise.
"""

from __future__ import annotations

from math import isnan, nan

import numpy as np

from ..network import minibatches
from .passes import _Layer
from .record import END, EPOCH, POS, SCHEME


class Batches:
    """One epoch's shuffled copy of the training columns and a pass sized for each batch size.

    ``full`` is the trainer's pass over the training set (its [X; 1] and label rows are copied
    in the epoch's order, columns contiguous); ``b`` is a batch size with 0 < b < m.
    """

    def __init__(self, full: _Layer, b: int, seed: int, n_h: int):
        self.full, self.b, self.seed, self.n_h = full, int(b), int(seed), int(n_h)
        self.m = full.m
        self.count = -(-self.m // self.b)  # batches per epoch, the last one possibly smaller
        self._epoch = None
        self._layers: dict[int, _Layer] = {}  # batch size → a pass with buffers of that size

    def size(self, pos: int) -> int:
        """Examples in batch ``pos`` (from 0) of an epoch: b, or m mod b for a short last one."""
        return min(self.b, self.m - pos * self.b)

    def layer(self, epoch: int, pos: int) -> _Layer:
        """The pass over batch ``pos`` of ``epoch`` (from 1), its inputs bound to the columns."""
        if epoch != self._epoch:
            self._shuffle(epoch)
        lo, n = pos * self.b, self.size(pos)
        layer = self._layers.get(n)
        if layer is None:
            dtype = self.full.Xa.dtype
            n_x = self.full.Xa.shape[0] - 1
            layer = self._layers[n] = _Layer(np.zeros((n_x, n), dtype), np.zeros((1, n), dtype), self.n_h, dtype)
        cols = slice(lo, lo + n)
        layer.bind(self._Xa[:, cols], self._sign[:, cols], self._threshold[:, cols], self._offset[:, cols])
        return layer

    def _shuffle(self, epoch: int) -> None:
        order = np.concatenate(minibatches(self.m, self.b, self.seed, epoch - 1))
        full = self.full
        self._Xa = np.asfortranarray(full.Xa[:, order])  # a batch is then a contiguous block
        self._sign, self._threshold = full.sign[:, order], full.threshold[:, order]
        self._offset = full.dz2_offset[:, order]
        self._epoch = epoch


class MiniBatchSteps:
    """The trainer's mini-batch path (a mixin of :class:`~shallownet.training.Trainer`)."""

    def set_batch_size(self, batch_size: int, seed: int | None = None) -> None:
        """Use batches of ``batch_size`` from the next step on (0, or m_train or more: full batch).

        The parameters are kept, like a new learning rate; the gradient held is recomputed for
        the new scheme, and the next step starts a new epoch.
        """
        b = int(batch_size)
        self.batch_size = b
        if seed is not None:
            self.batch_seed = int(seed)
        eff = b if 0 < b < self._train.m else 0
        cur = self._batches
        if (eff, self.batch_seed) == ((cur.b, cur.seed) if cur else (0, self.batch_seed)):
            return
        self._batches = Batches(self._train, eff, self.batch_seed, self.n_h) if eff else None
        if self._sched is None:
            self._start_schedule(self._train.m)
        with np.errstate(all="ignore"):
            cost = self._evaluate()
        if self._batches is None:
            self._bcost[self.iteration] = cost
        self.revision += 1

    @property
    def effective_batch_size(self) -> int:
        """The batch size in force: b if 0 < b < m_train, else m_train (full batch)."""
        return self._batches.b if self._batches else self._train.m

    def _next_position(self, k: int) -> tuple[int, int]:
        """(epoch from 1, batch from 0) of the step after iteration ``k``."""
        row = self._sched[k]
        if row[END] or row[SCHEME] != self._batches.b:
            return int(row[EPOCH]) + 1, 0
        return int(row[EPOCH]), int(row[POS]) + 1

    def _evaluate_minibatch(self) -> tuple[float, float]:
        """Row ``iteration``: the cost of the next step's batch and its gradient (1/b); the whole
        training set's cost (and the test set's) at an epoch's end, at the start, or at every
        step if the trainer asks. Returns (training cost or NaN when not computed, batch cost)."""
        k = self.iteration
        row = self._row(k)
        _, Wa1, Wa2, W2T = self._cur
        G, dWa1, dWa2, _ = self._grad
        g, twins = self._act.g, self._twins
        cost = nan
        if self.full_cost_each_step or self._sched[k, END] or k == 0:
            self._train.forward(Wa1, Wa2, g, twins)
            cost, row[1] = self._train.cost_and_accuracy()
            row[0] = cost
            if self._test.m:
                self._test.forward(Wa1, Wa2, g, twins)
                row[2], row[3] = self._test.cost_and_accuracy()
        self._pending = self._next_position(k)
        layer = self._batches.layer(*self._pending)
        layer.forward(Wa1, Wa2, g, twins)
        batch_cost, _ = layer.cost_and_accuracy()
        batch_cost = max(batch_cost, 0.0)  # float32 rounding can put a ~0 cost a hair below 0
        self._bcost[k] = batch_cost
        layer.backward(W2T, self._act.prime, dWa1, dWa2, twins)
        G *= layer.inv_m  # 1/b: the batch's own mean
        row[4:] = np.dot(np.multiply(G, G, out=self._sq), self._groups)
        return cost, batch_cost

    def _step_minibatch(self, n: int, lr: float) -> int:
        """Up to ``n`` mini-batch steps (the caller checked the learning rate and the cap)."""
        done = 0
        G, upd, batches = self._grad[0], self._upd, self._batches
        for _ in range(n):
            epoch, pos = self._pending
            old, new = self._cur, self._spare
            np.subtract(old[0], np.multiply(G, lr, out=upd), out=new[0])
            self._cur, self._spare = new, old
            self.iteration += 1
            self._row(self.iteration)
            self._sched[self.iteration] = (epoch, pos, batches.size(pos), pos == batches.count - 1, batches.b)
            cost, batch_cost = self._evaluate_minibatch()
            reason = self._diverged(batch_cost if isnan(cost) else cost, check_blowup=not isnan(cost))
            if reason:
                self._cur, self._spare = old, new
                self.iteration -= 1
                self._evaluate_minibatch()
                self.divergence = self._divergence(reason, lr)
                break
            self._lr[self.iteration] = lr
            done += 1
            if self.iteration % self._stride == 0:
                self._snapshot()
        return done
