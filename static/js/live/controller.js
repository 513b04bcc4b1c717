// The live simulation on the editor page (issue 5, CONTRACT.md §5): starts or joins a
// session, keeps its socket, and hands each message to the views — run bar, live graph,
// charts, event log, inspector block, context menu, the lesson's "predict first" gate.
//
// Joining: /t/<slug>/?session=<id> joins that session — as its owner when this browser
// holds the owner token (sessions.js), else as a viewer. "Run live" creates a session
// (POST /api/topologies/<slug>/sessions/) and puts its id in the address, so a reload
// rejoins and the address *is* the watch link. Stop/Leave goes back to the editor's look.
//
// The server is the judge of every command: the page sends what the owner asks and shows
// the server's refusals (`error`) in the page; a viewer's controls are disabled, and the
// keyboard shortcut still asks the server, which says why not.

import { errorLines } from "../api.js";
import { fmt, gettext, ngettext } from "../i18n.js";
import { shapeFieldDefault } from "../kinds.js";
import { hideNotice, showNotice } from "../notices.js";
import { Charts, chartTitles } from "./charts.js";
import { NodeMenu } from "./context-menu.js";
import { el } from "./dom.js";
import { EventLog, eventMark } from "./eventlog.js";
import { LiveGraph } from "./graph-live.js";
import { NodeHistory } from "./history.js";
import { refusal } from "./messages.js";
import { NodePanel } from "./node-panel.js";
import { PredictGate } from "./predict.js";
import { RunBar } from "./runbar.js";
import {
  forgetSession,
  ownerToken,
  sessionInAddress,
  showSessionInAddress,
  socketUrl,
  startSession,
  watchUrl,
} from "./sessions.js";
import { LiveSocket } from "./socket.js";


// When a shape chosen in the run bar begins, from the choice: a ramp at once, a step or a
// spike soon enough to be watched coming (the editor's 30 s read as nothing happening).
const LIVE_START = { start_s: 0, at_s: 10 };

/** The set_traffic profile for a shape chosen in the run bar: the catalog's defaults, as the
 * editor's form offers them, but for when it begins. */
function profileFor(shape, rps, shapes) {
  const fields = shapes[shape];
  if (!fields || !Object.keys(fields).length) return "constant";
  const profile = { shape };
  for (const [key, spec] of Object.entries(fields)) {
    profile[key] = key in LIVE_START ? LIVE_START[key] : shapeFieldDefault(spec, rps);
  }
  return profile;
}

const structure = (doc) =>
  doc
    ? JSON.stringify([
        (doc.nodes || []).map((n) => n.id).sort(),
        (doc.edges || []).map((e) => `${e.source}>${e.target}`).sort(),
      ])
    : "";

