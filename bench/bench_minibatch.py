"""Time per epoch for each batch size: full batch, b = 64, b = 8 and b = 1.

    python bench/bench_minibatch.py            # about half a minute
    python bench/bench_minibatch.py --quick    # fewer rounds: a smoke run

Two configurations: the app's defaults (moons, 400 points → 300 for training, n_h = 4, tanh)
and the largest the sidebar allows (2000 points → 1500 for training, n_h = 50). Each round
trains one epoch per batch size with the trainer as the Mini-batch page runs it (whole-set cost
only at the end of each epoch), the sizes interleaved and their order rotating; the table
prints the median over the rounds, the µs per step, and each size's epoch time relative to full
batch. Also timed: the Mini-batch page's whole click (four runs of five epochs, the most
epochs the page allows at that size, and the boundaries), and the loss-landscape map of those four
runs (the 41 × 41 grid in one batched pass, plus projecting and costing every path). The machine is shared: read the
ratios, not the absolute times. This prints numbers; it is not a pass/fail test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from anywhere without installing

from shallownet.datasets import make_dataset  # noqa: E402
from shallownet.minibatch import BATCH_SIZES, batch_label, compare_batch_sizes, max_epochs, steps_per_epoch  # noqa: E402
from shallownet.minibatch_landscape import runs_map  # noqa: E402
from shallownet.training import Trainer  # noqa: E402

CONFIGS = (("defaults: m = 400 (300 train), n_h = 4", 400, 4), ("largest: m = 2000 (1500 train), n_h = 50", 2000, 50))
LEARNING_RATE = 0.1  # small enough that no size diverges in the rounds


def epoch_times(data, n_h: int, rounds: int) -> dict[int, list[float]]:
    """Seconds of one epoch per batch size, ``rounds`` times, interleaved."""
    m = data.X_train.shape[1]
    trainers = {b: Trainer(data, n_h, "tanh", init_scale=0.5, batch_size=b, full_cost_each_step=False)
                for b in BATCH_SIZES}
    out = {b: [] for b in BATCH_SIZES}
    for r in range(rounds):
        order = BATCH_SIZES[r % len(BATCH_SIZES):] + BATCH_SIZES[:r % len(BATCH_SIZES)]
        for b in order:
            t, n = trainers[b], steps_per_epoch(m, b)
            if t.iteration + n > t.max_iteration:
                t.reset()
            start = time.perf_counter()
            t.step(n, LEARNING_RATE)
            out[b].append(time.perf_counter() - start)
    return out


def click_seconds(data, n_h: int, epochs: int) -> float:
    start = time.perf_counter()
    compare_batch_sizes(data, epochs, n_h=n_h, activation="tanh", init_scale=0.01, init_seed=0, learning_rate=1.2)
    return time.perf_counter() - start


def map_seconds(data, n_h: int, epochs: int, rounds: int) -> float:
    """Median seconds of the four runs' loss-landscape map (grid + projection + path costs)."""
    runs = compare_batch_sizes(data, epochs, n_h=n_h, activation="tanh", init_scale=0.01, init_seed=0,
                               learning_rate=1.2)
    secs = []
    for _ in range(rounds):
        start = time.perf_counter()
        runs_map(runs, data.X_train, data.Y_train, "tanh")
        secs.append(time.perf_counter() - start)
    return statistics.median(secs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 rounds instead of 15")
    args = parser.parse_args()
    rounds = 3 if args.quick else 15
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {rounds} rounds, median")
    for title, n_samples, n_h in CONFIGS:
        data = make_dataset("moons", n_samples, seed=0)
        m = data.X_train.shape[1]
        times = epoch_times(data, n_h, rounds)
        full = statistics.median(times[0])
        print(f"\n{title}")
        print("| batch | steps per epoch | ms per epoch | µs per step | epoch time / full batch |")
        print("|---|---|---|---|---|")
        for b in BATCH_SIZES:
            med, n = statistics.median(times[b]), steps_per_epoch(m, b)
            print(f"| {batch_label(b, m)} | {n} | {med * 1e3:.3f} | {med / n * 1e6:.1f} | {med / full:.1f}× |")
        for epochs in sorted({5, max_epochs(m)}):
            secs = [click_seconds(data, n_h, epochs) for _ in range(max(1, rounds // 5))]
            print(f"page click, four runs of {epochs} epochs + boundaries: {statistics.median(secs):.2f} s")
        print(f"loss-landscape map of the four runs (5 epochs; grid + projection): "
              f"{map_seconds(data, n_h, 5, max(3, rounds // 3)) * 1e3:.0f} ms")
    print(f"\nload average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
