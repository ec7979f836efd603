"""Experiments: sweeps over the hidden-layer size and the learning rate, a logistic-regression
baseline, your own data (CSV) and a saved model (.npz).

The sweeps run on a click (never just because the page opened), one cached network at a
time under a progress bar; results are kept in this session so the page redraws them without
training again (and a class opening the same link shares the cached networks). Uploads are handled
in the uploaders' callbacks, before the page runs: a good file replaces the data (or the
model) for every page, a bad one leaves everything as it was and says why.
"""

from dataclasses import replace
from pathlib import Path

import streamlit as st

from shallownet import sweeps
from shallownet.figures import experiments_view as ev
from shallownet.model_io import ModelFileError, params_from_npz
from shallownet.questions import path as questions
from shallownet.ui.live import live_chart
from shallownet.ui.page import shared_figure
from shallownet.ui.settings import FIELD_BY_NAME
from shallownet.ui.shared_work import BASELINE_RESOLUTION, logistic_baseline, sweep_network, sweep_rate, upload_template
from shallownet.ui.state import (
    UPLOAD,
    current_data,
    current_settings,
    data_identity,
    describe,
    get_trainer,
    page_link,
    set_setting,
    trainer_key,
)
from shallownet.ui.teaching import ask, next_page_link
from shallownet.upload import LIMITS_TEXT, UploadError, clean_filename, read_csv

TABS = ("Hidden-layer size", "Learning rate", "Baseline", "Your data", "Load a model")
SIZE_OPTIONS = (1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50)
RATE_OPTIONS = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
STEP_OPTIONS = (500, 1000, 2000, 3000, 5000)
MAX_RUNS = 8  # per sweep: 8 networks × 5000 steps stay within a few seconds

CSV_GEN, CSV_ERROR, CSV_NOTE = "exp.csv.gen", "exp.csv.error", "exp.csv.note"
NPZ_GEN, NPZ_ERROR, NPZ_PENDING, NPZ_LOADED = "exp.npz.gen", "exp.npz.error", "exp.npz.pending", "exp.npz.loaded"
SIZE_RESULT, RATE_RESULT = "exp.size.result", "exp.rate.result"
SIZE_REQUEST, RATE_REQUEST = "exp.size.requested", "exp.rate.requested"


def request(flag: str) -> None:
    """Button callback: ask for a sweep. A flag in the session (not the button's one-run
    value) survives any rerun that happens before the page gets to run the sweep."""
    st.session_state[flag] = True


def show_overfitting() -> None:
    """Callback: a small noisy data set and long training, where wide networks over-fit."""
    # half the points held out, so test accuracy is measured on 40 points rather than 20
    for name, value in (("dataset", "moons"), ("n_samples", 80), ("noise", 0.35), ("test_fraction", 0.5),
                        ("data_seed", 9)):
        set_setting(name, value)
    st.session_state["exp.size.sizes"] = list(sweeps.HIDDEN_SIZES)
    st.session_state["exp.size.steps"] = 5000
    request(SIZE_REQUEST)


def with_progress(items, compute, label) -> list:
    """compute(item) for each item under a progress bar (a cached item is instant)."""
    bar = st.progress(0.0, text="Starting…")
    results = []
    for i, item in enumerate(items):
        bar.progress(i / len(items), text=f"Training {label(item)} ({i + 1} of {len(items)})…")
        results.append(compute(item))
    bar.empty()
    return results


def data_label(settings) -> str:
    upload = st.session_state.get(UPLOAD)
    return f"your data ({upload[1]})" if upload else f"{settings.dataset} ({settings.n_samples} points)"


def run_settings(settings) -> str:
    return (f"g = {settings.activation}, α = {settings.learning_rate:g}, init scale "
            f"{settings.init_scale:g}, init seed {settings.init_seed}")


