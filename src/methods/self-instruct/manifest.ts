import type { RecipeManifest } from '../../engine/recipe.js';
import { SelfInstructParamsSchema } from './params.js';

/** Self-Instruct: what the registry, config, export and the dataset card know of it. */
export const selfInstructManifest: RecipeManifest = {
  method: 'self-instruct',
  title: 'Self-Instruct',
  summary:
    'Self-Instruct (Wang et al., 2022): the teacher is shown demos drawn from a pool of seed tasks and earlier accepted instructions and writes new instructions; each accepted instruction then gets input/output instances from the teacher. Instructions are filtered by heuristics and by ROUGE-L novelty against the pool.',
  citation: 'Wang et al. 2022. Self-Instruct: Aligning Language Models with Self-Generated Instructions. arXiv:2212.10560.',
  params: SelfInstructParamsSchema,
  mainKind: 'instruction',
  datasetKind: 'instance',
  inputKinds: ['seed'],
  sampling: ['generation', 'classify', 'instances'],
};
