"""The dict helpers lay figures out exactly as Plotly's own make_subplots and update_layout do."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from shallownet.figures.style import TEMPLATE_DICT, figure, merged, styled_layout, subplot_grid
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


def apply_style(fig: go.Figure, *, title: str | None = None, height: int | None = None) -> go.Figure:
    """The shared look written the graph-objects way, as Plotly's own reference."""
    fig.update_layout(template=go.layout.Template(TEMPLATE_DICT), font=dict(
        family="Inter, 'Source Sans Pro', 'Helvetica Neue', Arial, sans-serif", size=14, color="#262730"),
        margin=dict(l=50, r=20, t=40, b=40), paper_bgcolor="rgba(0,0,0,0)",
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0), hoverlabel=dict(font_size=14))
    if title is not None:
        fig.update_layout(title=dict(text=title, x=0, xanchor="left", font_size=16))
    if height is not None:
        fig.update_layout(height=height)
    return fig


def test_styled_layout_is_the_shared_look_written_the_graph_objects_way():
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


def test_typed_arrays_are_what_plotly_writes_and_read_back_the_same():
    import numpy as np

    from shallownet.figures.style import with_typed_arrays

    z = np.arange(6, dtype=np.float32).reshape(2, 3) / 7
    fig = figure([{"type": "heatmap", "z": z, "x": np.arange(3), "text": np.array(["a", "b", "c"])},
                  {"type": "scatter", "y": [1, 2], "marker": {"color": np.array([0.5, np.nan])}}], styled_layout(),
                 frames=[{"name": "f", "data": [{"type": "heatmap", "z": z * 2}]}])
    packed = with_typed_arrays(fig)
    assert fig["data"][0]["z"] is z  # the input is not changed
    expected = go.Figure(fig).to_dict()  # Plotly's own encoding of the same arrays
    assert packed["data"][0]["z"] == expected["data"][0]["z"]
    assert packed["frames"][0]["data"][0]["z"] == expected["frames"][0]["data"][0]["z"]
    assert packed["data"][1]["marker"]["color"] == expected["data"][1]["marker"]["color"]
    assert packed["data"][1]["marker"]["color"]["dtype"] == "f8"
    validated(packed)  # a valid figure as it is
    assert np.array_equal(decoded(packed["data"][0]["z"]), z) and decoded(packed["data"][0]["x"]).tolist() == [0, 1, 2]
    assert list(packed["data"][0]["text"]) == ["a", "b", "c"]  # not numbers: left as they are


def decoded(spec: dict):
    """A plotly.js typed array read back the way the browser reads it."""
    import base64

    import numpy as np

    dtypes = {"f4": np.float32, "f8": np.float64, "i1": np.int8, "u1": np.uint8, "i2": np.int16,
              "u2": np.uint16, "i4": np.int32, "u4": np.uint32}
    values = np.frombuffer(base64.b64decode(spec["bdata"]), dtype=dtypes[spec["dtype"]])
    return values.reshape([int(n) for n in spec["shape"].split(",")]) if "shape" in spec else values
