import { configDefaults, defineConfig } from 'vitest/config';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The main suite (npm test) needs nothing beside the repository: its real data is in tests/data/.
// Tests on data under other terms are in tests/shared-data/ and run by npm run test:data
// (tests/vitest.data.config.ts).
export default defineConfig({
  root: resolve(dirname(fileURLToPath(import.meta.url)), '..'),
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'tests/shared-data/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Child processes and native SQLite handles: forks isolate them cleanly.
    pool: 'forks',
  },
});
