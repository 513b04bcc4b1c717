// Colours of a live run. Utilization runs from pale blue (idle) through sand to dark
// orange (saturated): a blue–orange scale readable with the common colour-vision
// deficiencies, and darker as load grows, so it also reads in greyscale. Dead nodes are
// grey *and* carry a ✕; errors on connections are tinted red *and* labelled.

const UTIL_STOPS = [
  [0.0, [198, 220, 238]],
  [0.5, [244, 226, 186]],
  [0.75, [245, 166, 76]],
  [0.9, [219, 104, 16]],
  [1.0, [150, 56, 0]],
];

export const DEAD = "#a3a8ae";
export const INK = "#1b1f24";
const EDGE_OK = [95, 107, 122];
const EDGE_BAD = [214, 39, 40];

/** Okabe–Ito (yellow left out: it vanishes on white), for chart lines. */
export const SERIES = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"];
export const DASHES = ["solid", "dash", "dot", "dashdot"];

export const LATENCY = { p50: "#56B4E9", p95: "#0072B2", p99: "#1b1f24" };
export const THROUGHPUT = "#0072B2";
export const ERRORS = "#D55E00";
export const OFFERED = "#6e7781"; // grey, dotted: what the clients send, behind the others
export const ERRORS_FILL = "rgba(213, 94, 0, 0.22)";
export const EXTRA = "#009E73";

const hex = (rgb) => `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, "0")).join("")}`;
const mix = (a, b, f) => a.map((v, i) => v + (b[i] - v) * f);

function scale(stops, x) {
  const v = Math.min(1, Math.max(0, Number.isFinite(x) ? x : 0));
  for (let i = 1; i < stops.length; i += 1) {
    const [x1, c1] = stops[i];
    const [x0, c0] = stops[i - 1];
    if (v <= x1) return mix(c0, c1, (v - x0) / (x1 - x0 || 1));
  }
  return stops[stops.length - 1][1];
}

/** The fill for a node busy `u` (0–1) of the time. */
export function utilColor(u) {
  return hex(scale(UTIL_STOPS, u));
}

/** Dark or white ink, whichever reads on `color` (#rrggbb). */
export function inkOn(color) {
  const n = parseInt(color.slice(1), 16);
  const channel = (c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const lum = 0.2126 * channel(n >> 16) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
  return lum > 0.3 ? INK : "#ffffff";
}

/** Error shares below this look (and are labelled) as none. */
export const ERROR_VISIBLE = 0.005;

/** A connection's colour: grey, tinted towards red with the share of its requests that fail. */
export function edgeColor(errorShare) {
  const share = Math.min(1, Math.max(0, errorShare || 0));
  return hex(mix(EDGE_OK, EDGE_BAD, share >= ERROR_VISIBLE ? 0.3 + 0.7 * Math.sqrt(share) : 0));
}

/** CSS gradient of the utilization scale, for the legend. */
export function utilGradient() {
  return `linear-gradient(90deg, ${UTIL_STOPS.map(([x, c]) => `${hex(c)} ${x * 100}%`).join(", ")})`;
}
