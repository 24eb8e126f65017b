/**
 * Reading a rubric judge's answer: a short rationale, then `Score: n` on the last line
 * (methods.md section 4; the reimplementation parses `[Ss]core:\s*(\d+)$` and drops the rest).
 * Pure. Real judges drift from the format ("Score: 4.5", "**Score:** 4/5", "Rating: 4 out of 5",
 * a trailing remark after the score), so anything the strict form misses is tried tolerantly;
 * an answer with no usable score is reported as `missing`, never thrown.
 */

export type ScoreParse = 'exact' | 'tolerant' | 'missing';

export interface JudgeScore {
  /** The score on the rubric's scale, possibly fractional ("4.5"); null when missing. */
  score: number | null;
  parse: ScoreParse;
  /** The answer without its score line. */
  rationale: string;
  /** Why a score was not usable, or how a tolerant one was read (e.g. "rescaled from 8/10"). */
  note?: string;
}

export interface ScoreScale {
  min: number;
  max: number;
}

const FIVE_POINT: ScoreScale = { min: 1, max: 5 };

/** The reference form, on the last non-empty line. */
const EXACT = /^[Ss]core:\s*(\d+)$/;
/** A labelled score anywhere in a line: "Score: 4", "**Rating:** 4.5/5", "score of 4 out of 5", "Score = [4]". */
const LABELLED =
  /\b(?:score|rating|grade|rated)\b[*_`'"\s]*(?:is|of|=|:|-|–)?[*_`'"\s]*[[(]?\s*(\d+(?:[.,]\d+)?)\s*[\])]?\s*(?:(?:\/|out of|of)\s*(\d+(?:[.,]\d+)?))?/gi;
/** A last line that is only a number or a fraction: "4", "4.", "4/5", "(5)". */
const BARE = /^[*_`'"([\s]*(\d+(?:[.,]\d+)?)\s*(?:(?:\/|out of)\s*(\d+(?:[.,]\d+)?))?[*_`'")\].!\s]*$/i;
/**
 * A score said in words: "I'd give it a 4.", "I would rate this a 4 out of 5", "I rate the response
 * 3/5", "this deserves a 5". Not "gives a 3-step plan" (a number joined to a word by a hyphen).
 */
const VERBAL =
  /\b(?:give|giving|rate|rating|award|assign|deserves?|earns?)\s+(?:it|this|that|the (?:answer|response|output|reply))?\s*(?:a|an)?\s*(?:solid|strong|fair|generous|high|low)?\s*[*_"'[(]*\s*(\d+(?:[.,]\d+)?)(?![\d-])[*_"')\]]*\s*(?:(?:\/|out of)\s*(\d+(?:[.,]\d+)?))?/gi;
/** "4 out of 5" or "4/5" anywhere in the last line. */
const FRACTION = /(\d+(?:[.,]\d+)?)\s*(?:\/|out of)\s*(\d+(?:[.,]\d+)?)/gi;

function num(text: string): number {
  return Number(text.replace(',', '.'));
}

/** Parse a judge's answer on a 1-5 (or given) scale. */
export function parseJudgeScore(answer: string, scale: ScoreScale = FIVE_POINT): JudgeScore {
  const text = answer.replace(/\r\n?/g, '\n').trim();
  const lines = text.split('\n');
  const lastIndex = lastNonEmpty(lines);
  if (lastIndex < 0) return { score: null, parse: 'missing', rationale: '', note: 'empty answer' };

  const last = lines[lastIndex]!.trim();
  const exact = EXACT.exec(last);
  if (exact) {
    const value = Number(exact[1]);
    const rationale = without(lines, lastIndex);
    if (value >= scale.min && value <= scale.max) return { score: value, parse: 'exact', rationale };
    return { score: null, parse: 'missing', rationale, note: `score ${value} is outside ${scale.min}-${scale.max}` };
  }

  const found = tolerant(lines, lastIndex);
  if (!found) return { score: null, parse: 'missing', rationale: text, note: 'no score found' };
  const rationale = without(lines, found.line);
  let value = num(found.value);
  let note: string | undefined = found.said ? `read from "${found.said}"` : undefined;
  if (found.of !== undefined) {
    const of = num(found.of);
    if (!(of > 0)) return { score: null, parse: 'missing', rationale, note: `unusable fraction ${found.value}/${found.of}` };
    if (of !== scale.max) {
      value = Math.round(((value * scale.max) / of) * 100) / 100;
      note = [note, `rescaled from ${found.value}/${found.of}`].filter(Boolean).join('; ');
    }
  }
  if (!Number.isFinite(value) || value < scale.min || value > scale.max) {
    return { score: null, parse: 'missing', rationale, note: `score ${found.value} is outside ${scale.min}-${scale.max}` };
  }
  return note ? { score: value, parse: 'tolerant', rationale, note } : { score: value, parse: 'tolerant', rationale };
}

interface Found {
  line: number;
  value: string;
  of?: string;
  /** The words a verbal score was read from. */
  said?: string;
}

/** The words of the last verbal score in the answer ("give it a 4"), for notes and the chat-format record. */
export function verbalScore(answer: string): { line: number; value: string; of?: string; said: string } | undefined {
  const lines = answer.replace(/\r\n?/g, '\n').trim().split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const matches = [...lines[i]!.matchAll(VERBAL)];
    const m = matches[matches.length - 1];
    if (m) return { line: i, value: m[1]!, of: m[2], said: m[0].trim() };
  }
  return undefined;
}

/** The last labelled score in the answer; failing that, a verbal one; then a bare number or a fraction on the last line. */
function tolerant(lines: string[], lastIndex: number): Found | undefined {
  for (let i = lastIndex; i >= 0; i--) {
    const matches = [...lines[i]!.matchAll(LABELLED)];
    const m = matches[matches.length - 1];
    if (m) return { line: i, value: m[1]!, of: m[2] };
  }
  const verbal = verbalScore(lines.join('\n'));
  if (verbal) return verbal;
  const last = lines[lastIndex]!.trim();
  const bare = BARE.exec(last);
  if (bare) return { line: lastIndex, value: bare[1]!, of: bare[2] };
  const fractions = [...last.matchAll(FRACTION)];
  const f = fractions[fractions.length - 1];
  if (f) return { line: lastIndex, value: f[1]!, of: f[2] };
  return undefined;
}

function lastNonEmpty(lines: string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.trim() !== '') return i;
  return -1;
}

function without(lines: string[], index: number): string {
  return lines
    .filter((_, i) => i !== index)
    .join('\n')
    .trim();
}
