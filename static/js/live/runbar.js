// The run bar under the canvas. Before a run: one "Run live" button. During a run:
// play/pause, reset, speed, the simulated clock (and the achieved speed when the server
// lags), traffic for the selected client (rate slider on a log scale + traffic shape),
// connection status, viewer count, the watch link and stop. Viewers see it all disabled,
// with a "watching" badge.

import { fmt, gettext, ngettext } from "../i18n.js";
import { shapeLabel } from "../kinds.js";
import { copyText } from "../files.js";
import { el, setText } from "./dom.js";
import { compact, rate, seconds, speed as speedText } from "./format.js";

export const SPEEDS = [1, 2, 5, 10, 20, 50, 100];
const ICON = (body) =>
  `<svg class="btn-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill="none" ` +
  `stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`;
const LINK = ICON(
  '<path d="M10 14a4.5 4.5 0 0 0 6.4 0l3.2-3.2a4.5 4.5 0 0 0-6.4-6.4L12 5.6"/>' +
    '<path d="M14 10a4.5 4.5 0 0 0-6.4 0l-3.2 3.2a4.5 4.5 0 0 0 6.4 6.4l1.2-1.2"/>',
);
const PEOPLE = ICON(
  '<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20c0-3.6 2.9-6.5 6.5-6.5s6.5 2.9 6.5 6.5"/>' +
    '<circle cx="17" cy="9" r="2.8"/><path d="M16.2 13.6c3-.3 5.3 2.3 5.3 5.4"/>',
);
const EYE = ICON('<path d="M2 12s3.6-6.5 10-6.5S22 12 22 12s-3.6 6.5-10 6.5S2 12 2 12z"/><circle cx="12" cy="12" r="3"/>');
const SLIDER_STEPS = 1000;
const SEND_EVERY_MS = 250;

/** The slider's range for a client whose document rate is `base`: two decades around it. */
function rpsRange(base) {
  const lo = Math.max(1, (base || 100) / 10);
  return { lo, hi: Math.max(lo * 100, (base || 100) * 10) };
}

export class RunBar {
  /** handlers: run, play, reset, speed(v), traffic(client, rps), profile(client, shape), stop,
   * toQuestion; shapes: the traffic shapes the catalog offers */
  constructor(root, handlers, shapes) {
    this.root = root;
    this.handlers = handlers;
    this.shapes = shapes;
    this.model = {};
    this.dragging = false;
    this.lastSent = 0;
    this.sendTimer = null;
    this.build();
  }

