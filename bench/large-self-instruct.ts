import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parsePipeline } from '../src/app/pipeline.js';
import { Store } from '../src/store/index.js';
import { createRun } from '../src/store/runs.js';
import { canonicalJson, hashJson } from '../src/util/hash.js';
import { REPO } from './support.js';

/** A Self-Instruct run with `n` accepted instructions (plus their calls and waves), written directly. */
export function buildLargeSelfInstructRun(dbPath: string, n: number): void {
  const file = resolve(REPO, 'pipelines/self-instruct.yaml');
  const config = parsePipeline(readFileSync(file, 'utf8'), file, { name: 'big', 'teacher.provider': 'openai', target: n + 100 });
  const store = Store.open(dbPath);
  const run = createRun(store.db, { name: 'big', method: 'self-instruct', configJson: canonicalJson(config), configHash: hashJson(config), configFile: file, seed: 42, provider: 'openai', model: 'gpt-4o-mini', simulated: false, target: n + 100, toolVersion: 'bench' });
  const seeds = readFileSync(resolve(REPO, 'seeds/tasks.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { instruction: string; input: string; output: string; is_classification: boolean; id: string });
  const verbs = ['Explain', 'Describe', 'List', 'Compare', 'Summarize', 'Classify', 'Suggest', 'Rewrite', 'Translate', 'Outline'];
  const topics = ['tides', 'compilers', 'bread', 'tax forms', 'volcanoes', 'chess openings', 'sleep', 'bridges', 'poetry', 'vaccines', 'rivers', 'budgets'];
  store.transaction(() => {
    for (const s of seeds) {
      store.samples.insert({ runId: run.id, kind: 'seed', stage: 'seed', wave: 0, instruction: s.instruction, input: s.input, output: s.output, status: 'accepted', contentHash: hashJson([s.instruction]), meta: { seed_id: s.id, is_classification: s.is_classification } });
    }
    store.waves.markDone(run.id, 0, 'seed');
    const perWave = 8;
    for (let i = 0; i < n; i++) {
      const wave = 1 + Math.floor(i / perWave);
      const text = `${verbs[i % verbs.length]} ${topics[(i * 7) % topics.length]} for reader number ${i} in ${(i % 5) + 2} sentences.`;
      const callId = store.calls.insertPending({ runId: run.id, key: `k${i}`, contentHash: `c${i}`, draw: 0, wave, stage: 'generate-instructions', provider: 'openai', model: 'gpt-4o-mini', mode: 'chat', requestJson: '{}' });
      store.calls.complete(callId, { text, finishReason: 'stop', responseModel: 'gpt-4o-mini', responseId: null, simulated: false, promptTokens: 300, completionTokens: 40, cachedTokens: 0, cost: 0, latencyMs: 1, attempts: 1 });
      store.samples.insert({ runId: run.id, kind: 'instruction', stage: 'generate-instructions', wave, instruction: text, status: 'accepted', contentHash: hashJson([text]), callId });
      if (i % perWave === perWave - 1) store.waves.markDone(run.id, wave, 'generate-instructions', { candidates: perWave, accepted: perWave });
    }
  });
  // Fold the WAL into the file, so a copy of the database (or its size) is the whole of it.
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
}
