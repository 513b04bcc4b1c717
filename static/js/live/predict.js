// "Predict first": a lesson's question must be answered (or explicitly skipped) before
// the failure its scenario stages (its first kill; else its first event: every lesson's
// question is about what a kill does). While the owner plays a lesson whose question is
// still open, the run is paused just before that event; answering or skipping resumes it.
//
// The owner's page plans that pause with the server (the protocol's `pause` with `at`,
// PAUSE_BEFORE simulated seconds before the event), which stops the clock there exactly at
// any speed: a page pausing when a frame shows the time comes a round trip late, and at
// 20x on a busy classroom server that was after the kill. A page that could not plan it
// (joined too close to the event) still pauses when a frame comes within three frames (plus
// a margin) of the event: 0.3 s of wall time ahead at any speed.

import { fmt, gettext } from "../i18n.js";
import { seconds } from "./format.js";

export function leadTime(speed) {
  return 0.1 * Math.max(1, speed || 1) * 3 + 0.5;
}

const PAUSE_BEFORE = 0.5; // simulated seconds between the planned pause and the event

export class PredictGate {
  /**
   * lesson: the lesson panel's view (lesson.js); doc: the lesson's document;
   * pause(at?), resume(): send the protocol messages (pause(at): plan a pause at simulated
   * time at, null cancels); controls(): whether this page may (the owner's); say(text): a
   * message in the page; changed(): the page shows the gate again.
   */
  constructor({ lesson, doc, pause, resume, controls = () => true, say, changed = () => {} }) {
    this.lesson = lesson;
    this.pause = pause;
    this.planned = null; // the server's planned pause, as its last state said
    this.sent = false; // whether this page made the plan
    this.cancelled = false; // ... and cancelled it (answered before the run got there)
    this.resume = resume;
    this.controls = controls;
    this.changed = changed;
    this.say = say;
    const events = doc && doc.scenario && Array.isArray(doc.scenario.events) ? doc.scenario.events : [];
    const timed = events.filter((e) => e && Number.isFinite(e.at)).sort((a, b) => a.at - b.at);
    // Lesson 3 scales a box up at 20 s but asks about the kills at 40 s.
    const first = timed.find((e) => e.action === "kill") || timed[0];
    this.first = first || null;
    this.active = Boolean(lesson && lesson.hasQuestion && first && first.at > PAUSE_BEFORE);
    this.held = false;
    if (this.active) lesson.onSettled(() => this.settled());
  }

  get open() {
    return this.active && !this.lesson.settled;
  }

  /** Where the run stops for the question. */
  get target() {
    return this.first.at - PAUSE_BEFORE;
  }

  /** The owner's side, from every state: plan the pause with the server while the question
   * is open (again after a reset or a reload: a plan is the run's), cancel it once answered,
   * and ask when the run has stopped there. */
  sync(status, t, speed, planned) {
    this.planned = planned ?? null;
    if (!this.active || status === "ended") return;
    if (!this.open) {
      if (this.isPlanned() && this.sent) this.cancel();
      else if (this.cancelled && status === "paused" && this.stoppedThere(t)) this.resume();
      if (!this.isPlanned()) this.cancelled = false;
    } else if (status === "paused" && this.atQuestion(t, speed)) {
      if (!this.held) this.hold({ alreadyPaused: true });
    } else {
      // (Reset while it waited; not a pause of the page's own that landed past the event.)
      if (this.held && t < this.first.at && !this.atQuestion(t, speed)) this.unhold();
      if (!this.isPlanned() && t < this.target - this.margin(status, speed)) {
        this.sent = true;
        this.pause(this.target);
      }
    }
  }

  /** How far ahead of the clock a plan must be: running, two frames (a state's t is at most
   * a frame behind the run's); stopped, none. */
  margin(status, speed) {
    return status === "running" ? 0.1 * Math.max(1, speed || 1) * 2 : 1e-6;
  }

  /** Cancel the plan this page made (another owner tab's plan is that tab's: cancelling it
   * there and planning it here would answer each other forever). */
  cancel() {
    this.sent = false;
    this.cancelled = true; // (should the cancel cross the server stopping there: resume)
    this.pause(null);
  }

  /** Did the run stop at the planned pause (the first tick at or after it)? */
  stoppedThere(t) {
    return t >= this.target - 1e-6 && t < this.first.at;
  }

  isPlanned() {
    return this.planned !== null && Math.abs(this.planned - this.target) < 1e-9;
  }

  /** Called with every frame the owner gets while running: the pause if none is planned
   * (nor on its way: frames can come before the state that confirms a plan). */
  check(t, speed) {
    if (!this.open || this.held || this.planned !== null || this.sent) return;
    const at = this.first.at;
    if (t >= at) return; // too late to ask first (joined late): let it run
    if (t >= at - leadTime(speed)) this.hold();
  }

  /** May the owner start or resume at simulated time t? (false: the question waits) */
  allowsPlay(t, speed) {
    if (!this.open || !this.atQuestion(t, speed)) return true;
    this.hold({ alreadyPaused: true });
    return false;
  }

  /** Is the owner's run where it waits for the question: at its planned pause, or (not
   * planned) within the fallback's reach of the event? (At 100x that reach is 30 s: a run
   * reset to 0 and planned again was held there.) */
  atQuestion(t, speed) {
    return this.sent ? this.stoppedThere(t) : this.waiting(t, speed);
  }

  /** A viewer's side, from every state: while the owner's run is stopped at the question's
   * pause (the owner's own question is open), the viewer's question is asked too, so that a
   * class predicts with its teacher; the run going on (or reset) withdraws it, still open.
   * A pause of the owner's own elsewhere asks nothing. Only the owner pauses and resumes. */
  follow(status, t) {
    const waiting = status === "paused" && this.active && this.stoppedThere(t);
    if (waiting && this.open && !this.held) this.hold({ alreadyPaused: true });
    else if (!waiting && this.held) this.unhold();
  }

  /** Is t where the run waits for the question (just before the event)? */
  waiting(t, speed) {
    return t < this.first.at && t >= this.first.at - leadTime(speed);
  }

  hold({ alreadyPaused = false } = {}) {
    if (!alreadyPaused) this.pause(undefined);
    this.held = true;
    const message = fmt(
      gettext("Paused just before t = %(t)s: predict what happens, then the run goes on."),
      { t: seconds(this.first.at) },
    );
    this.lesson.ask(message);
    this.say(message);
  }

  unhold() {
    this.held = false;
    this.lesson.withdraw();
  }

  settled() {
    if (!this.held) {
      // Answered before the run got there: the planned pause is cancelled (and the run
      // resumed, should the cancel cross the server stopping there).
      if (this.controls() && this.isPlanned() && this.sent) this.cancel();
      return;
    }
    this.held = false;
    if (this.controls()) this.resume(); // (a viewer's answer is theirs; the owner resumes)
    else this.changed();
  }
}
