import { defineRecipe } from '../../engine/recipe.js';
import { selfInstructManifest } from './manifest.js';
import type { SelfInstructConfig } from './params.js';
import { runSelfInstruct } from './run.js';

/** TEMPORARY wrapper while the recipe moves onto the wave runner. */
export const selfInstruct = defineRecipe<SelfInstructConfig>({
  manifest: selfInstructManifest,
  stages: [],
  run: runSelfInstruct,
});
