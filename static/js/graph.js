// The canvas: a Cytoscape.js view of the document. It draws what the document says and
// reports what the user does (taps, drags); it never changes the document itself.
//
// Cytoscape and cytoscape-dagre are classic scripts from static/vendor/ (npm, see
// scripts/setup); they register `window.cytoscape` and the "dagre" layout.

import { fmt, gettext } from "./i18n.js";
import { edgeKey } from "./document.js";
import { iconDataUri, look } from "./kinds.js";

const cytoscape = window.cytoscape;
if (cytoscape && window.cytoscapeDagre && !cytoscape.__dagreRegistered) {
  try {
    cytoscape.use(window.cytoscapeDagre);
  } catch {
    /* already registered by the script itself */
  }
  cytoscape.__dagreRegistered = true;
}

const FONT =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Apple SD Gothic Neo", ' +
  '"Malgun Gothic", "NanumGothic", "Noto Sans KR", "Liberation Sans", sans-serif';
const NODE_SIZE = 60;
const LABEL_GAP = 8; // between a node and its label

const STYLE = [
  {
    selector: "node",
    style: {
      width: NODE_SIZE,
      height: NODE_SIZE,
      shape: "data(shape)",
      "background-color": "data(color)",
      "background-image": "data(icon)",
      "background-width": "56%",
      "background-height": "56%",
      "background-clip": "none",
      "border-width": 2,
      "border-color": "#1b1f24",
      "border-opacity": 0.7,
      label: "data(label)",
      // Labels to the right of the node: flows run top to bottom, so vertical edges
      // and their latency labels never run through a node's name.
      "text-valign": "center",
      "text-halign": "right",
      // Where placeLabels puts it: margins only (switching text-halign by class made
      // Cytoscape 3.35 draw some labels from stale texture caches, on other nodes).
      "text-margin-x": "data(labelDx)",
      "text-margin-y": "data(labelDy)",
      "text-wrap": "wrap",
      "text-max-width": 150,
      "font-family": FONT,
      "font-size": 17,
      "font-weight": 700,
      "line-height": 1.2,
      color: "#1b1f24",
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.92,
      "text-background-padding": 3,
      "text-background-shape": "round-rectangle",
      "min-zoomed-font-size": 7,
    },
  },
  {
    selector: "node.is-selected",
    style: {
      "border-width": 5,
      "border-color": "#1b1f24",
      "border-opacity": 1,
      "underlay-color": "#ffd33d",
      "underlay-padding": 9,
      "underlay-opacity": 0.9,
      "underlay-shape": "ellipse",
    },
  },
  {
    selector: "node.has-error",
    style: { "border-width": 5, "border-color": "#b3261e", "border-style": "dashed", "border-opacity": 1 },
  },
  {
    selector: "edge",
    style: {
      width: 3,
      "curve-style": "bezier",
      "line-color": "#5f6b7a",
      "target-arrow-color": "#5f6b7a",
      "target-arrow-shape": "triangle",
      "arrow-scale": 1.4,
      label: "data(label)",
      "font-family": FONT,
      "font-size": 13,
      "font-weight": 600,
      color: "#3d4752",
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.92,
      "text-background-padding": 2,
      "text-rotation": "none",
      "min-zoomed-font-size": 8,
    },
  },
  {
    selector: "edge.replication",
    style: { "line-style": "dashed", "line-dash-pattern": [8, 5] },
  },
  {
    selector: "edge.is-selected",
    style: {
      width: 6,
      "line-color": "#1b1f24",
      "target-arrow-color": "#1b1f24",
      "underlay-color": "#ffd33d",
      "underlay-padding": 6,
      "underlay-opacity": 0.9,
    },
  },
  {
    selector: "edge.has-error",
    style: { "line-color": "#b3261e", "target-arrow-color": "#b3261e", "line-style": "dashed" },
  },
  { selector: ".connect-source", style: { "border-width": 5, "border-style": "double", "border-opacity": 1 } },
  {
    selector: "node.can-target",
    style: {
      "underlay-color": "#009E73",
      "underlay-padding": 7,
      "underlay-opacity": 0.35,
      "underlay-shape": "ellipse",
    },
  },
  { selector: "node.cannot-target", style: { opacity: 0.35 } },
  // The target chosen with the arrow keys while connecting.
  {
    selector: "node.connect-candidate",
    style: { "underlay-color": "#0072B2", "underlay-padding": 10, "underlay-opacity": 0.55, "border-width": 4, "border-color": "#0072B2" },
  },
  { selector: "edge.dimmed", style: { opacity: 0.3 } },
];

