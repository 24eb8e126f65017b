import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../../src/fake-server/index.js';
import { stepRng } from '../../src/engine/rng.js';
import { openDb } from '../../src/store/db.js';
import { spawnCli } from '../support/child.js';
import { REPO } from '../support/paths.js';
import { datasetOf, pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';

/**
 * Code Evol-Instruct (WizardCoder) is shipped as pipelines/code-evol-instruct.yaml on the
 * Evol-Instruct machinery: these tests check that its prompts are the code frame with the five
 * code heuristics (never in-breadth), that every round evolves the whole live set, and the shared
 * guarantees (sim and fake server give one dataset; resume after SIGKILL resends nothing stored).
 */
const HEURISTICS = ['add-constraints', 'replace-requirement', 'more-reasoning', 'erroneous-code', 'complexity'].map((f) =>
  readFileSync(join(REPO, 'prompts/code-evol-instruct', `${f}-v1.txt`), 'utf8').trim(),
);
const base = { target: 1000, 'params.rounds': 2, 'limits.concurrency': 4 };

function evolvePrompts(dbPath: string): string[] {
  const db = openDb(dbPath, { readonly: true });
  try {
    const rows = db.prepare(`SELECT request_json FROM calls WHERE stage = 'evolve' ORDER BY id`).all() as { request_json: string }[];
    return rows.map((r) => JSON.stringify(JSON.parse(r.request_json)));
  } finally {
    db.close();
  }
}

describe('code-evol-instruct pipeline', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeServer({ latencyMs: 4 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('asks only the code frame with one of the five code heuristics, over the whole set each round', async () => {
    const dir = tempDir();
    const db = join(dir, 'sim.db');
    const r = await run(pipeline('code-evol-instruct.yaml', { ...base, 'teacher.provider': 'sim', name: 'c' }), db);
    expect(r.status).toBe('completed');
    const prompts = evolvePrompts(db);
    const seeds = readFileSync(join(REPO, 'seeds/code-evol-instruct/tasks.jsonl'), 'utf8').trim().split('\n').length;
    expect(prompts.length).toBe(2 * seeds); // keep_parent: every chain evolves once per round
    const used = new Set<number>();
    for (const p of prompts) {
      expect(p).toContain('programming test question');
      const hits = HEURISTICS.map((h, i) => (p.includes(JSON.stringify(h).slice(1, -1)) ? i : -1)).filter((i) => i >= 0);
      expect(hits).toHaveLength(1);
      used.add(hits[0]!);
    }
    expect(used.size).toBeGreaterThanOrEqual(3); // drawn at random, not one fixed heuristic
    const h = openDb(db, { readonly: true });
    const ops = h.prepare(`SELECT DISTINCT json_extract(meta_json, '$.operation') op FROM samples WHERE kind = 'evolved'`).all() as { op: string }[];
    h.close();
    expect(ops.map((o) => o.op)).not.toContain('in_breadth');
  });

  it('gives the same dataset through the fake server as with the sim, and resumes after SIGKILL without resending', async () => {
    const dir = tempDir();
    const env = { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: server.url };
    const simDb = join(dir, 'sim.db');
    await run(pipeline('code-evol-instruct.yaml', { ...base, 'params.rounds': 3, 'teacher.provider': 'sim', name: 'k' }), simDb);
    server.reset();
    const db = join(dir, 'crash.db');
    const args = ['run', 'pipelines/code-evol-instruct.yaml', '--teacher', 'openai', '--db', db, '--name', 'k', '--concurrency', '4', '--target', '1000', '--set', 'params.rounds=3'];
    const rng = stepRng(3, 'code-evol-kills');
    let kills = 0;
    for (let attempt = 0; attempt < 12 && kills < 3; attempt++) {
      const child = spawnCli(args, env);
      await child.waitFor(/(new|resuming) run/);
      await new Promise((r) => setTimeout(r, rng.int(0, 60)));
      if (child.proc.exitCode === null) {
        child.proc.kill('SIGKILL');
        if ((await child.exited).signal === 'SIGKILL') kills++;
      } else {
        await child.exited;
        break;
      }
    }
    expect(kills).toBeGreaterThanOrEqual(1);
    const last = spawnCli(args, env);
    const { code } = await last.exited;
    expect(code, last.stderr()).toBe(0);
    expect(datasetOf(db, 'k')).toEqual(datasetOf(simDb, 'k'));
    const h = openDb(db, { readonly: true });
    const stored = h.prepare(`SELECT response_id FROM calls WHERE status = 'ok' AND reused_from IS NULL`).all() as { response_id: string }[];
    h.close();
    expect(stored.length).toBeGreaterThan(0);
    for (const { response_id } of stored) expect(server.issuedFor(response_id)!.at(-1)).toBe(response_id);
  }, 60_000);
});
