"""The heap keeper (shallownet.ui.heap): a closed session's trainer is collectable even though the
app freezes the heap, and closing an expired session empties it.

The app once ran ``gc.freeze()`` whenever a page run had imported new modules, which pinned every
live session's objects for good (11 of 11 trainers of closed sessions stayed alive)."""

from __future__ import annotations

import gc
import sys
import threading
import types
import weakref

from streamlit.runtime.state.session_state import SessionState
from streamlit.testing.v1 import AppTest

from shallownet.ui import heap
from shallownet.ui.keys import TRAINER
from tests.conftest import APP


def _session_with_trainer():
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/training.py")
    at.run()
    assert not at.exception
    return at, weakref.ref(at.session_state[TRAINER])


def test_a_page_run_that_imports_a_module_freezes_nothing(monkeypatch):
    """A freeze in a page run pins what every live session holds then: containers that exist at
    a freeze stay frozen, and so does whatever is put into them later (a session's trainer)."""
    at, trainer = _session_with_trainer()
    callers = []
    freeze = gc.freeze
    monkeypatch.setattr(gc, "freeze", lambda: (callers.append(threading.current_thread().name), freeze()))
    name = "shallownet_test_fresh_module"
    sys.modules[name] = types.ModuleType(name)  # a first-time import, as when Experiments first runs
    try:
        at.run()
    finally:
        del sys.modules[name]
    assert not at.exception
    assert [c for c in callers if c != heap.KEEPER] == []  # only the keeper thread freezes


def test_a_settled_heap_releases_a_session_that_ended_after_the_freeze():
    at, trainer = _session_with_trainer()
    heap.settle()  # freezes what the live session holds
    assert gc.get_freeze_count() > 0
    del at
    gc.collect()  # the frozen objects are not collected by the automatic collector ...
    heap.settle()  # ... but by the next settle
    assert trainer() is None


class _Held:
    """Stands for a trainer: something a weak reference can watch."""


def test_closing_a_session_empties_its_state_and_widget_callbacks():
    held = _Held()
    ref = weakref.ref(held)
    state = SessionState()
    state["train.trainer"] = held
    shutdowns = []
    session = types.SimpleNamespace(session_state=state, shutdown=lambda: shutdowns.append(1))
    heap._close(session)
    del held
    assert shutdowns == [1]
    assert "train.trainer" not in state
    assert ref() is None


def test_without_a_running_server_no_session_is_closed():
    assert heap.close_expired_sessions() == 0


def test_the_streamlit_internals_the_keeper_relies_on_are_there():
    """Closing expired sessions reads Streamlit's private session bookkeeping; if an upgrade
    renames it, the keeper closes nothing and a class's memory stays: this test says so first."""
    import inspect

    from streamlit.runtime.caching.ttl_cache import TTLCache
    from streamlit.runtime.memory_session_storage import MemorySessionStorage
    from streamlit.runtime.runtime import Runtime
    from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

    assert callable(getattr(TTLCache, "expire", None))
    assert "self._cache" in inspect.getsource(MemorySessionStorage.__init__)
    manager = inspect.getsource(WebsocketSessionManager.__init__)
    assert "self._session_storage" in manager and "self._storage_lock" in manager
    assert "self._session_mgr" in inspect.getsource(Runtime.__init__)
    assert "self._async_objs" in inspect.getsource(Runtime.__init__)
    from streamlit.runtime.runtime import AsyncObjects

    assert "eventloop" in AsyncObjects.__annotations__
    assert hasattr(SessionState()._new_widget_state, "widget_metadata")
