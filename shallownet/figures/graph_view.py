"""The computation graph, animated phase by phase (one Plotly frame per phase).

Nodes X, W1, b1, Z1, A1, W2, b2, Z2, A2, Y, J come from :func:`shallownet.graph.build_graph`
(their symbols, layout positions and shapes read from the arrays). In a forward frame the
nodes light up left to right and carry a summary of their values; in a backward frame the
gradients flow right to left and each node carries ‖d·‖. The arrows of the phase are layout
annotations, so they point the right way whatever the chart's width.

:func:`graph_figure` returns a figure dict in Plotly's JSON schema (see :mod:`.style`), not a
``go.Figure``.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from ..graph import Graph
from ..stepthrough import PHASE_IDS, PHASES, Phase, read_nodes, render_equation, summary
from .style import ACCENT, BAD, GOOD, NEUTRAL, figure, shape_text, styled_layout

# trace order (frames update the dynamic ones by index)
EDGE_TRACE, NODE_TRACE, CAPTION_TRACE = 0, 1, 2
DIRECTION_COLOR = {"forward": GOOD, "backward": BAD, "update": ACCENT}
KIND_SYMBOL = {"input": "square", "param": "diamond", "op": "circle", "cost": "hexagon"}
NODE_SIZE = 44
PENDING_FILL, KNOWN_FILL, PENDING_TEXT = "#EEF0F4", "#FFFFFF", "#9AA0A6"
CAPTION_OFFSET = 0.46  # captions sit this far (data units) from their node: above the top row, else below
FRAME_MS, TRANSITION_MS = 1400, 250
HEIGHT = 430
MAX_ARROWS = max(len(p.edges) for p in PHASES)
_HIDDEN_ARROW = dict(x=0, y=0, ax=0, ay=0, xref="x", yref="y", axref="x", ayref="y", showarrow=True, text="")


# -- LaTeX → the small HTML subset Plotly text understands ----------------------
_LATEX_WORDS = {
    r"\ast": "∗", r"\sigma": "σ", r"\alpha": "α", r"\sum": "Σ", r"\log": "log", r"\tanh": "tanh",
    r"\big": "", r"\textstyle": "", r"\left": "", r"\right": "", r"\,": " ", r"\ ": " ", r"\quad": " ",
}


@lru_cache(maxsize=256)
def latex_to_html(latex: str) -> str:
    """Turn the LaTeX of the engine's equations into Plotly-safe text with <sup>/<sub>.

    Handles the subset the app writes: fractions, superscripts/subscripts, \\text, \\texttt,
    \\mathcal, \\underbrace (dropped), aligned environments (lines joined by "; ").
    """
    s = latex.replace(r"\begin{aligned}", "").replace(r"\end{aligned}", "").replace("&", "")
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
    return re.sub(r"\s+", " ", s).strip()


def _fraction(match) -> str:
    num, den = (f"({t})" if re.search(r"[+\-\s]", t) else t for t in match.groups())
    return f"{num}/{den} "


def fmt(x: float) -> str:
    """A number for a label: three significant digits."""
    return f"{x:.3g}"


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
    """:func:`summary` of every node's value and gradient, computed once for all the frames."""
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
        line = f"‖{label}‖ {fmt(value_norm)} → {fmt(float(np.linalg.norm(new)))}"
    elif show_grad:
        line = f"‖d{label}‖ = {fmt(grad_norm)}"
    elif name == "J":
        line = f"J = {fmt(float(value))}"
    else:
        line = f"‖{label}‖ = {fmt(value_norm)}"

    hover = [f"<b>{label}</b>  {shape_text(node.shape)}  {node.shape_formula.replace('_', '')}"]
    if node.equation:
        hover.append(latex_to_html(node.equation))
    if known:
        s = stats[0][name]
        hover.append(f"value: mean {fmt(s['mean'])}, min {fmt(s['min'])}, max {fmt(s['max'])}, "
                     f"‖·‖ {fmt(s['norm'])}")
    else:
        hover.append("not computed yet in this phase")
    if show_grad:
        g = stats[1][name]
        hover.append(latex_to_html(node.grad_equation))
        hover.append(f"gradient: mean {fmt(g['mean'])}, min {fmt(g['min'])}, max {fmt(g['max'])}, "
                     f"‖·‖ {fmt(g['norm'])}")

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