# -- hidden-layer size ---------------------------------------------------------------
def size_tab(settings, data) -> None:
    st.markdown("Train one network per hidden-layer size, everything else equal, and compare their "
                "decision boundaries. Few units give a simple boundary; many units can bend it "
                "around single training points — **over-fitting** shows as test accuracy falling "
                "behind train accuracy. (More noise and fewer samples make it easier to see.)")
    st.button("Show over-fitting: 80 noisy points, 5,000 steps", key="exp.size.overfit", on_click=show_overfitting,
              icon=":material/auto_awesome:", disabled=bool(st.session_state.get(UPLOAD)),
              help="Sets the sidebar to 80 moons points with noise 0.35, half of them held out for testing, "
                   "and runs the sweep: with 20 or 50 units the training accuracy keeps rising "
                   "while the test accuracy falls.")
    left, mid, right = st.columns([4, 2, 1], vertical_alignment="bottom")
    sizes = left.multiselect("Hidden units n_h", SIZE_OPTIONS, default=sweeps.HIDDEN_SIZES,
                             key="exp.size.sizes", persist_state="session", max_selections=MAX_RUNS)
    steps = mid.select_slider("Steps per network", STEP_OPTIONS, value=3000, key="exp.size.steps",
                              persist_state="session")
    right.button("Run sweep", key="exp.size.go", type="primary", width="stretch", disabled=not sizes,
                 on_click=request, args=(SIZE_REQUEST,))
    if sizes:
        ask(questions.largest_in_sweep(data.n_x, sizes), key="exp.size.largest")
    key = (data_identity(settings), tuple(sorted(sizes)), settings.activation, settings.learning_rate,
           steps, settings.init_scale, settings.init_seed)
    # only on a click: training a whole sweep is not something opening a page should cost
    if sizes and st.session_state.pop(SIZE_REQUEST, False):
        runs = with_progress(sorted(sizes), lambda n_h: sweep_network(
            key[0], n_h, settings.activation, settings.learning_rate, steps, settings.init_scale,
            settings.init_seed, sweeps.SURFACE_RESOLUTION, data), lambda n_h: f"n_h = {n_h}")
        st.session_state[SIZE_RESULT] = dict(key=key, runs=runs, data=data, about=describe(settings),
                                              how=f"{run_settings(settings)}, {steps:,} steps each")
    result = st.session_state.get(SIZE_RESULT)
    if result is None:
        st.info(f"Press **Run sweep** to train {len(sizes)} networks ({steps:,} steps each) on the "
                "current data, or **Show over-fitting** for the prepared example."
                if sizes else "Choose at least one size and press **Run sweep**.", icon=":material/science:")
        return
    show_staleness(result, key)
    runs = result["runs"]
    st.caption(f"{result['about']} · every network: {result['how']}. Shading: the network's "
               "probability of class 1; dark line: its decision boundary P = 0.5; filled points "
               "train, open diamonds test.")
    live_chart(shared_figure(("exp.size", result["key"]), lambda: ev.hidden_size_figure(runs, result["data"])),
               key="exp.size.chart", alt="One small boundary plot per hidden-layer size", rev=repr(result["key"]))
    live_chart(shared_figure(("exp.size.acc", result["key"]), lambda: ev.accuracy_by_size_figure(runs)),
               key="exp.size.acc", alt="Train and test accuracy by hidden-layer size", rev=repr(result["key"]))
    text = sweeps.size_sweep_summary(runs)
    st.markdown(text)
    for r in runs:
        if r.divergence:
            st.warning(f"n_h = {r.n_h}: {r.divergence}", icon="⚠️")


def show_staleness(result, key) -> None:
    if result["key"] != key:
        st.warning("The settings have changed since this sweep: these results are for "
                   f"{result['about']}. Press the button to run it for the current settings.",
                   icon=":material/history:")


