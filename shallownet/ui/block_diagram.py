"""An SVG view of the Shapes page's block diagram that animates between configurations.

The data comes from :func:`shallownet.figures.shapes_view.diagram_spec` (pure). The view is a
small inline component: it keeps its SVG elements across reruns (keyed by tensor name) and
only updates their positions and sizes, and CSS transitions make every change glide. A
``st.plotly_chart`` cannot do this: its element id includes a hash of the figure, so any
change remounts the chart and a Plotly transition never plays.
"""

from __future__ import annotations

import streamlit as st

from ..figures.style import FONT

_CSS = """
.blocks-wrap { overflow-x: auto; font-family: FONT_FAMILY; color: #262730; }
.blocks-legend { display: flex; gap: 1.2rem; font-size: 13px; margin: 0 0 6px 4px; flex-wrap: wrap; }
.blocks-legend span.swatch { display: inline-block; width: 22px; height: 10px; border-radius: 2px;
  margin-right: 6px; vertical-align: middle; }
svg.blocks { display: block; margin: 0 auto; overflow: visible; }
svg.blocks rect { transition-property: x, y, width, height, fill; transition-timing-function: ease-in-out;
  fill-opacity: 0.85; }
svg.blocks rect:hover { fill-opacity: 1; stroke: #262730; stroke-width: 1.5px; }
svg.blocks g.label, svg.blocks text.note { transition-property: transform; transition-timing-function: ease-in-out; }
svg.blocks text { font-size: 12px; fill: #262730; }
svg.blocks text .name, svg.blocks text .shape { font-weight: 700; }
svg.blocks text .formula { fill: #5c5f66; }
""".replace("FONT_FAMILY", FONT["family"])

_JS = """
const NS = 'http://www.w3.org/2000/svg';
function el(tag, attrs, parent) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}
export default function(component) {
  const { data, parentElement } = component;
  if (!data) return;
  let wrap = parentElement.querySelector('.blocks-wrap');
  if (!wrap) {
    wrap = document.createElement('div');
    wrap.className = 'blocks-wrap';
    const legend = document.createElement('div');
    legend.className = 'blocks-legend';
    for (const item of data.legend) {
      const s = document.createElement('span');
      s.innerHTML = '<span class="swatch"></span>';
      s.firstChild.style.background = item.color;
      s.appendChild(document.createTextNode(item.label));
      legend.appendChild(s);
    }
    wrap.appendChild(legend);
    el('svg', {class: 'blocks', role: 'img', 'aria-label': 'Block diagram of every tensor and its shape'}, wrap);
    parentElement.appendChild(wrap);
  }
  const svg = wrap.querySelector('svg.blocks');
  const ms = (data.transition_ms || 0) + 'ms';
  svg.style.transition = 'width ' + ms + ' ease-in-out, height ' + ms + ' ease-in-out';
  svg.setAttribute('width', data.width);
  svg.setAttribute('height', data.height);
  svg.style.width = data.width + 'px';
  svg.style.height = data.height + 'px';
  const seen = new Set();
  for (const b of data.boxes) {
    seen.add(b.name);
    let g = svg.querySelector('g.tensor[data-name="' + b.name + '"]');
    if (!g) {
      g = el('g', {class: 'tensor', 'data-name': b.name}, svg);
      const r = el('rect', {}, g);
      el('title', {}, r);
      const lg = el('g', {class: 'label'}, g);
      const t = el('text', {}, lg);
      el('tspan', {class: 'name'}, t);
      el('tspan', {class: 'formula'}, t);
      el('tspan', {class: 'shape'}, t);
    }
    const r = g.querySelector('rect');
    r.style.transitionDuration = ms;
    r.style.x = b.x + 'px'; r.style.y = b.y + 'px';
    r.style.width = b.w + 'px'; r.style.height = b.h + 'px';
    r.style.fill = b.color;
    r.setAttribute('data-shape', b.shape);
    r.querySelector('title').textContent = b.tooltip;
    const lg = g.querySelector('g.label');
    lg.style.transitionDuration = ms;
    lg.style.transform = 'translate(' + b.lx + 'px, ' + b.ly + 'px)';
    const t = lg.querySelector('text');
    t.setAttribute('text-anchor', b.anchor);
    const [n, f, s] = t.querySelectorAll('tspan');
    n.textContent = b.name + ' ';
    f.textContent = b.formula + ' = ';
    s.textContent = b.shape;
  }
  for (const g of svg.querySelectorAll('g.tensor')) if (!seen.has(g.getAttribute('data-name'))) g.remove();
  for (const note of data.notes) {
    let t = svg.querySelector('text.note[data-id="' + note.id + '"]');
    if (!t) t = el('text', {class: 'note', 'data-id': note.id}, svg);
    t.style.transitionDuration = ms;
    t.style.transform = 'translate(' + note.x + 'px, ' + note.y + 'px)';
    t.setAttribute('text-anchor', note.anchor);
    t.style.fill = note.color;
    t.textContent = note.text;
  }
}
"""

_COMPONENT = st.components.v2.component("shallownet_block_diagram", css=_CSS, js=_JS)


def block_diagram(spec: dict, key: str):
    """Show (or update in place) the block diagram described by ``spec`` (see ``diagram_spec``)."""
    return _COMPONENT(data=spec, key=key, height="content")
