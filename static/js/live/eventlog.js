// The narrated event log (newest first) and the toasts that announce each event as it
// fires, over the canvas, for the back of the room.

import { gettext } from "../i18n.js";
import { at } from "./format.js";
import { narration } from "./messages.js";

const MAX_ITEMS = 300;
const MAX_TOASTS = 2;
const TOAST_MS = 6000;

/** kill-like, restore-like or other: the marker's look on charts and in the log. */
export function eventTone(text) {
  const s = String(text);
  if (/ was killed|unhealthy|declared dead|is down|connected to nothing|no requests|^Nothing sends/.test(s)) return "bad";
  if (/ was restored|healthy again|promoted|rejoins|is back/.test(s)) return "good";
  return "info";
}

const SYMBOL = { bad: "✕", good: "↺", info: "•" };

/** A chart marker's tone and label: what happened to whom. A balancer's verdict is about
 * its target ("⚠ web-2" rather than "✕ lb", which read as the balancer dying), a failover's
 * detection is a verdict ("⚠"), a promotion is the replica's rise, not a restore. */
export function eventMark(event) {
  const text = String(event.text);
  const tone = eventTone(text);
  const verdict = /marked (\S+) (unhealthy|healthy again)/.exec(text);
  if (verdict) return { tone, label: `${verdict[2] === "unhealthy" ? "⚠" : "✓"} ${verdict[1]}` };
  // A primary found dead is a verdict too (it died at the kill, marked "✕" then).
  if (/ declared dead/.test(text)) return { tone, label: `⚠ ${event.node || ""}`.trim() };
  if (/ promoted to primary/.test(text)) return { tone, label: `▲ ${event.node || ""}`.trim() };
  return { tone, label: `${SYMBOL[tone]} ${event.node || ""}`.trim() };
}

export class EventLog {
  constructor(list, toasts) {
    this.list = list;
    this.toasts = toasts;
    this.empty = document.createElement("li");
    this.empty.className = "log-empty";
    this.empty.textContent = gettext("Events appear here as they happen: kills, restores, health checks, failovers.");
    this.list.replaceChildren(this.empty);
    this.shown = new Set(); // keys of the events in the log
  }

  /** Events of the run not shown yet (a late joiner's `state` carries the latest ones). */
  catchUp(events) {
    for (const event of events) if (!this.shown.has(key(event))) this.add(event, { announce: false });
  }

  /** Add {t, node, text}; `announce` also shows it as a toast. */
  add(event, { announce = true } = {}) {
    this.shown.add(key(event));
    const tone = eventTone(event.text);
    const text = narration(event.text);
    const item = document.createElement("li");
    item.className = `log-item tone-${tone}`;
    item.dataset.t = String(event.t);
    if (event.node) item.dataset.node = event.node;
    const mark = document.createElement("span");
    mark.className = "log-mark";
    mark.setAttribute("aria-hidden", "true");
    mark.textContent = SYMBOL[tone];
    const time = document.createElement("span");
    time.className = "log-t";
    time.textContent = at(event.t);
    const body = document.createElement("span");
    body.className = "log-text";
    body.textContent = text;
    item.append(mark, time, " ", body);
    this.empty.remove();
    // Newest first; an event older than some shown (caught up from a state) goes below them.
    const later = [...this.list.children].find((li) => Number(li.dataset.t) <= event.t);
    this.list.insertBefore(item, later || null);
    while (this.list.childElementCount > MAX_ITEMS) this.list.lastElementChild.remove();
    if (announce) this.toast(`${at(event.t)} · ${text}`, tone);
  }

  toast(text, tone = "info") {
    const newest = this.toasts.firstElementChild;
    if (newest && !newest.classList.contains("is-leaving") && newest.dataset.text === text) return;
    const toast = document.createElement("div");
    toast.dataset.text = text;
    toast.className = `live-toast tone-${tone}`;
    toast.setAttribute("role", "status");
    const mark = document.createElement("span");
    mark.className = "log-mark";
    mark.setAttribute("aria-hidden", "true");
    mark.textContent = SYMBOL[tone] || SYMBOL.info;
    const body = document.createElement("span");
    body.textContent = text;
    toast.append(mark, body);
    this.toasts.prepend(toast); // column-reverse: the newest at the bottom
    while (this.toasts.childElementCount > MAX_TOASTS) this.toasts.lastElementChild.remove();
    setTimeout(() => {
      toast.classList.add("is-leaving");
      setTimeout(() => toast.remove(), 400);
    }, TOAST_MS);
  }

  clear() {
    this.shown.clear();
    this.list.replaceChildren(this.empty);
    this.toasts.replaceChildren();
  }
}

function key(event) {
  return `${event.t}\u0000${event.node || ""}\u0000${event.text}`;
}