/** Does the segment a–b cross the box r (Liang–Barsky clipping)? */
function segmentHitsBox(a, b, r) {
  let t0 = 0;
  let t1 = 1;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const edges = [
    [-dx, a.x - r.x1],
    [dx, r.x2 - a.x],
    [-dy, a.y - r.y1],
    [dy, r.y2 - a.y],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 > t1) return false;
    }
  }
  return true;
}

export class Graph {
  constructor(container, { catalog, editable, handlers, overlays = () => [] }) {
    this.container = container;
    this.overlays = overlays; // → the elements drawn over the canvas (see coveredBands)
    this.catalog = catalog;
    this.handlers = handlers;
    this.cy = cytoscape({
      container,
      style: STYLE,
      elements: [],
      minZoom: 0.001, // Fit must reach a topology of 2,000 components too (labels fade out first)
      maxZoom: 3,
      boxSelectionEnabled: false,
      autounselectify: true,
      autoungrabify: !editable,
    });
    this.bind();
    // Cytoscape caches where its container is; keep it right when panels around the
    // canvas change size (window, banner, notices, the future run bar).
    if (window.ResizeObserver) {
      this.observer = new ResizeObserver(() => this.cy.resize());
      this.observer.observe(container);
    }
  }

  setEditable(editable) {
    this.cy.autoungrabify(!editable);
  }

  bind() {
    const { cy, handlers } = this;
    cy.on("tap", "node", (ev) => handlers.tapNode(ev.target.id(), ev));
    cy.on("tap", "edge", (ev) => handlers.tapEdge(ev.target.data("source"), ev.target.data("target")));
    cy.on("tap", (ev) => {
      if (ev.target === cy) handlers.tapBackground(ev);
    });
    cy.on("dragfree", "node", (ev) => {
      const p = ev.target.position();
      handlers.moved(ev.target.id(), { x: Math.round(p.x), y: Math.round(p.y) });
    });
    cy.on("viewport resize", () => handlers.viewport());
    cy.on("position", "node", () => handlers.viewport());
  }

  nodeData(node) {
    const entry = this.catalog.get(node.kind);
    const category = entry ? entry.category : "";
    const l = look(node.kind, category);
    // The id only: kind shows as icon, shape and colour (and in the legend), which
    // keeps labels short enough not to collide at the lessons' spacing.
    const label = entry ? node.id : `${node.id}\n(${fmt(gettext("unknown kind %(kind)s"), { kind: JSON.stringify(node.kind) })})`;
    return {
      id: node.id,
      kind: node.kind,
      label,
      color: l.color,
      shape: l.shape,
      icon: iconDataUri(node.kind, category),
    };
  }

  edgeData(edge, kinds) {
    const parts = [];
    const p = edge.params || {};
    const replication = kinds.get(edge.source) === "database" && kinds.get(edge.target) === "database";
    if (replication) parts.push(gettext("replication"));
    if (typeof p.latency_ms === "number" && p.latency_ms > 0) parts.push(`${p.latency_ms} ms`);
    if (typeof p.weight === "number") parts.push(fmt(gettext("weight %(w)s"), { w: p.weight }));
    return {
      data: { id: edgeKey(edge.source, edge.target), source: edge.source, target: edge.target, label: parts.join(" · ") },
      replication,
    };
  }

