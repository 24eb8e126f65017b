/**
 * Yield of Self-Instruct's instance stages on realistic chat answers (instance-answers.ts): the
 * pairs a careful reader keeps, kept after the chat normaliser, the reference parser and the
 * instance filters (methods.md 1d); nothing a reader would not keep accepted.
 *
 * Measured on these corpora (kept/good, junk accepted): the reference parser alone -> with the chat
 * normaliser as this branch found it (d90214e) -> with the normaliser now:
 *   classification instances (29 answers): 30/56 (54%), junk 19 -> 49/56 (88%), junk 5 -> 56/56 (100%), junk 0
 *   generation instances (30 answers):     24/48 (50%), junk 26 -> 37/48 (77%), junk 10 -> 48/48 (100%), junk 0
 * Reproduce: DISTILLERY_YIELD=1 npx vitest run tests/realistic/instance-yield.test.ts
 */
import { describe, expect, it } from 'vitest';
import { stepRng } from '../../src/engine/rng.js';
import { judgeInstances } from '../../src/methods/self-instruct/instances.js';
import { instancesInputFirst, instancesOutputFirst } from '../../src/methods/self-instruct/stages.js';
import { habitShare } from './corpus.js';
import { CLASSIFICATION_INSTANCES, GENERATION_INSTANCES, type InstanceAnswer, type Pair } from './instance-answers.js';
import { figure, measure } from './measure.js';

type Stage = typeof instancesOutputFirst;

/** What the recipe accepts from one answer: normalised (or not), parsed, then the instance filters. */
function accepted(stage: Stage, a: InstanceAnswer, normalise: boolean): Pair[] {
  const input = { instruction: a.instruction };
  const text = normalise ? stage.normalise!(a.text, input).text : a.text;
  const raw = stage.parse(text, a.finish ?? 'stop', input);
  return judgeInstances(raw, a.finish === 'length', 50, stepRng(1, 'yield'))
    .filter((j) => j.status === 'accepted')
    .map(({ input: i, output: o }) => ({ input: i, output: o }));
}

/** Chatter or markup in a field: at a line start or after a blank line (an email's "Let me know if..." is content). */
const JUNK = /\*\*|^#+\s|^(?:sure|here are|certainly|i hope|let me know|note:|task:|input:)|\n\s*\n\s*(?:i hope|let me know|feel free)|^[-*]\s*$/im;

describe.each([
  ['classification instances', instancesOutputFirst, CLASSIFICATION_INSTANCES],
  ['generation instances', instancesInputFirst, GENERATION_INSTANCES],
] as const)('realistic chat answers: %s', (name, stage, corpus) => {
  const before = measure(corpus, (i) => accepted(stage, corpus[i]!, false));
  const after = measure(corpus, (i) => accepted(stage, corpus[i]!, true));
  if (process.env.DISTILLERY_YIELD) console.log(`${name}: parser alone ${figure(before)}; with the normaliser ${figure(after)}`);

  it('is a corpus of at least 20 answers, about half with a habit', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(20);
    expect(habitShare(corpus)).toBeGreaterThanOrEqual(0.4);
    expect(habitShare(corpus)).toBeLessThanOrEqual(0.8);
  });

  it('keeps at least 90% of what a reader keeps and accepts nothing a reader would not', () => {
    expect(after.junk).toEqual([]);
    expect(after.rate).toBeGreaterThanOrEqual(0.9);
  });

  it('accepts no field with chatter or markup in it', () => {
    const fields = corpus.flatMap((a) => accepted(stage, a, true)).flatMap((p) => [p.input, p.output]);
    expect(fields.filter((f) => JUNK.test(f))).toEqual([]);
  });

  it('does better than the reference parser alone (the corpus exercises the normaliser)', () => {
    expect(after.kept).toBeGreaterThan(before.kept);
    expect(before.junk.length).toBeGreaterThan(0);
  });

  it('leaves clean answers as they are', () => {
    for (const a of corpus.filter((x) => x.habits.length === 0)) {
      expect(stage.normalise!(a.text, { instruction: a.instruction }).edits, a.text).toEqual([]);
    }
  });

  it('records an edit for every answer whose habit changed what the parser reads', () => {
    for (const a of corpus) {
      const changed = JSON.stringify(accepted(stage, a, true)) !== JSON.stringify(accepted(stage, a, false));
      if (changed) expect(stage.normalise!(a.text, { instruction: a.instruction }).edits.length, a.text).toBeGreaterThan(0);
    }
  });
});
