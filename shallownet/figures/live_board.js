// Live views: Plotly plots that change in place (Plotly.react on one plot per view, never a
// remount), and a frame player that plays frames at a steady rate in the browser.
//
// Used two ways: as the Streamlit component's module (its default export), and inlined in the
// exported HTML (plotly.js inlined beside it; no server, so no triggers). Payload (``data``):
//   epoch    changes when what is shown starts over (reset, new settings, a rewind): the queue is dropped
//   plots    [{id, figure, rev, alt}]: the base figures; omitted in the chunks sent while playing
//   columns  CSS grid-template-columns of the plot grid
//   stats    [[label, value], …]: the numbers strip (optional);  table: {title, head, rows} (optional)
//   player   {mode: "live"|"replay", playing, fps, frames: [...], speeds, speed, low_water}
// A frame: {seq, label, iteration, stats, table, plots: {id: {data, traces, layout, extend}}}; ``data``
// and ``traces`` are Plotly's frame fields, merged into the base traces; ``extend`` appends points.
const DTYPES = {
  f8: Float64Array, f4: Float32Array, i4: Int32Array, u4: Uint32Array,
  i2: Int16Array, u2: Uint16Array, i1: Int8Array, u1: Uint8Array, u1c: Uint8ClampedArray,
};

function decodeSpec(spec) {
  const bin = atob(spec.bdata);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const flat = new (DTYPES[spec.dtype] || Float64Array)(bytes.buffer);
  const dims = spec.shape ? String(spec.shape).split(',').map((s) => parseInt(s, 10)) : [flat.length];
  if (dims.length !== 2) return flat;
  const rows = [];
  for (let r = 0; r < dims[0]; r++) rows.push(flat.subarray(r * dims[1], (r + 1) * dims[1]));
  return rows;
}

// Typed-array specs ({dtype, bdata, shape}) decoded here, so plotly.js only ever sees plain arrays.
function decode(v) {
  if (Array.isArray(v)) return v.map(decode);
  if (v && typeof v === 'object' && !ArrayBuffer.isView(v)) {
    if (typeof v.bdata === 'string' && typeof v.dtype === 'string') return decodeSpec(v);
    const out = {};
    for (const k of Object.keys(v)) out[k] = decode(v[k]);
    return out;
  }
  return v;
}

function isPlainObject(v) {
  return v && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

function mergeInto(target, patch) {
  for (const k of Object.keys(patch)) {
    const p = patch[k], t = target[k];
    if (isPlainObject(p) && isPlainObject(t)) mergeInto(t, p);
    else if (Array.isArray(p) && Array.isArray(t) && p.length === t.length && p.every(isPlainObject)) {
      p.forEach((item, i) => (isPlainObject(t[i]) ? mergeInto(t[i], item) : (t[i] = item)));  // e.g. annotations
    } else target[k] = p;
  }
}

// Two builds of plotly.js, both served by the app itself (no CDN): the cartesian one (1.5 MB,
// compiled three times faster) draws every 2-D chart; the full one (4.6 MB, from the installed
// plotly package) only what needs it (3-D surfaces, WebGL).
const BUNDLES = {
  small: './_stcore/bidi-components/shallownet.live/plotly-cartesian.min.js',
  full: './_stcore/bidi-components/plotly.full/plotly.min.js',
};
const SMALL_TRACES = new Set(['scatter', 'bar', 'box', 'heatmap', 'histogram', 'histogram2d',
  'histogram2dcontour', 'contour', 'scatterternary', 'violin', 'image', 'pie']);

function needsFull(specs) {
  return specs.some((s) => ((s.figure && s.figure.data) || []).some((t) => !SMALL_TRACES.has(t.type || 'scatter')));
}

// One load at a time: each build sets window.Plotly when it runs, read right after it ran.
function loadPlotly(kind) {
  const loads = window.__shallownetPlotly || (window.__shallownetPlotly = {});
  if (!loads.small && !loads.full && window.Plotly) {  // a page with the full build inlined
    window.Plotly.__snKind = window.Plotly.__snKind || 'full';
    return Promise.resolve(window.Plotly);
  }
  if (kind === 'small' && loads.full) return loads.full;  // the full build draws 2-D too
  if (!loads[kind]) {
    const before = loads.small || loads.full || Promise.resolve();
    loads[kind] = before.catch(() => null).then(() => new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = new URL(BUNDLES[kind], document.baseURI).href;
      s.onload = () => { window.Plotly.__snKind = kind; resolve(window.Plotly); };
      s.onerror = () => { loads[kind] = null; reject(new Error('plotly.js could not be loaded')); };
      document.head.appendChild(s);
    }));
  }
  return loads[kind];
}

