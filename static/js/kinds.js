// What each kind looks like (colour, icon, node shape, id prefix) and what the catalog
// says about it (params, defaults, what it may connect to).
//
// Colours are the Okabe–Ito palette, safe for the common colour-vision deficiencies;
// each kind also has its own icon and node shape, so colour is never the only cue.
// Kinds added later to the simulator's catalog fall back to their category's look.

import { fmt, gettext, gettext_noop, tr } from "./i18n.js";

const ICONS = {
  users:
    '<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20c0-3.6 2.9-6.5 6.5-6.5s6.5 2.9 6.5 6.5"/>' +
    '<circle cx="17" cy="9" r="2.8"/><path d="M16.2 13.6c3-.3 5.3 2.3 5.3 5.4"/>',
  globe:
    '<circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3c2.5 2.6 3.8 5.6 3.8 9s-1.3 6.4-3.8 9' +
    'c-2.5-2.6-3.8-5.6-3.8-9S9.5 5.6 12 3z"/>',
  split:
    '<circle cx="12" cy="4.5" r="2.2"/><path d="M12 6.7v4.8M12 11.5 5 17.3M12 11.5v5.8M12 11.5l7 5.8"/>' +
    '<circle cx="5" cy="19.5" r="2"/><circle cx="12" cy="19.5" r="2"/><circle cx="19" cy="19.5" r="2"/>',
  server:
    '<rect x="3.5" y="4" width="17" height="7" rx="1.5"/><rect x="3.5" y="13" width="17" height="7" rx="1.5"/>' +
    '<path d="M7 7.5h.5M7 16.5h.5M11 7.5h6M11 16.5h6"/>',
  bolt: '<path d="M13.5 2.5 4.5 13.5h6.5l-1 8 9-11h-6.5z"/>',
  cylinder:
    '<ellipse cx="12" cy="5.5" rx="7.5" ry="3"/><path d="M4.5 5.5v13c0 1.7 3.4 3 7.5 3s7.5-1.3 7.5-3v-13' +
    'M4.5 12c0 1.7 3.4 3 7.5 3s7.5-1.3 7.5-3"/>',
  box: '<rect x="4" y="4" width="16" height="16" rx="3"/><path d="M4 10h16"/>',
};

const KIND_LOOK = {
  client: { color: "#0072B2", ink: "#ffffff", shape: "ellipse", icon: "users", prefix: "client" },
  dns: { color: "#CC79A7", ink: "#1b1f24", shape: "round-diamond", icon: "globe", prefix: "dns" },
  load_balancer: {
    color: "#E69F00",
    ink: "#1b1f24",
    shape: "round-hexagon",
    icon: "split",
    prefix: "lb",
  },
  web_server: {
    color: "#009E73",
    ink: "#ffffff",
    shape: "round-rectangle",
    icon: "server",
    prefix: "web",
  },
  cache: { color: "#D55E00", ink: "#ffffff", shape: "round-octagon", icon: "bolt", prefix: "cache" },
  database: { color: "#56B4E9", ink: "#1b1f24", shape: "barrel", icon: "cylinder", prefix: "db" },
};

const CATEGORY_LOOK = {
  traffic: { color: "#0072B2", ink: "#ffffff", shape: "ellipse", icon: "users" },
  network: { color: "#E69F00", ink: "#1b1f24", shape: "round-hexagon", icon: "split" },
  compute: { color: "#009E73", ink: "#ffffff", shape: "round-rectangle", icon: "server" },
  data: { color: "#56B4E9", ink: "#1b1f24", shape: "barrel", icon: "cylinder" },
};

const FALLBACK_LOOK = { color: "#BBBBBB", ink: "#1b1f24", shape: "round-rectangle", icon: "box" };

export const CATEGORY_LABELS = {
  traffic: gettext_noop("Traffic"),
  network: gettext_noop("Network"),
  compute: gettext_noop("Compute"),
  data: gettext_noop("Data"),
};

/** Friendly names of params (the catalog only has their keys). */
export const PARAM_LABELS = {
  rps: gettext_noop("Request rate"),
  read_ratio: gettext_noop("Share of reads"),
  key_space: gettext_noop("Distinct keys"),
  zipf_s: gettext_noop("Key skew (Zipf s)"),
  profile: gettext_noop("Traffic shape"),
  servers: gettext_noop("Parallel workers"),
  service_time_ms: gettext_noop("Service time"),
  max_queue: gettext_noop("Queue limit"),
  timeout_ms: gettext_noop("Timeout"),
  service_cv: gettext_noop("Service time variability"),
  capacity_keys: gettext_noop("Capacity"),
  ttl_s: gettext_noop("TTL"),
  role: gettext_noop("Role"),
  replication_lag_ms: gettext_noop("Replication lag"),
  failover_timeout_ms: gettext_noop("Failover detection time"),
  promotion_ms: gettext_noop("Promotion time"),
  policy: gettext_noop("Balancing policy"),
  check_interval_ms: gettext_noop("Health-check interval"),
  unhealthy_threshold: gettext_noop("Unhealthy after"),
  healthy_threshold: gettext_noop("Healthy again after"),
  latency_ms: gettext_noop("Latency (one way)"),
  weight: gettext_noop("Weight"),
};

