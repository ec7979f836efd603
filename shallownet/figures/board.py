"""Boards: the payload of the live views (``live_board.js``), as plain data.

A board is a grid of Plotly views that the browser updates in place, an optional numbers strip
and table, and an optional player of frames (see the header of ``live_board.js``). The same
script draws it in the app and in an exported HTML file.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

from .style import PLOTLY_CONFIG, with_typed_arrays

_HERE = Path(__file__).parent


def _compact(source: str) -> str:
    """``source`` without its comment lines, trailing comments and indentation: the component's
    script is resent with every run of the view, ten or so times a minute while playing."""
    lines = []
    for line in source.splitlines():
        line = re.sub(r"\s+// .*$", "", line).strip()
        if line and not line.startswith("//"):
            lines.append(line)
    return "\n".join(lines)


JS = _compact((_HERE / "live_board.js").read_text(encoding="utf-8"))
CSS = (_HERE / "live_board.css").read_text(encoding="utf-8").replace("\n", "")
CONFIG = {**PLOTLY_CONFIG, "responsive": True}


def plot_spec(view: str, fig: dict, alt: str = "", rev: str | None = None, every_ms: int = 0,
              fit: tuple[int, int] | None = None, min_width: int = 0) -> dict:
    """One view of a board: its id, its figure dict (typed arrays encoded) and alt text.
    ``rev`` names the figure's content, so the browser skips a redraw when it has not changed
    (default: a digest of the figure); ``every_ms``: while frames play, draw it at most this often.
    ``fit`` = (px above, least px): the plot is the screen's height less the px above it, at least
    the least px and at most the figure's own height (so it fits a projector's first screen).
    ``min_width``: px below which the plot keeps its width and scrolls sideways (a phone)."""
    fig = with_typed_arrays(fig)
    if rev is None:
        rev = hashlib.blake2b(json.dumps(fig, sort_keys=True, default=str).encode(), digest_size=8).hexdigest()
    spec = {"id": view, "figure": fig, "alt": alt, "rev": str(rev), "config": CONFIG}
    if every_ms:
        spec["every"] = every_ms
    if fit:
        spec["fit"], spec["fit_min"] = fit
    if min_width:
        spec["min_width"] = min_width
    return spec


def plotly_frames_to_board(fig: dict, view: str, labels: list[str] | None = None) -> tuple[dict, list[dict]]:
    """A Plotly animation (a figure dict with ``frames``) as a still base figure and board frames
    for ``view``: the player's own slider and buttons replace Plotly's ``updatemenus`` and
    ``sliders``. Each frame holds complete values of what it changes, so any frame can follow
    any other."""
    layout = {k: v for k, v in fig["layout"].items() if k not in ("updatemenus", "sliders")}
    base = {"data": fig["data"], "layout": layout}
    frames = []
    for i, f in enumerate(fig.get("frames", [])):
        label = labels[i] if labels else f.get("name", str(i))
        frames.append({"seq": i, "label": label, "plots": {view: {"data": f["data"], "traces": f["traces"]}}})
    return base, frames


def encoded(payload: dict) -> bytes:
    """A payload as the component receives it: compact UTF-8 JSON (numpy values that are not
    typed arrays already, e.g. in a layout, as plain numbers and lists)."""
    return json.dumps(payload, separators=(",", ":"), default=_plain).encode()


def _plain(value):
    if hasattr(value, "tolist"):  # numpy arrays and scalars
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def standalone_board_html(payload: dict, plotly_js: str, *, title: str) -> str:
    """A complete HTML page that draws ``payload`` with plotly.js and the board script inlined:
    it opens and plays offline (e.g. from a USB stick in a lecture hall)."""
    data = json.dumps(payload, separators=(",", ":")).replace("</", "<\\/")
    return (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{_escape(title)}</title><style>body{{margin:16px}}{CSS}</style>"
        f"<script>{plotly_js}</script></head><body><div id=\"board\"></div>"
        f"<script type=\"module\">{JS}\nmount(document.getElementById('board'), {data}, null);</script>"
        "</body></html>"
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@lru_cache(maxsize=1)
def plotly_js() -> str:
    """plotly.min.js of the installed ``plotly`` package (about 4.6 MB), for offline files."""
    import plotly

    return (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")
