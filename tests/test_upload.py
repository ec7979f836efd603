"""CSV uploads: good files become a Dataset, every kind of bad file gets its own plain message,
and no input at all makes the reader fail with anything but UploadError."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shallownet.upload import (
    LIMITS_TEXT,
    MAX_BYTES,
    MAX_ROWS,
    MIN_ROWS,
    UploadError,
    clean_filename,
    read_csv,
    template_csv,
)


def csv_bytes(rows, header="x1,x2,label", sep=",") -> bytes:
    lines = ([header] if header else []) + [sep.join(str(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def good_rows(m=20):
    rng = np.random.default_rng(0)
    return [(round(rng.normal(), 3), round(rng.normal(), 3), i % 2) for i in range(m)]


# -- good files ---------------------------------------------------------------------
def test_template_is_a_valid_upload_with_a_header_and_both_classes():
    data, description = read_csv(template_csv(), "template.csv")
    assert data.n_x == 2 and data.X.shape == (2, 200) and data.Y.shape == (1, 200)
    assert data.X_train.shape[1] == 150 and data.X_test.shape[1] == 50  # test fraction 0.25
    assert set(np.unique(data.Y)) == {0.0, 1.0}
    assert set(np.unique(data.Y_test)) == {0.0, 1.0}  # stratified: both classes are tested
    assert description == "'template.csv', 200 rows"
    assert template_csv().startswith(b"x1,x2,label\n")


def test_values_arrive_unchanged_in_the_column_layout():
    rows = good_rows(12)
    data, _ = read_csv(csv_bytes(rows), test_fraction=0.25)
    got = sorted(zip(data.X[0], data.X[1], data.Y[0], strict=True))
    assert got == sorted((float(a), float(b), float(c)) for a, b, c in rows)


@pytest.mark.parametrize("variant", ["no header", "semicolon and decimal comma", "tab", "BOM and CRLF",
                                     "blank lines and spaces", "quoted cells", "labels as 0.0/1.0"])
def test_common_spreadsheet_variants_are_read(variant):
    rows = good_rows(12)
    raw = {
        "no header": csv_bytes(rows, header=None),
        "semicolon and decimal comma": csv_bytes(
            [(str(a).replace(".", ","), str(b).replace(".", ","), c) for a, b, c in rows],
            header="x1;x2;label", sep=";"),
        "tab": csv_bytes(rows, header="x1\tx2\tlabel", sep="\t"),
        "BOM and CRLF": b"\xef\xbb\xbf" + csv_bytes(rows).replace(b"\n", b"\r\n"),
        "blank lines and spaces": b"\n" + csv_bytes(rows).replace(b",", b" , ").replace(b"\n", b"\n\n"),
        "quoted cells": csv_bytes([(f'"{a}"', f'"{b}"', f'"{c}"') for a, b, c in rows], header='"a","b","y"'),
        "labels as 0.0/1.0": csv_bytes([(a, b, f"{c:.1f}") for a, b, c in rows]),
    }[variant]
    data, description = read_csv(raw, "mine.csv")
    assert data.X.shape == (2, 12)
    assert description == "'mine.csv', 12 rows"
    np.testing.assert_allclose(np.sort(data.X[0]), np.sort([a for a, _, _ in rows]))


def test_split_follows_the_test_fraction_and_seed():
    raw = csv_bytes(good_rows(40))
    a, _ = read_csv(raw, test_fraction=0.5, seed=3)
    b, _ = read_csv(raw, test_fraction=0.5, seed=3)
    assert a.X_test.shape[1] == 20
    np.testing.assert_array_equal(a.X_test, b.X_test)


# -- bad files: each case its own message ---------------------------------------------------
def _rows_with(line_no: int, cells: str, m: int = 20) -> bytes:
    """A good file whose data line ``line_no`` (1 = the first data line) is replaced."""
    lines = [",".join(map(str, r)) for r in good_rows(m)]
    lines[line_no - 1] = cells
    return ("x1,x2,label\n" + "\n".join(lines) + "\n").encode()


BAD_FILES = {
    "missing column": (csv_bytes([(a, b) for a, b, _ in good_rows()], header="x1,x2"),
                       ["missing columns", "the header line has 2 values"]),
    "missing column in one row": (_rows_with(4, "0.5,1"), ["missing columns", "line 5 has 2 values"]),
    "extra column": (csv_bytes([(*r, 7) for r in good_rows()], header="x1,x2,label,id"),
                     ["extra columns", "the header line has 4 values"]),
    "extra column in one row": (_rows_with(3, "0.5,1,0,9"), ["extra columns", "line 4 has 4 values"]),
    "text in a feature": (_rows_with(2, "0.5,abc,1"), ["text or empty cells", "line 3, column x2: 'abc'"]),
    "empty feature cell": (_rows_with(2, "0.5,,1"), ["line 3, column x2: empty"]),
    "text label": (_rows_with(5, "0.5,0.1,yes"), ["line 6, column label: 'yes'"]),
    "NaN": (_rows_with(2, "nan,0.1,1"), ["NaN or infinite", "line 3, column x1"]),
    "infinity": (_rows_with(7, "0.3,-inf,0"), ["NaN or infinite", "line 8, column x2"]),
    "huge value": (_rows_with(2, "1e12,0.1,1"), ["beyond ±1,000,000", "line 3, column x1"]),
    "three classes": (csv_bytes([(a, b, i % 3) for i, (a, b, _) in enumerate(good_rows())]),
                      ["labels must be 0 or 1", "3 different labels (0, 1, 2)"]),
    "labels 1 and 2": (csv_bytes([(a, b, c + 1) for a, b, c in good_rows()]),
                       ["labels must be 0 or 1", "(1, 2)"]),
    "fractional label": (_rows_with(2, "0.5,0.1,0.5"), ["labels must be 0 or 1", "line 3: 0.5"]),
    "single class": (csv_bytes([(a, b, 1) for a, b, _ in good_rows()]), ["a single class", "label 1"]),
    "one example of a class": (csv_bytes([(a, b, int(i == 0)) for i, (a, b, _) in enumerate(good_rows())]),
                               ["class 1 has only 1 row"]),
    "too few rows": (csv_bytes(good_rows(MIN_ROWS - 1)), ["too few rows", f"{MIN_ROWS - 1} data rows",
                                                          f"at least {MIN_ROWS}"]),
    "header only": (b"x1,x2,label\n", ["too few rows", "0 data rows"]),
    "more rows than the limit": (csv_bytes(good_rows(MAX_ROWS + 1)), ["too many rows", f"more than {MAX_ROWS}"]),
    "empty file": (b"", ["the file is empty"]),
    "only blank lines": (b"\n  \n\t\n", ["no data"]),
    "binary junk": (bytes(range(256)) * 8, ["not text", "binary"]),
    "random bytes": (np.random.default_rng(0).integers(0, 256, 4000, dtype=np.uint8).tobytes(),
                     ["not text"]),
    "zip archive (xlsx or npz)": (b"PK\x03\x04" + b"\x00" * 100, ["zip archive", "Save as"]),
    "very large file": (b"0.1,0.2,1\n" * (MAX_BYTES // 10 + 1), ["MB; the limit is 1 MB"]),
    "latin-1 junk": (bytes(range(128, 256)) * 20, ["not readable text"]),
    "code, not data": (_rows_with(1, "__import__('os').system('ls'),1,0"), ["text or empty cells"]),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_each_bad_file_is_refused_with_its_own_message(case):
    raw, phrases = BAD_FILES[case]
    with pytest.raises(UploadError) as err:
        read_csv(raw, "bad.csv")
    message = str(err.value)
    for phrase in phrases:
        assert phrase in message, (case, message)
    assert len(message) < 400  # a message to read, not a dump


def test_many_bad_cells_are_counted_not_all_listed():
    lines = "\n".join(f"{i},oops,1" if i % 2 else f"{i},0.5,0" for i in range(30))
    with pytest.raises(UploadError, match=r"and 12 more"):
        read_csv(lines.encode())


def test_limits_are_stated():
    assert f"{MIN_ROWS}–{MAX_ROWS} rows" in LIMITS_TEXT and "1 MB" in LIMITS_TEXT


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_never_crash_the_reader(raw):
    try:
        read_csv(raw)
    except UploadError as err:
        assert str(err)


cell = st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(repr), st.integers(-3, 3).map(str),
                 st.text(alphabet="0123456789.,;-eE naif\"'\t", max_size=8))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(cell, min_size=0, max_size=5), max_size=40))
def test_arbitrary_csv_like_text_never_crashes_the_reader(rows):
    raw = "\n".join(",".join(r) for r in rows).encode()
    try:
        data, _ = read_csv(raw)
    except UploadError:
        return
    assert np.isfinite(data.X).all() and set(np.unique(data.Y)) == {0.0, 1.0}


@pytest.mark.parametrize("name, shown", [
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\me\\my data.csv", "my_data.csv"),
    ("**bold** [link](x).csv", "bold_link_x_.csv"),
    ("", "upload.csv"),
    ("a" * 80 + ".csv", "a" * 37 + "…"),
])
def test_file_names_are_made_safe_to_show(name, shown):
    assert clean_filename(name) == shown


def test_an_xlsx_workbook_is_recognised_as_a_zip():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UploadError, match="zip archive"):
        read_csv(buf.getvalue(), "data.csv")
