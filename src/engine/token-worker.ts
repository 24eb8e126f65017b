/**
 * o200k token counts from a worker thread. Loading the tokenizer's table takes 0.3-0.6 s of one
 * core; `plan` starts the worker first and reads the database meanwhile, so on a 2-core machine the
 * two overlap instead of adding up. The counts are the ones `requestTokens` gives (same module, same
 * framing), only computed elsewhere.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { TeacherRequest } from '../teacher/types.js';
import { requestFraming, requestText } from './plan.js';

export interface TokenCounter {
  /** Each request's prompt tokens, as `requestTokens` counts them. */
  count(requests: readonly TeacherRequest[]): Promise<number[]>;
  /** Ends the worker (pending counts are answered first). */
  close(): Promise<void>;
}

// Plain CommonJS for an eval'd worker: it loads the tokenizer by absolute path and counts what it is sent.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { countTokens } = require(workerData.tokenizer);
parentPort.on('message', ({ id, texts }) => parentPort.postMessage({ id, counts: texts.map((t) => countTokens(t)) }));
`;

export function startTokenCounter(): TokenCounter {
  const tokenizer = createRequire(import.meta.url).resolve('gpt-tokenizer/cjs/encoding/o200k_base');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { tokenizer } });
  worker.unref(); // never keeps the process alive on its own
  const pending = new Map<number, { resolve: (c: number[]) => void; reject: (e: Error) => void }>();
  let next = 0;
  let failed: Error | undefined;
  worker.on('message', ({ id, counts }: { id: number; counts: number[] }) => {
    pending.get(id)?.resolve(counts);
    pending.delete(id);
  });
  worker.on('error', (err) => {
    failed = err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  });
  return {
    count(requests) {
      if (failed) return Promise.reject(failed);
      const id = next++;
      return new Promise<number[]>((resolve, reject) => {
        pending.set(id, { resolve: (counts) => resolve(counts.map((c, i) => c + requestFraming(requests[i]!))), reject });
        worker.postMessage({ id, texts: requests.map(requestText) });
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
