"""The dict helpers lay figures out exactly as Plotly's own make_subplots and update_layout do."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from shallownet.figures.style import apply_style, figure, merged, styled_layout, subplot_grid
from tests.figure_check import validated

GRIDS = [
    dict(rows=1, cols=1),
    dict(rows=2, cols=1, row_heights=[0.72, 0.28], vertical_spacing=0.2, subplot_titles=("a", "b")),
    dict(rows=1, cols=4, horizontal_spacing=0.05, subplot_titles=list("abcd")),
    dict(rows=2, cols=3, horizontal_spacing=0.01, vertical_spacing=0.08, column_titles=["u1", "u2", "u3"]),
    dict(rows=3, cols=3, column_widths=[1, 2, 3], subplot_titles=["only the first"]),
]


@pytest.mark.parametrize("kw", GRIDS)
def test_subplot_grid_matches_make_subplots(kw):
    expected = make_subplots(**kw).to_dict()["layout"]
    layout, axes = subplot_grid(**kw)
    axis_keys = sorted(k for k in expected if k.startswith(("xaxis", "yaxis")))
    assert sorted(k for k in layout if k.startswith(("xaxis", "yaxis"))) == axis_keys
    for key in axis_keys:
        assert layout[key]["anchor"] == expected[key]["anchor"]
        assert layout[key]["domain"] == pytest.approx(expected[key]["domain"], abs=1e-12)
    got, want = layout.get("annotations", []), expected.get("annotations", [])
    assert len(got) == len(want)
    for a, b in zip(got, want, strict=True):
        assert {k: a[k] for k in ("text", "xref", "yref", "xanchor", "yanchor", "showarrow", "font")} == \
               {k: b[k] for k in ("text", "xref", "yref", "xanchor", "yanchor", "showarrow", "font")}
        assert (a["x"], a["y"]) == pytest.approx((b["x"], b["y"]), abs=1e-12)
    # the (row, col) → axis names a trace uses, as make_subplots assigns them
    fig = make_subplots(**kw)
    for (r, c), (x, y) in axes.items():
        fig.add_trace(go.Scatter(x=[0], y=[0]), row=r, col=c)
        trace = fig.data[-1]
        assert (trace.xaxis, trace.yaxis) == (x, y)


def test_styled_layout_is_apply_style_as_a_dict():
    for kw in (dict(), dict(title="T", height=300)):
        expected = apply_style(go.Figure(), **kw).to_dict()["layout"]
        got = validated(figure([], styled_layout(**kw))).to_dict()["layout"]
        assert got == expected


def test_styled_layout_merges_like_update_layout():
    base = apply_style(go.Figure(), title="T")
    base.update_layout(legend=dict(x=0.5), margin=dict(t=80), xaxis=dict(range=[0, 1]))
    got = validated(figure([], styled_layout(title="T", legend=dict(x=0.5), margin=dict(t=80),
                                             xaxis=dict(range=[0, 1]))))
    assert got.to_dict()["layout"] == base.to_dict()["layout"]


def test_merged_changes_neither_input():
    a, b = {"x": {"y": 1, "z": 2}}, {"x": {"y": 3}, "w": 4}
    assert merged(a, b) == {"x": {"y": 3, "z": 2}, "w": 4}
    assert a == {"x": {"y": 1, "z": 2}} and b == {"x": {"y": 3}, "w": 4}


def test_validated_rejects_unknown_properties():
    with pytest.raises(ValueError):
        validated(figure([{"type": "scatter", "colour": "red"}], styled_layout()))
