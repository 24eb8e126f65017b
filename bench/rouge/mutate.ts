import type { Rng } from './rng.js';

/** Word swaps a paraphrasing model typically makes in instructions; other substitutions draw from the vocabulary. */
const NEAR_SYNONYMS: Record<string, string[]> = {
  write: ['create', 'compose', 'draft'],
  create: ['write', 'build', 'make', 'generate'],
  generate: ['create', 'produce', 'write'],
  function: ['method', 'routine', 'procedure'],
  program: ['script', 'code', 'application'],
  list: ['array', 'sequence', 'collection'],
  array: ['list', 'vector'],
  find: ['get', 'compute', 'determine', 'identify'],
  given: ['provided', 'following', 'input'],
  string: ['text', 'word', 'sentence'],
  number: ['integer', 'value', 'figure'],
  explain: ['describe', 'clarify', 'outline'],
  describe: ['explain', 'summarize', 'outline'],
  make: ['create', 'build', 'prepare'],
  show: ['display', 'print', 'output'],
  print: ['output', 'display', 'show'],
  use: ['utilize', 'employ', 'apply'],
  following: ['given', 'next', 'below'],
  a: ['the', 'one'],
  the: ['a', 'this'],
  how: ['in what way'],
};

/**
 * A near-duplicate of `words` made with `edits` random edits: drop a word, swap two neighbours,
 * substitute a near-synonym (or a vocabulary word), or insert a vocabulary word.
 */
export function mutate(words: readonly string[], edits: number, rng: Rng, vocabulary: readonly string[]): string[] {
  const out = [...words];
  for (let e = 0; e < edits; e++) {
    const kind = rng.int(4);
    const at = rng.int(Math.max(out.length, 1));
    if (kind === 0 && out.length > 2) out.splice(at, 1);
    else if (kind === 1 && out.length > 1) {
      const b = Math.min(at + 1, out.length - 1);
      [out[at], out[b]] = [out[b]!, out[at]!];
    } else if (kind === 2 && out.length > 0) {
      const options = NEAR_SYNONYMS[out[at]!.toLowerCase()];
      out[at] = options ? rng.pick(options) : rng.pick(vocabulary);
    } else out.splice(at, 0, rng.pick(vocabulary));
  }
  return out;
}

/**
 * `texts` with near-duplicates of their own rows mixed in after their originals (seeded): the
 * parity checks need many rejections, which the real files (already deduplicated) barely have.
 */
export function mixNearDuplicates(texts: readonly string[], rng: Rng, opts: { rate?: number } = {}): string[] {
  const rate = opts.rate ?? 0.5;
  const vocabulary = [...new Set(texts.flatMap((t) => t.split(/\s+/)).filter((w) => w !== ''))];
  const out: string[] = [];
  const pending: { at: number; text: string }[] = [];
  texts.forEach((t, i) => {
    out.push(t);
    while (rng.chance(rate)) {
      // 1 to 6 edits: light ones are clear duplicates, heavy ones land around the threshold.
      const edits = 1 + rng.int(6);
      pending.push({ at: i + 1 + rng.int(50), text: mutate(t.split(/\s+/), edits, rng, vocabulary).join(' ') });
    }
    for (let p = pending.length - 1; p >= 0; p--) {
      if (pending[p]!.at <= i + 1) {
        out.push(pending[p]!.text);
        pending.splice(p, 1);
      }
    }
  });
  for (const p of pending) out.push(p.text);
  return out;
}
