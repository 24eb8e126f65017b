/**
 * Answers written the way instruction-tuned chat models write them (gpt-4o-mini, Llama-3-8B-Instruct,
 * Qwen): clean ones and ones with a habit (a preamble, closing remarks, markdown, blank lines,
 * framing). Each entry says what a careful reader would keep from it, so a stage's yield is
 * measured against that, not against what the parser happens to return.
 */
import type { ExampleWriter, FinishReason } from '../../src/teacher/types.js';
import { sha256 } from '../../src/util/hash.js';

export interface CorpusAnswer<Keep = unknown> {
  /** The answer, exactly as a chat model would send it. */
  text: string;
  /** The habits it shows (empty for a clean answer). */
  habits: string[];
  /** What a careful reader keeps from it (the stage decides the shape: instruction texts, triples, a score...). */
  keep: Keep;
  /** How the answer ended: 'length' for one cut at max_tokens (default 'stop'). */
  finish?: FinishReason;
}

/** Share of answers with at least one habit. */
export function habitShare(corpus: readonly CorpusAnswer[]): number {
  return corpus.filter((a) => a.habits.length > 0).length / corpus.length;
}

/**
 * A fake-server example writer that answers each request of a stage with one corpus answer, picked
 * by a hash of the request's prompt, so the same request always gets the same answer whatever the
 * order requests arrive in.
 */
export function corpusWriter(corpus: readonly CorpusAnswer[]): ExampleWriter {
  return (view) => corpus[Number.parseInt(sha256(view.all).slice(0, 8), 16) % corpus.length]!.text;
}

/** Example writers by stage id, for `startFakeServer({ examples })`; stages not listed get the sim's. */
export function corpusExamples(byStage: Record<string, readonly CorpusAnswer[]>, fallback: (id: string) => ExampleWriter | undefined): (id: string) => ExampleWriter | undefined {
  const writers = new Map(Object.entries(byStage).map(([id, c]) => [id, corpusWriter(c)]));
  return (id) => writers.get(id) ?? fallback(id);
}
