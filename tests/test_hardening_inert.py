"""Text from uploaded files (names, CSV cells, header values, dtype names) reaches the screen as
text: outside code spans (which Markdown shows as typed) there is no link, formula, coloured text
or emphasis that the file brought with it."""

from __future__ import annotations

import re

import numpy as np
import pytest

from shallownet import experiments_lesson as lesson
from shallownet.model_io import ModelFileError, params_from_npz
from shallownet.upload import UploadError, read_csv, template_csv
from tests.test_hardening_crafted import archive, experiments_tab, good_members

HOSTILE = ["[x](https://evil.example)", "**bold**", ":red[x]", "$x^2$", "www.evil-site.com", "<b>hi</b>",
           ":material/home:", "~~gone~~"]
ACTIVE = re.compile(r"\]\(|https?:|www\.|\$|<|:red\[|:material|\*\*bold|~~")


def outside_code(message: str) -> str:
    return re.sub(r"`[^`]*`", "", message)


def assert_inert(message: str) -> None:
    # the app's own bold (**'name'**) is allowed; what came from the file must sit in code spans
    assert not ACTIVE.search(outside_code(message)), message


def csv_with_cell(cell: str, header: str = "x1,x2,label") -> bytes:
    rows = [f"{i * 0.1:.1f},{(i % 3) * 0.2:.1f},{i % 2}" for i in range(12)]
    rows[3] = f"{cell},0.5,1"
    return "\n".join([header, *rows]).encode()


@pytest.mark.parametrize("cell", HOSTILE)
def test_hostile_cells_in_error_messages_stay_text(cell):
    with pytest.raises(UploadError) as err:
        read_csv(csv_with_cell(cell.replace(",", ";")), "data.csv")
    assert_inert(str(err.value))
    assert_inert(lesson.csv_error_text("data.csv", str(err.value), "the toy data (moons)"))


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_header_values_stay_text(value):
    with pytest.raises(UploadError) as err:
        read_csv(csv_with_cell("1", header=f"x1,{value},label,extra"), "data.csv")
    assert "header line" in str(err.value)
    assert_inert(str(err.value))


@pytest.mark.parametrize("name", ["www.evil-site.com.csv", "x.__bold__.csv", "a_b_.csv", "$x$.csv", "[x](y).csv"])
def test_hostile_file_names_stay_text_in_every_message(name):
    _, description = read_csv(template_csv(), name)
    assert_inert(description)
    assert "__bold__" not in outside_code(description)
    assert_inert(lesson.csv_error_text(name, "too few rows", "the toy data (moons)"))
    assert_inert(lesson.model_error_text(name, "missing b2"))
    assert_inert(lesson.pending_text(name, "relu", "tanh"))
    loaded = dict(name=name, n_h=4, activation="tanh", file_activation="tanh", train_acc=0.5, test_acc=0.5)
    assert_inert(lesson.loaded_text(loaded))
    assert_inert(lesson.loaded_iteration_note(name, 1000))
    assert_inert(lesson.loaded_iteration_note(name, None))


def test_a_structured_dtype_name_stays_text():
    head = np.zeros((4, 2), dtype=[("[x](https://evil.example)", "<f8")])
    import io

    buf = io.BytesIO()
    np.save(buf, head)
    with pytest.raises(ModelFileError) as err:
        params_from_npz(archive({**good_members(), "W1.npy": buf.getvalue()}), 2, 4)
    assert "not numbers" in str(err.value)
    assert_inert(lesson.model_error_text("m.npz", str(err.value)))


def screen(at) -> list[str]:
    kinds = ("markdown", "caption", "success", "error", "warning", "info")
    return [str(e.value) for kind in kinds for e in getattr(at, kind)]


def test_an_uploaded_file_named_like_a_site_is_never_a_link_on_any_page():
    at = experiments_tab("Your data")
    at.file_uploader[0].set_value(("www.evil-site.com.csv", template_csv(), "text/csv")).run()
    assert not at.exception
    texts = screen(at)
    assert any("evil-site" in t for t in texts)
    for page in ("app_pages/data.py", "app_pages/training.py", "app_pages/experiments.py"):
        at.switch_page(page)
        at.run()
        assert not at.exception
        for text in screen(at):
            assert "www." not in outside_code(text), (page, text)
    at.session_state["exp.tab"] = "Your data"
    at.run()
    at.file_uploader[0].set_value(("bad.csv", csv_with_cell("[x](https://evil.example)"), "text/csv")).run()
    errors = [e.value for e in at.error]
    assert errors and all(not ACTIVE.search(outside_code(e)) for e in errors), errors
