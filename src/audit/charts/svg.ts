/**
 * Small helpers shared by the chart renderers. Every chart is a pure function from data to an SVG
 * string; every text that reaches the SVG goes through `esc`. Colours are presentation attributes
 * (never style attributes), so a strict Content-Security-Policy does not block them.
 */
import { escapeHtml } from '../html.js';

export const esc = escapeHtml;

export const COLORS = {
  accepted: '#3a7d44',
  rejected: '#c0392b',
  pending: '#b7950b',
  bar: '#3b6ea5',
  barAlt: '#8fb3d9',
  axis: '#555',
  grid: '#ddd',
  text: '#222',
  muted: '#777',
  threshold: '#c0392b',
};

/** A categorical palette (colour-blind friendly order). */
export const PALETTE = ['#4477aa', '#ee6677', '#228833', '#ccbb44', '#66ccee', '#aa3377', '#bbbbbb', '#e69f00', '#56b4e9', '#009e73', '#f0e442', '#0072b2', '#d55e00', '#cc79a7'];

export function statusColor(status: string): string {
  return status === 'accepted' ? COLORS.accepted : status === 'rejected' ? COLORS.rejected : status === 'pending' ? COLORS.pending : COLORS.muted;
}

/** A number rounded for display. */
export function fmt(n: number, digits = 2): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  return n.toFixed(digits);
}

/** An attribute-safe coordinate. */
export function px(n: number): string {
  return Number.isFinite(n) ? String(Math.round(n * 100) / 100) : '0';
}

export function svgDoc(opts: { width: number; height: number; title: string; desc?: string; cls?: string }, body: string): string {
  const { width, height } = opts;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart${opts.cls ? ` ${esc(opts.cls)}` : ''}" viewBox="0 0 ${px(width)} ${px(height)}" width="${px(width)}" height="${px(height)}" role="img" aria-label="${esc(opts.title)}" font-family="system-ui, sans-serif" font-size="12">` +
    `<title>${esc(opts.title)}</title>${opts.desc ? `<desc>${esc(opts.desc)}</desc>` : ''}${body}</svg>`
  );
}

/** An SVG telling that there is nothing to draw. */
export function emptyChart(title: string, message: string, width = 480): string {
  return svgDoc({ width, height: 48, title }, `<text x="8" y="28" fill="${COLORS.muted}">${esc(message)}</text>`);
}

export function text(x: number, y: number, content: string, attrs: Record<string, string | number> = {}): string {
  const a = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${esc(String(v))}"`)
    .join('');
  return `<text x="${px(x)}" y="${px(y)}"${a}>${esc(content)}</text>`;
}

/** Wrap SVG content in a link when an href is given (the href is escaped). */
export function link(href: string | undefined, content: string): string {
  return href ? `<a href="${esc(href)}">${content}</a>` : content;
}

/**
 * Round numbers for an axis: about `count` ticks from 0 to at least `max`. With `integer` (an axis
 * of counts) every tick is a whole number: a count of 2 gets 0, 1, 2, never 0.5 or 1.5.
 */
export function niceTicks(max: number, count = 5, integer = false): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const steps = [1, 2, 2.5, 5, 10].map((m) => m * mag).filter((s) => !integer || (s >= 1 && Number.isInteger(s)));
  const step = steps.find((s) => s >= raw) ?? (integer ? Math.max(1, Math.ceil(raw)) : 10 * mag);
  const ticks: number[] = [];
  for (let t = 0; t <= max + step * 1e-9; t += step) ticks.push(Math.round(t * 1e9) / 1e9);
  if (ticks[ticks.length - 1]! < max) ticks.push(Math.round((ticks[ticks.length - 1]! + step) * 1e9) / 1e9);
  return ticks;
}

/** Cut a label to `max` characters. */
export function clip(label: string, max: number): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}
