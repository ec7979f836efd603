"""Loss-landscape figures: the contour map with descent paths, and the rotatable 3-D surface.

``landscape_figure(view, paths)`` puts both side by side in one figure; ``paths_figure(view,
paths)`` draws several named paths on one contour map (any page's runs: give each path its
projected coordinates from :func:`shallownet.landscape.project`). A path is a dict with
``name``, ``xy`` (k, 2), ``cost`` (k,), ``iterations`` (k,) and optional ``color`` and ``thick``
(a boolean mask (k,) of the part drawn thicker, e.g. a plateau).
"""

from __future__ import annotations

import numpy as np

from .style import ACCENT, NEUTRAL, figure, merged, styled_layout

# the narrowest width at which the map, its colour bar and the 3-D box beside it stay apart (a
# phone keeps this width and scrolls sideways: at 390 px the colour bar's labels ran into the box)
SIDE_BY_SIDE_MIN_PX = 720
PATH_COLORS = ("#D55E00", "#009E73", "#CC79A7", "#0072B2", "#E69F00")
SCALE = "Viridis"


def _contour(view, xaxis="x", yaxis="y", showscale=True) -> dict:
    """The map of J. No labels on the lines: on a narrow map (a phone) the levels of a flat
    stretch lie a few px apart and their labels ran into each other; the colour bar (or, on the
    small multiples, the hover) tells the values."""
    return {"type": "contour", "x": view.alphas, "y": view.betas, "z": view.J, "colorscale": SCALE,
            "contours": {"coloring": "heatmap", "showlabels": False},
            "ncontours": 18, "line": {"width": 0.5}, "xaxis": xaxis, "yaxis": yaxis, "showscale": showscale,
            "colorbar": {"title": {"text": "J"}, "len": 0.8, "thickness": 14, "x": 0.44, "xanchor": "left"},
            "name": "J on the slice", "hovertemplate": "a %{x:.3g}, b %{y:.3g}<br>J %{z:.4g}<extra></extra>"}


def _path_traces(path: dict, color: str, xaxis="x", yaxis="y", legend=True) -> list[dict]:
    xy, it, cost = np.asarray(path["xy"]), np.asarray(path["iterations"]), np.asarray(path["cost"])
    hover = "iteration %{customdata[0]}<br>J at the snapshot %{customdata[1]:.4g}<extra>" + path["name"] + "</extra>"
    custom = np.stack([it, cost], axis=1)
    out = [{"type": "scatter", "x": xy[:, 0], "y": xy[:, 1], "mode": "lines+markers", "name": path["name"],
            "line": {"color": color, "width": 2}, "marker": {"size": 4, "color": color},
            "customdata": custom, "hovertemplate": hover, "xaxis": xaxis, "yaxis": yaxis, "showlegend": legend,
            "legendgroup": path["name"], "meta": "path"}]
    thick = path.get("thick")
    if thick is not None and np.any(thick):
        out.append({"type": "scatter", "x": np.where(thick, xy[:, 0], None), "y": np.where(thick, xy[:, 1], None),
                    "mode": "lines", "name": "straight-line plateau", "line": {"color": "white", "width": 7},
                    "opacity": 0.6, "xaxis": xaxis, "yaxis": yaxis, "showlegend": legend, "hoverinfo": "skip"})
    ends = [{"type": "scatter", "x": xy[i:i + 1, 0], "y": xy[i:i + 1, 1], "mode": "markers",
             "marker": {"symbol": sym, "size": 11, "color": color, "line": {"color": "white", "width": 1.5}},
             "name": f"{path['name']}: {label} (iteration {it[i]})", "showlegend": False, "xaxis": xaxis,
             "yaxis": yaxis, "hovertemplate": f"{label}, iteration {it[i]}<extra></extra>", "meta": label}
            for i, sym, label in ((0, "circle", "start"), (-1, "star", "end"))]
    return out + ends


def _zero_trace(view, xaxis="x", yaxis="y") -> dict:
    return {"type": "scatter", "x": [view.zero[0]], "y": [view.zero[1]], "mode": "markers+text",
            "marker": {"symbol": "diamond-open", "size": 13, "color": ACCENT, "line": {"width": 2.5}},
            "text": ["θ = 0"], "textposition": "top right", "textfont": {"color": "white"},
            "name": "θ = 0 (projected)", "xaxis": xaxis, "yaxis": yaxis,
            "hovertemplate": f"θ = 0, {view.zero_off:.3g} from the plane<extra></extra>"}


def _surface(view) -> dict:
    return {"type": "surface", "x": view.alphas, "y": view.betas, "z": view.J, "colorscale": SCALE,
            "showscale": False, "scene": "scene", "name": "J", "opacity": 0.92,
            "hovertemplate": "a %{x:.3g}, b %{y:.3g}<br>J %{z:.4g}<extra></extra>"}


