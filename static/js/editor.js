// The editor page (/t/<slug>/): wires the canvas, palette, inspector, lesson panel,
// undo/redo and autosave around one document held in memory.
//
// With the topology's edit token (kept in this browser, or arriving once through the
// edit link /t/<slug>/edit#token=…) it edits and autosaves; without it the page is
// read-only and offers a fork. Everything goes through the JSON API (api.js).

import { api, ApiError, describeErrors, errorLines } from "./api.js";
import { Autosave } from "./autosave.js";
import {
  addEdge,
  addNode,
  clone,
  editable as editableCopy,
  findEdge,
  findNode,
  placeErrors,
  removeEdge,
  removeNode,
  renameNode,
  setEdgeParam,
  setParam,
} from "./document.js";
import { copyText, download, downloadJson, fileStem, parseJson, readText } from "./files.js";
import { Graph } from "./graph.js";
import { History } from "./history.js";
import { fmt, gettext, ngettext } from "./i18n.js";
import { Inspector } from "./inspector.js";
import { Catalog, connectionProblem, iconSvg, look, useCatalog } from "./kinds.js";
import { lessonDocumentTitle, renderLesson } from "./lesson.js";
import { LiveController } from "./live/controller.js";
import { hideNotice, showNotice } from "./notices.js";
import { acceptDrops, renderPalette } from "./palette.js";
import { recallAnswer, remember, rememberAnswer, tokenFor, touch } from "./storage.js";

const $ = (id) => document.getElementById(id);

const root = $("editor");
const slug = root.dataset.slug;

const ui = {
  title: $("title-input"),
  status: $("save-status"),
  palette: $("palette"),
  paletteList: $("palette-list"),
  banner: $("banner"),
  bannerText: $("banner-text"),
  forkButton: $("fork-button"),
  notice: $("notice"),
  canvasWrap: $("canvas-wrap"),
  canvas: $("cy"),
  handle: $("connect-handle"),
  connectHint: $("connect-hint"),
  emptyHint: $("empty-hint"),
  legend: $("legend"),
  inspector: $("inspector"),
  lesson: $("lesson-panel"),
  undo: $("tool-undo"),
  redo: $("tool-redo"),
  connect: $("tool-connect"),
  remove: $("tool-delete"),
  layout: $("tool-layout"),
  fit: $("tool-fit"),
  zoomIn: $("tool-zoom-in"),
  zoomOut: $("tool-zoom-out"),
  copyShare: $("copy-share"),
  copyEdit: $("copy-edit"),
  linkBox: $("link-box"),
  linkLabel: $("link-label"),
  linkOutput: $("link-output"),
  exportJson: $("export-json"),
  exportPng: $("export-png"),
  importLabel: $("import-into-label"),
  importInput: $("import-into"),
};

const state = {
  doc: null,
  revision: 0,
  token: null,
  editable: false,
  isLesson: false,
  selection: null, // {type: "node", id} | {type: "edge", source, target}
  connectFrom: null,
  connectTarget: null, // the target chosen with the arrow keys while connecting
  errors: null, // placeErrors() of the last refused save
  live: false, // a live simulation is on: editing waits (see setLiveMode)
  editableWhenIdle: false,
};

let catalog = null;
let graph = null;
let inspector = null;
let autosave = null;
let live = null;
let lessonView = null;
let leaving = false;
const history = new History({ onChange: () => updateToolbar() });

// ---------------------------------------------------------------------- start-up

/** The edit link's token, if this is one (taken out of the address bar), else null. */
function takeTokenFromUrl() {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (match || window.location.pathname.endsWith("/edit")) {
    // The token must not stay in the address bar (or in screenshots of it).
    window.history.replaceState(null, "", `/t/${encodeURIComponent(slug)}/`);
  }
  return match ? decodeURIComponent(match[1]) : null;
}

