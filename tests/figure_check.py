"""Figure builders write Plotly's JSON directly; tests read them back through Plotly."""

from __future__ import annotations

import copy
import hashlib
import json

import plotly.graph_objects as go
import plotly.io as pio

# Digests of the figures found valid in this test process. Validation is a pure function of a
# figure's JSON, so a figure met again (the same chart on the next rerun, or in the next test)
# needs no second look: this keeps checking every rerun's charts cheap.
_VALID: set[bytes] = set()


def validated(fig) -> go.Figure:
    """The builder's figure dict as a ``go.Figure``, validated property by property by Plotly
    (an unknown property or a bad value raises), and JSON-serialisable as it will be sent."""
    assert isinstance(fig, dict), f"builders return figure dicts, not {type(fig).__name__}"
    checked = go.Figure(copy.deepcopy(fig))  # go.Figure reorders the keys of the dict it is given
    json.loads(pio.to_json(fig, validate=False, engine="json"))  # what the page sends
    return checked


def schema_problems(fig: dict, where: str) -> list[str]:
    """What Plotly's schema rejects in ``fig``, a figure as the browser receives it (JSON, typed
    arrays as {dtype, bdata}): [] when valid, else one line naming ``where``. Each distinct
    figure is validated once per process (by a digest of its JSON)."""
    digest = hashlib.blake2b(json.dumps(fig, sort_keys=True).encode(), digest_size=16).digest()
    if digest in _VALID:
        return []
    try:
        go.Figure(copy.deepcopy(fig))
    except (ValueError, TypeError) as err:  # Plotly's message names the property and the value
        return [f"{where}: {str(err).strip().splitlines()[0][:200]}"]
    _VALID.add(digest)
    return []


def emitted_figures(at) -> dict[str, dict]:
    """Every figure an AppTest run emitted: each ``st.plotly_chart`` (by element id) and each
    base figure of a live view (by key, "key/view" on boards with several; the Training board's
    only while its base is sent, i.e. not in the chunks sent while playing)."""
    from tests.conftest import live_figures

    out = {f"chart {el.proto.id[-12:]}": json.loads(el.proto.spec) for el in at.get("plotly_chart")}
    out.update({f"live view {key}": fig for key, fig in live_figures(at).items()})
    return out


def chart_schema_problems(at, figures: dict[str, dict] | None = None) -> list[str]:
    """Schema problems of every figure the run of ``at`` emitted (or of ``figures``, its
    :func:`emitted_figures` already read)."""
    figures = emitted_figures(at) if figures is None else figures
    return [p for where, fig in figures.items() for p in schema_problems(fig, where)]


def assert_charts_valid(at) -> int:
    """Every figure ``at`` emitted passes Plotly's schema; returns how many there were."""
    figures = emitted_figures(at)
    problems = chart_schema_problems(at, figures)
    assert not problems, problems
    return len(figures)
