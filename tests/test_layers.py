"""Data flows one way: core ← lessons ← figures ← ui ← pages. Every module of the package is
placed in a layer here (a new module must be added, or this test fails), and its imports are
read from its source: a module imports only from its own layer or the ones below; nothing below
ui imports streamlit, nothing below figures imports plotly; and there are no import cycles."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "shallownet"
LAYERS = ("core", "lessons", "figures", "ui", "pages")
CORE = {"activations", "datasets", "gradcheck", "graph", "network", "surface", "training", "notation",
        "landscape"}
IO = {"upload", "model_io", "export"}  # input and output: beside the lessons


def layer_of(module: str) -> str:
    """The layer of ``module`` (a dotted name under shallownet, or a page's path)."""
    if module.startswith(("app_pages", "app")):
        return "pages"
    parts = module.split(".")[1:]
    if not parts or parts[0] == "__init__":
        return "core"
    if parts[0] in ("figures", "ui"):
        return parts[0]
    return "core" if parts[0] in CORE else "lessons"


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        name = ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
        out[name] = path
    for path in sorted((ROOT / "app_pages").glob("*.py")) + [ROOT / "app.py"]:
        out[str(path.relative_to(ROOT))] = path
    return out


def imports(name: str, path: Path) -> set[str]:
    """Every module ``name`` imports (absolute dotted names; relative imports resolved)."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            mod = ".".join(base + ([node.module] if node.module else []))
            found.add(mod)
            found |= {f"{mod}.{a.name}" for a in node.names}  # "from . import x" may name a module
    return found


def local(imported: set[str], known: dict) -> set[str]:
    return {m for m in imported if m in known and m != "shallownet"}


def test_every_module_imports_only_its_own_layer_or_below():
    known = modules()
    wrong = []
    for name, path in known.items():
        rank = LAYERS.index(layer_of(name))
        for other in local(imports(name, path), known):
            if LAYERS.index(layer_of(other)) > rank:
                wrong.append(f"{name} ({layer_of(name)}) imports {other} ({layer_of(other)})")
    assert wrong == []


def test_only_ui_and_pages_import_streamlit_and_only_figures_and_above_import_plotly():
    wrong = []
    for name, path in modules().items():
        libs = {m.split(".")[0] for m in imports(name, path)}
        layer = LAYERS.index(layer_of(name))
        if "streamlit" in libs and layer < LAYERS.index("ui"):
            wrong.append(f"{name} imports streamlit")
        if "plotly" in libs and layer < LAYERS.index("figures"):
            wrong.append(f"{name} imports plotly")
    assert wrong == []


def test_there_are_no_import_cycles():
    known = modules()
    graph = {n: local(imports(n, p), known) - {n} for n, p in known.items()}
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(n, path):
        state[n] = 1
        for m in graph[n]:
            if state.get(m) == 1:
                raise AssertionError("import cycle: " + " → ".join(path + [n, m]))
            if m not in state:
                visit(m, path + [n])
        state[n] = 2

    for n in graph:
        if n not in state:
            visit(n, [])


def test_the_layers_cover_every_module():
    counts = {layer: 0 for layer in LAYERS}
    for name in modules():
        counts[layer_of(name)] += 1
    assert all(counts.values()), counts  # each layer holds modules
    assert len(modules()) > 40
