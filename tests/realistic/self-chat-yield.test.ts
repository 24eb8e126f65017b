/**
 * Yield of Baize self-chat on realistic chat answers (tests/realistic/self-chat-answers.ts): the
 * share of the exchanges (v1) or turns (v2) a careful reader keeps that the stage keeps, and no junk
 * turn ("Hello!", an opener, "**", a label or a closing remark) accepted.
 * Measured (reference parser alone -> with the chat normaliser), on this corpus:
 *   transcript      40/57 exchanges (70%), 7 junk (four restated "Hello!" openings, three
 *                   "**:"-marked turns from "**[Human]**:")  ->  57/57 (100%), 0 junk
 *   human-turn      9/23 turns (39%), 14 junk (openers, labels, "**", quotes, "Hello!")  ->  21/23 (91%), 0 junk
 *                   read as the server sends them, cut before the stage's "[AI]" stop (kept in chat
 *                   mode): the two answers that restate the conversation are cut inside the
 *                   restatement and read as no message (never as "Hello!"). With params.human.stop: []
 *                   the normaliser reads all 23 (100%).
 *   assistant-turn  12/21 replies (57%), 9 junk (a leading "AI:"/"**Assistant:**" label kept)  ->  21/21 (100%), 0 junk
 * The transcript figures follow Baize's rule that the last [Human] segment is dropped (see the
 * corpus): a transcript ending on an [AI] answer loses that exchange in both readings.
 * Reproduce: npx vitest run tests/realistic/self-chat-yield.test.ts (the figures are printed).
 */
import { describe, expect, it } from 'vitest';
import { assistantTurnStage, humanTurnStage, transcriptStage } from '../../src/methods/self-chat/stages.js';
import { habitShare } from './corpus.js';
import { ASSISTANT_TURNS, HUMAN_TURNS, TRANSCRIPTS, type Exchange } from './self-chat-answers.js';

const same = (a: Exchange, b: Exchange): boolean => a[0] === b[0] && a[1] === b[1];

/** What the transcript stage keeps of the corpus, with or without its chat normaliser. */
function transcriptYield(normalise: boolean): { good: number; kept: number; junk: Exchange[] } {
  let good = 0;
  let kept = 0;
  const junk: Exchange[] = [];
  for (const a of TRANSCRIPTS) {
    const text = normalise ? transcriptStage.normalise!(a.text, { topic: 't' }).text : a.text;
    const m = transcriptStage.parse(text, 'stop', { topic: 't' }).messages;
    const pairs: Exchange[] = [];
    for (let i = 0; i + 1 < m.length; i += 2) pairs.push([m[i]!.content, m[i + 1]!.content]);
    good += a.keep.length;
    kept += a.keep.filter((k) => pairs.some((p) => same(p, k))).length;
    junk.push(...pairs.filter((p) => !a.keep.some((k) => same(p, k))));
  }
  return { good, kept, junk };
}

const pct = (r: { good: number; kept: number }): string => `${r.kept}/${r.good} (${Math.round((100 * r.kept) / r.good)}%)`;

describe('realistic chat answers: Baize transcripts', () => {
  it('is a corpus of at least 20 transcripts with habits in about half', () => {
    expect(TRANSCRIPTS.length).toBeGreaterThanOrEqual(20);
    expect(habitShare(TRANSCRIPTS)).toBeGreaterThanOrEqual(0.4);
    expect(habitShare(TRANSCRIPTS)).toBeLessThanOrEqual(0.65);
  });

  it('keeps at least 90% of the good exchanges and accepts no junk exchange', () => {
    const before = transcriptYield(false);
    const after = transcriptYield(true);
    console.log(`transcript: reference ${pct(before)}, ${before.junk.length} junk; normalised ${pct(after)}, ${after.junk.length} junk`);
    expect(after.junk).toEqual([]);
    expect(after.kept / after.good).toBeGreaterThanOrEqual(0.9);
    // The corpus is one the reference alone reads badly: the normaliser is what makes the difference.
    expect(before.kept / before.good).toBeLessThan(0.8);
  });

  it('never keeps the restated opening, and records each habit it undid', () => {
    for (const a of TRANSCRIPTS) {
      const n = transcriptStage.normalise!(a.text, { topic: 't' });
      const first = transcriptStage.parse(n.text, 'stop', { topic: 't' }).messages[0]?.content ?? '';
      expect(first).not.toMatch(/^(hello|hi)\b/i);
      const habits = n.edits.map((e) => e.habit);
      for (const h of a.habits) expect(habits, a.text.slice(0, 60)).toContain(h);
      if (a.habits.length === 0) expect(n.edits).toEqual([]);
    }
  });
});

