import type { RecipeManifest } from '../../engine/recipe.js';
import { BacktranslationParamsSchema } from './params.js';

/** Instruction backtranslation: what the registry, config, export and the dataset card know of it. */
export const backtranslationManifest: RecipeManifest = {
  method: 'backtranslation',
  title: 'Instruction backtranslation',
  summary:
    'Instruction backtranslation (Humpback; Li et al., 2023): the teacher writes the instruction that each unlabelled text would answer (the text becomes the output), then a judge rates every pair on a 5-point scale and pairs are kept by score.',
  citation: 'Li et al. 2023. Self-Alignment with Instruction Backtranslation. arXiv:2308.06259.',
  params: BacktranslationParamsSchema,
  mainKind: 'pair',
  datasetKind: 'pair',
  inputKinds: ['seed', 'passage'],
  sampling: ['augment', 'curate'],
};
