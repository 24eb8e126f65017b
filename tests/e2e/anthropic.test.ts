/**
 * A shipped pipeline (Self-Instruct, small target) with `teacher.provider: anthropic`: the real
 * @anthropic-ai/sdk client against the fake server's Messages API gives the sim's dataset, through
 * faults and after SIGKILL, never sends a stored request again, and never stores the key.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stepRng } from '../../src/engine/rng.js';
import { loadPipelineFile } from '../../src/app/pipeline.js';
import { openDb } from '../../src/store/db.js';
import { spawnCli } from '../support/child.js';
import { useFakeServer } from '../support/fake-server.js';
import { datasetOf, pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';

const KEY = 'sk-ant-api03-e2e-secret-9f8e7d6c5b4a3210';
const MODEL = 'claude-3-5-haiku-latest';
/**
 * The Messages API has no penalties and no seed: the recipe's presence penalties are set to 0 (not
 * sent), and the sim run sends no seed either, so both teachers see the same requests.
 */
const base = {
  target: 16, 'params.wave_size': 4, 'limits.concurrency': 4, 'teacher.send_seed': false,
  'params.generation.presence_penalty': 0, 'params.instances.presence_penalty': 0,
};
const claude = { 'teacher.provider': 'anthropic', 'teacher.model': MODEL };

/** Every byte of a database's files (main, WAL, journal) as latin1 text, for a grep. */
function dbBytes(dir: string, name: string): string {
  return readdirSync(dir).filter((f) => f.startsWith(name)).map((f) => readFileSync(join(dir, f)).toString('latin1')).join('\n');
}

