import type { RecipeManifest } from '../../engine/recipe.js';
import { EvolInstructParamsSchema } from './params.js';

/** Evol-Instruct: what the registry, config, export and the dataset card know of it. */
export const evolInstructManifest: RecipeManifest = {
  method: 'evol-instruct',
  title: 'Evol-Instruct',
  summary:
    'Evol-Instruct (WizardLM; Xu et al., 2023): instructions are rewritten round after round by in-depth evolution (add constraints, deepen, concretize, increase reasoning steps, complicate the input) and in-breadth evolution (a new instruction in the same domain); failed evolutions are eliminated and the teacher answers each surviving instruction.',
  citation: 'Xu et al. 2023. WizardLM: Empowering Large Language Models to Follow Complex Instructions. arXiv:2304.12244.',
  params: EvolInstructParamsSchema,
  mainKind: 'evolved',
  datasetKind: 'evolved',
  inputKinds: ['seed', 'source'],
  sampling: ['evolution', 'equality', 'answer'],
};