// Whether the app is running a script now (e.g. the rerun of a sidebar change): a request for
// frames waits until it is done (the buffer holds seconds), so it never cuts into that rerun.
function appBusy() {
  const app = document.querySelector("[data-testid='stApp']");
  return !!app && app.getAttribute('data-test-script-state') === 'running';
}

function el(tag, cls, parent) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (parent) parent.appendChild(e);
  return e;
}

class Board {
  constructor(root, trigger) {
    this.root = el('div', 'sn-board', root);
    this.trigger = trigger;  // (name, value) => void, or null outside Streamlit
    this.bar = el('div', 'sn-bar', this.root);
    this.statsEl = el('div', 'sn-stats', this.root);
    this.grid = el('div', 'sn-grid', this.root);
    this.tableCell = null;
    this.plots = new Map();  // id → {div, fig, rev}
    this.queue = [];
    this.epoch = null;
    this.lastSeq = -1;
    this.playing = false;
    this.pending = 0;  // time a chunk was asked for (0: none outstanding)
    this.shown = null;  // the frame on screen
    this.stalls = 0;
    this.played = 0;
    this.root.__board = this;  // tests read the player's counters here
  }

  async update(data) {
    await this.usePlotly(data.plots ? needsFull(data.plots) : false);
    const player = data.player || null;
    if (data.epoch !== this.epoch) {
      this.epoch = data.epoch;
      this.queue = [];
      this.lastSeq = -1;
      this.pending = 0;
      this.shown = null;
    }
    if (data.plots) {
      this.queue = [];  // a new base supersedes frames that would patch the old one
      await this.setPlots(data.plots, data.columns);
    }
    if (data.stats) this.setStats(data.stats);
    if (data.table !== undefined) this.setTable(data.table);
    this.setPlayer(player);
  }

  // The build this board draws with, kept for its life: a plot is redrawn only by the build that
  // drew it. Views that need the full build replace the small one's plots.
  async usePlotly(full) {
    if (this.Plotly && (this.Plotly.__snKind === 'full' || !full)) return;
    const Plotly = await loadPlotly(full ? 'full' : 'small');
    if (this.Plotly) {
      for (const [, p] of this.plots) this.Plotly.purge(p.div);
      this.plots.clear();
      this.layoutIds = null;  // lays the grid out again
    }
    this.Plotly = Plotly;
  }

