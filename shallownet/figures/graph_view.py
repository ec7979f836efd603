"""The computation graph as it stands in one phase.

Nodes X, W1, b1, Z1, A1, W2, b2, Z2, A2, Y, J come from :func:`shallownet.graph.build_graph`
(their symbols, layout positions and shapes read from the arrays). In a forward phase the
nodes light up left to right and carry a summary of their values; in a backward phase the
gradients flow right to left and each node carries ‖d·‖. The arrows of the phase are layout
annotations, so they point the right way whatever the chart's width.

The figure shows one phase and has no player of its own: the page moves the phase (its
buttons, slider and play toggle) and updates the chart in place, so the graph, the heading
and the equation always show the same phase. ``layout.meta`` names that phase.

:func:`graph_figure` returns a figure dict in Plotly's JSON schema (see :mod:`.style`), not a
``go.Figure``.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from ..formatting import number_text, shape_text, summary_text
from ..graph import Graph
from ..stepthrough import PHASE_IDS, PHASES, Phase, read_nodes, render_equation, summary
from .style import ACCENT, BAD, GOOD, NEUTRAL, figure, styled_layout

# trace order: the static edges, then one point per node
EDGE_TRACE, NODE_TRACE, CAPTION_TRACE = 0, 1, 2
DIRECTION_COLOR = {"forward": GOOD, "backward": BAD, "update": ACCENT}
KIND_SYMBOL = {"input": "square", "param": "diamond", "op": "circle", "cost": "hexagon"}
NODE_SIZE = 44
PENDING_FILL, KNOWN_FILL, PENDING_TEXT = "#EEF0F4", "#FFFFFF", "#9AA0A6"
CAPTION_OFFSET = 0.46  # captions sit this far (data units) from their node: above the top row, else below
HEIGHT = 430  # the same for every phase: the chart never changes size as the phase moves


# -- LaTeX → the small HTML subset Plotly text understands ----------------------
_LATEX_WORDS = {
    r"\ast": "∗", r"\sigma": "σ", r"\alpha": "α", r"\sum": "Σ", r"\log": "log", r"\tanh": "tanh",
    r"\big": "", r"\textstyle": "", r"\left": "", r"\right": "", r"\,": " ", r"\ ": " ", r"\quad": " ",
}


@lru_cache(maxsize=256)
def latex_to_html(latex: str) -> str:
    """Turn the LaTeX of the engine's equations into Plotly-safe text with <sup>/<sub>, in the
    code's spelling of the layers (W1, Z2: chart text writes W1, never W¹, which reads as a power).

    Handles the subset the app writes: fractions, superscripts/subscripts, \\text, \\texttt,
    \\mathcal, \\underbrace (dropped), aligned environments (lines joined by "; ").
    """
    s = latex.replace(r"\begin{aligned}", "").replace(r"\end{aligned}", "").replace("&", "")
    # the code's spelling for chart text: W^{[1]} → W1, W^{[2]T} → W2ᵀ, a^{[2](i)} → a2⁽ⁱ⁾
    s = re.sub(r"\^\{\[(\d)\]\}", r"\1", s)
    s = re.sub(r"\^\{\[(\d)\]", r"\1^{", s)
    s = s.replace("\\\\", "; ")
    s = re.sub(r"\\underbrace\{", "{", s)
    s = re.sub(r"\\(?:text|texttt|mathcal|mathrm|operatorname)\{([^{}]*)\}", r"\1", s)
    for word, text in _LATEX_WORDS.items():
        s = s.replace(word, text)
    s = s.replace("'", "′")
    for _ in range(4):  # nested groups, innermost first
        s = re.sub(r"\\[td]?frac\{([^{}]*)\}\{([^{}]*)\}", _fraction, s)
        s = re.sub(r"\^\{([^{}]*)\}", r"<sup>\1</sup>", s)
        s = re.sub(r"_\{([^{}]*)\}", r"<sub>\1</sub>", s)
    for _ in range(3):  # what is left are plain groups
        s = re.sub(r"\{([^{}]*)\}", r"\1", s)
    s = re.sub(r"\^(\w)", r"<sup>\1</sup>", s)
    s = re.sub(r"_(\w)", r"<sub>\1</sub>", s)
    s = s.replace("<sup>T</sup>", "ᵀ").replace("</sup><sup>", "")
    while re.search(r"<sup>[^<]*<sup>", s):  # Plotly cannot nest superscripts: flatten the inner one
        s = re.sub(r"(<sup>[^<]*)<sup>([^<]*)</sup>", r"\1\2", s)
    s = re.sub(r"\s+", " ", s).strip()
    # a binary or leading minus is a minus sign (−), not a hyphen; a hyphen inside a word stays
    return re.sub(r"(^|[\s(=])-(?=[\s\w(α\\])", r"\1−", s)


def _fraction(match) -> str:
    num, den = (f"({t})" if re.search(r"[+\-\s]", t) else t for t in match.groups())
    return f"{num}/{den} "


# -- what each node looks like in each phase -------------------------------------
def _forward_done(node: str, k: int) -> bool:
    """Is the value of ``node`` known once phase ``k`` has run? (inputs and parameters always)"""
    for j, phase in enumerate(PHASES[: PHASE_IDS.index("J") + 1]):
        if node in phase.nodes:
            return j <= k
    return True


def _grad_done(node: str, k: int) -> bool:
    """Has phase ``k`` (or an earlier one) computed the gradient of ``node``?"""
    start = PHASE_IDS.index("dZ2")
    return any(node in PHASES[j].nodes for j in range(start, k + 1)) if k >= start else False


def _summaries(graph: Graph) -> tuple[dict, dict]:
    """:func:`summary` of every node's value and gradient."""
    return ({n: summary(v) for n, v in graph.values.items()},
            {n: summary(g) for n, g in graph.grads.items() if g is not None})