def _surface_path(view, path: dict, color: str) -> dict:
    """The shadow of the path on the surface: at the map's J of each projected point."""
    xy = np.asarray(path["xy"])
    ia = np.abs(view.alphas[None] - xy[:, :1]).argmin(axis=1)
    ib = np.abs(view.betas[None] - xy[:, 1:]).argmin(axis=1)
    z = view.J[ib, ia] + 0.01 * float(np.ptp(view.J))
    return {"type": "scatter3d", "x": xy[:, 0], "y": xy[:, 1], "z": z, "mode": "lines+markers",
            "line": {"color": color, "width": 6}, "marker": {"size": 2, "color": color}, "scene": "scene",
            "showlegend": False, "name": path["name"],
            "hovertemplate": "iteration %{customdata}<br>J on the slice %{z:.4g}<extra></extra>",
            "customdata": np.asarray(path["iterations"])}


def _scene_title(label: str) -> str:
    """An axis title short enough for the 3-D box: "change in W2[0]" → "ΔW2[0]", "a (along d1)" → "a"
    (the map beside it spells them out)."""
    if label.startswith("change in "):
        return "Δ" + label.removeprefix("change in ")
    return label.split(" (")[0]


def _scene(xl: str, yl: str) -> dict:
    """The 3-D box: few ticks and short titles, seen from far enough that its labels stay inside
    the scene (at 1280 px wide, seven ticks a side and the map's long titles ran into each other
    and off the scene's foot)."""
    axis = {"nticks": 5, "title": {"font": {"size": 15}}}
    return {"domain": {"x": [0.56, 1.0], "y": [0.0, 1.0]},
            "xaxis": merged(axis, {"title": {"text": _scene_title(xl)}}),
            "yaxis": merged(axis, {"title": {"text": _scene_title(yl)}}),
            "zaxis": {"nticks": 4, "title": {"text": "J", "font": {"size": 15}}},  # Plotly picks the digits
            "camera": {"eye": {"x": 1.9, "y": -1.9, "z": 1.1}}, "aspectmode": "cube"}


def landscape_figure(view, paths: list[dict], *, title: str = "", height: int = 520) -> dict:
    """Contour map with ``paths`` (left) and the rotatable 3-D surface with their shadows (right)."""
    data = [_contour(view)]
    for k, p in enumerate(paths):
        data += _path_traces(p, p.get("color", PATH_COLORS[k % len(PATH_COLORS)]))
    data.append(_zero_trace(view))
    data.append(_surface(view))
    data += [_surface_path(view, p, p.get("color", PATH_COLORS[k % len(PATH_COLORS)])) for k, p in enumerate(paths)]
    xl, yl = view.labels
    layout = styled_layout(
        title=title, height=height,
        xaxis={"domain": [0.0, 0.42], "title": {"text": xl}, "range": [view.alphas[0], view.alphas[-1]]},
        yaxis={"title": {"text": yl}, "range": [view.betas[0], view.betas[-1]]},
        scene=_scene(xl, yl),
        # at the figure's foot, below the x axis' title (a phone wraps it to two rows: room for them)
        legend={"yref": "container", "y": 0, "yanchor": "bottom", "x": 0, "orientation": "h"},
        margin={"l": 60, "r": 10, "t": 40, "b": 105},
    )
    return figure(data, layout)


def _two_lines(title: str) -> str:
    """"α small: α = 0.05" as "α small<br>α = 0.05": three maps side by side leave a phone
    about 90 px each."""
    head, sep, tail = title.partition(": ")
    return f"{head}<br>{tail}" if sep else title


def _wrapped(label: str, width: int = 32) -> str:
    """A long axis title on two lines, at its bracket or the space nearest the middle."""
    if len(label) <= width:
        return label
    cut = label.find(" (")
    if cut < 0:
        spaces = [i for i, ch in enumerate(label) if ch == " "]
        if not spaces:
            return label
        cut = min(spaces, key=lambda i: abs(i - len(label) / 2))
    return label[:cut] + "<br>" + label[cut + 1:]


