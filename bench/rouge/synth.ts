import { tokenizeRouge } from '../../src/filters/rouge/tokenize.js';
import { corpusSentences, realTexts } from './corpus.js';
import { mutate } from './mutate.js';
import { Rng } from './rng.js';

/** How the growth pools are made, printed with the results. */
export const SYNTH_DESCRIPTION = [
  'Synthetic pools (seeded): 65% fresh instructions, 35% near-duplicates of an earlier row.',
  'Fresh: a real opening (first two words of a CodeAlpaca or Self-Instruct instruction), then a word',
  'chain over the real files + CNN articles (70% follow an observed bigram, 24% a word drawn by corpus',
  'frequency, 6% a rare made-up name or identifier from a long Zipf tail), length drawn from real',
  'instruction lengths (5% drawn from Evol-Instruct prompt lengths).',
  'Near-duplicate: an earlier row (70% among the last 2,000, 30% any) with 1-8 edits (geometric):',
  'word drop, neighbour swap, near-synonym or vocabulary substitution, insertion.',
].join('\n');

interface WordModel {
  openings: string[][];
  next: Map<string, string[]>;
  unigrams: string[];
  lengths: number[];
  longLengths: number[];
}

function buildModel(): WordModel {
  const real = realTexts();
  const instructions = [...real[0]!.texts, ...real[1]!.texts].map(tokenizeRouge);
  const next = new Map<string, string[]>();
  const unigrams: string[] = [];
  for (const sentence of corpusSentences()) {
    const words = tokenizeRouge(sentence);
    words.forEach((w, i) => {
      unigrams.push(w);
      const after = words[i + 1];
      if (after === undefined) return;
      const list = next.get(w);
      if (list) list.push(after);
      else next.set(w, [after]);
    });
  }
  return {
    openings: instructions.filter((w) => w.length >= 2).map((w) => w.slice(0, 2)),
    next,
    unigrams,
    lengths: instructions.map((w) => w.length).filter((n) => n >= 3),
    longLengths: real[2]!.texts.map((t) => tokenizeRouge(t).length),
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'tor', 'vex', 'ul', 'dra', 'sen', 'qui', 'bar', 'zo', 'fi', 'gra', 'hul', 'jep'];

/** A made-up word from a long tail: rank r is drawn with probability about 1/r (names, identifiers). */
function rareWord(rng: Rng): string {
  const rank = Math.floor(Math.exp(rng.next() * Math.log(2_000_000)));
  let word = '';
  for (let r = rank; r > 0; r = Math.floor(r / SYLLABLES.length)) word += SYLLABLES[r % SYLLABLES.length];
  return rng.chance(0.3) ? `${word}${rank % 100}` : word;
}

function freshWords(model: WordModel, rng: Rng): string[] {
  const length = rng.chance(0.05) ? rng.pick(model.longLengths) : rng.pick(model.lengths);
  const words = [...rng.pick(model.openings)];
  while (words.length < length) {
    const r = rng.next();
    const successors = model.next.get(words[words.length - 1]!);
    if (r < 0.06) words.push(rareWord(rng));
    else if (r < 0.3 || !successors) words.push(rng.pick(model.unigrams));
    else words.push(rng.pick(successors));
  }
  return words;
}

function sentence(words: readonly string[]): string {
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

/** `n` synthetic instructions with realistic near-duplicates (see SYNTH_DESCRIPTION). */
export function synthInstructions(n: number, seed: number): string[] {
  const model = buildModel();
  const rng = new Rng(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && rng.chance(0.35)) {
      const from = rng.chance(0.7) ? Math.max(0, i - 1 - rng.int(2000)) : rng.int(i);
      let edits = 1;
      while (edits < 8 && rng.chance(0.5)) edits++;
      out.push(sentence(mutate(tokenizeRouge(out[from]!), edits, rng, model.unigrams)));
    } else out.push(sentence(freshWords(model, rng)));
  }
  return out;
}
