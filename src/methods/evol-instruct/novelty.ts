import { RougeIndex } from '../../filters/rouge/index.js';
import type { Verdict } from '../../store/samples.js';

/**
 * The ROUGE-L novelty pool of an Evol-Instruct run: the inputs and every accepted evolution, stored
 * ones under their sample ids and those accepted in the round being built under temporary negative
 * ids until the round is stored. Like the engine's NoveltyPool, but a query may leave out the
 * candidate's own ancestors (its chain), which an in-depth rewrite repeats by design.
 */
export class LineageNoveltyPool {
  private readonly index = new RougeIndex({ tokenizer: 'rouge' });
  private readonly texts = new Map<number, string>();
  private readonly stored = new Map<number, number>();
  private nextTemp = -1;

  constructor(readonly threshold: number, readonly ignoreAncestors: boolean) {}

  get size(): number {
    return this.index.size;
  }

  addStored(id: number, text: string): void {
    this.index.add(id, text);
    this.texts.set(id, text);
  }

  /** Add an evolution accepted in the current round; returns its temporary id. */
  addPending(text: string): number {
    const id = this.nextTemp--;
    this.index.add(id, text);
    this.texts.set(id, text);
    return id;
  }

  markStored(tempId: number, sampleId: number): void {
    this.stored.set(tempId, sampleId);
  }

  resolve(id: number): number {
    return id < 0 ? this.stored.get(id) ?? id : id;
  }

  /**
   * The ROUGE-L verdict: the highest F against the pool (ancestors left out when configured), the
   * most similar item and the top ten. Exact: the index ranks the ten best plus one per ancestor.
   */
  verdict(text: string, ancestors: readonly number[]): Verdict {
    const skip = new Set(this.ignoreAncestors ? ancestors : []);
    const q = this.index.query(text, { topK: 10 + skip.size });
    // Items accepted earlier in this session are indexed under their temporary ids.
    const top = q.top.filter((m) => !skip.has(this.resolve(m.id))).slice(0, 10);
    const most = top[0];
    const score = most?.score ?? 0;
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

  /** Replace temporary ids in a ROUGE-L verdict by stored sample ids (inside the store transaction). */
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