async function boot() {
  const linkToken = takeTokenFromUrl();
  const token = linkToken || tokenFor(slug);
  let topology;
  try {
    const [catalogJson, loaded] = await Promise.all([api.catalog(), api.get(slug, token)]);
    catalog = useCatalog(new Catalog(catalogJson));
    topology = loaded;
  } catch (error) {
    // Out of the address bar already: kept, so that "Try again" still opens it to edit.
    if (linkToken) remember({ slug, token: linkToken });
    root.classList.remove("is-loading");
    showNotice(ui.notice, {
      text: gettext("This topology could not be loaded."),
      items: errorLines(error),
      actions: [{ label: gettext("Try again"), onClick: () => window.location.reload() }],
    });
    return;
  }
  state.doc = editableCopy(topology.document);
  state.revision = topology.revision;
  state.isLesson = Boolean(topology.is_lesson);
  // A wrong token (a mistyped or outdated edit link) is found out now, not at the first
  // save; only a good one is remembered (it must not replace one that works).
  const refused = Boolean(token) && topology.can_edit === false && !state.isLesson;
  state.token = refused ? null : token;
  state.tokenRefused = refused; // (the read-only banner says why)
  if (linkToken && !refused) remember({ slug, token: linkToken });
  state.editable = Boolean(state.token) && !state.isLesson;
  if (state.token) touch(slug, topology.title);

  setUpChrome();
  graph = new Graph(ui.canvas, {
    catalog,
    editable: state.editable,
    handlers: {
      tapNode,
      tapEdge,
      tapBackground,
      moved,
      viewport: placeHandle,
    },
    // Drawn over the canvas: the graph fits clear of them (the tools float over it live).
    overlays: () => [ui.legend, document.getElementById("live-legend"), document.querySelector(".stage > .toolbar")],
  });
  inspector = new Inspector(ui.inspector, {
    catalog,
    actions: {
      refresh: () => inspector.render(state),
      rename,
      setParam: (id, name, value) => commit((doc) => setParam(doc, id, name, value)),
      setEdgeParam: (s, t, name, value) => commit((doc) => setEdgeParam(doc, s, t, name, value)),
      deleteSelection,
      startConnect,
      connect: (source, target) => connect(source, target),
      canConnect: (source, target) => !connectionProblem(state.doc, catalog, source, target),
      liveBlock: (node) => (live ? live.nodeBlock(node) : null),
      liveOverview: () => (live ? live.overviewBlock() : null),
      liveEdit: (node) => (live ? live.paramEditor(node) : null),
    },
  });

  graph.sync(state.doc);
  if (state.doc.nodes.length && state.doc.nodes.some((n) => !n.position)) {
    // Documents written by hand may have no positions: lay them out once (not saved
    // until something else changes).
    const positions = graph.layout();
    for (const node of state.doc.nodes) node.position = positions[node.id];
  }
  root.classList.remove("is-loading");
  graph.resize();
  graph.fit();
  render();

  if (state.editable) {
    autosave = new Autosave({
      save: (revision, doc) => api.save(slug, state.token, revision, doc),
      getDocument: () => clone(state.doc),
      revision: state.revision,
      onState: setSaveState,
      onSaved: (result) => {
        state.revision = result.revision;
        touch(slug, result.title);
        if (state.errors) {
          state.errors = null;
          hideNotice(ui.notice);
          render();
        }
      },
    });
    setSaveState("saved");
  } else {
    setSaveState("readonly");
  }
  live = new LiveController({
    root: $("live"),
    slug,
    isLesson: state.isLesson,
    catalog,
    graph,
    canvasWrap: ui.canvasWrap,
    notice: ui.notice,
    sidebar: root.querySelector(".sidebar"),
    lesson: lessonView,
    plotlySrc: $("live").dataset.plotlySrc,
    getDoc: () => state.doc,
    getSelection: () => state.selection,
    select: (selection) => select(selection),
    rerenderInspector: () => inspector.render(state),
    setLiveMode,
    beforeStart: saveBeforeRun,
    showDocument: (doc) => {
      if (doc) graph.sync(doc);
      else graph.sync(state.doc, { errors: state.errors });
      graph.select(state.selection);
    },
  });
  window.playgroundEditor = { state, graph, catalog, history, live }; // for tests and devtools
  live.boot();
  sayIfJustForked();
  root.dataset.ready = "true";
}

const FORKED_KEY = "architecture-playground:forked";

/** Right after a fork (or "Make my copy"), this page is the copy: say so once. */
function sayIfJustForked() {
  let forked = null;
  try {
    forked = window.sessionStorage.getItem(FORKED_KEY);
    window.sessionStorage.removeItem(FORKED_KEY);
  } catch {
    return;
  }
  if (forked !== slug || !state.editable) return;
  showNotice(ui.notice, {
    text: gettext("This is your own copy: your changes are saved here, and the original stays as it was."),
    tone: "ok",
    timeout: 8000,
  });
}

