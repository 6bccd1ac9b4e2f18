// The report page's script: plain JavaScript, no framework, no network. It reads the JSON in
// #report-data and draws every view as SVG; UI state (metric, sort, filter, smoothing) is kept
// in localStorage, so it survives the reloads of a live report.
extension ReportPage {
    static let script = #"""
"use strict";
(function () {
  const started = performance.now();
  const errors = [];
  function noteError(message) {
    errors.push(String(message));
    document.body.dataset.errors = errors.join(" | ");
  }
  window.addEventListener("error", (event) => noteError(event.message));
  window.addEventListener("unhandledrejection", (event) => noteError(event.reason));

  const D = JSON.parse(document.getElementById("report-data").textContent);
  const SVGNS = "http://www.w3.org/2000/svg";
  const KEY = "ablate-report:" + location.pathname;
  const testMode = /(^|[#&])test(&|$)/.test(location.hash);
  const defaults = { metric: D.primary, x: "step", smoothing: 0, groupSeeds: false, sort: null, desc: false,
                     filter: "", paused: false, scroll: 0, tvRun: null, tvPair: null, logY: false };
  const linked = hashState();
  const S = Object.assign({}, defaults, loadState(), linked);
  if (!D.metrics.includes(S.metric)) S.metric = D.primary;
  // A view opened from a link (#metric=...&filter=...) is remembered like one set by hand.
  if (Object.keys(linked).length > 0) saveState();

  function loadState() {
    try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  function saveState() {
    try { localStorage.setItem(KEY, JSON.stringify(S)); } catch (e) { /* storage off: state lasts the page */ }
  }
  // `#metric=val/acc&smoothing=0.6&x=epoch&filter=...` sets state from the address (links, tests).
  function hashState() {
    const out = {};
    for (const part of location.hash.replace(/^#/, "").split("&")) {
      const at = part.indexOf("=");
      if (at < 0) continue;
      const key = decodeURIComponent(part.slice(0, at)), value = decodeURIComponent(part.slice(at + 1));
      if (key === "smoothing") out.smoothing = Number(value);
      else if (key === "groupSeeds") out.groupSeeds = value === "1" || value === "true";
      else if (["metric", "x", "filter", "sort"].includes(key)) out[key] = value;
    }
    return out;
  }

  // ---------- helpers ----------
  const $ = (id) => document.getElementById(id);
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = value; else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }
  function svg(tag, attrs) {
    const node = document.createElementNS(SVGNS, tag);
    for (const [key, value] of Object.entries(attrs || {})) if (value !== null && value !== undefined) node.setAttribute(key, value);
    return node;
  }
  function num(value) { return typeof value === "number" && isFinite(value) ? value : null; }
  function fmt(value, digits) {
    if (value === null || value === undefined) return "—";
    if (typeof value === "string") return value;
    if (!isFinite(value)) return String(value);
    const abs = Math.abs(value);
    if (abs !== 0 && (abs >= 1e5 || abs < 1e-3)) return value.toExponential(2);
    if (Number.isInteger(value)) return String(value);
    return String(Number(value.toFixed(digits === undefined ? 4 : digits)));
  }
  const minimized = new Set(D.minimized);
  const better = (metric, a, b) => minimized.has(metric) ? a < b : a > b;
  const palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
  function color(index) {
    if (index < palette.length) return palette[index];
    return "hsl(" + Math.round((index * 137.508) % 360) + ",55%,48%)";
  }
  function shortKey(key) { const parts = key.split("."); return parts[parts.length - 1]; }
  const seedSet = new Set(D.seedParameters);
  // The parameters the runs' command lines set, when they name any (the rest follow from them),
  // name runs and groups and are the parallel coordinates' axes; the run table shows them all.
  const shown = D.parameters.map((key, i) => i).filter((i) => !D.overridden.length || D.overridden.includes(D.parameters[i]));
  function label(run) {
    const parts = shown.map((i) => run.p[i] === null ? null : shortKey(D.parameters[i]) + "=" + run.p[i]).filter(Boolean);
    return (run.job !== null ? "#" + run.job + " " : "") + (parts.join(", ") || run.dir);
  }
  function groupKey(run) {
    return shown.map((i) => seedSet.has(D.parameters[i]) ? null : shortKey(D.parameters[i]) + "=" + run.p[i]).filter(Boolean).join(", ") || "all runs";
  }
  D.runs.forEach((run, index) => { run.index = index; run.label = label(run); run.color = color(index); });

  // ---------- filtering ----------
  // Words: `text` (anywhere in the row), `key=value`, `key!=value`, `key>n`, `key<n`, `key>=n`, `key<=n`,
  // where key is a parameter (full or last part), status, job, or a metric (its best value).
  function compileFilter(text) {
    const tests = [];
    for (const word of text.trim().split(/\s+/).filter(Boolean)) {
      const match = word.match(/^([^=<>!]+)(!=|>=|<=|=|>|<)(.*)$/);
      if (!match) {
        const needle = word.toLowerCase();
        tests.push((run) => (run.label + " " + run.status + " " + run.dir).toLowerCase().includes(needle));
        continue;
      }
      const [, key, op, raw] = match;
      const read = fieldReader(key);
      if (!read) { tests.push(() => false); continue; }
      tests.push((run) => {
        const value = read(run);
        if (op === "=" || op === "!=") {
          const equal = value !== null && (String(value) === raw || (num(Number(raw)) !== null && Number(value) === Number(raw)));
          return op === "=" ? equal : !equal;
        }
        const a = Number(value), b = Number(raw);
        if (value === null || !isFinite(a) || !isFinite(b)) return false;
        return op === ">" ? a > b : op === "<" ? a < b : op === ">=" ? a >= b : a <= b;
      });
    }
    return (run) => tests.every((test) => test(run));
  }
  function fieldReader(key) {
    if (key === "status") return (run) => run.status;
    if (key === "job") return (run) => run.job;
    if (D.metrics.includes(key)) return (run) => run.m[key] ? run.m[key][0] : null;
    let index = D.parameters.indexOf(key);
    if (index < 0) index = D.parameters.findIndex((name) => shortKey(name) === key);
    if (index < 0) return null;
    return (run) => run.p[index];
  }
  function visibleRuns() {
    const test = compileFilter(S.filter);
    return D.runs.filter(test);
  }
  function bestRun(runs, metric) {
    let best = null;
    for (const run of runs) {
      const value = run.m[metric] ? num(run.m[metric][0]) : null;
      if (value === null) continue;
      if (best === null || better(metric, value, num(best.m[metric][0]))) best = run;
    }
    return best;
  }

  // ---------- smoothing and downsampling ----------
  // W&B's time-weighted EMA: the weight decays with the distance in x, so uneven logging smooths evenly.
  function twema(xs, ys, parameter) {
    if (!(parameter > 0)) return ys.slice();
    const weight = Math.min(Math.sqrt(parameter), 0.999);
    let first = null, last = null;
    for (let i = 0; i < xs.length; i++) if (ys[i] !== null) { if (first === null) first = xs[i]; last = xs[i]; }
    const range = last - first || 1;
    const out = new Array(ys.length).fill(null);
    let lastY = 0, debias = 0, previousX = first;
    for (let i = 0; i < xs.length; i++) {
      if (ys[i] === null) continue;
      const adjusted = Math.pow(weight, (xs[i] - previousX) / range * 1000);
      lastY = lastY * adjusted + ys[i];
      debias = debias * adjusted + 1;
      previousX = xs[i];
      out[i] = lastY / debias;
    }
    return out;
  }
  // Keeps, per pixel column, the first, lowest, highest and last point (the shape at screen
  // resolution); gaps (null) are kept. Returns indices into the series.
  function downsample(xs, ys, x0, x1, columns) {
    const n = xs.length;
    if (n <= columns * 4) return xs.map((_, i) => i);
    const keep = [];
    let bucket = -1, first = -1, low = -1, high = -1, lastIndex = -1;
    const flush = () => {
      if (bucket < 0) return;
      const set = [first, low, high, lastIndex].filter((v, i, a) => v >= 0 && a.indexOf(v) === i).sort((a, b) => a - b);
      keep.push(...set);
    };
    for (let i = 0; i < n; i++) {
      if (ys[i] === null) { flush(); bucket = -1; keep.push(i); continue; }
      const column = Math.floor((xs[i] - x0) / ((x1 - x0) || 1) * columns);
      if (column !== bucket) { flush(); bucket = column; first = low = high = lastIndex = i; continue; }
      if (ys[i] < ys[low]) low = i;
      if (ys[i] > ys[high]) high = i;
      lastIndex = i;
    }
    flush();
    return keep;
  }

  // ---------- chart ----------
  function niceTicks(lo, hi, count) {
    if (!(hi > lo)) { const pad = Math.abs(lo) * 0.1 || 1; lo -= pad; hi += pad; }
    const raw = (hi - lo) / count, power = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 2.5, 5, 10].map((f) => f * power).find((s) => s >= raw) || raw;
    const ticks = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
    return { lo, hi, ticks };
  }
  // series: {id, label, color, xs, ys, width, opacity, dots, band: {xs, lo, hi}, attrs}
  function chart(container, series, options) {
    container.textContent = "";
    const width = Math.max(360, container.clientWidth || 800), height = options.height || 340;
    const margin = { left: 64, right: 16, top: 12, bottom: 40 };
    const plotWidth = width - margin.left - margin.right, plotHeight = height - margin.top - margin.bottom;
    let xlo = Infinity, xhi = -Infinity, ylo = Infinity, yhi = -Infinity;
    for (const s of series) {
      for (let i = 0; i < s.xs.length; i++) {
        if (s.ys[i] === null || s.xs[i] === null) continue;
        xlo = Math.min(xlo, s.xs[i]); xhi = Math.max(xhi, s.xs[i]);
        ylo = Math.min(ylo, s.ys[i]); yhi = Math.max(yhi, s.ys[i]);
      }
      if (s.band) for (let i = 0; i < s.band.xs.length; i++) { ylo = Math.min(ylo, s.band.lo[i]); yhi = Math.max(yhi, s.band.hi[i]); }
    }
    const root = svg("svg", { width, height, viewBox: "0 0 " + width + " " + height, class: "chart-svg", role: "img" });
    container.append(root);
    if (!isFinite(xlo)) {
      const text = svg("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "empty" });
      text.textContent = options.empty || "no values to plot";
      root.append(text);
      return root;
    }
    const xt = niceTicks(xlo, xhi, Math.max(2, Math.floor(plotWidth / 90)));
    const yt = niceTicks(ylo, yhi, Math.max(2, Math.floor(plotHeight / 50)));
    if (xhi === xlo) { xt.lo = xlo - 1; xt.hi = xhi + 1; }
    const X = (v) => margin.left + (v - xt.lo) / (xt.hi - xt.lo) * plotWidth;
    const Y = (v) => margin.top + plotHeight - (v - yt.lo) / (yt.hi - yt.lo) * plotHeight;
    const axes = svg("g", { class: "axes" });
    for (const t of yt.ticks) {
      axes.append(svg("line", { x1: margin.left, x2: margin.left + plotWidth, y1: Y(t), y2: Y(t), class: "grid" }));
      const text = svg("text", { x: margin.left - 6, y: Y(t) + 4, "text-anchor": "end" }); text.textContent = fmt(t, 6); axes.append(text);
    }
    for (const t of xt.ticks) {
      axes.append(svg("line", { x1: X(t), x2: X(t), y1: margin.top + plotHeight, y2: margin.top + plotHeight + 4, class: "tick" }));
      const text = svg("text", { x: X(t), y: margin.top + plotHeight + 18, "text-anchor": "middle" }); text.textContent = fmt(t, 6); axes.append(text);
    }
    axes.append(svg("rect", { x: margin.left, y: margin.top, width: plotWidth, height: plotHeight, class: "frame" }));
    const xl = svg("text", { x: margin.left + plotWidth / 2, y: height - 6, "text-anchor": "middle", class: "axis-label" }); xl.textContent = options.xLabel || "";
    const yl = svg("text", { x: 14, y: margin.top + plotHeight / 2, "text-anchor": "middle", class: "axis-label",
                              transform: "rotate(-90 14 " + (margin.top + plotHeight / 2) + ")" }); yl.textContent = options.yLabel || "";
    axes.append(xl, yl);
    root.append(axes);
    const layer = svg("g", { class: "series" });
    root.append(layer);
    for (const s of series) {
      if (s.band) {
        let d = "";
        s.band.xs.forEach((x, i) => { d += (i ? "L" : "M") + X(x).toFixed(1) + "," + Y(s.band.hi[i]).toFixed(1); });
        for (let i = s.band.xs.length - 1; i >= 0; i--) d += "L" + X(s.band.xs[i]).toFixed(1) + "," + Y(s.band.lo[i]).toFixed(1);
        layer.append(svg("path", { d: d + "Z", class: "band", fill: s.color, "data-group": s.id }));
      }
      if (s.dots) {
        for (let i = 0; i < s.xs.length; i++) {
          if (s.ys[i] === null) continue;
          const dot = svg("circle", { cx: X(s.xs[i]).toFixed(1), cy: Y(s.ys[i]).toFixed(1), r: 3, fill: s.color, class: "dot", "data-run": s.ids ? s.ids[i] : null });
          const title = svg("title"); title.textContent = (s.titles ? s.titles[i] : s.label) + ": " + fmt(s.ys[i], 6); dot.append(title);
          layer.append(dot);
        }
        continue;
      }
      const keep = downsample(s.xs, s.ys, xt.lo, xt.hi, Math.max(1, Math.round(plotWidth)));
      let d = "", pen = false, plotted = 0;
      const xy = testMode ? [] : null;
      for (const i of keep) {
        if (s.ys[i] === null || s.xs[i] === null) { pen = false; continue; }
        d += (pen ? "L" : "M") + X(s.xs[i]).toFixed(1) + "," + Y(s.ys[i]).toFixed(1);
        pen = true; plotted++;
        if (xy) xy.push([s.xs[i], s.ys[i]]);
      }
      if (s.step && d) d = d.replace(/L([\d.]+),([\d.]+)/g, (m, x, y) => "H" + x + "V" + y);
      const path = svg("path", Object.assign({ d: d || "M0,0", class: "curve" + (s.cls ? " " + s.cls : ""), stroke: s.color,
                                               "stroke-width": s.width || 1.5, "stroke-opacity": s.opacity || 1, "data-n": plotted,
                                               "data-run": s.run === undefined ? null : s.run }, s.attrs || {}));
      if (xy) path.setAttribute("data-xy", JSON.stringify(xy));
      const title = svg("title"); title.textContent = s.label; path.append(title);
      layer.append(path);
    }
    // Hover readout: the x under the pointer and each drawn series' value there (nearest point).
    const readout = el("div", { class: "readout" });
    container.append(readout);
    root.addEventListener("mousemove", (event) => {
      const box = root.getBoundingClientRect();
      const x = xt.lo + (event.clientX - box.left - margin.left) / plotWidth * (xt.hi - xt.lo);
      if (x < xt.lo || x > xt.hi) { readout.textContent = ""; return; }
      const hovered = event.target.closest && event.target.closest("[data-run],[data-group]");
      const rows = [];
      for (const s of series) {
        if (s.dots || !s.xs.length) continue;
        if (hovered && String(s.run !== undefined ? s.run : s.id) !== (hovered.getAttribute("data-run") || hovered.getAttribute("data-group"))) continue;
        let nearest = -1;
        for (let i = 0; i < s.xs.length; i++) if (s.ys[i] !== null && (nearest < 0 || Math.abs(s.xs[i] - x) < Math.abs(s.xs[nearest] - x))) nearest = i;
        if (nearest >= 0) rows.push([s.ys[nearest], s.label, s.xs[nearest], s.color]);
      }
      rows.sort((a, b) => b[0] - a[0]);
      readout.textContent = "";
      readout.append(el("div", { class: "readout-x", text: (options.xLabel || "x") + " ≈ " + fmt(x, 2) }));
      for (const [value, name, at, colour] of rows.slice(0, 8)) {
        readout.append(el("div", {}, el("span", { class: "swatch", style: "background:" + colour }), fmt(value, 5) + "  " + name + " @" + fmt(at, 2)));
      }
      if (rows.length > 8) readout.append(el("div", { text: "… " + (rows.length - 8) + " more" }));
    });
    root.addEventListener("mouseleave", () => { readout.textContent = ""; });
    return root;
  }

  // ---------- views ----------
  function xValues(curve) {
    const steps = curve[0], epochs = curve[1];
    if (S.x === "epoch" && epochs) return epochs.map((e, i) => e === null ? null : e);
    return steps.map((s, i) => s === null ? i : s);
  }
  function seriesOf(run, metric) {
    const curve = D.curves[metric] && D.curves[metric][run.index];
    if (!curve) return null;
    const xs = xValues(curve), raw = curve[2];
    // Points without an x (no epoch logged) are left out; the rest keep their order.
    const keepX = [], keepY = [];
    for (let i = 0; i < xs.length; i++) if (xs[i] !== null) { keepX.push(xs[i]); keepY.push(raw[i]); }
    return { xs: keepX, raw: keepY, ys: twema(keepX, keepY, S.smoothing) };
  }

  function renderCurves(runs) {
    const metric = S.metric, series = [];
    const showRaw = S.smoothing > 0 && runs.length <= 40;
    if (S.groupSeeds) {
      const groups = new Map();
      for (const run of runs) {
        const s = seriesOf(run, metric);
        if (!s) continue;
        const key = groupKey(run);
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key).push(s);
      }
      let index = 0;
      for (const [key, members] of groups) {
        const at = new Map();
        for (const s of members) s.xs.forEach((x, i) => { if (s.ys[i] !== null) { if (!at.has(x)) at.set(x, []); at.get(x).push(s.ys[i]); } });
        const xs = [...at.keys()].sort((a, b) => a - b);
        const mean = [], lo = [], hi = [];
        for (const x of xs) {
          const values = at.get(x), m = values.reduce((a, b) => a + b, 0) / values.length;
          const sd = values.length > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - m) * (b - m), 0) / (values.length - 1)) : 0;
          mean.push(m); lo.push(m - sd); hi.push(m + sd);
        }
        const colour = color(index++);
        series.push({ id: key, label: key + " (" + members.length + " run" + (members.length === 1 ? "" : "s") + ", mean ± std)",
                      color: colour, xs, ys: mean, band: members.length > 1 ? { xs, lo, hi } : null, width: 2,
                      attrs: { "data-group": key, "data-members": members.length } });
      }
    } else {
      for (const run of runs) {
        const s = seriesOf(run, metric);
        if (!s) continue;
        if (showRaw) series.push({ label: run.label + " (raw)", color: run.color, xs: s.xs, ys: s.raw, width: 1, opacity: 0.25, cls: "raw" });
        series.push({ run: run.id, label: run.label, color: run.color, xs: s.xs, ys: s.ys,
                      width: run.id === selectedRun ? 3 : runs.length > 200 ? 1 : 1.5, opacity: runs.length > 200 ? 0.6 : 1 });
      }
    }
    chart($("curves"), series, { xLabel: S.x, yLabel: metric + (S.smoothing > 0 ? " (smoothed " + S.smoothing + ")" : ""),
                                 empty: "no run in the selection logged " + metric });
    const legend = $("legend");
    legend.textContent = "";
    const shown = series.filter((s) => !s.cls);
    for (const s of shown.slice(0, 30)) legend.append(el("span", { class: "legend-item" }, el("span", { class: "swatch", style: "background:" + s.color }), s.label));
    if (shown.length > 30) legend.append(el("span", { class: "legend-item", text: "… and " + (shown.length - 30) + " more (hover a curve)" }));
  }

  let selectedRun = null;
  function columns() {
    const cols = [{ id: "job", name: "#", get: (r) => r.job, numeric: true }, { id: "status", name: "status", get: (r) => r.status }];
    D.parameters.forEach((key, i) => cols.push({ id: "p:" + key, name: key, get: (r) => r.p[i], param: true,
                                                 numeric: D.runs.every((r) => r.p[i] === null || isFinite(Number(r.p[i]))) }));
    cols.push({ id: "duration", name: "duration (s)", get: (r) => r.duration, numeric: true });
    const fields = ["best", "last", "min", "max"];
    const metrics = [S.metric].concat(D.metrics.filter((m) => m !== S.metric));
    for (const metric of metrics) fields.forEach((field, f) =>
      cols.push({ id: "m:" + metric + ":" + field, name: metric + " " + field, metric, field,
                  get: (r) => r.m[metric] ? r.m[metric][f] : null, numeric: true }));
    return cols;
  }
  function sortValue(value, numeric) {
    if (value === null || value === undefined) return null;
    if (numeric) { const n = Number(value); return isNaN(n) ? null : n; }
    return String(value);
  }
  function renderTable(runs) {
    const cols = columns(), table = $("runs");
    table.textContent = "";
    const head = el("tr");
    for (const col of cols) {
      const arrow = S.sort === col.id ? (S.desc ? " ▼" : " ▲") : "";
      head.append(el("th", { class: (col.numeric ? "num " : "") + (col.metric === S.metric ? "chosen" : ""), "data-col": col.id, title: "sort by " + col.name,
                             onclick: () => { if (S.sort === col.id) S.desc = !S.desc; else { S.sort = col.id; S.desc = !!col.metric && !minimized.has(col.metric) && col.field !== "min"; } saveState(); renderAll(); } },
                     col.name + arrow));
    }
    table.append(el("thead", {}, head));
    let rows = runs.slice();
    const sortCol = cols.find((c) => c.id === S.sort);
    if (sortCol) {
      rows.sort((a, b) => {
        const x = sortValue(sortCol.get(a), sortCol.numeric), y = sortValue(sortCol.get(b), sortCol.numeric);
        if (x === null && y === null) return a.index - b.index;
        if (x === null) return 1; if (y === null) return -1;
        const c = x < y ? -1 : x > y ? 1 : 0;
        return (S.desc ? -c : c) || a.index - b.index;
      });
    }
    const best = bestRun(runs, S.metric);
    const body = el("tbody");
    const fragment = document.createDocumentFragment();
    for (const run of rows) {
      const tr = el("tr", { "data-run": run.id, class: (run === best ? "best " : "") + (run.id === selectedRun ? "selected" : ""),
                            title: run.dir + (run.error ? "\n" + run.error : "") });
      for (const col of cols) {
        const value = col.get(run);
        let text = col.id === "status" ? value : col.numeric ? fmt(value, 4) : (value === null ? "—" : value);
        const td = el("td", { class: (col.numeric ? "num" : "") + (col.id === "status" ? " status-" + value : "") });
        if (col.id === "job" && run === best) td.append(el("span", { class: "star", title: "best " + S.metric, text: "★ " }));
        td.append(text === null || text === undefined ? "—" : String(text));
        tr.append(td);
      }
      tr.addEventListener("click", () => { selectedRun = selectedRun === run.id ? null : run.id; S.tvRun = selectedRun; saveState(); renderAll(); });
      fragment.append(tr);
    }
    body.append(fragment);
    table.append(body);
    $("count").textContent = runs.length + " of " + D.runs.length + " runs" + (best ? "; best " + S.metric + ": " + best.label + " (" + fmt(best.m[S.metric][0], 5) + ")" : "");
  }

  function renderParallel(runs) {
    const container = $("parallel");
    container.textContent = "";
    const axes = shown.map((i) => ({ name: D.parameters[i], get: (r) => r.p[i] }));
    axes.push({ name: S.metric + " (best)", get: (r) => r.m[S.metric] ? num(r.m[S.metric][0]) : null, metric: true });
    if (axes.length < 2 || !runs.length) { container.append(el("p", { class: "note", text: "no parameters vary across these runs" })); return; }
    const width = Math.max(360, container.clientWidth || 800), height = 320, top = 28, bottom = 24;
    const left = 40, right = 80, step = (width - left - right) / (axes.length - 1);
    for (const axis of axes) {
      const values = runs.map(axis.get).filter((v) => v !== null);
      axis.numeric = values.length > 0 && values.every((v) => isFinite(Number(v)));
      if (axis.numeric) {
        const numbers = values.map(Number);
        let lo = Math.min(...numbers), hi = Math.max(...numbers);
        axis.log = !axis.metric && lo > 0 && hi / lo >= 100;
        if (axis.log) { lo = Math.log10(lo); hi = Math.log10(hi); }
        if (hi === lo) { hi += 1; lo -= 1; }
        axis.scale = (v) => { let n = Number(v); if (axis.log) n = Math.log10(n); return top + (1 - (n - lo) / (hi - lo)) * (height - top - bottom); };
        axis.ticks = niceTicks(lo, hi, 4).ticks.filter((t) => t >= lo - 1e-9 && t <= hi + 1e-9).map((t) => [axis.log ? Math.pow(10, t) : t, top + (1 - (t - lo) / (hi - lo)) * (height - top - bottom)]);
      } else {
        const levels = [...new Set(values.map(String))].sort();
        axis.scale = (v) => top + (levels.length === 1 ? 0.5 : levels.indexOf(String(v)) / (levels.length - 1)) * (height - top - bottom);
        axis.ticks = levels.map((level) => [level, axis.scale(level)]);
      }
    }
    const root = svg("svg", { width, height, class: "chart-svg" });
    container.append(root);
    const metricValues = runs.map(axes[axes.length - 1].get).filter((v) => v !== null);
    const mlo = Math.min(...metricValues), mhi = Math.max(...metricValues);
    const shade = (v) => {
      if (v === null || !metricValues.length) return "#bbb";
      let t = mhi > mlo ? (v - mlo) / (mhi - mlo) : 1;
      if (minimized.has(S.metric)) t = 1 - t;
      return "hsl(" + Math.round(260 - 200 * t) + ",70%," + Math.round(55 - 10 * t) + "%)";
    };
    const lines = svg("g", { class: "series" });
    for (const run of runs) {
      let d = "";
      axes.forEach((axis, i) => {
        const value = axis.get(run);
        if (value === null) return;
        d += (d ? "L" : "M") + (left + i * step).toFixed(1) + "," + axis.scale(value).toFixed(1);
      });
      const metricValue = axes[axes.length - 1].get(run);
      const path = svg("path", { d, class: "pc-line" + (run.id === selectedRun ? " selected" : ""), stroke: shade(metricValue), "data-run": run.id });
      const title = svg("title"); title.textContent = run.label + ": " + fmt(metricValue, 5); path.append(title);
      path.addEventListener("click", () => { selectedRun = run.id; S.tvRun = run.id; saveState(); renderAll(); });
      lines.append(path);
    }
    root.append(lines);
    axes.forEach((axis, i) => {
      const x = left + i * step, group = svg("g", { class: "axes" });
      group.append(svg("line", { x1: x, x2: x, y1: top, y2: height - bottom, class: "pc-axis" }));
      const name = svg("text", { x, y: top - 10, "text-anchor": i === axes.length - 1 ? "end" : i === 0 ? "start" : "middle", class: "axis-label" });
      name.textContent = shortKey(axis.name) + (axis.log ? " (log)" : ""); group.append(name);
      for (const [value, y] of axis.ticks) {
        const text = svg("text", { x: x + 4, y: y + 4, class: "pc-tick" }); text.textContent = typeof value === "number" ? fmt(value, 4) : value; group.append(text);
      }
      root.append(group);
    });
  }

  function renderStudy(runs) {
    const metric = S.metric;
    const ordered = runs.slice().sort((a, b) => (a.start === null) - (b.start === null) || (a.start || 0) - (b.start || 0) || (a.job || 0) - (b.job || 0));
    const xs = [], ys = [], ids = [], titles = [], bestX = [], bestY = [];
    let best = null;
    ordered.forEach((run, i) => {
      const value = run.m[metric] ? num(run.m[metric][0]) : null;
      if (value === null) return;
      xs.push(i + 1); ys.push(value); ids.push(run.id); titles.push(run.label);
      if (best === null || better(metric, value, best)) best = value;
      bestX.push(i + 1); bestY.push(best);
    });
    chart($("study"), [
      { label: "runs", color: "#8aa", xs, ys, dots: true, ids, titles },
      { id: "best", label: "best so far", color: "#d62728", xs: bestX, ys: bestY, width: 2, step: true, attrs: { "data-best-so-far": "1" } },
    ], { xLabel: "run, in start order", yLabel: metric + " (best per run)", height: 280, empty: "no run has " + metric + " yet" });
  }

  function pairs() {
    const out = [];
    for (const name of D.metrics) {
      const m = name.match(/^train([/_.])(.+)$/);
      if (!m) continue;
      for (const prefix of ["val", "valid", "validation"]) {
        const other = prefix + m[1] + m[2];
        if (D.metrics.includes(other)) { out.push({ train: name, val: other, base: m[2] }); break; }
      }
    }
    return out;
  }
  const verdictMetric = D.metrics.find((name) => /(^|[/_.])verdict$/.test(name));
  function verdictText(value) {
    if (value === null || value === undefined || typeof value === "string") return "—";
    return value > 0 ? "overfitting" : value < 0 ? "underfitting" : "fine";
  }
  function renderTrainVal(runs) {
    const list = pairs(), container = $("trainval"), table = $("tv-table"), pick = $("tv-run"), pairPick = $("tv-pair");
    table.textContent = ""; container.textContent = "";
    if (!list.length) {
      container.append(el("p", { class: "note", text: "No train/val metric pairs (train/NAME with val/NAME) were logged." }));
      pick.hidden = pairPick.hidden = true;
      return;
    }
    pick.hidden = pairPick.hidden = false;
    pick.textContent = ""; pairPick.textContent = "";
    const best = bestRun(runs, S.metric);
    const chosenRun = runs.find((r) => r.id === S.tvRun) || best || runs[0];
    for (const run of runs) pick.append(el("option", { value: run.id, selected: run === chosenRun, text: run.label }));
    const chosenPair = list.find((p) => p.base === S.tvPair) || list.find((p) => p.val === S.metric) || list[0];
    for (const p of list) pairPick.append(el("option", { value: p.base, selected: p === chosenPair, text: p.train + " vs " + p.val }));
    if (chosenRun) {
      const series = [];
      for (const [name, dash] of [[chosenPair.train, null], [chosenPair.val, "5,3"]]) {
        const s = seriesOf(chosenRun, name);
        if (s) series.push({ label: name, color: name === chosenPair.train ? "#4e79a7" : "#e15759", xs: s.xs, ys: s.ys, width: 2, attrs: { "stroke-dasharray": dash, "data-metric": name } });
      }
      chart(container, series, { xLabel: S.x, yLabel: chosenPair.base, height: 260 });
    }
    // One row per run: each pair's last values and gap (positive: train is better), the epoch
    // of val's best, and the task's verdict where it logged one.
    const head = el("tr", {}, el("th", { text: "run" }));
    for (const p of list) head.append(el("th", { class: "num", text: p.train + " last" }), el("th", { class: "num", text: p.val + " last" }),
                                      el("th", { class: "num", text: "gap" }), el("th", { class: "num", text: p.val + " best @epoch" }));
    if (verdictMetric) head.append(el("th", { text: "verdict (" + verdictMetric + ")" }));
    table.append(el("thead", {}, head));
    const body = el("tbody");
    for (const run of runs) {
      const tr = el("tr", { "data-run": run.id, class: run === chosenRun ? "selected" : "" }, el("td", { text: run.label }));
      for (const p of list) {
        const t = run.m[p.train] ? run.m[p.train][1] : null, v = run.m[p.val] ? run.m[p.val][1] : null;
        let gap = null;
        if (num(t) !== null && num(v) !== null) gap = minimized.has(p.val) ? v - t : t - v;
        tr.append(el("td", { class: "num", text: fmt(t, 4) }), el("td", { class: "num", text: fmt(v, 4) }),
                  el("td", { class: "num", text: gap === null ? "—" : (gap >= 0 ? "+" : "") + fmt(gap, 4) }),
                  el("td", { class: "num", text: run.m[p.val] ? fmt(run.m[p.val][0], 4) + " @" + fmt(run.m[p.val][5]) : "—" }));
      }
      if (verdictMetric) tr.append(el("td", { text: verdictText(run.m[verdictMetric] ? run.m[verdictMetric][1] : null) }));
      tr.addEventListener("click", () => { S.tvRun = run.id; selectedRun = run.id; saveState(); renderAll(); });
      body.append(tr);
    }
    table.append(body);
  }

  function renderAblation() {
    const entry = D.ablation[S.metric], box = $("ablation"), md = $("ablation-md");
    box.textContent = ""; md.textContent = "";
    $("ablation-command").textContent = D.ablationCommand + " --metric " + S.metric;
    if (!entry) { box.append(el("p", { class: "note", text: "no ablation table for " + S.metric })); return; }
    if (entry.error) { box.append(el("p", { class: "note", text: entry.error })); return; }
    box.innerHTML = entry.html;
    md.textContent = entry.markdown;
  }

  function renderHeader() {
    $("selection").textContent = D.selection;
    const when = new Date(D.generated * 1000);
    $("generated").textContent = "generated " + when.toLocaleString();
    const counts = {};
    for (const run of D.runs) counts[run.status] = (counts[run.status] || 0) + 1;
    const box = $("statuses");
    box.textContent = "";
    for (const [status, count] of Object.entries(counts).sort()) box.append(el("span", { class: "chip status-" + status, text: count + " " + status }));
    const live = $("live");
    live.hidden = !D.live;
    if (D.live) $("live-text").textContent = S.paused ? "live: paused" : "live: reloads every " + D.refresh + " s while the sweep runs";
    $("pause").checked = !!S.paused;
  }

  function renderAll() {
    const runs = visibleRuns();
    renderHeader();
    renderCurves(runs);
    renderTable(runs);
    renderParallel(runs);
    renderStudy(runs);
    renderTrainVal(runs);
    renderAblation();
  }

  // ---------- controls ----------
  function setupControls() {
    const metricPick = $("metric");
    for (const metric of D.metrics) metricPick.append(el("option", { value: metric, selected: metric === S.metric, text: metric + (minimized.has(metric) ? " (lower is better)" : "") }));
    metricPick.addEventListener("change", () => { S.metric = metricPick.value; saveState(); renderAll(); });
    const xPick = $("xaxis");
    xPick.value = S.x;
    xPick.addEventListener("change", () => { S.x = xPick.value; saveState(); renderAll(); });
    const range = $("smoothing"), value = $("smoothing-value");
    range.value = S.smoothing; value.textContent = Number(S.smoothing).toFixed(2);
    range.addEventListener("input", () => { S.smoothing = Number(range.value); value.textContent = S.smoothing.toFixed(2); saveState(); renderAll(); });
    const group = $("group-seeds");
    group.checked = !!S.groupSeeds;
    group.disabled = !D.seedParameters.length;
    group.parentElement.title = D.seedParameters.length ? "runs that differ only in " + D.seedParameters.join(", ") + " as one mean ± std band" : "no seed parameter varies";
    group.addEventListener("change", () => { S.groupSeeds = group.checked; saveState(); renderAll(); });
    const filter = $("filter");
    filter.value = S.filter;
    let timer = null;
    filter.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => { S.filter = filter.value; saveState(); renderAll(); }, 150); });
    $("pause").addEventListener("change", (event) => { S.paused = event.target.checked; saveState(); renderHeader(); scheduleReload(); });
    $("tv-run").addEventListener("change", (event) => { S.tvRun = Number(event.target.value); saveState(); renderAll(); });
    $("tv-pair").addEventListener("change", (event) => { S.tvPair = event.target.value; saveState(); renderAll(); });
    $("copy-md").addEventListener("click", () => { if (navigator.clipboard) navigator.clipboard.writeText($("ablation-md").textContent).catch(() => {}); });
    let resize = null;
    window.addEventListener("resize", () => { clearTimeout(resize); resize = setTimeout(renderAll, 200); });
    window.addEventListener("scroll", () => { S.scroll = window.scrollY; clearTimeout(scrollTimer); scrollTimer = setTimeout(saveState, 200); });
  }
  let scrollTimer = null, reloadTimer = null;
  function scheduleReload() {
    clearTimeout(reloadTimer);
    if (D.live && !S.paused) reloadTimer = setTimeout(() => { S.scroll = window.scrollY; saveState(); location.reload(); }, D.refresh * 1000);
  }

  selectedRun = S.tvRun;
  setupControls();
  renderAll();
  if (S.scroll) window.scrollTo(0, S.scroll);
  scheduleReload();
  // Script time (parse the data, draw every view), and time since navigation began (reading and
  // parsing the file included): the benchmark reports both.
  document.body.dataset.renderMs = (performance.now() - started).toFixed(1);
  document.body.dataset.readyMs = performance.now().toFixed(1);
  document.body.dataset.ready = "1";
})();
"""#
}
