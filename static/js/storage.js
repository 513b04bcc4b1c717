// "My topologies": the ones created, imported or forked in this browser, with their
// edit tokens (the server shows a token only once). Kept in localStorage.

const KEY = "architecture-playground:mine";
let memory = [];

function read() {
  try {
    const raw = window.localStorage.getItem(KEY);
    const list = raw ? JSON.parse(raw) : [];
    return Array.isArray(list) ? list.filter((item) => item && item.slug) : [];
  } catch {
    return memory;
  }
}

function write(list) {
  memory = list;
  try {
    window.localStorage.setItem(KEY, JSON.stringify(list));
  } catch {
    /* private mode or full: keep it for this page only */
  }
}

/** Most recently used first. */
export function listMine() {
  return read().sort((a, b) => (b.savedAt || 0) - (a.savedAt || 0));
}

export function findMine(slug) {
  return read().find((item) => item.slug === slug) || null;
}

export function tokenFor(slug) {
  const item = findMine(slug);
  return item ? item.token : null;
}

export function remember({ slug, token, title }) {
  const list = read();
  const existing = list.find((item) => item.slug === slug);
  if (existing) {
    if (token) existing.token = token;
    if (title !== undefined) existing.title = title;
    existing.savedAt = Date.now();
  } else {
    list.push({ slug, token, title: title || "", savedAt: Date.now() });
  }
  write(list);
}

export function touch(slug, title) {
  const list = read();
  const item = list.find((entry) => entry.slug === slug);
  if (!item) return;
  item.savedAt = Date.now();
  if (title !== undefined) item.title = title;
  write(list);
}

export function forget(slug) {
  write(read().filter((item) => item.slug !== slug));
}

// A lesson question's choice ({how, index}) per topology, for this tab only: a reload or
// the copy made from a lesson keeps it, the next student at a shared computer does not.
const ANSWER_KEY = "architecture-playground:answer:";

export function recallAnswer(slug) {
  try {
    const choice = JSON.parse(window.sessionStorage.getItem(ANSWER_KEY + slug) || "null");
    return choice && typeof choice === "object" ? choice : null;
  } catch {
    return null;
  }
}

export function rememberAnswer(slug, choice) {
  try {
    window.sessionStorage.setItem(ANSWER_KEY + slug, JSON.stringify(choice));
  } catch {
    /* private mode or full: the question is asked again after a reload */
  }
}