# -- learning rate ------------------------------------------------------------------
def rate_tab(settings, data) -> None:
    st.markdown("Train the same network from the same start with several learning rates α. Too "
                "small crawls; a good one drops fast; too large overshoots and **diverges** — the "
                "trainer stops at the last finite step and the chart marks it with ✕ instead of "
                "plotting NaN.")
    left, mid, right = st.columns([4, 2, 1], vertical_alignment="bottom")
    rates = left.multiselect("Learning rates α", RATE_OPTIONS, default=sweeps.LEARNING_RATES,
                             key="exp.rate.rates", persist_state="session", max_selections=MAX_RUNS,
                             format_func=lambda a: f"{a:g}")
    steps = mid.select_slider("Steps per network", STEP_OPTIONS, value=3000, key="exp.rate.steps",
                              persist_state="session")
    right.button("Run sweep", key="exp.rate.go", type="primary", width="stretch", disabled=not rates,
                 on_click=request, args=(RATE_REQUEST,))
    key = (data_identity(settings), tuple(sorted(rates)), settings.n_h, settings.activation, steps,
           settings.init_scale, settings.init_seed)
    if rates and st.session_state.pop(RATE_REQUEST, False):
        runs = with_progress(sorted(rates), lambda lr: sweep_rate(
            key[0], lr, settings.n_h, settings.activation, steps, settings.init_scale,
            settings.init_seed, data), lambda lr: f"α = {lr:g}")
        st.session_state[RATE_RESULT] = dict(
            key=key, runs=runs, about=describe(settings),
            how=(f"n_h = {settings.n_h}, g = {settings.activation}, init scale {settings.init_scale:g}, "
                 f"init seed {settings.init_seed}, {steps:,} steps each"))
    result = st.session_state.get(RATE_RESULT)
    if result is None:
        st.info(f"Press **Run sweep** to train the network with {len(rates)} learning rates "
                f"({steps:,} steps each) from the same start."
                if rates else "Choose at least one rate and press **Run sweep**.", icon=":material/science:")
        return
    show_staleness(result, key)
    runs = result["runs"]
    st.caption(f"{result['about']} · every network: {result['how']}.")
    live_chart(shared_figure(("exp.rate", result["key"]), lambda: ev.rate_figure(runs)), key="exp.rate.chart",
               alt="Training cost against the iteration for each learning rate", rev=repr(result["key"]))
    rows = [{"α": f"{r.learning_rate:g}",
             "final cost J": f"{r.final_cost:.4g}",
             "train accuracy": ev.percent(r.train_acc), "test accuracy": ev.percent(r.test_acc),
             "outcome": (f"diverged at step {r.diverged_at}: {r.reason}" if r.diverged_at is not None
                         else "finished")} for r in runs]
    st.dataframe(rows, hide_index=True, width="stretch")


