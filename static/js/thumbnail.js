// A small SVG picture of a topology, drawn from its node positions (gallery cards).

import { iconSvg, look } from "./kinds.js";

const NS = "http://www.w3.org/2000/svg";
let count = 0;

export function thumbnailSvg(doc, { width = 320, height = 170, radius = 13, pad = 24 } = {}) {
  const nodes = Array.isArray(doc && doc.nodes) ? doc.nodes : [];
  const edges = Array.isArray(doc && doc.edges) ? doc.edges : doc && Array.isArray(doc.links) ? doc.links : [];
  const points = new Map();
  nodes.forEach((node, i) => {
    const p = node.position || { x: (i % 4) * 150, y: Math.floor(i / 4) * 120 };
    points.set(node.id, { x: Number(p.x) || 0, y: Number(p.y) || 0, kind: node.kind });
  });
  const xs = [...points.values()].map((p) => p.x);
  const ys = [...points.values()].map((p) => p.y);
  const minX = Math.min(...xs, 0);
  const maxX = Math.max(...xs, 0);
  const minY = Math.min(...ys, 0);
  const maxY = Math.max(...ys, 0);
  const spanX = Math.max(maxX - minX, 1);
  const spanY = Math.max(maxY - minY, 1);
  const scale = Math.min((width - 2 * pad) / spanX, (height - 2 * pad) / spanY, 0.6);
  const offX = (width - spanX * scale) / 2;
  const offY = (height - spanY * scale) / 2;
  const at = (p) => ({ x: offX + (p.x - minX) * scale, y: offY + (p.y - minY) * scale });

  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("role", "img");
  const arrow = `thumb-arrow-${(count += 1)}`;
  const defs = document.createElementNS(NS, "defs");
  defs.innerHTML =
    `<marker id="${arrow}" ` +
    'viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">' +
    '<path d="M0 0L10 5L0 10z" fill="#5f6b7a"/></marker>';
  svg.append(defs);

  for (const edge of edges) {
    const a = points.get(edge.source);
    const b = points.get(edge.target);
    if (!a || !b) continue;
    const p = at(a);
    const q = at(b);
    const len = Math.hypot(q.x - p.x, q.y - p.y) || 1;
    const ux = (q.x - p.x) / len;
    const uy = (q.y - p.y) / len;
    const line = document.createElementNS(NS, "line");
    line.setAttribute("x1", (p.x + ux * radius).toFixed(1));
    line.setAttribute("y1", (p.y + uy * radius).toFixed(1));
    line.setAttribute("x2", (q.x - ux * (radius + 2)).toFixed(1));
    line.setAttribute("y2", (q.y - uy * (radius + 2)).toFixed(1));
    line.setAttribute("stroke", "#5f6b7a");
    line.setAttribute("stroke-width", "1.8");
    line.setAttribute("marker-end", `url(#${arrow})`);
    svg.append(line);
  }
  for (const p of points.values()) {
    const c = at(p);
    const l = look(p.kind);
    const g = document.createElementNS(NS, "g");
    const circle = document.createElementNS(NS, "circle");
    circle.setAttribute("cx", c.x.toFixed(1));
    circle.setAttribute("cy", c.y.toFixed(1));
    circle.setAttribute("r", String(radius));
    circle.setAttribute("fill", l.color);
    circle.setAttribute("stroke", "#1b1f24");
    circle.setAttribute("stroke-opacity", "0.6");
    circle.setAttribute("stroke-width", "1.5");
    g.append(circle);
    const icon = document.createElementNS(NS, "g");
    const size = radius * 1.15;
    icon.setAttribute("transform", `translate(${(c.x - size / 2).toFixed(1)} ${(c.y - size / 2).toFixed(1)}) scale(${(size / 24).toFixed(3)})`);
    icon.innerHTML = iconSvg(p.kind).replace(/^<svg[^>]*>|<\/svg>$/g, "");
    icon.setAttribute("fill", "none");
    icon.setAttribute("stroke", l.ink);
    icon.setAttribute("stroke-width", "2.2");
    icon.setAttribute("stroke-linecap", "round");
    icon.setAttribute("stroke-linejoin", "round");
    g.append(icon);
    svg.append(g);
  }
  return svg;
}
