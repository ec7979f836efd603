"""What a click on the Training page costs, and how big its figures are.

    python bench/bench_training.py            # about a minute
    python bench/bench_training.py --quick    # fewer repeats: a smoke run

At the app's default settings (moons, 400 points, n_h = 4, tanh, α = 1.2) it prints:

  step(100)      Trainer.step(100): the raw training work behind a ×100 click;
  ×100 click     an AppTest click on ×100 and the full rerun of the page it triggers
                 (sidebar, training, the three live figures) — the whole answer;
  play tick      the live figures of one play tick: build + JSON, and bytes sent;
  replay         the animated figure after 3,000 steps on every toy dataset: frames,
                 JSON bytes (the budget is 1.5 MB) and build time;
  exports        the standalone HTML, the .npz and the history CSV: bytes and time.

Every figure is the median over the repeats (the machine is shared and noisy). This
prints numbers; it is not a pass/fail test. Target: a ×100 click well under 0.5 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from anywhere without installing

import plotly.io as pio  # noqa: E402

from shallownet.datasets import DATASET_NAMES, make_dataset  # noqa: E402
from shallownet.export import history_csv, trainer_npz  # noqa: E402
from shallownet.figures import training_board as tb  # noqa: E402
from shallownet.figures import training_view as tv  # noqa: E402
from shallownet.figures.board import plotly_js  # noqa: E402
from shallownet.training import Trainer  # noqa: E402
from shallownet.ui.settings import DEFAULTS  # noqa: E402

REPLAY_BUDGET = 1_500_000


def default_data(name: str | None = None):
    s = DEFAULTS
    return make_dataset(name or s.dataset, s.n_samples, s.noise, s.data_seed, s.test_fraction)


def default_trainer(data):
    s = DEFAULTS
    return Trainer(data, s.n_h, s.activation, init_scale=s.init_scale, init_seed=s.init_seed)


def timed(fn, repeats: int) -> tuple[float, object]:
    """Median seconds of ``fn()`` over ``repeats`` calls, and the last result."""
    times, result = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def bench_step(repeats: int) -> None:
    data = default_data()
    trainer = default_trainer(data)

    def hundred():
        if trainer.iteration > 15_000:
            trainer.reset()
        return trainer.step(100, DEFAULTS.learning_rate)

    t, _ = timed(hundred, repeats * 5)
    print(f"step(100)       raw Trainer.step(100)                  {ms(t)}")


def bench_click(repeats: int) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("app_pages/training.py")
    at.run()
    at.button(key="train.step100").click().run()  # warm-up: imports, caches

    def click():
        at.button(key="train.step100").click().run()
        assert not at.exception, at.exception

    t, _ = timed(click, repeats)
    it = at.session_state["train.trainer"].iteration
    print(f"×100 click      AppTest click + full page rerun        {ms(t)}   (now at iteration {it:,})")


def bench_tick(repeats: int) -> None:
    data = default_data()
    trainer = default_trainer(data)
    trainer.step(1000, DEFAULTS.learning_rate)
    a = DEFAULTS.activation
    figures = {
        "boundary": lambda: tv.boundary_figure(trainer.params, data, a, trainer.iteration),
        "hidden units": lambda: tv.hidden_units_figure(trainer.params, data, a),
        "curves": lambda: tv.curves_figure(trainer.history()),
    }
    total_t = total_b = 0
    for name, build in figures.items():
        t, text = timed(lambda build=build: pio.to_json(build(), validate=False), repeats)
        total_t += t
        total_b += len(text)
        print(f"play tick       {name:<14} build + JSON             {ms(t)}   {len(text) / 1e3:7.1f} kB")
    print(f"play tick       all three                              {ms(total_t)}   {total_b / 1e3:7.1f} kB")


def bench_replay(repeats: int) -> None:
    for name in DATASET_NAMES:
        data = default_data(name)
        trainer = default_trainer(data)
        trainer.step(3000, DEFAULTS.learning_rate)

        def build(trainer=trainer, data=data, name=name):
            return tv.replay_figure(trainer.snapshots, trainer.history(), data, DEFAULTS.activation, title=name)

        t, fig = timed(build, max(1, repeats // 3))
        size = len(pio.to_json(fig, validate=False))
        flag = "ok" if size <= REPLAY_BUDGET else "OVER BUDGET"
        print(f"replay          {name:<9} {len(fig['frames']):3d} frames, {tv.GRID}×{tv.GRID} grid  "
              f"{ms(t)}   {size / 1e6:5.2f} MB JSON ({flag}, budget {REPLAY_BUDGET / 1e6:.1f} MB)")


def bench_exports(repeats: int) -> None:
    data = default_data()
    trainer = default_trainer(data)
    trainer.step(3000, DEFAULTS.learning_rate)
    payload = tb.replay_payload(trainer, data, DEFAULTS.activation, False, data.name)
    for name, fn in (("HTML", lambda: tb.replay_html(payload, plotly_js(), title="run")),
                     (".npz", lambda: trainer_npz(trainer)),
                     ("history CSV", lambda: history_csv(trainer.history()))):
        t, out = timed(fn, max(1, repeats // 3))
        print(f"export          {name:<12} (3,000 steps)               {ms(t)}   {len(out) / 1e3:9.1f} kB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="3 repeats instead of 15")
    parser.add_argument("--repeats", type=int, default=None)
    args = parser.parse_args()
    repeats = args.repeats or (3 if args.quick else 15)
    print(f"Training page at default settings ({DEFAULTS.dataset}, {DEFAULTS.n_samples} points, "
          f"n_h = {DEFAULTS.n_h}, {DEFAULTS.activation}, α = {DEFAULTS.learning_rate:g}); "
          f"medians of {repeats} repeats\n")
    bench_step(repeats)
    bench_click(repeats)
    bench_tick(repeats)
    bench_replay(repeats)
    bench_exports(repeats)


if __name__ == "__main__":
    main()
