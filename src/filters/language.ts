import { eld } from 'eld/medium';
import type { Verdict } from '../store/samples.js';

export interface DetectedLanguage {
  /** ISO 639-1 code, or '' when nothing was detected (e.g. empty text). */
  language: string;
  /** eld's own reliability judgement (enough n-grams, a clear lead over the runner-up). */
  reliable: boolean;
  /** eld's score of the detected language (0-1). */
  score: number | null;
}

/** Detect the language of a text with eld's medium database (libraries.md: best on short text). Pure. */
export function detectLanguage(text: string): DetectedLanguage {
  const r = eld.detect(text);
  return { language: r.language, reliable: r.isReliable(), score: r.language ? r.getScores()[r.language] ?? null : null };
}

/**
 * The language filter: reject only text that is reliably detected as a language outside `allowed`;
 * text too short or ambiguous to tell passes. An empty `allowed` list turns the filter off.
 */
export function languageVerdict(text: string, allowed: readonly string[]): Verdict {
  if (allowed.length === 0) return { filter: 'language', passed: true, detail: { allowed: [], skipped: true } };
  const d = detectLanguage(text);
  const foreign = d.reliable && d.language !== '' && !allowed.includes(d.language);
  return { filter: 'language', passed: !foreign, score: d.score, detail: { language: d.language || null, reliable: d.reliable, allowed } };
}
