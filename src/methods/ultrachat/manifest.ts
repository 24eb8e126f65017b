import type { RecipeManifest } from '../../engine/recipe.js';
import { checkUltraChatPipeline, UltraChatParamsSchema } from './params.js';

/** UltraChat: what the registry, config, export and the dataset card know of it. */
export const ultrachatManifest: RecipeManifest = {
  method: 'ultrachat',
  title: 'UltraChat',
  summary:
    'UltraChat (Ding et al., 2023): multi-round conversations between a user simulator with a persona prompt and an assistant, each in its own chat context, opened from generated world questions (meta-topics, subtopics, questions), from instructions about given text pieces, or from openers given in a file; role-confused and merely polite user turns are filtered.',
  citation: 'Ding et al. 2023. Enhancing Chat Language Models by Scaling High-quality Instructional Conversations. arXiv:2305.14233.',
  params: UltraChatParamsSchema,
  check: checkUltraChatPipeline as RecipeManifest['check'],
  mainKind: 'conversation',
  datasetKind: 'conversation',
  inputKinds: ['topic', 'subtopic', 'material', 'opener'],
  sampling: ['lists', 'user', 'assistant'],
};
