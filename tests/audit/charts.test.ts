import { describe, expect, it } from 'vitest';
import { barChart } from '../../src/audit/charts/bars.js';
import { funnelChart } from '../../src/audit/charts/funnel.js';
import { binValues, histogramChart, lengthBins } from '../../src/audit/charts/histogram.js';
import { lineageGraphChart } from '../../src/audit/charts/lineage-graph.js';
import { sunburstChart } from '../../src/audit/charts/sunburst.js';
import { niceTicks } from '../../src/audit/charts/svg.js';
import { funnels, survivalByRound } from '../../src/audit/dashboard.js';
import { escapeHtml, html, terminalText, trusted } from '../../src/audit/html.js';

const EVIL = `<script>alert("x")</script><img src=x onerror=alert(1)>&`;

/** No raw markup from data may reach the SVG: every < of the label is escaped. */
function assertEscaped(svg: string) {
  expect(svg).not.toContain('<script');
  expect(svg).not.toContain('<img');
  expect(svg).toContain('&lt;script&gt;');
}

describe('html escaping', () => {
  it('escapes interpolated values but not nested html``', () => {
    const inner = html`<b>${EVIL}</b>`;
    const out = html`<p title="${EVIL}">${inner}${[EVIL, 1]}${null}${trusted('<i>ok</i>')}</p>`.value;
    expect(out).toBe(
      `<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&amp;"><b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&amp;</b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&amp;1<i>ok</i></p>`,
    );
    expect(escapeHtml(`'`)).toBe('&#39;');
  });

  it('shows control characters (ANSI escapes) as text in the terminal', () => {
    expect(terminalText('red \u001b[31mX\u001b[0m\r\nok\tdone')).toBe('red \\x1b[31mX\\x1b[0m\\x0d\nok\tdone');
  });
});

describe('histogram bins', () => {
  it('puts max in the last bin and clamps values outside the range', () => {
    const bins = binValues([0, 0.05, 0.1, 0.5, 0.7, 0.99, 1, 1.5, -1, NaN], 0, 1, 10);
    expect(bins).toHaveLength(10);
    expect(bins.map((b) => b.n)).toEqual([3, 1, 0, 0, 0, 1, 0, 1, 0, 3]);
    expect(bins[7]!.lo).toBeCloseTo(0.7);
  });

  it('bins lengths up to the 99th percentile with an overflow bin', () => {
    const values = [...Array.from({ length: 200 }, (_, i) => i % 20), 5000];
    const { bins, overflowFrom } = lengthBins(values, 10);
    expect(bins.reduce((a, b) => a + b.n, 0)).toBe(201);
    expect(bins[bins.length - 1]!.n).toBeGreaterThanOrEqual(1);
    expect(overflowFrom).not.toBeNull();
    expect(lengthBins([3, 3, 3]).overflowFrom).toBeNull();
  });

  it('draws the threshold marker and escapes labels', () => {
    const svg = histogramChart({ title: EVIL, xLabel: EVIL, bins: binValues([0.1, 0.8], 0, 1, 4), marker: { at: 0.7, label: 'threshold 0.7' } });
    assertEscaped(svg);
    expect(svg).toContain('threshold 0.7');
    expect(svg).toContain('stroke-dasharray');
    expect(svg).not.toMatch(/\sstyle=/);
    expect(histogramChart({ title: 't', xLabel: 'x', bins: [] })).toContain('No values');
  });

  it('makes round ticks', () => {
    expect(niceTicks(37, 4)).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });
});

