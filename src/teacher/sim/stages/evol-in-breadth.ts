/**
 * Evol-Instruct in-breadth evolution (methods.md 3): the prompt ends with "#Created Prompt#:". The
 * answer is a new prompt in a related domain; ~5% leak a marker phrase.
 */
import { DEFAULT_MIX, goodTask } from '../tasks.js';
import { DOMAINS, DOMAIN_NAMES } from '../vocab.js';
import { contentWords, tail } from '../text.js';
import { between } from './evol-in-depth.js';
import type { SimStage } from './types.js';

const ENDING = /#Created Prompt#:?[ \t]*(?:\r?\n[ \t]*)*$/i;

/** The domain whose topics share the most words with `text`, if any. */
export function domainOf(text: string): string | undefined {
  const words = new Set(contentWords(text));
  let best: string | undefined;
  let bestScore = 0;
  for (const d of DOMAIN_NAMES) {
    let score = words.has(d) ? 2 : 0;
    for (const topic of DOMAINS[d] ?? []) for (const w of contentWords(topic)) if (words.has(w)) score++;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

export const evolInBreadth: SimStage = {
  name: 'evol-in-breadth',
  matches(ctx) {
    return ENDING.test(tail(ctx.last, 200));
  },
  write(ctx, rng) {
    const text = tail(ctx.last, 30_000);
    const given = between(text, '#(?:The )?Given Prompt#', '#Created Prompt#');
    const domain = domainOf(given) ?? rng.pick(DOMAIN_NAMES);
    const created = goodTask(rng, { ...DEFAULT_MIX, classification: 0.05 }, domain).instruction;
    if (rng.chance(0.05)) return rng.chance(0.5) ? `#Created Prompt#: ${created}` : `The created prompt is: ${created}`;
    return created;
  },
};
