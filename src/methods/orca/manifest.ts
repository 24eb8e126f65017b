import type { RecipeManifest } from '../../engine/recipe.js';
import { OrcaParamsSchema, checkOrcaPipeline } from './params.js';

/** Orca / Orca 2: what the registry, config, export and the dataset card know of it. */
export const orcaManifest: RecipeManifest = {
  method: 'orca',
  title: 'Orca explanation tuning',
  summary:
    'Orca (Mukherjee et al., 2023) explanation tuning: each FLAN-style query is answered under a system message drawn from 16 kinds (step-by-step, explain to a five-year-old, teacher, ...), stored and exported per row; Orca 2 prompt erasing as an option.',
  citation:
    'Mukherjee et al. 2023. Orca: Progressive Learning from Complex Explanation Traces of GPT-4. arXiv:2306.02707. Mitra et al. 2023. Orca 2: Teaching Small Language Models How to Reason. arXiv:2311.11045.',
  params: OrcaParamsSchema,
  check: checkOrcaPipeline as RecipeManifest['check'],
  mainKind: 'explanation',
  datasetKind: 'explanation',
  inputKinds: ['query'],
  sampling: ['answer'],
};