# -- baseline -----------------------------------------------------------------------
def baseline_tab(settings, data) -> None:
    st.markdown("Logistic regression computes ŷ = σ(w·x + b) straight from the two features: it is "
                "our network **without a hidden layer**. Its boundary w·x + b = 0 is a straight line, "
                "so it cannot curl around a moon or enclose a circle; the hidden layer's units each add "
                "a line of their own, and the output unit combines them into a curved boundary.")
    steps = st.columns([2, 3])[0].select_slider("Network training steps", STEP_OPTIONS, value=3000,
                                                key="exp.base.steps", persist_state="session")
    base = logistic_baseline(data_identity(settings), data)
    with st.spinner("Training the network…"):
        net = sweep_network(data_identity(settings), settings.n_h, settings.activation,
                             settings.learning_rate, steps, settings.init_scale, settings.init_seed,
                             BASELINE_RESOLUTION, data)
    ask(questions.baseline_vs_network(base.test_acc, net.test_acc, net.n_h), key="exp.base.who")
    c1, c2, c3 = st.columns(3)
    c1.metric("Logistic regression, test accuracy", ev.percent(base.test_acc))
    c2.metric(f"Network (n_h = {net.n_h}), test accuracy", ev.percent(net.test_acc),
              delta=f"{100 * (net.test_acc - base.test_acc):+.0f} points")
    c3.metric("Chance (the larger class)", ev.percent(majority_share(data)))
    live_chart(shared_figure(("exp.base", data_identity(settings), settings.model_key, settings.learning_rate, steps),
                              lambda: ev.baseline_figure(base, net, data)), key="exp.base.chart",
               alt="The logistic-regression line beside the network's boundary")
    m = data.Y_train.shape[1]
    neuron_w, neuron_b, neuron_J = sweeps.neuron_line(data)
    st.caption(f"{describe(settings)} · network: {run_settings(settings)}, {net.iterations:,} steps. "
               f"Fitted line: {sweeps.line_equation(base.coef, base.intercept)} "
               f"(scikit-learn LogisticRegression, default regularisation C = {base.C:g}, on the {m} training "
               f"points; its cost there: J = {base.train_cost:.3f}).")
    st.markdown(
        f"**Why this line differs from the single neuron on the Backward page's Logistic-regression tab.** "
        f"scikit-learn does not minimise J alone: with C = {base.C:g} it minimises "
        f"J + ‖w‖²/(2·C·m) = J + {sweeps.penalty_weight(base.C, m):.2g}·‖w‖² (m = {m}), a penalty that "
        "pulls the weights w towards 0 (regularisation; the bias b is not penalised), and it solves that "
        f"to convergence. The neuron on the Backward page minimises J alone, by {sweeps.neuron_steps()} "
        f"gradient-descent steps from w = 0. On these training points it gives "
        f"{sweeps.line_equation(neuron_w, neuron_b)} (J = {neuron_J:.3f}), where this fit gives "
        f"{sweeps.line_equation(base.coef, base.intercept)} (J = {base.train_cost:.3f}).")
    if net.divergence:
        st.warning(net.divergence, icon="⚠️")
    elif net.test_acc - base.test_acc >= 0.05:
        st.success(f"The hidden layer wins by {100 * (net.test_acc - base.test_acc):.0f} points on the "
                   "test data: this boundary needs a bend.", icon=":material/check_circle:")
    elif net.train_acc - base.train_acc >= 0.05:
        st.success(f"The hidden layer fits the training data far better ({ev.percent(net.train_acc)} "
                   f"against {ev.percent(base.train_acc)}): a straight line cannot follow this boundary. "
                   f"On these {data.Y_test.shape[1]} test points the margin is smaller "
                   f"({ev.percent(net.test_acc)} against {ev.percent(base.test_acc)}).",
                   icon=":material/check_circle:")
    else:
        st.info("Here a straight line does about as well: the classes are (nearly) linearly separable, "
                "or the network needs more steps or units.", icon=":material/info:")


def majority_share(data) -> float:
    """Accuracy of always answering the larger class, on the test split."""
    y = data.Y_test if data.Y_test.size else data.Y_train
    p = float(y.mean())
    return max(p, 1.0 - p)


# -- your data ----------------------------------------------------------------------
def accept_csv(blob: bytes, filename: str, settings) -> None:
    """Use the file as the data on every page, or keep the data as it is and say what's wrong."""
    try:
        dataset, description = read_csv(blob, filename, test_fraction=settings.test_fraction,
                                        seed=settings.data_seed)
    except UploadError as err:
        st.session_state[CSV_ERROR] = (filename, str(err))
        return
    st.session_state.pop(CSV_ERROR, None)
    st.session_state[UPLOAD] = (dataset, description)
    st.session_state[CSV_NOTE] = description


def on_csv(widget_key: str, settings) -> None:
    file = st.session_state.get(widget_key)
    if file is not None:  # None: the file was removed from the box; the data stays until cleared
        accept_csv(file.getvalue(), clean_filename(file.name), settings)  # the name is shown as Markdown


def clear_upload() -> None:
    for key in (UPLOAD, CSV_ERROR, CSV_NOTE):
        st.session_state.pop(key, None)
    st.session_state[CSV_GEN] = st.session_state.get(CSV_GEN, 0) + 1  # a fresh, empty uploader


