import type { Verdict } from '../store/samples.js';
import { wordCount } from '../util/text.js';

export interface InstructionRules {
  minWords: number;
  maxWords: number;
  blocklist: readonly string[];
}

const ASCII_PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

/**
 * The instruction heuristics of Self-Instruct and Alpaca (methods.md sections 1a, 2), each as its
 * own verdict so a rejection names the rule. Pure.
 */
export function instructionVerdicts(instruction: string, rules: InstructionRules): Verdict[] {
  const words = wordCount(instruction);
  const first = instruction.charAt(0);
  const blocked = rules.blocklist.filter((w) => new RegExp(`\\b${escapeRegExp(w)}\\b`, 'i').test(instruction));
  return [
    { filter: 'empty', passed: instruction.trim() !== '' },
    {
      filter: 'word-count',
      passed: words >= rules.minWords && words <= rules.maxWords,
      score: words,
      detail: { words, min: rules.minWords, max: rules.maxWords },
    },
    { filter: 'blocklist', passed: blocked.length === 0, detail: blocked.length ? { words: blocked } : undefined },
    { filter: 'write-a-program', passed: !instruction.startsWith('Write a program') },
    { filter: 'punctuation-start', passed: !(first !== '' && ASCII_PUNCTUATION.has(first)), detail: first ? { first } : undefined },
    { filter: 'non-ascii-start', passed: !(first !== '' && first.charCodeAt(0) > 127), detail: first ? { first } : undefined },
  ];
}

/** The first failed verdict names the rejection reason; undefined when all passed. */
export function firstFailure(verdicts: readonly Verdict[]): string | undefined {
  return verdicts.find((v) => !v.passed)?.filter;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
