"""Crafted model files and failing callbacks: refused with the plain message, nothing allocated,
no traceback on screen.

The crafted archives are built here byte by byte (zipfile, struct): a corrupt deflate stream,
the "encrypted" flag, compression method 99, and stored members whose .npy header declares a
huge array over 1 KB of data. The reader must look at the headers (zip and .npy) before it
allocates anything: ``tracemalloc`` (NumPy reports its buffers to it) bounds the peak.
"""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile

import numpy as np
import pytest

from shallownet.model_io import ModelFileError, params_from_npz, params_to_npz
from shallownet.training import MAX_ABS_PARAM
from shallownet.ui.keys import TRAINER
from shallownet.ui.page import CALLBACK_FAILED
from tests.conftest import APP

GOOD = dict(W1=np.ones((4, 2)), b1=np.zeros((4, 1)), W2=np.ones((1, 4)), b2=np.zeros((1, 1)))


def npy(arr) -> bytes:
    buf = io.BytesIO()
    np.save(buf, arr)
    return buf.getvalue()


def archive(members: dict[str, bytes], compression=zipfile.ZIP_STORED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, content in members.items():
            z.writestr(name, content)
    return buf.getvalue()


def good_members() -> dict[str, bytes]:
    return {f"{k}.npy": npy(v) for k, v in GOOD.items()}


def patched_headers(raw: bytes, local_at: int, central_at: int, value: int) -> bytes:
    """Every local and central zip header with the 16-bit field at the given offsets set to ``value``."""
    out = bytearray(raw)
    for signature, offset in ((b"PK\x03\x04", local_at), (b"PK\x01\x02", central_at)):
        at = out.find(signature)
        while at >= 0:
            out[at + offset: at + offset + 2] = struct.pack("<H", value)
            at = out.find(signature, at + 4)
    return bytes(out)


def corrupt_deflate() -> bytes:
    """W1's deflate stream replaced by bytes that declare an invalid block type (zlib.error)."""
    raw = bytearray(archive(good_members(), zipfile.ZIP_DEFLATED))
    info = zipfile.ZipFile(io.BytesIO(bytes(raw))).getinfo("W1.npy")
    name_len, extra_len = struct.unpack("<HH", raw[info.header_offset + 26: info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    raw[start: start + info.compress_size] = b"\xff" * info.compress_size
    return bytes(raw)


def declared_huge(shape: tuple) -> bytes:
    """A stored W1 member of 1 KB whose .npy header declares ``shape`` float64."""
    head = io.BytesIO()
    np.lib.format.write_array_header_1_0(head, {"descr": "<f8", "fortran_order": False, "shape": shape})
    return archive({**good_members(), "W1.npy": head.getvalue() + b"\0" * 1024})


CRAFTED = {
    "corrupt deflate stream": corrupt_deflate(),
    "encrypted flag": patched_headers(archive(good_members()), 6, 8, 0x1),
    "compression method 99": patched_headers(archive(good_members()), 8, 10, 99),
    "shape (2**40,) float64 in 1 KB": declared_huge((2**40,)),
    "shape (4_000_000_000,) float64 in 1 KB": declared_huge((4_000_000_000,)),
}


@pytest.mark.parametrize("case", list(CRAFTED))
def test_crafted_files_are_refused_without_allocating(case):
    tracemalloc.start()
    try:
        with pytest.raises(ModelFileError) as err:
            params_from_npz(CRAFTED[case], 2, 4)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000, f"{case}: {peak / 1e6:.0f} MB allocated while reading"
    message = str(err.value)
    assert "not a readable .npz" in message or "W1 has shape" in message, message
    assert "/" not in message and "Traceback" not in message


def test_huge_but_finite_weights_are_refused():
    """1e300 would overflow the trainer; a model may hold what training itself allows."""
    with pytest.raises(ModelFileError, match="too large") as err:
        params_from_npz(params_to_npz({**GOOD, "W2": np.full((1, 4), 1e300)}), 2, 4)
    assert "norm is 2e+300" in str(err.value) and f"{MAX_ABS_PARAM:g}" in str(err.value)
    just_under = {**GOOD, "W1": np.full((4, 2), 0.99 * MAX_ABS_PARAM / np.sqrt(8)), "W2": np.zeros((1, 4))}
    params, _ = params_from_npz(params_to_npz(just_under), 2, 4)  # the bound itself is allowed
    assert np.array_equal(params["W1"], just_under["W1"])


# -- through the page ---------------------------------------------------------------------------
def experiments_tab(tab: str):
    """An AppTest of the Experiments page with ``tab`` open."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("app_pages/experiments.py")
    at.run()
    at.session_state["exp.tab"] = tab
    at.run()
    return at


def model_tab():
    return experiments_tab("Load a model")


def screen_text(at) -> str:
    return " ".join(str(getattr(e, "value", "")) for kind in ("error", "markdown", "caption", "warning", "success")
                    for e in getattr(at, kind))


def test_the_page_refuses_crafted_and_huge_files_and_keeps_the_model():
    at = model_tab()
    at.switch_page("app_pages/training.py")
    at.run()
    at.button(key="train.step10").click().run()
    before = at.session_state[TRAINER].params["W1"].copy()
    at.switch_page("app_pages/experiments.py")
    at.run()
    at.session_state["exp.tab"] = "Load a model"
    at.run()
    files = {**CRAFTED, "1e300 weights": params_to_npz({**GOOD, "W2": np.full((1, 4), 1e300)})}
    for case, raw in files.items():
        at.file_uploader[0].set_value((f"{case[:8]}.npz", raw, "application/octet-stream")).run()
        assert not at.exception, (case, [e.value for e in at.exception])
        errors = [e.value for e in at.error]
        assert any("was not loaded" in e and "The model in use is unchanged" in e for e in errors), (case, errors)
        assert np.array_equal(at.session_state[TRAINER].params["W1"], before)


def test_a_failing_callback_shows_the_plain_message_not_a_traceback(monkeypatch):
    """Callbacks run outside the page's guard: an unexpected error in one (here in the uploader's
    handler) must not replace the page with a traceback naming server paths."""
    import shallownet.ui.uploads as uploads

    def broken(*args, **kwargs):
        raise RuntimeError("/srv/app/secret/path.py exploded")

    at = model_tab()
    monkeypatch.setattr(uploads, "check_model_file", broken)
    at.file_uploader[0].set_value(("m.npz", params_to_npz(GOOD), "application/octet-stream")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(CALLBACK_FAILED in e.value for e in at.error)
    assert "/srv/app" not in screen_text(at)
    assert at.tabs  # the page itself was still drawn


def test_a_failing_page_shows_a_reference_not_a_traceback():
    """run_guarded used to put st.exception (the traceback, with the server's paths) in an expander."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(
        "from shallownet.ui.page import run_guarded\n"
        "class Broken:\n"
        "    title = 'Broken'\n"
        "    def run(self):\n"
        "        raise FileNotFoundError('/srv/app/secret/data.csv')\n"
        "run_guarded(Broken())\n"
    )
    at.run()
    assert not at.exception
    assert any("Something went wrong while drawing this page" in e.value for e in at.error)
    shown = screen_text(at)
    assert "/srv/app" not in shown and "reference" in shown and "FileNotFoundError" in shown


def test_every_widget_callback_goes_through_the_guard():
    """Callbacks run outside the page's error guard: each on_click / on_change that is a function
    must be wrapped in ``guarded`` (strings such as "rerun" and "ignore" are Streamlit's own)."""
    import ast
    from pathlib import Path

    root = Path(APP).parent
    files = [root / "app.py", *sorted((root / "app_pages").glob("*.py")), *sorted((root / "shallownet").rglob("*.py"))]
    bare = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for kw in getattr(node, "keywords", []) if isinstance(node, ast.Call) else []:
                if kw.arg not in ("on_click", "on_change") or isinstance(kw.value, ast.Constant):
                    continue
                call = kw.value
                if not (isinstance(call, ast.Call) and getattr(call.func, "id", None) == "guarded"):
                    bare.append(f"{path.relative_to(root)}:{node.lineno}")
    assert not bare, f"callbacks without guarded(): {bare}"