def upload_status(settings) -> None:
    upload = st.session_state.get(UPLOAD)
    if upload:
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.success(f"Using your data — {upload[1]} — on every page, split "
                     f"{1 - settings.test_fraction:.0%} train / {settings.test_fraction:.0%} test.",
                     icon=":material/upload_file:")
        right.button("Clear uploaded data", key="exp.csv.clear", on_click=clear_upload, width="stretch")
    else:
        st.caption(f"Data in use: the toy data set {settings.dataset} ({settings.n_samples} points), "
                   "from the sidebar.")


def data_tab(settings, data) -> None:
    st.markdown(f"Upload a CSV file of points: two feature columns **x1, x2** and a **label** column "
                f"holding 0 or 1, one point per line, an optional header line. It replaces the toy "
                f"data on every page until you clear it. Limits: {LIMITS_TEXT}.")
    st.download_button("Download a template CSV", upload_template(), file_name="shallownet-template.csv",
                       mime="text/csv", key="exp.csv.template", icon=":material/download:")
    widget_key = f"exp.csv.file{st.session_state.get(CSV_GEN, 0)}"
    st.file_uploader("CSV file (x1, x2, label)", type=["csv", "txt"], key=widget_key,
                     on_change=on_csv, args=(widget_key, settings))
    error = st.session_state.get(CSV_ERROR)
    if error:
        kept = (f"your earlier upload ({st.session_state[UPLOAD][1]})" if st.session_state.get(UPLOAD)
                else f"the toy data ({settings.dataset})")
        st.error(f"**{error[0]}** was not used: {error[1]}. The data in use is unchanged: {kept}.",
                 icon=":material/error:")
    upload_status(settings)
    with st.columns([3, 2])[0]:
        live_chart(ev.data_figure(data, title="The data in use"), key="exp.csv.preview", alt="The data in use")


# -- load a model -------------------------------------------------------------------
def try_load(blob: bytes, filename: str, settings) -> None:
    """Check the .npz against the network of ``settings``; load it, or ask before switching."""
    for key in (NPZ_ERROR, NPZ_PENDING, NPZ_LOADED):
        st.session_state.pop(key, None)
    data = current_data(settings)
    try:
        params, activation = params_from_npz(blob, data.n_x, settings.n_h)
    except ModelFileError as err:
        st.session_state[NPZ_ERROR] = dict(name=filename, message=str(err), file_n_h=err.file_n_h, blob=blob)
        return
    if activation is not None and activation != settings.activation:
        st.session_state[NPZ_PENDING] = dict(name=filename, params=params, activation=activation)
        return
    load(params, filename, activation, settings)


def load(params: dict, filename: str, file_activation: str | None, settings) -> None:
    """Start this session's trainer (for ``settings``) from ``params``."""
    trainer = get_trainer(settings)
    trainer.reset(params=params)
    h = trainer.history()
    st.session_state[NPZ_LOADED] = dict(
        name=filename, n_h=settings.n_h, activation=settings.activation, file_activation=file_activation,
        train_acc=float(h["train_acc"][0]), test_acc=float(h["test_acc"][0]), params=trainer.params,
        data=data_label(settings), key=trainer_key(settings),
    )


# Callbacks get the settings of the run that drew the widget (they run before the next run,
# and one interaction changes one thing); a switch passes the changed copy on.
def on_npz(widget_key: str, settings) -> None:
    file = st.session_state.get(widget_key)
    if file is not None:
        try_load(file.getvalue(), clean_filename(file.name), settings)


def switch_n_h_and_retry(settings) -> None:
    error = st.session_state.get(NPZ_ERROR)
    if error and error["file_n_h"]:
        set_setting("n_h", error["file_n_h"])
        try_load(error["blob"], error["name"], replace(settings, n_h=error["file_n_h"]))


def switch_activation_and_load(settings) -> None:
    pending = st.session_state.pop(NPZ_PENDING, None)
    if pending:
        set_setting("activation", pending["activation"])
        load(pending["params"], pending["name"], pending["activation"],
             replace(settings, activation=pending["activation"]))


def load_pending_anyway(settings) -> None:
    pending = st.session_state.pop(NPZ_PENDING, None)
    if pending:
        load(pending["params"], pending["name"], pending["activation"], settings)


