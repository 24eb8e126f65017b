import { COLORS, clip, emptyChart, esc, fmt, link, niceTicks, px, svgDoc, text } from './svg.js';

export interface BarSeries {
  name: string;
  color: string;
  values: readonly number[];
}

export interface BarChartOptions {
  title: string;
  categories: readonly string[];
  series: readonly BarSeries[];
  /** Stack the series in one bar per category (else one bar per series, side by side). */
  stacked?: boolean;
  /** Label each stacked bar with the share of the first series (e.g. survival rate). */
  shareOfFirst?: boolean;
  format?: (n: number) => string;
  width?: number;
  hrefs?: readonly (string | undefined)[];
  note?: string;
}

/** Horizontal bars: one row per category, grouped or stacked series, with a legend. */
export function barChart(o: BarChartOptions): string {
  const format = o.format ?? ((n: number) => fmt(n));
  const total = o.series.reduce((a, s) => a + s.values.reduce((x, y) => x + y, 0), 0);
  if (o.categories.length === 0 || !(total > 0)) return emptyChart(o.title, 'Nothing to show.');
  const width = o.width ?? 560;
  const labelW = 150;
  const valueW = 110;
  const barW = width - labelW - valueW - 12;
  const barH = 16;
  const perCat = o.stacked ? barH + 8 : o.series.length * (barH + 2) + 8;
  const legendH = 22;
  const top = legendH + (o.note ? 16 : 0) + 6;
  const sums = o.categories.map((_, i) => o.series.reduce((a, s) => a + (s.values[i] ?? 0), 0));
  let maxV = 0;
  for (let i = 0; i < o.categories.length; i++) maxV = Math.max(maxV, o.stacked ? sums[i]! : Math.max(...o.series.map((s) => s.values[i] ?? 0)));
  // Bars of counts (every value whole) get whole-number ticks; costs and rates keep fractions.
  const ticks = niceTicks(maxV, 4, o.series.every((s) => s.values.every(Number.isInteger)));
  const scaleMax = ticks[ticks.length - 1]! || 1;
  const sx = (v: number) => (v / scaleMax) * barW;
  const height = top + o.categories.length * perCat + 24;
  const parts: string[] = [];
  // legend
  let lx = labelW;
  for (const s of o.series) {
    parts.push(`<rect x="${px(lx)}" y="6" width="12" height="12" fill="${s.color}"/>`);
    parts.push(text(lx + 16, 16, s.name, { fill: COLORS.text }));
    lx += 24 + s.name.length * 7;
  }
  if (o.note) parts.push(text(labelW, legendH + 12, o.note, { fill: COLORS.muted }));
  // grid
  const axisY = top + o.categories.length * perCat;
  for (const t of ticks) {
    const gx = labelW + sx(t);
    parts.push(`<line x1="${px(gx)}" x2="${px(gx)}" y1="${px(top - 2)}" y2="${px(axisY)}" stroke="${COLORS.grid}"/>`);
    parts.push(text(gx, axisY + 14, format(t), { 'text-anchor': 'middle', fill: COLORS.axis }));
  }
  o.categories.forEach((cat, i) => {
    const y0 = top + i * perCat + 4;
    const rows: string[] = [];
    rows.push(text(labelW - 8, y0 + (o.stacked ? barH : (o.series.length * (barH + 2)) / 2 + 4) - 3, clip(cat, 22), { 'text-anchor': 'end', fill: COLORS.text }));
    if (o.stacked) {
      let x = labelW;
      for (const s of o.series) {
        const v = s.values[i] ?? 0;
        if (v > 0) {
          rows.push(`<g><title>${esc(`${cat} · ${s.name}: ${format(v)}`)}</title><rect x="${px(x)}" y="${px(y0)}" width="${px(Math.max(1, sx(v)))}" height="${barH}" fill="${s.color}"/></g>`);
          x += sx(v);
        }
      }
      const first = o.series[0]?.values[i] ?? 0;
      const label = o.shareOfFirst && sums[i]! > 0 ? `${format(sums[i]!)} · ${((first / sums[i]!) * 100).toFixed(0)}% ${o.series[0]!.name}` : format(sums[i]!);
      rows.push(text(x + 6, y0 + barH - 3, label, { fill: COLORS.text }));
    } else {
      o.series.forEach((s, k) => {
        const v = s.values[i] ?? 0;
        const y = y0 + k * (barH + 2);
        rows.push(`<g><title>${esc(`${cat} · ${s.name}: ${format(v)}`)}</title><rect x="${px(labelW)}" y="${px(y)}" width="${px(v > 0 ? Math.max(1, sx(v)) : 0)}" height="${barH}" fill="${s.color}"/></g>`);
        rows.push(text(labelW + sx(v) + 6, y + barH - 3, format(v), { fill: COLORS.text }));
      });
    }
    parts.push(link(o.hrefs?.[i], `<g class="bar-row">${rows.join('')}</g>`));
  });
  return svgDoc({ width, height, title: o.title, cls: 'bars' }, parts.join(''));
}