/** Show the editing tools only when the document may be edited now. */
function applyEditability() {
  root.classList.toggle("read-only", !state.editable);
  ui.palette.hidden = !state.editable;
  for (const node of document.querySelectorAll("[data-edit-only]")) node.hidden = !state.editable;
  ui.title.readOnly = !state.editable;
  ui.importLabel.hidden = !state.editable;
  ui.importInput.disabled = !state.editable;
  if (graph) graph.setEditable(state.editable);
}

/**
 * While a live simulation is on, the page shows the run, not the editor: editing waits
 * (the session runs the document as saved when it started) and comes back on Stop. Only
 * the session owner's param edits go on, to the run's own copy (inspector → set_param).
 */
function setLiveMode(on) {
  if (on === state.live) return;
  cancelConnect();
  state.live = on;
  if (on) {
    state.editableWhenIdle = state.editable;
    state.editable = false;
  } else {
    state.editable = state.editableWhenIdle;
  }
  root.classList.toggle("is-live", on);
  applyEditability();
  updateToolbar();
  placeHandle();
}

/** A run starts from the saved document: save pending edits first (a few seconds at most). */
async function saveBeforeRun() {
  if (!autosave) return;
  const deadline = Date.now() + 8000;
  const stuck = () => autosave.stopped || ["invalid", "forbidden", "conflict"].includes(ui.status.dataset.state);
  while (autosave.hasUnsavedChanges && !stuck() && Date.now() < deadline) {
    if (autosave.inFlight) await autosave.inFlight.catch(() => {});
    else await autosave.flush();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (autosave.hasUnsavedChanges) {
    showNotice(ui.notice, {
      text: gettext("Your latest changes are not saved, so the simulation runs the last saved version."),
      tone: "info",
      timeout: 8000,
    });
  }
}

/** The title shown: a lesson's in the page's language when it has one, else the document's. */
function shownTitle() {
  return state.isLesson ? lessonDocumentTitle(state.doc) : state.doc.title || "";
}

function setUpChrome() {
  applyEditability();
  ui.title.value = shownTitle();
  ui.copyEdit.hidden = !state.editable;

  if (state.editable) {
    renderPalette(ui.paletteList, catalog, { onAdd: (kind) => addKind(kind) });
    acceptDrops(ui.canvasWrap, (kind, x, y) => addKind(kind, { x, y }));
  } else {
    ui.banner.hidden = false;
    ui.bannerText.textContent = state.isLesson
      ? gettext("This lesson is read-only. Answer the question, then make your own copy to change it.")
      : state.tokenRefused
        ? gettext("Read-only: this edit link's token does not open this topology (mistyped, or from an older link). Fork it to edit your own copy.")
        : gettext("Read-only: you opened a share link. Fork it to get your own copy that you can edit.");
    ui.banner.classList.toggle("is-warning", Boolean(state.tokenRefused));
    ui.forkButton.textContent = state.isLesson ? gettext("Make my copy") : gettext("Fork to edit");
    ui.forkButton.addEventListener("click", () => fork(false));
  }

  const lessonFork = !state.editable ? { forkLabel: gettext("Make my copy"), onFork: () => fork(false) } : {};
  lessonView = renderLesson(ui.lesson, state.doc.lesson, {
    ...(state.isLesson ? lessonFork : {}),
    answered: recallAnswer(slug),
  });
  lessonView.onSettled((how, choice) => rememberAnswer(slug, choice));

  ui.title.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") ui.title.blur();
    if (ev.key === "Escape") {
      ui.title.value = state.doc.title || "";
      ui.title.blur();
    }
  });
  ui.title.addEventListener("change", () => {
    const title = ui.title.value.trim().slice(0, 200);
    ui.title.value = title;
    commit((doc) => {
      doc.title = title;
    });
  });

  ui.undo.addEventListener("click", undo);
  ui.redo.addEventListener("click", redo);
  ui.connect.addEventListener("click", () => {
    if (state.connectFrom) cancelConnect();
    else if (state.selection && state.selection.type === "node") startConnect(state.selection.id);
  });
  ui.remove.addEventListener("click", deleteSelection);
  ui.layout.addEventListener("click", autoLayout);
  ui.fit.addEventListener("click", () => graph.fit());
  ui.zoomIn.addEventListener("click", () => graph.zoomBy(1.25));
  ui.zoomOut.addEventListener("click", () => graph.zoomBy(0.8));
  ui.handle.addEventListener("click", () => {
    if (state.selection && state.selection.type === "node") startConnect(state.selection.id);
  });

  ui.copyShare.addEventListener("click", () =>
    showLink(`${window.location.origin}/t/${slug}/`, gettext("Share link (view only)")),
  );
  ui.copyEdit.addEventListener("click", () =>
    showLink(
      `${window.location.origin}/t/${slug}/edit#token=${encodeURIComponent(state.token)}`,
      gettext("Edit link — anyone with it can change this topology"),
    ),
  );
  ui.exportJson.addEventListener("click", () => {
    // During a run, as shown: with the run's live edits (the saved topology has none).
    downloadJson(live ? live.shownDocument(state.doc) : state.doc, `${fileStem(state.doc.title, slug)}.json`);
    closeMenus();
  });
  ui.exportPng.addEventListener("click", async () => {
    closeMenus();
    try {
      download(await graph.png(), `${fileStem(state.doc.title, slug)}.png`);
    } catch (error) {
      showNotice(ui.notice, { text: gettext("Could not make the picture."), items: [String(error)] });
    }
  });
  ui.importInput.addEventListener("change", importIntoThis);

  document.addEventListener("keydown", onKey);
  document.addEventListener("click", (ev) => {
    for (const menu of document.querySelectorAll("details.menu[open]")) {
      if (!menu.contains(ev.target)) menu.open = false;
    }
  });
  window.addEventListener("beforeunload", (ev) => {
    if (!leaving && autosave && autosave.hasUnsavedChanges) {
      ev.preventDefault();
      ev.returnValue = "";
    }
  });
}

