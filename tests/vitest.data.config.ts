import { configDefaults, defineConfig } from 'vitest/config';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The data suite (npm run test:data): tests on real data this repository may not ship (Code Alpaca,
// CC BY-NC 4.0; CNN articles, research use) and on the Python ROUGE-L reference script. They read the
// folder named by DISTILLERY_DATA (default ../shared/data beside the repository; see
// tests/shared-data/data.ts). A missing folder or file fails the suite, naming both; nothing is skipped.
export default defineConfig({
  root: resolve(dirname(fileURLToPath(import.meta.url)), '..'),
  test: {
    include: ['tests/shared-data/**/*.test.ts'],
    exclude: [...configDefaults.exclude],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
