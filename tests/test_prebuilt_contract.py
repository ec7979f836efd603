"""The contract of ``shallownet.ui.page._Prebuilt``, the shortcut behind ``page.chart``.

What it promises (and what the app relies on for speed):

* Streamlit receives exactly the figure dict ``chart`` was given (after ``frozen``), unchanged:
  the chart's spec is that dict's JSON, and the dict is not modified on the way;
* ``to_dict()`` returns that very dict, so Streamlit takes its "already a Figure" path;
* Plotly's validation does not run when the chart is drawn: no ``go.Figure`` is built from the
  dict on any rerun. The figure is validated once, by the test suite (``tests.figure_check``),
  and the figure the chart sends here passes that validation.

If a Streamlit or Plotly upgrade changes the path (validating a Figure's dict again, reading the
Figure some other way than ``to_dict()``), these tests fail and the shortcut must be revisited.
"""

from __future__ import annotations

import copy
import json

import plotly.basedatatypes
import plotly.graph_objects as go
import plotly.tools
import pytest

from shallownet.comparisons import activation_curves
from shallownet.figures.gradients_view import activation_curves_figure
from shallownet.ui.page import _Prebuilt, frozen
from tests.figure_check import validated


@pytest.fixture
def figures_built(monkeypatch) -> list[int]:
    """A counter of ``go.Figure`` objects built (each one validates the dict it is given)."""
    built = []
    real_init = plotly.basedatatypes.BaseFigure.__init__

    def counting_init(self, *args, **kwargs):
        built.append(1)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(plotly.basedatatypes.BaseFigure, "__init__", counting_init)
    return built


def test_to_dict_returns_the_very_dict_it_was_given():
    fig = frozen(activation_curves_figure(activation_curves()))
    pre = _Prebuilt(fig)
    assert isinstance(pre, go.Figure)  # so Streamlit and Plotly take the figure's own dict
    assert pre.to_dict() is fig


def test_streamlit_takes_the_dict_without_validating_it(figures_built):
    """``st.plotly_chart`` (1.67) calls ``return_figure_from_figure_or_data(fig, validate_figure=True)``."""
    fig = frozen(activation_curves_figure(activation_curves()))
    assert plotly.tools.return_figure_from_figure_or_data(_Prebuilt(fig), validate_figure=True) is fig
    assert figures_built == []
    plotly.tools.return_figure_from_figure_or_data(copy.deepcopy(fig), validate_figure=True)
    assert figures_built, "the counter sees the validation a plain dict gets"


def _chart_script():
    import streamlit as st

    from shallownet.comparisons import activation_curves
    from shallownet.figures.gradients_view import activation_curves_figure
    from shallownet.ui.page import chart, frozen

    # kept in the session, as a page keeps a built figure across reruns
    fig = st.session_state.setdefault("fig", frozen(activation_curves_figure(activation_curves())))
    chart(fig, key="contract.chart")


def test_chart_sends_exactly_the_dict_and_validates_nothing(figures_built):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_chart_script, default_timeout=30)
    at.run()
    fig = at.session_state["fig"]
    before = copy.deepcopy(fig)
    figures_built.clear()
    at.run()  # a rerun that reuses the kept figure
    assert not at.exception, [e.value for e in at.exception]
    assert figures_built == [], "drawing a prebuilt figure built (and validated) a go.Figure"
    (el,) = at.get("plotly_chart")
    sent = json.loads(el.proto.spec)
    assert sent == json.loads(json.dumps(fig)), "Streamlit sent something other than the dict"
    assert at.session_state["fig"] == before, "the kept dict was changed on the way"
    validated(sent)  # the one validation: the suite's
