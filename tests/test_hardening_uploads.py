"""Hostile files: every kind of bad data or model file is refused with a message, and the app
stays whole.

Three levels:

* the readers (:func:`shallownet.upload.read_csv`, :func:`shallownet.model_io.params_from_npz`)
  refuse each case with their own error type and a short message naming the problem, and
  nothing but that error ever comes out of them (fuzzed with random and damaged files);
* the Experiments page's uploaders, in AppTest: a refused file shows its message and leaves the
  data and the model exactly as they were;
* the rest of the app after uploads: good but extreme data (the fewest rows, the largest values,
  the most rows) reaches every page with no exception and no NaN on screen.

The everyday cases (missing or extra columns, text in numbers, NaN, labels, one class, too few
or too many rows, empty, not CSV, too large) are listed in tests/test_upload.py and driven
through the page in tests/test_app_experiments.py; this file adds the damaged and disguised
files and runs every case once more through the page in one session.
"""

from __future__ import annotations

import io
import pickle
import zipfile

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shallownet.model_io import MAX_NPZ_BYTES, ModelFileError, params_from_npz, params_to_npz
from shallownet.ui.keys import TRAINER, UPLOAD
from shallownet.ui.pages_registry import PAGES
from shallownet.upload import MAX_ABS_VALUE, MAX_BYTES, MAX_ROWS, MIN_ROWS, UploadError, read_csv, template_csv
from tests.conftest import APP
from tests.test_hardening_extremes import assert_screen_clean
from tests.test_upload import BAD_FILES

PAGE = "app_pages/experiments.py"
GOOD_PARAMS = dict(W1=np.ones((4, 2)), b1=np.zeros((4, 1)), W2=np.ones((1, 4)), b2=np.zeros((1, 1)))


def npz(**arrays) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def npy(arr) -> bytes:
    """One array as the bytes of an .npy member."""
    buf = io.BytesIO()
    np.save(buf, arr)
    return buf.getvalue()


def good_npz() -> bytes:
    return params_to_npz(GOOD_PARAMS, "tanh", 0)


def zip_of(files: dict[str, bytes], compression=zipfile.ZIP_STORED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, content in files.items():
            z.writestr(name, content)
    return buf.getvalue()


def rows_csv(rows, header: str | None = "x1,x2,label") -> bytes:
    lines = ([header] if header else []) + [",".join(map(str, r)) for r in rows]
    return ("\n".join(lines) + "\n").encode()


def labelled(m: int, scale: float = 1.0) -> list[tuple]:
    rng = np.random.default_rng(1)
    return [(round(float(rng.normal()) * scale, 3), round(float(rng.normal()) * scale, 3), i % 2) for i in range(m)]


GOOD_CSV = template_csv()

# -- damaged and disguised files (in addition to tests/test_upload.py's BAD_FILES) ----------------
# name → (file name as uploaded, bytes, phrases the message must hold)
DISGUISED_CSV = {
    "truncated in a row": ("cut.csv", GOOD_CSV[: GOOD_CSV.index(b"\n", 2000) + 8], ["missing columns"]),
    "truncated in the header": ("cut.csv", GOOD_CSV[:5], ["missing columns", "header line has 2 values"]),
    "truncated in a UTF-8 character": ("cut.csv", "x1,x2,étiquette\n".encode()[:12], ["too few rows"]),
    "an .npz renamed .csv": ("model.csv", good_npz(), ["zip archive"]),
    "a pickle renamed .csv": ("data.csv", pickle.dumps({"X": [1, 2]}), ["not text"]),
    "an image renamed .csv": ("photo.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, ["not text"]),
    "a UTF-16 file": ("excel.csv", "x1,x2,label\n1,2,0\n".encode("utf-16"), ["not text"]),
    "HTML saved as .csv": ("page.csv", b"<html><body><table><tr><td>1</td></tr></table></body></html>\n" * 12,
                           ["missing columns"]),
    "spreadsheet formulas": ("f.csv", rows_csv([("=1+1", 2, 0)] + labelled(12)), ["text or empty cells"]),
    "exponent overflow": ("big.csv", rows_csv([("1e400", 0, 1)] + labelled(12)), ["NaN or infinite"]),
    "just over the value limit": ("big.csv", rows_csv([(MAX_ABS_VALUE * 1.01, 0, 1)] + labelled(12)),
                                  ["beyond ±1,000,000"]),
}

DISGUISED_NPZ = {
    "truncated archive": ("cut.npz", good_npz()[: len(good_npz()) // 2], ["not a readable .npz"]),
    "truncated member": ("cut.npz", zip_of({"W1.npy": npy(np.ones((4, 2)))[:90], "b1.npy": npy(np.zeros((4, 1)))}),
                         ["not a readable .npz"]),
    "a CSV renamed .npz": ("data.npz", GOOD_CSV, ["not an .npz archive"]),
    "binary junk renamed .npz": ("junk.npz", bytes(range(256)) * 16, ["not an .npz archive"]),
    "a plain pickle renamed .npz": ("model.npz", pickle.dumps(GOOD_PARAMS), ["not an .npz archive"]),
    "a pickled object inside": ("evil.npz", npz(**{**GOOD_PARAMS, "W1": np.array([{"a": 1}, None], dtype=object)}),
                                ["pickled"]),
    "a pickled object as an extra entry": ("evil.npz", npz(**GOOD_PARAMS, payload=np.array([print], dtype=object)),
                                           ["pickled"]),
    "an empty archive": ("empty.npz", zip_of({}), ["not an .npz archive"]),
    "an archive without the weights": ("other.npz", npz(x=np.ones(3)), ["missing W1, b1, W2, b2"]),
    "a zip of text files": ("text.npz", zip_of({f"{k}.npy": b"1,2,3" for k in GOOD_PARAMS}), ["not a saved array"]),
    "a zip bomb": ("bomb.npz", zip_of({"W1.npy": b"\0" * (8 * MAX_NPZ_BYTES)}, zipfile.ZIP_DEFLATED),
                   ["unpacks to"]),
    "too large": ("huge.npz", b"PK\x03\x04" + b"\0" * (MAX_NPZ_BYTES + 1), ["MB; a parameters file"]),
    "an empty file": ("empty.npz", b"", ["not an .npz archive"]),
    "complex weights": ("c.npz", npz(**{**GOOD_PARAMS, "W2": np.ones((1, 4), dtype=complex)}), ["not numbers"]),
    "boolean weights": ("b.npz", npz(**{**GOOD_PARAMS, "b1": np.zeros((4, 1), dtype=bool)}), ["not numbers"]),
    "infinite weights": ("inf.npz", npz(**{**GOOD_PARAMS, "b2": np.full((1, 1), np.inf)}), ["NaN or infinite"]),
    "a 3-d W1": ("w.npz", npz(**{**GOOD_PARAMS, "W1": np.ones((4, 2, 1))}), ["W1 has shape (4, 2, 1)"]),
    "scalars": ("s.npz", npz(W1=np.float64(1), b1=np.float64(0), W2=np.float64(1), b2=np.float64(0)),
                ["W1 has shape ()"]),
}


# -- the readers ---------------------------------------------------------------------------------
@pytest.mark.parametrize("case", list(DISGUISED_CSV))
def test_damaged_or_disguised_csv_is_refused_with_its_reason(case):
    name, raw, phrases = DISGUISED_CSV[case]
    with pytest.raises(UploadError) as err:
        read_csv(raw, name)
    message = str(err.value)
    for phrase in phrases:
        assert phrase in message, (case, message)
    assert len(message) < 400


@pytest.mark.parametrize("case", list(DISGUISED_NPZ))
def test_damaged_or_disguised_model_file_is_refused_with_its_reason(case):
    name, raw, phrases = DISGUISED_NPZ[case]
    with pytest.raises(ModelFileError) as err:
        params_from_npz(raw, 2, 4)
    message = str(err.value)
    for phrase in phrases:
        assert phrase in message, (case, message)
    assert len(message) < 400


def test_the_good_files_these_are_made_from_are_accepted():
    data, _ = read_csv(GOOD_CSV, "good.csv")
    assert data.X.shape == (2, 200)
    params, activation = params_from_npz(good_npz(), 2, 4)
    assert activation == "tanh" and all(np.array_equal(params[k], GOOD_PARAMS[k]) for k in GOOD_PARAMS)
    extra = npz(**GOOD_PARAMS, note=np.array("made by hand"), iteration=np.array(5))
    assert params_from_npz(extra, 2, 4)[0]["W2"].shape == (1, 4)  # extra plain entries do no harm
    odd_name = zip_of({**{f"{k}.npy": npy(v) for k, v in GOOD_PARAMS.items()}, "activation.npy": b"tanh"})
    assert params_from_npz(odd_name, 2, 4)[1] is None  # an activation that is not an array is not used


def test_loading_never_unpickles(monkeypatch):
    """Even a file that would run code when unpickled is only ever refused."""
    ran = []

    class Payload:
        def __reduce__(self):
            return (ran.append, ("unpickled!",))

    evil = npz(**{**GOOD_PARAMS, "W1": np.array([Payload()], dtype=object)})
    with pytest.raises(ModelFileError, match="pickled"):
        params_from_npz(evil, 2, 4)
    with pytest.raises(UploadError):
        read_csv(evil, "evil.csv")
    assert ran == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.integers(0, 2000), flips=st.lists(st.tuples(st.integers(0, 2000), st.integers(1, 255)), max_size=4))
def test_damaged_model_files_only_ever_raise_model_file_error(cut, flips):
    """A saved model, cut short and with a few bytes changed: loaded or refused, never a crash."""
    raw = bytearray(good_npz())
    for at, xor in flips:
        if at < len(raw):
            raw[at] ^= xor
    raw = bytes(raw[: max(cut, 0) or len(raw)])
    try:
        params, _ = params_from_npz(raw, 2, 4)
    except ModelFileError as err:
        assert str(err)
        return
    assert all(np.isfinite(v).all() for v in params.values())


MEMBERS = ("W1.npy", "b1.npy", "W2.npy", "b2.npy", "activation.npy", "other.npy")
member_bytes = st.one_of(
    st.binary(max_size=200),
    st.tuples(st.sampled_from(["<f8", "<i4", "|b1", "<c16", "<U4", "|u1", ">f4"]),
              st.lists(st.integers(0, 5), max_size=3)).map(lambda t: npy(np.zeros(t[1], dtype=t[0]))),
    st.sampled_from([npy(np.ones((4, 2))), npy(np.zeros((4, 1))), npy(np.ones((1, 4))), npy(np.zeros((1, 1))),
                     npy(np.array("relu")), npy(np.array([np.nan])), npy(np.ones((4, 2)))[:70]]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(MEMBERS), member_bytes, max_size=6))
def test_hand_made_archives_only_raise_model_file_error(members):
    """Zip archives of arbitrary members (arrays of any dtype and shape, junk, cut arrays)."""
    try:
        params, activation = params_from_npz(zip_of(members), 2, 4)
    except ModelFileError as err:
        assert str(err)
        return
    assert all(np.isfinite(v).all() and v.dtype == np.float64 for v in params.values())
    assert activation is None or activation == "relu"


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes_as_a_model_file_only_raise_model_file_error(raw):
    for blob in (raw, b"PK\x03\x04" + raw):
        try:
            params_from_npz(blob, 2, 4)
        except ModelFileError as err:
            assert str(err)


@settings(max_examples=60, deadline=None)
@given(cut=st.integers(1, len(GOOD_CSV) - 1))
def test_a_csv_cut_anywhere_is_read_or_refused(cut):
    try:
        data, description = read_csv(GOOD_CSV[:cut], "cut.csv")
    except UploadError as err:
        assert str(err)
        return
    assert np.isfinite(data.X).all() and set(np.unique(data.Y)) == {0.0, 1.0}


# -- the page's handlers ----------------------------------------------------------------------------
def open_tab(label: str, trained: bool = False):
    """A fresh session on one tab of the Experiments page; ``trained``: after 10 steps of training."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=120)
    if trained:
        at.switch_page("app_pages/training.py")
        at.run()
        at.button(key="train.step10").click().run()
        assert at.session_state[TRAINER].iteration == 10
    at.switch_page(PAGE)
    at.run()
    at.session_state["exp.tab"] = label
    at.run()
    assert not at.exception
    return at


def upload(at, name: str, content: bytes):
    at.file_uploader[0].set_value((name, content, "application/octet-stream")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(scope="module")
def data_tab():
    """One session for every bad data file: each refusal replaces the last message."""
    return open_tab("Your data")


@pytest.fixture(scope="module")
def model_tab():
    return open_tab("Load a model", trained=True)


EVERY_BAD_CSV = {**{k: ("bad.csv", raw, phrases) for k, (raw, phrases) in BAD_FILES.items()}, **DISGUISED_CSV}


@pytest.mark.parametrize("case", list(EVERY_BAD_CSV))
def test_the_page_refuses_every_bad_data_file_and_keeps_the_data(data_tab, case):
    name, raw, phrases = EVERY_BAD_CSV[case]
    at = upload(data_tab, name, raw)
    assert UPLOAD not in at.session_state
    errors = [e.value for e in at.error]
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"**'{name}'** was not used:") and "unchanged" in errors[0]
    for phrase in phrases:
        assert phrase in errors[0], (case, errors[0])


@pytest.mark.parametrize("case", list(DISGUISED_NPZ))
def test_the_page_refuses_every_bad_model_file_and_keeps_the_model(model_tab, case):
    name, raw, phrases = DISGUISED_NPZ[case]
    trainer = model_tab.session_state[TRAINER]
    before = {k: v.copy() for k, v in trainer.params.items()}
    at = upload(model_tab, name, raw)
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and errors[0].startswith(f"**'{name}'** was not loaded:"), errors
    for phrase in phrases:
        assert phrase in errors[0], (case, errors[0])
    assert at.session_state[TRAINER] is trainer and trainer.iteration == 10
    for k, v in before.items():
        np.testing.assert_array_equal(trainer.params[k], v)


def test_a_file_name_cannot_format_the_message(data_tab):
    """The uploader's file name is user text: it is shown as plain text, not as Markdown (only the
    uploader sees it, but a file named like a link still should not become one)."""
    at = upload(data_tab, "[click](https://example.com) $x$ **b**.csv", b"")
    errors = [e.value for e in at.error]
    assert len(errors) == 1
    assert "](" not in errors[0] and "$" not in errors[0] and errors[0].count("**") == 2, errors[0]


# -- good but extreme data reaches every page --------------------------------------------------------
EXTREME_DATA = {
    "fewest rows": rows_csv(labelled(MIN_ROWS)),
    "largest values": rows_csv(labelled(60, scale=MAX_ABS_VALUE / 4)),
    "one feature constant": rows_csv([(1.0, b, c) for _, b, c in labelled(40)]),
    "duplicated points with both labels": rows_csv([(0.5, 0.5, i % 2) for i in range(20)]),
}


@pytest.mark.parametrize("case", list(EXTREME_DATA))
def test_extreme_but_valid_data_reaches_every_page_cleanly(case):
    at = open_tab("Your data")
    upload(at, "extreme.csv", EXTREME_DATA[case])
    assert UPLOAD in at.session_state, [e.value for e in at.error]
    at.session_state["exp.tab"] = "Baseline"
    at.run()
    assert_screen_clean(at, f"{case}: Experiments baseline")
    for entry in PAGES:
        at.switch_page(entry.script).run()
        assert_screen_clean(at, f"{case}: {entry.name}")
        assert UPLOAD in at.session_state, f"{entry.name} dropped the upload"
    at.switch_page("app_pages/training.py").run()
    at.button(key="train.step100").click().run()
    assert_screen_clean(at, f"{case}: training 100 steps")


def test_the_most_rows_are_accepted_and_the_limit_is_below_the_server_cap():
    raw = rows_csv(labelled(MAX_ROWS))
    assert len(raw) < MAX_BYTES
    data, description = read_csv(raw, "many.csv")
    assert data.X.shape == (2, MAX_ROWS) and description == f"'many.csv', {MAX_ROWS} rows"


@pytest.mark.parametrize("flag, method", [(0x1, None), (0x0, 99)])
def test_an_encrypted_or_strangely_compressed_member_is_a_model_file_error(flag, method):
    """zipfile raises RuntimeError for an encrypted member and NotImplementedError for an
    unknown compression method: both are a damaged file, said as such."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, shape in (("W1", (4, 2)), ("b1", (4, 1)), ("W2", (1, 4)), ("b2", (1, 1))):
            arr = io.BytesIO()
            np.save(arr, np.zeros(shape))
            z.writestr(f"{name}.npy", arr.getvalue())
    data = bytearray(buf.getvalue())
    # the central directory entries: general-purpose flag at +8, compression method at +10
    at = data.find(b"PK\x01\x02")
    while at != -1:
        data[at + 8] |= flag
        if method is not None:
            data[at + 10:at + 12] = method.to_bytes(2, "little")
        at = data.find(b"PK\x01\x02", at + 4)
    with pytest.raises(ModelFileError, match="not a readable .npz"):
        params_from_npz(bytes(data), 2, 4)
