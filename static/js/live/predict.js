// "Predict first": a lesson's question must be answered (or explicitly skipped) before
// the failure its scenario stages (its first kill; else its first event: every lesson's
// question is about what a kill does). While the owner plays a lesson whose question is
// still open, the run is paused (through the protocol, like the pause button) just
// before that event; answering or skipping resumes it.
//
// Frames come ten times a wall second and each covers speed × 0.1 s of simulated time,
// and a pause lands a round trip later (a frame out, the pause back: more on a busy
// classroom network); so the pause is sent once the clock is within three frames (plus
// a margin) of the event: 0.3 s of wall time ahead at any speed.

import { fmt, gettext } from "../i18n.js";
import { seconds } from "./format.js";

export function leadTime(speed) {
  return 0.1 * Math.max(1, speed || 1) * 3 + 0.5;
}

export class PredictGate {
  /**
   * lesson: the lesson panel's view (lesson.js); doc: the lesson's document;
   * pause(), resume(): send the protocol messages; controls(): whether this page may (the
   * owner's); say(text): a message in the page; changed(): the page shows the gate again.
   */
  constructor({ lesson, doc, pause, resume, controls = () => true, say, changed = () => {} }) {
    this.lesson = lesson;
    this.pause = pause;
    this.resume = resume;
    this.controls = controls;
    this.changed = changed;
    this.say = say;
    const events = doc && doc.scenario && Array.isArray(doc.scenario.events) ? doc.scenario.events : [];
    const timed = events.filter((e) => e && Number.isFinite(e.at)).sort((a, b) => a.at - b.at);
    // Lesson 3 scales a box up at 20 s but asks about the kills at 40 s.
    const first = timed.find((e) => e.action === "kill") || timed[0];
    this.first = first || null;
    this.active = Boolean(lesson && lesson.hasQuestion && first);
    this.held = false;
    if (this.active) lesson.onSettled(() => this.settled());
  }

  get open() {
    return this.active && !this.lesson.settled;
  }

  /** Called with every frame the owner gets while running. */
  check(t, speed) {
    if (!this.open || this.held) return;
    const at = this.first.at;
    if (t >= at) return; // too late to ask first (joined late): let it run
    if (t >= at - leadTime(speed)) this.hold();
  }

  /** May the owner start or resume at simulated time t? (false: the question waits) */
  allowsPlay(t, speed) {
    if (!this.open) return true;
    if (t >= this.first.at || t < this.first.at - leadTime(speed)) return true;
    this.hold({ alreadyPaused: true });
    return false;
  }

  /** A viewer's side, from every state: while the owner's run waits just before the event
   * (the owner's own question is open), the viewer's question is asked too, so that a class
   * predicts with its teacher; the owner resuming ends it. Only the owner pauses and resumes. */
  follow(status, t, speed) {
    const waiting = status === "paused" && this.first !== null && t < this.first.at && t >= this.first.at - leadTime(speed);
    if (waiting && this.open && !this.held) this.hold({ alreadyPaused: true });
    else if (!waiting) this.held = false;
  }

  hold({ alreadyPaused = false } = {}) {
    if (!alreadyPaused) this.pause();
    this.held = true;
    const message = fmt(
      gettext("Paused just before t = %(t)s: predict what happens, then the run goes on."),
      { t: seconds(this.first.at) },
    );
    this.lesson.ask(message);
    this.say(message);
  }

  settled() {
    if (!this.held) return;
    this.held = false;
    if (this.controls()) this.resume(); // (a viewer's answer is theirs; the owner resumes)
    else this.changed();
  }
}
