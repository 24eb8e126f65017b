import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { eld as EldDetector } from 'eld/medium';
import type { Verdict } from '../store/samples.js';

// eld's medium database takes about half a second and 190 MB to load, so it loads on first use:
// only a run whose language filter is on pays for it, not every command that imports a recipe.
let detector: typeof EldDetector | undefined;

/** Load the detector ahead of use without blocking (the self-chat recipe does, before its first wave). */
export async function loadLanguageDetection(): Promise<void> {
  detector ??= (await import('eld/medium')).eld;
}

function eld(): typeof EldDetector {
  // A first use that was not loaded ahead: eld is ESM only, so this is require(esm) (Node >= 20.19),
  // of the file its `exports` name, since require's own resolution finds no "require" entry there.
  if (!detector) {
    const require = createRequire(import.meta.url);
    const dir = (require.resolve.paths('eld') ?? []).map((d) => join(d, 'eld')).find((d) => existsSync(join(d, 'package.json')));
    if (!dir) throw new Error('cannot find the eld package (language detection)');
    const { exports } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { exports: Record<string, { import: string }> };
    detector = (require(join(dir, exports['./medium']!.import)) as typeof import('eld/medium')).eld;
  }
  return detector;
}

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
  const r = eld().detect(text);
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
