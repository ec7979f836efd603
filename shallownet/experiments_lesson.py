"""The Experiments page's decisions and sentences, as plain functions: what the sweeps offer,
when a result is stale, who wins the baseline comparison (and by what margin counts), and the
four states of loading a model file (refused, waiting for a choice, loaded, nothing yet).

Nothing here touches a session: the page's callbacks (:mod:`shallownet.ui.uploads`) keep the
states, these functions say which state a file leads to and what each state says.
"""

from __future__ import annotations

from dataclasses import dataclass

from .formatting import quoted
from .model_io import ModelFileError, params_from_npz
from .sweeps import Baseline, NetworkRun, RateRun, line_equation, neuron_line, neuron_steps, penalty_weight, percent

TABS = ("Hidden-layer size", "Learning rate", "Baseline", "Your data", "Load a model")
SIZE_OPTIONS = (1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50)
RATE_OPTIONS = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
STEP_OPTIONS = (500, 1000, 2000, 3000, 5000)
MAX_RUNS = 8  # per sweep: 8 networks × 5000 steps stay within a few seconds
# the over-fitting example: half the points held out, so test accuracy is measured on 40 points rather than 20
OVERFIT_SETTINGS = (("dataset", "moons"), ("n_samples", 80), ("noise", 0.35), ("test_fraction", 0.5),
                    ("data_seed", 9))
OVERFIT_STEPS = 5000
WIN_MARGIN = 0.05  # accuracy the hidden layer must gain over the line to be called a win (5 points)


def run_settings(settings) -> str:
    """The training settings every network of a sweep shares, in one line."""
    return (f"g = {settings.activation}, α = {settings.learning_rate:g}, init scale "
            f"{settings.init_scale:g}, init seed {settings.init_seed}")


def size_sweep_key(data_id: tuple, sizes, settings, steps: int) -> tuple:
    """What a size sweep's result depends on: a result under another key is stale."""
    return (data_id, tuple(sorted(sizes)), settings.activation, settings.learning_rate, steps,
            settings.init_scale, settings.init_seed)


def rate_sweep_key(data_id: tuple, rates, settings, steps: int) -> tuple:
    """What a learning-rate sweep's result depends on."""
    return (data_id, tuple(sorted(rates)), settings.n_h, settings.activation, steps, settings.init_scale,
            settings.init_seed)


def rate_sweep_how(settings, steps: int) -> str:
    """The settings every network of a learning-rate sweep shares."""
    return (f"n_h = {settings.n_h}, g = {settings.activation}, init scale {settings.init_scale:g}, "
            f"init seed {settings.init_seed}, {steps:,} steps each")


def size_prompt(n_sizes: int, steps: int) -> str:
    """What to press, before the first size sweep."""
    if not n_sizes:
        return "Choose at least one size and press **Run sweep**."
    return (f"Press **Run sweep** to train {n_sizes} networks ({steps:,} steps each) on the "
            "current data, or **Show over-fitting** for the prepared example.")


def rate_prompt(n_rates: int, steps: int) -> str:
    """What to press, before the first learning-rate sweep."""
    if not n_rates:
        return "Choose at least one rate and press **Run sweep**."
    return (f"Press **Run sweep** to train the network with {n_rates} learning rates "
            f"({steps:,} steps each) from the same start.")


def staleness(result_key: tuple, key: tuple, about: str) -> str | None:
    """A warning when the shown sweep was run for other settings than the current ones, else None."""
    if result_key == key:
        return None
    return ("The settings have changed since this sweep: these results are for "
            f"{about}. Press the button to run it for the current settings.")


def rate_rows(runs: list[RateRun]) -> list[dict]:
    """The learning-rate table: one row per rate, its final cost, accuracies and how it ended."""
    return [{"α": f"{r.learning_rate:g}",
             "final cost J": f"{r.final_cost:.4g}",
             "train accuracy": percent(r.train_acc), "test accuracy": percent(r.test_acc),
             "outcome": (f"diverged at step {r.diverged_at}: {r.reason}" if r.diverged_at is not None
                         else "finished")} for r in runs]