def cancel_pending() -> None:
    st.session_state.pop(NPZ_PENDING, None)


def model_tab(settings, data) -> None:
    st.markdown("Load a parameters file (**.npz**) saved on the Training page and continue training "
                "from it. The file is read as plain arrays (never as pickled Python objects) and "
                f"checked: W1, b1, W2, b2 must be present, finite, and shaped for n_x = {data.n_x} inputs "
                f"and the current n_h = {settings.n_h} hidden units.")
    widget_key = f"exp.npz.file{st.session_state.get(NPZ_GEN, 0)}"
    st.file_uploader("Parameters file (.npz)", type=["npz"], key=widget_key, on_change=on_npz,
                     args=(widget_key, settings))
    error = st.session_state.get(NPZ_ERROR)
    if error:
        st.error(f"**{error['name']}** was not loaded: {error['message']}. The model in use is unchanged.",
                 icon=":material/error:")
        n_h_max = FIELD_BY_NAME["n_h"].hi
        if error["file_n_h"] and 1 <= error["file_n_h"] <= n_h_max:
            st.button(f"Switch to n_h = {error['file_n_h']} and load", key="exp.npz.switch_n_h",
                      on_click=switch_n_h_and_retry, args=(settings,))
    pending = st.session_state.get(NPZ_PENDING)
    if pending:
        st.warning(f"**{pending['name']}** was trained with the activation g = {pending['activation']}, "
                   f"but the app is set to g = {settings.activation}. Its weights only mean what they "
                   f"meant with {pending['activation']}.", icon=":material/warning:")
        b1, b2, b3 = st.columns(3)
        b1.button(f"Switch to {pending['activation']} and load", key="exp.npz.switch_g", type="primary",
                  on_click=switch_activation_and_load, args=(settings,), width="stretch")
        b2.button(f"Load with {settings.activation} anyway", key="exp.npz.anyway",
                  on_click=load_pending_anyway, args=(settings,), width="stretch")
        b3.button("Cancel", key="exp.npz.cancel", on_click=cancel_pending, width="stretch")
    loaded = st.session_state.get(NPZ_LOADED)
    if loaded and loaded["key"] == trainer_key(settings):  # else the data or network changed since
        show_loaded(loaded, data)


def show_loaded(loaded: dict, data) -> None:
    note = "" if loaded["file_activation"] else " (the file does not name its activation)"
    st.success(f"Loaded **{loaded['name']}** into the trainer: n_h = {loaded['n_h']}, g = "
               f"{loaded['activation']}{note}. At the loaded parameters: train accuracy "
               f"{ev.percent(loaded['train_acc'])}, test accuracy {ev.percent(loaded['test_acc'])}.",
               icon=":material/check_circle:")
    st.caption("Training continues from these parameters, and the Training page's Reset now returns "
               "to them rather than to a random start; change the init seed or scale (or the data) "
               "for a fresh random start.")
    training = Path(__file__).with_name("training.py")
    if training.exists():
        page_link("app_pages/training.py", label="Continue on the Training page", icon=":material/play_circle:")
    boundary = sweeps.network_boundary(loaded["params"], data.X, loaded["activation"], BASELINE_RESOLUTION)
    with st.columns([3, 2])[0]:
            live_chart(ev.data_figure(data, title=f"The loaded model on {loaded['data']}", boundary=boundary,
                                      caption=f"train {ev.percent(loaded['train_acc'])} · "
                                              f"test {ev.percent(loaded['test_acc'])}"),
                       key="exp.npz.chart", alt="The loaded model's boundary on its data")


# -- the page -----------------------------------------------------------------------
settings = current_settings()
data = current_data(settings)
st.title("Experiments")
st.caption(describe(settings))
tabs = st.tabs(TABS, key="exp.tab", on_change="rerun")
for tab, draw in zip(tabs, (size_tab, rate_tab, baseline_tab, data_tab, model_tab), strict=True):
    if tab.open:
        with tab:
            draw(settings, data)
next_page_link("app_pages/experiments.py")
