// The inspector's live part while a run is on: for the selected node its state, a
// kill/restore button, its current numbers (with the kind's own: hit ratio, queue,
// healthy targets, replica lag, lost writes) and its chart; with nothing selected, the
// end-to-end numbers. The inspector asks for these blocks when it renders (a hook in
// inspector.js); frames only refresh their text.

import { fmt, gettext } from "../i18n.js";
import { el, setText } from "./dom.js";
import { compact, ms, msAlike, percent, rate } from "./format.js";

/** "11.6 / 41.3 / 60.1 ms" (each with its unit past a second), or "–" when nothing was served. */
function percentiles(l) {
  if (!l || !(l.p50 > 0 || l.p99 > 0)) return "–";
  const values = [l.p50, l.p95, l.p99];
  // One unit for the three when they share it: "2.51 / 2.64 / 2.7 s" fits on its line.
  if (values.every((v) => v < 1000)) return `${msAlike(values).join(" / ")} ms`;
  if (values.every((v) => v >= 1000)) return `${values.map((v) => ms(v).replace(/ s$/, "")).join(" / ")} s`;
  return values.map(ms).join(" / ");
}

/** A database's role now, saying when a failover changed it from the one it was given. */
function roleText(now, given, down) {
  if (now === given) return now === "primary" ? gettext("primary") : gettext("replica");
  if (now === "primary") return gettext("primary (promoted)");
  return down ? gettext("was primary; rejoins as a replica") : gettext("replica (was primary)");
}

function stat(label, key) {
  const value = el("dd", { "data-stat": key });
  return { row: [el("dt", { text: label }), value], value };
}

export class NodePanel {
  /** actions: toggle(id), isOwner(), owns(), stateOf(id) → "up"|"down"|null; charts: Charts */
  constructor({ charts, actions }) {
    this.charts = charts;
    this.actions = actions;
    this.current = null; // {id, element, stats, button, pill}
    this.summary = null;
  }

  /** The live block for node `node` (a document node), or null when not live. */
  block(node, frame) {
    const id = node.id;
    const stats = {};
    const rows = [];
    const add = (key, label) => {
      const s = stat(label, key);
      stats[key] = s.value;
      rows.push(...s.row);
    };
    // Clients serve nothing themselves: what they offer, and what becomes of requests end
    // to end (every client's: frames carry one end-to-end figure).
    const client = node.kind === "client";
    if (client) {
      add("throughput", gettext("Offered"));
      add("e2e_throughput", gettext("Completed end to end"));
      add("e2e_errors", gettext("Failed end to end"));
      add("e2e_latency", gettext("p50 / p95 / p99 end to end"));
    } else {
      add("utilization", gettext("Busy"));
      add("throughput", gettext("Throughput"));
      add("errors", gettext("Errors"));
      add("latency", gettext("p50 / p95 / p99"));
    }
    const entry = frame && frame.nodes ? frame.nodes[id] : null;
    if (!client && (!entry || typeof entry.queue === "number")) add("queue", gettext("Queue"));
    if (entry && typeof entry.hit_ratio === "number") add("hit_ratio", gettext("Hit ratio"));
    if (entry && Array.isArray(entry.healthy_targets)) add("healthy_targets", gettext("Healthy targets"));
    if (entry && entry.role) add("role", gettext("Role"));
    if (entry && typeof entry.reads_rps === "number") add("reads_rps", gettext("Reads served"));
    if (entry && typeof entry.writes_rps === "number") add("writes_rps", gettext("Writes served"));
    if (entry && typeof entry.replication_lag_ms === "number") add("replication_lag_ms", gettext("Replication lag"));
    if (entry && typeof entry.stale_reads === "number") add("stale_reads", gettext("Stale reads"));
    if (entry && typeof entry.lost_writes === "number") add("lost_writes", gettext("Lost writes"));

    const pill = el("span", { class: "node-state", id: "live-node-state" });
    const button = el("button", {
      type: "button",
      class: "btn btn-small",
      id: "live-node-toggle",
      onclick: () => this.actions.toggle(id),
    });
    // (A client's requests are the main charts' end-to-end lines: no chart of its own.)
    const chart = client ? null : el("div", { class: "live-node-chart", id: "chart-node" });
    const element = el(
      "section",
      { class: "live-node", id: "live-node", "data-node": id, "aria-label": gettext("Live metrics") },
      el("div", { class: "live-node-head" }, pill, button),
      el("dl", { class: "live-stats" }, rows),
      chart,
    );
    // (The role it was given: a failover swaps roles, and the panel says so.)
    const given = (node.params && node.params.role) || "primary";
    this.current = { id, element, stats, button, pill, given, hadEntry: Boolean(entry) };
    // The inspector puts the block in the page right after this returns.
    queueMicrotask(() => {
      if (chart && element.isConnected) this.charts.attachNode(chart, id);
    });
    if (!chart) this.charts.detachNode();
    this.update(frame);
    return element;
  }

