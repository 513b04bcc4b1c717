// Undo/redo over whole-document snapshots: simple, and always consistent (documents are
// small: even 2,000 nodes serialise to well under 1 MB).

export class History {
  constructor({ limit = 200, onChange = () => {} } = {}) {
    this.limit = limit;
    this.onChange = onChange;
    this.past = [];
    this.future = [];
  }

  /** Record the state before a change. */
  record(snapshot) {
    this.past.push(snapshot);
    if (this.past.length > this.limit) this.past.shift();
    this.future = [];
    this.onChange();
  }

  get canUndo() {
    return this.past.length > 0;
  }

  get canRedo() {
    return this.future.length > 0;
  }

  /** The state to go back to (given the current one), or null. */
  undo(current) {
    if (!this.past.length) return null;
    this.future.push(current);
    const previous = this.past.pop();
    this.onChange();
    return previous;
  }

  redo(current) {
    if (!this.future.length) return null;
    this.past.push(current);
    const next = this.future.pop();
    this.onChange();
    return next;
  }

  clear() {
    this.past = [];
    this.future = [];
    this.onChange();
  }
}
