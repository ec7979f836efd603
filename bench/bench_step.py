"""Microseconds per full training step (forward + backward + update), three ways.

    python bench/bench_step.py            # the full table (about a minute)
    python bench/bench_step.py --quick    # fewer rounds, for a smoke run

For every m in {200, 1000, 10000} and n_h in {4, 32}, on the moons data (tanh hidden
layer, full batch):

  ours     shallownet.Trainer.step on a dataset with test_fraction=0, so only the
           training work is timed (it also records cost, accuracy, gradient norms and
           checks for divergence every step);
  sklearn  MLPClassifier.partial_fit with solver="sgd", batch_size=m, momentum=0,
           nesterovs_momentum=False, alpha=0, learning_rate="constant": one epoch of
           one full batch is one gradient-descent step;
  plain    a deliberately plain float64 NumPy transcription of the lecture's loop
           (forward, cost, the six backward equations, update; new arrays every step).
           At m=10000 its arrays are megabytes, and glibc hands freed blocks that big back
           to the OS, so part of its time is fresh-memory page faults: a real cost of
           allocating per step, which the trainer's preallocated buffers avoid.

All three run in this one process, interleaved round by round (the order rotates), and
each figure is the median over the rounds: the machine is shared and noisy. This prints
numbers; it is not a pass/fail test. Targets: ours ≥ 40× faster than sklearn at m=200,
n_h=4; never slower than plain; ≥ 3× faster than plain at m=10000, n_h=32.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.neural_network import MLPClassifier

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere without installing

from shallownet import Trainer, make_dataset  # noqa: E402

SIZES_M = (200, 1000, 10000)
SIZES_H = (4, 32)
LEARNING_RATE = 0.5
BLOCK_SECONDS = 0.02  # each timed block runs about this long


# -- the plain transcription ---------------------------------------------------------------
def plain_init(n_x, n_h, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.standard_normal((n_h, n_x)) * 0.01, "b1": np.zeros((n_h, 1)),
        "W2": rng.standard_normal((1, n_h)) * 0.01, "b2": np.zeros((1, 1)),
    }


def plain_step(p, X, Y, learning_rate):
    """One step exactly as the equations read, in float64, allocating as it goes."""
    m = X.shape[1]
    Z1 = p["W1"] @ X + p["b1"]
    A1 = np.tanh(Z1)
    Z2 = p["W2"] @ A1 + p["b2"]
    A2 = 1.0 / (1.0 + np.exp(-Z2))
    cost = -np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (p["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    new = {
        "W1": p["W1"] - learning_rate * dW1, "b1": p["b1"] - learning_rate * db1,
        "W2": p["W2"] - learning_rate * dW2, "b2": p["b2"] - learning_rate * db2,
    }
    return new, float(cost)


# -- the three contestants, each as "run n steps" ---------------------------------------------
def make_ours(data, n_h):
    trainer = Trainer(data, n_h, "tanh")

    def run(n):
        done = trainer.step(n, LEARNING_RATE)
        assert done == n, trainer.divergence

    return run


def make_sklearn(data, n_h):
    X, y = data.X_train.T, data.Y_train.ravel()
    clf = MLPClassifier(
        hidden_layer_sizes=(n_h,), activation="tanh", solver="sgd", batch_size=len(y),
        learning_rate="constant", learning_rate_init=LEARNING_RATE, momentum=0.0,
        nesterovs_momentum=False, alpha=0.0, shuffle=False, random_state=0,
    )
    clf.partial_fit(X, y, classes=np.array([0.0, 1.0]))

    def run(n):
        for _ in range(n):
            clf.partial_fit(X, y)

    return run


def make_plain(data, n_h):
    X, Y = data.X_train, data.Y_train
    state = {"p": plain_init(data.n_x, n_h)}

    def run(n):
        p = state["p"]
        for _ in range(n):
            p, _cost = plain_step(p, X, Y, LEARNING_RATE)
        state["p"] = p

    return run


CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}
clock = time.perf_counter


def calibrate(run) -> int:
    """Steps per block so a block lasts about BLOCK_SECONDS (also warms up)."""
    n = 1
    while True:
        t0 = clock()
        run(n)
        dt = clock() - t0
        if dt > BLOCK_SECONDS / 4 or n >= 1 << 16:
            return max(1, int(n * BLOCK_SECONDS / max(dt, 1e-9)))
        n *= 2


def measure(runners: dict, rounds: int) -> dict:
    """Median µs per step for each runner, interleaved round by round."""
    blocks = {name: calibrate(run) for name, run in runners.items()}
    times = {name: [] for name in runners}
    names = list(runners)
    for r in range(rounds):
        for name in names[r % len(names):] + names[: r % len(names)]:  # rotate the order
            n = blocks[name]
            t0 = clock()
            runners[name](n)
            times[name].append((clock() - t0) / n * 1e6)
    return {name: statistics.median(ts) for name, ts in times.items()}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds (a smoke run)")
    parser.add_argument("--rounds", type=int, default=None, help="interleaved rounds per size (default 15)")
    parser.add_argument("--clock", choices=CLOCKS, default="wall",
                        help="wall: elapsed time (default); cpu: this process's CPU time, steadier "
                             "when other jobs compete for the cores")
    parser.add_argument("--threads", type=int, default=None,
                        help="limit the BLAS/OpenMP thread pools to this many threads for the whole run "
                             "(default: the libraries' own choice)")
    args = parser.parse_args(argv)
    rounds = args.rounds or (3 if args.quick else 15)
    global clock
    clock = CLOCKS[args.clock]
    with contextlib.ExitStack() as stack:
        if args.threads:
            from threadpoolctl import threadpool_limits  # a dependency of scikit-learn

            stack.enter_context(threadpool_limits(limits=args.threads))
        run_all(args, rounds)


def run_all(args, rounds: int) -> None:

    threads = f"{args.threads} BLAS thread(s)" if args.threads else "default BLAS threads"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    print(f"µs per training step ({args.clock} clock, {threads}, median of {rounds} interleaved rounds; "
          f"tanh, full batch, moons; load average at start {load} on {os.cpu_count()} CPUs)")
    print(f"{'m':>6} {'n_h':>4} {'ours':>9} {'sklearn':>9} {'plain':>9} {'sklearn/ours':>13} {'plain/ours':>11}")
    for m in SIZES_M:
        data = make_dataset("moons", n_samples=m, noise=0.2, seed=0, test_fraction=0.0)
        for n_h in SIZES_H:
            runners = {"ours": make_ours(data, n_h), "sklearn": make_sklearn(data, n_h),
                       "plain": make_plain(data, n_h)}
            t = measure(runners, rounds)
            print(f"{m:>6} {n_h:>4} {t['ours']:>9.1f} {t['sklearn']:>9.1f} {t['plain']:>9.1f} "
                  f"{t['sklearn'] / t['ours']:>12.1f}× {t['plain'] / t['ours']:>10.2f}×", flush=True)

    # the app's default: 400 samples with a quarter held out, so every step also
    # evaluates the test set (forward + cost + accuracy on 100 examples)
    default = make_dataset()
    t = measure({"ours": make_ours(default, 4), "plain": make_plain(default, 4)}, rounds)
    print(f"\ndefault dataset (m_train={default.X_train.shape[1]}, m_test={default.X_test.shape[1]}), "
          f"n_h=4, with the test set evaluated each step: ours {t['ours']:.1f} µs/step "
          f"(plain, training set only: {t['plain']:.1f} µs/step)")

    # issue 8: memory held per trainer
    trainer = Trainer(make_dataset(), 4)
    trainer.step(10_000)
    n_snap = len(trainer.snapshots)
    print(f"history + snapshots after 10 000 steps at default settings: {trainer.history_nbytes():,} bytes "
          f"({n_snap} snapshots, iteration {trainer.iteration})")


if __name__ == "__main__":
    main()
