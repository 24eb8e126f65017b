import type { RecipeManifest } from '../../engine/recipe.js';
import { SelfChatParamsSchema, checkSelfChatPipeline } from './params.js';

/** Self-chat: what the registry, config, export and the dataset card know of it. */
export const selfChatManifest: RecipeManifest = {
  method: 'self-chat',
  title: 'Self-chat',
  summary:
    'Self-chat (Baize; Xu et al., 2023): the teacher plays both the user and the assistant of a multi-turn conversation that starts from a seed topic.',
  citation: 'Xu et al. 2023. Baize: An Open-Source Chat Model with Parameter-Efficient Tuning on Self-Chat Data. arXiv:2304.01196.',
  params: SelfChatParamsSchema,
  check: checkSelfChatPipeline as RecipeManifest['check'],
  mainKind: 'conversation',
  datasetKind: 'conversation',
  inputKinds: ['topic'],
  sampling: ['transcript', 'human', 'assistant'],
};
