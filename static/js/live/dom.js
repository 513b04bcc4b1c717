// The element builder is shared with the editor.
export { el } from "../dom.js";

/** Set text only when it changed (cheap at ten frames a second). */
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}