  /** Make the canvas show `doc` (adds, updates and removes only what changed). */
  sync(doc, { errors } = {}) {
    const { cy } = this;
    const kinds = new Map(doc.nodes.map((n) => [n.id, n.kind]));
    cy.batch(() => {
      const wantedNodes = new Set(doc.nodes.map((n) => n.id));
      const wantedEdges = new Set(doc.edges.map((e) => edgeKey(e.source, e.target)));
      cy.edges().forEach((el) => {
        if (!wantedEdges.has(el.id())) el.remove();
      });
      cy.nodes().forEach((el) => {
        if (!wantedNodes.has(el.id())) el.remove();
      });
      doc.nodes.forEach((node, index) => {
        const data = this.nodeData(node);
        const position = node.position || { x: (index % 4) * 170, y: Math.floor(index / 4) * 140 };
        const el = cy.getElementById(node.id);
        if (el.nonempty()) {
          el.data(data);
          const p = el.position();
          if (p.x !== position.x || p.y !== position.y) el.position({ ...position });
        } else {
          cy.add({ group: "nodes", data: { ...data, labelDx: LABEL_GAP, labelDy: 0 }, position: { ...position } });
        }
        cy.getElementById(node.id).toggleClass("has-error", Boolean(errors && errors.nodes.has(node.id)));
      });
      for (const edge of doc.edges) {
        if (!kinds.has(edge.source) || !kinds.has(edge.target)) continue;
        const { data, replication } = this.edgeData(edge, kinds);
        let el = cy.getElementById(data.id);
        if (el.nonempty()) el.data(data);
        else el = cy.add({ group: "edges", data });
        el.toggleClass("replication", replication);
        el.toggleClass("has-error", Boolean(errors && errors.edges.has(data.id)));
      }
    });
    this.placeLabels();
  }

  /**
   * Put each node's label where it does not cover another node or label: to the right
   * when there is room, else to the left, else below. Greedy, left to right.
   */
  placeLabels() {
    const { cy } = this;
    const nodes = cy.nodes();
    if (nodes.length > 400) return; // big graphs: keep the default side, skip the O(n²) check
    if (!this.measure) this.measure = document.createElement("canvas").getContext("2d");
    this.measure.font = `700 17px ${FONT}`;
    const half = NODE_SIZE / 2;
    const gap = 12;
    const boxes = nodes.map((n) => {
      const p = n.position();
      return { id: n.id(), x1: p.x - half - gap, x2: p.x + half + gap, y1: p.y - half - 4, y2: p.y + half + 4 };
    });
    const labels = [];
    const segments =
      cy.edges().length <= 2000
        ? cy.edges().map((e) => [e.source().position(), e.target().position()])
        : [];
    const hits = (r, self) =>
      boxes.some((b) => b.id !== self && r.x1 < b.x2 && r.x2 > b.x1 && r.y1 < b.y2 && r.y2 > b.y1) ||
      labels.some((b) => r.x1 < b.x2 + 4 && r.x2 > b.x1 - 4 && r.y1 < b.y2 && r.y2 > b.y1) ||
      segments.some(([a, b]) => segmentHitsBox(a, b, r));
    const sorted = nodes.sort((a, b) => a.position().x - b.position().x || a.position().y - b.position().y);
    cy.batch(() => {
      sorted.forEach((n) => {
        const p = n.position();
        const lines = String(n.data("label")).split("\n");
        const w = Math.max(...lines.map((line) => this.measure.measureText(line).width)) + 6;
        const h = 22 * lines.length;
        const options = {
          right: { x1: p.x + half + 8, x2: p.x + half + 8 + w, y1: p.y - h / 2, y2: p.y + h / 2 },
          left: { x1: p.x - half - 8 - w, x2: p.x - half - 8, y1: p.y - h / 2, y2: p.y + h / 2 },
          below: { x1: p.x - w / 2, x2: p.x + w / 2, y1: p.y + half + 6, y2: p.y + half + 6 + h },
        };
        const side = ["right", "left", "below"].find((k) => !hits(options[k], n.id())) || "right";
        labels.push(options[side]);
        // Margins from the right-of-node spot (text-halign right): left edge at x + half.
        const dx = { right: LABEL_GAP, left: -(2 * half + LABEL_GAP + w), below: -(half + w / 2) }[side];
        const dy = side === "below" ? half + 6 + h / 2 : 0;
        if (n.data("labelDx") !== dx || n.data("labelDy") !== dy) n.data({ labelDx: dx, labelDy: dy });
      });
    });
  }

  select(selection) {
    const { cy } = this;
    cy.elements(".is-selected").removeClass("is-selected");
    if (!selection) return;
    const id = selection.type === "node" ? selection.id : edgeKey(selection.source, selection.target);
    cy.getElementById(id).addClass("is-selected");
  }

