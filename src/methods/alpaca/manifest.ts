import type { RecipeManifest } from '../../engine/recipe.js';
import { AlpacaParamsSchema } from './params.js';

/** Stanford Alpaca: what the registry, config, export and the dataset card know of it. */
export const alpacaManifest: RecipeManifest = {
  method: 'alpaca',
  title: 'Alpaca',
  summary:
    "Alpaca (Taori et al., 2023): Self-Instruct simplified; the teacher writes complete instruction/input/output tasks in batches from a few seed demos, and near-duplicates are dropped with ROUGE-L.",
  citation: 'Taori et al. 2023. Stanford Alpaca: An Instruction-following LLaMA model. https://github.com/tatsu-lab/stanford_alpaca',
  params: AlpacaParamsSchema,
  mainKind: 'alpaca',
  datasetKind: 'alpaca',
  inputKinds: ['seed'],
  sampling: ['generation'],
};
