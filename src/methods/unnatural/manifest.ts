import type { RecipeManifest } from '../../engine/recipe.js';
import { UnnaturalParamsSchema, checkUnnaturalPipeline } from './params.js';

/** Unnatural Instructions: what the registry, config, export and the dataset card know of it. */
export const unnaturalManifest: RecipeManifest = {
  method: 'unnatural',
  title: 'Unnatural Instructions',
  summary:
    'Unnatural Instructions (Honovich et al., 2022): core examples (instruction, input, constraints) written from three fixed demos and an open fourth example with nucleus sampling p = 0.99, dropped when a field is missing or the example is a duplicate; each output from a separate greedy call; then reformulations of each instruction that keep its input and output, linked to their core example.',
  citation: 'Honovich, Scialom, Levy, Schick. 2022. Unnatural Instructions: Tuning Language Models with (Almost) No Human Labor. arXiv:2212.09689.',
  params: UnnaturalParamsSchema,
  check: checkUnnaturalPipeline as RecipeManifest['check'],
  mainKind: 'core',
  datasetKind: 'core',
  inputKinds: ['demo'],
  sampling: ['generation', 'output', 'reformulation'],
};