describe('funnel', () => {
  const counts = [
    { kind: 'seed', stage: 'seed', status: 'accepted', reason: null, n: 5 },
    { kind: 'instruction', stage: 'gen', status: 'accepted', reason: null, n: 20 },
    { kind: 'instruction', stage: 'gen', status: 'rejected', reason: 'rouge-l', n: 7 },
    { kind: 'instruction', stage: 'gen', status: 'rejected', reason: 'word-count', n: 2 },
    { kind: 'instruction', stage: 'gen', status: 'rejected', reason: 'parse-error', n: 1 },
    { kind: 'instruction', stage: 'gen', status: 'pending', reason: null, n: 3 },
  ];
  const verdicts = [
    { kind: 'instruction', filter: 'word-count', passed: 28, failed: 2, scored: 0, meanScore: null, firstId: 10 },
    { kind: 'instruction', filter: 'rouge-l', passed: 21, failed: 7, scored: 28, meanScore: 0.4, firstId: 17 },
  ];

  it('orders steps as the pipeline applied the filters, other reasons after; seeds are not generated', () => {
    const f = funnels(counts, verdicts, (x) => `/s?kind=${x.kind}&reason=${x.reason ?? ''}`);
    expect(f).toHaveLength(1);
    expect(f[0]!.generated).toBe(33);
    expect(f[0]!.steps.map((s) => [s.label, s.removed])).toEqual([
      ['word-count', 2],
      ['rouge-l', 7],
      ['parse-error', 1],
    ]);
    expect(f[0]!.accepted).toBe(20);
    expect(f[0]!.pending).toBe(3);
    expect(f[0]!.steps[1]!.href).toBe('/s?kind=instruction&reason=rouge-l');
  });

  it('draws each step as a link with the count removed', () => {
    const svg = funnelChart(funnels(counts, verdicts, () => '/x?a=1&b=2'));
    expect(svg).toContain('−7 (21.2%)');
    expect(svg).toContain('20 (60.6%)');
    expect(svg).toContain('<a href="/x?a=1&amp;b=2">');
    const evil = funnelChart([{ kind: EVIL, generated: 3, steps: [{ label: EVIL, removed: 1 }], accepted: 2, pending: 0 }]);
    assertEscaped(evil);
  });
});

describe('bars, survival by round, sunburst, lineage graph', () => {
  it('stacks series and labels the share of the first', () => {
    const svg = barChart({ title: 'Survival', categories: ['round 1', EVIL], series: [{ name: 'accepted', color: '#0a0', values: [3, 1] }, { name: 'rejected', color: '#a00', values: [1, 3] }], stacked: true, shareOfFirst: true });
    expect(svg).toContain('4 · 75% accepted');
    expect(svg).toContain('4 · 25% accepted');
    assertEscaped(svg);
  });

  it('shows survival only for kinds with rounds', () => {
    expect(survivalByRound([{ kind: 'instruction', round: 0, status: 'accepted', n: 4 }])).toBeNull();
    const s = survivalByRound([
      { kind: 'source', round: 0, status: 'accepted', n: 9 },
      { kind: 'evolved', round: 1, status: 'accepted', n: 8 },
      { kind: 'evolved', round: 1, status: 'rejected', n: 2 },
      { kind: 'evolved', round: 2, status: 'accepted', n: 5 },
    ]);
    expect(s).toEqual({ categories: ['round 1', 'round 2'], accepted: [8, 5], rejected: [2, 0], pending: [0, 0] });
  });

  it('draws a deterministic sunburst with tooltips and the remainder in grey', () => {
    const slices = [
      { verb: 'write', n: 10, objects: [{ object: 'poem', n: 6 }, { object: EVIL, n: 2 }] },
      { verb: 'explain', n: 4, objects: [] },
    ];
    const a = sunburstChart(slices);
    expect(a).toBe(sunburstChart(slices));
    expect(a).toContain('<title>write → poem: 6 (42.9%)</title>');
    expect(a).toContain('write → other objects or none: 2');
    expect((a.match(/<path /g) ?? []).length).toBe(2 + 3 + 1);
    assertEscaped(a);
    expect(sunburstChart([])).toContain('No instructions');
  });

  it('links every lineage node but the focused one', () => {
    const svg = lineageGraphChart(
      [
        { key: 's1', id: 1, layer: -1, kind: 'seed', status: 'accepted', reason: null, text: EVIL },
        { key: 's2', id: 2, layer: 0, kind: 'instruction', status: 'rejected', reason: 'rouge-l', text: 'x', focus: true },
        { key: 'more1', id: null, layer: 1, kind: '', status: '', reason: null, text: '', more: 4 },
      ],
      [{ from: 's1', to: 's2', relation: 'demo-in-prompt' }],
      { href: (id) => `/samples/${id}` },
    );
    expect(svg).toContain('<a href="/samples/1">');
    expect(svg).not.toContain('href="/samples/2"');
    expect(svg).toContain('+4 more');
    expect(svg).toContain('demo-in-prompt');
    assertEscaped(svg);
  });
});
