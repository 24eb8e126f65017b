import type { StageSampling } from '../../config/common.js';
import type { Template } from '../../prompts/template.js';
import { ask, type AskContext, type StageDecl } from '../../engine/stage.js';
import type { JudgeInput } from './stages.js';

/** One judge call of an item: its journal id, and why its answer could not be read (if so). */
export interface JudgeAttempt {
  callId: number;
  ok: boolean;
  error?: string;
}

export interface Judged<V> {
  /** The first readable answer's value; undefined when every attempt failed to read or a call failed. */
  value: V | undefined;
  attempts: JudgeAttempt[];
  /** A call failed for good (the wave will not be stored; resume sends it again). */
  callFailed: boolean;
}

/**
 * Judge calls with re-asks, batched: every item's first attempt goes out in one journal batch, then
 * each unreadable one is asked again (with its error in the prompt, see stages.ts) in the next, up to
 * `limit` attempts in all. Items come back in list order.
 */
export async function judgeWithReask<V>(
  actx: AskContext,
  wave: number,
  stage: StageDecl<JudgeInput, { ok: true } & V | { ok: false; error: string }>,
  inputs: readonly JudgeInput[],
  opts: { template: Template; sampling: StageSampling; limit: number },
): Promise<Judged<V>[]> {
  const out: Judged<V>[] = inputs.map(() => ({ value: undefined, attempts: [], callFailed: false }));
  let pending = inputs.map((_, i) => i);
  for (let attempt = 0; attempt < opts.limit && pending.length > 0; attempt++) {
    const asks = pending.map((i) => {
      const last = out[i]!.attempts.at(-1);
      const input = last?.error ? { ...inputs[i]!, retry: { attempt, error: last.error } } : inputs[i]!;
      return { stage, input, template: opts.template, sampling: opts.sampling };
    });
    const answers = await ask(actx, wave, asks);
    const next: number[] = [];
    answers.forEach((a, j) => {
      const item = out[pending[j]!]!;
      if (!a.ok) {
        item.callFailed = true;
        item.attempts.push({ callId: a.callId, ok: false, error: a.error });
        return;
      }
      if (a.value.ok) {
        item.value = a.value as V;
        item.attempts.push({ callId: a.callId, ok: true });
      } else {
        item.attempts.push({ callId: a.callId, ok: false, error: a.value.error });
        next.push(pending[j]!);
      }
    });
    pending = next;
  }
  return out;
}