export const CHOICE_LABELS = {
  round_robin: gettext_noop("Round robin"),
  least_connections: gettext_noop("Least connections"),
  weighted: gettext_noop("Weighted"),
  primary: gettext_noop("Primary"),
  replica: gettext_noop("Replica"),
};

export const UNIT_LABELS = {
  "req/s": gettext_noop("req/s"), // (the run bar's word for it too)
  processes: gettext_noop("processes"),
  requests: gettext_noop("requests"),
  checks: gettext_noop("checks"),
  keys: gettext_noop("keys"),
  s: gettext_noop("s"),
};
// After an amount of exactly 1 ("at least 1 process").
const UNIT_ONE = {
  processes: gettext_noop("process"),
  requests: gettext_noop("request"),
  checks: gettext_noop("check"),
  keys: gettext_noop("key"),
};

/**
 * Names of the client traffic shapes and of their fields (labels only: which shapes there
 * are, their fields' defaults, units and bounds come from the catalog's "profile" param).
 */
export const PROFILE_SHAPES = {
  constant: { label: gettext_noop("Constant"), fields: {} },
  ramp: {
    label: gettext_noop("Ramp"),
    fields: { to_rps: gettext_noop("Ramp to"), start_s: gettext_noop("Starts at"), duration_s: gettext_noop("Lasts") },
  },
  step: { label: gettext_noop("Step"), fields: { to_rps: gettext_noop("Step to"), at_s: gettext_noop("At") } },
  spike: {
    label: gettext_noop("Spike"),
    fields: { peak_rps: gettext_noop("Peak rate"), at_s: gettext_noop("At"), duration_s: gettext_noop("Lasts") },
  },
  diurnal: {
    label: gettext_noop("Daily cycle"),
    fields: { amplitude: gettext_noop("Amplitude"), period_s: gettext_noop("Period") },
  },
};

/** A shape's name for people: its label, or the catalog's name for a shape added later. */
export function shapeLabel(shape) {
  return PROFILE_SHAPES[shape] ? tr(PROFILE_SHAPES[shape].label) : shape;
}

/** A shape field's name for people. */
export function shapeFieldLabel(shape, field) {
  const label = PROFILE_SHAPES[shape] && PROFILE_SHAPES[shape].fields[field];
  return label ? tr(label) : field;
}

/** A shape field's default for a client of base rate ``rps`` (catalog field spec). */
export function shapeFieldDefault(spec, rps) {
  return spec.times_rps == null ? spec.default : Math.round(rps * spec.times_rps);
}

export function look(kind, category) {
  return KIND_LOOK[kind] || CATEGORY_LOOK[category] || FALLBACK_LOOK;
}

