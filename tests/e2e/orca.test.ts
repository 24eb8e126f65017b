import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stepRng } from '../../src/engine/rng.js';
import { exportRun } from '../../src/export/export.js';
import { SYSTEM_KINDS } from '../../src/methods/orca/system-messages.js';
import { openDb } from '../../src/store/db.js';
import { spawnCli } from '../support/child.js';
import { useFakeServer } from '../support/fake-server.js';
import { datasetOf, pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';

const base = { target: 20, 'params.wave_size': 4, 'limits.concurrency': 4 };

interface Row {
  status: string;
  instruction: string;
  messages_json: string;
  meta_json: string;
  request_json: string;
}

function explanations(db: string): Row[] {
  const h = openDb(db, { readonly: true });
  try {
    return h
      .prepare(`SELECT s.status, s.instruction, s.messages_json, s.meta_json, c.request_json FROM samples s JOIN calls c ON c.id = s.call_id WHERE s.kind = 'explanation' ORDER BY s.id`)
      .all() as Row[];
  } finally {
    h.close();
  }
}

describe('orca end to end', () => {
  const fake = useFakeServer({ latencyMs: 15 });

  it('the sim and the fake server give the same dataset; each row keeps the system message the teacher saw', async () => {
    const dir = tempDir();
    const sim = await run(pipeline('orca.yaml', { ...base, 'teacher.provider': 'sim', name: 'o' }), join(dir, 'sim.db'));
    expect(sim.status).toBe('completed');
    fake.server.reset();
    const http = await run(pipeline('orca.yaml', { ...base, 'teacher.provider': 'openai', name: 'o' }), join(dir, 'http.db'), fake.env());
    expect(http.status).toBe('completed');
    expect(datasetOf(join(dir, 'http.db'), 'o')).toEqual(datasetOf(join(dir, 'sim.db'), 'o'));

    const rows = explanations(join(dir, 'http.db'));
    expect(rows.filter((r) => r.status === 'accepted')).toHaveLength(20);
    const kinds = new Set<number>();
    for (const r of rows) {
      const meta = JSON.parse(r.meta_json) as { system_kind: number; teacher_system: string; options?: string[] };
      const messages = JSON.parse(r.messages_json) as { role: string; content: string }[];
      const sent = (JSON.parse(r.request_json) as { messages: { role: string; content: string }[] }).messages;
      kinds.add(meta.system_kind);
      expect(meta.teacher_system).toBe(SYSTEM_KINDS[meta.system_kind - 1]!.text);
      // What the teacher was sent is what is stored: the system message (none for the empty kind) and the query.
      expect(sent.filter((m) => m.role === 'system').map((m) => m.content)).toEqual(meta.teacher_system ? [meta.teacher_system] : []);
      expect(messages.filter((m) => m.role !== 'assistant')).toEqual(sent);
      expect(messages.at(-1)!.role).toBe('assistant');
      if (meta.system_kind === 8 || meta.system_kind === 10) expect(meta.options).toBeDefined();
    }
    expect(kinds.size).toBeGreaterThan(4);

    // ShareGPT and OpenAI exports carry each row's own system message.
    const out = join(dir, 'o.sharegpt.jsonl');
    await exportRun({ dbPath: join(dir, 'http.db'), run: 'o', format: 'sharegpt', out });
    const exported = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { conversations: { from: string; value: string }[] });
    expect(exported).toHaveLength(20);
    const accepted = rows.filter((r) => r.status === 'accepted');
    exported.forEach((e, i) => {
      const system = (JSON.parse(accepted[i]!.meta_json) as { teacher_system: string }).teacher_system;
      expect(e.conversations.filter((c) => c.from === 'system').map((c) => c.value)).toEqual(system ? [system] : []);
    });
    const oai = join(dir, 'o.openai.jsonl');
    await exportRun({ dbPath: join(dir, 'http.db'), run: 'o', format: 'openai', out: oai });
    const first = JSON.parse(readFileSync(oai, 'utf8').split('\n')[0]!) as { messages: { role: string }[] };
    expect(first.messages.at(-1)!.role).toBe('assistant');
  });

  it('Orca 2 prompt erasing: the teacher sees the task-specific message, the dataset the generic one', async () => {
    const db = join(tempDir(), 'e.db');
    const r = await run(pipeline('orca.yaml', { ...base, target: 8, 'teacher.provider': 'sim', name: 'e', 'params.prompt_erasing': true, 'params.erased_system': 'You are a careful assistant.' }), db);
    expect(r.status).toBe('completed');
    const rows = explanations(db);
    let differs = 0;
    for (const row of rows) {
      const messages = JSON.parse(row.messages_json) as { role: string; content: string }[];
      const sent = (JSON.parse(row.request_json) as { messages: { role: string; content: string }[] }).messages;
      expect(messages[0]).toEqual({ role: 'system', content: 'You are a careful assistant.' });
      const teacher = sent.find((m) => m.role === 'system')?.content ?? '';
      expect((JSON.parse(row.meta_json) as { teacher_system: string }).teacher_system).toBe(teacher);
      if (teacher !== messages[0]!.content) differs++;
    }
    expect(differs).toBe(rows.length);
  });

  it('rejects a completion-mode teacher and a bad query file before the first call', async () => {
    expect(() => pipeline('orca.yaml', { 'teacher.mode': 'completion' })).toThrow(/teacher\.mode|chat endpoint/);
    const dir = tempDir();
    const bad = join(dir, 'q.jsonl');
    writeFileSync(bad, '{"instruction":"fine"}\n{"instruction":""}\n');
    const r = run(pipeline('orca.yaml', { ...base, 'teacher.provider': 'sim', name: 'b', 'params.queries.path': bad }), join(dir, 'b.db'));
    await expect(r).rejects.toThrow(/q\.jsonl:2: key "instruction"/);
  });

  it('resumes after SIGKILL with the same dataset and no stored request sent again', async () => {
    const dir = tempDir();
    const env = fake.env();
    const ref = join(dir, 'ref.db');
    await run(pipeline('orca.yaml', { ...base, 'teacher.provider': 'openai', name: 'k', 'params.wave_size': 2 }), ref, env);
    fake.server.reset();
    const db = join(dir, 'k.db');
    const args = ['run', 'pipelines/orca.yaml', '--teacher', 'openai', '--db', db, '--target', '20', '--name', 'k', '--concurrency', '4', '--set', 'params.wave_size=2'];
    const rng = stepRng(3, 'orca-kills');
    let kills = 0;
    for (let attempt = 0; attempt < 20 && kills < 4; attempt++) {
      const child = spawnCli(args, env);
      await child.waitFor(/(new|resuming) run/);
      await new Promise((res) => setTimeout(res, rng.int(0, 60)));
      if (child.proc.exitCode !== null) break;
      child.proc.kill('SIGKILL');
      if ((await child.exited).signal === 'SIGKILL') kills++;
    }
    expect(kills).toBeGreaterThanOrEqual(1);
    const last = spawnCli(args, env);
    const { code } = await last.exited;
    expect(code, last.stderr()).toBe(0);
    expect(datasetOf(db, 'k')).toEqual(datasetOf(ref, 'k'));
    const h = openDb(db, { readonly: true });
    const stored = h.prepare(`SELECT response_id FROM calls WHERE status = 'ok'`).all() as { response_id: string }[];
    h.close();
    for (const { response_id } of stored) expect(fake.server.issuedFor(response_id)!.at(-1)).toBe(response_id);
  }, 60_000);
});
