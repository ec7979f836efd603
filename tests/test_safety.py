"""Nothing unsafe in the app's own code and configuration, checked by reading the source.

* no ``eval``/``exec``/``compile``/``__import__``, no pickle (or marshal, shelve, dill, joblib),
  no shell, and every ``np.load`` says ``allow_pickle=False``: an uploaded file is data, never code;
* no HTML built from text: ``unsafe_allow_html=True``, ``st.html`` and ``components.html`` only
  with a literal of the source; the inline component's script puts data into the page with
  ``textContent`` and attributes only;
* every file uploader names the file types it accepts;
* ``.streamlit/config.toml`` caps the upload size (and the app's own limits fit under it),
  keeps XSRF protection and CORS on, and never turns on developer mode or run-on-save.

The scan covers what is served (app.py, app_pages/, shallownet/); each check is also run on a
snippet of bad code, so a check that silently stopped seeing anything would fail.
"""

from __future__ import annotations

import ast
import re
import tomllib
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP_FILES = tuple(sorted([ROOT / "app.py", *(ROOT / "app_pages").glob("*.py"), *(ROOT / "shallownet").rglob("*.py")]))
CONFIG = ROOT / ".streamlit" / "config.toml"

CODE_RUNNERS = {"eval", "exec", "compile", "__import__", "execfile", "breakpoint"}
UNSAFE_MODULES = {"pickle", "cPickle", "_pickle", "dill", "cloudpickle", "joblib", "shelve", "marshal", "subprocess"}
UNSAFE_CALLS = {"read_pickle", "to_pickle", "system", "popen", "spawnl", "spawnv", "startfile"}
HTML_OWNERS = {"st", "streamlit", "components", "components.v1", "st.components.v1", "streamlit.components.v1"}


@cache
def tree_of(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def called_name(call: ast.Call) -> str:
    """The last name of what is called: ``np.load`` → "load", ``eval`` → "eval"."""
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""


def calls(tree: ast.AST) -> list[ast.Call]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call)]


def is_literal_text(node: ast.AST) -> bool:
    """A string written in the source (no f-string fields, no variables)."""
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


# -- the checks: each returns "line: what" for every problem in one module ---------------------
def code_runners(tree) -> list[str]:
    return [f"{c.lineno}: {c.func.id}()" for c in calls(tree)
            if isinstance(c.func, ast.Name) and c.func.id in CODE_RUNNERS]


