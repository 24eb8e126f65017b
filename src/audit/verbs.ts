/**
 * Root verb and direct object of an instruction, for Self-Instruct's verb → noun diversity chart.
 * natural has no dependency parser, so this is a rule over Brill POS tags (docs/libraries.md):
 * - drop a leading "please"/"kindly";
 * - the root is the first word when the lexicon lists it as a base-form verb and not a modal (the
 *   tagger calls a sentence-initial "List" or "Design" a proper noun), else the first base-form verb that is not
 *   an auxiliary (be, do, have);
 * - the object is the head noun of the noun phrase right after the root, scanning past
 *   determiners, adjectives, numbers and pronouns, stopping at WRB|WDT|WP|IN|TO|CC|MD or a finite
 *   verb (so "Explain why the sky is blue" has no object, not "sky");
 * - the tagger's default tag `N` (unknown word) counts as a noun unless the word is a number.
 * Lemmas come from wink-lemmatizer (natural only has stemmers).
 */
import { createRequire } from 'node:module';
import type { BrillPOSTagger, Lexicon } from 'natural/lib/natural/brill_pos_tagger/index.js';
import type Lemmatizer from 'wink-lemmatizer';

export interface VerbObject {
  verb: string | null;
  object: string | null;
}

interface Tagger {
  lexicon: Lexicon;
  tagger: BrillPOSTagger;
}

// Both libraries load on first use (about 250 ms and 50 MB), so only the report and the audit pages
// that chart verbs pay for them, not every command that happens to import this module.
const requireCjs = createRequire(import.meta.url);
let cached: Tagger | undefined;
let lemmatizerCache: typeof Lemmatizer | undefined;

function tagger(): Tagger {
  if (!cached) {
    const { BrillPOSTagger, Lexicon, RuleSet } = requireCjs('natural/lib/natural/brill_pos_tagger/index.js') as typeof import('natural/lib/natural/brill_pos_tagger/index.js');
    const lexicon = new Lexicon('EN', 'N', 'NNP');
    cached = { lexicon, tagger: new BrillPOSTagger(lexicon, new RuleSet('EN')) };
  }
  return cached;
}

/**
 * Load the POS tagger's lexicon and rules now (about half a second): the viewer does it right after
 * it starts listening, so the first dashboard does not pay for it.
 */
export function warmTagger(): void {
  tagger();
  lemmatizer();
}

function lemmatizer(): typeof Lemmatizer {
  return (lemmatizerCache ??= requireCjs('wink-lemmatizer') as typeof Lemmatizer);
}

const LEADING_POLITE = new Set(['please', 'kindly']);
const AUXILIARY = new Set(['be', 'do', 'have']);
const STOP_TAGS = new Set(['WRB', 'WDT', 'WP', 'WP$', 'IN', 'TO', 'CC', 'MD', 'VBZ', 'VBP', 'VBD', 'VB', 'EX', 'UH']);
const NOUN_TAGS = new Set(['NN', 'NNS', 'NNP', 'NNPS', 'N']);
const NUMBER_WORDS = new Set(
  'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion dozen few several'.split(
    ' ',
  ),
);
/** Nouns whose plural-looking form is their lemma (wink would give "datum", "new"...). */
const KEEP_NOUNS = new Set(['data', 'news', 'series', 'species', 'media', 'physics', 'mathematics', 'statistics', 'economics', 'politics', 'lyrics', 'analytics', 'ethics', 'clothes', 'glasses']);

