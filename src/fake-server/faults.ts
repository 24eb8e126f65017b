import { z } from 'zod';

/** The transient failures the fake server can inject: a client retries them (or takes the degraded answer). */
export const TRANSIENT_FAULT_KINDS = [
  'rate_limit',
  'server_500',
  'server_502',
  'server_503',
  'timeout',
  'drop',
  'length',
  'empty',
  'malformed',
  'content_filter',
] as const;

/**
 * The failures retrying cannot fix, each with an OpenAI-style error body: `unauthorized` (401,
 * invalid_api_key), `not_found` (404, model_not_found), `context_length` (400,
 * context_length_exceeded) and `insufficient_quota` (429 with type and code insufficient_quota).
 */
export const HARD_FAULT_KINDS = ['unauthorized', 'not_found', 'context_length', 'insufficient_quota'] as const;

/** Every failure the fake server can inject. */
export const FAULT_KINDS = [...TRANSIENT_FAULT_KINDS, ...HARD_FAULT_KINDS] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const FaultKindSchema = z.enum(FAULT_KINDS);

/**
 * Which requests fail, and how. Request numbers count completion requests (chat and completions)
 * from 1, starting when the plan is set (at start, by `setFaults`, or by `reset`).
 * - `rate` and `kinds`: each request fails with probability `rate`, with a kind drawn from `kinds`;
 *   both draws are a pure function of (`seed`, request number).
 * - `script`: faults for specific request numbers; takes precedence over `rate`.
 */
export const FaultPlanSchema = z
  .strictObject({
    rate: z.number().min(0).max(1).default(0),
    kinds: z.array(FaultKindSchema).default([]),
    seed: z.number().int().default(0),
    script: z
      .union([
        z.record(z.string().regex(/^\d+$/), FaultKindSchema),
        z.array(z.strictObject({ request: z.number().int().positive(), kind: FaultKindSchema })),
      ])
      .optional(),
  })
  .refine((p) => p.rate === 0 || p.kinds.length > 0, { message: 'faults.kinds must name at least one kind when rate > 0' });

export type ScriptedFault = { request: number; kind: FaultKind };
/** A plan object, or just a scripted list of `{ request, kind }`. */
export type FaultPlanInput = z.input<typeof FaultPlanSchema> | readonly ScriptedFault[];

/** A validated plan, ready to answer "does request n fail?" quickly. */
export class FaultPlan {
  private readonly scripted = new Map<number, FaultKind>();
  readonly rate: number;
  readonly kinds: readonly FaultKind[];
  readonly seed: number;

  constructor(input: FaultPlanInput) {
    const plan = FaultPlanSchema.parse(Array.isArray(input) ? { script: input } : input);
    this.rate = plan.rate;
    this.kinds = plan.kinds;
    this.seed = plan.seed;
    if (Array.isArray(plan.script)) for (const s of plan.script) this.scripted.set(s.request, s.kind);
    else if (plan.script) for (const [n, kind] of Object.entries(plan.script)) this.scripted.set(Number(n), kind);
  }

  /** The fault for request number `n` (1-based), if any. Deterministic in (seed, n). */
  faultFor(n: number): FaultKind | undefined {
    const scripted = this.scripted.get(n);
    if (scripted) return scripted;
    if (this.rate <= 0 || this.kinds.length === 0) return undefined;
    if (unitHash(this.seed, n, 0x9e37) >= this.rate) return undefined;
    return this.kinds[Math.floor(unitHash(this.seed, n, 0x85eb) * this.kinds.length)];
  }
}

/** A float in [0, 1) from three integers (a murmur3-style finaliser; pure and fast). */
export function unitHash(seed: number, n: number, salt: number): number {
  let h = (seed ^ Math.imul(n, 0x9e3779b1) ^ Math.imul(salt, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h ^ n, 0x27d4eb2d);
  h ^= h >>> 15;
  return (h >>> 0) / 0x1_0000_0000;
}
