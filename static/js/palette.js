// The palette: one button per kind in the catalog. Tap (or Enter) adds the kind to the
// canvas; on a desktop it can also be dragged onto the canvas.

import { fmt, gettext, tr } from "./i18n.js";
import { CATEGORY_LABELS, iconSvg, look } from "./kinds.js";

export const DRAG_TYPE = "application/x-playground-kind";

export function renderPalette(list, catalog, { onAdd }) {
  list.replaceChildren();
  for (const entry of catalog.kinds) {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "palette-item";
    button.dataset.kind = entry.kind;
    button.draggable = true;
    const label = tr(entry.label);
    button.title = entry.blurb ? tr(entry.blurb) : label;
    button.setAttribute("aria-label", fmt(gettext("Add %(kind)s"), { kind: label }));

    const icon = document.createElement("span");
    icon.className = "kind-icon";
    icon.style.background = look(entry.kind, entry.category).color;
    icon.innerHTML = iconSvg(entry.kind, entry.category);

    const text = document.createElement("span");
    const name = document.createElement("span");
    name.className = "kind-label";
    name.textContent = label;
    const category = document.createElement("span");
    category.className = "kind-category";
    category.textContent = CATEGORY_LABELS[entry.category] ? tr(CATEGORY_LABELS[entry.category]) : entry.category;
    text.append(name, category);

    button.append(icon, text);
    button.addEventListener("click", () => onAdd(entry.kind, null));
    button.addEventListener("dragstart", (ev) => {
      ev.dataTransfer.setData(DRAG_TYPE, entry.kind);
      ev.dataTransfer.setData("text/plain", entry.kind);
      ev.dataTransfer.effectAllowed = "copy";
    });
    li.append(button);
    list.append(li);
  }
}

/** Let `target` accept kinds dropped from the palette; onDrop(kind, clientX, clientY). */
export function acceptDrops(target, onDrop) {
  const has = (ev) => Array.from(ev.dataTransfer?.types || []).includes(DRAG_TYPE);
  target.addEventListener("dragover", (ev) => {
    if (!has(ev)) return;
    ev.preventDefault();
    ev.dataTransfer.dropEffect = "copy";
    target.classList.add("drop-target");
  });
  target.addEventListener("dragleave", () => target.classList.remove("drop-target"));
  target.addEventListener("drop", (ev) => {
    target.classList.remove("drop-target");
    if (!has(ev)) return;
    ev.preventDefault();
    onDrop(ev.dataTransfer.getData(DRAG_TYPE), ev.clientX, ev.clientY);
  });
}