const TOKEN = /[A-Za-z]+(?:[-'’][A-Za-z]+)*|\d+(?:[.,]\d+)*|[^\sA-Za-z\d]/g;

/** The first sentence of an instruction, as tokens (words, numbers, one-character punctuation). */
export function tokenize(instruction: string): string[] {
  const first = instruction.trim().split(/\n/)[0] ?? '';
  const tokens = first.match(TOKEN) ?? [];
  const end = tokens.findIndex((t, i) => i > 0 && (t === '.' || t === '?' || t === '!'));
  return end === -1 ? tokens : tokens.slice(0, end);
}

const isWord = (t: string) => /^[A-Za-z]/.test(t);
const isNumber = (t: string) => /^\d/.test(t) || NUMBER_WORDS.has(t.toLowerCase());

export function verbLemma(word: string): string {
  return lemmatizer().verb(word.toLowerCase());
}

export function nounLemma(word: string): string {
  const w = word.toLowerCase();
  return KEEP_NOUNS.has(w) ? w : lemmatizer().noun(w);
}

/** Root verb and direct object (lemmas, lower case); either may be null. */
export function extractVerbObject(instruction: string): VerbObject {
  let tokens = tokenize(instruction);
  while (tokens.length && !isWord(tokens[0]!)) tokens = tokens.slice(1);
  while (tokens.length && LEADING_POLITE.has(tokens[0]!.toLowerCase())) {
    tokens = tokens.slice(1);
    if (tokens[0] === ',') tokens = tokens.slice(1);
  }
  if (tokens.length === 0) return { verb: null, object: null };
  const t = tagger();
  const tags = t.tagger.tag(tokens).taggedWords.map((w) => w.tag);
  let root = -1;
  const firstTags = isWord(tokens[0]!) ? t.lexicon.tagWord(tokens[0]!.toLowerCase()) : [];
  // "List…", "Design…": a verb by the lexicon, whatever the tagger says; but not "Can you…" (a modal).
  if (firstTags.includes('VB') && !firstTags.includes('MD') && !AUXILIARY.has(verbLemma(tokens[0]!))) root = 0;
  for (let i = 0; root === -1 && i < tokens.length; i++) {
    if (!isWord(tokens[i]!)) continue;
    if ((tags[i] === 'VB' || tags[i] === 'VBP') && !AUXILIARY.has(verbLemma(tokens[i]!))) root = i;
  }
  if (root === -1) return { verb: null, object: null };
  const verb = verbLemma(tokens[root]!);
  let head = -1;
  for (let i = root + 1; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const tag = tags[i] ?? '';
    if (!isWord(tok) && !/^\d/.test(tok)) break; // punctuation ends the phrase
    const noun = NOUN_TAGS.has(tag) && !isNumber(tok);
    if (noun) {
      head = i;
      continue;
    }
    if (head !== -1) break; // the noun run is over: its last noun is the head
    if (STOP_TAGS.has(tag)) break;
    // determiners, adjectives, numbers, pronouns, adverbs, participles used as adjectives: keep going
  }
  return { verb, object: head === -1 ? null : nounLemma(tokens[head]!) };
}

export interface VerbObjectStats {
  instructions: number;
  withVerb: number;
  withObject: number;
}

/**
 * Count verb → object pairs over instructions: the `topVerbs` most common root verbs, each with its
 * `topObjects` most common objects (Self-Instruct shows 20 and 4).
 */
export function verbObjectSlices(
  instructions: Iterable<string>,
  opts: { topVerbs?: number; topObjects?: number } = {},
): { slices: { verb: string; n: number; objects: { object: string; n: number }[] }[]; stats: VerbObjectStats } {
  const topVerbs = opts.topVerbs ?? 20;
  const topObjects = opts.topObjects ?? 4;
  const verbs = new Map<string, { n: number; objects: Map<string, number> }>();
  const stats: VerbObjectStats = { instructions: 0, withVerb: 0, withObject: 0 };
  for (const text of instructions) {
    stats.instructions++;
    const { verb, object } = extractVerbObject(text);
    if (!verb) continue;
    stats.withVerb++;
    const entry = verbs.get(verb) ?? { n: 0, objects: new Map<string, number>() };
    entry.n++;
    if (object) {
      stats.withObject++;
      entry.objects.set(object, (entry.objects.get(object) ?? 0) + 1);
    }
    verbs.set(verb, entry);
  }
  const byCount = <K extends string>(a: [K, number], b: [K, number]) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  const slices = [...verbs]
    .map(([verb, e]) => [verb, e.n] as [string, number])
    .sort(byCount)
    .slice(0, topVerbs)
    .map(([verb, n]) => ({
      verb,
      n,
      objects: [...verbs.get(verb)!.objects].sort(byCount).slice(0, topObjects).map(([object, k]) => ({ object, n: k })),
    }));
  return { slices, stats };
}
