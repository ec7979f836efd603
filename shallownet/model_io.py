"""Saving and loading trained parameters as plain .npz (no pickles, ever)."""

from __future__ import annotations

import io
import zipfile

import numpy as np

from .activations import ACTIVATIONS
from .formatting import quoted
from .network import PARAM_NAMES
from .training import MAX_ABS_PARAM

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


def params_to_npz(params: dict, activation: str = "tanh", iteration: int | None = 0,
                  batch_size: int = 0) -> bytes:
    """W1, b1, W2, b2 (float64) plus the activation name, iteration and batch size (0 = full
    batch) of the run, as .npz bytes.

    Every entry is a plain array, so ``np.load(..., allow_pickle=False)`` reads it. An iteration of
    None (not known: a model loaded from a file that did not say) is left out.
    """
    buf = io.BytesIO()
    arrays = {name: np.asarray(params[name], dtype=np.float64) for name in PARAM_NAMES}
    if iteration is not None:
        arrays["iteration"] = np.array(int(iteration))
    np.savez(buf, **arrays, activation=np.array(activation), batch_size=np.array(int(batch_size)))
    return buf.getvalue()


def saved_batch_size(data: bytes) -> int | None:
    """The batch size a parameters file was trained with (0 = full batch), or None when the file
    does not say (files saved before batch sizes existed) or cannot be read. Call it after
    :func:`params_from_npz` accepted the file."""
    return _saved_count(data, "batch_size")