def majority_share(data) -> float:
    """Accuracy of always answering the larger class, on the test split (Y (1, m); train if no test)."""
    y = data.Y_test if data.Y_test.size else data.Y_train
    p = float(y.mean())
    return max(p, 1.0 - p)


def baseline_caption(about: str, settings, base: Baseline, net: NetworkRun, m: int) -> str:
    """Under the baseline chart: the data, the network's training and the fitted line."""
    return (f"{about} · network: {run_settings(settings)}, {net.iterations:,} steps. "
            f"Fitted line: {line_equation(base.coef, base.intercept)} "
            f"(scikit-learn LogisticRegression, default regularisation C = {base.C:g}, on the {m} training "
            f"points; its cost there: J = {base.train_cost:.3f}).")


def regularisation_note(data, base: Baseline) -> str:
    """Why scikit-learn's line differs from the Backward page's neuron: the penalty, with both lines."""
    m = data.Y_train.shape[1]
    neuron_w, neuron_b, neuron_J = neuron_line(data)
    return (
        f"**Why this line differs from the single neuron on the Backward page's Logistic-regression tab.** "
        f"scikit-learn does not minimise J alone: with C = {base.C:g} it minimises "
        f"J + ‖w‖²/(2·C·m) = J + {penalty_weight(base.C, m):.2g}·‖w‖² (m = {m}), a penalty that "
        "pulls the weights w towards 0 (regularisation; the bias b is not penalised), and it solves that "
        f"to convergence. The neuron on the Backward page minimises J alone, by {neuron_steps()} "
        f"gradient-descent steps from w = 0. On these training points it gives "
        f"{line_equation(neuron_w, neuron_b)} (J = {neuron_J:.3f}), where this fit gives "
        f"{line_equation(base.coef, base.intercept)} (J = {base.train_cost:.3f}).")


def baseline_verdict(base: Baseline, net: NetworkRun, n_test: int) -> tuple[str, str]:
    """(kind, text) under the baseline: "warning" (the network diverged), "success" (the hidden layer
    wins by :data:`WIN_MARGIN` on the test or else the training data) or "info" (about a tie)."""
    if net.divergence:
        return "warning", net.divergence
    if net.test_acc - base.test_acc >= WIN_MARGIN:
        return "success", (f"The hidden layer wins by {100 * (net.test_acc - base.test_acc):.0f} points on the "
                           "test data: this boundary needs a bend.")
    if net.train_acc - base.train_acc >= WIN_MARGIN:
        return "success", (f"The hidden layer fits the training data far better ({percent(net.train_acc)} "
                           f"against {percent(base.train_acc)}): a straight line cannot follow this boundary. "
                           f"On these {n_test} test points the margin is smaller "
                           f"({percent(net.test_acc)} against {percent(base.test_acc)}).")
    return "info", ("Here a straight line does about as well: the classes are (nearly) linearly separable, "
                    "or the network needs more steps or units.")


# -- loading a model file --------------------------------------------------------------------
@dataclass(frozen=True)
class ModelCheck:
    """What a .npz file leads to: ``kind`` "error" (refused: ``message``, and the n_h the file was
    trained with when it names one), "pending" (its activation differs: ask before loading) or
    "load" (fits: load ``params``)."""

    kind: str
    name: str
    params: dict | None = None  # W1 (n_h, n_x), b1 (n_h, 1), W2 (1, n_h), b2 (1, 1)
    activation: str | None = None  # the file's, when it names one
    message: str = ""
    file_n_h: int | None = None


