/**
 * A replica of the kept rows, in a worker thread (or in the main thread, replica 0). Each task
 * first adds the rows kept since the last task (every replica adds all of them), then answers
 * "is any kept row above the threshold, and which is the most similar" for its share of the
 * batch. A worker's replica lives as long as the worker: the pool running this file has exactly
 * one thread, so a replica's tasks always reach the same index.
 */
import { RougeIndex } from '../filters/rouge/rouge-index.js';
import type { RougeTokenizer } from '../filters/rouge/tokenize.js';

export interface ReplicaTask {
  tokenizer: RougeTokenizer;
  threshold: number;
  addIds: readonly number[];
  addTexts: readonly string[];
  queries: readonly string[];
}

export interface ReplicaAnswer {
  /** Per query: the exact max above the threshold, or NaN when no kept row is above it. */
  scores: Float64Array;
  /** Per query: the kept row reaching it (the earliest on ties), -1 when none. */
  ids: Int32Array;
  comparisons: number;
  candidates: number;
}

/** Add the task's rows to `index`, then score the task's texts against it. */
export function answerTask(index: RougeIndex, task: ReplicaTask): ReplicaAnswer {
  task.addIds.forEach((id, i) => index.add(id, task.addTexts[i]!));
  const scores = new Float64Array(task.queries.length).fill(Number.NaN);
  const ids = new Int32Array(task.queries.length).fill(-1);
  let comparisons = 0;
  let candidates = 0;
  task.queries.forEach((text, q) => {
    const r = index.query(text, { threshold: task.threshold });
    comparisons += r.comparisons;
    candidates += r.candidates;
    if (r.exact && r.mostSimilar) {
      scores[q] = r.score;
      ids[q] = r.mostSimilar.id;
    }
  });
  return { scores, ids, comparisons, candidates };
}

let replica: RougeIndex | null = null;

export default function answer(task: ReplicaTask): ReplicaAnswer {
  replica ??= new RougeIndex({ tokenizer: task.tokenizer, headThreshold: task.threshold });
  return answerTask(replica, task);
}
