// The live charts (plotly.js from npm, static/vendor/plotly-basic.min.js, loaded only
// when a run starts): end-to-end latency percentiles, throughput vs errors, utilization
// per serving node, and the selected node's own chart. Each streams with
// Plotly.extendTraces over a sliding window of simulated time; frames are batched and
// drawn four times a second, so ten frames a second cost four redraws per chart.
// Narrated events are marked on every chart's time axis.

import { fmt, gettext } from "../i18n.js";
import { DASHES, ERRORS, ERRORS_FILL, EXTRA, LATENCY, OFFERED, SERIES, THROUGHPUT } from "./colors.js";
import { rateSuffix, secondsSuffix } from "./format.js";
import { WINDOW_S } from "./history.js";

const FLUSH_MS = 250;
const MAX_UTIL_LINES = 12;
const FONT =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Apple SD Gothic Neo", "Malgun Gothic", ' +
  '"NanumGothic", "Noto Sans KR", "Liberation Sans", sans-serif';
const CONFIG = { displayModeBar: false, responsive: true, displaylogo: false, scrollZoom: false, doubleClick: false };
const MARK = { bad: "#B3261E", good: "#1A7F37", info: "#57606A" };
const MARK_DASH = { bad: "dash", good: "dot", info: "dashdot" };

let loading = null;

/** window.Plotly, loading the vendored script on first use. */
export function loadPlotly(src) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.async = true;
      script.onload = () => (window.Plotly ? resolve(window.Plotly) : reject(new Error("plotly.js did not start")));
      script.onerror = () => {
        loading = null;
        reject(new Error(`${src} could not be loaded`));
      };
      document.head.append(script);
    });
  }
  return loading;
}

const EXTRA_LABELS = {
  hit_ratio: () => gettext("hit ratio %"),
  healthy_targets: () => gettext("healthy targets"),
  replication_lag_ms: () => gettext("replication lag ms"),
  queue: () => gettext("queue"),
};

export function extraLabel(key) {
  return EXTRA_LABELS[key] ? EXTRA_LABELS[key]() : key;
}

/** A font size in px, a fifth larger on a big screen (1600 px and wider: a projector read
 * from the back of a class). */
const px = (size) => Math.round(size * (window.innerWidth >= 1600 ? 1.2 : 1));

function axis(extra = {}) {
  return {
    gridcolor: "#e6e9ee",
    zeroline: false,
    showline: true,
    linecolor: "#8c959f",
    fixedrange: true,
    automargin: true,
    tickfont: { size: px(12) },
    separatethousands: true, // (plotly's default wrote 1000/s beside 10,000 ms)
    ...extra,
  };
}

function layout(extra = {}) {
  return {
    margin: { l: 50, r: 14, t: 28, b: 30 },
    font: { family: FONT, size: px(13), color: "#1b1f24" },
    paper_bgcolor: "#ffffff",
    plot_bgcolor: "#ffffff",
    showlegend: true,
    legend: {
      orientation: "h",
      x: 0,
      xanchor: "left",
      y: 1.02,
      yanchor: "bottom",
      font: { size: px(12) },
      bgcolor: "rgba(255,255,255,0)",
    },
    hovermode: "x unified",
    hoverlabel: { font: { size: px(12), family: FONT } },
    xaxis: axis({ ticksuffix: secondsSuffix(), nticks: 7 }),
    shapes: [],
    annotations: [],
    ...extra,
  };
}

const line = (name, color, extra = {}) => ({
  type: "scatter",
  mode: "lines",
  name,
  x: [],
  y: [],
  line: { color, width: 2.2, ...(extra.line || {}) },
  hovertemplate: extra.hovertemplate,
  ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== "line" && k !== "hovertemplate")),
});

const positive = (v) => (typeof v === "number" && v > 0 ? v : null);

/**
 * Tick values for a log latency axis showing `traces` (the first three of gd.data): the
 * 1-2-5 steps inside the lines' range, every step when that makes under two (plotly's own
 * log ticks leave a range within one decade, e.g. 20–60 ms, without any number), sparser
 * steps when it makes over `most`. Returns a key to tell when they change, the values and
 * the axis range (which always reaches them).
 */
