/**
 * The pipelines whose answers and datasets are recorded (tests/golden/*.json) and replayed by
 * replay.test.ts: every shipped pipeline, small, plus the judge and the two-context mode, so each
 * stage of each recipe is covered. A recording is made once with `npx tsx tests/golden/record.ts`
 * and must not change when the code is redesigned: the same answers must give the same dataset.
 */
export interface GoldenCase {
  name: string;
  file: string;
  overrides: Record<string, unknown>;
}

/** The wave sizes the recordings were made with, before the shipped pipelines were sized for a busy server. */
const RECORDED_SELF_INSTRUCT = { 'params.wave_size': 8, 'params.wave_depth': 1 };
const RECORDED_ALPACA = { 'params.wave_depth': 1 };

export const CASES: readonly GoldenCase[] = [
  { name: 'self-instruct', file: 'self-instruct.yaml', overrides: { target: 24, ...RECORDED_SELF_INSTRUCT } },
  { name: 'self-instruct-judge', file: 'self-instruct.yaml', overrides: { target: 12, 'judge.enabled': true, ...RECORDED_SELF_INSTRUCT } },
  { name: 'alpaca', file: 'alpaca.yaml', overrides: { target: 100, 'params.wave_size': 3, ...RECORDED_ALPACA } },
  { name: 'alpaca-judge', file: 'alpaca.yaml', overrides: { target: 15, 'params.wave_size': 3, 'judge.enabled': true, ...RECORDED_ALPACA } },
  { name: 'evol-instruct', file: 'evol-instruct.yaml', overrides: { target: 1000, 'params.rounds': 3, 'params.inputs.limit': 10, 'judge.enabled': true } },
  { name: 'backtranslation', file: 'backtranslation.yaml', overrides: { target: 20, 'params.wave_size': 8, 'judge.enabled': true } },
  { name: 'self-chat', file: 'self-chat.yaml', overrides: { target: 10 } },
  { name: 'self-chat-two-context', file: 'self-chat.yaml', overrides: { target: 6, 'params.mode': 'two-context', 'params.wave_size': 4 } },
];
