/**
 * A synthetic run written through the store's own API, shaped like the recipes being built
 * (Evol-Instruct sources and evolutions over rounds with operations, conversations with
 * messages, judge verdicts), for audit tests and the sample-browser benchmark.
 */
import { Store } from '../../src/store/index.js';
import { createRun, setRunStatus } from '../../src/store/runs.js';
import { sha256 } from '../../src/util/hash.js';

export interface SynthOptions {
  samples: number;
  name?: string;
  seed?: number;
}

const VERBS = ['Write', 'Explain', 'List', 'Describe', 'Summarize', 'Classify', 'Translate', 'Give', 'Create', 'Rewrite'];
const OBJECTS = ['poem', 'story', 'list of tips', 'email', 'summary', 'recipe', 'plan', 'table', 'letter', 'review'];
const TOPICS = ['the ocean', 'a city garden', 'solar power', 'chess openings', 'bread baking', 'river trips', 'old maps', 'tea', 'trains', 'winter birds'];
const OPERATIONS = ['add-constraints', 'deepening', 'concretizing', 'increase-reasoning', 'breadth'];
const REASONS = ['rouge-l', 'judge-score', 'too-short', 'copied-prompt'];

/** A tiny deterministic generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes the run; returns its id and the ids of some samples of interest. */
export function writeSynthRun(store: Store, o: SynthOptions): { runId: number; firstId: number; lastId: number } {
  const r = rng(o.seed ?? 7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const run = createRun(store.db, {
    name: o.name ?? 'synth',
    method: 'evol-instruct',
    configJson: '{}',
    configHash: 'synth',
    configFile: null,
    seed: o.seed ?? 7,
    provider: 'sim',
    model: 'distillery-sim-1',
    simulated: true,
    target: o.samples,
    toolVersion: 'test',
  });
  let firstId = 0;
  let lastId = 0;
  const pool: number[] = [];
  store.transaction(() => {
    for (let i = 0; i < o.samples; i++) {
      const roll = r();
      const kind = i < 50 || roll < 0.2 ? 'source' : roll < 0.9 ? 'evolved' : 'conversation';
      const instruction = `${pick(VERBS)} a ${pick(OBJECTS)} about ${pick(TOPICS)} number ${i}.`;
      const output = `Here is a ${pick(OBJECTS)} about ${pick(TOPICS)}. It has ${Math.floor(r() * 90) + 5} words of placeholder text ${i}.`;
      const status = kind === 'source' ? 'accepted' : r() < 0.3 ? 'rejected' : r() < 0.02 ? 'pending' : 'accepted';
      const reason = status === 'rejected' ? pick(REASONS) : null;
      const round = kind === 'evolved' ? 1 + Math.floor(r() * 4) : 0;
      const stage = kind === 'source' ? 'load' : kind === 'evolved' ? 'evolve' : 'chat';
      let callId: number | null = null;
      if (kind !== 'source') {
        const key = sha256(`synth-${o.name ?? 'synth'}-${i}`);
        callId = store.calls.insertPending({
          runId: run.id,
          key,
          contentHash: key,
          draw: 0,
          wave: Math.floor(i / 100),
          stage,
          provider: 'sim',
          model: 'distillery-sim-1',
          mode: 'chat',
          requestJson: JSON.stringify({ mode: 'chat', model: 'distillery-sim-1', messages: [{ role: 'user', content: `Rewrite this instruction: ${instruction}` }], params: { temperature: 0.7 } }),
        });
        store.calls.complete(callId, {
          text: output,
          finishReason: r() < 0.05 ? 'length' : 'stop',
          responseModel: 'distillery-sim-1',
          responseId: null,
          simulated: true,
          promptTokens: 40 + Math.floor(r() * 60),
          completionTokens: 20 + Math.floor(r() * 200),
          cachedTokens: 0,
          cost: 0.0001,
          latencyMs: 5,
          attempts: 1,
        });
      }
      const messages =
        kind === 'conversation'
          ? [
              { role: 'user', content: instruction },
              { role: 'assistant', content: output },
              { role: 'user', content: 'Tell me more.' },
              { role: 'assistant', content: `More about ${pick(TOPICS)}.` },
            ]
          : undefined;
      const parentId = kind === 'evolved' && pool.length ? pool[Math.floor(r() * pool.length)]! : undefined;
      const id = store.samples.insert({
        runId: run.id,
        kind,
        stage,
        wave: Math.floor(i / 100),
        round,
        instruction: kind === 'conversation' ? '' : instruction,
        output: kind === 'conversation' ? '' : output,
        messages,
        meta: kind === 'evolved' ? { operation: pick(OPERATIONS), round } : undefined,
        status,
        reason,
        contentHash: sha256(`${i}`),
        callId,
        verdicts:
          kind === 'source'
            ? []
            : [
                { filter: 'rouge-l', passed: reason !== 'rouge-l', score: reason === 'rouge-l' ? 0.7 + r() * 0.3 : r() * 0.7, detail: { threshold: 0.7 } },
                { filter: 'judge-score', passed: reason !== 'judge-score', score: Math.floor(r() * 10) + 1, detail: { rationale: 'synthetic' } },
              ],
        parents: parentId !== undefined ? [{ parentId, relation: 'evolved-from' }] : undefined,
      });
      if (kind !== 'conversation' && status === 'accepted') pool.push(id);
      if (!firstId) firstId = id;
      lastId = id;
    }
    setRunStatus(store.db, run.id, 'completed', `${o.samples} synthetic samples`);
  });
  return { runId: run.id, firstId, lastId };
}
