"""The engine stays importable without the app: no streamlit, no plotly, at run time (the
sources' imports, layer by layer, are checked in test_layers.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENGINE_MODULES = ("activations", "datasets", "gradcheck", "graph", "network", "surface", "training")


def test_engine_import_pulls_in_neither_streamlit_nor_plotly():
    code = (
        "import shallownet, sys\n"
        + "".join(f"import shallownet.{m}\n" for m in ENGINE_MODULES)
        + "assert 'streamlit' not in sys.modules, 'streamlit imported'\n"
        "assert 'plotly' not in sys.modules, 'plotly imported'\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr

