"""Lesson links in the app (AppTest): hidden settings, pages and tabs; locked settings that no widget
or button changes; ``it=`` retraining to the same network as training there by hand; the URL keeping
the run; the Share box; an upload shown in the sidebar with its Remove button."""

from __future__ import annotations

import numpy as np
import pytest

from shallownet.ui.keys import LOCKED, SHARE_OPEN, TRAINER, UPLOAD
from shallownet.ui.pages_registry import PAGES
from shallownet.upload import read_csv, template_csv
from tests.conftest import live_boards

TRAINING = "app_pages/training.py"


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def sidebar_keys(at) -> set[str]:
    return {w.key for kind in ("selectbox", "slider", "number_input") for w in getattr(at.sidebar, kind)}


def board_stat(at, label: str) -> str:
    return dict(live_boards(at)["train.board"]["stats"])[label]


def test_hidden_settings_leave_the_sidebar_and_locked_ones_are_shown_disabled(app_at):
    at = app_at(query={"hide": "lr,g", "lock": "data,h", "h": "6", "lr": "0.3"})
    assert not at.exception and not at.warning
    keys = sidebar_keys(at)
    assert "cfg.learning_rate" not in keys and "cfg.activation" not in keys
    assert at.sidebar.selectbox(key="cfg.dataset").disabled and at.slider(key="cfg.n_h").disabled
    assert at.query_params["hide"] == "lr,g" and at.query_params["lock"] == "data,h"  # the link keeps them
    # a widget write and a page's button cannot move a locked setting; Reset keeps the link's value
    at.session_state["cfg.n_h"] = 9
    at.button(key="cfg.reset").click().run()
    assert at.session_state[TRAINER].n_h == 6 and at.query_params["h"] == "6"
    assert at.query_params["lr"] == "0.3"  # a hidden setting keeps the link's value too
    at.switch_page("app_pages/shapes.py").run()
    assert at.button(key="shapes.nh_up").disabled and not at.button(key="shapes.m_up").disabled


def test_a_locked_setting_turns_off_the_buttons_that_would_change_it(app_at):
    at = app_at("app_pages/experiments.py", query={"lock": "m"})
    button = at.button(key="exp.size.overfit")
    assert button.disabled and "Locked in this lesson: Samples (train + test)." in button.help
    at = app_at("app_pages/data.py", query={"lock": "dseed,data"})
    assert at.button(key="data.new_seed").disabled and at.button(key="data.flower").disabled
    assert at.session_state[LOCKED] == {"dataset": "moons", "data_seed": 0}


def test_a_hidden_page_leaves_the_navigation_and_opening_it_says_so(app_at):
    at = app_at(query={"hide": "page:experiments,page:landscape,page:shapes"})
    home_links = [el.proto.page for el in at.get("page_link")]
    assert not {"experiments", "landscape", "shapes"} & set(home_links) and "training" in home_links
    at.switch_page("app_pages/experiments.py").run()
    assert texts(at.title) == ["Not part of this lesson"] and not at.tabs
    assert "hides this page in this lesson" in at.info[0].value
    assert [el.proto.page for el in at.get("page_link")][-1] == ""  # Home
    at.switch_page("app_pages/gradients.py").run()  # the next page skips the hidden Loss landscape and Shapes
    assert "Next: Gradient check →" in [el.proto.label for el in at.get("page_link")]


@pytest.mark.parametrize("page, hide, tabs", [
    ("app_pages/experiments.py", "tab:baseline,tab:load-a-model", ["Hidden-layer size", "Learning rate", "Your data"]),
    ("app_pages/gradients.py", "tab:zero-start", ["Gradient size", "Activations", "Initial scale"]),
    ("app_pages/forward.py", "tab:phase-by-phase", ["One example's path", "Logistic regression: one neuron"]),
])
def test_hidden_tabs_leave_their_page(app_at, page, hide, tabs):
    at = app_at(page, query={"hide": hide})
    assert not at.exception and [t.label for t in at.tabs] == tabs


def test_the_gradients_page_has_the_tabs_a_link_can_name(app_at):
    from shallownet.ui.lesson_link import TAB_LABELS

    for page in ("gradients", "experiments", "forward", "backward"):
        at = app_at(f"app_pages/{page}.py")
        assert tuple(t.label for t in at.tabs) == TAB_LABELS[page], page


def test_a_link_with_it_600_shows_the_network_trained_there_by_hand(app_at):
    by_hand = app_at(TRAINING)
    by_hand.number_input(key="train.target").set_value(600).run()
    by_hand.button(key="train.to").click().run()
    linked = app_at(TRAINING, query={"it": "600"})
    assert not linked.exception and not linked.warning
    hand, link = by_hand.session_state[TRAINER], linked.session_state[TRAINER]
    assert hand.iteration == link.iteration == 600 and board_stat(linked, "Iteration") == "600"
    assert hand.history()["train_cost"][-1] == link.history()["train_cost"][-1]  # bit for bit
    for name, value in hand.params.items():
        np.testing.assert_array_equal(link.params[name], value)
    assert board_stat(linked, "Train cost J") == board_stat(by_hand, "Train cost J")
    assert by_hand.query_params["it"] == "600"  # the hand-made run is in the URL too


