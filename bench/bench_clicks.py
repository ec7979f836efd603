"""The worst single clicks at the legal maxima, before and after the work budget (shallownet/budget.py).

    python bench/bench_clicks.py            # a couple of minutes: the unbudgeted clicks are slow
    python bench/bench_clicks.py --after    # only the budgeted clicks

For each click it prints the training work the click asked for ("asked": what the page did
before the budget) and what the budget lets one click do ("budget"), in seconds of engine time
(training plus the decision surfaces a sweep draws; the page's rerun adds ~0.1–0.5 s). It also
fits the cost model the budget assumes: seconds per step = overhead + m × n_h × per-unit.
Numbers, not pass/fail: the machine is shared and noisy (the median of the repeats is shown).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from anywhere without installing

from shallownet import budget, sweeps  # noqa: E402
from shallownet.datasets import make_dataset  # noqa: E402
from shallownet.experiments_lesson import STEP_OPTIONS  # noqa: E402
from shallownet.training import MAX_ITERATION, Trainer  # noqa: E402
from shallownet.ui.settings import FIELD_BY_NAME  # noqa: E402
from shallownet.upload import MAX_ROWS  # noqa: E402

M_MAX, NH_MAX = int(FIELD_BY_NAME["n_samples"].hi), int(FIELD_BY_NAME["n_h"].hi)
STEPS_MAX = max(STEP_OPTIONS)


def timed(run, repeats: int, *args) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        run(*args)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def cost_model() -> None:
    """Seconds per step at a few sizes, against the model's prediction."""
    print("cost model: seconds per step vs. (m × n_h + overhead) × 1 ns")
    for m, n_h in ((400, 4), (2000, 1), (2000, 50), (MAX_ROWS, NH_MAX)):
        t = Trainer(make_dataset("moons", m, 0.2, 0, 0.25), n_h)
        n = 500
        dt = timed(lambda t=t, n=n: t.step(n, 0.5), 3) / n
        print(f"  m = {m:>5}, n_h = {n_h:>2}: {dt * 1e6:7.1f} µs/step measured, "
              f"{budget.step_work(m, n_h) / 1e3:7.1f} µs predicted")


def clicks(after_only: bool) -> None:
    big = make_dataset("moons", M_MAX, 0.2, 0, 0.25)
    upload = make_dataset("moons", MAX_ROWS, 0.2, 0, 0.25)  # a legal 5,000-row upload, same split
    cases = []

    def train_to(data, asked):
        return lambda steps: Trainer(data, NH_MAX).step(steps, 1.2)  # noqa: ARG005

    for name, data, asked in ((f"Train to {MAX_ITERATION:,}, m = {M_MAX}, n_h = {NH_MAX}", big, MAX_ITERATION),
                              (f"Train to {MAX_ITERATION:,}, {MAX_ROWS}-row upload, n_h = {NH_MAX}", upload,
                               MAX_ITERATION),
                              (f"×100, {MAX_ROWS}-row upload, n_h = {NH_MAX}", upload, 100)):
        cases.append((name, asked, budget.steps_within(asked, data.X.shape[1], NH_MAX), train_to(data, asked)))
    sizes = sweeps.HIDDEN_SIZES
    cases.append((f"size sweep {sizes}, m = {M_MAX}", STEPS_MAX, budget.sweep_steps(STEPS_MAX, M_MAX, sizes),
                  lambda steps: sweeps.size_sweep(big, sizes, steps=steps)))
    rates = sweeps.LEARNING_RATES
    cases.append((f"rate sweep ({len(rates)} rates), m = {M_MAX}, n_h = {NH_MAX}", STEPS_MAX,
                  budget.sweep_steps(STEPS_MAX, M_MAX, [NH_MAX] * len(rates)),
                  lambda steps: sweeps.rate_sweep(big, rates, NH_MAX, steps=steps)))
    cases.append((f"Baseline's network, m = {M_MAX}, n_h = {NH_MAX}", STEPS_MAX,
                  budget.steps_within(STEPS_MAX, M_MAX, NH_MAX),
                  lambda steps: sweeps.train_network(big, NH_MAX, steps=steps)))
    print(f"\n{'click':58} {'asked':>16} {'budget':>16}")
    for name, asked, fits, run in cases:
        before = "" if after_only else f"{asked:>6,} {timed(run, 1, asked):6.2f} s"
        after = f"{fits:>6,} {timed(run, 3, fits):6.2f} s"
        print(f"{name:58} {before:>16} {after:>16}", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--after", action="store_true", help="skip the slow unbudgeted clicks")
    args = parser.parse_args()
    cost_model()
    clicks(args.after)
