import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planBySimulation } from '../../src/app/plan-by-simulation.js';
import { startFakeServer } from '../../src/fake-server/index.js';
import { OpenAITeacher } from '../../src/teacher/openai.js';
import { simulate } from '../../src/teacher/sim/index.js';
import { openDb } from '../../src/store/db.js';
import { REPO } from '../support/paths.js';
import { pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';

/** A judge rubric in other words, ending in "Grade: <n>" (which the score parser accepts) instead of "Score:". */
const GRADE_RUBRIC = `Look at one task from a training set and say how good the reply is, from 1 (useless) to 5 (expert).

Task:
{{instruction}}

Given input: {{input}}

Reply:
{{output}}

A sentence of reasons first. The final line must be "Grade: <n>".`;

describe('the sim answers by declared stage, not by wording', () => {
  it('runs Alpaca with a "Grade: <n>" judge rubric to its target, and plan predicts its requests within 10%', async () => {
    const dir = tempDir();
    const rubric = join(dir, 'grade-v1.txt');
    writeFileSync(rubric, `${GRADE_RUBRIC}\n`);
    const cfg = pipeline('alpaca.yaml', { 'teacher.provider': 'sim', name: 'graded', target: 60, 'params.wave_size': 3, 'judge.enabled': true, 'judge.prompt': rubric });
    const db = join(dir, 'g.db');
    const plan = await planBySimulation({ config: cfg, dbPath: db, provider: 'sim', model: 'distillery-sim-1', endpoint: 'sim', keyIdentity: 'sim', root: REPO });
    const predicted = plan.stages.reduce((a, s) => a + s.requests, 0);
    const result = await run(cfg, db);
    expect(result.status).toBe('completed');
    const h = openDb(db, { readonly: true });
    const judged = h.prepare(`SELECT COUNT(*) AS n, SUM(passed) AS kept FROM verdicts WHERE filter = 'judge'`).get() as { n: number; kept: number };
    const graded = h.prepare(`SELECT COUNT(*) AS n FROM calls WHERE stage = 'judge' AND request_json LIKE '%Grade: <n>%'`).get() as { n: number };
    h.close();
    // The judge saw the reworded rubric, its answers parsed, and most samples passed it.
    expect(graded.n).toBe(judged.n);
    expect(judged.kept).toBeGreaterThan(judged.n / 2);
    const sent = result.stats.new;
    expect(Math.abs(predicted - sent) / sent).toBeLessThanOrEqual(0.1);
  });

  it('gives a reworded self-instruct instance template the same kind of answer as the shipped one', async () => {
    const dir = tempDir();
    const reworded = join(dir, 'instances-v2.txt');
    // Other words and another order: the task first, no "Example"/"Output" markers for a recogniser to find.
    writeFileSync(reworded, 'Here is a task for a language model:\n{{instruction}}\n\nShow a few cases of it, each with what goes in and what should come back.\n');
    const instances = async (name: string, overrides: Record<string, unknown>) => {
      const result = await run(pipeline('self-instruct.yaml', { 'teacher.provider': 'sim', name, target: 16, ...overrides }), join(dir, `${name}.db`));
      expect(result.status).toBe('completed');
      const h = openDb(join(dir, `${name}.db`), { readonly: true });
      const n = (h.prepare(`SELECT COUNT(*) AS n FROM samples WHERE kind = 'instance' AND status = 'accepted'`).get() as { n: number }).n;
      h.close();
      return n;
    };
    const shipped = await instances('shipped', {});
    const rewritten = await instances('reworded', { 'params.prompts.instances': reworded });
    // Recognised by wording, the reworded prompt got the generic one-answer reply: a quarter of the instances.
    expect(rewritten).toBeGreaterThanOrEqual(0.6 * shipped);
  });

  it('sends the stage to an HTTP server in X-Distillery-Stage, and the fake server answers with that stage\'s writer', async () => {
    const seen: string[] = [];
    const server = await startFakeServer({
      examples: (id) => {
        seen.push(id);
        return id === 'test/marker' ? () => 'MARKER ANSWER' : undefined;
      },
    });
    try {
      const teacher = new OpenAITeacher({ model: 'm', apiKey: 'k', baseURL: server.url, timeoutMs: 5000 });
      const request = { mode: 'chat' as const, model: 'm', messages: [{ role: 'user' as const, content: 'Say anything.' }], params: { max_tokens: 50 } };
      const marked = await teacher.complete(request, { stage: { id: 'test/marker' } });
      expect(marked.text).toBe('MARKER ANSWER');
      // Without the header the server recognises the prompt, as the in-process sim does.
      const plain = await teacher.complete(request);
      expect(plain.text).toBe(simulate(request).text);
      expect(seen).toEqual(['test/marker']);
    } finally {
      await server.close();
    }
  });
});
