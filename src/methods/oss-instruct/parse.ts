/**
 * Reading an OSS-Instruct answer (pure), with Magicoder's drops: an answer not ended by `stop`,
 * either section header missing or out of order (a header is a line holding it, matched without
 * case), an empty section.
 */
import type { FinishReason } from '../../teacher/types.js';

export type OssAnswer =
  | { ok: true; problem: string; solution: string }
  | { ok: false; reason: 'not-stop' | 'sections' | 'empty-section'; detail?: Record<string, unknown> };

const PROBLEM = /^[ \t]*\[problem description\][ \t]*$/im;
const SOLUTION = /^[ \t]*\[solution\][ \t]*$/im;

export function parseOssAnswer(text: string, finish: FinishReason): OssAnswer {
  if (finish !== 'stop') return { ok: false, reason: 'not-stop', detail: { finish_reason: finish } };
  const p = PROBLEM.exec(text);
  const s = SOLUTION.exec(text);
  if (!p || !s) return { ok: false, reason: 'sections', detail: { problem_header: !!p, solution_header: !!s } };
  if (s.index < p.index) return { ok: false, reason: 'sections', detail: { order: 'solution before problem' } };
  const problem = text.slice(p.index + p[0].length, s.index).trim();
  const solution = text.slice(s.index + s[0].length).trim();
  if (problem === '' || solution === '') return { ok: false, reason: 'empty-section', detail: { empty: problem === '' ? 'problem' : 'solution' } };
  return { ok: true, problem, solution };
}

/** The fenced code blocks of a markdown text, their bodies trimmed. */
export function codeBlocks(text: string): string[] {
  return [...text.matchAll(/^[ \t]*```[^\n]*\n([\s\S]*?)^[ \t]*```[ \t]*$/gm)].map((m) => m[1]!.trim()).filter((b) => b !== '');
}

/** Magicoder's duplicate key: the text with every whitespace character removed. */
export function squash(text: string): string {
  return text.replace(/\s+/g, '');
}
