import { defineRecipe } from '../../engine/recipe.js';
import { backtranslationManifest } from './manifest.js';
import type { BacktranslationConfig } from './params.js';
import { runBacktranslation } from './run.js';

/** TEMPORARY wrapper while the recipe moves onto the wave runner. */
export const backtranslation = defineRecipe<BacktranslationConfig>({
  manifest: backtranslationManifest,
  stages: [],
  run: runBacktranslation,
});
