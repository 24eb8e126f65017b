import { hierarchy, partition, type HierarchyRectangularNode } from 'd3-hierarchy';
import { arc } from 'd3-shape';
import { COLORS, PALETTE, emptyChart, esc, fmt, px, svgDoc, text } from './svg.js';

export interface VerbSlice {
  verb: string;
  /** Instructions with this root verb (all objects, and none). */
  n: number;
  /** The most common objects, each with its count. */
  objects: { object: string; n: number }[];
}

interface Datum {
  name: string;
  verb?: string;
  value?: number;
  other?: boolean;
  children?: Datum[];
}

/**
 * The verb → object sunburst of Self-Instruct's diversity analysis: the inner ring is the root
 * verbs, the outer ring their most common direct objects; the grey part of each verb is every
 * other object (or none).
 */
export function sunburstChart(slices: readonly VerbSlice[], opts: { title?: string; size?: number; note?: string } = {}): string {
  const title = opts.title ?? 'Root verbs and their direct objects';
  const shown = slices.filter((s) => s.n > 0);
  if (shown.length === 0) return emptyChart(title, 'No instructions with a recognisable root verb.');
  const size = opts.size ?? 520;
  const r = size / 2 - 8;
  const rings: [number, number][] = [
    [0, 0],
    [r * 0.22, r * 0.6],
    [r * 0.6, r],
  ];
  const rootData: Datum = {
    name: '',
    children: shown.map((s) => {
      const named = s.objects.reduce((a, o) => a + o.n, 0);
      const children: Datum[] = s.objects.map((o) => ({ name: o.object, verb: s.verb, value: o.n }));
      if (s.n - named > 0) children.push({ name: '', verb: s.verb, value: s.n - named, other: true });
      return { name: s.verb, verb: s.verb, children };
    }),
  };
  const root = partition<Datum>().size([2 * Math.PI, 2])(
    hierarchy(rootData)
      .sum((d) => d.value ?? 0)
      .sort((a, b) => (b.value ?? 0) - (a.value ?? 0)),
  );
  const arcOf = arc<HierarchyRectangularNode<Datum>>()
    .startAngle((d) => d.x0)
    .endAngle((d) => d.x1)
    .padAngle(0.004)
    .innerRadius((d) => rings[d.depth]![0])
    .outerRadius((d) => rings[d.depth]![1] - 1);
  const color = new Map(shown.map((s, i) => [s.verb, PALETTE[i % PALETTE.length]!]));
  const total = root.value ?? 0;
  const c = size / 2;
  const parts: string[] = [`<g transform="translate(${px(c)},${px(c)})">`];
  const labels: string[] = [];
  for (const d of root.descendants()) {
    if (d.depth === 0) continue;
    const path = arcOf(d);
    if (!path) continue;
    const n = d.value ?? 0;
    const pct = total > 0 ? ((n / total) * 100).toFixed(1) : '0';
    const tip = d.depth === 1 ? `${d.data.name}: ${n} (${pct}%)` : d.data.other ? `${d.data.verb} → other objects or none: ${n}` : `${d.data.verb} → ${d.data.name}: ${n} (${pct}%)`;
    const fill = d.data.other ? '#e3e3e3' : color.get(d.data.verb ?? '') ?? COLORS.bar;
    const opacity = d.depth === 1 ? '1' : '0.55';
    parts.push(`<path d="${esc(path)}" fill="${fill}" fill-opacity="${opacity}" stroke="#fff" stroke-width="0.5"><title>${esc(tip)}</title></path>`);
    const span = d.x1 - d.x0;
    const [inner, outer] = rings[d.depth]!;
    const mid = (inner + outer) / 2;
    if (!d.data.other && d.data.name && span * mid > 11) {
      const a = (d.x0 + d.x1) / 2;
      const deg = (a * 180) / Math.PI - 90;
      const flip = deg > 90;
      const maxChars = Math.max(3, Math.floor((outer - inner - 6) / 6.5));
      const name = d.data.name.length > maxChars ? `${d.data.name.slice(0, maxChars - 1)}…` : d.data.name;
      labels.push(
        `<text transform="rotate(${px(deg)}) translate(${px(mid)},0)${flip ? ' rotate(180)' : ''}" text-anchor="middle" dy="0.35em" font-size="${d.depth === 1 ? 12 : 10}" fill="${COLORS.text}" pointer-events="none">${esc(name)}</text>`,
      );
    }
  }
  parts.push(labels.join(''));
  parts.push(text(0, -4, fmt(total), { 'text-anchor': 'middle', 'font-weight': 'bold', fill: COLORS.text }));
  parts.push(text(0, 12, `in top ${shown.length} verbs`, { 'text-anchor': 'middle', fill: COLORS.muted, 'font-size': 10 }));
  parts.push('</g>');
  const noteH = opts.note ? 18 : 0;
  if (opts.note) parts.push(text(8, size + 12, opts.note, { fill: COLORS.muted }));
  return svgDoc({ width: size, height: size + noteH, title, cls: 'sunburst' }, parts.join(''));
}