  async setPlots(specs, columns) {
    const ids = specs.map((s) => s.id).join('|');
    if (ids !== this.layoutIds) {  // another set of views: lay the grid out again
      this.layoutIds = ids;
      for (const [, p] of this.plots) this.Plotly.purge(p.div);
      this.plots.clear();
      this.grid.textContent = '';
      for (const s of specs) {
        const cell = el('div', 'sn-cell', this.grid);
        const div = el('div', 'sn-plot', cell);
        div.dataset.view = s.id;
        div.setAttribute('role', 'img');
        this.followSize(div);
        this.plots.set(s.id, {div, fig: null, rev: null, config: s.config || {}, every: s.every || 0, last: 0});
      }
      this.tableCell = el('div', 'sn-cell sn-table-cell', this.grid);
      this.tableCell.style.display = 'none';
    }
    this.grid.style.gridTemplateColumns = columns || '1fr';
    const draws = [];
    for (const s of specs) {
      const p = this.plots.get(s.id);
      if (s.alt) p.div.setAttribute('aria-label', s.alt);
      if (s.rev !== undefined && s.rev === p.rev && p.fig) continue;  // same figure: nothing to redraw
      p.rev = s.rev;
      p.fig = decode(s.figure);
      p.config = s.config || p.config;
      const h = p.fig.layout && p.fig.layout.height;
      if (h && s.fit) {
        // as tall as the screen leaves below the page's header (s.fit px), between s.fit_min px and
        // the figure's own height: the chart stays on the first screen of a projector or a zoomed page
        p.div.style.height = `clamp(${s.fit_min || 220}px, calc(100vh - ${s.fit}px), ${h}px)`;
        delete p.fig.layout.height;
      } else if (h) p.div.style.height = h + 'px';  // fixed: nothing below moves when the figure changes
      if (s.min_width) {  // narrower than this its labels would collide: the cell scrolls sideways instead
        p.div.style.minWidth = s.min_width + 'px';
        p.div.parentElement.style.overflowX = 'auto';
      }
      draws.push(this.draw(p));
    }
    await Promise.all(draws);
  }

  // Plotly's own "responsive" follows the window only: a sidebar closing widens the page without
  // a window resize, so each plot follows its own box (once a frame at most)
  followSize(div) {
    if (typeof ResizeObserver === 'undefined') return;
    let queued = false, width = 0;
    new ResizeObserver((entries) => {
      const w = Math.round(entries[0].contentRect.width);
      if (queued || w === width || !div._fullLayout) { width = w; return; }
      width = w;
      queued = true;
      requestAnimationFrame(() => { queued = false; this.Plotly.Plots.resize(div); });
    }).observe(div);
  }

  draw(p) {
    const layout = p.fig.layout || {};
    layout.datarevision = (layout.datarevision || 0) + 1;
    return this.Plotly.react(p.div, p.fig.data || [], layout, p.config);
  }

  // a view may ask to be drawn at most every ``every`` ms while frames play (the hidden units:
  // they change slowly and cost as much as the boundary); the latest state is drawn in the end
  drawSoon(p) {
    const now = performance.now();
    if (!p.every || now - p.last >= p.every) {
      p.last = now;
      this.draw(p);
      return;
    }
    if (!p.timer) {
      p.timer = setTimeout(() => { p.timer = null; p.last = performance.now(); this.draw(p); }, p.every - (now - p.last));
    }
  }

  setStats(stats) {
    if (!stats.length) { this.statsEl.style.display = 'none'; return; }
    this.statsEl.style.display = '';
    if (this.statsEl.children.length !== stats.length) {
      this.statsEl.textContent = '';
      for (let i = 0; i < stats.length; i++) {
        const box = el('div', 'sn-stat', this.statsEl);
        el('div', 'sn-stat-label', box);
        el('div', 'sn-stat-value', box);
      }
    }
    stats.forEach(([label, value], i) => {
      const box = this.statsEl.children[i];
      box.dataset.stat = label;
      box.children[0].textContent = label;
      box.children[1].textContent = value;
    });
  }

  setTable(table) {
    if (!this.tableCell) return;
    if (!table) { this.tableCell.style.display = 'none'; return; }
    table = Object.assign({}, this.lastTable, table);  // a frame sends only what changes (title, rows)
    this.lastTable = table;
    this.tableCell.style.display = '';
    this.tableCell.textContent = '';
    el('div', 'sn-table-title', this.tableCell).textContent = table.title;
    const t = el('table', 'sn-table', this.tableCell);
    const head = el('tr', null, el('thead', null, t));
    for (const h of table.head) el('th', null, head).textContent = h;
    const body = el('tbody', null, t);
    for (const row of table.rows) {
      const tr = el('tr', null, body);
      for (const c of row) el('td', null, tr).textContent = c;
    }
    if (table.note) el('div', 'sn-table-note', this.tableCell).textContent = table.note;
  }

