import { describe, expect, it } from 'vitest';
import { requestTokens } from '../../src/engine/plan.js';
import { startTokenCounter } from '../../src/engine/token-worker.js';
import type { TeacherRequest } from '../../src/teacher/types.js';

describe('token counts from a worker thread', () => {
  it('are exactly what requestTokens counts, chat framing and completion prompts included', async () => {
    const requests: TeacherRequest[] = [
      { mode: 'chat', model: 'm', messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'Name three rivers in Africa, with one fact each.' }], params: {} },
      { mode: 'completion', model: 'm', prompt: 'Come up with a series of tasks:\n1. Instruction: Écris un haïku sur la mer. 🌊\n2.', params: {} },
      { mode: 'chat', model: 'm', messages: [{ role: 'user', content: '' }], params: {} },
    ];
    const counter = startTokenCounter();
    try {
      const [a, b] = await Promise.all([counter.count(requests), counter.count(requests.slice(1))]);
      expect(a).toEqual(requests.map(requestTokens));
      expect(b).toEqual(requests.slice(1).map(requestTokens));
      expect(a[0]).toBeGreaterThan(8);
    } finally {
      await counter.close();
    }
  });
});