// ---------------------------------------------------------------------- rendering

function render() {
  graph.sync(state.doc, { errors: state.errors });
  if (state.selection && !selectionExists(state.selection)) state.selection = null;
  graph.select(state.selection);
  inspector.render(state);
  updateToolbar();
  placeHandle();
  ui.emptyHint.hidden = state.doc.nodes.length > 0;
  ui.emptyHint.textContent = state.editable
    ? gettext("Empty canvas. Tap a component in the Components palette to add it, or drag it here.")
    : gettext("This topology has no components yet.");
  document.title = `${shownTitle() || gettext("Untitled topology")} · ${gettext("Architecture Playground")}`;
  renderLegend();
  if (live) live.render(); // (Run waits for a first component)
}

/** The kinds on the canvas, with their icon and colour (node labels show only ids). */
function renderLegend() {
  const present = new Set(state.doc.nodes.map((n) => n.kind));
  const kinds = [
    ...catalog.kinds.map((k) => k.kind).filter((k) => present.has(k)),
    ...[...present].filter((k) => !catalog.get(k)),
  ];
  const signature = kinds.join(",");
  if (ui.legend.dataset.kinds === signature) return;
  ui.legend.dataset.kinds = signature;
  ui.legend.replaceChildren(
    ...kinds.map((kind) => {
      const li = document.createElement("li");
      const chip = document.createElement("span");
      chip.className = "legend-icon";
      const category = catalog.category(kind);
      chip.style.background = look(kind, category).color;
      chip.innerHTML = iconSvg(kind, category, { size: 16 });
      const text = document.createElement("span");
      text.textContent = catalog.label(kind);
      li.append(chip, text);
      return li;
    }),
  );
  ui.legend.hidden = kinds.length === 0;
}

function selectionExists(selection) {
  return selection.type === "node"
    ? Boolean(findNode(state.doc, selection.id))
    : Boolean(findEdge(state.doc, selection.source, selection.target));
}

function updateToolbar() {
  if (!ui.undo) return;
  ui.undo.disabled = !state.editable || !history.canUndo;
  ui.redo.disabled = !state.editable || !history.canRedo;
  const nodeSelected = Boolean(state.selection && state.selection.type === "node");
  ui.connect.disabled = !state.editable || (!nodeSelected && !state.connectFrom);
  ui.connect.setAttribute("aria-pressed", state.connectFrom ? "true" : "false");
  ui.remove.disabled = !state.editable || !state.selection;
}

function placeHandle() {
  if (!graph) return;
  const show = state.editable && !state.connectFrom && state.selection && state.selection.type === "node";
  if (!show) {
    ui.handle.hidden = true;
    return;
  }
  const box = graph.renderedBox(state.selection.id);
  if (!box) {
    ui.handle.hidden = true;
    return;
  }
  // Top-right corner: clear of the label, which sits right, left or below.
  const x = box.x2 + 8;
  const y = box.y1 - 8;
  const w = ui.canvas.clientWidth;
  const h = ui.canvas.clientHeight;
  ui.handle.hidden = x < 0 || y < 0 || x > w || y > h;
  ui.handle.style.left = `${x}px`;
  ui.handle.style.top = `${y}px`;
}

