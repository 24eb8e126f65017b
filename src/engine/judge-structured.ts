/**
 * The judge's answer as a JSON document (structured outputs): a short rationale, then the score.
 * The rationale comes first in the schema so a model that writes in order reasons before it scores.
 */
import { z } from 'zod';
import type { JudgeScore } from '../filters/judge-score.js';
import type { StructuredForm } from './structured.js';

const ScoreDoc = z.strictObject({ rationale: z.string(), score: z.number().min(1).max(5) });

export const judgeScoreForm: StructuredForm<unknown, JudgeScore, z.infer<typeof ScoreDoc>> = {
  name: 'judge_score',
  schema: ScoreDoc,
  toValue: (doc) => ({ score: doc.score, parse: 'exact', rationale: doc.rationale.trim() }),
  fromValue: (v) => ({ rationale: v.rationale, score: v.score ?? 1 }),
};
