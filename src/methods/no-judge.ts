import type { z } from 'zod';
import type { BaseConfig } from '../config/common.js';

/** For recipes that do not run the common judge: say so at config time rather than ignore `judge.enabled`. */
export function refuseJudge(method: string, config: BaseConfig, ctx: z.RefinementCtx): void {
  if (!config.judge.enabled) return;
  ctx.addIssue({ code: 'custom', path: ['judge', 'enabled'], message: `${method} does not run the common judge (remove judge.enabled)`, input: true });
}
