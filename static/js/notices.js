// Messages in the page (never alert()): a notice box with an optional list and buttons.

import { gettext } from "./i18n.js";

const timers = new WeakMap();

/**
 * show(box, {text, items, tone, actions, timeout})
 *   tone: "error" (default) | "info" | "ok"; actions: [{label, onClick, primary}]
 */
export function showNotice(box, { text, items = [], tone = "error", actions = [], timeout = 0 }) {
  clearTimeout(timers.get(box));
  const body = document.createElement("div");
  body.className = "notice-body";
  const p = document.createElement("p");
  p.style.margin = "0";
  p.textContent = text;
  body.append(p);
  if (items.length) {
    const ul = document.createElement("ul");
    for (const item of items) {
      const li = document.createElement("li");
      li.textContent = item;
      ul.append(li);
    }
    body.append(ul);
  }
  if (actions.length) {
    const row = document.createElement("div");
    row.className = "inspector-actions";
    for (const action of actions) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = action.primary ? "btn btn-small btn-primary" : "btn btn-small";
      button.textContent = action.label;
      button.addEventListener("click", action.onClick);
      row.append(button);
    }
    body.append(row);
  }
  const close = document.createElement("button");
  close.type = "button";
  close.className = "notice-close";
  close.setAttribute("aria-label", gettext("Dismiss"));
  close.textContent = "×";
  close.addEventListener("click", () => hideNotice(box));
  box.dataset.tone = tone;
  box.replaceChildren(body, close);
  box.hidden = false;
  if (timeout) timers.set(box, setTimeout(() => hideNotice(box), timeout));
}

export function hideNotice(box) {
  clearTimeout(timers.get(box));
  box.hidden = true;
  box.replaceChildren();
}
