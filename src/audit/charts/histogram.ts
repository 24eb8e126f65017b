import { COLORS, emptyChart, esc, fmt, niceTicks, px, svgDoc, text } from './svg.js';

export interface Bin {
  lo: number;
  hi: number;
  n: number;
}

/**
 * Values counted into `count` equal bins over [min, max]. A value equal to max falls in the last
 * bin; values outside the range are clamped into the first or last bin (and counted).
 */
export function binValues(values: Iterable<number>, min: number, max: number, count: number): Bin[] {
  const width = (max - min) / count;
  const bins: Bin[] = Array.from({ length: count }, (_, i) => ({ lo: min + i * width, hi: min + (i + 1) * width, n: 0 }));
  if (!(width > 0)) return bins;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    let i = Math.floor((v - min) / width + 1e-9);
    if (i < 0) i = 0;
    if (i >= count) i = count - 1;
    bins[i]!.n++;
  }
  return bins;
}

/** The value below which `q` of the values lie (nearest rank). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Integer bins for lengths: 0 up to the 99th percentile, the last bin holding everything longer. */
export function lengthBins(values: readonly number[], maxBins = 30): { bins: Bin[]; overflowFrom: number | null } {
  if (values.length === 0) return { bins: [], overflowFrom: null };
  const top = Math.max(1, quantile(values, 0.99));
  let max = 0;
  for (const v of values) if (v > max) max = v;
  const step = Math.max(1, Math.ceil((top + 1) / maxBins));
  const count = Math.ceil((top + 1) / step);
  const bins: Bin[] = Array.from({ length: count }, (_, i) => ({ lo: i * step, hi: (i + 1) * step, n: 0 }));
  for (const v of values) bins[Math.min(count - 1, Math.floor(v / step))]!.n++;
  return { bins, overflowFrom: max >= count * step ? (count - 1) * step : null };
}

export interface HistogramOptions {
  title: string;
  xLabel: string;
  bins: readonly Bin[];
  /** A vertical marker (e.g. the ROUGE-L threshold). */
  marker?: { at: number; label: string };
  /** The last bin also holds every larger value. */
  overflowFrom?: number | null;
  width?: number;
  height?: number;
  /** Bin bounds are integers: label them as such. */
  integer?: boolean;
  note?: string;
}

export function histogramChart(o: HistogramOptions): string {
  const total = o.bins.reduce((a, b) => a + b.n, 0);
  if (o.bins.length === 0 || total === 0) return emptyChart(o.title, 'No values to show.');
  const width = o.width ?? 480;
  const height = o.height ?? 240;
  const m = { top: 26, right: 16, bottom: 44, left: 48 };
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  const lo = o.bins[0]!.lo;
  const hi = o.bins[o.bins.length - 1]!.hi;
  const x = (v: number) => m.left + ((v - lo) / (hi - lo || 1)) * w;
  const maxN = Math.max(...o.bins.map((b) => b.n));
  const ticks = niceTicks(maxN, 4, true); // the y axis counts values
  const top = ticks[ticks.length - 1]!;
  const y = (n: number) => m.top + h - (n / top) * h;
  const parts: string[] = [];
  for (const t of ticks) {
    parts.push(`<line x1="${px(m.left)}" x2="${px(m.left + w)}" y1="${px(y(t))}" y2="${px(y(t))}" stroke="${COLORS.grid}"/>`);
    parts.push(text(m.left - 6, y(t) + 4, fmt(t), { 'text-anchor': 'end', fill: COLORS.axis }));
  }
  o.bins.forEach((b, i) => {
    const last = i === o.bins.length - 1;
    const range = o.integer
      ? b.hi - b.lo <= 1
        ? `${b.lo}`
        : `${b.lo}–${b.hi - 1}`
      : `${b.lo.toFixed(2)}–${b.hi.toFixed(2)}`;
    const label = last && o.overflowFrom != null ? `${o.integer ? b.lo : b.lo.toFixed(2)} or more` : range;
    const x0 = x(b.lo) + 1;
    const bw = Math.max(1, x(b.hi) - x(b.lo) - 2);
    parts.push(
      `<g><title>${esc(`${label}: ${b.n} (${((b.n / total) * 100).toFixed(1)}%)`)}</title><rect x="${px(x0)}" y="${px(y(b.n))}" width="${px(bw)}" height="${px(m.top + h - y(b.n))}" fill="${COLORS.bar}"/></g>`,
    );
  });
  // x axis: about six labelled bin edges
  parts.push(`<line x1="${px(m.left)}" x2="${px(m.left + w)}" y1="${px(m.top + h)}" y2="${px(m.top + h)}" stroke="${COLORS.axis}"/>`);
  const every = Math.max(1, Math.ceil(o.bins.length / 6));
  o.bins.forEach((b, i) => {
    if (i % every !== 0) return;
    parts.push(text(x(b.lo), m.top + h + 16, o.integer ? String(b.lo) : b.lo.toFixed(2), { 'text-anchor': 'middle', fill: COLORS.axis }));
  });
  const lastBin = o.bins[o.bins.length - 1]!;
  parts.push(text(x(lastBin.hi), m.top + h + 16, o.overflowFrom != null ? '+' : o.integer ? String(lastBin.hi) : lastBin.hi.toFixed(2), { 'text-anchor': 'middle', fill: COLORS.axis }));
  parts.push(text(m.left + w / 2, height - 8, o.xLabel, { 'text-anchor': 'middle', fill: COLORS.text }));
  parts.push(text(m.left, 16, `${o.note ? `${o.note} · ` : ''}n = ${fmt(total)}`, { fill: COLORS.muted }));
  if (o.marker && o.marker.at >= lo && o.marker.at <= hi) {
    const mx = x(o.marker.at);
    parts.push(`<line x1="${px(mx)}" x2="${px(mx)}" y1="${px(m.top - 4)}" y2="${px(m.top + h)}" stroke="${COLORS.threshold}" stroke-width="2" stroke-dasharray="4 3"/>`);
    parts.push(text(mx - 4, m.top + 8, o.marker.label, { 'text-anchor': 'end', fill: COLORS.threshold }));
  }
  return svgDoc({ width, height, title: o.title, cls: 'histogram' }, parts.join(''));
}