def params_from_npz(data: bytes, n_x: int, n_h: int) -> tuple[dict, str | None]:
    """Parameters from .npz bytes, checked against the current n_x and n_h.

    Returns (params, activation name or None). Raises ModelFileError for anything
    else: not an .npz, pickled objects, missing keys, wrong shapes, non-finite or
    too large values, encrypted or oddly compressed members. Each member's .npy header
    (shape, dtype) is read and checked before its data, so a 1 KB file that declares an
    8 TiB array is refused without allocating anything.
    """
    if len(data) > MAX_NPZ_BYTES:
        raise ModelFileError(f"the file is {len(data) / 1e6:.1f} MB; a parameters file is a few kB")
    if not data.startswith(b"PK\x03\x04"):  # every .npz is a zip archive
        raise ModelFileError("the file is not an .npz archive (save one from the Training page)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = _checked_members(archive)
            expected = {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (1, n_h), "b2": (1, 1)}
            params = {name: _read_weights(archive, members[name], name, shape, n_x, n_h)
                      for name, shape in expected.items() if name in members}
            missing = [k for k in PARAM_NAMES if k not in params]
            if missing:
                raise ModelFileError(f"missing {', '.join(missing)}; expected the arrays W1, b1, W2, b2")
            activation = _read_activation(archive, members.get("activation"))
            for key in members.keys() - params.keys() - {"activation"}:
                _refuse_pickles(archive, members[key])
    except ModelFileError:
        raise
    except Exception as err:  # a crafted archive or member: corrupt stream, bad headers, …
        raise ModelFileError(f"the file is not a readable .npz archive ({type(err).__name__})") from None
    _check_size(params)
    return params, activation


def saved_iteration(data: bytes) -> int | None:
    """The iteration a parameters file was saved at (its ``iteration`` entry), or None when the file
    does not say (files saved before the entry existed) or says something that is not a count.
    Call it after :func:`params_from_npz` accepted the file."""
    return _saved_count(data, "iteration")


def _saved_count(data: bytes, key: str) -> int | None:
    """The whole number 0 … 10⁹ stored under ``key``, or None when there is none or it is not one.
    The entry's header is checked before its data is read; a bad extra entry only loses the metadata."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = _checked_members(archive).get(key)
            if info is None or not info.filename.endswith(".npy"):
                return None
            with archive.open(info) as member:
                shape, dtype, fortran = _read_header(member)
                if shape != () or dtype.kind not in "iu":
                    return None
                value = int(_read_data(member, shape, dtype, fortran)[()])
    except Exception:
        return None
    return value if 0 <= value <= 10**9 else None


def _checked_members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Key → zip entry of every member, after checking what the zip headers declare."""
    infos = archive.infolist()
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        unpacked = sum(info.file_size for info in infos)
        raise ModelFileError(f"the archive unpacks to {unpacked / 1e6:.0f} MB; a parameters file is a few kB")
    for info in infos:
        if info.flag_bits & 0x1:
            raise ModelFileError("the file is not a readable .npz archive (an encrypted member)")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ModelFileError("the file is not a readable .npz archive (an unknown compression)")
    return {info.filename.removesuffix(".npy"): info for info in infos}


def _read_header(member) -> tuple[tuple, np.dtype]:
    """(shape, dtype) from an open .npy member's header; the data is not read yet."""
    try:
        major, _ = np.lib.format.read_magic(member)
    except ValueError:
        raise ModelFileError("a member is not a saved array; the archive holds some other file") from None
    read = np.lib.format.read_array_header_1_0 if major == 1 else np.lib.format.read_array_header_2_0
    shape, fortran, dtype = read(member)
    if dtype.hasobject:
        raise ModelFileError("the file contains pickled Python objects, which are never loaded")
    return shape, dtype, fortran


def _read_data(member, shape: tuple, dtype: np.dtype, fortran: bool) -> np.ndarray:
    """The array whose header was just read (its size is known to be small)."""
    nbytes = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    raw = member.read(nbytes + 1)  # one byte more reaches the end, where zipfile checks the CRC
    if len(raw) != nbytes:
        raise ModelFileError("the file is not a readable .npz archive (a member is cut short or too long)")
    return np.frombuffer(raw, dtype=dtype).reshape(shape, order="F" if fortran else "C")


def _read_weights(archive, info, name: str, shape: tuple, n_x: int, n_h: int) -> np.ndarray:
    """One parameter array (float64), its header checked against ``shape`` before any data is read."""
    if not info.filename.endswith(".npy"):
        raise ModelFileError(f"{name} is not a saved array; the archive holds some other file")
    with archive.open(info) as member:
        try:
            found, dtype, fortran = _read_header(member)
        except ModelFileError as err:
            raise ModelFileError(str(err).replace("a member", name, 1)) from None
        if dtype.kind not in "fiu":
            raise ModelFileError(f"{name} holds {quoted(str(dtype), 30)} values, not numbers")
        if found != shape:
            fits_n_x = name == "W1" and len(found) == 2 and found[1] == n_x and found[0] >= 1
            raise ModelFileError(
                f"{name} has shape {found} but this network needs {shape} "
                f"(n_x = {n_x}, n_h = {n_h}); set the hidden units to match the file",
                file_n_h=int(found[0]) if fits_n_x else None,
            )
        arr = _read_data(member, found, dtype, fortran).astype(np.float64)
    if not np.isfinite(arr).all():
        raise ModelFileError(f"{name} contains NaN or infinite values")
    return arr


def _read_activation(archive, info) -> str | None:
    """The activation's name if the file holds a short text array naming a known one."""
    if info is None or not info.filename.endswith(".npy"):
        return None
    with archive.open(info) as member:
        try:
            shape, dtype, fortran = _read_header(member)
        except ModelFileError as err:
            if "pickled" in str(err):
                raise
            return None
        if dtype.kind != "U" or shape != () or dtype.itemsize > 64:
            return None
        name = str(_read_data(member, shape, dtype, fortran)[()])
    return name if name in ACTIVATIONS else None


def _refuse_pickles(archive, info) -> None:
    """An extra member is not used, but one holding pickled objects makes the file suspect."""
    if info.filename.endswith(".npy"):
        with archive.open(info) as member:
            try:
                _read_header(member)
            except ModelFileError as err:
                if "pickled" in str(err):
                    raise


def _check_size(params: dict) -> None:
    """Refuse weights that training would at once call exploding (see MAX_ABS_PARAM)."""
    flat = np.concatenate([params[k].ravel() for k in PARAM_NAMES])
    norm = float(np.hypot.reduce(flat))  # the Euclidean norm without overflow (1e300 squared is inf)
    if norm > MAX_ABS_PARAM:
        raise ModelFileError(
            f"its weights are too large (their norm is {norm:.3g}; a model may hold at most "
            f"{MAX_ABS_PARAM:g}, the size at which training stops them as exploding weights)")
