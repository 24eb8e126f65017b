import type { RecipeManifest } from '../../engine/recipe.js';
import { checkPreferencePipeline, PreferenceParamsSchema } from './params.js';

/** Preference data: what the registry, config, export and the dataset card know of it. */
export const preferenceManifest: RecipeManifest = {
  method: 'preference',
  title: 'Preference data (UltraFeedback ratings, Nectar-style rankings, SPIN pairs)',
  summary:
    'Preference pairs for DPO, KTO, ORPO and reward models: K answers per prompt from several teachers, rated per aspect in one shuffled call each (UltraFeedback) or ranked twice in two orders with only agreements kept (Nectar-style), then binarized to chosen/rejected; or SPIN pairs of a reference answer against the model\'s own.',
  citation:
    'Cui et al. 2023. UltraFeedback: Boosting Language Models with High-quality Feedback. arXiv:2310.01377. Zhu et al. 2023. Starling-7B / Nectar. Chen et al. 2024. Self-Play Fine-Tuning Converts Weak Language Models to Strong Language Models. arXiv:2401.01335.',
  params: PreferenceParamsSchema,
  check: checkPreferencePipeline as RecipeManifest['check'],
  mainKind: 'preference',
  datasetKind: 'preference',
  inputKinds: ['source'],
  sampling: ['answer', 'rating', 'ranking', 'generation'],
  // JSONL, Parquet and the Hugging Face folder carry the pair's other side and who wrote each.
  extraColumns: () => ['rejected', 'chosen_teacher', 'rejected_teacher'],
};