def test_the_url_keeps_the_iteration_and_the_link_caps_it(app_at):
    at = app_at(TRAINING)
    assert "it" not in at.query_params
    at.button(key="train.step10").click().run()
    assert at.query_params["it"] == "10"
    at.button(key="train.reset").click().run()
    assert "it" not in at.query_params
    capped = app_at(TRAINING, query={"it": "25000", "h": "1", "m": "20"})
    assert capped.session_state[TRAINER].iteration == 20_000
    assert any("beyond the cap of 20,000 iterations" in w for w in texts(capped.warning))


def open_share(at):
    at.session_state[SHARE_OPEN] = True
    at.run()
    assert not at.exception
    return at


def test_the_share_box_gives_the_full_link_and_says_when_the_run_will_differ(app_at):
    at = open_share(app_at(TRAINING, query={"h": "5"}))
    (code,) = [c.value for c in at.sidebar.code]  # no browser here: the address `streamlit run` prints
    assert code.startswith("http://localhost:8501/?data=moons&m=400") and "&h=5&" in code
    assert "&it=" not in code and len(at.sidebar.get("image")) == 1
    at.button(key="train.step10").click().run()
    at.number_input(key="cfg.learning_rate").set_value(0.5).run()
    at.button(key="train.step10").click().run()
    (code,) = [c.value for c in at.sidebar.code]
    assert code.endswith("&lr=0.5&batch=full&notes=1&present=0&showtest=1&discrete=0&it=20")
    (note,) = texts(at.sidebar.warning)
    assert note == ("The link retrains all 20 steps at one learning rate, α = 0.5. This run used 2 learning rates "
                    "(α = 1.2, 0.5), so the class's network at iteration 20 will differ from yours.")


def test_an_upload_takes_the_datasets_place_in_the_sidebar_until_removed(app_at):
    at = app_at("app_pages/data.py")
    dataset, description = read_csv(template_csv(), "mine.csv", test_fraction=0.25, seed=0)
    at.session_state[UPLOAD] = (dataset, description)
    open_share(at)
    assert "cfg.dataset" not in sidebar_keys(at)
    assert any("**Data: your upload**" in m for m in texts(at.sidebar.markdown))
    assert any(w.startswith("Your uploaded data (") and "is not in the link" in w for w in texts(at.sidebar.warning))
    at.button(key="data.remove_upload").click().run()  # the Data page's own button
    assert UPLOAD not in at.session_state and "cfg.dataset" in sidebar_keys(at)
    at.session_state[UPLOAD] = (dataset, description)
    at.run()
    at.button(key="cfg.remove_upload").click().run()  # and the sidebar's
    assert UPLOAD not in at.session_state and not at.sidebar.warning


def test_a_rejected_csv_leaves_the_uploader(app_at):
    at = app_at("app_pages/experiments.py")
    at.session_state["exp.tab"] = "Your data"
    at.run()
    at.file_uploader[0].set_value(("bad.csv", b"x1,x2,label\n1,2,7\n", "text/csv")).run()
    assert at.error and "**'bad.csv'** was not used" in at.error[0].value
    assert not at.file_uploader[0].value  # the box is empty: the rejected file is not shown as in use


def test_every_page_runs_under_a_lesson_that_hides_and_locks(app_at):
    at = app_at(query={"hide": "lr,tab:baseline", "lock": "h,g", "it": "30"})
    for p in PAGES:
        at.switch_page(p.script).run()
        assert not at.exception, p.script
        assert at.session_state[TRAINER].iteration == 30


def load_model_file(app_at, saved: int | None):
    """A session that loaded a 4-unit tanh model file saved at ``saved`` (None: an older file
    without the count), now on the Training page."""
    import io

    from shallownet.model_io import params_to_npz
    from shallownet.network import init_params

    params = init_params(2, 4, scale=0.3, seed=3)
    if saved is None:  # as files were written before they kept the count
        buf = io.BytesIO()
        np.savez(buf, **params, activation=np.array("tanh"))
        blob = buf.getvalue()
    else:
        blob = params_to_npz(params, "tanh", saved)
    at = app_at("app_pages/experiments.py")
    at.session_state["exp.tab"] = "Load a model"
    at.run()
    at.file_uploader[0].set_value(("m.npz", blob, "application/octet-stream")).run()
    assert not at.exception and at.success
    at.switch_page(TRAINING).run()
    assert not at.exception
    return at


def curve_x(at, meta: str) -> np.ndarray:
    """The x values of the Training board's curve ``meta`` (e.g. "train_cost")."""
    import base64

    fig = next(p["figure"] for p in live_boards(at)["train.board"]["plots"] if p["id"] == "curves")
    x = next(t["x"] for t in fig["data"] if t.get("meta") == meta)
    return np.frombuffer(base64.b64decode(x["bdata"]), x["dtype"]) if isinstance(x, dict) else np.asarray(x)


