import type { RecipeManifest } from '../../engine/recipe.js';
import { refuseJudge } from '../no-judge.js';
import { OssInstructParamsSchema } from './params.js';

export const ossInstructManifest: RecipeManifest = {
  method: 'oss-instruct',
  title: 'OSS-Instruct',
  summary:
    'OSS-Instruct (Magicoder, Wei et al., 2023): a snippet of 1-15 consecutive lines from real code inspires the teacher to write a self-contained programming problem and its solution, in two required sections; answers not ended by stop, with missing, misordered or empty sections are dropped, then whitespace-insensitive duplicates, solutions that copy the problem\'s code, and samples containing benchmark text.',
  citation: 'Wei et al. 2023. Magicoder: Empowering Code Generation with OSS-Instruct. arXiv:2312.02120',
  params: OssInstructParamsSchema,
  check: (config, ctx) => refuseJudge('oss-instruct', config, ctx),
  mainKind: 'oss-instruct',
  datasetKind: 'oss-instruct',
  inputKinds: ['snippet'],
  sampling: ['generation'],
};