  // -- the player ----------------------------------------------------------------------
  setPlayer(player) {
    if (player && player.mode === 'live' && this.epoch === this.haltedEpoch) {
      // paused here: a chunk that was already on its way is stale
      player = Object.assign({}, player, {playing: false, frames: [], drain: false});
    }
    this.player = player;
    this.renderBar(player);
    if (!player) { this.stop(); return; }
    if (player.mode === 'replay') {
      this.replayFrames = player.frames;
      if (!this.playing) this.showReplay(this.replayIndex || 0);
      return;
    }
    for (const f of player.frames || []) {
      if (f.seq > this.lastSeq) { this.queue.push(f); this.lastSeq = f.seq; }
    }
    if (player.frames && player.frames.length) this.pending = 0;
    if (player.playing) this.start();
    else if (!player.drain || !this.queue.length) this.stop();
    else this.draining = true;
  }

  renderBar(player) {
    const mode = player ? player.mode : null;
    if (this.barMode !== mode) {
      this.barMode = mode;
      this.bar.textContent = '';
      this.playBtn = null;
      if (!player) { this.bar.style.display = 'none'; return; }
      this.bar.style.display = '';
      this.playBtn = el('button', 'sn-btn sn-play', this.bar);
      this.playBtn.type = 'button';
      this.playBtn.addEventListener('click', () => this.onPlayButton());
      if (mode === 'live') {
        const lab = el('label', 'sn-speed', this.bar);
        el('span', null, lab).textContent = 'Steps per frame ';
        this.speedSel = el('select', null, lab);
        this.speedSel.addEventListener('change', () => this.send('control', {action: 'speed'}));
      } else {
        this.slider = el('input', 'sn-slider', this.bar);
        this.slider.type = 'range';
        this.slider.min = 0;
        this.slider.addEventListener('input', () => { this.pause(false); this.showReplay(+this.slider.value); });
      }
      this.frameLabel = el('span', 'sn-frame-label', this.bar);
    }
    if (!player) return;
    if (mode === 'live' && this.speedSel) {
      const opts = (player.speeds || []).join(',');
      if (this.speedSel.dataset.opts !== opts) {
        this.speedSel.dataset.opts = opts;
        this.speedSel.textContent = '';
        for (const s of player.speeds || []) el('option', null, this.speedSel).textContent = String(s);
      }
      if (document.activeElement !== this.speedSel) this.speedSel.value = String(player.speed);
    }
    if (mode === 'replay' && this.slider) this.slider.max = Math.max(0, player.frames.length - 1);
    this.setPlayLabel(mode === 'live' ? !!player.playing : this.playing);
  }

  setPlayLabel(on) {
    if (!this.playBtn) return;
    this.playBtn.textContent = on ? '❚❚ Pause' : '▶ Play';
    this.playBtn.setAttribute('aria-pressed', on ? 'true' : 'false');
  }

  onPlayButton() {
    if (this.playing) { this.pause(true); return; }
    if (this.player && this.player.mode === 'replay') {
      if ((this.replayIndex || 0) >= this.replayFrames.length - 1) this.replayIndex = 0;
      this.start();
      return;
    }
    this.setPlayLabel(true);
    this.send('control', {action: 'play'});
  }

  pause(tell) {
    const live = this.player && this.player.mode === 'live';
    this.stop();
    if (live) {
      this.haltedEpoch = this.epoch;
      this.queue = [];
      this.pending = 0;
      if (tell) this.send('control', {action: 'pause'});
    }
  }

