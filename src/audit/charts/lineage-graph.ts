import { COLORS, PALETTE, clip, esc, px, statusColor, svgDoc, text } from './svg.js';

export interface GraphNode {
  key: string;
  /** Sample id; null for a "+N more" placeholder. */
  id: number | null;
  /** Negative: ancestors (drawn above); 0: the sample; positive: descendants. */
  layer: number;
  kind: string;
  status: string;
  reason: string | null;
  text: string;
  focus?: boolean;
  more?: number;
}

export interface GraphEdge {
  from: string;
  to: string;
  relation: string;
}

const NODE_W = 150;
const NODE_H = 52;
const GAP_X = 12;
const GAP_Y = 46;

/**
 * The lineage of a sample as a layered graph. Each sample node links to `href(id)`; edges are
 * coloured by relation, with a legend.
 */
export function lineageGraphChart(nodes: readonly GraphNode[], edges: readonly GraphEdge[], opts: { title?: string; href?: (id: number) => string } = {}): string {
  const title = opts.title ?? 'Lineage';
  const layers = [...new Set(nodes.map((n) => n.layer))].sort((a, b) => a - b);
  const byLayer = new Map(layers.map((l) => [l, nodes.filter((n) => n.layer === l)]));
  const widest = Math.max(1, ...[...byLayer.values()].map((l) => l.length));
  const relations = [...new Set(edges.map((e) => e.relation))].sort();
  const relColor = new Map(relations.map((r, i) => [r, PALETTE[i % PALETTE.length]!]));
  const legendH = relations.length ? 24 : 0;
  const width = Math.max(360, widest * (NODE_W + GAP_X) + GAP_X);
  const height = legendH + layers.length * (NODE_H + GAP_Y) - GAP_Y + 24;
  const previews = new Map<string, string>();
  for (const row of byLayer.values()) {
    const real = row.filter((n) => n.id !== null);
    distinctPreviews(real.map((n) => n.text)).forEach((p, i) => previews.set(real[i]!.key, p));
  }
  const pos = new Map<string, { x: number; y: number }>();
  layers.forEach((l, li) => {
    const row = byLayer.get(l)!;
    const rowW = row.length * (NODE_W + GAP_X) - GAP_X;
    const x0 = (width - rowW) / 2;
    row.forEach((n, i) => pos.set(n.key, { x: x0 + i * (NODE_W + GAP_X), y: legendH + 12 + li * (NODE_H + GAP_Y) }));
  });
  const parts: string[] = [];
  // legend
  let lx = 8;
  for (const r of relations) {
    parts.push(`<line x1="${px(lx)}" x2="${px(lx + 18)}" y1="12" y2="12" stroke="${relColor.get(r)}" stroke-width="3"/>`);
    parts.push(text(lx + 22, 16, r, { fill: COLORS.text }));
    lx += 34 + r.length * 7;
  }
  for (const e of edges) {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b) continue;
    const x1 = a.x + NODE_W / 2;
    const y1 = a.y + NODE_H;
    const x2 = b.x + NODE_W / 2;
    const y2 = b.y;
    const my = (y1 + y2) / 2;
    parts.push(
      `<path d="M${px(x1)},${px(y1)} C${px(x1)},${px(my)} ${px(x2)},${px(my)} ${px(x2)},${px(y2)}" fill="none" stroke="${relColor.get(e.relation)}" stroke-width="1.5" stroke-opacity="0.8"><title>${esc(e.relation)}</title></path>`,
    );
  }
  for (const n of nodes) {
    const p = pos.get(n.key)!;
    if (n.id === null) {
      parts.push(
        `<g class="node more"><rect x="${px(p.x)}" y="${px(p.y)}" width="${NODE_W}" height="${NODE_H}" rx="6" fill="#f4f4f4" stroke="${COLORS.grid}" stroke-dasharray="4 3"/>` +
          text(p.x + NODE_W / 2, p.y + NODE_H / 2 + 4, `+${n.more ?? 0} more`, { 'text-anchor': 'middle', fill: COLORS.muted }) +
          `</g>`,
      );
      continue;
    }
    const status = n.reason ? `${n.status}: ${n.reason}` : n.status;
    const body =
      `<g class="node${n.focus ? ' focus' : ''}" data-id="${n.id}"><title>${esc(`#${n.id} ${n.kind} (${status})\n${n.text}`)}</title>` +
      `<rect x="${px(p.x)}" y="${px(p.y)}" width="${NODE_W}" height="${NODE_H}" rx="6" fill="${n.focus ? '#fff7d6' : '#fff'}" stroke="${statusColor(n.status)}" stroke-width="${n.focus ? 3 : 1.5}"/>` +
      text(p.x + 8, p.y + 15, clip(`#${n.id} ${n.kind}`, 22), { 'font-weight': 'bold', fill: COLORS.text }) +
      text(p.x + 8, p.y + 30, clip(status, 24), { fill: statusColor(n.status), 'font-size': 11 }) +
      text(p.x + 8, p.y + 44, clip(previews.get(n.key) ?? n.text, 26), { fill: COLORS.muted, 'font-size': 10 }) +
      `</g>`;
    parts.push(opts.href && !n.focus ? `<a href="${esc(opts.href(n.id))}">${body}</a>` : body);
  }
  return svgDoc({ width, height, title, cls: 'lineage-graph' }, parts.join(''));
}

/**
 * One-line previews of the texts of one layer that tell them apart: when they share a long
 * opening (demos that all start "Write a short poem about..."), each preview starts after it.
 */
export function distinctPreviews(texts: readonly string[], room = 26): string[] {
  const flat = texts.map((t) => t.replace(/\s+/g, ' ').trim());
  if (flat.length < 2) return flat;
  let common = flat.reduce((a, t) => {
    let i = 0;
    while (i < a.length && i < t.length && a[i] === t[i]) i++;
    return a.slice(0, i);
  });
  // Cut at a word boundary, and only when the shared part would eat most of the room.
  common = common.slice(0, common.lastIndexOf(' ') + 1);
  if (common.length < room / 2) return flat;
  return flat.map((t) => (t.length > common.length ? `…${t.slice(common.length)}` : t));
}
