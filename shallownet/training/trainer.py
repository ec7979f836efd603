"""The :class:`Trainer`: gradient descent one step or many at a time, full batch (the default)
or in mini-batches (:mod:`.batches`), with the iteration cap, the divergence checks and the rewind
of a run (see :mod:`shallownet.training`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from math import isfinite, sqrt

import numpy as np

from ..activations import get_activation
from ..datasets import Dataset
from ..network import init_params
from .batches import MiniBatchSteps
from .passes import _Layer
from .record import RunRecord

MAX_ABS_PARAM = 1e4  # a parameter norm beyond this means a float32 network is on its way to inf
COST_BLOWUP = 10.0  # cost above this multiple of the starting cost counts as divergence
MAX_ITERATION = 20_000  # a bound on one run's history (8 floats per iteration), whoever steps it
# (a run that continues a loaded model may go past this count: the bound is on its own steps)


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


class Trainer(RunRecord, MiniBatchSteps):
    """Gradient descent on one dataset and architecture, one step or many at a time.

    ``step(n, learning_rate)`` advances up to n iterations, never past ``max_iteration``,
    and stops early on divergence. ``history()`` gives per-iteration arrays of length t + 1;
    ``snapshots`` holds at most ``snapshot_cap`` evenly spaced states. ``revision`` grows
    with every change of state (a step, a reset, a rewind), from a random start: two trainers'
    revisions practically never meet, so a view drawn from a trainer can be keyed on it alone.

    ``batch_size`` 0 (or m_train or more) is full batch; 0 < b < m_train runs mini-batches of b
    reshuffled every epoch with ``batch_seed`` (see :mod:`.batches`; :meth:`set_batch_size`
    changes it and keeps the parameters). ``full_cost_each_step=False`` computes the whole
    training set's cost (and the test set's) in mini-batch mode only at the end of each epoch,
    so a step costs only its batch (the Mini-batch page times epochs that way).

    ``start_iteration`` is the count the run starts from: 0, or N for a model loaded from a file
    saved at iteration N, whose count continues (:meth:`reset` can set it). :attr:`iteration` is
    the run's own steps since that start, the row of the history and of the snapshots;
    :attr:`total_iteration` = start_iteration + iteration is the number a page shows, and the
    history's ``iteration`` column counts that way too (index its arrays by row, never by it).
    The cap :attr:`max_iteration` bounds the run's own steps (its history's length), not the
    total: it is there to bound memory, which the steps before the file did not use, so a model
    saved at 19,990 still trains up to 20,000 more steps.
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
        batch_size: int = 0,
        batch_seed: int = 0,
        full_cost_each_step: bool = True,
        start_iteration: int = 0,
    ):
        self.data = data
        self.start_iteration = max(0, int(start_iteration))
        self.max_iteration = int(max_iteration)
        self.revision = secrets.randbits(62)  # no shared counter: sessions share no state
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
        self.batch_size, self.batch_seed = int(batch_size), int(batch_seed)
        self.full_cost_each_step = bool(full_cost_each_step)
        self._batches = None
        self.reset()
        self.set_batch_size(self.batch_size)

    # -- state ---------------------------------------------------------------
    def _views(self, flat):
        """(flat, [W1 | b1] (n_h, n_x+1), [W2 | b2] (1, n_h+1), W2ᵀ (n_h, 1)), all views of ``flat``."""
        n_x, n_h = self.data.n_x, self.n_h
        k1 = n_h * (n_x + 1)
        Wa2 = flat[k1:].reshape(1, n_h + 1)
        return flat, flat[:k1].reshape(n_h, n_x + 1), Wa2, Wa2[:, :n_h].T

    def reset(self, params: dict | None = None, start_iteration: int | None = None) -> None:
        """Back to the run's start: fresh initial parameters (or ``params``) and empty history.
        ``start_iteration``: the count the run starts from now (None keeps the current one, so a
        Reset of a loaded model goes back to its own iteration)."""
        if params is not None:
            self._start_params = params
        if start_iteration is not None:
            self.start_iteration = max(0, int(start_iteration))
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
        self._clear_record()
        if self._batches is not None:
            self._start_schedule(self._train.m)
        with np.errstate(all="ignore"):
            self._start_cost = self._evaluate()
        self._snapshot()
        self.revision += 1

    def _evaluate(self) -> float:
        """Forward on train and test, backward on train; record row ``iteration``; return the cost.
        (In mini-batch mode: the next batch's pass, see :mod:`.batches`.)"""
        if self._batches is not None:
            return self._evaluate_minibatch()[0]
        return self._evaluate_full()

    def _evaluate_full(self) -> float:
        """:meth:`_evaluate` in full batch (the step loop calls it directly)."""
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
            self.divergence = self._divergence("the learning rate is not finite", lr)
            return 0
        done, n, first = 0, max(0, min(int(n), self.max_iteration - self.iteration)), self.iteration + 1
        if self._batches is not None:
            with np.errstate(all="ignore"):
                return self._step_minibatch(n, lr)
        G, upd = self._grad[0], self._upd
        with np.errstate(all="ignore"):  # overflow is detected below, not warned about
            for _ in range(n):
                # P_new = P − α dP into the spare buffer; the old P stays there for a revert
                old, new = self._cur, self._spare
                np.subtract(old[0], np.multiply(G, lr, out=upd), out=new[0])
                self._cur, self._spare = new, old
                self.iteration += 1
                cost = self._evaluate_full()
                reason = self._diverged(cost)
                if reason:
                    self._cur, self._spare = old, new
                    self.iteration -= 1
                    self._evaluate()
                    self.divergence = self._divergence(reason, lr)
                    break
                self._lr[self.iteration] = lr
                done += 1
                if self.iteration % self._stride == 0:
                    self._snapshot()
        self._record_full_batch(first, self.iteration, self._train.m)
        return done

    def _divergence(self, reason: str, lr: float) -> Divergence:
        """The step that failed, counted as the page counts it (a loaded model's count continues)."""
        return Divergence(self.total_iteration + 1, reason, lr)

    @property
    def total_iteration(self) -> int:
        """The iteration as a page shows it: :attr:`start_iteration` + the run's own steps."""
        return self.start_iteration + self.iteration

    def _diverged(self, cost: float, check_blowup: bool = True) -> str:
        """Why the current state counts as diverged ("" if it does not). ``check_blowup=False``:
        ``cost`` is a mini-batch's, whose size says nothing about the whole set (one example's
        loss may well exceed 10× the start), so only finiteness and the weights are checked."""
        P = self._cur[0]
        sq = float(np.dot(P, P))  # NaN and inf propagate
        if not (isfinite(cost) and isfinite(sq)):
            return "the cost or the parameters became infinite or NaN"
        if sq > MAX_ABS_PARAM * MAX_ABS_PARAM:
            return f"the weights grew to a norm of {sqrt(sq):.3g} (exploding weights)"
        if check_blowup and cost > COST_BLOWUP * max(self._start_cost, 0.1):
            return f"the cost rose to {cost:.3g} from {self._start_cost:.3g} at the start"
        return ""

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
        self._forget_after(k)
        self.iteration = k
        self.divergence = None
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
