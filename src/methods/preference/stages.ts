import { defineStage } from '../../engine/stage.js';
import { render } from '../../prompts/template.js';
import { Rng } from '../../teacher/sim/rng.js';
import { generic } from '../../teacher/sim/stages/generic.js';
import { writeRanking, writeRatings } from './examples.js';
import { parseRanking, type RankingParse } from './ranking.js';
import { parseRatings, type RatingParse } from './rating-parse.js';
import { spinPrompt } from './spin.js';

/** One answer to a prompt, under the principle's system message drawn for it (none when principles are off). */
export const answerStage = defineStage<{ prompt: string; system?: string }, string>({
  recipe: 'preference',
  name: 'answer',
  placeholders: [],
  prompt: ({ prompt, system }) => (system ? { prompt, system } : { prompt }),
  parse: (text) => text.trim(),
  // The sim's answer depends on the model asked, as different real models' answers do (a named sim
  // teacher is "distillery-sim-1+<its model>", the same model as behind the fake server).
  example: (view, rng) => {
    const model = view.model?.split('+').at(-1);
    return generic.write(view, model ? Rng.fromKey(`${model}\n${rng.float()}`) : rng);
  },
  usable: (text) => text !== '',
});

/** What a judge prompt is filled with: the instruction, the answers as shown, their count, and (truthfulness) world knowledge. */
export interface JudgeInput {
  instruction: string;
  answers: string;
  count: number;
  context?: string;
  /** A re-ask: which attempt, and why the previous answer could not be read. */
  retry?: { attempt: number; error: string };
}

/**
 * A re-ask says what went wrong. (UltraFeedback sends the same prompt again; ours differs so it is a
 * request of its own in the journal, and so a judge at temperature 0 does not repeat itself.)
 */
function withRetry(text: string, i: JudgeInput): string {
  if (!i.retry) return text;
  return `${text}\n\n(Attempt ${i.retry.attempt + 1}: your previous answer could not be read: ${i.retry.error}. Answer again, keeping exactly to the format above.)`;
}

/** The answers as the judge sees them, in shown order: the text under each "[Answer N]" header. */
function shownAnswers(text: string): string[] {
  const parts = text.split(/^\[Answer \d+\]$/m).slice(1);
  // Only the first line: the last answer runs on into the prompt's closing request.
  return parts.map((p) => p.trim().split('\n')[0]!);
}

function shownCount(text: string): number {
  return shownAnswers(text).length;
}

/** One aspect's rating of all K answers (UltraFeedback: one call per aspect, all answers at once). */
export const rateStage = defineStage<JudgeInput, RatingParse>({
  recipe: 'preference',
  name: 'rate',
  placeholders: ['instruction', 'context', 'answers', 'count'],
  prompt: (i, t) => withRetry(render(t!, { instruction: i.instruction, context: i.context ? `\nWorld knowledge:\n${i.context}\n` : '', answers: i.answers, count: i.count }), i),
  parse: (text, _finish, i) => parseRatings(text, i.count),
  example: (view, rng) => {
    const k = shownCount(view.last);
    // About one answer in twenty leaves an answer unrated, as real judges sometimes do: the re-ask path runs.
    const shown = rng.chance(0.05) ? Math.max(k - 1, 1) : k;
    const ratings = Array.from({ length: shown }, () => {
      const rating = rng.int(1, 5);
      return { rating, rationale: rating >= 4 ? 'It does what was asked, clearly and correctly.' : 'It misses part of the request or states something doubtful.' };
    });
    return writeRatings(ratings, 'this aspect');
  },
  usable: (r) => r.ok,
});

/** A K-wise ranking of the answers in one shown order (Nectar: one GPT-4 call ranks all 7). */
export const rankStage = defineStage<JudgeInput, RankingParse>({
  recipe: 'preference',
  name: 'rank',
  placeholders: ['instruction', 'answers', 'count'],
  prompt: (i, t) => withRetry(render(t!, { instruction: i.instruction, answers: i.answers, count: i.count }), i),
  parse: (text, _finish, i) => parseRanking(text, i.count),
  example: (view, rng) => {
    // The sim judge scores each answer by its text, whatever position it is shown in, and slips on
    // about a third of its asks (two neighbours swapped): two orders agree often, not always.
    const order = shownAnswers(view.last)
      .map((text, pos) => ({ pos, score: Rng.fromKey(text).float() }))
      .sort((a, b) => b.score - a.score)
      .map((a) => a.pos);
    if (order.length > 1 && rng.chance(0.3)) {
      const i = rng.int(0, order.length - 2);
      [order[i], order[i + 1]] = [order[i + 1]!, order[i]!];
    }
    return writeRanking(order);
  },
  usable: (r) => r.ok,
});

/** SPIN: the student's own answer to the prompt, in SPIN's instruction/response template. */
export const spinStage = defineStage<{ prompt: string }, string>({
  recipe: 'preference',
  name: 'generate',
  placeholders: [],
  prompt: ({ prompt }) => spinPrompt(prompt),
  parse: (text) => text.trim(),
  example: (view, rng) => generic.write({ ...view, last: view.last.replace(/^### Instruction: /, '').replace(/\n\n### Response: $/, '') }, rng),
  usable: (text) => text !== '',
});

export const preferenceStages = [answerStage, rateStage, rankStage, spinStage] as const;

