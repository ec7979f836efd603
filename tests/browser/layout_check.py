"""What the layout tests measure in the page: text boxes that overlap, and where a chart's plot
area lies. Plain JavaScript run by Playwright's ``evaluate``."""

from __future__ import annotations

OVERLAP_PX = 2  # boxes may touch or share this many px (neighbouring runs of text on one line do)

# Every visible run of text: HTML text nodes (one box per line they wrap to), SVG <text> of the
# charts, and each KaTeX formula as one box (its glyphs overlap by design). A box is cut to the
# part its scrolling ancestors show (a wide table or heat map may scroll); what is hidden,
# transparent or off screen to the side (the collapsed sidebar) is left out, and so is the
# keyboard users' "Skip to main content" link, which is drawn only when it has the focus.
TEXT_BOXES_JS = """() => {
  const boxes = [];
  const W = window.innerWidth;
  // the page's own scrolling (Streamlit scrolls its main area, not the window): everything in it counts
  const PAGE = new Set(['stMain', 'stAppViewContainer', 'stApp', 'stAppScrollToBottomContainer']);
  const visible = (el) => el && el.checkVisibility({opacityProperty: true, visibilityProperty: true});
  const clip = (r, el) => {
    let [x0, y0, x1, y1] = [r.left, r.top, r.right, r.bottom];
    for (let a = el.parentElement; a; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (/(auto|scroll|hidden|clip)/.test(s.overflowX + s.overflowY) && !PAGE.has(a.getAttribute('data-testid'))
          && a !== document.body && a !== document.documentElement) {
        const c = a.getBoundingClientRect();
        x0 = Math.max(x0, c.left); y0 = Math.max(y0, c.top); x1 = Math.min(x1, c.right); y1 = Math.min(y1, c.bottom);
      }
    }
    return (x1 - x0 > 1 && y1 - y0 > 1 && x1 > 0 && x0 < W) ? [x0, y0, x1, y1] : null;
  };
  const name = (el) => (el.closest('[data-testid]') || el).getAttribute('data-testid') || el.tagName;
  const add = (rect, el, text, id) => {
    const b = clip(rect, el);
    if (b) boxes.push({box: b, text: text.trim().slice(0, 40), where: name(el), id});
  };
  let id = 0;
  for (const k of document.querySelectorAll('.katex-html')) {  // one formula: its pieces, line by line
    if (!visible(k)) continue;
    const me = id++;
    for (const piece of k.querySelectorAll(':scope > .base')) {
      add(piece.getBoundingClientRect(), piece, k.textContent, me);
    }
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el || el.closest('.katex, script, style, select, option, title, noscript')) continue;
    if (el.closest('svg')) continue;  // SVG text is measured per <text> element below
    if (!visible(el) || el.closest("[data-testid='stSkipToContent']")) continue;  // shown only when focused
    const range = document.createRange();
    range.selectNodeContents(n);
    const me = id++;
    for (const r of range.getClientRects()) add(r, el, n.textContent, me);
  }
  for (const t of document.querySelectorAll('svg text')) {
    if (!t.textContent.trim() || !visible(t)) continue;
    add(t.getBoundingClientRect(), t, t.textContent, id++);
  }
  return boxes;
}"""


def overlaps(boxes: list[dict], tolerance: float = OVERLAP_PX) -> list[tuple[dict, dict]]:
    """Pairs of boxes (of different runs of text) that share more than ``tolerance`` px both ways."""
    found = []
    ordered = sorted(boxes, key=lambda b: b["box"][1])
    for i, a in enumerate(ordered):
        ax0, ay0, ax1, ay1 = a["box"]
        for b in ordered[i + 1:]:
            bx0, by0, bx1, by1 = b["box"]
            if by0 >= ay1 - tolerance:
                break  # sorted by top: nothing further down reaches into a
            if a["id"] == b["id"]:
                continue
            if min(ax1, bx1) - max(ax0, bx0) > tolerance and min(ay1, by1) - max(ay0, by0) > tolerance:
                found.append((a, b))
    return found


# The plot area (Plotly's drag layer of the main x/y axes) of the first chart matching a selector.
PLOT_AREA_JS = """(selector) => {
  const host = document.querySelector(selector);
  const drag = host && host.querySelector('.nsewdrag');
  if (!drag) return null;
  const r = drag.getBoundingClientRect();
  return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height,
          innerWidth: window.innerWidth, innerHeight: window.innerHeight};
}"""
