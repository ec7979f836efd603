"""Your own data: a CSV with two feature columns and a 0/1 label column, checked line by line.

:func:`read_csv` turns the bytes of an uploaded file into a :class:`~shallownet.datasets.Dataset`
or raises :class:`UploadError` whose message says, in plain words, what is wrong and where
(the line number as a spreadsheet or text editor shows it). Parsing uses the ``csv`` module
and ``float``: nothing in the file is ever evaluated.

Accepted: an optional header line (a line whose cells are all text), comma, semicolon or tab
separators (with semicolons, a decimal comma "1,5" is read as 1.5), blank lines, a UTF-8 BOM.
"""

from __future__ import annotations

import csv
import io
import math
import re

import numpy as np

from .datasets import Dataset, from_rows, make_dataset
from .formatting import quoted

MIN_ROWS, MAX_ROWS = 10, 5000
MAX_BYTES = 1_000_000
MAX_ABS_VALUE = 1e6  # larger features saturate tanh at once and overflow float32 training
MIN_PER_CLASS = 2  # so that both classes can appear in the training split
COLUMNS = ("x1", "x2", "label")
LIMITS_TEXT = (
    f"{MIN_ROWS}–{MAX_ROWS} rows, at most {MAX_BYTES // 1_000_000} MB, three columns "
    f"(two numeric features, then a label 0 or 1), feature values within ±{MAX_ABS_VALUE:,.0f}"
)
_SHOWN = 3  # problems listed per message; the rest are counted


class UploadError(ValueError):
    """A data file that cannot be used; the message says why, in plain words."""


def read_csv(data: bytes, filename: str = "upload.csv", *, test_fraction: float = 0.25,
             seed: int = 0) -> tuple[Dataset, str]:
    """Check ``data`` and split it into train and test.

    Returns (Dataset with X_train (2, m_train), Y_train (1, m_train), X_test, Y_test;
    a one-line description such as "points.csv, 200 rows"). Raises UploadError.
    """
    text = _decode(data)
    lines = _lines(text)
    header, rows = _split_header(lines)
    _check_columns(header, rows)
    _check_row_count(len(rows))
    X, y = _numbers(rows)
    _check_labels(y, rows)
    name = clean_filename(filename)
    dataset = from_rows(f"upload:{name}", X, y, test_fraction=test_fraction, seed=seed)
    return dataset, f"{quoted(name)}, {len(rows)} rows"  # shown as Markdown: quoted, never a link


def clean_filename(filename: str) -> str:
    """The file's name, safe to show: letters, digits and . _ - only, at most 40 characters."""
    base = re.split(r"[\\/]", str(filename or ""))[-1]
    base = re.sub(r"[^\w.\-]+", "_", base).strip("._") or "upload.csv"
    return base if len(base) <= 40 else base[:37] + "…"


def template_csv(n_samples: int = 200, seed: int = 0) -> bytes:
    """A ready-to-edit example file: a header ``x1,x2,label`` and the two-moons points.

    The page offers it as a download; ``python -m shallownet.upload > template.csv`` writes it.
    """
    d = make_dataset("moons", n_samples=n_samples, noise=0.2, seed=seed, test_fraction=0.25)
    out = io.StringIO()
    out.write(",".join(COLUMNS) + "\n")
    for (x1, x2), label in zip(d.X.T, d.Y.ravel(), strict=True):
        out.write(f"{x1:.4f},{x2:.4f},{int(label)}\n")
    return out.getvalue().encode("utf-8")


# -- the checks, in the order a file is read ------------------------------------
def _decode(data: bytes) -> str:
    if data is None or len(data) == 0:
        raise UploadError("the file is empty; it needs a line per point: x1, x2, label")
    if len(data) > MAX_BYTES:
        raise UploadError(f"the file is {len(data) / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:g} MB "
                          f"(at most {MAX_ROWS} rows are used anyway)")
    if data.startswith(b"PK\x03\x04"):
        raise UploadError("the file is a zip archive (an Excel workbook or an .npz?), not CSV text; "
                          "in a spreadsheet use “Save as… CSV”")
    head = data[:8192]
    if b"\x00" in head or _control_share(head) > 0.01:
        raise UploadError("the file is not text (it contains binary data); a CSV file is plain text "
                          "with one point per line, e.g. 0.5,-1.2,1")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")  # a spreadsheet's legacy encoding: header names may differ, numbers not
        if sum(ord(c) > 127 for c in text) > 0.1 * len(text):
            raise UploadError("the file is not readable text (it is not UTF-8 and looks like binary "
                              "data); save it as CSV") from None
        return text


def _control_share(head: bytes) -> float:
    """Share of bytes that never occur in text files (control characters other than tab, CR, LF)."""
    bad = sum(1 for b in head if (b < 32 and b not in (9, 10, 13)) or b == 127)
    return bad / len(head)


