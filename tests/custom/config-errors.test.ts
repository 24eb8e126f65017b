/**
 * A custom pipeline's mistakes, each one clear error naming the file, line and key, before the
 * first call: the shape's at load time, the input columns' once the rows are read (the fake server
 * counts requests: none is sent, and the run is not kept).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePipeline } from '../../src/app/pipeline.js';
import { executeRun } from '../../src/app/run.js';
import { ConfigError } from '../../src/config/errors.js';
import { openDb } from '../../src/store/db.js';
import { useFakeServer } from '../support/fake-server.js';
import { REPO } from '../support/paths.js';
import { tempDir } from '../support/tmp.js';

const HEAD = `name: bad
method: custom
teacher: { provider: openai, model: m }
params:
  inputs: { path: seeds/tasks.jsonl, first: 3 }
`;

function loadError(body: string): ConfigError {
  try {
    parsePipeline(HEAD + body, 'bad.yaml', {});
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a config error');
}

describe('custom pipeline config errors', () => {
  it('a stage reading a field a later stage writes (a cycle or forward reference)', () => {
    const e = loadError(`  stages:
    - { name: first, template: "Improve: {{second}}" }
    - { name: second, template: "{{instruction}} {{first}}" }
  output: { instruction: "{{instruction}}", output: "{{second}}" }
`);
    expect(e.message).toMatch(/^bad\.yaml:7: key "params\.stages\.0\.template": \{\{second\}\} is written by stage "second", which does not come before/);
  });

  it('a schema that is not valid JSON Schema', () => {
    const e = loadError(`  stages:
    - name: rate
      template: "{{instruction}}"
      output:
        type: json
        schema: { type: object, properties: { score: { type: integr } } }
  output: { instruction: "{{instruction}}", output: "{{score}}" }
`);
    expect(e.message).toMatch(/^bad\.yaml:11: key "params\.stages\.0\.output\.schema": not a valid JSON Schema: .*integr/);
  });

  it('an unknown teacher name, and an invalid regex', () => {
    expect(loadError(`  stages:
    - { name: a, template: "{{instruction}}", teacher: strong }
  output: { instruction: "{{instruction}}", output: "{{a}}" }
`).message).toMatch(/key "params\.stages\.0\.teacher": no teacher named "strong" in teachers \(none defined\)/);
    expect(loadError(`  stages:
    - name: a
      template: "{{instruction}}"
      output: { type: regex, fields: { q: "Question: (.+" } }
  output: { instruction: "{{q}}", output: "{{a}}" }
`).message).toMatch(/key "params\.stages\.0\.output\.fields\.q": not a valid regular expression/);
  });

  describe('names checked against the rows, before any request', () => {
    const fake = useFakeServer();
    async function runError(body: string, head = HEAD): Promise<{ error: ConfigError; requests: number; runs: number }> {
      const dir = tempDir();
      const file = join(dir, 'bad.yaml');
      writeFileSync(file, head + body);
      const config = parsePipeline(head + body, file, {});
      const db = join(dir, 'bad.db');
      const before = fake.server.stats.received;
      let error: unknown;
      try {
        await executeRun({ config, configFile: file, dbPath: db, root: REPO, env: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: fake.server.url }, progress: { wave: () => {} } });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const h = openDb(db, { readonly: true });
      const runs = (h.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n;
      h.close();
      return { error: error as ConfigError, requests: fake.server.stats.received - before, runs };
    }

    it('an unknown placeholder', async () => {
      const r = await runError(`  stages:
    - { name: answer, template: "{{instruction}} {{context}}" }
  output: { instruction: "{{instruction}}", output: "{{answer}}" }
`);
      expect(r.error.message).toMatch(/bad\.yaml:7: key "params\.stages\.0\.template": "context" is neither a column of the inputs \(.*instruction.*\) nor a field an earlier stage writes/);
      expect(r.requests).toBe(0);
      expect(r.runs).toBe(0);
    });

    it('a filter on a field that does not exist', async () => {
      const r = await runError(`  stages:
    - name: answer
      template: "{{instruction}}"
      filters:
        - { type: words, field: reply, min: 3 }
  output: { instruction: "{{instruction}}", output: "{{answer}}" }
`);
      expect(r.error.message).toMatch(/bad\.yaml:10: key "params\.stages\.0\.filters\.0\.field": "reply" is neither a column/);
      expect(r.requests).toBe(0);
    });

    it('a column mapping to a column no row has', async () => {
      const head = HEAD.replace('first: 3 }', 'first: 3, columns: { prompt: task_text } }');
      const r = await runError(`  stages:
    - { name: answer, template: "{{prompt}}" }
  output: { instruction: "{{prompt}}", output: "{{answer}}" }
`, head);
      expect(r.error.message).toMatch(/key "params\.inputs\.columns\.prompt": no row has a column "task_text"/);
      expect(r.requests).toBe(0);
    });
  });
});