  /** Show connect mode from `sourceId`: allowed(targetId) decides each node's look. */
  showConnecting(sourceId, allowed) {
    const { cy } = this;
    cy.batch(() => {
      cy.nodes().forEach((n) => {
        const id = n.id();
        n.toggleClass("connect-source", id === sourceId);
        const ok = id !== sourceId && allowed(id);
        n.toggleClass("can-target", sourceId !== null && ok);
        n.toggleClass("cannot-target", sourceId !== null && id !== sourceId && !ok);
      });
      cy.edges().toggleClass("dimmed", sourceId !== null);
    });
  }

  hideConnecting() {
    this.cy.elements().removeClass("connect-source can-target cannot-target connect-candidate dimmed");
  }

  /** Mark the target chosen with the keyboard while connecting. */
  markCandidate(id) {
    this.cy.batch(() => {
      this.cy.nodes(".connect-candidate").removeClass("connect-candidate");
      this.cy.getElementById(id).addClass("connect-candidate");
    });
  }

  /** The node's box in pixels relative to the canvas, or null. */
  renderedBox(id) {
    const el = this.cy.getElementById(id);
    if (el.empty()) return null;
    return el.renderedBoundingBox({ includeLabels: false, includeOverlays: false, includeUnderlays: false });
  }

  /** Model coordinates of a point given in client (page viewport) pixels. */
  modelPosition(clientX, clientY) {
    const rect = this.container.getBoundingClientRect();
    const pan = this.cy.pan();
    const zoom = this.cy.zoom();
    return { x: (clientX - rect.left - pan.x) / zoom, y: (clientY - rect.top - pan.y) / zoom };
  }

  /** The middle of what is on screen, in model coordinates. */
  viewCenter() {
    const rect = this.container.getBoundingClientRect();
    return this.modelPosition(rect.left + rect.width / 2, rect.top + rect.height / 2);
  }

  /**
   * A spot near `near` that no node (or its label) occupies, trying the same row first
   * (right, then left), then the rows below and above.
   */
  freeSpot(near, { dx = 180, dy = 140 } = {}) {
    const taken = this.cy.nodes().map((n) => n.position());
    const free = (p) => taken.every((q) => Math.abs(q.x - p.x) >= dx * 0.9 || Math.abs(q.y - p.y) >= dy * 0.8);
    const candidates = [];
    for (let row = -4; row <= 6; row += 1) {
      for (let col = -6; col <= 6; col += 1) candidates.push([col, row]);
    }
    const cost = ([col, row]) => Math.abs(row) * 10 + (row < 0 ? 5 : 0) + Math.abs(col) + (col < 0 ? 0.5 : 0);
    candidates.sort((a, b) => cost(a) - cost(b));
    for (const [col, row] of candidates) {
      const p = { x: near.x + col * dx, y: near.y + row * dy };
      if (free(p)) return p;
    }
    return { x: near.x, y: near.y };
  }

  /** Is the node (with its label) inside the visible canvas, clear of what is drawn over it
   * (a component added from the palette landed under the legend, and stayed there)? */
  isVisible(id) {
    const el = this.cy.getElementById(id);
    if (el.empty()) return false;
    const bb = el.renderedBoundingBox({ includeLabels: true });
    const { top, bottom } = this.coveredBands([bb.x1, bb.x2]);
    return bb.x1 >= 0 && bb.y1 >= top && bb.x2 <= this.container.clientWidth && bb.y2 <= this.container.clientHeight - bottom;
  }

  ensureVisible(id) {
    if (!this.isVisible(id)) this.fit();
  }

  /** Layered layout (dagre, top to bottom); returns the new positions by id. */
  layout() {
    const { cy } = this;
    if (cy.nodes().empty()) return {};
    cy.layout({
      name: "dagre",
      rankDir: "TB",
      nodeSep: 70,
      rankSep: 80,
      edgeSep: 20,
      nodeDimensionsIncludeLabels: true,
      // Siblings left to right in the order of their names (web-1, web-2, web-3): the
      // dagre that cytoscape-dagre bundles lays a rank out in the reverse of the order it
      // is given (the browser test pins it).
      sort: (a, b) => b.id().localeCompare(a.id(), undefined, { numeric: true }),
      fit: false,
      animate: false,
    }).run();
    this.placeUnconnected();
    const positions = {};
    cy.nodes().forEach((n) => {
      const p = n.position();
      positions[n.id()] = { x: Math.round(p.x), y: Math.round(p.y) };
    });
    this.placeLabels();
    this.fit();
    return positions;
  }

