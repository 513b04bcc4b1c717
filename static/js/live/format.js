// Numbers of a live run as people read them: rates, milliseconds, shares, the clock.
// Formatted for the page's language (Intl), short enough for badges and chart labels.

import { currentLanguage, fmt, gettext } from "../i18n.js";

const formatters = new Map();

function number(value, digits, { fixed = false } = {}) {
  const key = `${currentLanguage()}:${digits}:${fixed}`;
  if (!formatters.has(key)) {
    const options = { maximumFractionDigits: digits, minimumFractionDigits: fixed ? digits : 0 };
    try {
      formatters.set(key, new Intl.NumberFormat(currentLanguage(), options));
    } catch {
      formatters.set(key, new Intl.NumberFormat("en", options));
    }
  }
  return formatters.get(key).format(value);
}

/** Milliseconds below a second, each with the decimals `ms` gives its size, kept when they
 * are zeros: side by side they read alike ("0.69 / 3.00 / 4.61", not "0.69 / 3 / 4.61"). */
export function msAlike(values) {
  return values.map((v) => (finite(v) ? number(v, v >= 100 ? 0 : v >= 10 ? 1 : 2, { fixed: true }) : "–"));
}

const finite = (v) => typeof v === "number" && Number.isFinite(v);

/** 0.25 → "0.25", 12.3 → "12.3", 4567 → "4,567", 2.3e6 → "2.3M". */
export function compact(value) {
  if (!finite(value)) return "–";
  const a = Math.abs(value);
  if (a >= 1e6) return `${number(value / 1e6, a >= 1e7 ? 0 : 1)}M`;
  if (a >= 1e5) return `${number(value / 1e3, 0)}k`;
  if (a >= 100) return number(value, 0);
  if (a >= 10) return number(value, 1);
  if (a >= 0.01 || a === 0) return number(value, 2);
  return "<0.01";
}

/** Requests per second: "1,234/s" ("1,234/초": the page's unit). */
export function rate(value) {
  return perSecond(compact(value));
}

function perSecond(text) {
  return fmt(gettext("%(n)s/s"), { n: text });
}

/** Seconds: "1.25 s" ("1.25초"). */
function inSeconds(text) {
  return fmt(gettext("%(n)s s"), { n: text });
}

/** What follows a number of seconds, or of requests per second, in the page's language
 * (chart ticks: " s", "/s"; in Korean "초", "/초"). */
export const secondsSuffix = () => inSeconds("");
export const rateSuffix = () => perSecond("");

/** Milliseconds: "0.05 ms", "12 ms", "1.25 s". */
export function ms(value) {
  if (!finite(value)) return "–";
  if (value >= 1000) return inSeconds(number(value / 1000, 2));
  if (value >= 100) return `${number(value, 0)} ms`;
  if (value >= 10) return `${number(value, 1)} ms`;
  return `${number(value, 2)} ms`;
}

/** A share 0–1 as "75%" (one decimal below 10 %, none above). */
export function percent(share) {
  if (!finite(share)) return "–";
  const p = share * 100;
  return `${number(p, p > 0 && p < 10 ? 1 : 0)}%`;
}

/** Simulated time: "31.2 s" (minutes past 10 minutes: "12 min 5 s"). */
export function seconds(t) {
  if (!finite(t)) return "–";
  if (t >= 600) {
    const m = Math.floor(t / 60);
    return fmt(gettext("%(m)s min %(s)s s"), { m: number(m, 0), s: number(Math.floor(t - m * 60), 0) });
  }
  return inSeconds(fixed(t, 1));
}

function fixed(value, digits) {
  try {
    return new Intl.NumberFormat(currentLanguage(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  } catch {
    return value.toFixed(digits);
  }
}

/** "t=31.2 s" as in the event log. */
export function at(t) {
  return `t=${seconds(t)}`;
}

/** A speed factor: "10×", "0.6×". */
export function speed(value) {
  if (!finite(value)) return "–";
  return `${number(value, value < 10 ? 1 : 0)}×`;
}
