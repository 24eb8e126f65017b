import { describe, expect, it } from 'vitest';
import { barChart } from '../../src/audit/charts/bars.js';
import { histogramChart } from '../../src/audit/charts/histogram.js';
import { niceTicks } from '../../src/audit/charts/svg.js';

/** The labels of the text elements anchored as the chart's axis labels are. */
const labels = (svg: string, anchor: string) => [...svg.matchAll(new RegExp(`<text[^>]*text-anchor="${anchor}"[^>]*>([^<]*)</text>`, 'g'))].map((m) => m[1]!);

describe('axes of counts have whole-number ticks', () => {
  it('niceTicks with integer never steps by a fraction', () => {
    expect(niceTicks(2, 4)).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(niceTicks(2, 4, true)).toEqual([0, 1, 2]);
    expect(niceTicks(1, 4, true)).toEqual([0, 1]);
    expect(niceTicks(3, 4, true)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(7, 4, true)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(90, 4, true)).toEqual([0, 25, 50, 75, 100]);
    expect(niceTicks(37, 4, true)).toEqual([0, 10, 20, 30, 40]);
  });

  it('a histogram of few values labels its count axis 0, 1, 2', () => {
    const svg = histogramChart({ title: 'lengths', xLabel: 'words', bins: [{ lo: 0, hi: 5, n: 2 }, { lo: 5, hi: 10, n: 1 }], integer: true });
    const ticks = labels(svg, 'end');
    expect(ticks).toEqual(['0', '1', '2']);
  });

  it('bars of counts get whole ticks; bars of costs keep fractions', () => {
    const counts = barChart({ title: 'rounds', categories: ['1', '2'], series: [{ name: 'accepted', color: '#000', values: [1, 2] }] });
    const countTicks = labels(counts, 'middle');
    expect(countTicks.length).toBeGreaterThan(1);
    for (const t of countTicks) expect(Number.isInteger(Number(t)), t).toBe(true);
    const costs = barChart({ title: 'cost', categories: ['a', 'b'], series: [{ name: 'cost', color: '#000', values: [0.5, 1.5] }] });
    expect(labels(costs, 'middle').some((t) => !Number.isInteger(Number(t)))).toBe(true);
  });
});
