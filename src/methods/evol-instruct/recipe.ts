import { defineRecipe } from '../../engine/recipe.js';
import { evolInstructManifest } from './manifest.js';
import type { EvolInstructConfig } from './params.js';
import { runEvolInstruct } from './run.js';

/** TEMPORARY wrapper while the recipe moves onto the wave runner. */
export const evolInstruct = defineRecipe<EvolInstructConfig>({
  manifest: evolInstructManifest,
  stages: [],
  run: runEvolInstruct,
});
