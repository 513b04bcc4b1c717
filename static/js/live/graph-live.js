// The graph comes alive: each frame recolours the Cytoscape canvas the editor drew.
//
// Serving nodes are filled by utilization (colors.js); dead nodes turn grey with a ✕
// and a dashed border; connections get wider with their request rate (log scale) and
// redder with their share of failing requests, with the rate (and error share) as their
// label. Small badges under the nodes give the number that matters for each kind: busy
// share and queue, cache hit ratio, replica lag, a balancer's healthy targets ("2/3").
//
// Everything here is a class, a `live*` data field or an overlay element, so stop()
// puts the editor's look back exactly.

import { fmt, gettext } from "../i18n.js";
import { edgeKey } from "../document.js";
import { iconSvg } from "../kinds.js";
import { DEAD, ERROR_VISIBLE, INK, edgeColor, inkOn, utilColor, utilGradient } from "./colors.js";
import { compact, ms, percent, rate } from "./format.js";

const LIVE_STYLE = [
  {
    selector: "node.live-util",
    style: { "background-color": "data(liveColor)", "background-image": "data(liveIcon)" },
  },
  {
    selector: "node.live-down",
    style: {
      "background-color": DEAD,
      "background-image": "data(liveIcon)",
      "background-width": "78%",
      "background-height": "78%",
      "border-style": "dashed",
      "border-color": INK,
      "border-opacity": 1,
      color: "#57606a",
    },
  },
  {
    selector: "edge.live",
    style: {
      width: "data(liveWidth)",
      "line-color": "data(liveColor)",
      "target-arrow-color": "data(liveColor)",
      "arrow-scale": "data(liveArrow)",
      label: "data(liveLabel)",
      "font-size": 13,
      color: "data(liveInk)",
      // Readable where other connections cross it (a balancer's fan-out).
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.85,
      "text-background-padding": 2,
      "text-background-shape": "roundrectangle",
    },
  },
  // A label that would cover another's (edges leaving one node side by side) waits for room.
  { selector: "edge.live-label-hidden", style: { "text-opacity": 0 } },
  { selector: "edge.live-idle", style: { opacity: 0.5, "line-style": "dashed", "line-dash-pattern": [6, 6] } },
  // The replication stream: writes copied, not requests.
  { selector: "edge.live-stream", style: { "line-style": "dotted" } },
  // ... running against the edge's drawing, from a promoted replica to the old primary.
  {
    selector: "edge.live-stream-back",
    style: { "source-arrow-shape": "triangle", "source-arrow-color": "data(liveColor)", "target-arrow-shape": "none" },
  },
  // Calls to a dead primary's group that its promoted replica serves.
  { selector: "edge.live-rerouted", style: { "line-style": "dashed", "line-dash-pattern": [10, 5] } },
];
// Every class a frame puts on an edge (taken off again when it leaves the frames or the run).
const LIVE_EDGE_CLASSES = "live live-idle live-rerouted live-stream live-stream-back live-label-hidden";

/** A database's replication partners (edges between databases, either way). */
const partners = (n) =>
  n.data("kind") === "database"
    ? n.connectedEdges().connectedNodes().filter((m) => m.id() !== n.id() && m.data("kind") === "database")
    : n.cy().collection();

/** A replica in the document: a database replicates into it. */
const documentReplica = (n) => n.incomers("edge").sources().some((m) => partners(n).has(m));

const icons = new Map();

