import type { RecipeManifest } from '../../engine/recipe.js';
import { refuseJudge } from '../no-judge.js';
import { MagpieParamsSchema } from './params.js';

/** Magpie: what the registry, config, export and the dataset card know of it. */
export const magpieManifest: RecipeManifest = {
  method: 'magpie',
  title: 'Magpie',
  summary:
    "Magpie (Xu et al., 2024): an aligned model is sent only its chat template's pre-query part and writes a user query itself (temperature 1); the query is then answered greedily in the same template. Queries ending with ':', duplicates and out-of-range lengths are dropped.",
  citation: 'Xu et al. 2024. Magpie: Alignment Data Synthesis from Scratch by Prompting Aligned LLMs with Nothing. arXiv:2406.08464',
  params: MagpieParamsSchema,
  check: (config, ctx) => {
    refuseJudge('magpie', config, ctx);
    // A chat endpoint wraps every prompt in its own template, so the pre-query text would arrive as a user message.
    if (config.teacher.mode !== 'completion') {
      ctx.addIssue({
        code: 'custom',
        path: ['teacher', 'mode'],
        message: 'magpie needs teacher.mode "completion": the pre-query template must reach the model as a raw prompt, which a chat endpoint does not allow',
        input: config.teacher.mode,
      });
    }
  },
  mainKind: 'magpie',
  datasetKind: 'magpie',
  inputKinds: [],
  sampling: ['instruction', 'response'],
};
