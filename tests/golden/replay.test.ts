import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../../src/fake-server/index.js';
import type { FinishReason } from '../../src/teacher/types.js';
import { REPO } from '../support/paths.js';
import { pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';
import { CASES } from './cases.js';
import { goldenDataset, replayKey, type Recording } from './golden.js';

/**
 * The recorded answers of every shipped pipeline, replayed through the fake server and the real
 * `openai` client, must give the recorded dataset, sample for sample, at concurrency 1 and 16.
 * A request the recording does not hold is answered 400, so a changed prompt fails here.
 */
describe.each(CASES)('golden replay: $name', (c) => {
  const rec = JSON.parse(readFileSync(resolve(REPO, 'tests', 'golden', `${c.name}.json`), 'utf8')) as Recording;
  const answers = new Map(rec.answers.map((a) => [replayKey(a.request), { text: a.text, finishReason: a.finish_reason as FinishReason }]));
  const asked = new Set<string>();
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeServer({
      replay: (request) => {
        const key = replayKey(request);
        asked.add(key);
        return answers.get(key);
      },
    });
  });
  afterAll(() => server.close());

  it.each([1, 16])('concurrency %i gives the recorded dataset', async (concurrency) => {
    asked.clear();
    const db = join(tempDir(), 'replay.db');
    const env = { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: server.url };
    const result = await run(pipeline(c.file, { ...c.overrides, name: c.name, 'teacher.provider': 'openai', 'limits.concurrency': concurrency }), db, env);
    expect(result.status).toBe('completed');
    expect(result.stats.failed).toBe(0);
    expect(goldenDataset(db, c.name)).toEqual(rec.dataset);
    // Every recorded request was asked again: the requests themselves are unchanged.
    expect(asked.size).toBe(answers.size);
  });
});