/** Turns read right of a v2 corpus, and the turns accepted that a reader would not keep. */
function turnYield(answers: readonly { text: string; keep: string }[], read: (text: string, i: number, normalise: boolean) => string, normalise: boolean): { good: number; kept: number; junk: string[] } {
  let kept = 0;
  const junk: string[] = [];
  answers.forEach((a, i) => {
    const turn = read(a.text, i, normalise);
    if (turn === a.keep) kept++;
    else if (turn !== '') junk.push(turn);
  });
  return { good: answers.length, kept, junk };
}

/** The answer as a server sends it with the stage's stop ("[AI]", kept in chat mode): cut before it. */
const cutAtStop = (text: string): string => (text.includes('[AI]') ? text.slice(0, text.indexOf('[AI]')) : text);

const readHumanWith =
  (stop: boolean) =>
  (text: string, i: number, normalise: boolean): string => {
    const input = { topic: 'Keeping a sourdough starter alive while travelling', messages: HUMAN_TURNS[i]!.messages };
    const sent = stop ? cutAtStop(text) : text;
    return humanTurnStage.parse(normalise ? humanTurnStage.normalise!(sent, input).text : sent, 'stop', input);
  };
const readHuman = readHumanWith(true);
const readAssistant = (text: string, _i: number, normalise: boolean): string => {
  const input = { messages: [] };
  return assistantTurnStage.parse(normalise ? assistantTurnStage.normalise!(text, input).text : text, 'stop', input);
};

describe('realistic chat answers: Baize v2 human turns without the [AI] stop', () => {
  it('reads every turn a restatement cut by the stop loses (params.human.stop: [])', () => {
    const before = turnYield(HUMAN_TURNS, readHumanWith(false), false);
    const after = turnYield(HUMAN_TURNS, readHumanWith(false), true);
    console.log(`human-turn, no stop: reference ${pct(before)}, ${before.junk.length} junk; normalised ${pct(after)}, ${after.junk.length} junk`);
    expect(after.junk).toEqual([]);
    expect(after.kept).toBeGreaterThan(turnYield(HUMAN_TURNS, readHuman, true).kept);
  });
});

describe.each([
  ['human-turn', HUMAN_TURNS, readHuman],
  ['assistant-turn', ASSISTANT_TURNS, readAssistant],
] as const)('realistic chat answers: Baize v2 %s', (stage, answers, read) => {
  it('is a corpus of at least 20 answers with habits in about half', () => {
    expect(answers.length).toBeGreaterThanOrEqual(20);
    expect(habitShare(answers)).toBeGreaterThanOrEqual(0.4);
    expect(habitShare(answers)).toBeLessThanOrEqual(0.65);
  });

  it('reads at least 90% of the turns as a reader does and accepts no junk turn', () => {
    const before = turnYield(answers, read, false);
    const after = turnYield(answers, read, true);
    console.log(`${stage}: reference ${pct(before)}, ${before.junk.length} junk; normalised ${pct(after)}, ${after.junk.length} junk`);
    expect(after.junk).toEqual([]);
    expect(after.kept / after.good).toBeGreaterThanOrEqual(0.9);
    expect(before.kept / before.good).toBeLessThan(0.8);
  });

  it('records each habit it undid, and leaves clean answers as they are', () => {
    const stageDecl = stage === 'human-turn' ? humanTurnStage : assistantTurnStage;
    answers.forEach((a, i) => {
      const input = { topic: 't', messages: 'messages' in a ? a.messages : [] };
      const n = stageDecl.normalise!(a.text, input as never);
      const habits = n.edits.map((e) => e.habit);
      for (const h of a.habits) expect(habits, `${i}: ${a.text.slice(0, 50)}`).toContain(h);
      if (a.habits.length === 0) expect(n.edits, a.text.slice(0, 50)).toEqual([]);
    });
  });
});
