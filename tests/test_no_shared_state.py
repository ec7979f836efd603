"""Users are kept apart: nothing a session does can reach another session through the code.

One server process runs every session's script in its own thread, and imported modules are
shared by all of them. So the app keeps per-user state only in ``st.session_state`` and
shares work only through ``st.cache_data`` (every caller gets its own copy). This file
guards that by reading the code and by running it:

* no ``global`` statement and no ``st.cache_resource`` anywhere in the app;
* a module-level name of ``shallownet`` bound to something mutable (a dict, list, set,
  array or object) is an UPPER_CASE constant, and nothing in the app ever mutates it
  (item or attribute assignment, ``del``, augmented assignment, mutating methods);
* no mutable class attributes;
* functools caches are bounded (an unbounded one grows with every user's input);
* pages and app.py (which Streamlit executes afresh on every run) never assign into
  imported modules or mutate imported names;
* after every page has run, every module-level constant is exactly as it was before.

Known and deliberate: ``shallownet.ui.page`` sets Plotly's JSON engine to the standard
library's once, at import: one constant for the whole process, the same for every user.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import enum
import importlib
import logging
import pkgutil
import re
import threading
import types
from functools import cache
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_FILES = tuple(sorted((ROOT / "shallownet").rglob("*.py")))
SCRIPT_FILES = tuple(sorted([ROOT / "app.py", *(ROOT / "app_pages").glob("*.py")]))
ALL_FILES = PACKAGE_FILES + SCRIPT_FILES

MUTATING_METHODS = {
    "append", "extend", "insert", "remove", "pop", "popitem", "clear", "update", "setdefault", "add",
    "discard", "difference_update", "intersection_update", "symmetric_difference_update", "sort",
    "reverse", "fill", "resize", "itemset", "put", "__setitem__", "__delitem__", "setflags",
}
# attribute assignments into other libraries that are deliberate and the same for every user
ALLOWED_FOREIGN_ASSIGNMENTS: set[tuple[str, str]] = set()


@cache
def tree_of(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_constant_name(name: str) -> bool:
    core = name.lstrip("_")
    return bool(core) and core.upper() == core and any(c.isalpha() for c in core)


# -- static checks ---------------------------------------------------------------------------
def global_statements(tree) -> list[str]:
    return [f"{n.lineno}: global {', '.join(n.names)}" for n in ast.walk(tree) if isinstance(n, ast.Global)]


def cache_resource_uses(tree) -> list[str]:
    return [f"{n.lineno}: cache_resource" for n in ast.walk(tree)
            if isinstance(n, ast.Attribute) and n.attr in {"cache_resource", "experimental_singleton"}
            or isinstance(n, ast.Name) and n.id == "cache_resource"]


def unbounded_caches(tree) -> list[str]:
    """functools.cache, or lru_cache(maxsize=None): shared and growing with every input."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for dec in node.decorator_list:
            target = dec.func if isinstance(dec, ast.Call) else dec
            name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
            if name == "cache" and not isinstance(dec, ast.Call):
                found.append(f"{node.lineno}: @cache on {node.name}")
            if name == "lru_cache" and isinstance(dec, ast.Call):
                size = {k.arg: k.value for k in dec.keywords}.get("maxsize", dec.args[0] if dec.args else None)
                if isinstance(size, ast.Constant) and size.value is None:
                    found.append(f"{node.lineno}: unbounded lru_cache on {node.name}")
            if name in {"cache_data"} and isinstance(dec, ast.Call):
                if "max_entries" not in {k.arg for k in dec.keywords}:
                    found.append(f"{node.lineno}: st.cache_data without max_entries on {node.name}")
    return found


def mutable_class_attributes(tree) -> list[str]:
    found = []
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        for stmt in cls.body:
            value = stmt.value if isinstance(stmt, (ast.Assign, ast.AnnAssign)) else None
            if isinstance(value, (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)):
                found.append(f"{stmt.lineno}: mutable class attribute in {cls.name}")
    return found


def module_level_names(tree) -> set[str]:
    """Names bound by assignment at module level (also inside top-level if/try blocks)."""
    names: set[str] = set()

    def visit(body):
        for stmt in body:
            targets = (stmt.targets if isinstance(stmt, ast.Assign)
                       else [stmt.target] if isinstance(stmt, (ast.AnnAssign, ast.AugAssign)) else [])
            for t in targets:
                for n in ast.walk(t):
                    if isinstance(n, ast.Name):
                        names.add(n.id)
            for field in ("body", "orelse", "finalbody", "handlers"):
                inner = getattr(stmt, field, None)
                if isinstance(stmt, (ast.If, ast.Try, ast.With)) and inner:
                    visit(inner)

    visit(tree.body)
    return names


