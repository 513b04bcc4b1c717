// The topology document (CONTRACT.md §1) as the editor changes it: pure functions that
// mutate a plain object. The editor keeps one document in memory and saves it whole.

import { fmt, gettext } from "./i18n.js";
import { idPrefix } from "./kinds.js";

export const FORMAT = "architecture-playground";
export const VERSION = 1;
export const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
export const EDGE_PARAMS = {
  latency_ms: { type: "float", min: 0, max: 60000, unit: "ms", default: 0 },
  weight: { type: "float", min: 0, max: 1e9, unit: "", default: null },
};

export function emptyDocument(title) {
  return { format: FORMAT, version: VERSION, title, nodes: [], edges: [] };
}

export const clone = (value) => structuredClone(value);

/** A copy fit for editing: old versions upgraded, lists and params present. */
export function editable(doc) {
  const out = clone(doc);
  if (out.version === 0 && Array.isArray(out.links) && !out.edges) {
    out.edges = out.links;
    delete out.links;
    out.version = VERSION;
  }
  if (!Array.isArray(out.nodes)) out.nodes = [];
  if (!Array.isArray(out.edges)) out.edges = [];
  for (const node of out.nodes) {
    if (!node.params || typeof node.params !== "object") node.params = {};
  }
  for (const edge of out.edges) {
    if (!edge.params || typeof edge.params !== "object") edge.params = {};
  }
  return out;
}

export const edgeKey = (source, target) => `${source}→${target}`;

export function findNode(doc, id) {
  return doc.nodes.find((n) => n.id === id) || null;
}

export function findEdge(doc, source, target) {
  return doc.edges.find((e) => e.source === source && e.target === target) || null;
}

export function nextId(doc, kind) {
  const used = new Set(doc.nodes.map((n) => n.id));
  const prefix = idPrefix(kind);
  for (let i = 1; ; i += 1) {
    const id = `${prefix}-${i}`;
    if (!used.has(id)) return id;
  }
}

export function addNode(doc, kind, position) {
  const id = nextId(doc, kind);
  doc.nodes.push({
    id,
    kind,
    params: {},
    position: { x: Math.round(position.x), y: Math.round(position.y) },
  });
  return id;
}

export function addEdge(doc, source, target) {
  doc.edges.push({ source, target, params: {} });
}

function dropEventsFor(doc, id) {
  const events = doc.scenario && Array.isArray(doc.scenario.events) ? doc.scenario.events : null;
  if (events) doc.scenario.events = events.filter((ev) => !ev || ev.node !== id);
}

export function removeNode(doc, id) {
  doc.nodes = doc.nodes.filter((n) => n.id !== id);
  doc.edges = doc.edges.filter((e) => e.source !== id && e.target !== id);
  dropEventsFor(doc, id);
}

export function removeEdge(doc, source, target) {
  doc.edges = doc.edges.filter((e) => !(e.source === source && e.target === target));
}

/** Why `newId` cannot replace `oldId`, or null. */
export function idProblem(doc, oldId, newId) {
  if (!ID_RE.test(newId)) {
    return gettext("Use 1–64 Latin letters (a–z, A–Z), digits, “-” or “_” (no spaces).");
  }
  if (newId !== oldId && doc.nodes.some((n) => n.id === newId)) {
    return fmt(gettext("There is already a component called %(id)s."), { id: newId });
  }
  return null;
}

export function renameNode(doc, oldId, newId) {
  const node = findNode(doc, oldId);
  if (!node || oldId === newId) return;
  node.id = newId;
  for (const edge of doc.edges) {
    if (edge.source === oldId) edge.source = newId;
    if (edge.target === oldId) edge.target = newId;
  }
  const events = doc.scenario && Array.isArray(doc.scenario.events) ? doc.scenario.events : [];
  for (const ev of events) if (ev && ev.node === oldId) ev.node = newId;
}

/** Set a node param; `undefined` removes it (the catalog default applies). */
export function setParam(doc, id, name, value) {
  const node = findNode(doc, id);
  if (!node) return;
  if (value === undefined) delete node.params[name];
  else node.params[name] = value;
}

export function setEdgeParam(doc, source, target, name, value) {
  const edge = findEdge(doc, source, target);
  if (!edge) return;
  if (value === undefined) delete edge.params[name];
  else edge.params[name] = value;
}

/**
 * Sort the API's errors by what they are about, using the document that was sent
 * (paths name nodes and edges by index): {nodes: Map(id → {field: message}),
 * edges: Map(key → {field: message}), general: [message]}.
 */
export function placeErrors(errors, sentDoc) {
  const placed = { nodes: new Map(), edges: new Map(), general: [] };
  const put = (map, key, field, message) => {
    if (!map.has(key)) map.set(key, {});
    const fields = map.get(key);
    fields[field] = fields[field] ? `${fields[field]} ${message}` : message;
  };
  for (const error of errors || []) {
    const path = String(error.path || "");
    const message = String(error.message || "");
    let m = /^nodes\[(\d+)\](?:\.(id|kind|position|params)(?:\.([^.[]+))?)?/.exec(path);
    if (m && sentDoc.nodes[Number(m[1])]) {
      const id = sentDoc.nodes[Number(m[1])].id;
      const field = m[2] === "params" ? m[3] || "" : m[2] === "id" ? "id" : "";
      put(placed.nodes, id, field, message);
      continue;
    }
    m = /^edges\[(\d+)\](?:\.params\.([^.[]+))?/.exec(path);
    if (m && sentDoc.edges[Number(m[1])]) {
      const edge = sentDoc.edges[Number(m[1])];
      put(placed.edges, edgeKey(edge.source, edge.target), m[2] || "", message);
      continue;
    }
    placed.general.push(path && path !== "revision" ? `${path}: ${message}` : message);
  }
  return placed;
}