@pytest.mark.parametrize("saved", [1000, 250])
def test_a_loaded_model_continues_its_iteration_count(app_at, saved):
    from shallownet.export import trainer_npz
    from shallownet.model_io import saved_iteration

    at = load_model_file(app_at, saved)
    trainer = at.session_state[TRAINER]
    assert board_stat(at, "Iteration") == f"{saved:,}"  # not 0
    assert curve_x(at, "train_cost")[0] == saved and curve_x(at, "cursor_y")[0] == saved
    for _ in range(3):
        at.button(key="train.step1").click().run()
    assert board_stat(at, "Iteration") == f"{saved + 3:,}"  # 1000 + 3 = 1003, 250 + 3 = 253
    assert list(curve_x(at, "train_cost")) == [saved, saved + 1, saved + 2, saved + 3]
    title = live_boards(at)["train.board"]["table"]["title"]
    assert title == f"The next update (iteration {saved + 3:,} → {saved + 4:,})"
    assert trainer.iteration == 3  # the history's rows: the run's own steps
    said = (f"saved after {saved:,} steps: the iteration here continues that count from {saved:,} "
            "(Reset goes back there)")
    assert any(said in c for c in texts(at.caption)), texts(at.caption)
    at.number_input(key="train.target").set_value(saved + 50).run()
    at.button(key="train.to").click().run()
    assert board_stat(at, "Iteration") == f"{saved + 50:,}" and trainer.iteration == 50
    assert saved_iteration(trainer_npz(trainer)) == saved + 50  # the Parameters download records the total
    assert "h" in at.query_params and "it" not in at.query_params  # the link cannot retrain a loaded model
    open_share(at)
    notes = texts(at.sidebar.warning)
    assert any(w.startswith("The model loaded from m.npz is not in the link, nor is its iteration") for w in notes)
    at.button(key="train.reset").click().run()  # back to the loaded model, at its own count
    assert board_stat(at, "Iteration") == f"{saved:,}" and trainer.iteration == 0


def test_an_older_model_file_counts_from_zero_and_says_its_count_is_unknown(app_at):
    from shallownet.export import trainer_npz
    from shallownet.model_io import saved_iteration

    at = load_model_file(app_at, None)
    assert board_stat(at, "Iteration") == "0"
    at.button(key="train.step10").click().run()
    assert board_stat(at, "Iteration") == "10"
    said = "which does not say how many steps it had been trained: the iteration here counts the steps since"
    assert any(said in c for c in texts(at.caption)), texts(at.caption)
    assert saved_iteration(trainer_npz(at.session_state[TRAINER], count_known=False)) is None
    assert "it" not in at.query_params


def test_the_lesson_link_form_makes_the_link_it_was_asked_for(app_at):
    at = app_at(query={"h": "7", "it": "50"})
    at.session_state["home.builder"] = True
    at.run()
    for key in ("share.hide.lr", "share.lock.h", "share.page.shapes", "share.tab.baseline", "share.it"):
        at.checkbox(key=key).check()
    at.button[[b.label for b in at.button].index("Make the link")].click().run()
    assert not at.exception
    (code,) = [c.value for c in at.main.code]
    assert code == ("http://localhost:8501/?data=moons&m=400&noise=0.2&test=0.25&dseed=0&h=7&g=tanh&init=0.01"
                    "&seed=0&lr=1.2&batch=full&notes=1&present=0&showtest=1&discrete=0&hide=lr,page:shapes,tab:baseline&lock=h&it=50")
    opened = app_at(query=dict(kv.split("=", 1) for kv in code.split("?", 1)[1].split("&")))
    assert not opened.warning and "cfg.learning_rate" not in sidebar_keys(opened)
    assert opened.slider(key="cfg.n_h").disabled and opened.session_state[TRAINER].iteration == 50
    opened.session_state["home.builder"] = True  # the opened lesson starts the form
    opened.run()
    ticked = {c.key for c in opened.checkbox if c.key.startswith("share.") and c.value}
    assert ticked == {"share.hide.lr", "share.lock.h", "share.page.shapes", "share.tab.baseline"}


def test_the_form_offers_the_display_flags_and_puts_them_in_the_link(app_at):
    at = app_at()
    at.session_state["home.builder"] = True
    at.run()
    flags = [c.key for c in at.checkbox if c.key.startswith("share.flag.")]
    assert {"share.flag.present", "share.flag.showtest", "share.flag.discrete"} <= set(flags), flags
    at.checkbox(key="share.flag.present").check()
    at.checkbox(key="share.flag.discrete").check()
    at.button[[b.label for b in at.button].index("Make the link")].click().run()
    (code,) = [c.value for c in at.main.code]
    assert "&present=1&" in code and "&discrete=1" in code and "&showtest=1" in code, code


def test_no_page_links_to_a_hidden_page(app_at):
    at = app_at(query={"hide": "page:lecture_notes,page:training"})
    for p in PAGES:
        at.switch_page(p.script).run()
        links = [el.proto.page for el in at.get("page_link")]
        assert "lecture_notes" not in links and "training" not in links, (p.name, links)
