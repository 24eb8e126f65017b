import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Real Apache-2.0 data shipped with the repository (see tests/data/SOURCES.md). */
export const BUNDLED_DATA = resolve(REPO, 'tests', 'data');
export const bundledData = (name: 'self_instruct_seed_tasks.jsonl' | 'evol_instruct_sample_h2o_wizardlm.json') => resolve(BUNDLED_DATA, name);
// Data under other terms (Code Alpaca, CNN articles) is read only by tests/shared-data/ (npm run test:data).
