import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeServer, type FakeServer } from '../../src/fake-server/index.js';
import { spawnCli } from '../support/child.js';
import { tempDir } from '../support/tmp.js';
import { REPO } from '../support/paths.js';

/** DESIGN invariant 6: the API key is read from the environment and written nowhere. */
describe('API keys', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeServer({ faults: { rate: 0.15, kinds: ['rate_limit', 'server_500'], seed: 2 }, retryAfterMs: 10 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('never reach the database, the output, the logs or an export', async () => {
    const dir = tempDir();
    const key = 'sk-test-SECRET-5f1c9a77';
    const env = { OPENAI_API_KEY: key, OPENAI_BASE_URL: server.url };
    const db = join(dir, 'k.db');
    // The shipped pipeline with short backoffs, so the injected faults cost little time.
    const yaml = readFileSync(join(REPO, 'pipelines/self-instruct.yaml'), 'utf8').replace('  max_attempts: 6', '  max_attempts: 6\n  retry_base_ms: 5');
    expect(yaml).toContain('retry_base_ms: 5');
    const pipelineFile = join(dir, 'p.yaml');
    writeFileSync(pipelineFile, yaml);
    const run = spawnCli(['run', pipelineFile, '--teacher', 'openai', '--db', db, '--target', '12', '--name', 'secret'], env);
    const { code } = await run.exited;
    expect(code, run.stderr()).toBe(0);
    const out = join(dir, 'out.jsonl');
    const exp = spawnCli(['export', 'secret', '--db', db, '--format', 'jsonl', '--out', out, '--with-provenance'], env);
    expect((await exp.exited).code, exp.stderr()).toBe(0);
    const card = join(dir, 'hf');
    const hf = spawnCli(['export', 'secret', '--db', db, '--format', 'hf', '--out', card], env);
    expect((await hf.exited).code, hf.stderr()).toBe(0);
    const status = spawnCli(['status', 'secret', '--db', db, '--json'], env);
    expect((await status.exited).code, status.stderr()).toBe(0);

    expect(run.stdout() + run.stderr() + exp.stdout() + exp.stderr() + status.stdout()).not.toContain(key);
    const files = [db, `${db}-wal`, out, join(card, 'README.md')].concat(readdirSync(dir).filter((f) => f.startsWith('k.db')).map((f) => join(dir, f)));
    let scanned = 0;
    for (const f of files) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(f);
      } catch {
        continue;
      }
      scanned++;
      expect(bytes.includes(Buffer.from(key)), f).toBe(false);
    }
    expect(scanned).toBeGreaterThanOrEqual(3);
  }, 60_000);
});