function select(selection) {
  state.selection = selection;
  graph.select(selection);
  inspector.render(state);
  updateToolbar();
  placeHandle();
  // Beside the canvas, bring what was selected into the sidebar's view (under a lesson's
  // text it rendered below the window, and a tap seemed to do nothing). Stacked on a
  // phone, the page stays on the graph.
  const panel = document.getElementById("inspector");
  const box = panel && panel.getBoundingClientRect();
  const beside = box && box.left >= ui.canvas.getBoundingClientRect().right;
  if (selection && beside && (box.top > window.innerHeight - 120 || box.bottom < 0)) {
    panel.scrollIntoView({ block: "start" });
  }
}

// ---------------------------------------------------------------------- changes

/** Apply `mutate` to the document as one undoable step, then redraw and autosave. */
function commit(mutate) {
  if (!state.editable) return false;
  const before = clone(state.doc);
  mutate(state.doc);
  if (JSON.stringify(before) === JSON.stringify(state.doc)) return false;
  history.record(before);
  changed();
  return true;
}

function changed() {
  render();
  if (autosave) autosave.changed();
}

function undo() {
  if (!state.editable) return;
  const previous = history.undo(clone(state.doc));
  if (!previous) return;
  cancelConnect();
  state.doc = previous;
  ui.title.value = state.doc.title || "";
  changed();
}

function redo() {
  if (!state.editable) return;
  const next = history.redo(clone(state.doc));
  if (!next) return;
  cancelConnect();
  state.doc = next;
  ui.title.value = state.doc.title || "";
  changed();
}

function addKind(kind, clientPoint) {
  if (!state.editable) return;
  cancelConnect();
  let position;
  const from = state.selection && state.selection.type === "node" ? findNode(state.doc, state.selection.id) : null;
  if (clientPoint) {
    position = graph.modelPosition(clientPoint.x, clientPoint.y);
  } else if (from && from.position) {
    // Below the selected component when it can send requests to the new kind (the next
    // tier), else beside it (another of the same tier).
    const entry = catalog.get(from.kind);
    const next = entry && (entry.connects_to || []).includes(kind) && from.kind !== kind;
    const near = next ? { x: from.position.x, y: from.position.y + 140 } : { x: from.position.x + 180, y: from.position.y };
    position = graph.freeSpot(near);
  } else if (state.doc.nodes.length === 0) {
    position = { x: 0, y: 0 };
  } else {
    position = graph.freeSpot(graph.viewCenter());
  }
  let id = null;
  commit((doc) => {
    id = addNode(doc, kind, position);
  });
  select({ type: "node", id });
  if (state.doc.nodes.length === 1) graph.fit();
  else graph.ensureVisible(id);
  placeHandle();
  hideNotice(ui.notice);
}

function moved(id, position) {
  const node = findNode(state.doc, id);
  if (!node) return;
  if (!state.editable) return;
  commit((doc) => {
    findNode(doc, id).position = position;
  });
}

function rename(oldId, newId) {
  if (
    commit((doc) => {
      renameNode(doc, oldId, newId);
    })
  ) {
    select({ type: "node", id: newId });
  }
}

function deleteSelection() {
  if (!state.editable || !state.selection) return;
  const selection = state.selection;
  cancelConnect();
  state.selection = null;
  commit((doc) => {
    if (selection.type === "node") removeNode(doc, selection.id);
    else removeEdge(doc, selection.source, selection.target);
  });
  hideNotice(ui.notice);
  ui.canvas.focus({ preventScroll: true });
}

function autoLayout() {
  if (!state.editable || !state.doc.nodes.length) return;
  const positions = graph.layout();
  commit((doc) => {
    for (const node of doc.nodes) if (positions[node.id]) node.position = positions[node.id];
  });
  graph.fit();
}

// ---------------------------------------------------------------------- connecting

function startConnect(sourceId) {
  if (!state.editable || !findNode(state.doc, sourceId)) return;
  state.connectFrom = sourceId;
  if (!state.selection || state.selection.id !== sourceId) select({ type: "node", id: sourceId });
  graph.showConnecting(sourceId, (targetId) => !connectionProblem(state.doc, catalog, sourceId, targetId));
  ui.canvasWrap.classList.add("connecting");
  state.connectTarget = null;
  sayConnecting();
  ui.connectHint.hidden = false;
  updateToolbar();
  placeHandle();
  ui.canvas.focus({ preventScroll: true });
}