def _node_state(graph: Graph, name: str, k: int, phase: Phase, learning_rate: float, stats: tuple) -> dict:
    """Fill, outline, caption and hover of node ``name`` in phase ``k``; ``stats`` from :func:`_summaries`."""
    node = graph.nodes[name]
    color = DIRECTION_COLOR[phase.direction]
    sources = set(read_nodes(phase))
    written = name in phase.nodes
    known = _forward_done(name, k)
    value = graph.values[name]
    grad = graph.grads.get(name)
    value_norm = stats[0][name]["norm"] if known else None
    show_grad = grad is not None and phase.direction != "forward" and _grad_done(name, k)
    grad_norm = stats[1][name]["norm"] if show_grad else None
    label = latex_to_html(node.symbol)

    if not known:
        line = "?"
    elif phase.direction == "update" and written:
        new = value - learning_rate * grad
        line = f"‖{label}‖ {number_text(value_norm)} → {number_text(float(np.linalg.norm(new)))}"
    elif show_grad:
        line = f"‖d{label}‖ = {number_text(grad_norm)}"
    elif name == "J":
        line = f"J = {number_text(float(value))}"
    else:
        line = f"‖{label}‖ = {number_text(value_norm)}"

    hover = [f"<b>{label}</b>  {shape_text(node.shape)}  {node.shape_formula}"]
    if node.equation:
        hover.append(latex_to_html(node.equation))
    if known:
        hover.append(f"value: {summary_text(stats[0][name])}")
    else:
        hover.append("not computed yet in this phase")
    if show_grad:
        hover.append(latex_to_html(node.grad_equation))
        hover.append(f"gradient: {summary_text(stats[1][name])}")

    if written:
        fill, outline, width, text_color = color, color, 3, "#FFFFFF"
    elif name in sources:
        fill, outline, width, text_color = KNOWN_FILL, color, 3, "#262730"
    elif known:
        fill, outline, width, text_color = KNOWN_FILL, NEUTRAL, 1.5, "#262730"
    else:
        fill, outline, width, text_color = PENDING_FILL, PENDING_TEXT, 1, PENDING_TEXT
    caption_color = color if (written or show_grad) else ("#262730" if known else PENDING_TEXT)
    return {
        "fill": fill, "outline": outline, "width": width, "text_color": text_color,
        "caption": f"{shape_text(node.shape)}<br>{line}", "caption_color": caption_color,
        "hover": "<br>".join(hover), "value_norm": value_norm, "grad_norm": grad_norm,
    }


def _positions(graph: Graph) -> tuple[list, list]:
    names = list(graph.nodes)
    return [graph.nodes[n].column for n in names], [graph.nodes[n].row for n in names]