function logTicks(traces, most = 6) {
  let lo = Infinity;
  let hi = 0;
  for (const trace of traces) {
    for (const y of trace.y || []) {
      if (y > 0) {
        if (y < lo) lo = y;
        if (y > hi) hi = y;
      }
    }
  }
  if (!(hi > 0)) return { key: "", values: [] };
  const steps = (mantissas) => {
    const out = [];
    for (let e = Math.floor(Math.log10(lo)) - 1; e <= Math.ceil(Math.log10(hi)); e += 1) {
      for (const m of mantissas) {
        const v = Number((m * 10 ** e).toPrecision(3));
        if (v >= lo / 1.15 && v <= hi * 1.15) out.push(v);
      }
    }
    return out;
  };
  let values = steps([1, 2, 5]);
  if (values.length < 2) values = steps([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  // A short chart takes fewer: 1-3-10, then decades (while that leaves two), then every
  // other one.
  for (const sparser of [[1, 3], [1]]) {
    const next = values.length > most ? steps(sparser) : [];
    if (next.length >= 2) values = next;
  }
  while (values.length > most) values = values.filter((_, i) => i % 2 === 0);
  if (values.length < 2) {
    // Lines within one step of 1-2-3…9 (1,260–1,370 ms): the axis spans the steps around
    // them, so it keeps log ticks (plotly's own would be 1,260, 1,280… on a log axis).
    const e = 10 ** Math.floor(Math.log10(lo));
    const below = Math.floor(lo / e) * e;
    const above = Math.ceil(hi / e) * e === below ? below + e : Math.ceil(hi / e) * e;
    values = [below, above].map((v) => Number(v.toPrecision(3)));
  }
  // The axis always reaches the outer ticks: chosen within 15 % of the lines, they may lie
  // beyond plotly's own range (547–588 ms gets ticks 500 and 600, which autorange hid).
  // Rounded to 1/50 of a decade, so a slow drift relayouts rarely.
  const edge = (v) => Math.round(Math.log10(v) * 50) / 50;
  const range = [edge(Math.min(lo, values[0]) / 1.1), edge(Math.max(hi, values[values.length - 1]) * 1.1)];
  return { key: `${values.join(",")} ${range.join(",")}`, values, range };
}

/** Index of the first x ≥ cutoff in a sorted array. */
function firstAtOrAfter(xs, cutoff) {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < cutoff) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class Charts {
  /** elements: {latency, throughput, utilization} (divs); plotlySrc: the vendored script. */
  constructor({ elements, plotlySrc }) {
    this.elements = elements;
    this.plotlySrc = plotlySrc;
    this.Plotly = null;
    this.ready = false;
    this.pending = [];
    this.markers = [];
    this.markersDrawn = "";
    this.serving = null; // ids charted in the utilization chart
    this.node = null; // {gd, id, lastT, extraKey}
    this.history = null;
    this.timer = null;
    this.observers = [];
    this.lastT = -Infinity;
    this.generation = 0;
    // Ids of the nodes that offer traffic (clients): the throughput chart's "offered" line,
    // so a tier stuck at its capacity, and a drained backlog above the offered load, show.
    this.offeredBy = [];
  }

  async start(history) {
    const generation = ++this.generation;
    this.history = history;
    const Plotly = await loadPlotly(this.plotlySrc);
    if (generation !== this.generation) return; // stopped while loading
    this.Plotly = Plotly;
    this.build();
    this.ready = true;
    this.timer = setInterval(() => this.flush(), FLUSH_MS);
    for (const gd of Object.values(this.elements)) this.observe(gd);
    this.flush();
  }

  observe(gd) {
    if (!window.ResizeObserver) return;
    let pending = false;
    const observer = new ResizeObserver(() => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        if (!gd.isConnected || !gd.data) return;
        this.Plotly.Plots.resize(gd);
        this.fitTicks(gd);
      });
    });
    observer.observe(gd);
    this.observers.push(observer);
  }

  /** As many y ticks as the plot's height holds (plotly packed five into 30 px): a linear
   * axis gets at most one per 28 px, the utilization's steps widen to 50 % under 90 px, and
   * a log axis chooses again at the next frame (see logTicks). */
  fitTicks(gd) {
    const y = gd.layout && gd.layout.yaxis;
    const height = gd._fullLayout && gd._fullLayout._size && gd._fullLayout._size.h;
    if (!y || !height) return;
    if (y.type === "log") {
      delete gd.dataset.ticks;
      return;
    }
    if (y.dtick) {
      const dtick = height >= 90 ? 25 : 50;
      if (y.dtick !== dtick) this.Plotly.relayout(gd, { "yaxis.dtick": dtick });
    } else {
      const nticks = Math.max(2, Math.floor(height / 28));
      if (y.nticks !== nticks) this.Plotly.relayout(gd, { "yaxis.nticks": nticks });
    }
  }

  build() {
    const { Plotly } = this;
    const { latency, throughput, utilization } = this.elements;
    delete latency.dataset.ticks; // a new plot has neither the ticks nor the range yet
    const ms = " ms";
    Plotly.newPlot(
      latency,
      [
        line("p50", LATENCY.p50, { hovertemplate: `%{y:.3~g}${ms}` }),
        line("p95", LATENCY.p95, { hovertemplate: `%{y:.3~g}${ms}` }),
        line("p99", LATENCY.p99, { hovertemplate: `%{y:.3~g}${ms}`, line: { width: 2.6 } }),
      ],
      layout({ yaxis: axis({ type: "log", ticksuffix: ms, exponentformat: "none", dtick: 1 }) }),
      CONFIG,
    );
    Plotly.newPlot(
      throughput,
      [
        line(gettext("throughput"), THROUGHPUT, { hovertemplate: "%{y:,.4~g}/s" }),
        line(gettext("errors"), ERRORS, {
          hovertemplate: "%{y:,.4~g}/s",
          fill: "tozeroy",
          fillcolor: ERRORS_FILL,
          line: { width: 2.4, dash: "solid" },
        }),
        line(gettext("offered"), OFFERED, { hovertemplate: "%{y:,.4~g}/s", line: { width: 1.6, dash: "dot" } }),
      ],
      layout({ yaxis: axis({ rangemode: "tozero", ticksuffix: rateSuffix() }) }),
      CONFIG,
    );
    this.fitTicks(throughput);
    if (utilization) this.buildUtilization([]);
  }

  buildUtilization(ids) {
    this.serving = ids;
    const traces = ids.map((id, i) =>
      line(id, SERIES[i % SERIES.length], {
        hovertemplate: "%{y:.0f}%",
        line: { dash: DASHES[Math.floor(i / SERIES.length) % DASHES.length], width: 2 },
      }),
    );
    // Many nodes: the legend takes rows of equal entries above the plot, which its top
    // margin makes room for (plotly let a third row fall on the lines).
    const gd = this.elements.utilization;
    const entry = 8 + 7.5 * Math.max(4, ...ids.map((id) => id.length)); // (its text)
    const perRow = Math.max(1, Math.floor(((gd.clientWidth || 400) - 20) / (entry + 45))); // + line
    const rows = Math.max(1, Math.ceil(ids.length / perRow));
    // Two rows and more: the chart takes a larger share of the column, the others resized
    // (a laptop's screen otherwise put five names in a column that scrolled after three).
    const panels = gd.closest(".live-panels");
    if (panels && panels.classList.contains("util-tall") !== rows >= 2) {
      panels.classList.toggle("util-tall", rows >= 2);
      for (const other of [this.elements.latency, this.elements.throughput]) {
        if (other && other.data) this.Plotly.Plots.resize(other);
      }
    }
    const top = 14 + 20 * rows;
    const base = layout({ yaxis: axis({ range: [0, 105], ticksuffix: "%", dtick: 25 }) });
    // (No autoexpand: plotly would add the legend's size to these margins again.)
    const above = {
      // Hung from the chart's top, the legend keeps clear of the plot below it.
      margin: { ...base.margin, t: top, autoexpand: false },
      legend: { ...base.legend, entrywidth: entry, entrywidthmode: "pixels", yref: "container", y: 1, yanchor: "top" },
    };
    // Too short for that (a laptop's screen, many nodes): the names in a column on the right,
    // which scrolls, and the plot keeps the chart's height.
    const beside = {
      margin: { ...base.margin, t: 12, r: entry + 45, autoexpand: false },
      legend: { ...base.legend, orientation: "v", x: 1.02, xanchor: "left", y: 1, yanchor: "top" },
    };
    const roomy = (gd.clientHeight || 150) - top - base.margin.b >= 70;
    this.Plotly.newPlot(gd, traces, { ...base, ...(rows === 1 || roomy ? above : beside) }, CONFIG);
    this.fitTicks(gd);
    this.markersDrawn = "";
  }

  /** Queue a frame for the next draw. */
  push(frame) {
    this.pending.push(frame);
    if (this.pending.length > 600) this.pending.splice(0, this.pending.length - 600);
  }

  /** A narrated event: a vertical line at its time on every chart. */
  mark(event, tone, label) {
    this.markers.push({ t: event.t, tone, label });
  }

  /** Requests per second the clients offered in a frame (null without clients). */
  offered(frame) {
    const sent = this.offeredBy.map((id) => frame.nodes && frame.nodes[id] && frame.nodes[id].throughput_rps);
    const known = sent.filter((v) => typeof v === "number");
    return known.length ? known.reduce((a, b) => a + b, 0) : null;
  }

  flush() {
    if (!this.ready) return;
    const frames = this.pending;
    this.pending = [];
    if (frames.length) {
      const xs = frames.map((f) => f.t);
      this.lastT = xs[xs.length - 1];
      // One time axis for the three charts, so an event's line sits at the same spot on
      // each (their own autoranges differed by a second or so, and a rebuilt chart by more).
      const shown = this.elements.latency && this.elements.latency.data && this.elements.latency.data[0];
      const x0 = shown && shown.x.length ? shown.x[0] : xs[0];
      this.xRange = [Math.max(x0, this.lastT - WINDOW_S), this.lastT];
      const e2e = frames.map((f) => f.end_to_end || {});
      const lat = (key) => e2e.map((e) => positive(e.latency_ms && e.latency_ms[key]));
      this.extend(this.elements.latency, xs, [lat("p50"), lat("p95"), lat("p99")]);
      this.extend(this.elements.throughput, xs, [
        e2e.map((e) => e.throughput_rps ?? null),
        e2e.map((e) => e.error_rps ?? null),
        frames.map((f) => this.offered(f)),
      ]);
      const serving = Object.keys(frames[frames.length - 1].nodes || {})
        .filter((id) => typeof frames[frames.length - 1].nodes[id].queue === "number")
        .slice(0, MAX_UTIL_LINES);
      if (serving.join("\n") !== (this.serving || []).join("\n")) this.buildUtilization(serving);
      if (serving.length) {
        this.extend(
          this.elements.utilization,
          xs,
          serving.map((id) =>
            frames.map((f) => (f.nodes && f.nodes[id] ? Math.round(f.nodes[id].utilization * 1000) / 10 : null)),
          ),
        );
      }
    }
    this.extendNode();
    this.drawMarkers();
  }

  extend(gd, xs, ys) {
    if (!gd || !gd.data || !ys.length) return;
    const shared = this.xRange && !(this.node && gd === this.node.gd);
    if (shared && this.xRange[1] > this.xRange[0]) {
      // Set before extendTraces, which draws with it: no second redraw for the axis.
      gd.layout.xaxis.range = this.xRange.slice();
      gd.layout.xaxis.autorange = false;
    }
    const old = (gd.data[0] && gd.data[0].x) || [];
    const keep = old.length - firstAtOrAfter(old, xs[xs.length - 1] - WINDOW_S);
    this.Plotly.extendTraces(
      gd,
      { x: ys.map(() => xs.slice()), y: ys },
      ys.map((_, i) => i),
      Math.max(1, keep + xs.length),
    );
    const yaxis = gd.layout && gd.layout.yaxis;
    if (yaxis && yaxis.type === "log") {
      // p50, p95, p99 come first; a tick per 26 px of the axis at most (labels are 12 px;
      // the node panel's axis spans part of its plot).
      const span = Array.isArray(yaxis.domain) ? yaxis.domain[1] - yaxis.domain[0] : 1;
      const height = span * ((gd._fullLayout && gd._fullLayout._size && gd._fullLayout._size.h) || 150);
      const ticks = logTicks(gd.data.slice(0, 3), Math.max(2, Math.floor(height / 26)));
      if (ticks.key !== gd.dataset.ticks) {
        gd.dataset.ticks = ticks.key;
        this.Plotly.relayout(gd, {
          "yaxis.tickmode": "array", // (none yet rather than plotly's pile of 2s and 5s)
          "yaxis.tickvals": ticks.values,
          "yaxis.ticktext": ticks.values.map((v) => `${v.toLocaleString()}${yaxis.ticksuffix || ""}`),
          ...(ticks.values.length ? { "yaxis.range": ticks.range } : { "yaxis.autorange": true }),
        });
      }
    }
  }

  // ------------------------------------------------------------------ the selected node

  /** Chart node `id` in `gd` (a div just put in the page), from its history. */
  attachNode(gd, id) {
    this.detachNode();
    if (!this.ready || !this.history) {
      this.node = { gd, id, lastT: -Infinity, extraKey: null, waiting: true };
      return;
    }
    const data = this.history.since(id) || { t: [], p50: [], p95: [], p99: [], throughput: [], errors: [], extra: [] };
    const extraKey = data.extraKey;
    const ms = " ms";
    const traces = [
      line("p50", LATENCY.p50, { x: data.t, y: data.p50, hovertemplate: `%{y:.3~g}${ms}` }),
      line("p95", LATENCY.p95, { x: data.t, y: data.p95, hovertemplate: `%{y:.3~g}${ms}` }),
      line("p99", LATENCY.p99, { x: data.t, y: data.p99, hovertemplate: `%{y:.3~g}${ms}` }),
      line(gettext("req/s"), THROUGHPUT, { x: data.t, y: data.throughput, yaxis: "y2", hovertemplate: "%{y:,.4~g}/s" }),
      line(gettext("errors"), ERRORS, {
        x: data.t,
        y: data.errors,
        yaxis: "y2",
        fill: "tozeroy",
        fillcolor: ERRORS_FILL,
        hovertemplate: "%{y:,.4~g}/s",
      }),
    ];
    if (extraKey) {
      traces.push(
        line(extraLabel(extraKey), EXTRA, {
          x: data.t,
          y: data.extra,
          yaxis: "y3",
          line: { dash: "dot", width: 2.2 },
          hovertemplate: "%{y:,.4~g}",
        }),
      );
    }
    const label = (text, y, x = 0, xanchor = "left") => ({
      text,
      xref: "paper",
      yref: "paper",
      x,
      y,
      xanchor,
      yanchor: "bottom",
      showarrow: false,
      font: { size: px(11), color: "#57606a" },
    });
    this.Plotly.newPlot(
      gd,
      traces,
      layout({
        margin: { l: 48, r: extraKey ? 44 : 12, t: 8, b: 28 },
        showlegend: false, // same colours as the charts beside; each part is labelled
        // (Empty, from 0: plotly's own empty range is -1 to 6 s; see extendNode.)
        xaxis: axis({ ticksuffix: secondsSuffix(), nticks: 5, anchor: "y2", ...(data.t.length ? {} : { range: [0, 1] }) }),
        yaxis: axis({ domain: [0.52, 0.92], type: "log", exponentformat: "none", dtick: 1 }),
        yaxis2: axis({ domain: [0, 0.38], rangemode: "tozero", nticks: 4 }),
        ...(extraKey
          ? {
              yaxis3: axis({
                overlaying: "y2",
                side: "right",
                rangemode: "tozero",
                showgrid: false,
                tickfont: { size: px(11), color: EXTRA },
                tickmode: "auto", // its own round ticks, not ones synced to the req/s axis
                nticks: 4,
                ...(extraKey === "hit_ratio" ? { range: [0, 100] } : {}),
              }),
            }
          : {}),
        annotations: [
          label(gettext("latency p50 / p95 / p99, ms"), 0.93),
          label(gettext("throughput and errors, req/s"), 0.39),
          // The right axis's label inside its plot's top corner, in its colour: beside the
          // left one on the same line, the two ran into each other.
          ...(extraKey
            ? [{ ...label(extraLabel(extraKey), 0.38, 1, "right"), yanchor: "top", font: { size: px(11), color: EXTRA }, bgcolor: "rgba(255,255,255,0.85)" }]
            : []),
        ],
      }),
      CONFIG,
    );
    this.node = { gd, id, lastT: data.t.length ? data.t[data.t.length - 1] : -Infinity, extraKey, fixedAxis: !data.t.length };
    this.observe(gd);
    this.markersDrawn = "";
  }

  detachNode() {
    if (this.node && this.node.gd && this.node.gd.data && this.Plotly) this.Plotly.purge(this.node.gd);
    this.node = null;
  }

  extendNode() {
    const node = this.node;
    if (!node || !this.history) return;
    if (node.waiting || !node.gd.isConnected) {
      if (node.waiting && node.gd.isConnected) this.attachNode(node.gd, node.id);
      else if (!node.gd.isConnected) this.node = null;
      return;
    }
    const data = this.history.since(node.id, node.lastT);
    if (!data || !data.t.length) return;
    if (data.extraKey !== node.extraKey) {
      this.attachNode(node.gd, node.id);
      return;
    }
    const ys = [data.p50, data.p95, data.p99, data.throughput, data.errors];
    if (node.extraKey) ys.push(data.extra);
    // Drawn or emptied with the time axis fixed at 0–1 s: it follows the lines again once
    // they pass t = 0 (a lone point at 0 autoranges to -1..1 s); set before extendTraces draws.
    if (node.fixedAxis && data.t[data.t.length - 1] > 0) {
      node.gd.layout.xaxis.autorange = true;
      node.fixedAxis = false;
    }
    this.extend(node.gd, data.t, ys);
    node.lastT = data.t[data.t.length - 1];
  }

  // ------------------------------------------------------------------ event markers

  drawMarkers() {
    const cutoff = this.lastT - WINDOW_S;
    this.markers = this.markers.filter((m) => m.t >= cutoff);
    // (Redrawn too when the window's scale halves or doubles: the labels' spacing changes.)
    const span = this.xRange ? Math.max(1, this.xRange[1] - this.xRange[0]) : WINDOW_S;
    const signature = this.markers.map((m) => `${m.t}:${m.tone}`).join(",") + (this.node ? `|${this.node.id}` : "") + `~${Math.round(Math.log2(span))}`;
    if (signature === this.markersDrawn) return;
    this.markersDrawn = signature;
    // One line per moment, one label per moment and node (an event may come with its
    // consequence at the same instant, e.g. a failover's promotion and its lost writes).
    const seen = new Set();
    const unique = this.markers.filter((m) => {
      const key = `${m.t}|${m.label}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const shapes = unique.map((m) => ({
      type: "line",
      xref: "x",
      yref: "paper",
      x0: m.t,
      x1: m.t,
      y0: 0,
      y1: 1,
      line: { color: MARK[m.tone] || MARK.info, width: 1.6, dash: MARK_DASH[m.tone] || "dot" },
      layer: "above",
    }));
    const labels = this.markerLabels(unique, span);
    const targets = [this.elements.latency, this.elements.throughput, this.elements.utilization];
    for (const gd of targets) {
      if (gd && gd.data) this.Plotly.relayout(gd, { shapes, annotations: gd === this.elements.throughput ? labels : [] });
    }
    if (this.node && this.node.gd.isConnected && this.node.gd.layout) {
      const keep = (this.node.gd.layout.annotations || []).filter((a) => a.xref === "paper");
      this.Plotly.relayout(this.node.gd, {
        shapes: shapes.map((s) => ({ ...s, yref: "paper" })),
        annotations: keep,
      });
    }
  }

  /** The markers' labels on the throughput chart, each on the first of up to three rows
   * where it clears the labels placed there (a failover makes three close events); one with no room is
   * left out (its line stays, the log has it). Near the right edge a label reads leftwards. */
  markerLabels(markers, span) {
    const gd = this.elements.throughput;
    const size = (gd && gd._fullLayout && gd._fullLayout._size) || { w: 400, h: 120 };
    const width = size.w;
    const pxPerS = width / span;
    const end = this.xRange ? this.xRange[1] : this.lastT;
    // As many rows as the plot is tall (a third ran over the time axis's numbers).
    const rows = Math.max(1, Math.min(3, Math.floor(size.h / px(17))));
    const taken = Array.from({ length: rows }, () => []); // [from, to] spans of each row
    const out = [];
    // What happened (✕ kill, ▲ promotion, ↺ restore) before the verdicts on it (⚠, ✓), so
    // that with little room a verdict is the one left out.
    const verdict = (m) => (/^[⚠✓]/.test(m.label) ? 1 : 0);
    for (const m of [...markers].sort((a, b) => verdict(a) - verdict(b) || a.t - b.t)) {
      const w = (px(7) * m.label.length) + 10;
      const x = (m.t - (end - span)) * pxPerS;
      const leftward = x + w > width;
      const [from, to] = leftward ? [x - w, x] : [x, x + w];
      const row = taken.findIndex((spans) => spans.every(([a, b]) => to + 4 < a || from > b + 4));
      if (row < 0) continue;
      taken[row].push([from, to]);
      out.push({
        x: m.t,
        xref: "x",
        yref: "paper",
        y: 1,
        yshift: -px(17) * row, // (rows a label's height apart, however short the chart)
        yanchor: "top",
        xanchor: leftward ? "right" : "left",
        text: m.label,
        showarrow: false,
        font: { size: px(11), color: MARK[m.tone] || MARK.info },
        bgcolor: "rgba(255,255,255,0.85)",
      });
    }
    return out;
  }

  // ------------------------------------------------------------------ lifecycle

  /** Back to empty charts (the run was reset to t = 0). */
  clear() {
    this.pending = [];
    this.markers = [];
    this.markersDrawn = "";
    this.lastT = -Infinity;
    this.xRange = null;
    if (!this.ready) return;
    const { Plotly } = this;
    // The node panel's chart is emptied in place too: purged and drawn again, a redraw
    // plotly still had pending on it failed ("_redrawFromAutoMarginCount" of undefined).
    const node = this.node && this.node.gd.isConnected && this.node.gd.data ? this.node : null;
    const charts = [this.elements.latency, this.elements.throughput, this.elements.utilization];
    for (const gd of node ? [...charts, node.gd] : charts) {
      if (!gd.data) continue;
      Plotly.restyle(gd, { x: gd.data.map(() => []), y: gd.data.map(() => []) });
      const log = gd.layout.yaxis && gd.layout.yaxis.type === "log"; // (its range may be fixed)
      // (The node chart's part titles are paper-placed annotations: they stay.)
      const titles = (gd.layout.annotations || []).filter((a) => node && gd === node.gd && a.xref === "paper");
      // Empty, the time axis starts at 0 (autorange put a lone t = 0 point at -1..1 s) and
      // a log axis has no numbers until lines come (plotly's own were a pile of 2s and 5s).
      Plotly.relayout(gd, {
        shapes: [],
        annotations: titles,
        "xaxis.autorange": false,
        "xaxis.range": [0, 1],
        ...(log ? { "yaxis.autorange": true, "yaxis.tickmode": "array", "yaxis.tickvals": [], "yaxis.ticktext": [] } : {}),
      });
      delete gd.dataset.ticks;
    }
    if (node) Object.assign(node, { lastT: -Infinity, fixedAxis: true });
  }

  stop() {
    this.generation += 1;
    clearInterval(this.timer);
    this.timer = null;
    for (const observer of this.observers) observer.disconnect();
    this.observers = [];
    if (this.Plotly) {
      for (const gd of Object.values(this.elements)) if (gd.data) this.Plotly.purge(gd);
      this.detachNode();
    }
    this.ready = false;
    this.pending = [];
    this.markers = [];
    this.serving = null;
    this.lastT = -Infinity;
  }

  /** Trace data for tests and devtools: {chart: [{name, x, y}]}. */
  snapshot() {
    const out = {};
    for (const [name, gd] of Object.entries(this.elements)) {
      out[name] = (gd.data || []).map((trace) => ({ name: trace.name, x: [...trace.x], y: [...trace.y] }));
    }
    return out;
  }
}

export const chartTitles = () => ({
  latency: gettext("End-to-end latency"),
  latencyUnit: gettext("ms, log scale"),
  throughput: gettext("Throughput and errors"),
  throughputUnit: gettext("requests per second"),
  utilization: gettext("Utilization per serving node"),
  utilizationUnit: gettext("share of time busy"), // (of the first MAX_UTIL_LINES nodes)
});