/** The hint over the canvas while connecting: how to choose, and what Enter would do. */
function sayConnecting() {
  const source = state.connectFrom;
  const target = state.connectTarget;
  ui.connectHint.textContent = target
    ? fmt(gettext("Connecting %(source)s → %(target)s: Enter connects, the arrow keys choose another. Esc cancels."), { source, target })
    : fmt(
        gettext("Connecting from %(id)s: tap the component it sends requests to, or choose it with the arrow keys and press Enter. Esc cancels."),
        { id: source },
      );
}

/** Arrow keys while connecting: the next component it may connect to in that direction. */
function moveConnectTarget(direction) {
  const source = state.connectFrom;
  const next = nearestNode(state.connectTarget || source, direction,
    (id) => id !== source && !connectionProblem(state.doc, catalog, source, id));
  if (!next) return;
  state.connectTarget = next;
  graph.markCandidate(next);
  sayConnecting();
}

function cancelConnect() {
  if (!state.connectFrom) return;
  state.connectFrom = null;
  state.connectTarget = null;
  if (graph) graph.hideConnecting();
  ui.canvasWrap.classList.remove("connecting");
  ui.connectHint.hidden = true;
  updateToolbar();
  placeHandle();
}

/** Connect source → target, or say in the page why not. True when connected. */
function connect(sourceId, targetId) {
  const problem = connectionProblem(state.doc, catalog, sourceId, targetId);
  if (problem) {
    showNotice(ui.notice, {
      text: fmt(gettext("Cannot connect %(source)s → %(target)s: %(reason)s"), {
        source: sourceId,
        target: targetId,
        reason: problem,
      }),
    });
    ui.notice.dataset.reason = problem;
    return false;
  }
  commit((doc) => addEdge(doc, sourceId, targetId));
  showNotice(ui.notice, {
    text: fmt(gettext("Connected %(source)s → %(target)s."), { source: sourceId, target: targetId }),
    tone: "ok",
    timeout: 3500,
  });
  return true;
}

// ---------------------------------------------------------------------- canvas events

function tapNode(id) {
  if (state.connectFrom) {
    if (id === state.connectFrom) {
      cancelConnect();
      return;
    }
    if (connect(state.connectFrom, id)) cancelConnect();
    return;
  }
  select({ type: "node", id });
}

function tapEdge(source, target) {
  cancelConnect();
  select({ type: "edge", source, target });
}

function tapBackground() {
  if (state.connectFrom) {
    cancelConnect();
    return;
  }
  select(null);
}

// ---------------------------------------------------------------------- keyboard

