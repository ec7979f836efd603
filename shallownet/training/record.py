"""What a training run keeps: one history row per iteration and evenly spaced snapshots.

:class:`RunRecord` is the part of :class:`~shallownet.training.Trainer` that stores the run and
reads it back. The trainer writes row ``iteration`` of the history on every evaluation
(:meth:`RunRecord._row`) and takes a snapshot whenever the iteration is a multiple of the
current stride (:meth:`RunRecord._snapshot`), which doubles as the list fills up.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# columns of the schedule: the step into each iteration k (row 0: the start, "the end of epoch 0")
EPOCH, POS, SIZE, END, SCHEME = range(5)  # epoch (from 1), batch in it (from 0), its examples,
# 1 when that batch completed its epoch, and the batch size in force (0 = full batch)

HISTORY_FIELDS = (
    "train_cost", "train_acc", "test_cost", "test_acc",
    "norm_dW1", "norm_db1", "norm_dW2", "norm_db2",
)
BATCH_FIELDS = ("epoch", "batch_examples", "epoch_end", "batch_cost")  # see RunRecord.history


@dataclass(frozen=True)
class Snapshot:
    """Parameters and their gradients at one iteration (float64 copies)."""

    iteration: int  # the run's row (its own steps); add the trainer's start_iteration to show it
    params: dict
    grads: dict


class RunRecord:
    """History and snapshots of one run, kept by a class that has ``iteration`` (the row),
    ``start_iteration``, ``snapshot_cap``, ``params`` and ``grads`` (the trainer).

    The history holds squared gradient norms (the trainer sums squares in one product);
    :meth:`history` takes their square roots.
    """

    def _clear_record(self) -> None:
        """Empty history and no snapshots: the caller records iteration 0 next."""
        self._hist = np.full((1024, len(HISTORY_FIELDS)), np.nan)  # row k: iteration k
        self._lr = np.zeros(1024)  # learning rate of the step into each iteration (0 at 0)
        # which batch each step used (see EPOCH …) and, row k, the cost at P_k of the batch the next
        # step uses: kept only once a run uses mini-batches (a full-batch run's are implied)
        self._sched: np.ndarray | None = None
        self._bcost: np.ndarray | None = None
        self._snapshots: list[Snapshot] = []
        self._stride = 1

    def _row(self, k: int) -> np.ndarray:
        if k >= len(self._hist):  # grow by doubling: amortised O(1) per step
            self._hist = np.concatenate([self._hist, np.full_like(self._hist, np.nan)])
            self._lr = np.concatenate([self._lr, np.zeros_like(self._lr)])
            if self._sched is not None:
                self._sched = np.concatenate([self._sched, np.zeros_like(self._sched)])
                self._bcost = np.concatenate([self._bcost, np.full_like(self._bcost, np.nan)])
        return self._hist[k]

    def _snapshot(self) -> None:
        self._snapshots.append(Snapshot(self.iteration, self.params, self.grads))
        # thin evenly (keep every other one) before the list is full, so that with the
        # current state appended by :attr:`snapshots` there are still at most snapshot_cap
        while len(self._snapshots) >= self.snapshot_cap:
            self._stride *= 2
            self._snapshots = [s for s in self._snapshots if s.iteration % self._stride == 0]

    def _start_schedule(self, m: int) -> None:
        """Keep the schedule from now on (the first use of mini-batches), rows 0 … iteration
        filled in as the full-batch steps they were."""
        n = len(self._hist)
        self._sched, self._bcost = np.zeros((n, 5), np.int32), np.full(n, np.nan)
        self._sched[0, END], self._bcost[0] = 1, self._hist[0, 0]
        self._record_full_batch(1, self.iteration, m)

    def _record_full_batch(self, first: int, last: int, m: int) -> None:
        """Schedule rows ``first`` … ``last`` as full-batch steps (every step one whole epoch),
        written once after a run of steps so the step loop itself stays as it was; nothing to
        write while the run has never used mini-batches."""
        if self._sched is None or last < first:
            return
        rows = self._sched[first:last + 1]
        rows[:] = (0, 0, m, 1, 0)  # POS, SIZE, END, SCHEME; EPOCH next: one epoch a step
        rows[:, EPOCH] = np.arange(1, last - first + 2) + self._sched[first - 1, EPOCH]
        self._bcost[first:last + 1] = self._hist[first:last + 1, 0]

    def _forget_after(self, k: int) -> None:
        """Drop the history rows and the snapshots after iteration ``k`` (k ≤ iteration)."""
        self._hist[k + 1:self.iteration + 1] = np.nan
        self._lr[k + 1:self.iteration + 1] = 0.0
        if self._sched is not None:
            self._sched[k + 1:self.iteration + 1] = 0
            self._bcost[k + 1:self.iteration + 1] = np.nan
        self._snapshots = [s for s in self._snapshots if s.iteration <= k]

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
        """Per-iteration arrays of rows ``start`` … t, each (t + 1 − start,): ``iteration`` (the
        row plus ``start_iteration``: the count a loaded model continues; row = iteration − its first),
        ``learning_rate`` and :data:`HISTORY_FIELDS` (costs, accuracies, gradient norms). A frame
        of Play asks for the few iterations since the last frame, not the whole run.

        Mini-batches add: ``epoch`` (the epoch of the step into each iteration, from 1; 0 at the
        start), ``batch_examples`` (how many examples that step used; 0 at the start),
        ``epoch_end`` (True where that step completed an epoch, and at the start) and
        ``batch_cost`` (the cost at these parameters of the batch the NEXT step uses: the noisy
        curve). ``train_cost`` and ``train_acc`` are always over the whole training set; with a
        trainer that computes them only at an epoch's end they are NaN in between. The gradient
        norms are those of the batch gradient. In full batch, batch_cost equals train_cost."""
        j, k = max(0, min(int(start), self.iteration)), self.iteration + 1
        rows = np.arange(j, k)
        out = {"iteration": rows + self.start_iteration, "learning_rate": self._lr[j:k].copy()}
        if self._sched is None:  # full batch throughout: step k is epoch k, on all m examples
            out.update(epoch=rows.copy(), batch_examples=np.where(rows > 0, self._train.m, 0),
                       epoch_end=np.ones(len(rows), bool), batch_cost=self._hist[j:k, 0].copy())
        else:
            out.update(epoch=self._sched[j:k, EPOCH].copy(), batch_examples=self._sched[j:k, SIZE].copy(),
                       epoch_end=self._sched[j:k, END] == 1, batch_cost=self._bcost[j:k].copy())
        out.update({name: self._hist[j:k, i].copy() for i, name in enumerate(HISTORY_FIELDS[:4])})
        out.update({name: np.sqrt(self._hist[j:k, i]) for i, name in enumerate(HISTORY_FIELDS) if i >= 4})
        return out

    def epoch_history(self) -> dict:
        """One entry per completed epoch (and the start, epoch 0): ``epoch``, ``iteration`` and
        the whole training set's ``train_cost`` and ``train_acc`` there (plus the test set's)."""
        k = self.iteration + 1
        if self._sched is None:
            rows = np.arange(k)
            out = {"epoch": rows.copy(), "iteration": rows}
        else:
            rows = np.flatnonzero(self._sched[:k, END] == 1)
            out = {"epoch": self._sched[rows, EPOCH].astype(np.int64), "iteration": rows}
        out.update({name: self._hist[rows, i].copy() for i, name in enumerate(HISTORY_FIELDS[:4])})
        return out

    def history_nbytes(self) -> int:
        """Bytes held by the history and the snapshots (for memory budgets)."""
        snap = sum(a.nbytes for s in self._snapshots for d in (s.params, s.grads) for a in d.values())
        sched = 0 if self._sched is None else self._sched.nbytes + self._bcost.nbytes
        return self._hist.nbytes + self._lr.nbytes + sched + snap
