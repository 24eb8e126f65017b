import type { RecipeManifest } from '../../engine/recipe.js';
import { customCardDetails } from './card.js';
import { checkStageTeachers } from './check.js';
import { CustomParamsSchema } from './params.js';

/** A user's own pipeline: stages declared in YAML over the user's rows. */
export const customManifest: RecipeManifest = {
  method: 'custom',
  title: 'Custom pipeline',
  summary:
    "A pipeline stated in the config: each input row goes through the declared stages in order (a template, an optional system message, n answers, a text, JSON or regex output, and per-field filters), and every row that passes them all is mapped to the dataset's shape.",
  params: CustomParamsSchema,
  mainKind: 'custom',
  datasetKind: 'custom',
  inputKinds: ['source'],
  sampling: [],
  check: checkStageTeachers as RecipeManifest['check'],
  cardDetails: customCardDetails,
  extraColumns: (config) => Object.keys((config as { params?: { output?: { columns?: object } } } | null)?.params?.output?.columns ?? {}),
};