def _lines(text: str) -> list[tuple[int, list[str]]]:
    """Non-blank lines as (line number from 1, stripped cells)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = next((d for d in (",", ";", "\t") if d in first), ",")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    lines = []
    try:
        for cells in reader:
            cells = [c.strip() for c in cells]
            if any(cells):
                if delimiter == ";":  # a decimal comma goes with the semicolon separator
                    cells = [c.replace(",", ".") for c in cells]
                lines.append((reader.line_num, cells))
            if len(lines) > MAX_ROWS + 1:
                break  # enough to know it is too long; don't read further
    except csv.Error as err:
        raise UploadError(f"line {reader.line_num} is not valid CSV ({err})") from None
    if not lines:
        raise UploadError("the file has no data, only blank lines")
    return lines


def _split_header(lines):
    """A first line of text cells only is a header (column names); anything else is data."""
    first = lines[0][1]
    if all(_number(c) is None for c in first):
        return first, lines[1:]
    return None, lines


def _check_columns(header, rows) -> None:
    if header is not None and len(header) != 3:
        raise UploadError(_columns_message(len(header), "the header line", header))
    bad = [(n, cells) for n, cells in rows if len(cells) != 3]
    if bad:
        n, cells = bad[0]
        more = len(bad) - 1
        more = f" ({more} more line{'s' if more > 1 else ''} like it)" if more else ""
        raise UploadError(_columns_message(len(cells), f"line {n}", cells) + more)


def _columns_message(count: int, where: str, cells) -> str:
    shown = ", ".join(quoted(c, 20) for c in cells[:5]) + (", …" if len(cells) > 5 else "")
    kind = "missing columns" if count < 3 else "extra columns"
    return (f"{kind}: {where} has {count} value{'s' if count != 1 else ''} ({shown}); "
            f"every line needs exactly 3: x1, x2, label")


def _check_row_count(m: int) -> None:
    if m < MIN_ROWS:
        raise UploadError(f"too few rows: the file has {m} data row{'s' if m != 1 else ''}; "
                          f"at least {MIN_ROWS} are needed")
    if m > MAX_ROWS:
        raise UploadError(f"too many rows: the file has more than {MAX_ROWS} data rows, the limit; "
                          f"keep a sample of at most {MAX_ROWS}")


def _numbers(rows) -> tuple[np.ndarray, np.ndarray]:
    """X (m, 2) and labels (m,) as floats; every cell must be a finite number."""
    values = np.empty((len(rows), 3))
    text, non_finite, too_big = [], [], []
    for i, (n, cells) in enumerate(rows):
        for j, cell in enumerate(cells):
            v = _number(cell)
            where = f"line {n}, column {COLUMNS[j]}"
            if v is None:
                text.append(f"{where}: {quoted(cell, 20)}" if cell else f"{where}: empty")
            elif not math.isfinite(v):
                non_finite.append(f"{where}: {quoted(cell, 20)}")
            elif abs(v) > MAX_ABS_VALUE:
                too_big.append(f"{where}: {quoted(cell, 20)}")
            else:
                values[i, j] = v
    if text:
        raise UploadError("text or empty cells where numbers belong: " + _listing(text))
    if non_finite:
        raise UploadError("NaN or infinite values (every value must be a finite number): "
                          + _listing(non_finite))
    if too_big:
        raise UploadError(f"values beyond ±{MAX_ABS_VALUE:,.0f} (rescale the features, e.g. to "
                          f"thousands or standard units): " + _listing(too_big))
    return values[:, :2], values[:, 2]


def _number(cell: str) -> float | None:
    try:
        return float(cell)
    except ValueError:
        return None


def _listing(items: list[str]) -> str:
    more = f" and {len(items) - _SHOWN} more" if len(items) > _SHOWN else ""
    return "; ".join(items[:_SHOWN]) + more


def _check_labels(y: np.ndarray, rows) -> None:
    """Labels must be exactly 0 or 1, with both classes present."""
    wrong = np.flatnonzero((y != 0) & (y != 1))
    if wrong.size:
        found = ", ".join(f"{v:g}" for v in np.unique(y)[:6])
        first = ", ".join(f"line {rows[i][0]}: {y[i]:g}" for i in wrong[:_SHOWN])
        classes = np.unique(y).size
        what = f"{classes} different labels ({found}{', …' if classes > 6 else ''})"
        raise UploadError(f"labels must be 0 or 1 (two classes); the label column has {what} — {first}"
                          + (f" and {wrong.size - _SHOWN} more" if wrong.size > _SHOWN else ""))
    counts = np.bincount(y.astype(int), minlength=2)
    if counts.min() == 0:
        only = int(np.argmax(counts))
        raise UploadError(f"a single class: every row has label {only}; both classes 0 and 1 are needed")
    if counts.min() < MIN_PER_CLASS:
        few = int(np.argmin(counts))
        raise UploadError(f"class {few} has only {counts[few]} row; each class needs at least "
                          f"{MIN_PER_CLASS} so that both can be learned and tested")


if __name__ == "__main__":  # python -m shallownet.upload > template.csv
    import sys

    sys.stdout.buffer.write(template_csv())