  /** Components connected to nothing have no rank (dagre laid them all in one row): they
   * go in rows by their kind's place in the catalog (clients first, databases last), to the
   * right of what is connected. */
  placeUnconnected(dx = 160, dy = 140) {
    const alone = this.cy.nodes().filter((n) => n.degree(false) === 0);
    if (alone.empty()) return;
    const rest = this.cy.nodes().difference(alone);
    const box = rest.nonempty() ? rest.boundingBox() : null;
    const tiers = this.catalog.kinds.map((k) => k.kind);
    const tier = (n) => {
      const at = tiers.indexOf(n.data("kind"));
      return at < 0 ? tiers.length : at; // (an unknown kind last)
    };
    const rows = [...new Set(alone.map(tier))].sort((a, b) => a - b);
    const next = new Map();
    alone
      .sort((a, b) => a.id().localeCompare(b.id(), undefined, { numeric: true }))
      .forEach((n) => {
        const row = rows.indexOf(tier(n));
        const column = next.get(row) || 0;
        next.set(row, column + 1);
        n.position({ x: (box ? box.x2 + dx : 0) + column * dx, y: (box ? box.y1 : 0) + row * dy });
      });
  }

  /**
   * The bands at the canvas's top and bottom that things drawn over it cover (`overlays`,
   * set by the page: tools, legends), in pixels; each counts where its middle is. With
   * `span` ([left, right] in canvas pixels), only those over that part of its width.
   */
  coveredBands(span = null) {
    const canvas = this.container.getBoundingClientRect();
    const bands = { top: 0, bottom: 0 };
    for (const element of this.overlays()) {
      if (!element || !element.offsetParent) continue; // not shown
      const r = element.getBoundingClientRect();
      if (r.bottom <= canvas.top || r.top >= canvas.bottom || r.right <= canvas.left || r.left >= canvas.right) continue;
      if (span && (r.right - canvas.left <= span[0] || r.left - canvas.left >= span[1])) continue;
      if ((r.top + r.bottom) / 2 < (canvas.top + canvas.bottom) / 2) bands.top = Math.max(bands.top, r.bottom - canvas.top);
      else bands.bottom = Math.max(bands.bottom, canvas.bottom - r.top);
    }
    return bands;
  }

  /** Fit the graph in the canvas (zoomed in no further than 1.3), clear of what covers it. */
  fit(padding = 56) {
    const { cy } = this;
    if (cy.elements().empty()) {
      cy.zoom(1);
      cy.center();
      return;
    }
    const box = cy.elements().boundingBox();
    const width = this.container.clientWidth;
    const zoomFor = ({ top, bottom }) => {
      const height = Math.max(this.container.clientHeight - top - bottom, 2 * padding + 1);
      const fits = Math.min((width - 2 * padding) / box.w, (height - 2 * padding) / box.h, 1.3);
      return { zoom: Math.min(cy.maxZoom(), Math.max(cy.minZoom(), fits)), height, top };
    };
    // Only what is drawn over the graph's own columns takes room from it: a legend in a
    // corner beside a tall, narrow graph cost a narrow canvas a quarter of its height. (The
    // graph centred at the largest zoom is at its widest: what clears it then clears it.)
    const widest = zoomFor({ top: 0, bottom: 0 }).zoom;
    const half = (widest * box.w) / 2 + padding;
    const { zoom, height, top } = zoomFor(this.coveredBands([width / 2 - half, width / 2 + half]));
    cy.viewport({
      zoom,
      pan: { x: (width - zoom * (box.x1 + box.x2)) / 2, y: top + (height - zoom * (box.y1 + box.y2)) / 2 },
    });
  }

  zoomBy(factor) {
    const { cy } = this;
    const level = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), cy.zoom() * factor));
    cy.zoom({ level, renderedPosition: { x: this.container.clientWidth / 2, y: this.container.clientHeight / 2 } });
  }

  /** The whole graph as a PNG blob, on white with a margin (cut at its bounding box, the
   * top component touched the picture's edge). */
  async png(margin = 48) {
    const url = this.cy.png({ full: true, scale: 2, bg: "#ffffff" });
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = image.width + 2 * margin;
    canvas.height = image.height + 2 * margin;
    const context = canvas.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, margin, margin);
    return new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
  }

  resize() {
    this.cy.resize();
  }
}
