// Downloads, uploads and the clipboard.

import { fmt, gettext } from "./i18n.js";

export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export function downloadJson(value, filename) {
  download(new Blob([JSON.stringify(value, null, 2) + "\n"], { type: "application/json" }), filename);
}

export function readText(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}

/** The JSON value in `text` (a file's); when it is not JSON, a SyntaxError that says why in
 * the page's language (the browser's own message is English and talks of positions). */
export function parseJson(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SyntaxError(jsonProblem(String(text), String(error.message || "")));
  }
  // Deeper than the server takes, it would also overflow the page's own copies of it.
  if (deeperThan(value, MAX_JSON_DEPTH)) {
    throw new SyntaxError(fmt(gettext("This JSON is nested more than %(n)s levels deep."), { n: MAX_JSON_DEPTH }));
  }
  return value;
}

const MAX_JSON_DEPTH = 64; // the API's limit (playground/topologies/api.py)

function deeperThan(value, limit) {
  const stack = [[value, 0]];
  while (stack.length) {
    const [item, depth] = stack.pop();
    if (item === null || typeof item !== "object") continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

function jsonProblem(text, message) {
  if (!text.trim()) return gettext("The file is empty.");
  // NaN and Infinity are what Python's json and JavaScript write for numbers JSON lacks.
  const constant = /(?:^|[\s,:[])(-?Infinity|NaN)(?=[\s,\]}]|$)/.exec(text);
  if (constant) {
    return fmt(gettext("This JSON has %(value)s, which is not a JSON number."), { value: constant[1] });
  }
  if (/end of JSON input/.test(message)) return gettext("The JSON ends too soon: the file is cut off.");
  const at = /position (\d+)/.exec(message);
  if (!at) return gettext("This is not valid JSON.");
  const before = text.slice(0, Number(at[1]));
  return fmt(gettext("This is not valid JSON: see line %(line)s, column %(column)s."), {
    line: before.split("\n").length,
    column: before.length - before.lastIndexOf("\n"),
  });
}

/** A file name from a title: letters, digits and dashes (Hangul kept). */
export function fileStem(title, fallback) {
  const stem = String(title || "")
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return stem || fallback;
}

/** True when the text reached the clipboard (needs a secure context or user gesture). */
export async function copyText(text) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* fall through */
  }
  return false;
}