function dataUri(svg) {
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

function liveIcon(kind, category, ink) {
  const key = `${kind}|${category}|${ink}`;
  if (!icons.has(key)) icons.set(key, dataUri(iconSvg(kind, category, { size: 48, ink })));
  return icons.get(key);
}

/** The kind's icon, faded, under a bold ✕. */
function deadIcon(kind, category) {
  const key = `${kind}|${category}|dead`;
  if (!icons.has(key)) {
    const inner = iconSvg(kind, category, { size: 24, ink: "#4a5058" }).replace(
      / width="24" height="24"/,
      ' x="4" y="4" width="16" height="16"',
    );
    const cross = "M4.5 4.5 19.5 19.5M19.5 4.5 4.5 19.5";
    icons.set(
      key,
      dataUri(
        `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="48" height="48">` +
          `<g opacity="0.6">${inner}</g>` +
          `<path d="${cross}" stroke="#ffffff" stroke-width="5.2" stroke-linecap="round" fill="none"/>` +
          `<path d="${cross}" stroke="${INK}" stroke-width="2.8" stroke-linecap="round" fill="none"/></svg>`,
      ),
    );
  }
  return icons.get(key);
}

const isServing = (entry) => typeof entry.queue === "number";

const FORMS = ["full", "short", "least"]; // a badge's texts, longest first

function show(badge, text) {
  if (badge.textContent !== text) badge.textContent = text;
}

/**
 * The badge under a node: the few numbers that matter for its kind, as {full, short,
 * least}, for badges that would touch their neighbours': short drops the queue and lag,
 * least keeps only the error share, still marked as errors (or, without errors, the main
 * figure).
 */
export function badgeText(kind, entry, down, targetCount, { promoted = false, servedBy = null, grouped = false } = {}) {
  // A dead primary's calls go to the replica promoted in its place: the badge names it.
  if (down) {
    const text = servedBy ? `✕ ${gettext("down")} → ${servedBy}` : `✕ ${gettext("down")}`;
    return { full: text, short: `✕ ${gettext("down")}`, least: "✕" };
  }
  const main = promoted ? [gettext("now primary")] : [];
  const extra = [];
  const served = (entry.throughput_rps || 0) + (entry.error_rps || 0);
  if (Array.isArray(entry.healthy_targets)) {
    // (A ✓ beside "2/3" read as all well.)
    const n = entry.healthy_targets.length;
    let text = gettext("✓ %(n)s/%(of)s healthy");
    if (n === 0) text = gettext("✕ %(n)s/%(of)s healthy");
    else if (n < targetCount) text = gettext("⚠ %(n)s/%(of)s healthy");
    main.push(fmt(text, { n, of: targetCount }));
  } else if (typeof entry.hit_ratio === "number") {
    main.push(fmt(gettext("hit %(p)s"), { p: percent(entry.hit_ratio) }));
  } else if (isServing(entry)) {
    main.push(percent(entry.utilization));
  }
  // In a replication group, which requests it serves: its callers' edges all lead to the
  // primary, whose replicas serve the reads.
  if (grouped && typeof entry.reads_rps === "number") {
    if (entry.writes_rps >= 0.5) main.push(fmt(gettext("writes %(n)s/s"), { n: compact(entry.writes_rps) }));
    if (entry.reads_rps >= 0.5) main.push(fmt(gettext("reads %(n)s/s"), { n: compact(entry.reads_rps) }));
  }
  if (entry.role === "replica" && typeof entry.replication_lag_ms === "number") {
    extra.push(fmt(gettext("lag %(ms)s"), { ms: ms(entry.replication_lag_ms) }));
  }
  if (isServing(entry) && entry.queue >= 1) extra.push(fmt(gettext("q %(n)s"), { n: compact(entry.queue) }));
  // The error share says what it is: a bare "⚠ 20%" read as busyness (the legend's "Busy").
  const failing = served > 0 && entry.error_rps / served >= 0.01 ? percent(entry.error_rps / served) : null;
  const warn = failing ? [fmt(gettext("⚠ %(p)s errors"), { p: failing })] : [];
  // The least: what the node is and how busy (a group's reads and writes wait for room:
  // a promoted replica's full line, pushed in from the canvas's edge, covered its neighbour).
  const core = main.slice(0, promoted ? 2 : 1);
  return {
    full: [...main, ...extra, ...warn].join(" · "),
    short: [...main, ...warn].join(" · "),
    least: failing ? fmt(gettext("⚠ %(p)s err"), { p: failing }) : core.join(" · "),
  };
}

export class LiveGraph {
  constructor(graph, { catalog, canvasWrap }) {
    this.graph = graph;
    this.cy = graph.cy;
    this.catalog = catalog;
    this.wrap = canvasWrap;
    this.active = false;
    this.styled = false;
    this.badges = new Map();
    this.reposition = () => this.placeBadges();
  }

  start() {
    if (this.active) return;
    this.active = true;
    if (!this.styled) {
      const style = this.cy.style();
      for (const rule of LIVE_STYLE) style.selector(rule.selector).style(rule.style);
      style.update();
      this.styled = true;
    }
    this.layer = document.createElement("div");
    this.layer.className = "live-badges";
    this.layer.setAttribute("aria-hidden", "true");
    this.legend = this.makeLegend();
    this.wrap.append(this.layer, this.legend);
    this.wrap.classList.add("is-live");
    this.cy.on("viewport resize position", this.reposition);
  }

  makeLegend() {
    const legend = document.createElement("div");
    legend.className = "live-legend";
    legend.id = "live-legend";
    const label = document.createElement("span");
    label.textContent = gettext("Busy");
    const bar = document.createElement("span");
    bar.className = "scale-bar";
    bar.style.background = utilGradient();
    const low = document.createElement("span");
    low.className = "scale-end";
    low.textContent = "0%";
    const high = document.createElement("span");
    high.className = "scale-end";
    high.textContent = "100%";
    const dead = document.createElement("span");
    dead.className = "dead-key";
    dead.textContent = `✕ ${gettext("down")}`;
    const edges = document.createElement("span");
    edges.className = "edge-key";
    edges.textContent = gettext("line width: req/s · red: errors");
    legend.append(label, low, bar, high, dead, edges);
    return legend;
  }

  /** Show `frame`; `overrides` maps node id → "up"/"down" for commands not yet in a frame. */
  apply(frame, overrides = new Map()) {
    if (!this.active || !frame) return;
    const { cy } = this;
    const nodes = frame.nodes || {};
    const isDown = (id) => (overrides.get(id) || (nodes[id] || {}).state) === "down";
    // Where calls to a dead database go: its group's live primary, if any.
    const servedBy = (target) => {
      if (target.data("kind") !== "database" || !isDown(target.id())) return null;
      // Only a primary's calls move to a promoted replica; a dead replica's readers go to
      // the other replicas.
      if (documentReplica(target)) return null;
      const primary = partners(target).filter((m) => (nodes[m.id()] || {}).role === "primary" && !isDown(m.id()));
      return primary.nonempty() ? primary[0].id() : null;
    };
    cy.batch(() => {
      cy.nodes().forEach((n) => {
        const id = n.id();
        const entry = nodes[id];
        if (!entry) {
          n.removeClass("live-util live-down");
          return;
        }
        const kind = n.data("kind");
        const category = this.catalog.category(kind);
        const down = isDown(id);
        if (down) {
          n.data("liveIcon", deadIcon(kind, category));
          n.removeClass("live-util").addClass("live-down");
        } else if (isServing(entry) && kind !== "load_balancer") {
          const color = utilColor(entry.utilization);
          n.data({ liveColor: color, liveIcon: liveIcon(kind, category, inkOn(color)) });
          n.removeClass("live-down").addClass("live-util");
        } else {
          n.removeClass("live-util live-down");
        }
        // A replica in the document that the failover made primary says so.
        const promoted = entry.role === "primary" && documentReplica(n);
        const grouped = partners(n).length > 0;
        const badge = badgeText(kind, entry, down, n.outgoers("edge").length, { promoted, servedBy: servedBy(n), grouped });
        this.badge(id, badge, down);
      });
      const seen = new Set();
      for (const e of frame.edges || []) {
        const el = cy.getElementById(edgeKey(e.source, e.target));
        if (el.empty()) continue;
        seen.add(el.id());
        const rps = Math.max(0, e.rps || 0);
        const share = rps > 0 ? Math.min(1, (e.error_rps || 0) / rps) : 0;
        const width = Math.min(13, 1.5 + 2.2 * Math.log10(1 + rps));
        const failing = share >= ERROR_VISIBLE;
        // Between databases flows the replication stream (writes copied), not requests.
        const stream = partners(el.source()).has(el.target());
        let label = rps > 0 ? (failing ? `${rate(rps)} · ✕ ${percent(share)}` : rate(rps)) : "";
        if (stream && rps > 0) label = fmt(gettext("copying %(n)s writes/s"), { n: compact(rps) });
        el.toggleClass("live-stream", stream && rps > 0); // (idle, dashed as any other)
        // The stream leaves the current primary: after a failover, maybe the edge's target.
        const backwards = (frame.nodes[el.target().id()] || {}).role === "primary";
        el.toggleClass("live-stream-back", stream && rps > 0 && backwards);
        el.toggleClass("live-rerouted", rps > 0 && !stream && servedBy(el.target()) !== null);
        el.data({
          liveWidth: width,
          liveArrow: Math.max(0.55, Math.min(1.4, 4.5 / width)),
          liveColor: edgeColor(share),
          liveInk: failing ? "#a3201a" : "#3d4752",
          liveLabel: label,
        });
        el.addClass("live");
        el.toggleClass("live-idle", rps < 1e-6);
      }
      cy.edges().forEach((el) => {
        if (!seen.has(el.id())) el.removeClass(LIVE_EDGE_CLASSES);
      });
    });
    this.placeBadges();
  }

  /** Hide edge labels that would cover a busier edge's label (edges leaving one node side
   * by side often carry the same figures), or that a badge covers (`badges`: their rendered
   * [left, right, top, bottom]): the busiest are kept, readable; zooming in shows the rest. */
  declutterEdgeLabels(badges) {
    const labelled = this.cy.edges(".live").filter((el) => el.data("liveLabel"));
    if (labelled.length > 300) return; // (too many to compare each frame: all are shown)
    const kept = [];
    const byRate = labelled.sort((a, b) => b.data("liveWidth") - a.data("liveWidth"));
    const opts = { includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false };
    this.cy.batch(() => {
      byRate.forEach((el) => {
        const b = el.boundingBox(opts);
        let covers = b.w > 0 && kept.some((o) => b.x1 < o.x2 && o.x1 < b.x2 && b.y1 < o.y2 && o.y1 < b.y2);
        if (!covers && b.w > 0 && badges.length) {
          const r = el.renderedBoundingBox(opts);
          covers = badges.some(([left, right, top, bottom]) => r.x1 < right && left < r.x2 && r.y1 < bottom && top < r.y2);
        }
        el.toggleClass("live-label-hidden", covers);
        if (!covers && b.w > 0) kept.push(b);
      });
    });
  }

  badge(id, { full, short, least }, down) {
    let badge = this.badges.get(id);
    if (!full) {
      if (badge) badge.hidden = true;
      return;
    }
    if (!badge) {
      badge = document.createElement("span");
      badge.className = "live-badge";
      badge.dataset.node = id;
      this.layer.append(badge);
      this.badges.set(id, badge);
    }
    badge.hidden = false;
    badge.dataset.full = full;
    badge.dataset.short = short;
    badge.dataset.least = least;
    badge.classList.toggle("is-down", down);
  }

  placeBadges() {
    if (!this.active) return;
    const zoom = this.cy.zoom();
    this.layer.hidden = zoom < 0.35;
    if (this.layer.hidden) {
      this.declutterEdgeLabels([]);
      return;
    }
    const room = this.layer.clientWidth;
    const placed = [];
    for (const [id, badge] of this.badges) {
      const n = this.cy.getElementById(id);
      if (n.empty()) {
        badge.remove();
        this.badges.delete(id);
        continue;
      }
      if (badge.hidden) continue;
      show(badge, badge.dataset.full);
      badge.title = "";
      const box = n.renderedBoundingBox({ includeLabels: false, includeOverlays: false, includeUnderlays: false });
      const below = n.data("labelDy") > 0; // placeLabels moved the label under the node
      // Astride the node's bottom edge; astride the top edge when the label sits below.
      placed.push({ badge, box, below, mid: (box.x1 + box.x2) / 2, y: below ? box.y1 : box.y2, flip: false });
    }
    // Other nodes' names, which a wide badge would cover (a crowded row puts some names
    // under their nodes, level with their neighbours' badges).
    const names = placed.length > 300 ? [] : placed.map(({ badge }) => {
      const b = this.cy.getElementById(badge.dataset.node).renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false });
      return { id: badge.dataset.node, b };
    });
    const coversName = (p) => names.some(({ id, b }) => id !== p.badge.dataset.node && b.w > 0 &&
      p.x - p.half < b.x2 && b.x1 < p.x + p.half && p.y - p.h < b.y2 && b.y1 < p.y + p.h);
    // Widths in one layout pass; badges that would touch a neighbour on their row (or another
    // node's name) take a shorter form (the full one stays in their tooltip and the
    // inspector), measured again.
    placed.sort((a, b) => a.y - b.y || a.mid - b.mid);
    for (const p of placed) p.level = 0;
    for (let round = 0; round < FORMS.length; round++) {
      placed.forEach((p) => {
        p.half = p.badge.offsetWidth / 2;
        p.h = p.badge.offsetHeight / 2 + 1;
        // Kept inside the canvas, so a node near its edge still shows the whole badge; where
        // it is drawn, not the node's middle, decides whom it touches (a wide badge pushed
        // in from the edge hid its neighbour's instead of both taking a shorter form).
        p.x = Math.min(Math.max(p.mid, p.half + 4), Math.max(p.half + 4, room - p.half - 4));
      });
      let crowded = false;
      for (const p of placed) {
        if (p.level < FORMS.length - 1 && round === p.level && coversName(p)) {
          p.level += 1;
          crowded = true;
        }
      }
      placed.forEach((a, i) => {
        for (let j = i + 1; j < placed.length && placed[j].y - a.y < 20; j++) {
          const b = placed[j];
          if (Math.abs(b.x - a.x) >= a.half + b.half + 4) continue;
          for (const p of [a, b]) {
            if (p.level < FORMS.length - 1 && round === p.level) {
              p.level += 1;
              crowded = true;
            }
          }
        }
      });
      if (!crowded) break;
      for (const { badge, level } of placed) {
        show(badge, badge.dataset[FORMS[level]]);
        badge.title = level ? badge.dataset.full : "";
      }
    }
    // Still touching in their shortest form: every other one of a crowded run moves to its
    // node's other edge (above instead of below), so none covers another.
    for (let i = 1; i < placed.length; i++) {
      const [a, b] = [placed[i - 1], placed[i]];
      const touching = Math.abs(b.y - a.y) < 20 && Math.abs(b.x - a.x) < a.half + b.half + 4;
      if (touching && !a.flip) b.flip = true;
    }
    const shown = []; // [left, right, top, bottom] of the badges drawn so far
    const drawn = []; // ... as drawn, with a margin
    for (const { badge, box, below, x: left, y, half, h, flip } of placed) {
      const above = flip ? !below : below;
      const top = flip ? (below ? box.y2 : box.y1) : y;
      badge.style.left = `${left}px`;
      badge.style.top = `${top}px`;
      badge.classList.toggle("is-above", above);
      // Past all that (a dense row zoomed out), one that would still cover another waits
      // for more room (zoom in; the inspector has every figure). Sizes were measured above:
      // no layout is forced between these writes.
      const r = [left - half, left + half, top - h, top + h];
      const covers = shown.some((o) => r[0] < o[1] && o[0] < r[1] && r[2] < o[3] && o[2] < r[3]);
      badge.style.visibility = covers ? "hidden" : "";
      if (!covers) shown.push(r);
      // Where it is drawn (the CSS shifts it 30 % up, or 70 % when above), for edge labels.
      const tall = 2 * (h - 1);
      const up = above ? 0.7 : 0.3;
      if (!covers) drawn.push([r[0] - 2, r[1] + 2, top - up * tall - 2, top + (1 - up) * tall + 2]);
    }
    this.declutterEdgeLabels(drawn);
  }

  stop() {
    if (!this.active) return;
    this.active = false;
    this.cy.off("viewport resize position", this.reposition);
    this.cy.batch(() => {
      this.cy.nodes().removeClass("live-util live-down");
      this.cy.edges().removeClass(LIVE_EDGE_CLASSES);
    });
    this.layer.remove();
    this.legend.remove();
    this.badges.clear();
    this.wrap.classList.remove("is-live");
  }
}
