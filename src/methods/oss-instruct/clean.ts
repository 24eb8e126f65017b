/**
 * Magicoder's cleaning and decontamination as pure verdicts: a seed, problem or solution that repeats
 * an earlier one once whitespace is removed; a solution whose fenced code block equals one of the
 * problem's; a benchmark entry found as a substring (whitespace removed) of the problem or solution.
 */
import type { Verdict } from '../../store/samples.js';
import { codeBlocks, squash } from './parse.js';

export interface Seen {
  seed: Map<string, number>;
  problem: Map<string, number>;
  solution: Map<string, number>;
}

export function emptySeen(): Seen {
  return { seed: new Map(), problem: new Map(), solution: new Map() };
}

export function duplicateVerdict(seen: Seen, seed: string, problem: string, solution: string): Verdict {
  const hit = (['seed', 'problem', 'solution'] as const).find((k) => seen[k].has(squash({ seed, problem, solution }[k])));
  return { filter: 'duplicate', passed: !hit, detail: hit ? { field: hit, first_sample: seen[hit].get(squash({ seed, problem, solution }[hit])) } : undefined };
}

export function copiedCodeVerdict(problem: string, solution: string): Verdict {
  const inProblem = new Set(codeBlocks(problem));
  const copied = codeBlocks(solution).some((b) => inProblem.has(b));
  return { filter: 'solution-in-problem', passed: !copied };
}

/** Benchmark entries squashed once; entries shorter than `minChars` are left out. */
export function benchmarkIndex(entries: readonly string[], minChars: number): string[] {
  return [...new Set(entries.map(squash).filter((e) => e.length >= minChars))];
}

export function contaminationVerdict(index: readonly string[], problem: string, solution: string): Verdict {
  const text = squash(`${problem}\n${solution}`);
  const hit = index.find((e) => text.includes(e));
  return { filter: 'contaminated', passed: hit === undefined, detail: hit ? { benchmark: hit.slice(0, 200) } : undefined };
}
