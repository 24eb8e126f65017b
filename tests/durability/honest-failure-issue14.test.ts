/**
 * Issue 14 item 4, against the fake server through the real openai client: a context-length 400 is
 * permanent and names the stage, the prompt's tokens and the limit; an empty answer is retried once
 * and what the server billed is charged; a server that silently cut the prompt gets the answer's
 * samples rejected by a `prompt-intact` verdict.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDb } from '../../src/store/db.js';
import { parseContextOverflow } from '../../src/teacher/context-length.js';
import { useFakeServer } from '../support/fake-server.js';
import { pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';

const common = { 'teacher.provider': 'openai', 'teacher.timeout_seconds': 5, 'limits.concurrency': 4, target: 6, 'params.wave_size': 4 };

function rows<T>(db: string, sql: string): T[] {
  const h = openDb(db, { readonly: true });
  try {
    return h.prepare(sql).all() as T[];
  } finally {
    h.close();
  }
}

describe('honest failure with real servers\u2019 errors', () => {
  const fake = useFakeServer();

  it.each(['context_length', 'context_length_vllm', 'context_length_llamacpp'] as const)('%s: no retries, a failed run naming stage, tokens and limit', async (kind) => {
    const db = join(tempDir(), 'ctx.db');
    fake.server.reset();
    fake.server.setFaults({ rate: 1, kinds: [kind] });
    const r = await run(pipeline('self-instruct.yaml', { ...common, name: 'ctx' }), db, fake.env());
    fake.server.setFaults(null);
    expect(r.status).toBe('failed');
    expect(r.detail).toMatch(/generate-instructions/);
    const calls = rows<{ attempts: number; error: string }>(db, `SELECT attempts, error FROM calls WHERE error IS NOT NULL`);
    expect(calls.length).toBeGreaterThan(0);
    // Permanent: one attempt each, never the six a transient error gets.
    for (const c of calls) expect(c.attempts).toBe(1);
    expect(calls[0]!.error).toMatch(/max_tokens|context/i);
    expect(fake.server.stats.received).toBeLessThanOrEqual(4 + 3);
  });

  it('reads the limit and the prompt tokens from each server wording', () => {
    expect(parseContextOverflow("This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens. Please reduce the length of the messages.")).toMatchObject({ limit: 8192, promptTokens: 9000 });
    expect(parseContextOverflow("This model's maximum context length is 4096 tokens. However, you requested 5000 tokens (4000 in the messages, 1000 in the completion). Please reduce the length of the messages or completion.")).toMatchObject({ limit: 4096, promptTokens: 4000 });
  });

  it('an empty answer is retried once, not six times, and each billed attempt is charged', async () => {
    const db = join(tempDir(), 'empty.db');
    fake.server.reset();
    fake.server.setFaults({ rate: 1, kinds: ['empty'] });
    const r = await run(
      pipeline('self-instruct.yaml', { ...common, name: 'empty', 'limits.concurrency': 1, 'teacher.billing': 'prices', prices: { 'gpt-4o-mini': { input: 1000, output: 1000 } } }),
      db,
      fake.env(),
    );
    fake.server.setFaults(null);
    // Every answer is empty: each request fails for good after two attempts, and the run fails.
    expect(r.status).toBe('failed');
    const calls = rows<{ attempts: number; status: string; cost: number }>(db, `SELECT attempts, status, cost FROM calls`);
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) {
      expect(c).toMatchObject({ attempts: 2, status: 'failed' });
      expect(c.cost).toBeGreaterThan(0);
    }
  });

  it('a silently cut prompt rejects what its answer gave, with a prompt-intact verdict', async () => {
    const db = join(tempDir(), 'cut.db');
    fake.server.reset();
    fake.server.setFaults({ script: [{ request: 1, kind: 'truncated_prompt' }] });
    const r = await run(pipeline('self-instruct.yaml', { ...common, name: 'cut', 'limits.concurrency': 1 }), db, fake.env());
    fake.server.setFaults(null);
    expect(r.status).toBe('completed');
    const flagged = rows<{ status: string; reason: string; call_id: number }>(
      db,
      `SELECT s.status, s.reason, s.call_id FROM samples s JOIN verdicts v ON v.sample_id = s.id WHERE v.filter = 'prompt-intact' AND v.passed = 0`,
    );
    expect(flagged.length).toBeGreaterThan(0);
    for (const s of flagged) expect(s).toMatchObject({ status: 'rejected', reason: 'prompt-intact' });
    // Only the first call's samples: every other answer reported its whole prompt.
    expect(new Set(flagged.map((s) => s.call_id)).size).toBe(1);
  });
});