  build() {
    const h = this.handlers;
    this.runButton = el("button", {
      type: "button",
      class: "btn btn-primary btn-large",
      id: "live-run",
      onclick: () => h.run(),
    });
    this.runHint = el("p", { class: "live-hint", id: "live-run-hint" });
    this.pregame = el("div", { class: "live-pregame", id: "live-pregame" }, this.runButton, this.runHint);

    this.play = el("button", { type: "button", class: "btn btn-primary rb-play", id: "live-play", onclick: () => h.play() });
    this.reset = el("button", {
      type: "button",
      class: "btn",
      id: "live-reset",
      onclick: () => h.reset(),
    });
    this.reset.textContent = "⟲";
    this.reset.setAttribute("aria-label", gettext("Reset"));
    this.reset.title = gettext("Reset: back to t = 0 with the same seed");
    this.speed = el(
      "select",
      { id: "live-speed", class: "rb-select", onchange: () => h.speed(Number(this.speed.value)) },
      SPEEDS.map((v) => el("option", { value: String(v), text: speedText(v) })),
    );
    this.speed.title = gettext("Speed: simulated seconds per second");
    this.speed.setAttribute("aria-label", gettext("Speed"));
    const speedLabel = this.speed;

    this.clock = el("span", { class: "rb-clock", id: "live-clock", "aria-live": "off" });
    this.achieved = el("span", { class: "rb-achieved", id: "live-achieved", hidden: true });

    this.clientName = el("span", { class: "rb-client", id: "live-client" });
    this.slider = el("input", {
      type: "range",
      id: "live-rps",
      min: "0",
      max: String(SLIDER_STEPS),
      step: "1",
      "aria-label": gettext("Request rate"),
    });
    this.rpsValue = el("input", {
      type: "text",
      id: "live-rps-value",
      class: "rb-rps-value",
      inputmode: "decimal",
      autocomplete: "off",
      "aria-label": gettext("Request rate (req/s)"),
    });
    this.profile = el(
      "select",
      { id: "live-profile", class: "rb-select", "aria-label": gettext("Traffic shape") },
      this.shapes.map((value) => el("option", { value, text: shapeLabel(value) })),
    );
    // Why a typed rate was refused, under the box (a toast in a corner went unseen).
    this.rpsError = el("span", { class: "rb-field-error", id: "live-rps-error", role: "alert", hidden: true });
    this.rpsValue.setAttribute("aria-describedby", "live-rps-error");
    // What the shape offers at this moment (a ramp's rate is not the base rate above).
    this.offeredNow = el("span", { class: "rb-unit", id: "live-offered-now", hidden: true });
    this.traffic = el(
      "div",
      { class: "rb-traffic", id: "live-traffic", role: "group", "aria-label": gettext("Traffic") },
      this.clientName,
      this.slider,
      el("span", { class: "rb-rps-box" }, this.rpsValue, this.rpsError),
      el("span", { class: "rb-unit", text: gettext("req/s") }),
      this.profile,
      this.offeredNow,
    );
    this.slider.addEventListener("pointerdown", () => {
      this.dragging = true;
    });
    this.slider.addEventListener("input", () => {
      const rps = this.sliderRps();
      this.rpsValue.value = compact(rps);
      this.sendRps(rps, false);
    });
    this.slider.addEventListener("change", () => {
      this.dragging = false;
      this.sendRps(this.sliderRps(), true);
    });
    this.rpsValue.addEventListener("change", () => {
      const text = String(this.rpsValue.value).replace(/[,\s_]/g, "");
      const value = text === "" ? NaN : Number(text); // (Number("") is 0)
      const valid = Number.isFinite(value) && value >= 0 && value <= 1e9;
      this.rpsValue.setAttribute("aria-invalid", String(!valid));
      this.rpsError.hidden = valid;
      if (valid) {
        this.sendRps(value, true);
        this.placeSlider(value); // (a nudge of the slider then starts from the typed rate)
      } else {
        // (Set again each time: a screen reader announces the same refusal again.)
        this.rpsError.textContent = "";
        this.rpsError.textContent = gettext("Enter a rate from 0 to 1,000,000,000 req/s");
      }
    });
    // Leaving the box with a refused rate in it shows the run's rate again (it never
    // changed); the reason stays a few seconds (Tab refuses and leaves in one keystroke).
    this.rpsValue.addEventListener("blur", () => {
      if (this.rpsValue.getAttribute("aria-invalid") !== "true") return;
      this.rpsValue.removeAttribute("aria-invalid");
      if (this.model && this.model.client) this.rpsValue.value = compact(this.model.client.rps);
      clearTimeout(this.rpsErrorTimer);
      this.rpsErrorTimer = setTimeout(() => {
        if (this.rpsValue.getAttribute("aria-invalid") !== "true") this.rpsError.hidden = true;
      }, 4000);
    });
    this.rpsValue.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") this.rpsValue.dispatchEvent(new Event("change"));
    });
    this.profile.addEventListener("change", () => {
      const client = this.model.client;
      if (client) h.profile(client.id, this.profile.value);
    });

    this.status = el("span", { class: "status-pill", id: "live-status", role: "status" });
    // While the run waits for the lesson's question: the way to it (on a phone it is screens
    // below the graph and charts).
    this.toQuestion = el("button", {
      type: "button",
      class: "btn btn-small rb-to-question",
      id: "live-to-question",
      hidden: true,
      onclick: () => h.toQuestion(),
    });
    this.toQuestion.textContent = `${gettext("To the question")} ↓`;
    this.watching = el("span", { class: "watching-badge", id: "live-watching", hidden: true });
    this.watching.innerHTML = EYE;
    this.watching.append(gettext("Watching"));
    this.viewers = el("span", { class: "rb-viewers", id: "live-viewers" });
    this.viewers.innerHTML = PEOPLE;
    this.viewerCount = el("span", { class: "rb-viewer-count" });
    this.viewers.append(this.viewerCount);

    this.watchUrl = el("input", { type: "text", id: "live-watch-url", readonly: true });
    this.watchNote = el("label", { for: "live-watch-url", id: "live-watch-note" });
    this.watchMenu = el(
      "details",
      { class: "menu", id: "live-watch-menu" },
      el("summary", { class: "btn", id: "live-watch", title: gettext("A link that opens this run for others, without controls") }),
      el("div", { class: "menu-panel" }, el("div", { class: "link-box" }, this.watchNote, this.watchUrl)),
    );
    this.watchMenu.querySelector("summary").innerHTML = LINK;
    // (The words hide on a phone, the icon stays: see playground.css.)
    this.watchMenu.querySelector("summary").append(el("span", { class: "btn-text", text: gettext("Watch link") }));
    this.watchMenu.addEventListener("toggle", () => {
      if (this.watchMenu.open) this.showWatchLink();
    });
    this.stop = el("button", { type: "button", class: "btn", id: "live-stop", onclick: () => h.stop() });
    // To a viewer whose owner stopped or left: the way out (Leave, highlighted beside it).
    this.ownerAway = el("p", { class: "rb-owner-away", id: "live-owner-away", role: "status", hidden: true });

    this.bar = el(
      "div",
      { class: "runbar", id: "live-runbar", role: "toolbar", "aria-label": gettext("Simulation controls") },
      el("div", { class: "rb-group" }, this.play, this.reset, speedLabel),
      el("div", { class: "rb-group rb-time" }, this.clock, this.achieved),
      el("div", { class: "rb-group rb-session" }, this.status, this.toQuestion, this.watching, this.viewers, this.watchMenu, this.stop),
      this.ownerAway,
    );
    this.root.append(this.pregame, this.bar, this.traffic);
    // A button clicked with the mouse gives the focus back: Space then plays and pauses as
    // the hint says, instead of clicking that button again (Reset twice). Keyboard users
    // who moved to a button keep it (a click from the keyboard has detail 0).
    this.bar.addEventListener("click", (ev) => {
      const button = ev.target instanceof Element && ev.target.closest("button");
      if (button && ev.detail > 0) button.blur();
    });
  }

  /** The slider's thumb at `rps` (log scale, kept within its range). */
  placeSlider(rps) {
    const { lo, hi } = rpsRange(this.model.client && this.model.client.baseRps);
    const p = rps > 0 ? Math.log(Math.max(lo, Math.min(hi, rps)) / lo) / Math.log(hi / lo) : 0;
    this.slider.value = String(Math.round(p * SLIDER_STEPS));
  }

  sliderRps() {
    const { lo, hi } = rpsRange(this.model.client && this.model.client.baseRps);
    const p = Number(this.slider.value) / SLIDER_STEPS;
    const raw = lo * (hi / lo) ** p;
    const digits = 10 ** Math.max(0, Math.floor(Math.log10(raw)) - 1);
    return Math.round(raw / digits) * digits; // two significant digits: 850, 1200, 9300
  }

  sendRps(rps, final) {
    const client = this.model.client;
    if (!client) return;
    clearTimeout(this.sendTimer);
    const now = Date.now();
    const go = () => {
      if (this.lastValue && this.lastValue.id === client.id && this.lastValue.rps === rps) return;
      this.lastSent = Date.now();
      this.lastValue = { id: client.id, rps };
      this.handlers.traffic(client.id, rps);
    };
    // At most four a second while dragging (the server takes 20 messages a second).
    if (final || now - this.lastSent >= SEND_EVERY_MS) go();
    else this.sendTimer = setTimeout(go, SEND_EVERY_MS - (now - this.lastSent));
  }

  async showWatchLink() {
    const url = this.model.watchUrl || "";
    this.watchUrl.value = url;
    const copied = url ? await copyText(url) : false;
    this.watchNote.textContent = copied
      ? gettext("Watch link — copied. Anyone who opens it sees this run live, without controls.")
      : gettext("Watch link — copy it from here. Anyone who opens it sees this run live, without controls.");
    this.watchUrl.focus();
    this.watchUrl.select();
  }

  /** Show `model` (see LiveController.model()). */
  update(model) {
    this.model = model;
    const live = model.mode !== "off";
    // The button pressed (Run, or Stop / Leave) is hidden by the swap: keep the keyboard's
    // place on its counterpart instead of dropping focus to the page.
    const focused = document.activeElement;
    if (live ? this.pregame.contains(focused) : this.bar.contains(focused)) {
      this.focusNext = live ? this.play : this.runButton; // (once enabled: see the end)
    }
    this.pregame.hidden = live;
    this.bar.hidden = !live;
    if (!live) this.traffic.hidden = true;
    if (!live) {
      this.runButton.disabled = model.mode === "starting" || model.empty;
      setText(this.runButton, `▶ ${gettext("Run live simulation")}`);
      let hint;
      if (model.empty) hint = gettext("Add components first: there is nothing to simulate yet.");
      else if (model.isLesson) hint = gettext("Plays the lesson's scenario with charts; others can watch with a link. Space plays and pauses.");
      else hint = gettext("Simulates this topology live with charts; others can watch with a link. Space plays and pauses.");
      setText(this.runHint, hint);
      this.restoreFocus();
      return;
    }
    const owner = model.role === "owner";
    const connected = model.conn === "live";
    const can = owner && connected;
    const status = model.status || "idle";

    let playText;
    if (status === "running") playText = `❚❚ ${gettext("Pause")}`;
    else if (status === "paused") playText = `▶ ${gettext("Resume")}`;
    else if (status === "ended") playText = `▶ ${gettext("Restart")}`;
    else playText = `▶ ${gettext("Play")}`;
    setText(this.play, playText);
    this.play.title = owner ? gettext("Play / pause (Space)") : gettext("Only the session's owner can control it");
    this.play.disabled = !can;
    this.play.classList.toggle("is-waiting", Boolean(model.waiting));
    this.reset.disabled = !can;
    this.speed.disabled = !can;
    if (!SPEEDS.includes(model.speed) && model.speed) {
      if (!this.speed.querySelector(`option[value="${model.speed}"]`)) {
        this.speed.append(el("option", { value: String(model.speed), text: speedText(model.speed) }));
      }
    }
    if (document.activeElement !== this.speed) this.speed.value = String(model.speed || 1);

    setText(this.clock, `t = ${seconds(model.t || 0)}`);
    const lagging = status === "running" && model.achieved > 0 && model.achieved < 0.85 * (model.speed || 1);
    this.achieved.hidden = !lagging;
    if (lagging) {
      setText(this.achieved, fmt(gettext("⚠ achieving %(x)s"), { x: speedText(model.achieved) }));
      this.achieved.title = gettext("The server cannot step this topology as fast as asked; the clock runs at this speed.");
    }

    const client = model.client;
    this.traffic.hidden = !client;
    if (client) {
      setText(this.clientName, client.id);
      this.clientName.title = fmt(gettext("Traffic offered by %(id)s"), { id: client.id });
      const typing = document.activeElement === this.rpsValue;
      const editing = this.dragging || typing;
      if (this.lastValue && this.lastValue.rps !== client.rps && !editing) this.lastValue = null;
      // The thumb follows the run's rate unless it is in hand (dragged or focused; a rate
      // typed in the box moves it too); the box, unless someone is typing in it.
      if (!this.dragging && document.activeElement !== this.slider) this.placeSlider(client.rps);
      if (!editing) {
        this.rpsValue.value = compact(client.rps);
        this.rpsValue.removeAttribute("aria-invalid"); // the box shows a good rate again
      }
      if (document.activeElement !== this.profile) this.profile.value = this.shapes.includes(client.shape) ? client.shape : "constant";
      const varying = client.shape !== "constant" && typeof client.offered === "number";
      this.offeredNow.hidden = !varying;
      if (varying) setText(this.offeredNow, fmt(gettext("now %(rate)s"), { rate: rate(client.offered) }));
      for (const control of [this.slider, this.rpsValue, this.profile]) control.disabled = !can;
    }

    const pill = this.status;
    pill.dataset.conn = model.conn;
    pill.dataset.status = status;
    let text;
    if (model.conn === "connecting" || model.conn === "open") text = gettext("Connecting…");
    else if (model.conn === "reconnecting") {
      text = model.retryIn
        ? fmt(gettext("Reconnecting in %(s)s s…"), { s: Math.max(1, Math.round(model.retryIn / 1000)) })
        : gettext("Reconnecting…");
    } else if (model.conn === "gone") text = gettext("Session ended");
    else if (model.conn === "closed") text = gettext("Disconnected");
    else if (status === "running") text = model.ownerAway ? gettext("Running: the owner is away") : gettext("Running");
    else if (status === "paused") {
      // (Stop leaves the run as closing the tab does: a viewer cannot tell them apart; and
      // with the owner gone, nobody will resume after a prediction.)
      if (model.ownerAway) text = gettext("Paused: the owner stopped or left");
      else if (model.waiting) text = gettext("Paused: predict first");
      else text = owner ? gettext("Paused") : gettext("Paused by the owner");
    }
    else if (status === "ended") text = gettext("Failed — reset to restart");
    else text = gettext("Ready");
    setText(pill, `● ${text}`);
    this.toQuestion.hidden = !(status === "paused" && model.waiting && !model.ownerAway);
    pill.title = model.conn === "live" ? gettext("Connected: this is the live run") : "";

    this.watching.hidden = owner;
    const n = model.viewers || 0;
    setText(this.viewerCount, String(n));
    const viewersText = fmt(ngettext("%(n)s browser connected to this run", "%(n)s browsers connected to this run", n), { n });
    this.viewers.title = viewersText;
    this.viewers.setAttribute("aria-label", viewersText);
    setText(this.stop, owner ? `■ ${gettext("Stop")}` : gettext("Leave"));
    // Told at once: the server lets a run whose owner's page went away go on for a grace
    // period (a reload comes back within it) before pausing it.
    const away = Boolean(model.ownerAway) && (status === "paused" || status === "running");
    const stays = away && status === "paused";
    this.stop.classList.toggle("btn-primary", stays);
    this.ownerAway.hidden = !away;
    setText(
      this.ownerAway,
      stays
        ? gettext("The owner has stopped or left this run, so it stays paused. Leave it to run the topology yourself.")
        : away
          ? gettext("The owner's page has closed or lost its connection. The run goes on for a short while in case they come back, then pauses.")
          : "",
    );
    this.stop.title = owner
      ? gettext("Pause the run, leave it and go back to editing")
      : gettext("Stop watching and go back to the topology");
    this.restoreFocus();
  }

  restoreFocus() {
    const next = this.focusNext;
    if (!next || next.disabled || next.closest("[hidden]")) return;
    this.focusNext = null;
    // Unless the keyboard has moved on meanwhile (still on the hidden button, or dropped).
    const current = document.activeElement;
    if (!current || current === document.body || current.closest("[hidden]")) {
      next.focus({ preventScroll: true });
    }
  }
}
