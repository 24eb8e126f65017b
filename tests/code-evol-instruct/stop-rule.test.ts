import { describe, expect, it } from 'vitest';
import { lastNumber, readScore, tailText, type CheckExit } from '../../src/methods/evol-instruct/score-output.js';
import { checkLine, droppedRounds, nextStopState, type StopState } from '../../src/methods/evol-instruct/stop-rule.js';
import { EvolInstructParamsSchema } from '../../src/methods/evol-instruct/params.js';

describe('the score a check prints', () => {
  it('is the last number on stdout, as evaluation scripts print it', () => {
    expect(lastNumber('0.412\n')).toBe(0.412);
    expect(lastNumber('Loading checkpoint shards: 100%|##########| 2/2\nEvaluating 164 problems\npass@1: 0.4329\n')).toBe(0.4329);
    expect(lastNumber('{"pass@1": 0.41, "n_samples": 1}\n{"score": 0.38}\n')).toBe(0.38);
    expect(lastNumber('score=0.55')).toBe(0.55);
    expect(lastNumber('Accuracy on the dev set: 41.2%.\n\n')).toBe(41.2);
    expect(lastNumber('eval_loss = 1.2e-1\nDone!')).toBe(0.12);
    expect(lastNumber('delta -0.05 (worse)')).toBe(-0.05);
    // Words with digits in them are not numbers.
    expect(lastNumber('0.7 was the score on pass@1 for round3')).toBe(0.7);
  });

  it('is missing when stdout has no number', () => {
    expect(lastNumber('')).toBeUndefined();
    expect(lastNumber('evaluation finished\nsee results.json\n')).toBeUndefined();
    expect(lastNumber('pass@1: NaN\nInfinity')).toBeUndefined();
  });

  const exit = (o: Partial<CheckExit>): CheckExit => ({ code: 0, signal: null, timedOut: false, stdout: '', stderr: '', ...o });
  const at = { command: 'python eval.py', round: 2, timeoutSeconds: 60 };

  it('or a message naming the command, the round, the exit code and the end of stderr', () => {
    expect(readScore(exit({ stdout: 'pass@1: 0.5\n' }), at)).toEqual({ score: 0.5 });
    const stderr = 'Traceback (most recent call last):\n  File "eval.py", line 3, in <module>\n\nModuleNotFoundError: No module named torch\n';
    const failed = readScore(exit({ code: 1, stderr }), at);
    expect(failed).toEqual({
      error:
        'params.stop_check: the check of round 2 (sh -c "python eval.py") exited with code 1; its stderr ended with: Traceback (most recent call last): | File "eval.py", line 3, in <module> | ModuleNotFoundError: No module named torch',
    });
    expect(readScore(exit({ code: null, signal: 'SIGKILL', timedOut: true }), at)).toEqual({ error: 'params.stop_check: the check of round 2 (sh -c "python eval.py") timed out after 60 s and was ended; its stderr was empty' });
    expect(readScore(exit({ code: null, signal: 'SIGSEGV' }), at)).toEqual({ error: 'params.stop_check: the check of round 2 (sh -c "python eval.py") was ended by SIGSEGV (no exit code); its stderr was empty' });
    expect((readScore(exit({ stdout: 'all done\n' }), at) as { error: string }).error).toContain('exited with code 0 but printed no number on stdout (the score is the last number printed); stdout ended with: all done');
  });

  it('quotes only the last lines of a long stderr', () => {
    const lines = Array.from({ length: 50 }, (_, i) => `step ${i}`).join('\n');
    expect(tailText(lines)).toBe('step 45 | step 46 | step 47 | step 48 | step 49');
    expect(tailText('x'.repeat(300), 5, 10)).toBe(`${'x'.repeat(10)}...`);
  });
});

describe('the stop rule', () => {
  const play = (scores: number[], rule: { patience: number; direction: 'higher' | 'lower' }): StopState[] => {
    const out: StopState[] = [];
    scores.forEach((score, i) => out.push(nextStopState(out.at(-1), i + 1, score, rule)));
    return out;
  };

  it('stops once `patience` rounds in a row do not improve on the best, and drops the rounds after it', () => {
    const one = play([0.3, 0.5, 0.4], { patience: 1, direction: 'higher' });
    expect(one.map((s) => s.stopped)).toEqual([false, false, true]);
    expect(one.at(-1)!.best).toEqual({ round: 2, score: 0.5 });
    expect(droppedRounds(one.at(-1)!)).toEqual([3]);
    expect(droppedRounds(one[1]!)).toEqual([]);

    const two = play([0.3, 0.5, 0.4, 0.45], { patience: 2, direction: 'higher' });
    expect(two.map((s) => s.stopped)).toEqual([false, false, false, true]);
    expect(droppedRounds(two.at(-1)!)).toEqual([3, 4]);
  });

  it('counts a tie as no improvement, and an improvement resets the count', () => {
    const s = play([0.5, 0.5, 0.6, 0.55, 0.7], { patience: 2, direction: 'higher' });
    expect(s.map((x) => x.since_best)).toEqual([0, 1, 0, 1, 0]);
    expect(s.some((x) => x.stopped)).toBe(false);
    expect(play([0.5, 0.5], { patience: 1, direction: 'higher' }).at(-1)!.stopped).toBe(true);
  });

  it('with direction lower, a falling score improves', () => {
    const s = play([2.5, 1.9, 1.2, 1.4], { patience: 1, direction: 'lower' });
    expect(s.at(-1)).toMatchObject({ best: { round: 3, score: 1.2 }, stopped: true });
    expect(play([2.5, 1.9], { patience: 1, direction: 'higher' }).at(-1)!.stopped).toBe(true);
  });

  it('says each round in one line', () => {
    const s = play([0.431, 0.5, 0.412], { patience: 2, direction: 'higher' });
    expect(checkLine(s[1]!, 2)).toBe('round 2 check: 0.5 (best so far): continuing');
    expect(checkLine(s[2]!, 2)).toBe('round 3 check: 0.412 (best 0.5 at round 2): continuing (1 of 2 rounds without improvement)');
    expect(checkLine(play([0.431, 0.412], { patience: 1, direction: 'higher' })[1]!, 1)).toBe('round 2 check: 0.412 (best 0.431 at round 1): stopping');
  });
});

describe('params.stop_check', () => {
  it('is absent by default and has documented defaults when set', () => {
    expect(EvolInstructParamsSchema.parse({}).stop_check).toBeUndefined();
    expect(EvolInstructParamsSchema.parse({ stop_check: { command: 'python eval.py' } }).stop_check).toEqual({ command: 'python eval.py', patience: 1, direction: 'higher', timeout_seconds: 600 });
    expect(EvolInstructParamsSchema.safeParse({ stop_check: { command: '  ' } }).success).toBe(false);
    expect(EvolInstructParamsSchema.safeParse({ stop_check: { command: 'x', patience: 0 } }).success).toBe(false);
    expect(EvolInstructParamsSchema.safeParse({ stop_check: { command: 'x', direction: 'up' } }).success).toBe(false);
    expect(EvolInstructParamsSchema.safeParse({ stop_check: { command: 'x', every: 2 } }).success).toBe(false);
  });
});
