/**
 * A sample's lineage up (the samples it came from: demos in its prompt, the instruction it answers,
 * the sample it evolved from...) and down (what came of it), as trees of bounded depth and width.
 * Generic over relations: whatever the lineage table holds is shown.
 */
import type { Db } from '../store/db.js';
import { childrenOf, parentsOf, sampleNode, type SampleNode } from '../store/audit.js';
import type { GraphEdge, GraphNode } from './charts/lineage-graph.js';
import { snippet, terminalText } from './html.js';

export interface LineageTree {
  node: SampleNode;
  /** Relation of this node to the node above it in the tree (null at the root). */
  relation: string | null;
  position: number;
  children: LineageTree[];
  /** Links of this node not shown (over the width cap, or past the depth limit). */
  hidden: number;
  /** Already shown elsewhere in this tree: not expanded again. */
  repeated: boolean;
}

export interface LineageOptions {
  depth?: number;
  /** Links shown per node at most. */
  width?: number;
}

/** The ancestors of a sample: its parents, their parents... */
export function ancestorTree(db: Db, id: number, o: LineageOptions = {}): LineageTree | undefined {
  return build(db, id, 'up', o.depth ?? 3, o.width ?? 12);
}

/** The descendants of a sample: its children, their children... */
export function descendantTree(db: Db, id: number, o: LineageOptions = {}): LineageTree | undefined {
  return build(db, id, 'down', o.depth ?? 2, o.width ?? 12);
}

function build(db: Db, id: number, dir: 'up' | 'down', depth: number, width: number): LineageTree | undefined {
  const root = sampleNode(db, id);
  if (!root) return undefined;
  const seen = new Set<number>([id]);
  const expand = (tree: LineageTree, level: number) => {
    let links: { rows: (SampleNode & { relation: string; position: number })[]; total: number };
    if (dir === 'up') {
      const rows = parentsOf(db, tree.node.id);
      links = { rows, total: rows.length };
    } else {
      const c = childrenOf(db, tree.node.id, level < depth ? width : 0);
      links = { rows: c.rows, total: c.byRelation.reduce((a, r) => a + r.n, 0) };
    }
    if (level >= depth) {
      tree.hidden = links.total;
      return;
    }
    const shown = links.rows.slice(0, width);
    tree.hidden = links.total - shown.length;
    for (const r of shown) {
      const { relation, position, ...node } = r;
      const child: LineageTree = { node, relation, position, children: [], hidden: 0, repeated: seen.has(node.id) };
      tree.children.push(child);
      if (!child.repeated) {
        seen.add(node.id);
        expand(child, level + 1);
      }
    }
  };
  const tree: LineageTree = { node: root, relation: null, position: 0, children: [], hidden: 0, repeated: false };
  expand(tree, 0);
  return tree;
}

function nodeLine(n: SampleNode): string {
  const status = n.reason ? `${n.status}: ${n.reason}` : n.status;
  return terminalText(`#${n.id} ${n.kind} [${status}] ${snippet(n.text, 70)}`);
}

/** The relation of a link, with its position when the parent has several links of that relation (demo 0, 1, 2...). */
export function relationLabel(parent: LineageTree, child: LineageTree): string {
  const rel = child.relation ?? '';
  const several = parent.children.filter((c) => c.relation === child.relation).length > 1;
  return several ? `${rel} ${child.position}` : rel;
}

/** A tree as indented text for the terminal, with box-drawing branches. */
export function formatTree(tree: LineageTree, dir: 'up' | 'down'): string {
  const lines: string[] = [nodeLine(tree.node)];
  const walk = (t: LineageTree, prefix: string) => {
    const items: (LineageTree | number)[] = [...t.children];
    if (t.hidden > 0) items.push(t.hidden);
    items.forEach((c, i) => {
      const last = i === items.length - 1;
      const branch = `${prefix}${last ? '└─ ' : '├─ '}`;
      if (typeof c === 'number') {
        lines.push(`${branch}… ${c} more ${dir === 'up' ? 'parent' : 'child'}${c === 1 ? '' : dir === 'up' ? 's' : 'ren'}`);
        return;
      }
      const rel = c.relation ? `${relationLabel(t, c)}: ` : '';
      lines.push(`${branch}${terminalText(rel)}${nodeLine(c.node)}${c.repeated ? ' (shown above)' : ''}`);
      walk(c, `${prefix}${last ? '   ' : '│  '}`);
    });
  };
  walk(tree, '');
  return lines.join('\n');
}

/**
 * Both trees as one layered graph: ancestors above (layer -1, -2...), the sample at layer 0,
 * descendants below. A sample appears once; edges run from parent to child.
 */
export function lineageGraph(up: LineageTree | undefined, down: LineageTree | undefined, perLayer = 8): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const counts = new Map<number, number>();
  const more = new Map<number, number>();
  const place = (n: SampleNode, layer: number, focus: boolean): string | null => {
    const key = `s${n.id}`;
    if (nodes.has(key)) return key;
    const k = counts.get(layer) ?? 0;
    if (k >= perLayer) {
      more.set(layer, (more.get(layer) ?? 0) + 1);
      return null;
    }
    counts.set(layer, k + 1);
    nodes.set(key, { key, id: n.id, layer, kind: n.kind, status: n.status, reason: n.reason, text: n.text, focus });
    return key;
  };
  const root = up?.node ?? down?.node;
  if (!root) return { nodes: [], edges: [] };
  place(root, 0, true);
  const walk = (t: LineageTree, layer: number, dir: 1 | -1, selfKey: string) => {
    for (const c of t.children) {
      const key = place(c.node, layer + dir, false);
      if (!key) continue;
      edges.push(dir === -1 ? { from: key, to: selfKey, relation: c.relation ?? '' } : { from: selfKey, to: key, relation: c.relation ?? '' });
      if (!c.repeated) walk(c, layer + dir, dir, key);
    }
    if (t.hidden > 0) more.set(layer + dir, (more.get(layer + dir) ?? 0) + t.hidden);
  };
  if (up) walk(up, 0, -1, `s${root.id}`);
  if (down) walk(down, 0, 1, `s${root.id}`);
  parentsAbove(nodes, edges);
  for (const [layer, n] of more) {
    const key = `more${layer}`;
    nodes.set(key, { key, id: null, layer, kind: '', status: '', reason: null, text: '', more: n });
  }
  return { nodes: [...nodes.values()], edges };
}

/**
 * Move nodes so that every edge points down: a sample reached at two depths (a demo of the sample
 * and of its parent too) goes above all of its children. Ancestors move up, descendants move down;
 * the sample itself stays at layer 0. Lineage has no cycles, so this settles within |nodes| passes.
 */
export function parentsAbove(nodes: Map<string, GraphNode>, edges: readonly GraphEdge[]): void {
  for (let pass = 0; pass <= nodes.size; pass++) {
    let moved = false;
    for (const e of edges) {
      const from = nodes.get(e.from);
      const to = nodes.get(e.to);
      if (!from || !to || from.layer < to.layer) continue;
      if (to.layer > 0 || (to.layer === 0 && !to.focus)) to.layer = from.layer + 1;
      else if (!from.focus) from.layer = to.layer - 1;
      else continue;
      moved = true;
    }
    if (!moved) return;
  }
}
