"""One forward and backward pass of the trainer, on buffers allocated once for a fixed X.

The regroupings that keep a step short are described in :mod:`shallownet.training`; the ones
that live here: the rows of ones under X and A1, the output kept as h = tanh(Z2/2), and
[dW1 | db1] formed without dZ1.
"""

from __future__ import annotations

from math import log

import numpy as np

LOG2 = log(2.0)


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

    def bind(self, Xa, sign, threshold, dz2_offset) -> None:
        """Take these b columns as the inputs ([X; 1] (n_x+1, b) and the label rows (1, b), views
        of an epoch's shuffled copy): a mini-batch reuses one layer's buffers step after step."""
        self.Xa, self.sign, self.threshold, self.dz2_offset = Xa, sign, threshold, dz2_offset

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
