"""Figure builders write Plotly's JSON directly; tests read them back through Plotly."""

from __future__ import annotations

import copy
import json

import plotly.graph_objects as go
import plotly.io as pio


def validated(fig) -> go.Figure:
    """The builder's figure dict as a ``go.Figure``, validated property by property by Plotly
    (an unknown property or a bad value raises), and JSON-serialisable as it will be sent."""
    assert isinstance(fig, dict), f"builders return figure dicts, not {type(fig).__name__}"
    checked = go.Figure(copy.deepcopy(fig))  # go.Figure reorders the keys of the dict it is given
    json.loads(pio.to_json(fig, validate=False, engine="json"))  # what the page sends
    return checked
