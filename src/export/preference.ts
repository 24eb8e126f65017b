import { z } from 'zod';

/** One binarized pair as stored: the prompt and the two answers' texts. */
export interface PreferencePair {
  prompt: string;
  chosen: string;
  rejected: string;
  system?: string;
}

const Message = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string().min(1) });

/** TRL's preference row, plain ("standard") form: three non-empty strings. */
export const PlainDpoRow = z.object({ prompt: z.string().min(1), chosen: z.string().min(1), rejected: z.string().min(1) });
/** TRL's preference row, conversational form: the prompt's messages, and the two assistant turns. */
export const ChatDpoRow = z.object({
  prompt: z.array(Message).min(1),
  chosen: z.array(Message.extend({ role: z.literal('assistant') })).min(1),
  rejected: z.array(Message.extend({ role: z.literal('assistant') })).min(1),
});
/** TRL's unpaired (KTO) row. */
export const KtoRow = z.object({ prompt: z.string().min(1), completion: z.string().min(1), label: z.boolean() });
/** TRL's prompt-completion row (SFT on single-turn data). */
export const PromptCompletionRow = z.object({ prompt: z.string().min(1), completion: z.string().min(1) });

export type DpoRow = z.infer<typeof PlainDpoRow> | z.infer<typeof ChatDpoRow>;

export function dpoRow(p: PreferencePair, form: 'plain' | 'chat'): DpoRow {
  if (form === 'plain') return { prompt: p.prompt, chosen: p.chosen, rejected: p.rejected };
  const prompt = [...(p.system ? [{ role: 'system' as const, content: p.system }] : []), { role: 'user' as const, content: p.prompt }];
  return {
    prompt,
    chosen: [{ role: 'assistant', content: p.chosen }],
    rejected: [{ role: 'assistant', content: p.rejected }],
  };
}

/** KTO's unpaired form: each pair gives one desirable and one undesirable row. */
export function ktoRows(p: PreferencePair): z.infer<typeof KtoRow>[] {
  return [
    { prompt: p.prompt, completion: p.chosen, label: true },
    { prompt: p.prompt, completion: p.rejected, label: false },
  ];
}

/**
 * The checks a DPO trainer applies before training, done at export so a bad file is never written:
 * the three fields present, all plain or all conversational across the file, non-empty, and
 * chosen different from rejected (a pair with equal sides teaches nothing and signals a bug).
 * Returns one error per bad row: "row N: what".
 */
export function checkDpoRows(rows: readonly unknown[]): string[] {
  const errors: string[] = [];
  let form: 'plain' | 'chat' | undefined;
  rows.forEach((row, i) => {
    const plain = PlainDpoRow.safeParse(row);
    const chat = ChatDpoRow.safeParse(row);
    const here = plain.success ? 'plain' : chat.success ? 'chat' : undefined;
    if (!here) {
      const issue = (typeof (row as { prompt?: unknown })?.prompt === 'string' ? plain : chat).error!.issues[0]!;
      errors.push(`row ${i + 1}: ${issue.path.join('.') || 'row'}: ${issue.message}`);
      return;
    }
    form ??= here;
    if (here !== form) errors.push(`row ${i + 1}: ${here} row in a ${form} file`);
    const r = row as DpoRow;
    if (JSON.stringify(r.chosen) === JSON.stringify(r.rejected)) errors.push(`row ${i + 1}: chosen equals rejected`);
  });
  return errors;
}

/** The reward-model export: all K answers with their per-aspect ratings and mean. */
export interface ScoredAnswer {
  teacher: string;
  text: string;
  ratings: Record<string, number>;
  mean: number;
}
export function rewardRow(prompt: string, answers: readonly ScoredAnswer[]): { prompt: string; completions: ScoredAnswer[] } {
  return { prompt, completions: answers.map((a) => ({ ...a, ratings: { ...a.ratings } })) };
}
