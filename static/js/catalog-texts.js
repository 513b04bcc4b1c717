// Catalog texts (kind labels, blurbs, param help) marked for translation.
//
// The catalog comes from the simulator in English (GET /api/catalog/); the browser
// translates what it shows with tr(text), which finds these strings in the JS catalog.
// Regenerate the list when kinds are added: see playground/locale/README.md.

import { gettext_noop } from "./i18n.js";

export const CATALOG_TEXTS = [
  gettext_noop("Clients"),
  gettext_noop("The people using the system, as a stream of requests per second. Shape the traffic (ramp, spike, daily cycle) to find where the system breaks."),
  gettext_noop("Requests offered per second (the base rate)."),
  gettext_noop("Share of requests that only read; the rest write."),
  gettext_noop("How many distinct items (users, posts…) requests touch."),
  gettext_noop("Key popularity skew: 0 = uniform, 1 = a few items are very popular."),
  gettext_noop("Traffic shape: constant, ramp, step, spike or daily cycle."),
  gettext_noop("The rate the ramp climbs (or falls) to, then keeps."),
  gettext_noop("When the ramp begins: seconds after the shape starts (the run's start, or when it is set in a run)."),
  gettext_noop("How long the ramp takes to reach its rate."),
  gettext_noop("The rate from the step on."),
  gettext_noop("When the step happens: seconds after the shape starts (the run's start, or when it is set in a run)."),
  gettext_noop("The rate during the spike."),
  gettext_noop("When the spike begins: seconds after the shape starts (the run's start, or when it is set in a run)."),
  gettext_noop("How long the spike lasts; then the base rate again."),
  gettext_noop("How far the rate swings either way, as a share of the base rate: 0.5 = ±50 %."),
  gettext_noop("How long one cycle (a day, sped up) lasts."),
  gettext_noop("DNS"),
  gettext_noop("Resolves the site's name to the addresses of its servers; clients cache the answer for a TTL. When DNS dies, users fail one by one as their cached answers expire."),
  gettext_noop("How long clients keep a resolved answer before asking again."),
  gettext_noop("Load balancer"),
  gettext_noop("Spreads requests over a pool of servers and checks their health every few seconds. A dead server keeps receiving traffic until enough checks fail."),
  gettext_noop("Requests served in parallel (worker processes, threads or cores)."),
  gettext_noop("Mean time to serve one request once started."),
  gettext_noop("Requests allowed to wait; arrivals beyond this are refused."),
  gettext_noop("A request that waits longer than this in the queue fails."),
  gettext_noop("Variability of service time (1 = exponential, 0 = constant)."),
  gettext_noop("Round robin: equal turns; least connections: more to faster servers; weighted: by each connection's weight."),
  gettext_noop("Time between two health checks of one server."),
  gettext_noop("Failed checks in a row before a server is taken out."),
  gettext_noop("Good checks in a row before a server is put back."),
  gettext_noop("Web server"),
  gettext_noop("Runs the application code: a pool of worker processes that each handle one request at a time. Add servers or boxes to serve more; a lone box is a single point of failure."),
  gettext_noop("Cache"),
  gettext_noop("Keeps popular items in memory so most reads never reach the database. Its hit ratio depends on how skewed the keys are, its size and the TTL."),
  gettext_noop("How many items fit in memory; least recently used go first."),
  gettext_noop("Items expire this long after being stored (0 = never)."),
  gettext_noop("Database"),
  gettext_noop("Stores the data. A primary takes every write and copies it to replicas that serve reads; if the primary dies, a replica is promoted and unreplicated writes are lost."),
  gettext_noop("primary takes writes; a replica copies them and serves reads."),
  gettext_noop("How far this replica trails its primary."),
  gettext_noop("How long a dead primary goes unnoticed (Sentinel's down-after, Patroni's TTL)."),
  gettext_noop("Time to promote a replica once the primary is declared dead."),
];
