// Each node's recent metrics, kept so the selected node's chart can show its past the
// moment it is selected. A sliding window of simulated time, thinned to at most one
// point per `gap` seconds so a 500-node session stays small.

export const WINDOW_S = 120;
/** Kind-specific numbers a node's chart can show, most telling first. */
const EXTRAS = {
  hit_ratio: (e) => (typeof e.hit_ratio === "number" ? e.hit_ratio * 100 : null),
  healthy_targets: (e) => (Array.isArray(e.healthy_targets) ? e.healthy_targets.length : null),
  replication_lag_ms: (e) => (typeof e.replication_lag_ms === "number" ? e.replication_lag_ms : null),
  queue: (e) => (typeof e.queue === "number" ? e.queue : null),
};
const EXTRA_KEYS = Object.keys(EXTRAS);
const FIELDS = ["t", "p50", "p95", "p99", "throughput", "errors", ...EXTRA_KEYS.map((k) => `x:${k}`)];

const positive = (v) => (typeof v === "number" && v > 0 ? v : null);

export class NodeHistory {
  constructor({ windowS = WINDOW_S, gap = 0.5 } = {}) {
    this.windowS = windowS;
    this.gap = gap;
    this.series = new Map();
  }

  push(frame) {
    const t = frame.t;
    for (const [id, entry] of Object.entries(frame.nodes || {})) {
      let s = this.series.get(id);
      if (!s) {
        s = Object.fromEntries(FIELDS.map((f) => [f, []]));
        s.extraKey = null;
        this.series.set(id, s);
      }
      const last = s.t.length ? s.t[s.t.length - 1] : -Infinity;
      if (t - last < this.gap) continue;
      const latency = entry.latency_ms || {};
      s.t.push(t);
      s.p50.push(positive(latency.p50));
      s.p95.push(positive(latency.p95));
      s.p99.push(positive(latency.p99));
      s.throughput.push(entry.throughput_rps ?? null);
      s.errors.push(entry.error_rps ?? null);
      for (const key of EXTRA_KEYS) {
        const value = EXTRAS[key](entry);
        s[`x:${key}`].push(value);
        // The node's charted extra is the most telling one it has ever had (a dead
        // cache reports no hit ratio for a while, but stays a cache).
        if (value !== null && (!s.extraKey || EXTRA_KEYS.indexOf(key) < EXTRA_KEYS.indexOf(s.extraKey))) {
          s.extraKey = key;
        }
      }
      this.trim(s, t);
    }
  }

  trim(s, now) {
    let drop = 0;
    while (drop < s.t.length && s.t[drop] < now - this.windowS) drop += 1;
    if (drop > 32 || (drop && drop === s.t.length)) {
      for (const f of FIELDS) s[f].splice(0, drop);
    }
  }

  /** The node's series since `after` (exclusive), within the window. */
  since(id, after = -Infinity) {
    const s = this.series.get(id);
    if (!s) return null;
    const now = s.t.length ? s.t[s.t.length - 1] : 0;
    let start = 0;
    while (start < s.t.length && (s.t[start] <= after || s.t[start] < now - this.windowS)) start += 1;
    const out = { extraKey: s.extraKey };
    for (const f of FIELDS) out[f] = s[f].slice(start);
    out.extra = s.extraKey ? out[`x:${s.extraKey}`] : [];
    return out;
  }

  clear() {
    this.series.clear();
  }
}
