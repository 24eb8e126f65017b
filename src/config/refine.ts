import type { z } from 'zod';

/**
 * A cross-key check for a `low` ≤ `high` pair of one object (min_words and max_words, ...), as a
 * superRefine step: the issue's path is the key to change, so the ConfigError names it and its line.
 * That is `low`, unless `low` still has its default `lowDefault` (then the user set `high` too low).
 * `when` limits the check to configs where the pair is used.
 */
export function notAbove<T extends Record<string, unknown>>(low: keyof T & string, high: keyof T & string, lowDefault?: number, when?: (v: T) => boolean) {
  return (v: T, ctx: z.RefinementCtx<T>): void => {
    const a = v[low];
    const b = v[high];
    if (typeof a !== 'number' || typeof b !== 'number' || a <= b || (when && !when(v))) return;
    if (lowDefault !== undefined && a === lowDefault) ctx.addIssue({ code: 'custom', path: [high], message: `${high} must be at least ${low} (${a})`, input: b });
    else ctx.addIssue({ code: 'custom', path: [low], message: `${low} must not exceed ${high} (${b})`, input: a });
  };
}
