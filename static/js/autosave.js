// Autosave: a debounced PUT of the whole document with the revision it was edited
// from. One request at a time; edits made meanwhile are saved right after.
//
// States reported to onState(state, detail):
//   saved · pending (edited, not sent yet) · saving · conflict (409: someone else saved)
//   invalid (400: detail.errors, detail.sent) · forbidden (403) · gone (404: deleted
//   meanwhile) · error (network/5xx; retried) · readonly

import { ApiError } from "./api.js";

export class Autosave {
  constructor({ save, getDocument, revision, delay = 700, onState, onSaved }) {
    this.save = save; // async (revision, document) => response (GET shape)
    this.getDocument = getDocument;
    this.revision = revision;
    this.delay = delay;
    this.onState = onState;
    this.onSaved = onSaved || (() => {});
    this.timer = null;
    this.inFlight = null;
    this.dirty = false;
    this.stopped = false;
    this.retryDelay = 2000;
  }

  get hasUnsavedChanges() {
    return this.dirty || this.inFlight !== null;
  }

  /** Call after every change to the document. */
  changed() {
    if (this.stopped) return;
    this.dirty = true;
    this.onState("pending");
    this.arm(this.delay);
  }

  arm(delay) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), delay);
  }

  stop(state, detail) {
    this.stopped = true;
    clearTimeout(this.timer);
    this.onState(state, detail);
  }

  async flush() {
    clearTimeout(this.timer);
    if (this.stopped || !this.dirty) return;
    if (this.inFlight) return; // saved again when the current request ends
    this.dirty = false;
    const sent = this.getDocument();
    this.onState("saving");
    this.inFlight = this.save(this.revision, sent);
    try {
      const result = await this.inFlight;
      this.inFlight = null;
      this.revision = result.revision;
      this.retryDelay = 2000;
      this.onSaved(result);
      if (this.dirty) this.arm(this.delay / 2);
      else this.onState("saved");
    } catch (error) {
      this.inFlight = null;
      const status = error instanceof ApiError ? error.status : 0;
      const errors = error instanceof ApiError ? error.errors : [{ path: "", message: String(error) }];
      if (status === 409) {
        this.dirty = true;
        this.stop("conflict", { errors });
      } else if (status === 403 || status === 404) {
        this.dirty = true;
        this.stop(status === 404 ? "gone" : "forbidden", { errors, status });
      } else if (status === 400 || status === 413) {
        // Not saved until the next change fixes it.
        this.dirty = true;
        clearTimeout(this.timer);
        this.onState("invalid", { errors, sent });
      } else {
        this.dirty = true;
        this.onState("error", { errors });
        this.arm(this.retryDelay);
        this.retryDelay = Math.min(this.retryDelay * 2, 30000);
      }
    }
  }
}
