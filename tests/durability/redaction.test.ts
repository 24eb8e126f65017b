import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeServer, type FakeServer } from '../../src/fake-server/index.js';
import { openDb } from '../../src/store/db.js';
import { REDACTED, redact, redactUrl, redactValues } from '../../src/util/redact.js';
import { spawnCli, type Child } from '../support/child.js';
import { tempDir } from '../support/tmp.js';
import { REPO } from '../support/paths.js';

/** Every file of `dir` whose name starts with a database's name (the file, its -wal and -shm) plus `others`, as bytes. */
function filesOf(dir: string, dbName: string, others: string[] = []): { file: string; bytes: Buffer }[] {
  const files = readdirSync(dir).filter((f) => f.startsWith(dbName)).map((f) => join(dir, f)).concat(others);
  return files.flatMap((file) => {
    try {
      return [{ file, bytes: readFileSync(file) }];
    } catch {
      return [];
    }
  });
}

const output = (...children: Child[]) => children.map((c) => c.stdout() + c.stderr()).join('\n');

/** The shipped Self-Instruct pipeline with short backoffs. */
function pipelineFile(dir: string): string {
  const yaml = readFileSync(join(REPO, 'pipelines/self-instruct.yaml'), 'utf8').replace('  max_attempts: 6', '  max_attempts: 6\n  retry_base_ms: 5');
  expect(yaml).toContain('retry_base_ms: 5');
  const file = join(dir, 'p.yaml');
  writeFileSync(file, yaml);
  return file;
}

describe('redact (pure)', () => {
  it('replaces the given secrets, their URL-encoded forms and every credential-shaped string', () => {
    const key = 'hunter2 is/my key';
    const text = `bad key ${key} (${encodeURIComponent(key)}); Authorization: Bearer abc.DEF-123; org org-AbCdEf0123456789 proj proj_AbCdEf0123456789 sk-proj-0123456789abcdefXYZ at https://bob:pw@example.com/v1`;
    const out = redact(text, [key]);
    for (const s of [key, encodeURIComponent(key), 'abc.DEF-123', 'org-AbCdEf0123456789', 'proj_AbCdEf0123456789', 'sk-proj-0123456789abcdefXYZ', 'bob', ':pw@']) expect(out).not.toContain(s);
    expect(out).toBe(
      `bad key ${REDACTED} (${REDACTED}); Authorization: Bearer ${REDACTED}; org ${REDACTED} proj ${REDACTED} ${REDACTED} at https://${REDACTED}@example.com/v1`,
    );
    // Ordinary text is left alone; only the given values are taken out of a model's answer.
    expect(redact('the org-level plan for task-sk-1 is fine')).toBe('the org-level plan for task-sk-1 is fine');
    expect(redactValues('use sk-proj-0123456789abcdefXYZ and hunter2 is/my key', [key])).toBe(`use sk-proj-0123456789abcdefXYZ and ${REDACTED}`);
    expect(redactUrl('http://u:p%40ss@127.0.0.1:8/v1')).toBe(`http://${REDACTED}@127.0.0.1:8/v1`);
    expect(redactUrl('http://127.0.0.1:8/v1')).toBe('http://127.0.0.1:8/v1');
  });
});

/** DESIGN invariant 6, with a server that quotes the credentials it was sent in its error bodies. */
describe('secrets echoed by a server', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeServer({
      echoCredentials: true,
      retryAfterMs: 10,
      // A 401 and a 400 that fail for good, and retried 500s, every one quoting the credentials.
      faults: { rate: 0.1, kinds: ['server_500'], seed: 3, script: { '2': 'unauthorized', '6': 'context_length', '9': 'server_500' } },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('are redacted in calls.error, the output, status --json, the report and exports', async () => {
    const dir = tempDir();
    const key = 'sk-proj-SECRETkey0123456789abcdef';
    const org = 'org-ORGid0123456789abcdef';
    const project = 'proj_PROJid0123456789abcdef';
    const env = { OPENAI_API_KEY: key, OPENAI_BASE_URL: server.url, OPENAI_ORG_ID: org, OPENAI_PROJECT_ID: project };
    const db = join(dir, 'e.db');
    const run = spawnCli(['run', pipelineFile(dir), '--teacher', 'openai', '--db', db, '--target', '10', '--name', 'echo'], env);
    const { code } = await run.exited;
    // Two calls failed for good: the run ends failed (exit 1), never with a crash; resume retries them.
    expect([0, 1], run.stderr()).toContain(code);
    expect(run.stderr()).not.toMatch(/\n\s+at /);
    const resume = spawnCli(['resume', 'echo', '--db', db], env);
    expect((await resume.exited).code, resume.stderr()).toBe(0);
    const out = join(dir, 'out.jsonl');
    const exp = spawnCli(['export', 'echo', '--db', db, '--format', 'jsonl', '--out', out, '--with-provenance'], env);
    expect((await exp.exited).code, exp.stderr()).toBe(0);
    const card = join(dir, 'hf');
    const hf = spawnCli(['export', 'echo', '--db', db, '--format', 'hf', '--out', card], env);
    expect((await hf.exited).code, hf.stderr()).toBe(0);
    const status = spawnCli(['status', 'echo', '--db', db, '--json'], env);
    expect((await status.exited).code, status.stderr()).toBe(0);
    const html = join(dir, 'report.html');
    const report = spawnCli(['report', 'echo', '--db', db, '--out', html], env);
    expect((await report.exited).code, report.stderr()).toBe(0);

    // The server did quote them, and what it said is stored, redacted.
    const d = openDb(db, { readonly: true });
    const errors = (d.prepare(`SELECT error FROM calls WHERE error IS NOT NULL`).all() as { error: string }[]).map((r) => r.error);
    d.close();
    expect(errors.some((e) => e.includes('HTTP 401') && e.includes('you sent'))).toBe(true);
    expect(errors.some((e) => e.includes('HTTP 400') && e.includes('you sent'))).toBe(true);
    expect(errors.some((e) => e.includes('HTTP 500'))).toBe(true);
    for (const e of errors.filter((x) => x.includes('you sent'))) expect(e).toContain(`key ${REDACTED}, authorization "Bearer ${REDACTED}", organization ${REDACTED}, project ${REDACTED}`);

    const shown = output(run, resume, exp, hf, status, report);
    const files = filesOf(dir, 'e.db', [out, join(card, 'README.md'), html]);
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const secret of [key, org, project]) {
      expect(shown).not.toContain(secret);
      for (const f of files) expect(f.bytes.includes(Buffer.from(secret)), `${secret} in ${f.file}`).toBe(false);
    }
  }, 90_000);
});