def imported_names(tree) -> dict[str, str]:
    """Local name → what it refers to, for module-level imports."""
    out = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Import):
            for a in stmt.names:
                out[a.asname or a.name.split(".")[0]] = a.name
        elif isinstance(stmt, ast.ImportFrom):
            for a in stmt.names:
                out[a.asname or a.name] = f"{stmt.module}.{a.name}"
    return out


def root_name(node: ast.AST) -> str | None:
    """``A`` for ``A``, ``A.b``, ``A[0].c``; else None."""
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def mutations(tree) -> list[tuple[int, str, str]]:
    """Every place that changes an object reached from a name: (line, root name, what).

    ``X[k] = v``, ``X.a = v``, ``del X[k]``, ``X += …`` (on a module-level name), ``X.append(…)``
    and other mutating methods, also through attributes (``mod.X[k] = v`` → root "mod").
    Plain rebinding of a local name (``x = …``) is not a mutation.
    """
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Delete)):
            targets = (node.targets if isinstance(node, (ast.Assign, ast.Delete))
                       else [node.target])
            for t in targets:
                for sub in (t.elts if isinstance(t, ast.Tuple) else [t]):
                    if isinstance(sub, (ast.Subscript, ast.Attribute)):
                        found.append((node.lineno, root_name(sub), ast.unparse(sub)))
                    elif isinstance(node, ast.AugAssign) and isinstance(sub, ast.Name):
                        found.append((node.lineno, sub.id, f"{sub.id} {type(node.op).__name__}="))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in MUTATING_METHODS:
            found.append((node.lineno, root_name(node.func.value), ast.unparse(node.func)))
    return [m for m in found if m[1] is not None]


def function_locals(tree) -> dict[int, set[str]]:
    """For each line inside a function: the names that function binds locally (params too)."""
    local_at: dict[int, set[str]] = {}
    for fn in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))):
        names = {a.arg for a in (*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs)}
        names |= {a.arg for a in (fn.args.vararg, fn.args.kwarg) if a}
        for n in ast.walk(fn):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                names.add(n.id)
            elif isinstance(n, (ast.For, ast.comprehension)) and isinstance(n.target, ast.Name):
                names.add(n.target.id)
        names -= {g for n in ast.walk(fn) if isinstance(n, ast.Global) for g in n.names}
        for line in range(fn.lineno, (fn.end_lineno or fn.lineno) + 1):
            local_at.setdefault(line, set()).update(names)
    return local_at


def mutations_of_shared_names(path: Path, in_package: bool | None = None) -> list[str]:
    """Mutations, in ``path``, of a module-level name of ``path`` or of an imported name.

    Local variables of functions are private to one call and are skipped; so are pages'
    own top-level names (Streamlit runs a page script in a fresh namespace on every run).
    """
    tree = tree_of(path)
    in_package = path in PACKAGE_FILES if in_package is None else in_package
    own = module_level_names(tree) if in_package else set()
    imported = imported_names(tree)
    local_at = function_locals(tree)
    found = []
    for line, root, what in mutations(tree):
        if root in local_at.get(line, set()) or root in {"self", "cls", "st"}:
            continue
        if root in own or root in imported:
            if (rel(path), what) in ALLOWED_FOREIGN_ASSIGNMENTS:
                continue
            found.append(f"{line}: {what}")
    return found


STATIC_CHECKS = (global_statements, cache_resource_uses, unbounded_caches, mutable_class_attributes)
BAD_SNIPPETS = {
    global_statements: "def f():\n    global COUNT\n    COUNT += 1",
    cache_resource_uses: "@st.cache_resource\ndef model():\n    return Trainer()",
    unbounded_caches: "@cache\ndef f(x): ...\n@lru_cache(maxsize=None)\ndef g(x): ...\n"
                      "@st.cache_data()\ndef h(x): ...",
    mutable_class_attributes: "class Store:\n    items = []\n    seen = {}",
}
EXPECTED_FINDINGS = {global_statements: 1, cache_resource_uses: 1, unbounded_caches: 3, mutable_class_attributes: 2}


@pytest.mark.parametrize("check", STATIC_CHECKS, ids=lambda c: c.__name__)
def test_each_static_check_finds_what_it_looks_for(check):
    assert len(check(ast.parse(BAD_SNIPPETS[check]))) == EXPECTED_FINDINGS[check]
    fine = ast.parse("@lru_cache(maxsize=256)\ndef f(x): ...\n@st.cache_data(max_entries=8)\ndef g(x): ...\n"
                     "@dataclass(frozen=True)\nclass P:\n    names: tuple = ()\n")
    assert check(fine) == []


