/**
 * The recipe's filters (pure): duplicates of core examples (the paper drops duplicates; copies of
 * a demo count, as the model was shown them), and the checks on a reformulation (it must place the
 * input by the placeholder, once, and say something other than the instruction it restates).
 */
import type { Verdict } from '../../store/samples.js';

/** Two examples are duplicates when instruction and input match after case, spacing and end punctuation. */
export function coreKey(instruction: string, input: string): string {
  const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim().replace(/[\s.!?;:,]+$/, '');
  return `${norm(instruction)}\n${norm(input)}`;
}

/** Where a key was seen first: a demo, or a core example (a stored id, or a negative index of this wave). */
export type Seen = Map<string, { demo: number } | { core: number }>;

export function duplicateVerdict(seen: Seen, instruction: string, input: string): Verdict {
  const first = seen.get(coreKey(instruction, input));
  if (!first) return { filter: 'duplicate', passed: true };
  if ('demo' in first) return { filter: 'copies-demo', passed: false, detail: { demo_sample: first.demo } };
  return { filter: 'duplicate', passed: false, detail: { first_sample: first.core } };
}

/** A reformulation's checks, in order; `earlier` are the example's reformulations kept so far. */
export function reformulationVerdicts(text: string, core: { instruction: string; input: string }, placeholder: string, earlier: readonly string[]): Verdict[] {
  const count = text.split(placeholder).length - 1;
  const verdicts: Verdict[] = [{ filter: 'input-placeholder', passed: count === 1, detail: count === 1 ? undefined : { placeholder, count } }];
  if (count !== 1) return verdicts;
  // A restatement that pastes the input in as well as the placeholder would hold it twice.
  const pasted = core.input.trim().length >= 12 && text.includes(core.input.trim());
  verdicts.push({ filter: 'input-pasted', passed: !pasted });
  // The instruction's own words with the placeholder tacked on are no restatement.
  verdicts.push({ filter: 'restates', passed: words(text.split(placeholder).join(' ')) !== words(core.instruction) });
  const key = coreKey(text, '');
  verdicts.push({ filter: 'duplicate', passed: !earlier.some((e) => coreKey(e, '') === key) });
  return verdicts;
}

/** Lower-case words only, punctuation and spacing aside. */
function words(s: string): string {
  return (s.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []).join(' ');
}

/** The reformulated task as a student sees it: the input put where the placeholder is. */
export function withInput(text: string, placeholder: string, input: string): string {
  return text.split(placeholder).join(input.trim());
}