  send(name, extra) {
    if (!this.trigger) return;
    const shown = this.shown || {};
    const speed = this.speedSel ? parseInt(this.speedSel.value, 10) : undefined;
    this.trigger(name, Object.assign({epoch: this.epoch, shown_seq: shown.seq ?? -1, after: this.lastSeq,
                                      speed, t: Date.now()}, extra));
  }

  start() {
    this.playing = true;
    this.setPlayLabel(true);
    if (this.timer) return;
    const fps = (this.player && this.player.fps) || 10;
    this.interval = 1000 / fps;
    this.next = performance.now();
    this.timer = setInterval(() => this.tick(), Math.max(10, this.interval / 4));
  }

  stop() {
    this.playing = false;
    this.draining = false;
    if (this.timer) { clearInterval(this.timer); this.timer = null; }
    this.setPlayLabel(false);
  }

  tick() {
    const now = performance.now();
    if (now < this.next) return;
    // a steady clock: late ticks do not accumulate into a burst
    this.next = Math.max(this.next + this.interval, now - this.interval);
    if (this.player && this.player.mode === 'replay') {
      const i = (this.replayIndex || 0) + 1;
      if (i >= this.replayFrames.length) { this.stop(); return; }
      this.showReplay(i);
      return;
    }
    const f = this.queue.shift();
    if (f) { this.apply(f); this.played += 1; }
    else if (this.draining) { this.stop(); return; }
    else this.stalls += 1;
    const low = (this.player && this.player.low_water) || 10;
    const stale = this.pending && Date.now() - this.pending > 5000;  // a lost request: ask again
    if (!this.draining && this.queue.length <= low && (!this.pending || stale) && !appBusy()) {
      this.pending = Date.now();
      this.send('need', {});
    }
  }

  showReplay(i) {
    const frames = this.replayFrames || [];
    if (!frames.length) return;
    i = Math.max(0, Math.min(i, frames.length - 1));
    this.replayIndex = i;
    if (this.slider) this.slider.value = i;
    // each replay frame is complete (not incremental), so any frame can follow any other
    this.apply(frames[i]);
  }

  apply(f) {
    this.shown = f;
    if (f.stats) this.setStats(f.stats);
    if (f.table !== undefined) this.setTable(f.table);
    if (this.frameLabel) this.frameLabel.textContent = f.label || '';
    for (const [id, patch] of Object.entries(f.plots || {})) {
      const p = this.plots.get(id);
      if (!p || !p.fig) continue;
      const traces = patch.traces || [];
      (patch.data || []).forEach((d, k) => {
        const t = p.fig.data[traces[k] ?? k];
        if (t) mergeInto(t, decode(d));
      });
      for (const [idx, pts] of Object.entries(patch.extend || {})) {
        const t = p.fig.data[+idx];
        if (!t) continue;
        t.x = Array.from(t.x || []).concat(pts.x);
        t.y = Array.from(t.y || []).concat(pts.y);
      }
      if (patch.layout) mergeInto(p.fig.layout, decode(patch.layout));
      p.rev = null;  // the base figure no longer matches what is drawn
      this.drawSoon(p);
    }
  }
}

export function mount(root, data, trigger) {
  let board = root.__shallownetBoard;
  if (!board) board = root.__shallownetBoard = new Board(root, trigger);
  board.trigger = trigger;
  // one payload at a time, in order (drawing waits for plotly.js and for Plotly.react)
  board.chain = (board.chain || Promise.resolve()).then(() => board.update(data)).catch((err) => {
    board.root.textContent = 'This chart could not be drawn: ' + err.message;
  });
  return board;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  if (!data) return;
  // the server sends its JSON as bytes: serialised once, not once more for the element's identity
  const payload = data instanceof Uint8Array ? JSON.parse(new TextDecoder().decode(data)) : data;
  if (payload.preload) { loadPlotly(payload.preload); return; }  // fetch plotly.js while the server still works on the page
  mount(parentElement, payload, setTriggerValue);
}
