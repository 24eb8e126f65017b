/** Batch mode end to end through Anthropic's Message Batches (the real SDK) on the fake server: the same battery as OpenAI's. */
import { describe } from 'vitest';
import { batchBattery, type BatchProvider } from '../support/batch-battery.js';
import { useFakeServer } from '../support/fake-server.js';

const MODEL = 'claude-3-5-haiku-latest';
/** The Messages API has no penalties and no seed: the recipe's presence penalties are 0 (not sent), and no seed is sent. */
const recipe = { 'teacher.send_seed': false, 'params.generation.presence_penalty': 0, 'params.instances.presence_penalty': 0 };
const anthropic: BatchProvider = {
  name: 'anthropic',
  config: { 'teacher.provider': 'anthropic', 'teacher.model': MODEL, ...recipe },
  model: MODEL,
  env: (server) => ({ ANTHROPIC_API_KEY: 'sk-ant-test-key', ANTHROPIC_BASE_URL: server.anthropicUrl }),
  online: (server) => server.stats.byEndpoint.messages.received,
  cli: ['--set', `teacher.model=${MODEL}`, ...Object.entries(recipe).flatMap(([k, v]) => ['--set', `${k}=${v}`])],
};

describe('batch mode end to end (Anthropic Message Batches on the fake server)', () => {
  const fake = useFakeServer({ batch: { delayMs: 300 } });
  batchBattery(anthropic, fake);
});
