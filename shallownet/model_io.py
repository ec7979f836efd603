"""Saving and loading trained parameters as plain .npz (no pickles, ever)."""

from __future__ import annotations

import io
import zipfile

import numpy as np

from .activations import ACTIVATIONS
from .network import PARAM_NAMES

MAX_NPZ_BYTES = 2_000_000  # a 50-unit network is a few kB; anything this large is not ours
MAX_UNPACKED_BYTES = 4_000_000  # a compressed archive could otherwise unpack to gigabytes


class ModelFileError(ValueError):
    """A parameters file that cannot be used; the message says why, in plain words.

    ``file_n_h`` is the file's number of hidden units when W1 fits n_x but has another
    number of rows, so a page can offer to switch n_h and try again; else None.
    """

    def __init__(self, message: str, file_n_h: int | None = None):
        super().__init__(message)
        self.file_n_h = file_n_h


def params_to_npz(params: dict, activation: str = "tanh", iteration: int = 0, batch_size: int = 0) -> bytes:
    """W1, b1, W2, b2 (float64) plus the activation name, iteration and batch size (0 = full
    batch) of the run, as .npz bytes.

    Every entry is a plain array, so ``np.load(..., allow_pickle=False)`` reads it.
    """
    buf = io.BytesIO()
    arrays = {name: np.asarray(params[name], dtype=np.float64) for name in PARAM_NAMES}
    np.savez(buf, **arrays, activation=np.array(activation), iteration=np.array(int(iteration)),
             batch_size=np.array(int(batch_size)))
    return buf.getvalue()


def saved_batch_size(data: bytes) -> int | None:
    """The batch size a parameters file was trained with (0 = full batch), or None when the file
    does not say (files saved before batch sizes existed) or cannot be read. Call it after
    :func:`params_from_npz` accepted the file: this reads only the one small entry."""
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            if "batch_size" not in npz.files:
                return None
            value = npz["batch_size"]
    except Exception:  # the parameters were readable; a bad extra entry only loses the metadata
        return None
    if not isinstance(value, np.ndarray) or value.shape != () or value.dtype.kind not in "iu" or value < 0:
        return None
    return int(value)


def params_from_npz(data: bytes, n_x: int, n_h: int) -> tuple[dict, str | None]:
    """Parameters from .npz bytes, checked against the current n_x and n_h.

    Returns (params, activation name or None). Raises ModelFileError for anything
    else: not an .npz, pickled objects, missing keys, wrong shapes, non-finite values.
    """
    if len(data) > MAX_NPZ_BYTES:
        raise ModelFileError(f"the file is {len(data) / 1e6:.1f} MB; a parameters file is a few kB")
    if not data.startswith(b"PK\x03\x04"):  # every .npz is a zip archive
        raise ModelFileError("the file is not an .npz archive (save one from the Training page)")
    try:
        unpacked = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as err:
        raise ModelFileError(f"the file is not a readable .npz archive ({type(err).__name__})") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ModelFileError(f"the archive unpacks to {unpacked / 1e6:.0f} MB; a parameters file is a few kB")
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            contents = {key: npz[key] for key in npz.files}
    except ValueError as err:
        if "pickle" in str(err).lower():
            raise ModelFileError("the file contains pickled Python objects, which are never loaded") from None
        raise ModelFileError(f"the file is not a readable .npz archive ({err})") from None
    except Exception as err:  # a crafted member: encrypted, unknown compression, corrupt stream …
        raise ModelFileError(f"the file is not a readable .npz archive ({type(err).__name__})") from None

    missing = [k for k in PARAM_NAMES if k not in contents]
    if missing:
        raise ModelFileError(f"missing {', '.join(missing)}; expected the arrays W1, b1, W2, b2")
    expected = {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (1, n_h), "b2": (1, 1)}
    params = {}
    for name, shape in expected.items():
        arr = contents[name]
        if not isinstance(arr, np.ndarray):  # np.load hands back raw bytes for a member that is not .npy
            raise ModelFileError(f"{name} is not a saved array; the archive holds some other file")
        if arr.dtype.kind not in "fiu":
            raise ModelFileError(f"{name} holds {arr.dtype} values, not numbers")
        if arr.shape != shape:
            fits_n_x = name == "W1" and arr.ndim == 2 and arr.shape[1] == n_x and arr.shape[0] >= 1
            raise ModelFileError(
                f"{name} has shape {arr.shape} but this network needs {shape} "
                f"(n_x = {n_x}, n_h = {n_h}); set the hidden units to match the file",
                file_n_h=int(arr.shape[0]) if fits_n_x else None,
            )
        arr = arr.astype(np.float64)
        if not np.isfinite(arr).all():
            raise ModelFileError(f"{name} contains NaN or infinite values")
        params[name] = arr
    activation = None
    if isinstance(contents.get("activation"), np.ndarray) and contents["activation"].dtype.kind == "U":
        name = str(contents["activation"])
        activation = name if name in ACTIVATIONS else None
    return params, activation
