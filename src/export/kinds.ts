import type { KindCount } from '../store/export.js';

/**
 * The kind of sample that makes up each recipe's dataset. A method missing here (or whose kind has
 * no rows in a run) falls back to every dataset-like kind of the run (see `datasetKinds`).
 */
export const DATASET_KIND: Readonly<Record<string, string>> = {
  'self-instruct': 'instance',
  alpaca: 'alpaca',
  'evol-instruct': 'evolved',
  backtranslation: 'pair',
  'self-chat': 'conversation',
};

/** Kinds that are inputs to a recipe, never its output (seed tasks, corpus passages, chat topics). */
export const INPUT_KINDS: ReadonlySet<string> = new Set(['seed', 'source', 'passage', 'topic']);

/**
 * The kinds to export: the user's `--kind` list when given, else the method's dataset kind when the
 * run has rows of it, else every non-input kind whose rows carry an output or messages.
 */
export function datasetKinds(method: string, present: readonly KindCount[], requested?: readonly string[]): string[] {
  if (requested && requested.length > 0) return [...new Set(requested)];
  const main = DATASET_KIND[method];
  if (main && present.some((k) => k.kind === main && k.withContent > 0)) return [main];
  return present.filter((k) => !INPUT_KINDS.has(k.kind) && k.withContent > 0).map((k) => k.kind);
}
