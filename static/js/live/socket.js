// One websocket to a live session (CONTRACT.md §5), reopened with back-off when it drops.
//
// Reports its condition to onCondition(condition, detail):
//   connecting · open · reconnecting ({delay} ms until the next try) · gone (the server
//   closed with 4404: the session no longer exists; no more tries) · closed (by us)
// The server answers every (re)connection with `state` and its latest frame, so the page
// resynchronises from those alone.

const GONE = 4404;
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;

export class LiveSocket {
  constructor(url, { onMessage, onCondition }) {
    this.url = url;
    this.onMessage = onMessage;
    this.onCondition = onCondition;
    this.ws = null;
    this.attempt = 0;
    this.timer = null;
    this.stopped = true;
    this.condition = "closed";
    this.online = () => {
      if (this.condition === "reconnecting") this.retryNow();
    };
  }

  open() {
    this.stopped = false;
    window.addEventListener("online", this.online);
    this.connect();
  }

  connect() {
    clearTimeout(this.timer);
    this.set(this.attempt ? "reconnecting" : "connecting", { delay: 0 });
    let ws;
    try {
      ws = new WebSocket(this.url);
    } catch {
      this.retryLater();
      return;
    }
    this.ws = ws;
    ws.addEventListener("open", () => {
      if (this.ws !== ws) return;
      this.attempt = 0;
      this.set("open");
    });
    ws.addEventListener("message", (event) => {
      if (this.ws !== ws) return;
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (message && typeof message === "object") this.onMessage(message);
    });
    ws.addEventListener("close", (event) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.stopped) return;
      if (event.code === GONE) {
        this.stopped = true;
        this.set("gone");
        return;
      }
      this.retryLater();
    });
  }

  retryLater() {
    const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** this.attempt);
    const delay = Math.round(base * (0.8 + Math.random() * 0.4)); // jitter: not all at once
    this.attempt += 1;
    this.set("reconnecting", { delay, attempt: this.attempt });
    this.timer = setTimeout(() => this.connect(), delay);
  }

  retryNow() {
    if (this.stopped || this.ws) return;
    this.connect();
  }

  /** Send a message; false when the socket is not open (nothing is queued). */
  send(message) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }

  close() {
    this.stopped = true;
    clearTimeout(this.timer);
    window.removeEventListener("online", this.online);
    const ws = this.ws;
    this.ws = null;
    if (ws) ws.close(1000);
    this.set("closed");
  }

  set(condition, detail = {}) {
    this.condition = condition;
    this.onCondition(condition, detail);
  }
}