  /** The live block shown when nothing is selected: end-to-end numbers. */
  overview(frame) {
    this.current = null;
    const stats = {};
    const rows = [];
    for (const [key, label] of [
      ["throughput", gettext("Completed")],
      ["errors", gettext("Failed")],
      ["latency", gettext("p50 / p95 / p99")],
    ]) {
      const s = stat(label, key);
      stats[key] = s.value;
      rows.push(...s.row);
    }
    const element = el(
      "section",
      { class: "live-node live-overview", id: "live-overview" },
      el("h3", { text: gettext("End to end, now") }),
      el("dl", { class: "live-stats" }, rows),
      el("p", {
        class: "muted",
        // (Only the owner can kill: a viewer was told how, and then that it may not.)
        text: this.actions.owns()
          ? gettext("Select a component to chart it here; right-click (or long-press) it to kill or restore it.")
          : gettext("Select a component to chart it here."),
      }),
    );
    this.summary = { element, stats };
    this.charts.detachNode();
    this.update(frame);
    return element;
  }

  update(frame) {
    // (Filled also while the block is not in the page yet: overview() calls this just
    // before the inspector inserts it, and a paused run sends no frame to fill it later.)
    if (this.summary && frame) endToEnd(this.summary.stats, frame, "");
    const cur = this.current;
    if (!cur) return;
    const entry = frame && frame.nodes ? frame.nodes[cur.id] : null;
    const state = this.actions.stateOf(cur.id) || (entry ? entry.state : null);
    const down = state === "down";
    const owner = this.actions.isOwner();
    setText(cur.pill, state ? (down ? `✕ ${gettext("down")}` : `● ${gettext("up")}`) : gettext("waiting for data"));
    cur.pill.dataset.state = state || "";
    setText(cur.button, down ? fmt(gettext("↺ Restore %(id)s"), { id: cur.id }) : fmt(gettext("✕ Kill %(id)s"), { id: cur.id }));
    cur.button.classList.toggle("btn-danger", !down);
    cur.button.disabled = !owner;
    cur.button.title = owner ? gettext("Kill or restore this component (K)") : gettext("Only the session's owner can control it");
    if (!entry) return;
    if (!cur.hadEntry) {
      // Selected before the first frame: build again with the kind's own rows.
      cur.hadEntry = true;
      queueMicrotask(() => this.actions.rerender());
      return;
    }
    const { stats } = cur;
    const set = (key, text) => {
      if (stats[key]) setText(stats[key], text);
    };
    endToEnd(stats, frame, "e2e_");
    set("utilization", percent(entry.utilization));
    set("throughput", rate(entry.throughput_rps));
    const total = (entry.throughput_rps || 0) + (entry.error_rps || 0);
    set("errors", total > 0 && entry.error_rps > 0 ? `${rate(entry.error_rps)} (${percent(entry.error_rps / total)})` : rate(entry.error_rps || 0));
    if (stats.errors) stats.errors.classList.toggle("is-bad", (entry.error_rps || 0) > 0.5);
    const l = entry.latency_ms || {};
    set("latency", percentiles(l));
    set("queue", typeof entry.queue === "number" ? compact(entry.queue) : "–");
    set("hit_ratio", typeof entry.hit_ratio === "number" ? percent(entry.hit_ratio) : "–");
    if (Array.isArray(entry.healthy_targets)) {
      const all = this.actions.targetsOf(cur.id);
      set(
        "healthy_targets",
        `${entry.healthy_targets.length}/${all.length || entry.healthy_targets.length}: ${entry.healthy_targets.join(", ") || "–"}`,
      );
    } else set("healthy_targets", "–");
    if (entry.role) set("role", roleText(entry.role, cur.given, down));
    set("reads_rps", typeof entry.reads_rps === "number" ? rate(entry.reads_rps) : "–");
    set("writes_rps", typeof entry.writes_rps === "number" ? rate(entry.writes_rps) : "–");
    set("replication_lag_ms", typeof entry.replication_lag_ms === "number" ? ms(entry.replication_lag_ms) : "–");
    set("stale_reads", typeof entry.stale_reads === "number" ? rate(entry.stale_reads) : "–");
    set("lost_writes", typeof entry.lost_writes === "number" ? compact(entry.lost_writes) : "–");
  }

  forget() {
    this.current = null;
    this.summary = null;
    this.charts.detachNode();
  }
}

/** Fill `${prefix}throughput`, `errors` and `latency` (those present) from the frame's
 * end-to-end figures. */
function endToEnd(stats, frame, prefix) {
  const e = frame.end_to_end || {};
  const [done, failed, latency] = ["throughput", "errors", "latency"].map((k) => stats[prefix + k]);
  if (!done) return;
  setText(done, rate(e.throughput_rps));
  const total = (e.throughput_rps || 0) + (e.error_rps || 0);
  setText(failed, total > 0 ? `${rate(e.error_rps)} (${percent(e.error_rps / total)})` : rate(0));
  failed.classList.toggle("is-bad", (e.error_rps || 0) > 0.5);
  setText(latency, percentiles(e.latency_ms || {}));
}