def paths_figure(views: list, paths: list[list[dict]], titles: list[str], *, height: int = 380) -> dict:
    """One contour map per view, side by side, each with its named paths (e.g. three step sizes)."""
    n = len(views)
    gap = 0.06
    width = (1 - gap * (n - 1)) / n
    data, layout = [], {}
    for k, (view, ps) in enumerate(zip(views, paths, strict=True)):
        suffix = "" if k == 0 else str(k + 1)
        xa, ya = f"x{suffix}", f"y{suffix}"
        data.append(_contour(view, xa, ya, showscale=False))
        for q, p in enumerate(ps):
            data += _path_traces(p, p.get("color", PATH_COLORS[q % len(PATH_COLORS)]), xa, ya, legend=False)
        lo = k * (width + gap)
        middle = k == n // 2  # the same plane in each: its x title once, under the middle map
        layout[f"xaxis{suffix}"] = {"domain": [lo, lo + width], "title": {"text": view.labels[0] if middle else ""},
                                    "range": [view.alphas[0], view.alphas[-1]], "anchor": ya}
        layout[f"yaxis{suffix}"] = {"title": {"text": view.labels[1] if k == 0 else ""}, "anchor": xa,
                                    "range": [view.betas[0], view.betas[-1]]}
    annotations = [{"text": _two_lines(t), "x": k * (width + gap) + width / 2, "y": 1.0, "yshift": 6,
                    "xref": "paper", "yref": "paper", "xanchor": "center", "yanchor": "bottom",
                    "showarrow": False, "font": {"size": 14}} for k, t in enumerate(titles)]
    return figure(data, styled_layout(height=height, annotations=annotations, showlegend=False,
                                      margin={"l": 60, "r": 10, "t": 60, "b": 50}, **layout))


LIGHT_SCALE = [[0.0, "#FFFFFF"], [1.0, "#8C8C8C"]]  # low J light: four coloured paths stay readable


def runs_map_figure(view, paths: list[dict], *, title: str = "", height: int = 560) -> dict:
    """ONE contour map (same scale on both axes) with several named paths, a legend and the common
    start marked: e.g. the Mini-batch page's four runs. ``view``: alphas, betas, J, labels."""
    contour = {**_contour(view), "colorscale": LIGHT_SCALE,
               "contours": {"coloring": "heatmap", "showlabels": True, "labelfont": {"size": 14, "color": "#444"}},
               "colorbar": {"title": {"text": "J"}, "len": 0.8, "thickness": 14, "x": 0.88, "xanchor": "left"}}
    data = [contour]
    for k, p in enumerate(paths):
        data += _path_traces(p, p.get("color", PATH_COLORS[k % len(PATH_COLORS)]))
    start = np.asarray(paths[0]["xy"])[0]
    data.append({"type": "scatter", "x": [start[0]], "y": [start[1]], "mode": "markers+text", "name": "common start",
                 "marker": {"symbol": "circle-open", "size": 18, "color": ACCENT, "line": {"width": 3}},
                 "text": ["start"], "textposition": "middle left", "hovertemplate": "the common start<extra></extra>",
                 "meta": "common start"})
    xl, yl = view.labels
    layout = styled_layout(
        title=title, height=height,
        xaxis={"title": {"text": _wrapped(xl)}, "range": [view.alphas[0], view.alphas[-1]], "constrain": "domain",
               "domain": [0.0, 0.86]},
        yaxis={"title": {"text": _wrapped(yl)}, "range": [view.betas[0], view.betas[-1]], "scaleanchor": "x",
               "scaleratio": 1, "constrain": "domain"},
        # above the map, in rows (beside it, a phone left the map a third of its width)
        legend={"y": 1.02, "yanchor": "bottom", "x": 0, "orientation": "h"},
        margin={"l": 60, "r": 10, "t": 40, "b": 60},
    )
    return figure(data, layout)


def path_frames(fig: dict, paths: list[dict], frame_iterations) -> list[dict]:
    """Plotly frames that grow every path of ``fig`` (built by :func:`paths_figure` or
    :func:`landscape_figure`, ``paths`` flattened in drawing order) up to each of
    ``frame_iterations``: the line and its end mark show the snapshots at or before it."""
    lines = [i for i, t in enumerate(fig["data"]) if t.get("meta") == "path"]
    ends = [i for i, t in enumerate(fig["data"]) if t.get("meta") == "end"]
    frames = []
    for f in frame_iterations:
        data, traces = [], []
        for p, li, ei in zip(paths, lines, ends, strict=True):
            xy, it = np.asarray(p["xy"]), np.asarray(p["iterations"])
            k = max(1, int(np.searchsorted(it, f, side="right")))
            custom = np.stack([it[:k], np.asarray(p["cost"])[:k]], axis=1)
            data += [{"x": xy[:k, 0], "y": xy[:k, 1], "customdata": custom},
                     {"x": xy[k - 1:k, 0], "y": xy[k - 1:k, 1],
                      "hovertemplate": f"iteration {it[k - 1]}<extra></extra>"}]
            traces += [li, ei]
        frames.append({"name": f"iteration {f}", "data": data, "traces": traces})
    return frames


__all__ = ["landscape_figure", "paths_figure", "runs_map_figure", "PATH_COLORS", "NEUTRAL"]
