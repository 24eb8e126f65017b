import { STOPWORDS } from './vocab.js';

/** Upper-case the first character only. */
export function capFirst(text: string): string {
  return text === '' ? text : text.charAt(0).toUpperCase() + text.slice(1);
}

/** Lower-case the first character unless the first word looks like a proper noun or acronym. */
export function lowerFirst(text: string): string {
  if (text === '') return text;
  const first = text.split(/\s+/, 1)[0] ?? '';
  if (/^[A-Z]{2,}/.test(first) || first === 'I') return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}

export function countWords(text: string): number {
  const t = text.trim();
  return t === '' ? 0 : t.split(/\s+/).length;
}

/** "a" or "an" before a word. */
export function art(word: string): string {
  return /^[aeiou]/i.test(word) && !/^(uni|use|usu|eu|one)/i.test(word) ? `an ${word}` : `a ${word}`;
}

/** Join items as "a, b or c". */
export function orList(items: readonly string[], conj = 'or'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conj} ${items[items.length - 1]}`;
}

/** Replace `{s}` / `{S}` with the subject (as is / first letter capitalised). */
export function fillSubject(template: string, subject: string): string {
  return template.replace(/\{s\}/g, subject).replace(/\{S\}/g, capFirst(subject));
}

/** The tail of a long text; ending checks never need more. */
export function tail(text: string, n = 4000): string {
  return text.length > n ? text.slice(text.length - n) : text;
}

/** Content words (lower-cased, no stop words, at least 3 letters). */
export function contentWords(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/[a-z][a-z'-]{2,}/g)) {
    const w = m[0].replace(/'s$/, '');
    if (!STOPWORDS.has(w)) out.push(w);
  }
  return out;
}

const LEAD_INS = new RegExp(
  '^(?:' +
    [
      'please', 'kindly', 'now', 'also', 'then', 'can you', 'could you', 'would you', 'will you', 'i want you to',
      'i need you to', 'help me', 'how (?:do|can|would|should|could|does|did) (?:i|you|we|one|someone|people|a person)',
      'what (?:is|are|was|were|would be|might be)', 'why (?:is|are|do|does|did|was|were)', 'who (?:is|was|are|were)',
      'when (?:is|was|did)', 'where (?:is|are|can)', 'is there', 'are there', 'tell me about', 'tell me', 'teach me',
      'explain', 'describe', 'write', 'give(?: me)?', 'list', 'summarize', 'summarise', 'create', 'generate',
      'compose', 'suggest', 'provide', 'make', 'design', 'name', 'identify', 'outline', 'discuss', 'draft',
      'compare', 'define', 'recommend', 'brainstorm', 'propose', 'invent', 'come up with', 'walk me through',
      'help me understand', 'clarify', 'analyze', 'analyse', 'evaluate', 'find', 'develop', 'prepare', 'plan',
      'an?', 'the', 'some', 'short', 'brief', 'detailed', 'simple', 'quick', 'overview of', 'introduction to',
      'guide to', 'few', 'several', 'two', 'three', 'four', 'five', 'six', 'seven', 'tips (?:for|on)', 'ideas for',
      'ways to', 'steps to', 'main', 'key', 'most important', 'about', 'on', 'of', 'for',
    ].join('|') +
    ')\\b[\\s,:]*',
  'i',
);

/** The -ing form of a verb ("keep" -> "keeping", "save" -> "saving", "get" -> "getting"). */
export function gerund(word: string): string {
  const w = word.toLowerCase();
  if (w.endsWith('ing') || w.length < 2) return word;
  if (w.endsWith('ie')) return `${word.slice(0, -2)}ying`;
  if (/[^aeiou]e$/.test(w) && w !== 'be') return `${word.slice(0, -1)}ing`;
  if (w.length <= 4 && /^[^aeiou]*[aeiou][bdgmnprt]$/.test(w)) return `${word}${word.slice(-1)}ing`;
  return `${word}ing`;
}

/**
 * A rough noun phrase naming what an instruction is about: lead-in verbs and articles stripped,
 * cut at the first clause break, at most seven words. "How do I keep X" gives "keeping X".
 */
export function subjectOf(instruction: string): string {
  let s = instruction.replace(/\s+/g, ' ').trim();
  const firstSentence = s.split(/(?<=[.?!])\s|\r?\n/)[0] ?? s;
  s = firstSentence.replace(/[?.!:;]+$/, '').trim();
  s = s.replace(/^(?:pretend|imagine)\s+(?:that\s+)?(?:you are|you're|to be)\s+[^,]+?\s+and\s+/i, '').replace(/^as an?\s+[^,]+,\s*/i, '');
  let verbal = false;
  for (let i = 0; i < 8; i++) {
    const m = s.match(LEAD_INS);
    if (!m || m[0] === '') break;
    if (/^how\b|\bto\s*$/i.test(m[0].trim())) verbal = true;
    else if (!/^(please|kindly|now|also|then|an?|the|some)\b/i.test(m[0].trim())) verbal = false;
    s = s.slice(m[0].length);
  }
  s = s.split(/[,;:()"?!.]| - | so that | in order to | without | using | in terms of | as if | to a | to an | for a | for an /)[0] ?? s;
  const words = s.trim().split(/\s+/).filter(Boolean).slice(0, 7);
  while (words.length > 1 && /^(and|or|of|to|in|on|for|with|the|a|an|that|which|is|are)$/i.test(words[words.length - 1] ?? '')) words.pop();
  if (verbal && words.length > 1 && /^[a-z]+$/.test(words[0] ?? '')) words[0] = gerund(words[0] ?? '');
  const out = words.join(' ').trim();
  if (out === '' || countWords(out) === 0) return 'this topic';
  return lowerFirst(out);
}

/** The topic an instruction names after "about"/"regarding"/..., or undefined. */
export function namedTopic(instruction: string): string | undefined {
  const m = instruction.match(/\b(?:about|regarding|related to|concerning|on the topic of|interested in|on)\s+([^,.;:?!"()]+)/i);
  if (!m || !m[1]) return undefined;
  const head = m[1].split(/\s+(?:is|are|was|were|as|and|or|into|for|to|with|that|which|so|because|from|in|when|if|using|without)\s+/i)[0] ?? '';
  const words = head.trim().split(/\s+/).filter(Boolean).slice(0, 6);
  while (words.length > 0 && /^(the|a|an|this|that|these|those|following|given|your|my|its)$/i.test(words[0] ?? '')) words.shift();
  if (words.length === 0) return undefined;
  const t = words.join(' ');
  return /^(it|them|this|that|yourself|me|us)$/i.test(t) ? undefined : lowerFirst(t);
}

/**
 * The most salient topic of a passage: a repeated capitalised phrase (not at a sentence start) if
 * any, else the most frequent content word (ties broken by first appearance).
 */
export function salientTopic(passage: string): string {
  const text = passage.slice(0, 6000);
  const caps = new Map<string, number>();
  for (const m of text.matchAll(/(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+(?:\s+(?:of\s+|the\s+|de\s+)?[A-Z][a-z]+){0,3})/gm)) {
    const phrase = m[1] ?? '';
    if (phrase.length < 4 || STOPWORDS.has(phrase.toLowerCase())) continue;
    if (/^(The|A|An|This|That|These|Those|It|He|She|They|We|I|In|On|At|But|And|Or|If|When|While|After|Before|Mr|Mrs|Ms|Dr|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$/.test(phrase)) continue;
    caps.set(phrase, (caps.get(phrase) ?? 0) + 1);
  }
  let best = '';
  let bestCount = 0;
  for (const [phrase, count] of caps) {
    const score = count + (phrase.includes(' ') ? 0.5 : 0);
    if (score > bestCount) {
      best = phrase;
      bestCount = score;
    }
  }
  if (best && bestCount >= 1.5) return best;
  const freq = new Map<string, number>();
  for (const w of contentWords(text)) if (w.length >= 4) freq.set(w, (freq.get(w) ?? 0) + 1);
  let word = '';
  let wordCount = 0;
  for (const [w, c] of freq) {
    if (c > wordCount) {
      word = w;
      wordCount = c;
    }
  }
  if (best && (bestCount >= wordCount || !word)) return best;
  return word || best || 'the passage';
}

/** Normalise for equality checks: whitespace collapsed, lower-cased, trailing punctuation dropped. */
export function normaliseForCompare(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase().replace(/[.?!]+$/, '');
}