def _phase_traces(graph: Graph, k: int, learning_rate: float, stats: tuple) -> list:
    """The node and caption traces of phase ``k`` (the edge trace is the same in every phase)."""
    phase = PHASES[k]
    names = list(graph.nodes)
    xs, ys = _positions(graph)
    states = [_node_state(graph, n, k, phase, learning_rate, stats) for n in names]
    nodes = dict(
        type="scatter", x=xs, y=ys, mode="markers+text", name="tensors",
        text=[latex_to_html(graph.nodes[n].symbol) for n in names],
        textfont=dict(size=14, color=[s["text_color"] for s in states]),
        marker=dict(size=NODE_SIZE, symbol=[KIND_SYMBOL[graph.nodes[n].kind] for n in names],
                    color=[s["fill"] for s in states],
                    line=dict(color=[s["outline"] for s in states], width=[s["width"] for s in states])),
        customdata=[[s["hover"], s["value_norm"], s["grad_norm"]] for s in states],
        hovertemplate="%{customdata[0]}<extra></extra>", showlegend=False,
    )
    captions = dict(
        type="scatter", x=xs, y=[y + CAPTION_OFFSET if y > 0 else y - CAPTION_OFFSET for y in ys],
        mode="text", name="values",
        text=[s["caption"] for s in states], textfont=dict(size=11, color=[s["caption_color"] for s in states]),
        hoverinfo="skip", showlegend=False,
    )
    return [nodes, captions]


def _arrows(graph: Graph, phase: Phase) -> list[dict]:
    """One arrow annotation per edge the phase uses: along the edge in the forward pass,
    against it in the backward pass."""
    color = DIRECTION_COLOR[phase.direction]
    out = []
    for src, dst in phase.edges:
        a, b = graph.nodes[src], graph.nodes[dst]
        (tail, head) = (a, b) if phase.direction == "forward" else (b, a)
        out.append(dict(
            x=head.column, y=head.row, ax=tail.column, ay=tail.row, xref="x", yref="y", axref="x",
            ayref="y", showarrow=True, arrowhead=2, arrowsize=1.1, arrowwidth=3.5, arrowcolor=color,
            standoff=NODE_SIZE / 2 + 2, startstandoff=NODE_SIZE / 2 + 2, text="",
        ))
    return out


def _title(phase: Phase, k: int) -> dict:
    color = DIRECTION_COLOR[phase.direction]
    text = (f"<b style='color:{color}'>{phase.direction} · phase {k + 1} of {len(PHASES)}</b>  "
            f"{phase.title}:  {latex_to_html(render_equation(phase))}")
    return dict(text=text, x=0, xanchor="left", font=dict(size=14))


def graph_figure(graph: Graph, active: str = PHASE_IDS[0], learning_rate: float = 1.2) -> dict:
    """The graph in phase ``active`` as a figure dict (no frames, no player of its own).

    ``learning_rate`` is used for the update phase's "‖W‖ before → after". Traces: the static
    edges, then the nodes and their captions (``NODE_TRACE``, ``CAPTION_TRACE``: one point per
    node of ``graph``); a node's ``customdata`` row is [hover text, ‖value‖ or None, ‖gradient‖
    or None]. ``layout.meta`` is {"phase": the phase id, "number": its number 1…12}, and the
    height is :data:`HEIGHT` whatever the phase.
    """
    k = PHASE_IDS.index(active)
    phase = PHASES[k]
    names = list(graph.nodes)
    pos = {n: (graph.nodes[n].column, graph.nodes[n].row) for n in names}
    ex, ey = [], []
    for src, dst in graph.edges:
        ex += [pos[src][0], pos[dst][0], None]
        ey += [pos[src][1], pos[dst][1], None]
    edges = dict(type="scatter", x=ex, y=ey, mode="lines", line=dict(color="#C9CED6", width=2),
                 hoverinfo="skip", showlegend=False, name="edges")
    layout = styled_layout(
        height=HEIGHT, annotations=_arrows(graph, phase),
        xaxis=dict(visible=False, range=[-0.45, 5.45], fixedrange=True),
        yaxis=dict(visible=False, range=[-1.72, 1.72], fixedrange=True),
        margin=dict(l=10, r=10, t=50, b=10), hovermode="closest", dragmode=False,
        meta=dict(phase=active, number=k + 1),
    )
    layout["title"] = _title(phase, k)  # a dict: styled_layout's title= takes the text only
    return figure([edges, *_phase_traces(graph, k, float(learning_rate), _summaries(graph))], layout)
