// A node's context menu on the canvas (right-click, or long-press on touch screens):
// kill or restore it, or chart it. A small list of buttons over the canvas; arrow keys
// move, Escape or a click elsewhere closes it.

export class NodeMenu {
  /** items(nodeId) → [{label, onClick, disabled, title, id}] */
  constructor(container, { items }) {
    this.container = container;
    this.items = items;
    this.element = null;
    this.onOutside = (ev) => {
      if (this.element && !this.element.contains(ev.target)) this.close();
    };
    this.onKey = (ev) => this.key(ev);
  }

  /** Open for `nodeId` at (x, y) in pixels relative to the container. */
  open(nodeId, x, y) {
    this.close();
    const menu = document.createElement("div");
    menu.className = "node-menu";
    menu.id = "node-menu";
    menu.setAttribute("role", "menu");
    menu.dataset.node = nodeId;
    const title = document.createElement("p");
    title.className = "node-menu-title";
    title.textContent = nodeId;
    menu.append(title);
    for (const item of this.items(nodeId)) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "node-menu-item";
      button.setAttribute("role", "menuitem");
      if (item.id) button.dataset.action = item.id;
      button.textContent = item.label;
      button.disabled = Boolean(item.disabled);
      if (item.title) button.title = item.title;
      button.addEventListener("click", () => {
        this.close();
        item.onClick();
      });
      menu.append(button);
      if (item.note) {
        const note = document.createElement("p");
        note.className = "node-menu-note";
        note.textContent = item.note;
        menu.append(note);
      }
    }
    this.container.append(menu);
    // Keep it inside the container.
    const w = this.container.clientWidth;
    const h = this.container.clientHeight;
    const left = Math.max(4, Math.min(x, w - menu.offsetWidth - 4));
    const top = Math.max(4, Math.min(y, h - menu.offsetHeight - 4));
    menu.style.left = `${left}px`;
    menu.style.top = `${top}px`;
    this.element = menu;
    const first = menu.querySelector(".node-menu-item:not(:disabled)");
    if (first) first.focus({ preventScroll: true });
    setTimeout(() => {
      document.addEventListener("pointerdown", this.onOutside, true);
      document.addEventListener("keydown", this.onKey, true);
    });
  }

  key(ev) {
    if (!this.element) return;
    if (ev.key === "Escape") {
      ev.preventDefault();
      ev.stopPropagation();
      this.close();
      return;
    }
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      const items = [...this.element.querySelectorAll(".node-menu-item:not(:disabled)")];
      if (!items.length) return;
      const at = items.indexOf(document.activeElement);
      const next = ev.key === "ArrowDown" ? (at + 1) % items.length : (at - 1 + items.length) % items.length;
      items[next].focus();
    }
  }

  get isOpen() {
    return Boolean(this.element);
  }

  close() {
    document.removeEventListener("pointerdown", this.onOutside, true);
    document.removeEventListener("keydown", this.onKey, true);
    if (this.element) this.element.remove();
    this.element = null;
  }
}