describe('credentials in a base URL', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeServer();
  });
  afterAll(async () => {
    await server.close();
  });
  const password = 'pa55-W0rd-7e1f';
  const withCredentials = () => server.url.replace('http://', `http://alice:${password}@`);

  it('an openai teacher refuses them before the first call, without printing the password (nothing stored)', async () => {
    const dir = tempDir();
    const db = join(dir, 'u.db');
    const viaEnv = spawnCli(['run', pipelineFile(dir), '--teacher', 'openai', '--db', db, '--target', '4', '--name', 'env'], {
      OPENAI_API_KEY: 'sk-test-key-0123456789abcdef',
      OPENAI_BASE_URL: withCredentials(),
    });
    const viaConfig = spawnCli(
      ['run', pipelineFile(dir), '--teacher', 'openai', '--db', db, '--target', '4', '--name', 'cfg', '--set', `teacher.base_url=${withCredentials()}`],
      { OPENAI_API_KEY: 'sk-test-key-0123456789abcdef' },
    );
    for (const [child, where] of [[viaEnv, '$OPENAI_BASE_URL'], [viaConfig, 'teacher.base_url']] as const) {
      const { code } = await child.exited;
      expect(code, child.stderr()).toBe(2);
      expect(child.stderr()).toContain(`error: ${where} (http://${REDACTED}@127.0.0.1:${server.port}/v1) has a user name or password in it`);
    }
    const runs = spawnCli(['runs', '--db', db, '--json']);
    const listed = await runs.exited;
    expect(server.stats.received).toBe(0);
    const shown = output(viaEnv, viaConfig, runs);
    expect(shown).not.toContain(password);
    expect(shown).not.toContain('alice');
    if (listed.code === 0) expect(runs.stdout().trim()).toBe('');
    for (const f of filesOf(dir, 'u.db')) expect(f.bytes.includes(Buffer.from(password)), f.file).toBe(false);
  }, 60_000);

  it('are never printed nor stored when the run goes ahead with the sim (auto without a key)', async () => {
    const dir = tempDir();
    const db = join(dir, 's.db');
    const run = spawnCli(['run', pipelineFile(dir), '--db', db, '--target', '4', '--name', 'sim', '--set', `teacher.base_url=${withCredentials()}`]);
    expect((await run.exited).code, run.stderr()).toBe(0);
    const card = join(dir, 'hf');
    const hf = spawnCli(['export', 'sim', '--db', db, '--format', 'hf', '--out', card]);
    expect((await hf.exited).code, hf.stderr()).toBe(0);
    const out = join(dir, 'out.jsonl');
    const exp = spawnCli(['export', 'sim', '--db', db, '--format', 'jsonl', '--out', out, '--with-provenance']);
    expect((await exp.exited).code, exp.stderr()).toBe(0);
    const status = spawnCli(['status', 'sim', '--db', db, '--json']);
    expect((await status.exited).code, status.stderr()).toBe(0);
    const runs = spawnCli(['runs', '--db', db, '--json']);
    expect((await runs.exited).code, runs.stderr()).toBe(0);
    // The stored config keeps the URL, without its credentials.
    expect(JSON.parse(runs.stdout().trim().split('\n')[0]!).config.teacher.base_url).toBe(`http://${REDACTED}@127.0.0.1:${server.port}/v1`);
    const shown = output(run, hf, exp, status, runs);
    expect(shown).not.toContain(password);
    const files = filesOf(dir, 's.db', [out, join(card, 'README.md')]);
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) {
      expect(f.bytes.includes(Buffer.from(password)), f.file).toBe(false);
      expect(f.bytes.includes(Buffer.from(`alice:`)), f.file).toBe(false);
    }
  }, 60_000);
});
