// The JSON API of CONTRACT.md §4 — the only way the browser talks to the server.

import { gettext } from "./i18n.js";
import { problemText } from "./problems.js";

export class ApiError extends Error {
  /** status 0 means the server could not be reached. */
  constructor(status, errors) {
    super(errors.map((e) => e.message).join("; "));
    this.status = status;
    this.errors = errors;
  }
}

async function request(method, url, { body, token } = {}) {
  const headers = { Accept: "application/json" };
  const init = { method, headers, credentials: "same-origin" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = typeof body === "string" ? body : JSON.stringify(body);
  }
  if (token) headers["X-Edit-Token"] = token;
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ApiError(0, [
      { path: "", message: gettext("The server could not be reached. Check the connection.") },
    ]);
  }
  if (response.status === 204) return null;
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    // Problems are shown in the page's language from here on.
    const errors =
      data && Array.isArray(data.errors) && data.errors.length
        ? data.errors.map((e) => ({ ...e, message: problemText(e.message) }))
        : [{ path: "", message: `HTTP ${response.status}` }];
    throw new ApiError(response.status, errors);
  }
  return data;
}

const topologyUrl = (slug) => `/api/topologies/${encodeURIComponent(slug)}/`;

export const api = {
  catalog: () => request("GET", "/api/catalog/"),
  lessons: () => request("GET", "/api/lessons/"),
  /** With a token, the answer says whether it may edit (`can_edit`). */
  get: (slug, token) => request("GET", topologyUrl(slug), { token }),
  /** body: a document object, or the raw text of an imported file. */
  create: (document) => request("POST", "/api/topologies/", { body: document }),
  save: (slug, token, revision, document) =>
    request("PUT", topologyUrl(slug), { token, body: { revision, document } }),
  remove: (slug, token) => request("DELETE", topologyUrl(slug), { token }),
  fork: (slug, document) =>
    request("POST", `${topologyUrl(slug)}fork/`, { body: document ? { document } : {} }),
  /** A live session of the topology's saved document: {session, owner_token, ws}. */
  startSession: (slug) => request("POST", `${topologyUrl(slug)}sessions/`, { body: {} }),
};

/** "nodes[2].params.rps: must be …" lines for a list of API errors. */
export function describeErrors(errors) {
  return errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
}

/** A notice's lines for any error: the API's problems, else the error's own message. */
export function errorLines(error) {
  return error instanceof ApiError ? describeErrors(error.errors) : [error.message || String(error)];
}