describe('teacher.provider anthropic end to end', () => {
  const fake = useFakeServer({ latencyMs: 10 });
  const env = () => ({ ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: fake.server.anthropicUrl });

  it('gives the same dataset as the sim; calls are keyed, journaled and mapped as Anthropic answered; the key is nowhere in the database', async () => {
    const dir = tempDir();
    const sim = await run(pipeline('self-instruct.yaml', { ...base, 'teacher.provider': 'sim', name: 'a' }), join(dir, 'sim.db'));
    expect(sim.status).toBe('completed');
    fake.server.reset();
    const r = await run(pipeline('self-instruct.yaml', { ...base, ...claude, name: 'a' }), join(dir, 'claude.db'), env());
    expect(r.status).toBe('completed');
    expect(r.run.provider).toBe('anthropic');
    expect(r.teacherNotice).toMatch(/claude-3-5-haiku-latest at http:\/\/127\.0\.0\.1:\d+ \(Messages API; not sent: seed; calls priced at 0/);
    const dataset = datasetOf(join(dir, 'sim.db'), 'a') as { kind: string; status: string }[];
    expect(dataset.filter((s) => s.kind === 'instruction' && s.status === 'accepted').length).toBeGreaterThanOrEqual(16);
    expect(datasetOf(join(dir, 'claude.db'), 'a')).toEqual(dataset);
    expect(fake.server.stats.byEndpoint.messages.completed).toBe(r.stats.new);
    expect(fake.server.stats.byEndpoint.chat.received).toBe(0);

    const h = openDb(join(dir, 'claude.db'), { readonly: true });
    const calls = h.prepare(`SELECT provider, finish_reason, response_id, prompt_tokens, completion_tokens, request_json FROM calls WHERE status = 'ok'`).all() as {
      provider: string; finish_reason: string; response_id: string; prompt_tokens: number; completion_tokens: number; request_json: string;
    }[];
    h.close();
    expect(calls.length).toBe(r.stats.new);
    for (const c of calls) {
      expect(c.provider).toBe('anthropic');
      expect(c.response_id).toMatch(/^msg_sim/);
      expect(['stop', 'length']).toContain(c.finish_reason);
      expect(c.prompt_tokens).toBeGreaterThan(0);
      // The journal keeps the request as the recipe built it (penalties at 0 included), not the wire body.
      expect(JSON.parse(c.request_json)).toMatchObject({ mode: 'chat', model: MODEL });
    }
    // DESIGN invariant 6: the key never reaches the database.
    const bytes = dbBytes(dir, 'claude.db');
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes).not.toContain(KEY);
    expect(bytes).not.toContain('9f8e7d6c5b4a3210');
  });

  it('a Claude 4.5 model runs the shipped pipeline once generation samples by temperature alone (top_p 1); greedy stages send no top_p', async () => {
    const dir = tempDir();
    await run(pipeline('self-instruct.yaml', { ...base, target: 8, 'teacher.provider': 'sim', name: 'h' }), join(dir, 'sim.db'));
    fake.server.reset();
    const r = await run(pipeline('self-instruct.yaml', { ...base, ...claude, target: 8, 'teacher.model': 'claude-haiku-4-5', 'params.generation.top_p': 1, name: 'h' }), join(dir, 'h.db'), env());
    expect(r.status).toBe('completed');
    // The fake refuses temperature with top_p for this model: none was sent, and the sim ignores top_p.
    expect(fake.server.stats.rejected).toBe(0);
    expect(datasetOf(join(dir, 'h.db'), 'h')).toEqual(datasetOf(join(dir, 'sim.db'), 'h'));
  });

  it('rides out 429 rate_limit_error, 529 overloaded_error and 500s with the same dataset', async () => {
    const dir = tempDir();
    fake.server.reset();
    const ref = await run(pipeline('self-instruct.yaml', { ...base, ...claude, name: 'f' }), join(dir, 'ref.db'), env());
    expect(ref.status).toBe('completed');
    fake.server.reset();
    fake.server.setFaults({ rate: 0.3, kinds: ['rate_limit', 'server_503', 'server_500'], seed: 7 });
    try {
      const r = await run(pipeline('self-instruct.yaml', { ...base, ...claude, name: 'f', 'limits.max_attempts': 12, 'limits.max_retry_after_seconds': 0.01 }), join(dir, 'f.db'), env());
      expect(r.status).toBe('completed');
      const faults = fake.server.stats.faults;
      expect(faults.rate_limit + faults.server_503 + faults.server_500).toBeGreaterThan(3);
    } finally {
      fake.server.setFaults(null);
    }
    expect(datasetOf(join(dir, 'f.db'), 'f')).toEqual(datasetOf(join(dir, 'ref.db'), 'f'));
  });

  it('prices the calls from prices.<model> when billed (billing auto bills Anthropic\'s own URL only; here the fake, with billing prices)', async () => {
    const dir = tempDir();
    const prices = { [MODEL]: { input: 0.8, output: 4 } };
    const free = await run(pipeline('self-instruct.yaml', { ...base, ...claude, target: 4, prices, name: 'free' }), join(dir, 'free.db'), env());
    expect(free.stats.cost).toBe(0);
    const r = await run(pipeline('self-instruct.yaml', { ...base, ...claude, target: 4, prices, 'teacher.billing': 'prices', name: 'paid' }), join(dir, 'paid.db'), env());
    expect(r.status).toBe('completed');
    const h = openDb(join(dir, 'paid.db'), { readonly: true });
    const t = h.prepare(`SELECT SUM(prompt_tokens) p, SUM(completion_tokens) c, SUM(cost) cost FROM calls WHERE status = 'ok'`).get() as { p: number; c: number; cost: number };
    h.close();
    expect(t.cost).toBeGreaterThan(0);
    expect(t.cost).toBeCloseTo((t.p * 0.8 + t.c * 4) / 1e6, 9);
    expect(r.stats.cost).toBeCloseTo(t.cost, 9);
  });

  it('a bad key (401 authentication_error) stops the run as failed after a few requests, with the server message and no key stored', async () => {
    const dir = tempDir();
    fake.server.reset();
    fake.server.setFaults({ rate: 1, kinds: ['unauthorized'] });
    try {
      const r = await run(pipeline('self-instruct.yaml', { ...base, ...claude, name: 'bad' }), join(dir, 'bad.db'), env());
      expect(r.status).toBe('failed');
      expect(r.detail).toContain('HTTP 401: authentication_error: invalid x-api-key');
      expect(fake.server.stats.received).toBeLessThanOrEqual(4 + 3);
    } finally {
      fake.server.setFaults(null);
    }
    expect(dbBytes(dir, 'bad.db')).not.toContain(KEY);
  });

  it('refuses before the first call what the Messages API cannot do, naming the key', async () => {
    const dir = tempDir();
    fake.server.reset();
    // The shipped recipe's presence penalty (2) is not something the API takes.
    await expect(run(pipeline('self-instruct.yaml', { ...claude, name: 'p' }), join(dir, 'p.db'), env())).rejects.toThrow(/key "params\.generation\.presence_penalty": provider "anthropic" does not accept presence_penalty/);
    // Claude 4.5 models take temperature or top_p, and the recipe sets both.
    await expect(run(pipeline('self-instruct.yaml', { ...base, ...claude, 'teacher.model': 'claude-sonnet-4-5', name: 'q' }), join(dir, 'q.db'), env())).rejects.toThrow(
      /key "params\.generation\.top_p": claude-sonnet-4-5 refuses temperature and top_p together/,
    );
    await expect(run(pipeline('self-instruct.yaml', { ...base, ...claude, 'teacher.mode': 'completion', name: 'c' }), join(dir, 'c.db'), env())).rejects.toThrow(/key "teacher\.mode": provider "anthropic" has no completion mode/);
    expect(fake.server.stats.received).toBe(0);
  });

  it('bad input is one clear error naming file, line and key', () => {
    const file = join(tempDir(), 'claude.yaml');
    writeFileSync(file, 'name: c\nmethod: self-instruct\nteacher:\n  provider: anthropic\n  model: claude-3-5-haiku-latest\n  api_key_env: my-key\n');
    expect(() => loadPipelineFile(file)).toThrow(/claude\.yaml:6: key "teacher\.api_key_env": an environment variable name/);
    writeFileSync(file, 'name: c\nmethod: self-instruct\nteacher:\n  provider: anthropic\n  model: claude-3-5-haiku-latest\nparams:\n  generation: { temperature: 0.5, presence_penalty: 3 }\n');
    expect(() => loadPipelineFile(file)).toThrow(/claude\.yaml:7: key "params\.generation\.presence_penalty"/);
    writeFileSync(file, 'name: c\nmethod: self-instruct\nteacher:\n  provider: anthropic\n');
    expect(() => loadPipelineFile(file)).toThrow(/claude\.yaml:3: key "teacher\.model": provider anthropic needs a model name/);
  });

  it('resumes after SIGKILL with the same dataset and no stored request sent again', async () => {
    const dir = tempDir();
    const ref = join(dir, 'ref.db');
    fake.server.reset();
    await run(pipeline('self-instruct.yaml', { ...base, ...claude, name: 'k' }), ref, env());
    fake.server.reset();
    const db = join(dir, 'k.db');
    const args = [
      'run', 'pipelines/self-instruct.yaml', '--teacher', 'anthropic', '--model', MODEL, '--db', db, '--target', '16', '--name', 'k', '--concurrency', '4',
      '--set', 'params.wave_size=4', '--set', 'teacher.send_seed=false', '--set', 'params.generation.presence_penalty=0', '--set', 'params.instances.presence_penalty=0',
    ];
    const rng = stepRng(5, 'anthropic-kills');
    let kills = 0;
    for (let attempt = 0; attempt < 20 && kills < 4; attempt++) {
      const child = spawnCli(args, env());
      await child.waitFor(/(new|resuming) run/);
      await new Promise((res) => setTimeout(res, rng.int(0, 80)));
      if (child.proc.exitCode !== null) break;
      child.proc.kill('SIGKILL');
      if ((await child.exited).signal === 'SIGKILL') kills++;
    }
    expect(kills).toBeGreaterThanOrEqual(1);
    const last = spawnCli(args, env());
    const { code } = await last.exited;
    expect(code, last.stderr()).toBe(0);
    expect(last.stderr() + last.stdout()).not.toContain(KEY);
    expect(datasetOf(db, 'k')).toEqual(datasetOf(ref, 'k'));
    const h = openDb(db, { readonly: true });
    const stored = h.prepare(`SELECT response_id FROM calls WHERE status = 'ok'`).all() as { response_id: string }[];
    h.close();
    expect(stored.length).toBeGreaterThan(0);
    // The stored answer is the last one the server issued for its content: nothing stored was asked again.
    for (const { response_id } of stored) expect(fake.server.issuedFor(response_id)!.at(-1)).toBe(response_id);
    expect(dbBytes(dir, 'k.db')).not.toContain(KEY);
  }, 90_000);
});
