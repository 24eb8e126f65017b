import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TeacherRequest } from '../../src/teacher/types.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A prompt template as the prompts/README says: UTF-8, one trailing newline removed. */
export function readTemplate(relPath: string): string {
  const raw = readFileSync(resolve(REPO_ROOT, 'prompts', relPath), 'utf8');
  return raw.endsWith('\n') ? raw.slice(0, -1) : raw;
}

/** Fill {{name}} placeholders in one pass; a missing value is an error. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{([a-z_][a-z0-9_]*)\}\}/gi, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`no value for {{${name}}}`);
    return v;
  });
}

export const completion = (prompt: string, params: TeacherRequest['params'] = {}): TeacherRequest => ({
  mode: 'completion',
  model: 'test-model',
  prompt,
  params,
});

export const chat = (content: string, params: TeacherRequest['params'] = {}, system?: string): TeacherRequest => ({
  mode: 'chat',
  model: 'test-model',
  messages: [...(system ? [{ role: 'system' as const, content: system }] : []), { role: 'user' as const, content }],
  params,
});

/** ROUGE-L F as rouge_score computes it (lower-case, [a-z0-9]+ tokens, no stemming). */
export function rougeL(a: string, b: string): number {
  const ta = tokens(a);
  const tb = tokens(b);
  if (ta.length === 0 || tb.length === 0) return 0;
  const dp = new Int32Array(tb.length + 1);
  for (let i = 1; i <= ta.length; i++) {
    let prev = 0;
    for (let j = 1; j <= tb.length; j++) {
      const tmp = dp[j]!;
      dp[j] = ta[i - 1] === tb[j - 1] ? prev + 1 : Math.max(dp[j]!, dp[j - 1]!);
      prev = tmp;
    }
  }
  const lcs = dp[tb.length]!;
  if (lcs === 0) return 0;
  const p = lcs / ta.length;
  const r = lcs / tb.length;
  return (2 * p * r) / (p + r);
}

function tokens(s: string): string[] {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').split(/\s+/).filter((t) => /^[a-z0-9]+$/.test(t));
}

export const SI_BLOCKLIST = ['image', 'images', 'graph', 'graphs', 'picture', 'pictures', 'file', 'files', 'map', 'maps', 'draw', 'plot', 'go to'];
export const ALPACA_BLOCKLIST = [...SI_BLOCKLIST, 'video', 'audio', 'music', 'flowchart', 'diagram'];

/** The Self-Instruct / Alpaca instruction heuristics; the reason, or '' when the instruction passes. */
export function heuristicReason(instruction: string, blocklist = SI_BLOCKLIST): string {
  const words = instruction.split(/\s+/).filter(Boolean).length;
  if (instruction === '') return 'empty';
  if (words <= 3 || words > 150) return 'length';
  for (const w of blocklist) if (new RegExp(`\\b${w}\\b`, 'i').test(instruction)) return 'blocklist';
  if (instruction.startsWith('Write a program')) return 'program';
  if (/^[!-/:-@[-`{-~]/.test(instruction)) return 'punctuation';
  if (!/^[\x00-\x7f]/.test(instruction)) return 'non-ascii';
  return '';
}

/** Self-Instruct's parsing of a list continuation (methods.md 1a). */
export function parseSelfInstruct(text: string, next: number): string[] {
  return `${next}. ${text}`
    .split(/\n\d+\s?\. /)
    .map((piece, i) => (i === 0 ? piece.replace(/^\d+\.\s*/, '') : piece))
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1).toLowerCase());
}

export const SEED_DEMOS = [
  'Give three reasons why people enjoy hiking in the mountains.',
  'Classify the following tweet as positive or negative.',
  'Rewrite the sentence in passive voice.',
  'What is the capital of Australia?',
  'Suggest a name for a bakery that sells only gluten-free bread.',
  'Explain the difference between weather and climate.',
  'Find the odd one out in the list of animals.',
  'Write a short poem about a rainy Monday morning.',
];

export const numbered = (items: readonly string[]) => items.map((d, i) => `${i + 1}. ${d}`).join('\n');
