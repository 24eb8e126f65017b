import { RougeIndex, type RougeTokenizer } from '../filters/rouge/index.js';
import type { Verdict } from '../store/samples.js';

/** Stored items indexed per turn of the event loop while a resumed run's first requests go out. */
const BACKLOG_CHUNK = 2_000;

/**
 * The ROUGE-L novelty pool of a run: stored samples under their ids, and items accepted in the
 * wave being built under temporary negative ids until the wave is stored.
 *
 * Stored items are indexed in the background, a chunk per turn of the event loop: a run resumed
 * on 300K samples sends its first wave while its pool is still being built (the first answer
 * takes longer than the rest of the indexing). Any query first indexes what is left, in the
 * order items were added, so every verdict is the one a fully built pool gives.
 */
export class NoveltyPool {
  private readonly index: RougeIndex;
  private readonly texts = new Map<number, string>();
  private readonly stored = new Map<number, number>();
  private nextTemp = -1;
  private backlog: [number, string][] = [];
  private backlogAt = 0;
  private draining: NodeJS.Immediate | null = null;

  constructor(readonly threshold: number, tokenizer: RougeTokenizer = 'rouge') {
    this.index = new RougeIndex({ tokenizer });
  }

  get size(): number {
    return this.index.size + this.backlog.length - this.backlogAt;
  }

  addStored(id: number, text: string): void {
    this.texts.set(id, text);
    this.backlog.push([id, text]);
    // Unref'd: a run that ends before the pool is used need not wait for it.
    this.draining ??= setImmediate(() => this.drainChunk()).unref();
  }

  /** Add an item accepted in the current wave; returns its temporary id. */
  addPending(text: string): number {
    this.drainAll();
    const id = this.nextTemp--;
    this.index.add(id, text);
    this.texts.set(id, text);
    return id;
  }

  private drainChunk(): void {
    this.draining = null;
    this.indexBacklog(Math.min(this.backlog.length, this.backlogAt + BACKLOG_CHUNK));
    if (this.backlogAt < this.backlog.length) this.draining = setImmediate(() => this.drainChunk()).unref();
  }

  /** Index every stored item still waiting (before any query). */
  private drainAll(): void {
    if (this.backlogAt >= this.backlog.length) return;
    if (this.draining) clearImmediate(this.draining);
    this.draining = null;
    this.indexBacklog(this.backlog.length);
  }

  /** Index the waiting items up to `end`, in the order they were added; an emptied backlog is let go. */
  private indexBacklog(end: number): void {
    for (; this.backlogAt < end; this.backlogAt++) this.index.add(...this.backlog[this.backlogAt]!);
    if (this.backlogAt >= this.backlog.length) {
      this.backlog = [];
      this.backlogAt = 0;
    }
  }

  /** Once the pending item is stored, references to it resolve to the sample id. */
  markStored(tempId: number, sampleId: number): void {
    this.stored.set(tempId, sampleId);
  }

  resolve(id: number): number {
    return id < 0 ? this.stored.get(id) ?? id : id;
  }

  /**
   * The ROUGE-L verdict: the maximum F against the pool, the most similar item and the top ten.
   * `exclude` (stored sample ids) leaves items out, e.g. an evolution's own ancestors, which an
   * in-depth rewrite repeats by design; still exact, as the index ranks ten more per excluded item.
   */
  verdict(text: string, exclude: readonly number[] = []): Verdict {
    this.drainAll();
    const skip = new Set(exclude);
    const q = this.index.query(text, { topK: 10 + skip.size });
    // Items accepted earlier in this session are indexed under their temporary ids.
    const top = skip.size ? q.top.filter((m) => !skip.has(this.resolve(m.id))).slice(0, 10) : q.top.slice(0, 10);
    const most = skip.size ? top[0] : q.mostSimilar ?? undefined;
    const score = skip.size ? most?.score ?? 0 : q.score;
    return {
      filter: 'rouge-l',
      passed: score <= this.threshold,
      score,
      detail: {
        threshold: this.threshold,
        most_similar_id: most?.id ?? null,
        most_similar: most ? this.texts.get(most.id) ?? null : null,
        top: top.map((m) => ({ id: m.id, score: m.score })),
        ...(skip.size ? { ignored_ancestors: [...skip] } : {}),
      },
    };
  }

  /** Replace temporary ids in a ROUGE-L verdict's detail by stored sample ids (call inside the store transaction). */
  resolveVerdict(v: Verdict): Verdict {
    if (v.filter !== 'rouge-l' || !v.detail) return v;
    const d = v.detail as { most_similar_id: number | null; top: { id: number; score: number }[] };
    return {
      ...v,
      detail: {
        ...d,
        most_similar_id: d.most_similar_id === null ? null : this.resolve(d.most_similar_id),
        top: d.top.map((t) => ({ id: this.resolve(t.id), score: t.score })),
      },
    };
  }
}