function isTyping(target) {
  if (!target || !(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

function closeMenus() {
  for (const menu of document.querySelectorAll("details.menu[open]")) {
    const inside = menu.contains(document.activeElement);
    menu.open = false;
    if (inside) menu.querySelector("summary").focus(); // (not back to the page's start)
  }
}

const ARROWS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/**
 * The id of the nearest component (among those `accept` takes) from `fromId` in direction
 * [dx, dy], straight ahead preferred; from nothing, the top-left one. Null if none.
 */
function nearestNode(fromId, [dx, dy], accept = () => true) {
  const nodes = graph.cy.nodes().map((n) => ({ id: n.id(), ...n.position() }));
  const current = fromId && nodes.find((n) => n.id === fromId);
  const candidates = nodes.filter((n) => n !== current && accept(n.id));
  if (!current) return candidates.sort((a, b) => a.y - b.y || a.x - b.x)[0]?.id ?? null;
  let best = Infinity;
  let next = null;
  for (const n of candidates) {
    const vx = n.x - current.x;
    const vy = n.y - current.y;
    const along = vx * dx + vy * dy;
    if (along <= 0) continue;
    const score = along + 2 * Math.abs(vx * dy - vy * dx);
    if (score < best) [best, next] = [score, n];
  }
  return next ? next.id : null;
}

/** Arrow keys on the canvas: select the next component that way, so the keyboard reaches
 * every one. */
function moveSelection(direction) {
  const from = state.selection && state.selection.type === "node" ? state.selection.id : null;
  const next = nearestNode(from, direction);
  if (next) select({ type: "node", id: next });
}

function onKey(ev) {
  if (!state.doc) return;
  const mod = ev.ctrlKey || ev.metaKey;
  const key = ev.key.length === 1 ? ev.key.toLowerCase() : ev.key;
  if (ev.key === "Escape") {
    if (document.querySelector("details.menu[open]")) {
      closeMenus();
      return;
    }
    if (state.connectFrom) {
      cancelConnect(); // (from a field too: the hint says Esc cancels)
      return;
    }
    if (isTyping(ev.target)) return;
    if (state.selection) {
      select(null);
      // The inspector was redrawn under the focus: the canvas takes it, where arrows select.
      if (!document.activeElement || document.activeElement === document.body) {
        document.getElementById("cy").focus();
      }
    } else hideNotice(ui.notice);
    return;
  }
  if (isTyping(ev.target)) return;
  if (mod && key === "z") {
    ev.preventDefault();
    if (ev.shiftKey) redo();
    else undo();
    return;
  }
  if (mod && key === "y") {
    ev.preventDefault();
    redo();
    return;
  }
  if (mod || ev.altKey) return;
  if (ev.target === ui.canvas && ARROWS[ev.key]) {
    ev.preventDefault(); // (the page would scroll)
    if (state.connectFrom) moveConnectTarget(ARROWS[ev.key]);
    else moveSelection(ARROWS[ev.key]);
    return;
  }
  if (ev.key === "Enter" && ev.target === ui.canvas && state.connectFrom && state.connectTarget) {
    ev.preventDefault();
    if (connect(state.connectFrom, state.connectTarget)) cancelConnect();
    return;
  }
  if (ev.key === "Delete" || ev.key === "Backspace") {
    if (state.editable && state.selection) {
      ev.preventDefault();
      deleteSelection();
    } else if (state.live && state.editableWhenIdle && state.selection) {
      // Said, not silently ignored: the run's structure is fixed until it stops.
      ev.preventDefault();
      showNotice(ui.notice, {
        text: gettext("Components and connections cannot be removed while the simulation runs: Stop it first. (Parameters can change during a run, in the inspector.)"),
        tone: "info",
        timeout: 6000,
      });
    }
    return;
  }
  if (key === "c" && state.editable && state.selection && state.selection.type === "node") {
    ev.preventDefault();
    if (state.connectFrom) cancelConnect();
    else startConnect(state.selection.id);
    return;
  }
  if (key === "+" || key === "=") graph.zoomBy(1.25);
  else if (key === "-") graph.zoomBy(0.8);
  else if (key === "f") graph.fit();
}

// ---------------------------------------------------------------------- saving

function setSaveState(kind, detail = {}) {
  const status = ui.status;
  status.dataset.state = kind;
  switch (kind) {
    case "saved":
      status.textContent = `✓ ${gettext("Saved")}`;
      break;
    case "pending":
    case "saving":
      status.textContent = gettext("Saving…");
      break;
    case "readonly":
      status.textContent = state.isLesson ? gettext("Lesson · read-only") : gettext("Read-only");
      break;
    case "conflict":
      status.textContent = gettext("Someone else saved — reload or fork");
      showNotice(ui.notice, {
        text: gettext(
          "Someone else saved this topology after you opened it, so your latest changes were not saved. Reload to see their version, or fork to keep yours as a new topology.",
        ),
        actions: [
          { label: gettext("Reload"), onClick: reloadPage },
          { label: gettext("Fork my version"), onClick: () => fork(true), primary: true },
        ],
      });
      break;
    case "forbidden":
      status.textContent = gettext("Not saved: no permission");
      showNotice(ui.notice, {
        text: gettext("The server refused the edit token for this topology, so changes are not saved. Fork it to keep your version."),
        items: describeErrors(detail.errors || []),
        actions: [{ label: gettext("Fork my version"), onClick: () => fork(true), primary: true }],
      });
      break;
    case "gone":
      status.textContent = gettext("Not saved: deleted");
      showNotice(ui.notice, {
        text: gettext("This topology was deleted (by someone with its edit link) while you edited it, so your changes are not saved. Save your version as a new topology to keep it."),
        actions: [{ label: gettext("Save as a new topology"), onClick: () => fork(true), primary: true }],
      });
      break;
    case "invalid": {
      state.errors = placeErrors(detail.errors, detail.sent || state.doc);
      const n = (detail.errors || []).length;
      status.textContent = fmt(ngettext("Not saved: %(n)s problem", "Not saved: %(n)s problems", n), { n });
      // A connection to a component that is not there cannot be drawn, so nothing on the
      // canvas marks it or can select it: the notice offers to remove such connections.
      const dangling = danglingEdges(state.doc);
      showNotice(ui.notice, {
        text: gettext("The server did not accept this version. Fix what is marked (or undo), and it saves again:"),
        items: describeErrors(detail.errors || []),
        actions: dangling.length
          ? [
              {
                label: fmt(
                  ngettext(
                    "Remove the connection to a missing component",
                    "Remove the %(n)s connections to missing components",
                    dangling.length,
                  ),
                  { n: dangling.length },
                ),
                primary: true,
                onClick: () => {
                  hideNotice(ui.notice);
                  commit((doc) => {
                    const gone = new Set(danglingEdges(doc));
                    doc.edges = doc.edges.filter((e) => !gone.has(e));
                  });
                },
              },
            ]
          : [],
      });
      render();
      break;
    }
    case "error":
      status.textContent = gettext("Not saved — retrying…");
      status.title = describeErrors(detail.errors || []).join("\n");
      break;
    default:
      status.textContent = "";
  }
}

/** The document's connections from or to a component it does not have. */
function danglingEdges(doc) {
  return (doc.edges || []).filter((e) => !findNode(doc, e.source) || !findNode(doc, e.target));
}

function reloadPage() {
  leaving = true;
  window.location.reload();
}

async function fork(withLocalDocument) {
  ui.forkButton.disabled = true;
  try {
    // A lesson's copy is the student's own topology, titled as the lesson page showed it (in
    // Korean on a Korean page, not the lesson file's English); otherwise the server copies.
    const body = withLocalDocument || state.isLesson ? { ...clone(state.doc), title: shownTitle() } : undefined;
    const created = await api.fork(slug, body).catch((error) => {
      // Deleted meanwhile: the version on this page becomes a topology of its own.
      if (body && error instanceof ApiError && error.status === 404) return api.create(body);
      throw error;
    });
    remember({ slug: created.slug, token: created.edit_token, title: (body || state.doc).title || "" });
    if (lessonView && lessonView.choice) rememberAnswer(created.slug, lessonView.choice);  // the copy asks no more
    leaving = true;
    // The copy's page says it is the copy: same title, same graph, a new address only.
    try {
      window.sessionStorage.setItem(FORKED_KEY, created.slug);
    } catch {
      /* storage refused: the copy opens without the word */
    }
    window.location.assign(created.url);
  } catch (error) {
    ui.forkButton.disabled = false;
    showNotice(ui.notice, {
      text: gettext("Could not make a copy."),
      items: errorLines(error),
    });
  }
}

// ---------------------------------------------------------------------- share / import

async function showLink(url, label) {
  ui.linkBox.hidden = false;
  ui.linkOutput.value = url;
  const copied = await copyText(url);
  ui.linkLabel.textContent = copied ? `${label} — ${gettext("copied to the clipboard")}` : `${label} — ${gettext("copy it from here")}`;
  ui.linkOutput.focus();
  ui.linkOutput.select();
}

async function importIntoThis() {
  const file = ui.importInput.files && ui.importInput.files[0];
  ui.importInput.value = "";
  if (!file || !state.editable) return;
  let parsed;
  try {
    parsed = parseJson(await readText(file));
  } catch (error) {
    showNotice(ui.notice, {
      text: fmt(gettext("%(name)s is not a JSON file:"), { name: file.name }),
      items: [String(error.message || error)],
    });
    return;
  }
  if (!parsed || typeof parsed !== "object" || (!Array.isArray(parsed.nodes) && !Array.isArray(parsed.links))) {
    showNotice(ui.notice, {
      text: fmt(gettext("%(name)s is not a topology document (it has no list of nodes)."), { name: file.name }),
    });
    return;
  }
  cancelConnect();
  history.record(clone(state.doc));
  state.doc = editableCopy(parsed);
  state.selection = null;
  ui.title.value = state.doc.title || "";
  graph.sync(state.doc);
  if (state.doc.nodes.some((n) => !n.position)) {
    const positions = graph.layout();
    for (const node of state.doc.nodes) node.position = positions[node.id];
  }
  changed();
  graph.fit();
  showNotice(ui.notice, {
    text: fmt(gettext("Imported %(name)s. Undo (Ctrl+Z) brings the previous version back."), { name: file.name }),
    tone: "info",
    timeout: 6000,
  });
}

boot();
