"""The server process's heap: library code kept out of the cyclic collector's way, and the memory of
ended sessions handed back.

Two things make a class's memory stay after it leaves, both fixed here:

* ``gc.freeze()`` exempts everything alive at that moment from the cyclic collector. Freezing the
  libraries (Streamlit, Plotly, NumPy, pandas, scikit-learn: 80,000–170,000 objects) makes the
  collector's full passes cheap, but whatever a session holds at that moment is frozen too and is
  never collected once the session ends (its trainer sits in reference cycles). So the freeze is
  never permanent: each :func:`settle` unfreezes, collects everything, and freezes again. Garbage
  frozen by one pass is collected by the next, and libraries imported since (scikit-learn when
  Experiments first runs) are frozen by it.
* Streamlit keeps a disconnected session for ``server.disconnectedSessionTTL`` seconds so that a
  student whose Wi-Fi drops gets it back; after that the session is expired, but its storage only
  drops expired sessions when another session disconnects. After the last student of a class has
  left, nothing disconnects any more: :func:`close_expired_sessions` closes them.

A daemon thread (:func:`start_keeper`, one per process) runs both now and then. ``settle`` walks the
whole heap once (20–60 ms); it runs at most every ``PERIOD`` seconds, and only when sessions were
closed, modules were imported, or ``IDLE_PASS`` seconds have passed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import sys
import threading
import time

log = logging.getLogger("shallownet")

PERIOD = 15.0  # seconds between the keeper's checks
IDLE_PASS = 300.0  # a settle at least this often, for objects that died while frozen in a live session

KEEPER = "shallownet-heap"  # the keeper thread's name: at most one such thread per process
_LOCK = threading.Lock()


def settle() -> int:
    """Collect every unreachable object, frozen ones included, then freeze what is alive.

    Run it where no session is half-built if possible (at the first import, in the keeper); run
    anywhere, it is still safe: what it freezes is released by the next call. Returns how many
    modules were imported at the time (a later count that differs means new library code).
    """
    with _LOCK:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        modules = len(sys.modules)
    _trim_malloc()
    return modules


def _trim_malloc() -> None:
    """Give free heap pages back to the system (glibc keeps them otherwise, so RSS would not
    fall even when every object of a class is gone). A no-op where there is no glibc."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        pass


def close_expired_sessions() -> int:
    """Close the disconnected sessions whose time to reconnect is over; the number closed.

    Uses Streamlit's session manager (``Runtime._session_mgr``, its ``_session_storage`` and
    ``_storage_lock``, the storage's ``TTLCache.expire``): where those are missing (another
    Streamlit version, no server), it closes nothing.
    """
    from streamlit import runtime

    if not runtime.exists():
        return 0
    rt = runtime.get_instance()
    mgr = getattr(rt, "_session_mgr", None)
    cache = getattr(getattr(mgr, "_session_storage", None), "_cache", None)
    lock = getattr(mgr, "_storage_lock", None)
    loop = getattr(getattr(rt, "_async_objs", None), "eventloop", None)
    if cache is None or lock is None or loop is None or not hasattr(cache, "expire"):
        return 0
    with lock:
        expired = cache.expire()
    for _, info in expired:
        loop.call_soon_threadsafe(_close, info.session)
    return len(expired)


def _close(session) -> None:
    """Close a session as Streamlit does (on its event loop: uploaded files and media are freed),
    and empty its state: Streamlit's message loop keeps the last session it served referenced
    until it serves another one, and the trainer must not stay with it."""
    session.shutdown()
    state = session.session_state
    state.clear()
    # the widgets' callbacks and their arguments (a trainer, for some buttons), which clear() keeps
    getattr(getattr(state, "_new_widget_state", None), "widget_metadata", {}).clear()


def _keep(period: float, modules: int) -> None:
    last, due = time.monotonic(), 0
    while True:
        time.sleep(period)
        try:
            closed = close_expired_sessions()
            if closed:
                # the shutdowns run on Streamlit's event loop, and a closed session's objects may
                # outlive this pass by a moment (then the pass froze them): settle twice
                due = 2
                log.info("closed %d expired sessions", closed)
            if due or len(sys.modules) != modules or time.monotonic() - last >= IDLE_PASS:
                modules = settle()
                last, due = time.monotonic(), max(due - 1, 0)
        except Exception:  # never let housekeeping take the server down
            log.exception("heap keeper")


def start_keeper(period: float = PERIOD) -> None:
    """Settle the heap now and keep it settled from a daemon thread; once per process."""
    with _LOCK:
        if any(t.name == KEEPER for t in threading.enumerate()):
            return
        keeper = threading.Thread(target=_keep, args=(period, len(sys.modules)), name=KEEPER, daemon=True)
        keeper.start()
    settle()
