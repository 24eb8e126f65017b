/**
 * Counts beside the sample browser's dropdown choices: for each choice, how many samples match it
 * together with the other filters (so the numbers say what picking it would show). The choices
 * themselves are the whole run's, so a choice never disappears because another filter is set.
 */
import type { SampleCount, SampleFilter } from '../store/audit.js';

export type Facet = 'kind' | 'stage' | 'status' | 'reason';
const FACETS: readonly Facet[] = ['kind', 'stage', 'status', 'reason'];

function matches(g: SampleCount, f: SampleFilter, field: Facet): boolean {
  const want = f[field];
  if (want === undefined) return true;
  if (field === 'reason') return want === '-' ? g.reason === null : g.reason === want;
  return g[field] === want;
}

/** The value a group shows in a dropdown (reasons only of rejected samples). */
function valueOf(g: SampleCount, facet: Facet): string | null {
  if (facet === 'reason') return g.status === 'rejected' ? g.reason : null;
  return g[facet];
}

/**
 * Choices of one dropdown with their counts. `all`: the whole run's groups (the choices, in
 * their order); `matching`: the groups under the filters other than these four (the counts).
 */
export function facetOptions(all: readonly SampleCount[], matching: readonly SampleCount[], f: SampleFilter, facet: Facet): { value: string; n: number }[] {
  const counts = new Map<string, number>();
  for (const g of all) {
    const v = valueOf(g, facet);
    if (v !== null && !counts.has(v)) counts.set(v, 0);
  }
  const others = FACETS.filter((x) => x !== facet);
  for (const g of matching) {
    const v = valueOf(g, facet);
    if (v === null || !counts.has(v) || !others.every((x) => matches(g, f, x))) continue;
    counts.set(v, counts.get(v)! + g.n);
  }
  return [...counts].map(([value, n]) => ({ value, n }));
}

/** The filter's parts that the four dropdowns do not cover. */
export function extraFilters(f: SampleFilter): SampleFilter {
  const out: SampleFilter = { failed: f.failed, grep: f.grep, review: f.review, maxScore: f.maxScore };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as SampleFilter;
}
