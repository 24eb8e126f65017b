/**
 * Endpoint identity (issue 14 item 5): answers are keyed by who gave them; a run resumed against
 * another endpoint is refused; replicas named by one teacher.endpoint_id share answers.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { useFakeServer } from '../support/fake-server.js';
import { pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';

const cfg = (name: string, extra: Record<string, unknown> = {}) =>
  // One wave at a time: which waves a pipelined run starts ahead depends on timing, and these tests count requests.
  pipeline('self-instruct.yaml', { name, target: 4, 'params.wave_size': 2, 'params.wave_depth': 1, 'teacher.provider': 'openai', 'teacher.model': 'local-model', ...extra });
const env = (url: string) => ({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: url });

describe('endpoint identity', () => {
  const a = useFakeServer();
  const b = useFakeServer();

  it('keys answers by endpoint: a run against another server sends its own requests', async () => {
    const db = join(tempDir(), 'e.db');
    expect((await run(cfg('first'), db, env(a.server.url))).status).toBe('completed');
    b.server.reset();
    const second = await run(cfg('second'), db, env(b.server.url));
    expect(second.status).toBe('completed');
    expect(b.server.stats.received).toBeGreaterThan(0);
    const h = openDb(db, { readonly: true });
    const endpoints = h.prepare(`SELECT DISTINCT endpoint FROM runs ORDER BY id`).all() as { endpoint: string }[];
    h.close();
    expect(endpoints).toHaveLength(2);
    expect(endpoints[0]!.endpoint).toContain(`:${new URL(a.server.url).port}`);
    expect(endpoints[1]!.endpoint).toContain(`:${new URL(b.server.url).port}`);
  });

  it('refuses to resume a run against another endpoint, naming both', async () => {
    const db = join(tempDir(), 'r.db');
    await run(cfg('r', { target: 2 }), db, env(a.server.url));
    await expect(run(cfg('r', { target: 8 }), db, env(b.server.url))).rejects.toThrow(/teacher\.endpoint_id/);
  });

  it('lets replicas named by one endpoint_id share answers', async () => {
    const db = join(tempDir(), 's.db');
    await run(cfg('one', { 'teacher.endpoint_id': 'my-deployment' }), db, env(a.server.url));
    b.server.reset();
    const r = await run(cfg('two', { 'teacher.endpoint_id': 'my-deployment' }), db, env(b.server.url));
    expect(r.status).toBe('completed');
    // Same config, same deployment: every answer comes from the journal, nothing is sent.
    expect(b.server.stats.received).toBe(0);
  });
});