def check_model_file(blob: bytes, name: str, n_x: int, n_h: int, activation: str) -> ModelCheck:
    """Read ``blob`` for a network of n_x inputs, n_h hidden units and activation g = ``activation``."""
    try:
        params, file_activation = params_from_npz(blob, n_x, n_h)
    except ModelFileError as err:
        return ModelCheck("error", name, message=str(err), file_n_h=err.file_n_h)
    if file_activation is not None and file_activation != activation:
        return ModelCheck("pending", name, params, file_activation)
    return ModelCheck("load", name, params, file_activation)


def can_switch_n_h(file_n_h: int | None, n_h_max: int) -> bool:
    """Offer "Switch to n_h = … and load" only for an n_h the settings allow."""
    return bool(file_n_h) and 1 <= file_n_h <= n_h_max


def model_error_text(name: str, message: str) -> str:
    return f"**{quoted(name)}** was not loaded: {message}. The model in use is unchanged."


def pending_text(name: str, file_activation: str, activation: str) -> str:
    return (f"**{quoted(name)}** was trained with the activation g = {file_activation}, "
            f"but the app is set to g = {activation}. Its weights only mean what they "
            f"meant with {file_activation}.")


def loaded_text(loaded: dict) -> str:
    """The success line after a load (``loaded``: name, n_h, activation, file_activation, accuracies)."""
    note = "" if loaded["file_activation"] else " (the file does not name its activation)"
    return (f"Loaded **{quoted(loaded['name'])}** into the trainer: n_h = {loaded['n_h']}, g = "
            f"{loaded['activation']}{note}. At the loaded parameters: train accuracy "
            f"{percent(loaded['train_acc'])}, test accuracy {percent(loaded['test_acc'])}. "
            + saved_text(loaded.get("saved_iteration")))


def saved_text(saved: int | None) -> str:
    """How long a loaded model had trained, as its file says (None: the file does not say)."""
    if saved is None:
        return "The file does not say how many steps it was trained (an older file): that count is unknown."
    return f"It was saved after {saved:,} training steps."


def loaded_iteration_note(name: str, saved: int | None) -> str:
    """The Training page's line on a loaded model: its steps before the file (``saved``, None when the
    file did not say; then the page counts from 0). It names no count that a step changes: a step
    reruns the board, not this line."""
    if saved is None:
        return (f"This network was loaded from **{quoted(name)}**, which does not say how many steps it had "
                "been trained: the iteration here counts the steps since it was loaded, from 0.")
    return (f"This network was loaded from **{quoted(name)}**, saved after {saved:,} steps: the iteration here "
            f"continues that count from {saved:,} (Reset goes back there).")


LOADED_CAPTION = ("Training continues from these parameters, and the Training page's Reset now returns "
                  "to them rather than to a random start; change the init seed or scale (or the data) "
                  "for a fresh random start.")


def csv_error_text(filename: str, message: str, kept: str) -> str:
    return f"**{quoted(filename)}** was not used: {message}. The data in use is unchanged: {kept}."


def accuracy_gain(base: Baseline, net: NetworkRun) -> str:
    """The network's test accuracy over the line's, in points, signed: "+12 points"."""
    return f"{100 * (net.test_acc - base.test_acc):+.0f} points"



def _listed(changes) -> str:
    return "; ".join(f"{label} {old} → {new}" for label, old, new in changes)


def overfit_question(changes, iteration: int) -> str:
    """What "Show over-fitting" asks before it changes settings (``changes``: (label, now, new))."""
    restart = (f" The data changes, so the Training page's network (now at iteration {iteration:,}) starts "
               "again from iteration 0." if iteration else "")
    return (f"This changes {len(changes)} setting{'s' if len(changes) != 1 else ''} in the sidebar: "
            f"{_listed(changes)}.{restart} Change them and run the sweep?")


def overfit_done(changes) -> str:
    """What "Show over-fitting" says it changed."""
    if not changes:
        return "The sidebar already had the over-fitting settings: nothing was changed."
    return f"Changed {len(changes)} setting{'s' if len(changes) != 1 else ''}: {_listed(changes)}."
