import type { Price } from '../config/common.js';
import type { Teacher } from './types.js';

/**
 * The price table a teacher's calls are costed with: the config's, unless the teacher says its
 * endpoint is not billed at those prices (a self-hosted server under `teacher.billing: auto`, or
 * `free`), when every call costs 0. The table is by model name, and a local model served as
 * "gpt-4o-mini" must not be charged OpenAI's list price.
 */
export function pricesFor(prices: Record<string, Price>, teacher: Pick<Teacher, 'billed'>): Record<string, Price> {
  return teacher.billed === false ? {} : prices;
}
