/** Which tokenizer the ROUGE-L filter uses. */
export type RougeTokenizer = 'rouge' | 'unicode';

export const ROUGE_TOKENIZERS: readonly RougeTokenizer[] = ['rouge', 'unicode'];

/**
 * rouge_score's default tokenizer, as Self-Instruct and Alpaca use it: lower-case, every run of
 * [^a-z0-9] becomes a separator, keep the remaining runs. Equivalent to the reference's
 * sub-then-split-then-filter pipeline because after the substitution only [a-z0-9] runs remain.
 * Non-ASCII letters vanish, which is why `tokenizeUnicode` exists.
 */
export function tokenizeRouge(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

// A letter or digit, with the combining marks that follow it (vowel signs, accents in NFD text).
const WORD_CHAR = /[\p{L}\p{N}]\p{M}*/gu;
// Scripts written without spaces between words: one character is one token, the usual choice for
// character-level ROUGE on Chinese, Japanese, Korean and Thai.
const ONE_CHAR_TOKEN = /^[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}\p{scx=Thai}]/u;

/**
 * A tokenizer for non-Latin text. DEPARTURE FROM THE REFERENCE: rouge_score drops every non-ASCII
 * letter, so Chinese or Russian instructions score 0 against everything and are never filtered.
 * Here text is NFKC-normalised (full-width forms become ASCII) and lower-cased; tokens are runs of
 * Unicode letters and digits (\p{L}\p{N}, each keeping its trailing combining marks so Devanagari
 * or Thai vowel signs do not split words); Han, Hiragana, Katakana, Hangul and Thai characters are
 * one token each. Scores with this tokenizer are not comparable with Alpaca's or Self-Instruct's.
 */
export function tokenizeUnicode(text: string): string[] {
  const out: string[] = [];
  let run = '';
  let runEnd = -1;
  for (const m of text.normalize('NFKC').toLowerCase().matchAll(WORD_CHAR)) {
    const ch = m[0];
    const single = ONE_CHAR_TOKEN.test(ch);
    if (single || m.index !== runEnd) {
      if (run !== '') out.push(run);
      run = '';
    }
    if (single) out.push(ch);
    else run += ch;
    runEnd = single ? -1 : m.index + ch.length;
  }
  if (run !== '') out.push(run);
  return out;
}

export function tokenize(text: string, kind: RougeTokenizer = 'rouge'): string[] {
  return kind === 'unicode' ? tokenizeUnicode(text) : tokenizeRouge(text);
}