export function iconSvg(kind, category, { size = 24, ink } = {}) {
  const l = look(kind, category);
  const body = ICONS[l.icon] || ICONS.box;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="${size}" height="${size}" ` +
    `fill="none" stroke="${ink || l.ink}" stroke-width="2" stroke-linecap="round" ` +
    `stroke-linejoin="round" aria-hidden="true">${body}</svg>`
  );
}

export function iconDataUri(kind, category) {
  return `data:image/svg+xml;utf8,${encodeURIComponent(iconSvg(kind, category, { size: 48 }))}`;
}

/** id prefix for new nodes of a kind: web-1, web-2, lb-1 … */
export function idPrefix(kind) {
  const l = KIND_LOOK[kind];
  return l ? l.prefix : String(kind).replace(/_/g, "-").slice(0, 40) || "node";
}

export function paramLabel(name) {
  return PARAM_LABELS[name] ? tr(PARAM_LABELS[name]) : name.replace(/_/g, " ");
}

/** The catalog unit (its plural, as `unitLabel` takes it) that English `word` names, e.g.
 * "process" → "processes"; null for none. */
export function unitNamed(word) {
  return Object.keys(UNIT_LABELS).find((unit) => unit === word || UNIT_ONE[unit] === word) || null;
}

export function unitLabel(unit, amount) {
  if (amount === 1 && UNIT_ONE[unit]) return tr(UNIT_ONE[unit]);
  return UNIT_LABELS[unit] ? tr(UNIT_LABELS[unit]) : unit || "";
}

export function choiceLabel(value) {
  return CHOICE_LABELS[value] ? tr(CHOICE_LABELS[value]) : String(value).replace(/_/g, " ");
}

let loaded = null;

/** Remember the page's catalog, so text outside the editor (server problems) can name kinds
 * as the palette does. */
export function useCatalog(catalog) {
  loaded = catalog;
  return catalog;
}

/** A kind's palette name in the page's language ("web_server" → "Web server"); the kind as
 * written when no catalog is loaded or it does not know the kind. */
export function kindLabel(kind) {
  return loaded ? loaded.label(kind) : kind;
}

/** The catalog as a lookup: kind name -> its entry. */
export class Catalog {
  constructor(json) {
    this.kinds = Array.isArray(json && json.kinds) ? json.kinds : [];
    this.byKind = new Map(this.kinds.map((k) => [k.kind, k]));
  }

  get(kind) {
    return this.byKind.get(kind) || null;
  }

  label(kind) {
    const entry = this.get(kind);
    return entry ? tr(entry.label) : kind;
  }

  category(kind) {
    const entry = this.get(kind);
    return entry ? entry.category : "";
  }

  /** The traffic shapes of a profile param (the client's) and their fields' specs. */
  shapes() {
    for (const k of this.kinds) {
      for (const spec of Object.values(k.params || {})) if (spec.type === "profile" && spec.shapes) return spec.shapes;
    }
    return { constant: {} };
  }
}

/**
 * Why `source` may not connect to `target` in `doc`, or null when it may.
 * The same rules the server's validator applies (simulator/document.py), checked
 * here first so the reason appears at once.
 */
export function connectionProblem(doc, catalog, sourceId, targetId) {
  const nodes = new Map(doc.nodes.map((n) => [n.id, n]));
  const source = nodes.get(sourceId);
  const target = nodes.get(targetId);
  if (!source || !target) return gettext("Both ends must be components of this topology.");
  if (sourceId === targetId) return gettext("A component cannot connect to itself.");
  if (doc.edges.some((e) => e.source === sourceId && e.target === targetId)) {
    return fmt(gettext("%(source)s is already connected to %(target)s."), {
      source: sourceId,
      target: targetId,
    });
  }
  const entry = catalog.get(source.kind);
  const allowed = entry ? entry.connects_to || [] : [];
  if (!allowed.includes(target.kind)) {
    // Kinds by their palette names (in the page's language), not their JSON names.
    return fmt(gettext("%(source)s cannot connect to %(target)s; it connects to %(allowed)s."), {
      source: catalog.label(source.kind),
      target: catalog.label(target.kind),
      allowed: allowed.length ? allowed.map((k) => catalog.label(k)).join(", ") : gettext("nothing"),
    });
  }
  if (source.kind === "database" && target.kind === "database") {
    const role = (n) => (n.params && n.params.role) || "primary";
    if (role(source) !== "primary" || role(target) !== "replica") {
      return fmt(
        gettext(
          "Replication runs from a primary to a replica: set %(target)s's role to replica first.",
        ),
        { target: targetId },
      );
    }
    const upstream = doc.edges.find((e) => e.target === targetId && nodes.get(e.source)?.kind === "database");
    if (upstream) {
      return fmt(gettext("%(target)s already replicates from %(primary)s."), {
        target: targetId,
        primary: upstream.source,
      });
    }
    return null;
  }
  // Requests must not loop: is there already a request path target → … → source?
  const isReplication = (e) =>
    nodes.get(e.source)?.kind === "database" && nodes.get(e.target)?.kind === "database";
  const next = new Map();
  for (const e of doc.edges) {
    if (isReplication(e)) continue;
    if (!next.has(e.source)) next.set(e.source, []);
    next.get(e.source).push(e.target);
  }
  const previous = new Map([[targetId, null]]);
  const queue = [targetId];
  while (queue.length) {
    const id = queue.shift();
    if (id === sourceId) {
      const path = [];
      // path: target … source; with the new edge source → target it is a loop.
      for (let at = id; at !== null; at = previous.get(at)) path.unshift(at);
      return fmt(gettext("Requests would loop forever: %(loop)s"), {
        loop: [sourceId, ...path].join(" → "),
      });
    }
    for (const t of next.get(id) || []) {
      if (!previous.has(t)) {
        previous.set(t, id);
        queue.push(t);
      }
    }
  }
  return null;
}

/**
 * The calls of web server `nodeId` that reach a database twice: {cache, database} for every
 * database it calls directly that one of its caches also passes misses to. Every request
 * calls each tier it connects to (CONTRACT's routing rules), so such a database gets the
 * direct calls *and* the cache's misses, which the inspector explains.
 */
export function doubleCalls(doc, nodeId) {
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (!node || node.kind !== "web_server") return [];
  const kinds = new Map(doc.nodes.map((n) => [n.id, n.kind]));
  const targets = doc.edges.filter((e) => e.source === nodeId).map((e) => e.target);
  const out = [];
  for (const cache of targets.filter((t) => kinds.get(t) === "cache")) {
    for (const e of doc.edges) {
      if (e.source === cache && targets.includes(e.target)) out.push({ cache, database: e.target });
    }
  }
  return out;
}
