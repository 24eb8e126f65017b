import type { Verdict } from '../../store/samples.js';
import type { Rng } from '../../engine/rng.js';
import type { RawInstance } from './parse.js';

export interface JudgedInstance extends RawInstance {
  status: 'accepted' | 'rejected';
  reason?: string;
  verdicts: Verdict[];
}

/**
 * Instance filters of methods.md 1d, every instance kept with its verdicts:
 * on a length cut the last instance is dropped; input == output, empty output, or a field ending
 * in ":" drop one instance; two instances sharing a non-empty input with different outputs drop the
 * whole task; exact duplicates collapse to the first; at most `maxPerTask` are kept, chosen at random.
 */
export function judgeInstances(raw: RawInstance[], truncated: boolean, maxPerTask: number, rng: Rng): JudgedInstance[] {
  const judged: JudgedInstance[] = raw.map((inst, i) => {
    const verdicts: Verdict[] = [{ filter: 'truncated', passed: !(truncated && i === raw.length - 1) }, ...instanceChecks(inst)];
    const failed = verdicts.find((v) => !v.passed);
    return { ...inst, verdicts, status: failed ? 'rejected' : 'accepted', reason: failed?.filter };
  });

  const live = judged.filter((j) => j.status === 'accepted');
  const outputsByInput = new Map<string, Set<string>>();
  for (const j of live) {
    if (j.input === '') continue;
    const set = outputsByInput.get(j.input) ?? new Set<string>();
    set.add(j.output);
    outputsByInput.set(j.input, set);
  }
  const conflicting = [...outputsByInput.values()].some((outputs) => outputs.size > 1);
  for (const j of live) {
    j.verdicts.push({ filter: 'consistent-task', passed: !conflicting });
    if (conflicting) reject(j, 'consistent-task');
  }
  if (conflicting) return judged;

  const seen = new Set<string>();
  for (const j of live) {
    const key = JSON.stringify([j.input, j.output]);
    const dup = seen.has(key);
    seen.add(key);
    j.verdicts.push({ filter: 'duplicate-instance', passed: !dup });
    if (dup) reject(j, 'duplicate-instance');
  }

  const unique = live.filter((j) => j.status === 'accepted');
  if (unique.length > maxPerTask) {
    const keep = new Set(rng.sample(unique, maxPerTask));
    for (const j of unique) {
      j.verdicts.push({ filter: 'task-instance-limit', passed: keep.has(j), detail: { max: maxPerTask } });
      if (!keep.has(j)) reject(j, 'task-instance-limit');
    }
  }
  return judged;
}

/** The checks one instance passes or fails on its own (the whole-task checks come after). */
export function instanceChecks(inst: RawInstance): Verdict[] {
  return [
    { filter: 'input-equals-output', passed: inst.input !== inst.output },
    { filter: 'empty-output', passed: inst.output !== '' },
    { filter: 'ends-with-colon', passed: !inst.input.endsWith(':') && !inst.output.endsWith(':') },
  ];
}

function reject(j: JudgedInstance, reason: string): void {
  j.status = 'rejected';
  j.reason = reason;
}
