import { describe, expect, it } from 'vitest';
import { distinctPreviews, lineageGraphChart } from '../../src/audit/charts/lineage-graph.js';
import { lineageGraph, type LineageTree } from '../../src/audit/lineage.js';

const node = (id: number, text: string) => ({ id, run_id: 1, kind: 'instruction', stage: 's', status: 'accepted', reason: null, text });
const tree = (id: number, text: string, children: LineageTree[] = [], relation: string | null = null, repeated = false): LineageTree => ({ node: node(id, text), relation, position: 0, children, hidden: 0, repeated });

describe('lineage graph layout', () => {
  it('draws every parent above its children, even a sample reached at two depths', () => {
    // Sample 1 has parents 2 and 3; 2 is also a parent of 3 (a demo of the sample and of its parent).
    const up = tree(1, 'root', [tree(2, 'demo two', [], 'demo-in-prompt'), tree(3, 'parent three', [tree(2, 'demo two', [], 'demo-in-prompt', true)], 'instance-of')]);
    // Below: 1 has children 4 and 5, and 4 is a parent of 5 too.
    const down = tree(1, 'root', [tree(4, 'child four', [tree(5, 'child five', [], 'evolved-from')], 'evolved-from'), tree(5, 'child five', [], 'evolved-from', true)]);
    const g = lineageGraph(up, down);
    const layer = new Map(g.nodes.map((n) => [n.key, n.layer]));
    expect(g.edges.length).toBeGreaterThanOrEqual(6);
    for (const e of g.edges) expect(layer.get(e.from)!, `${e.from} -> ${e.to}`).toBeLessThan(layer.get(e.to)!);
    expect(layer.get('s1')).toBe(0);
    expect(layer.get('s2')).toBeLessThan(layer.get('s3')!);
    expect(layer.get('s5')).toBeGreaterThan(layer.get('s4')!);
    // In the picture too: each edge starts at the bottom of a higher box.
    const svg = lineageGraphChart(g.nodes, g.edges);
    for (const m of svg.matchAll(/<path d="M[\d.]+,([\d.]+) C[^ ]+ [^ ]+ [\d.]+,([\d.]+)"/g)) expect(Number(m[1])).toBeLessThan(Number(m[2]));
  });

  it('previews of one layer tell the samples apart', () => {
    expect(distinctPreviews(['Write a short poem about the sea.', 'Write a short poem about old trains.'])).toEqual(['…the sea.', '…old trains.']);
    expect(distinctPreviews(['Explain tides.', 'Explain trains.'])).toEqual(['Explain tides.', 'Explain trains.']);
    expect(distinctPreviews(['Only one  text'])).toEqual(['Only one text']);
    const svg = lineageGraphChart(
      [
        { key: 's1', id: 1, layer: 0, kind: 'instance', status: 'accepted', reason: null, text: 'root', focus: true },
        { key: 's2', id: 2, layer: -1, kind: 'seed', status: 'accepted', reason: null, text: 'Write a short poem about the sea.' },
        { key: 's3', id: 3, layer: -1, kind: 'seed', status: 'accepted', reason: null, text: 'Write a short poem about old trains.' },
      ],
      [
        { from: 's2', to: 's1', relation: 'demo-in-prompt' },
        { from: 's3', to: 's1', relation: 'demo-in-prompt' },
      ],
    );
    expect(svg).toContain('>…the sea.<');
    expect(svg).toContain('>…old trains.<');
  });
});
