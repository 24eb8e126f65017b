/**
 * Yield of Evol-Instruct's chat normalisers on realistic answers (tests/realistic/evol-answers.ts):
 * what a careful reader keeps, kept after the stage's normaliser, its parser and the checks that
 * need no call (empty evolution, marker words: rule 4); and no chatter, label or markup accepted.
 *
 * Measured (npx vitest run tests/realistic/evol-yield.test.ts), prompts a reader keeps, kept:
 * - evolve (both variants, 32 answers, 17 with a habit): reference parser alone 14/31 kept and 6
 *   answers accepted with chatter in them (most framed answers are lost to rule 4 instead, as their
 *   preamble or label says "rewritten prompt"); with the normaliser 31/31 kept, 0 junk.
 *   In-depth 9/21 -> 21/21 (junk 4 -> 0); in-breadth 5/10 -> 10/10 (junk 2 -> 0).
 * - judge-equality (25 answers, 15 with a habit): reference alone reads 22/25 as a reader does and
 *   decides rule 1 right in 23/25 (an unclear reading passes); with the normaliser 24/25 and 25/25.
 */
import { describe, expect, it } from 'vitest';
import { equalityVerdict, markerLeakVerdict, parseEqualityAnswer } from '../../src/filters/evol-elimination.js';
import { evolveInBreadth, evolveInDepth, judgeEquality } from '../../src/methods/evol-instruct/stages.js';
import { habitShare } from './corpus.js';
import { EQUALITY_ANSWERS, EVOLVE_ANSWERS, type EvolveAnswer } from './evol-answers.js';

const STAGES = { 'evolve-in-depth': evolveInDepth, 'evolve-in-breadth': evolveInBreadth } as const;
const input = { instruction: 'Plan a trip.', method: 'Add one constraint.' };
/** What must never be accepted as (part of) an evolved prompt: talk about the rewrite, labels, markup around it. */
const JUNK = /^(?:sure|here is|here's|certainly)|#rewritten prompt#|#created prompt#|^\*\*|\*\*$|^["“`]|rewritten prompt (?:adds|asks)|^note: i|explanation:|i hope|let me know|changes made/im;

/** The evolution a stage accepts from an answer (null when the no-call checks reject it). */
function accepted(a: EvolveAnswer, normalise: boolean): string | null {
  const stage = STAGES[a.variant];
  const text = normalise ? stage.normalise!(a.text, input).text : a.text;
  const evolved = stage.parse(text, 'stop', input);
  return evolved !== '' && markerLeakVerdict(evolved).passed ? evolved : null;
}

function evolveYield(normalise: boolean): { kept: number; good: number; junk: string[] } {
  const good = EVOLVE_ANSWERS.filter((a) => a.keep !== null);
  const results = EVOLVE_ANSWERS.map((a) => ({ a, got: accepted(a, normalise) }));
  return {
    good: good.length,
    kept: results.filter(({ a, got }) => a.keep !== null && got === a.keep).length,
    junk: results.filter(({ a, got }) => got !== null && got !== a.keep).map(({ got }) => got!),
  };
}

/** Answers read as the reader reads them, and answers whose rule-1 decision is the reader's (an unclear reading passes). */
function equalityYield(normalise: boolean): { read: number; decided: number } {
  const texts = EQUALITY_ANSWERS.map((a) => (normalise ? judgeEquality.normalise!(a.text, { parent: 'a', evolved: 'b' }).text : a.text));
  return {
    read: EQUALITY_ANSWERS.filter((a, i) => parseEqualityAnswer(texts[i]!) === a.keep).length,
    decided: EQUALITY_ANSWERS.filter((a, i) => equalityVerdict(texts[i]!).passed === (a.keep === 'not-equal')).length,
  };
}

describe('realistic chat answers: Evol-Instruct evolutions', () => {
  it('is a corpus of both variants with habits in about half its answers', () => {
    expect(EVOLVE_ANSWERS.length).toBeGreaterThanOrEqual(20);
    expect(new Set(EVOLVE_ANSWERS.map((a) => a.variant))).toEqual(new Set(['evolve-in-depth', 'evolve-in-breadth']));
    expect(habitShare(EVOLVE_ANSWERS)).toBeGreaterThanOrEqual(0.4);
    expect(habitShare(EVOLVE_ANSWERS)).toBeLessThanOrEqual(0.6);
  });

  it('keeps at least 90% of the good prompts and accepts no chatter, label or markup', () => {
    const before = evolveYield(false);
    const after = evolveYield(true);
    console.log(`evolve: before ${before.kept}/${before.good} kept, ${before.junk.length} junk; after ${after.kept}/${after.good} kept, ${after.junk.length} junk`);
    expect(after.junk).toEqual([]);
    expect(after.kept / after.good).toBeGreaterThanOrEqual(0.9);
    // The reference alone keeps the chatter: the normaliser is what makes the difference.
    expect(before.junk.length).toBeGreaterThan(0);
    expect(before.junk.some((t) => JUNK.test(t))).toBe(true);
  });

  it('records an edit for every habit it undid', () => {
    for (const a of EVOLVE_ANSWERS) {
      const got = STAGES[a.variant].normalise!(a.text, input).edits.map((e) => e.habit);
      for (const h of a.habits) expect(got, a.text).toContain(h);
      if (a.habits.length === 0) expect(got, a.text).toEqual([]);
    }
  });
});

describe('realistic chat answers: Evol-Instruct equality checks', () => {
  it('is a corpus with habits in about half its answers', () => {
    expect(EQUALITY_ANSWERS.length).toBeGreaterThanOrEqual(20);
    expect(habitShare(EQUALITY_ANSWERS)).toBeGreaterThanOrEqual(0.4);
  });

  it('reads the verdict a reader reads in at least 90% of the answers', () => {
    const before = equalityYield(false);
    const after = equalityYield(true);
    const n = EQUALITY_ANSWERS.length;
    console.log(`judge-equality: before read ${before.read}/${n}, decided ${before.decided}/${n}; after read ${after.read}/${n}, decided ${after.decided}/${n}`);
    expect(after.read / n).toBeGreaterThanOrEqual(0.9);
    expect(after.decided / n).toBeGreaterThanOrEqual(0.9);
    expect(after.read).toBeGreaterThan(before.read);
    expect(after.decided).toBeGreaterThan(before.decided);
  });
});