@pytest.mark.parametrize("check", STATIC_CHECKS, ids=lambda c: c.__name__)
def test_the_app_passes_the_static_check(check):
    problems = {rel(p): found for p in ALL_FILES if (found := check(tree_of(p)))}
    assert not problems, problems


def test_mutation_finder_sees_the_usual_forms(tmp_path):
    src = tmp_path / "m.py"
    src.write_text(
        "from .style import FONT\nCACHE = {}\nSEEN = []\nTOTAL = 0\n"
        "def f(key, value):\n"
        "    CACHE[key] = value\n    SEEN.append(key)\n    FONT['size'] = 3\n"
        "    local = {}\n    local['x'] = 1\n    key.attr = 2\n"
        "def g():\n    global TOTAL\n    TOTAL += 1\n"
    )
    found = {f.split(": ", 1)[1] for f in mutations_of_shared_names(src, in_package=True)}
    assert found == {"CACHE[key]", "FONT['size']", "TOTAL Add=", "SEEN.append"}


def test_nothing_shared_is_mutated_anywhere():
    problems = {rel(p): found for p in ALL_FILES if (found := mutations_of_shared_names(p))}
    assert not problems, problems


# -- what the module-level names hold, at run time -------------------------------------------
def package_modules() -> list[types.ModuleType]:
    import shallownet

    return [importlib.import_module(m.name) for m in pkgutil.walk_packages(shallownet.__path__, "shallownet.")]


def is_immutable(value, depth: int = 0) -> bool:
    """True for values no code can change in place (recursively for containers)."""
    if depth > 6:
        return False
    if value is None or isinstance(value, (bool, int, float, complex, str, bytes, range, enum.Enum,
                                           re.Pattern, Path)):
        return True
    if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, type, types.ModuleType)):
        return True
    if isinstance(value, (tuple, frozenset)):
        return all(is_immutable(v, depth + 1) for v in value)
    if isinstance(value, types.MappingProxyType):
        return all(is_immutable(v, depth + 1) for v in value.values())
    if isinstance(value, np.ndarray):
        return not value.flags.writeable
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return value.__dataclass_params__.frozen and all(
            is_immutable(getattr(value, f.name), depth + 1) for f in dataclasses.fields(value))
    return False


def shared_values() -> dict[str, object]:
    """"module.NAME" → value, for every name a module of shallownet binds at module level
    to something mutable (imported names are checked where they are defined)."""
    out = {}
    for mod in package_modules():
        path = Path(mod.__file__)
        for name in module_level_names(tree_of(path)):
            if name.startswith("__"):
                continue  # __all__ and the like
            value = getattr(mod, name, None)
            if callable(value) and not isinstance(value, (dict, list, set, np.ndarray)):
                continue  # functions, classes, cached functions, component callables
            if isinstance(value, (logging.Logger, LOCK)) or is_immutable(value):
                continue  # a lock orders work between sessions; it holds no data of theirs
            out[f"{mod.__name__}.{name}"] = value
    return out


LOCK = type(threading.Lock())


def test_is_immutable_tells_constants_from_containers():
    @dataclasses.dataclass(frozen=True)
    class Frozen:
        name: str
        f: object = len

    @dataclasses.dataclass
    class Loose:
        name: str

    assert is_immutable(("a", 1, Frozen("x"), types.MappingProxyType({"k": (1, 2)})))
    assert not is_immutable({"a": 1}) and not is_immutable(["a"]) and not is_immutable(Loose("x"))
    assert not is_immutable((1, [2])) and not is_immutable(Frozen("x", f=[1]))
    assert not is_immutable(np.zeros(2))


def test_mutable_module_level_values_are_upper_case_constants():
    """A lower-case name bound to a dict, list or object at module level looks like state."""
    values = shared_values()
    assert values, "the scan found no module-level tables at all: it is not looking"
    state_like = sorted(name for name in values if not is_constant_name(name.rsplit(".", 1)[1]))
    assert not state_like, f"module-level mutable values that are not constants: {state_like}"


def test_every_page_leaves_the_module_constants_as_they_were(app_at):
    """Run every page (after some training) and compare every shared table with a deep copy."""
    from shallownet.ui.pages_registry import PAGES

    values = shared_values()
    before = {name: copy.deepcopy(v) for name, v in values.items()}
    at = app_at(query={"g": "relu", "h": "5"})
    for entry in PAGES:
        at.switch_page(entry.script).run()
        assert not at.exception, (entry.name, [e.value for e in at.exception])
    changed = [name for name, v in values.items() if not _same(v, before[name])]
    assert not changed, f"module-level tables changed while pages ran: {changed}"
    assert shared_values().keys() == values.keys()


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=True))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    try:
        return bool(a == b)
    except Exception:  # objects without a sensible ==: compare their state
        return _same(vars(a), vars(b)) if hasattr(a, "__dict__") else a is b