def pickle_or_shell(tree) -> list[str]:
    found = []
    for node in ast.walk(tree):
        names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                 else [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
        found += [f"{node.lineno}: import {n}" for n in names if n.split(".")[0] in UNSAFE_MODULES]
    found += [f"{c.lineno}: {called_name(c)}()" for c in calls(tree) if called_name(c) in UNSAFE_CALLS]
    return found


def unpickling_loads(tree) -> list[str]:
    """np.load must say allow_pickle=False out loud."""
    found = []
    for c in calls(tree):
        if not (isinstance(c.func, ast.Attribute) and c.func.attr == "load"
                and isinstance(c.func.value, ast.Name) and c.func.value.id in {"np", "numpy"}):
            continue
        flag = {k.arg: k.value for k in c.keywords}.get("allow_pickle")
        if not (isinstance(flag, ast.Constant) and flag.value is False):
            found.append(f"{c.lineno}: np.load without allow_pickle=False")
    return found


def html_from_text(tree) -> list[str]:
    found = []
    for c in calls(tree):
        flag = {k.arg: k.value for k in c.keywords}.get("unsafe_allow_html")
        if flag is not None and not (isinstance(flag, ast.Constant) and flag.value is False):
            if not (c.args and is_literal_text(c.args[0])):
                found.append(f"{c.lineno}: unsafe_allow_html with text that is not a literal")
        if (isinstance(c.func, ast.Attribute) and c.func.attr == "html"
                and ast.unparse(c.func.value) in HTML_OWNERS and not (c.args and is_literal_text(c.args[0]))):
            found.append(f"{c.lineno}: {ast.unparse(c.func)} of built text")
    return found


def uploaders_without_types(tree) -> list[str]:
    return [f"{c.lineno}: file_uploader without type=" for c in calls(tree)
            if called_name(c) == "file_uploader" and "type" not in {k.arg for k in c.keywords}]


def markup_from_data(js: str) -> list[str]:
    """Lines of component JavaScript that could turn data into markup."""
    found = []
    for line in js.splitlines():
        text = line.strip()
        if re.search(r"\.(innerHTML|outerHTML)\s*=", text) and not re.search(
                r"\.(innerHTML|outerHTML)\s*=\s*('[^'+`]*'|\"[^\"+`]*\")\s*;?$", text):
            found.append(text)
        if re.search(r"insertAdjacentHTML|document\.write|\beval\(|new Function", text):
            found.append(text)
    return found


SOURCE_CHECKS = (code_runners, pickle_or_shell, unpickling_loads, html_from_text, uploaders_without_types)
BAD_SNIPPETS = {
    code_runners: "x = eval(text)\nexec(code)",
    pickle_or_shell: "import pickle\nfrom subprocess import run\nos.system('ls')",
    unpickling_loads: "np.load(buf)\nnp.load(buf, allow_pickle=True)",
    html_from_text: "st.markdown(f'<b>{name}</b>', unsafe_allow_html=True)\nst.html(page)",
    uploaders_without_types: "st.file_uploader('Any file')",
}


def test_the_scan_sees_the_whole_app():
    names = {p.name for p in APP_FILES}
    assert {"app.py", "upload.py", "model_io.py", "state.py", "training.py"} <= names
    assert sum(p.parent.name == "app_pages" for p in APP_FILES) >= 2


@pytest.mark.parametrize("check", SOURCE_CHECKS, ids=lambda c: c.__name__)
def test_each_check_finds_what_it_looks_for(check):
    found = check(ast.parse(BAD_SNIPPETS[check]))
    assert len(found) == BAD_SNIPPETS[check].count("\n") + 1, found
    assert check(ast.parse("st.markdown('**bold**', unsafe_allow_html=False)\n"
                           "np.load(b, allow_pickle=False)\nst.file_uploader('CSV', type=['csv'])")) == []


@pytest.mark.parametrize("check", SOURCE_CHECKS, ids=lambda c: c.__name__)
def test_the_app_passes(check):
    problems = {str(p.relative_to(ROOT)): found for p in APP_FILES if (found := check(tree_of(p)))}
    assert not problems, problems


def component_scripts() -> list[tuple[Path, str]]:
    """The JavaScript of the app's inline components (the js= literal of ``components.v2.component``)."""
    found = []
    for path in APP_FILES:
        tree = tree_of(path)
        consts = {t.id: n.value for n in tree.body if isinstance(n, ast.Assign)
                  for t in n.targets if isinstance(t, ast.Name)}
        for c in calls(tree):
            if called_name(c) == "component":
                js = {k.arg: k.value for k in c.keywords}.get("js")
                if isinstance(js, ast.Name):
                    js = consts.get(js.id)
                if isinstance(js, ast.Call):  # "...".replace(...) and the like
                    js = js.func.value if isinstance(js.func, ast.Attribute) else js
                if js is not None:
                    found.append((path, ast.literal_eval(js)))
    return found


def test_inline_components_write_data_as_text_only():
    """The block diagram gets names and shapes from Python: they enter the page as text nodes
    and attributes, never as markup (innerHTML only ever receives a literal)."""
    assert markup_from_data("el.innerHTML = data.name;\nel.innerHTML = '<b>' + x;") != []
    for path, js in component_scripts():
        assert markup_from_data(js) == [], path.name


# -- the server's configuration ---------------------------------------------------------
@pytest.fixture(scope="module")
def config() -> dict:
    assert CONFIG.is_file(), "the app needs its .streamlit/config.toml"
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))


def test_upload_size_is_capped_and_fits_the_app_limits(config):
    from shallownet.model_io import MAX_NPZ_BYTES
    from shallownet.upload import MAX_BYTES

    server = config.get("server", {})
    limit_mb = server.get("maxUploadSize")
    assert isinstance(limit_mb, int) and 1 <= limit_mb <= 10, "server.maxUploadSize must be set, at most 10 MB"
    # the app's own checks stay reachable: a file the app refuses as too large still arrives with its message
    assert max(MAX_BYTES, MAX_NPZ_BYTES) < limit_mb * 1024 * 1024
    assert server.get("maxMessageSize", 200) <= 200


def test_xsrf_and_cors_protection_stay_on(config):
    server = config.get("server", {})
    assert server.get("enableXsrfProtection", True) is True
    assert server.get("enableCORS", True) is True


def test_no_developer_switches(config):
    assert config.get("global", {}).get("developmentMode", False) is False
    assert config.get("server", {}).get("runOnSave", False) is False


def test_every_option_in_the_file_exists():
    """A typo in config.toml (e.g. maxUploadSzie) would be silently ignored by Streamlit."""
    from streamlit import config as stconfig

    parsed = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    unknown = [f"{section}.{name}" for section, options in parsed.items() for name in options
               if f"{section}.{name}" not in stconfig._config_options_template]
    assert not unknown, f"unknown options in config.toml: {unknown}"
