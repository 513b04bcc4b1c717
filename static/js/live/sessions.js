// Live sessions from the page's side: starting one, remembering its owner token, and the
// addresses involved (the socket, and the watch link /t/<slug>/?session=<id>).
//
// The owner token is kept in localStorage per topology slug, so the owner's reload (or a
// second tab of the same browser) controls the session again; anyone else who opens the
// watch link has no token and watches.

import { api } from "../api.js";

const PREFIX = "architecture-playground:live:";
const memory = new Map();

function read(slug) {
  try {
    const raw = window.localStorage.getItem(PREFIX + slug);
    const item = raw ? JSON.parse(raw) : null;
    return item && typeof item.session === "string" ? item : null;
  } catch {
    return memory.get(slug) || null;
  }
}

function write(slug, item) {
  memory.set(slug, item);
  try {
    if (item) window.localStorage.setItem(PREFIX + slug, JSON.stringify(item));
    else window.localStorage.removeItem(PREFIX + slug);
  } catch {
    /* private mode: this page only */
  }
}

/** Start a session of the topology's saved document: {session, token, ws}. */
export async function startSession(slug) {
  const created = await api.startSession(slug);
  write(slug, { session: created.session, token: created.owner_token, savedAt: Date.now() });
  return { session: created.session, token: created.owner_token, ws: created.ws };
}

/** The owner token this browser holds for `session` of `slug`, or null (a viewer). */
export function ownerToken(slug, session) {
  const item = read(slug);
  return item && item.session === session ? item.token : null;
}

export function forgetSession(slug, session) {
  const item = read(slug);
  if (item && (!session || item.session === session)) write(slug, null);
}

export function socketUrl(session, token) {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  const query = token ? `?token=${encodeURIComponent(token)}` : "";
  return `${scheme}://${window.location.host}/ws/sessions/${encodeURIComponent(session)}/${query}`;
}

export function watchUrl(slug, session) {
  return `${window.location.origin}/t/${encodeURIComponent(slug)}/?session=${encodeURIComponent(session)}`;
}

/** The session named in the address (?session=…), or null. */
export function sessionInAddress() {
  const value = new URLSearchParams(window.location.search).get("session");
  return value && /^[-\w]{1,64}$/.test(value) ? value : null;
}

/** Put the session in the address (so a reload rejoins it) or take it out. */
export function showSessionInAddress(slug, session) {
  const base = `/t/${encodeURIComponent(slug)}/`;
  const url = session ? `${base}?session=${encodeURIComponent(session)}` : base;
  if (window.location.pathname + window.location.search !== url) {
    window.history.replaceState(null, "", url + window.location.hash);
  }
}