function isTyping(target) {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

function activatesOnSpace(target) {
  if (!(target instanceof HTMLElement)) return false;
  return Boolean(target.closest("button, a[href], summary, [role='button'], [role='menuitem'], .option"));
}

/** Where the graph's viewport is, to tell whether the user moved it since a fit. */
function viewportKey(cy) {
  const { x, y } = cy.pan();
  return `${cy.zoom().toFixed(4)} ${x.toFixed(1)} ${y.toFixed(1)}`;
}

export class LiveController {
  /**
   * opts: root (#live), slug, isLesson, catalog, graph, canvasWrap, notice, sidebar,
   * lesson (lesson.js view), plotlySrc, and hooks into the editor: getDoc(),
   * getSelection(), select(selection), rerenderInspector(), setLiveMode(on),
   * beforeStart() (async: save first), showDocument(doc | null).
   */
  constructor(opts) {
    Object.assign(this, opts);
    this.mode = "off"; // off · starting · live
    this.session = null;
    this.socket = null;
    this.role = null;
    this.conn = "closed";
    this.retryIn = 0;
    this.status = null;
    // The status a play/pause just sent asks for, until a `state` shows it (a state sent
    // before the server saw the command still shows the old one), an error, or 2 s pass.
    this.intended = null;
    this.speed = 1;
    this.t = 0;
    this.viewers = 0;
    this.ownerPresent = true; // from state: a viewer is told when the owner has left
    this.pastEvents = []; // the narrated events the latest state carried
    this.historyT = null; // the last point of the history charted, once one came
    this.achieved = 0;
    this.frame = null;
    this.lastFrameT = -Infinity;
    this.frames = 0;
    this.document = null;
    this.shownStructure = null;
    this.autoStart = false;
    this.overrides = new Map(); // node id -> {state, frames}: kills/restores not yet in a frame
    this.editCount = 0; // param edits sent: each carries an id its refusal names
    this.paramEdits = new Map(); // "node\u0000param" -> {id, node, param, value, state, message}: set_param sent
    this.shownParams = null; // the session document's node params last seen (JSON)
    this.history = new NodeHistory();

    this.build();
    this.runbar = new RunBar(this.barHost, {
      run: () => this.startNew(),
      play: () => this.togglePlay(),
      // A class watching loses the run it is following: ask first (alone, just do it).
      reset: () => {
        const asked = this.askWatchers((n) =>
          ngettext(
            "Start the run over from t = 0? %(n)s other browser is watching it.",
            "Start the run over from t = 0? %(n)s other browsers are watching it.",
            n,
          ),
        );
        if (asked) this.send({ type: "reset" });
      },
      speed: (value) => this.send({ type: "speed", value }),
      toQuestion: () => this.lesson.show(),
      traffic: (node, rps) => this.send({ type: "set_traffic", node, rps }),
      profile: (node, shape) => {
        const rps = this.clientRps(node);
        this.send({ type: "set_traffic", node, rps, profile: profileFor(shape, rps, this.catalog.shapes()) });
      },
      stop: () => {
        const asked =
          this.role !== "owner" ||
          this.askWatchers((n) =>
            ngettext(
              "Stop the run? %(n)s other browser is watching it: it stays paused there.",
              "Stop the run? %(n)s other browsers are watching it: it stays paused there.",
              n,
            ),
          );
        if (asked) this.leave();
      },
    }, Object.keys(this.catalog.shapes()));
    this.charts = new Charts({ elements: this.chartElements, plotlySrc: this.plotlySrc });
    this.liveGraph = new LiveGraph(this.graph, { catalog: this.catalog, canvasWrap: this.canvasWrap });
    this.menu = new NodeMenu(this.canvasWrap, { items: (id) => this.menuItems(id) });
    this.panel = new NodePanel({
      charts: this.charts,
      actions: {
        toggle: (id) => this.toggleNode(id),
        isOwner: () => this.role === "owner" && this.conn === "live",
        owns: () => this.role === "owner", // (connected or not: what help to show)
        stateOf: (id) => this.stateOf(id),
        targetsOf: (id) => this.graph.cy.getElementById(id).outgoers("node").map((n) => n.id()),
        rerender: () => this.rerenderInspector(),
      },
    });
    this.gate = new PredictGate({
      lesson: this.lesson,
      doc: this.getDoc(),
      pause: (at) => this.send(at === undefined ? { type: "pause" } : { type: "pause", at }),
      resume: () => this.send({ type: "resume" }),
      controls: () => this.role === "owner",
      say: (text) => this.log.toast(text, "info"),
      changed: () => this.render(),
    });
    this.bind();
    this.root.hidden = false;
    this.render();
    // The run bar took room under the canvas: fit again, now (before the page is ready).
    this.graph.resize();
    this.graph.fit();
    window.playgroundLive = this; // for the browser tests and devtools
  }

  build() {
    const titles = chartTitles();
    const card = (key, title, unit) =>
      el(
        "figure",
        { class: "chart-card", "data-chart": key },
        el("figcaption", {}, el("strong", { text: title }), " ", el("span", { class: "unit", text: unit })),
        el("div", { class: "chart", id: `chart-${key}` }),
      );
    this.barHost = el("div", { class: "live-bar-host" });
    this.logList = el("ol", { class: "live-log", id: "live-log", "aria-live": "polite" });
    this.panels = el(
      "div",
      { class: "live-panels", id: "live-panels", hidden: true },
      card("latency", titles.latency, titles.latencyUnit),
      card("throughput", titles.throughput, titles.throughputUnit),
      card("utilization", titles.utilization, titles.utilizationUnit),
      el(
        "section",
        { class: "chart-card log-card", "aria-labelledby": "live-log-title" },
        el("h3", { id: "live-log-title", text: gettext("Event log") }),
        this.logList,
      ),
    );
    this.root.replaceChildren(this.barHost, this.panels);
    this.chartElements = {
      latency: this.panels.querySelector("#chart-latency"),
      throughput: this.panels.querySelector("#chart-throughput"),
      utilization: this.panels.querySelector("#chart-utilization"),
    };
    this.toasts = el("div", { class: "live-toasts", id: "live-toasts", "aria-live": "polite" });
    this.canvasWrap.append(this.toasts);
    this.log = new EventLog(this.logList, this.toasts);
  }

  bind() {
    document.addEventListener("keydown", (ev) => this.onKey(ev));
    const cy = this.graph.cy;
    const open = (ev) => {
      if (this.mode !== "live") return;
      const id = ev.target.id();
      const p = ev.renderedPosition || ev.target.renderedPosition();
      this.select({ type: "node", id });
      this.menu.open(id, p.x + 6, p.y + 6);
    };
    cy.on("cxttap", "node", open);
    cy.on("taphold", "node", open);
    this.canvasWrap.addEventListener("contextmenu", (ev) => {
      if (this.mode === "live") ev.preventDefault();
    });
    // The canvas shrinks or grows during a run (the run bar wraps, a viewer's note comes
    // and goes): fit again, unless the user has zoomed or panned since the last fit.
    if (window.ResizeObserver) {
      let size = "";
      new ResizeObserver(() => {
        const now = `${this.canvasWrap.clientWidth}x${this.canvasWrap.clientHeight}`;
        const changed = now !== size;
        size = now;
        if (changed && this.mode === "live" && this.fitted === viewportKey(cy)) this.refit();
      }).observe(this.canvasWrap);
    }
  }

  /** Join the session named in the address, if any. */
  boot() {
    const session = sessionInAddress();
    if (session) this.join(session, ownerToken(this.slug, session));
  }

  // ------------------------------------------------------------------ start, join, leave

  async startNew() {
    if (this.mode !== "off") return;
    this.mode = "starting";
    this.render();
    try {
      await this.beforeStart();
      const created = await startSession(this.slug);
      this.mode = "off";
      this.autoStart = true;
      this.join(created.session, created.token);
    } catch (error) {
      this.mode = "off";
      this.render();
      showNotice(this.notice, {
        text: gettext("Could not start a live simulation."),
        items: errorLines(error),
      });
    }
  }

  join(session, token) {
    if (this.mode === "live") this.leave({ quiet: true });
    this.session = session;
    this.role = token ? "owner" : "viewer";
    this.mode = "live";
    this.conn = "connecting";
    showSessionInAddress(this.slug, session);
    this.setLiveMode(true);
    this.liveGraph.start();
    this.lesson.setLive(true);
    this.panels.hidden = false;
    this.charts.start(this.history).catch((error) => {
      showNotice(this.notice, {
        text: gettext("The charts could not be loaded; the graph still shows the run."),
        items: [String(error.message || error)],
      });
    });
    this.socket = new LiveSocket(socketUrl(session, token), {
      onMessage: (message) => this.onMessage(message),
      onCondition: (condition, detail) => this.onCondition(condition, detail),
    });
    this.socket.open();
    this.rerenderInspector();
    this.render();
    this.refit();
  }

  /** The canvas changed size with the layout: fit the graph once it has settled. */
  refit() {
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        this.graph.resize();
        this.graph.fit(this.mode === "live" ? 36 : undefined); // live: the canvas is smaller
        this.fitted = viewportKey(this.graph.cy);
        this.liveGraph.placeBadges();
      }),
    );
  }

  /** True when nobody else watches, or the user confirms `question(others)` (its %(n)s: how many). */
  askWatchers(question) {
    const others = (this.viewers || 0) - 1;
    return others <= 0 || window.confirm(fmt(question(others), { n: others }));
  }

  /** Stop (owner: pause and forget the session) or leave (viewer); back to editing. */
  leave({ quiet = false } = {}) {
    if (this.mode !== "live") return;
    if (this.role === "owner") {
      if (this.status === "running") this.send({ type: "pause" });
      forgetSession(this.slug, this.session);
    }
    if (this.socket) this.socket.close();
    this.socket = null;
    this.menu.close();
    this.charts.stop();
    this.liveGraph.stop();
    this.log.clear();
    this.history.clear();
    this.panel.forget();
    this.overrides.clear();
    this.paramEdits.clear();
    this.shownParams = null;
    this.panels.hidden = true;
    Object.assign(this, {
      mode: "off",
      session: null,
      role: null,
      conn: "closed",
      status: null,
      frame: null,
      lastFrameT: -Infinity,
      t: 0,
      frames: 0,
      document: null,
      autoStart: false,
    });
    if (!quiet) showSessionInAddress(this.slug, null);
    this.lesson.setLive(false);
    if (this.shownStructure !== null) this.showDocument(null);
    this.shownStructure = null;
    this.setLiveMode(false);
    this.rerenderInspector();
    this.render();
    this.refit();
  }

  // ------------------------------------------------------------------ from the server

  onCondition(condition, detail) {
    this.conn = condition === "open" ? "connecting" : condition;
    this.retryIn = detail && detail.delay ? detail.delay : 0;
    if (condition === "gone") {
      if (this.role === "owner") forgetSession(this.slug, this.session);
      showNotice(this.notice, {
        // (A page that never joined it may hold a wrong or old link, not one that idled.)
        text: this.joined
          ? gettext("This live session has ended: nobody watched it for a while, so the server discarded it.")
          : gettext("There is no live session at this link: it has ended (the server discards sessions nobody watches for a while), or the link is wrong."),
        actions: [
          this.role === "owner" || this.isLesson
            ? {
                label: gettext("Start a new run"),
                primary: true,
                onClick: () => {
                  hideNotice(this.notice);
                  this.leave();
                  this.startNew();
                },
              }
            : null,
          {
            label: gettext("Back to the topology"),
            onClick: () => {
              hideNotice(this.notice);
              this.leave();
            },
          },
        ].filter(Boolean),
      });
    }
    this.render();
  }

  onMessage(message) {
    switch (message.type) {
      case "state":
        this.onState(message);
        break;
      case "frame":
        this.onFrame(message);
        break;
      case "history":
        this.onHistory(message);
        break;
      case "event":
        this.onEvent(message);
        break;
      case "error":
        this.onError(message);
        break;
      default:
        break;
    }
  }

  onState(s) {
    this.conn = "live";
    this.joined = true;
    if (typeof s.t === "number" && s.t < this.t - 1e-6) this.resetData();
    const wasOwner = this.role === "owner";
    this.status = s.status;
    if (this.intended && this.intended.status === s.status) this.intended = null;
    this.speed = s.speed || this.speed;
    if (typeof s.t === "number") this.t = s.t;
    this.viewers = s.viewers ?? this.viewers;
    this.ownerPresent = s.owner_present ?? true;
    if (typeof s.achieved_speed === "number") this.achieved = s.achieved_speed;
    if (s.role) this.role = s.role;
    if (wasOwner && this.role !== "owner") forgetSession(this.slug, this.session);
    if (s.document) this.showSessionDocument(s.document);
    if (s.document) this.checkParamEdits(s.document);
    if (Array.isArray(s.events)) {
      this.log.catchUp(s.events);
      this.pastEvents = s.events; // marked on the charts if a history comes
    }
    // (The gate plans its pause before an automatic start sends `start`.)
    if (this.role === "owner") this.gate.sync(this.status, this.t, this.speed, s.pause_at);
    else this.gate.follow(this.status, this.t);
    if (this.autoStart && this.role === "owner") {
      this.autoStart = false;
      if (s.status === "idle") this.togglePlay();
    }
    this.panel.update(this.frame);
    this.render();
  }

  showSessionDocument(doc) {
    this.document = doc;
    this.charts.offeredBy = (doc.nodes || []).filter((n) => n.kind === "client").map((n) => n.id);
    const mine = structure(this.getDoc());
    const theirs = structure(doc);
    // The session runs the document as it was when it started: show that graph if the
    // topology has changed since (a reload after edits, a viewer of an old session).
    if (theirs !== mine && theirs !== this.shownStructure) {
      this.shownStructure = theirs;
      this.showDocument(doc);
      if (this.frame) this.liveGraph.apply(this.frame, this.overrideStates());
    } else if (theirs === mine && this.shownStructure !== null) {
      this.shownStructure = null;
      this.showDocument(null);
    }
  }

  /** The run's recent past, sent to a page that joins after it started (before its first
   * frame), so that its charts show the kill it missed, not only what comes next. */
  onHistory(message) {
    if (this.historyT !== null || !Array.isArray(message.frames) || !message.frames.length) return;
    // A frame can beat the history here (the socket joins the group before the runner has
    // seen it join): chart the history first, then what came since.
    const since = this.frames > 0 ? this.frame : null;
    if (since) this.charts.clear();
    for (const frame of message.frames) this.charts.push(frame);
    this.historyT = message.frames[message.frames.length - 1].t;
    if (since && since.t > this.historyT) this.charts.push(since);
    for (const event of this.pastEvents || []) this.markEvent(event);
  }

  onFrame(frame) {
    if (typeof frame.t !== "number") return;
    if (frame.t < this.lastFrameT - 1e-6) this.resetData();
    const fresh = frame.t > this.lastFrameT + 1e-9;
    this.conn = "live";
    this.frame = frame;
    this.t = frame.t;
    if (frame.speed) this.speed = frame.speed;
    if (typeof frame.achieved_speed === "number" && frame.achieved_speed > 0) this.achieved = frame.achieved_speed;
    if (fresh) {
      this.frames += 1;
      this.tellSuggestedEnd(this.lastFrameT, frame.t);
      this.lastFrameT = frame.t;
      this.history.push(frame);
      if (this.historyT === null || frame.t > this.historyT) this.charts.push(frame); // (no repeat)
      for (const [id, override] of this.overrides) {
        const entry = frame.nodes && frame.nodes[id];
        override.frames += 1;
        if (!entry || entry.state === override.state || override.frames >= 3) this.overrides.delete(id);
      }
    }
    this.liveGraph.apply(frame, this.overrideStates());
    this.panel.update(frame);
    if (this.role === "owner" && this.status === "running") this.gate.check(frame.t, this.speed);
    this.render();
  }

  /** A lesson's suggested run reached (once, as the clock passes it): its story is told;
   * the run goes on until someone pauses or stops it. */
  tellSuggestedEnd(before, now) {
    const lesson = this.getDoc().lesson;
    const end = lesson && Number.isFinite(lesson.duration_s) ? lesson.duration_s : null;
    if (end === null || !(before < end && now >= end)) return;
    const text = this.role === "owner"
      ? gettext("%(s)s s: the lesson's suggested run is over. The run goes on until you pause or stop it.")
      : gettext("%(s)s s: the lesson's suggested run is over. The run goes on until its owner pauses or stops it.");
    this.log.toast(fmt(text, { s: end }), "info");
  }

  onEvent(event) {
    this.log.add(event);
    this.markEvent(event);
  }

  markEvent(event) {
    const { tone, label } = eventMark(event);
    this.charts.mark(event, tone, label);
  }

  onError(message) {
    this.intended = null;
    this.overrides.clear();
    if (this.frame) this.liveGraph.apply(this.frame, this.overrideStates());
    const text = refusal(message.message);
    // A param edit's refusal names the edit (its id): shown at that field, which goes back
    // to the run's value. One without an id (too many messages, a failed run) may concern any
    // edit still waiting: those show it too, and so does the page.
    const pending = [...this.paramEdits.values()].filter((e) => e.state === "pending");
    const edits = message.id === undefined ? pending : pending.filter((e) => e.id === message.id);
    for (const edit of edits) {
      edit.state = "error";
      edit.message = text;
    }
    if (edits.length) this.rerenderInspector();
    if (message.id !== undefined && edits.length) return;
    showNotice(this.notice, { text, timeout: 12000 });
    this.notice.dataset.source = "live";
  }

  /** A `state` arrived: param edits it shows are applied; the inspector shows new values. */
  checkParamEdits(doc) {
    const nodes = doc.nodes || [];
    for (const edit of this.paramEdits.values()) {
      if (edit.state !== "pending") continue;
      const node = nodes.find((n) => n.id === edit.node);
      if (node && node.params && JSON.stringify(node.params[edit.param]) === JSON.stringify(edit.value)) {
        edit.state = "applied";
      }
    }
    const params = JSON.stringify(nodes.map((n) => [n.id, n.params]));
    if (params !== this.shownParams) {
      this.shownParams = params;
      this.rerenderInspector();
    }
  }

  /** Owner: change a param of the running copy (the saved topology stays as it is). */
  setParam(node, param, value) {
    const key = `${node}\u0000${param}`;
    const waiting = this.paramEdits.get(key);
    // A commit can come twice (Enter, then `change` as the re-rendered field goes).
    if (waiting && waiting.state === "pending" && JSON.stringify(waiting.value) === JSON.stringify(value)) return;
    this.editCount += 1;
    const id = `edit-${this.editCount}`;
    if (value === undefined || !this.send({ type: "set_param", node, param, value, id })) {
      this.paramEdits.delete(key);
    } else {
      this.paramEdits.set(key, { id, node, param, value, state: "pending", message: null });
    }
    this.rerenderInspector();
  }

  /** `doc` with the params the run has now (its live edits and traffic), as the inspector
   * shows them; `doc` itself when no run is live. */
  shownDocument(doc) {
    if (this.mode !== "live" || !this.document) return doc;
    const running = new Map((this.document.nodes || []).map((n) => [n.id, n.params]));
    return {
      ...doc,
      nodes: doc.nodes.map((n) => (running.has(n.id) ? { ...n, params: running.get(n.id) } : n)),
    };
  }

  /** The inspector's live view of a node's params (null when not live). */
  paramEditor(node) {
    if (this.mode !== "live") return null;
    const running = this.document && (this.document.nodes || []).find((n) => n.id === node.id);
    return {
      owner: this.role === "owner" && this.conn === "live",
      params: (running && running.params) || {},
      status: (param) => this.paramEdits.get(`${node.id}\u0000${param}`) || null,
      send: (param, value) => this.setParam(node.id, param, value),
    };
  }

  /** The run went back to t = 0: empty charts, log and history. */
  resetData() {
    this.history.clear();
    this.charts.clear();
    this.historyT = null; // a history of the new run is welcome
    this.log.clear();
    this.overrides.clear();
    this.lastFrameT = -Infinity;
    this.t = 0;
  }

  // ------------------------------------------------------------------ commands

  send(message) {
    if (this.socket && this.socket.send(message)) return true;
    showNotice(this.notice, {
      text: gettext("Not connected to the live session, so that was not sent. It reconnects on its own."),
      timeout: 6000,
    });
    return false;
  }

  togglePlay() {
    if (this.mode === "off") {
      this.startNew();
      return;
    }
    if (this.mode !== "live") return;
    if (this.role !== "owner") {
      // Said here, briefly: the server's refusal stayed on the page as an alert.
      this.log.toast(gettext("Only the session's owner can pause or play it; you are watching."), "info");
      return;
    }
    // A second press before the server's `state` answers the first one acts on what was
    // asked (start, then pause), not on the status shown a moment ago.
    const asked = this.intended && performance.now() < this.intended.until ? this.intended.status : null;
    const status = asked || this.status;
    const ask = (next) => ({ status: next, until: performance.now() + 2000 });
    if (status === "running") {
      if (this.send({ type: "pause" })) this.intended = ask("paused");
      return;
    }
    if (this.role === "owner" && !this.gate.allowsPlay(this.t, this.speed)) return;
    let sent;
    if (status === "paused") sent = this.send({ type: "resume" });
    else if (status === "ended") sent = this.send({ type: "reset" }) && this.send({ type: "start" });
    else sent = this.send({ type: "start" });
    if (sent) this.intended = ask("running");
  }

  stateOf(id) {
    const override = this.overrides.get(id);
    if (override) return override.state;
    const entry = this.frame && this.frame.nodes ? this.frame.nodes[id] : null;
    return entry ? entry.state : null;
  }

  overrideStates() {
    return new Map([...this.overrides].map(([id, o]) => [id, o.state]));
  }

  toggleNode(id) {
    if (this.mode !== "live") return;
    const down = this.stateOf(id) === "down";
    if (!this.send({ type: down ? "restore" : "kill", node: id })) return;
    if (this.role !== "owner") return; // the server will say why not
    this.overrides.set(id, { state: down ? "up" : "down", frames: 0 });
    if (this.frame) this.liveGraph.apply(this.frame, this.overrideStates());
    this.panel.update(this.frame);
  }

  menuItems(id) {
    const down = this.stateOf(id) === "down";
    const owner = this.role === "owner";
    return [
      {
        id: down ? "restore" : "kill",
        label: down ? fmt(gettext("↺ Restore %(id)s"), { id }) : fmt(gettext("✕ Kill %(id)s"), { id }),
        disabled: !owner || this.conn !== "live",
        onClick: () => this.toggleNode(id),
        note: owner ? null : gettext("Only the session's owner can kill or restore components."),
      },
      {
        id: "inspect",
        label: gettext("Chart it in the inspector"),
        onClick: () => this.select({ type: "node", id }),
      },
    ];
  }

  clientRps(id) {
    const node = this.document && (this.document.nodes || []).find((n) => n.id === id);
    return node && node.params && typeof node.params.rps === "number" ? node.params.rps : 100;
  }

  /** The client the traffic controls act on: the selected one, else the first. */
  trafficClient() {
    const doc = this.document;
    if (!doc) return null;
    const clients = (doc.nodes || []).filter((n) => n.kind === "client");
    if (!clients.length) return null;
    const selection = this.getSelection();
    const chosen = (selection && selection.type === "node" && clients.find((n) => n.id === selection.id)) || clients[0];
    const original = (this.getDoc().nodes || []).find((n) => n.id === chosen.id);
    const profile = chosen.params && chosen.params.profile;
    return {
      id: chosen.id,
      rps: this.clientRps(chosen.id),
      baseRps: original && original.params && typeof original.params.rps === "number" ? original.params.rps : this.clientRps(chosen.id),
      shape: typeof profile === "string" ? profile : (profile && profile.shape) || "constant",
      // A client passes on all it offers: its throughput is the rate its shape gives now.
      offered: this.frame && this.frame.nodes && this.frame.nodes[chosen.id] ? this.frame.nodes[chosen.id].throughput_rps : null,
    };
  }

  // ------------------------------------------------------------------ keyboard

  onKey(ev) {
    if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (isTyping(ev.target)) return;
    if (ev.key === " " || ev.code === "Space") {
      if (activatesOnSpace(ev.target)) return; // a focused button does its own thing
      ev.preventDefault();
      this.togglePlay();
      return;
    }
    if ((ev.key === "k" || ev.key === "K") && this.mode === "live") {
      const selection = this.getSelection();
      if (selection && selection.type === "node") {
        ev.preventDefault();
        this.toggleNode(selection.id);
      }
    }
  }

  // ------------------------------------------------------------------ the inspector hooks

  nodeBlock(node) {
    if (this.mode !== "live") {
      this.sidebar.classList.remove("live-selected");
      return null;
    }
    this.sidebar.classList.add("live-selected");
    if (this.blockNode !== node.id) {
      // A newly selected node's live block comes first in the sidebar: show it.
      queueMicrotask(() => {
        this.sidebar.scrollTop = 0;
      });
    }
    this.blockNode = node.id;
    return this.panel.block(node, this.frame);
  }

  overviewBlock() {
    this.blockNode = null;
    this.sidebar.classList.remove("live-selected");
    if (this.mode !== "live") return null;
    return this.panel.overview(this.frame);
  }

  // ------------------------------------------------------------------ drawing

  model() {
    return {
      mode: this.mode,
      isLesson: this.isLesson,
      empty: !((this.getDoc() || {}).nodes || []).length, // (nothing to run)
      role: this.role,
      conn: this.conn,
      retryIn: this.retryIn,
      status: this.status,
      speed: this.speed,
      t: this.t,
      achieved: this.achieved,
      viewers: this.viewers,
      client: this.mode === "live" ? this.trafficClient() : null,
      waiting: this.gate.held,
      ownerAway: this.role !== "owner" && this.ownerPresent === false,
      watchUrl: this.session ? watchUrl(this.slug, this.session) : "",
    };
  }

  render() {
    this.runbar.update(this.model());
    this.root.dataset.mode = this.mode;
    this.root.dataset.role = this.role || "";
  }
}
