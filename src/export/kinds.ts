import { RECIPES, recipeOf } from '../methods/registry.js';
import type { KindCount } from '../store/export.js';

/** Kinds that are inputs to a recipe, never its output (seed tasks, sources, corpus passages, chat topics). */
export const INPUT_KINDS: ReadonlySet<string> = new Set(RECIPES.flatMap((r) => r.manifest.inputKinds));

/**
 * The kinds to export: the user's `--kind` list when given, else the recipe's dataset kind (its
 * manifest's `datasetKind`) when the run has rows of it, else every non-input kind whose rows carry
 * an output or messages (e.g. a run made by a recipe this version does not know).
 */
export function datasetKinds(method: string, present: readonly KindCount[], requested?: readonly string[]): string[] {
  if (requested && requested.length > 0) return [...new Set(requested)];
  const main = recipeOf(method)?.manifest.datasetKind;
  if (main && present.some((k) => k.kind === main && k.withContent > 0)) return [main];
  return present.filter((k) => !INPUT_KINDS.has(k.kind) && k.withContent > 0).map((k) => k.kind);
}