def _frame_traces(graph: Graph, k: int, learning_rate: float, stats: tuple) -> list:
    """The node and caption traces of phase ``k`` (the edge trace is static)."""
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
            standoff=NODE_SIZE / 2 + 2, startstandoff=NODE_SIZE / 2 + 2, text="", visible=True,
        ))
    # Plotly merges a frame's annotations into the current ones index by index, so every frame
    # carries the same number: the unused ones are hidden, not left out
    while len(out) < MAX_ARROWS:
        out.append(dict(out[0] if out else _HIDDEN_ARROW, visible=False))
    return out


def _title(phase: Phase, k: int) -> dict:
    color = DIRECTION_COLOR[phase.direction]
    text = (f"<b style='color:{color}'>{phase.direction} · phase {k + 1} of {len(PHASES)}</b>  "
            f"{phase.title}:  {latex_to_html(render_equation(phase))}")
    return dict(text=text, x=0, xanchor="left", font=dict(size=14))


def graph_figure(graph: Graph, phase_ids=PHASE_IDS, active: str | None = None,
                 learning_rate: float = 1.2) -> dict:
    """The animated graph as a figure dict, with one frame per phase of ``phase_ids`` (in that order).

    ``active`` (default: the first) is the phase in view: the initial data, the slider's
    ``active`` step and the title are those of its frame. ``learning_rate`` is used for the
    update frame's "‖W‖ before → after". Traces: the static edges, then the nodes and their
    captions (``NODE_TRACE``, ``CAPTION_TRACE``: one point per node of ``graph``), which each
    frame replaces; a node's ``customdata`` row is [hover text, ‖value‖ or None, ‖gradient‖ or None].
    """
    phase_ids = tuple(phase_ids)
    active = phase_ids[0] if active is None else active
    names = list(graph.nodes)
    pos = {n: (graph.nodes[n].column, graph.nodes[n].row) for n in names}
    ex, ey = [], []
    for src, dst in graph.edges:
        ex += [pos[src][0], pos[dst][0], None]
        ey += [pos[src][1], pos[dst][1], None]
    edges = dict(type="scatter", x=ex, y=ey, mode="lines", line=dict(color="#C9CED6", width=2),
                 hoverinfo="skip", showlegend=False, name="edges")

    frames = []
    stats = _summaries(graph)
    for pid in phase_ids:
        k = PHASE_IDS.index(pid)
        frames.append(dict(
            name=pid, data=_frame_traces(graph, k, float(learning_rate), stats), traces=[NODE_TRACE, CAPTION_TRACE],
            layout=dict(annotations=_arrows(graph, PHASES[k]), title=_title(PHASES[k], k)),
        ))
    current = phase_ids.index(active)
    layout = styled_layout(
        height=HEIGHT, annotations=frames[current]["layout"]["annotations"],
        xaxis=dict(visible=False, range=[-0.45, 5.45], fixedrange=True),
        yaxis=dict(visible=False, range=[-1.72, 1.72], fixedrange=True),
        margin=dict(l=10, r=10, t=50, b=10), hovermode="closest", dragmode=False,
        updatemenus=[_play_buttons()], sliders=[_slider(phase_ids, current)],
    )
    layout["title"] = frames[current]["layout"]["title"]  # a dict: styled_layout's title= takes the text only
    return figure([edges, *frames[current]["data"]], layout, frames)


def _animate_args(duration: int, transition: int) -> dict:
    return {"frame": {"duration": duration, "redraw": True}, "mode": "immediate",
            "transition": {"duration": transition}, "fromcurrent": True}


def _play_buttons() -> dict:
    return dict(
        type="buttons", direction="left", x=0, y=-0.02, xanchor="left", yanchor="top",
        pad=dict(t=0, r=8), showactive=False,
        buttons=[
            dict(label="▶ Play", method="animate", args=[None, _animate_args(FRAME_MS, TRANSITION_MS)]),
            dict(label="❚❚ Pause", method="animate", args=[[None], _animate_args(0, 0)]),
        ],
    )


def _slider(phase_ids: tuple, current: int) -> dict:
    by_id = {p.id: p for p in PHASES}
    return dict(
        active=current, x=0.2, len=0.8, y=-0.02, xanchor="left", yanchor="top", pad=dict(t=0),
        currentvalue=dict(visible=False),
        steps=[dict(label=by_id[pid].short, method="animate",
                    args=[[pid], _animate_args(0, 0)]) for pid in phase_ids],
    )
