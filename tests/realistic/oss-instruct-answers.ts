/**
 * OSS-Instruct answers as chat models write them (written by us after the shapes GPT-3.5/4-class and
 * open chat models produce for a two-section prompt; no released text copied). `problem`/`solution`:
 * what must be kept after the chat normaliser and parser; null with `reason`: dropped.
 */
import type { FinishReason } from '../../src/teacher/types.js';

export interface OssCase {
  name: string;
  text: string;
  finish: FinishReason;
  problem?: string;
  solution?: string;
  reason?: 'not-stop' | 'sections' | 'empty-section';
  /** The chat normaliser rewrote a header. */
  edited?: boolean;
}

const SOL = "```python\ndef chunked(items, size):\n    if size <= 0:\n        raise ValueError('size must be positive')\n    return [items[i:i + size] for i in range(0, len(items), size)]\n```\n\nEach slice starts at a multiple of `size`; the last one may be shorter.";
const PROB = 'Write a function `chunked(items, size)` that splits a list into consecutive chunks of at most `size` elements.\n\n- Raise `ValueError` when `size` is not positive.\n- Keep the order of the elements.';

export const OSS_CASES: OssCase[] = [
  { name: 'clean, as asked', text: `[Problem Description]\n${PROB}\n\n[Solution]\n${SOL}`, finish: 'stop', problem: PROB, solution: SOL },
  { name: 'markdown headers', text: `## [Problem Description]\n\n${PROB}\n\n## [Solution]\n\n${SOL}\n`, finish: 'stop', problem: PROB, solution: SOL, edited: true },
  { name: 'bold headers without brackets, with a preamble', text: `Sure! Here is a problem inspired by the snippet.\n\n**Problem Description**\n${PROB}\n\n**Solution:**\n${SOL}`, finish: 'stop', problem: PROB, solution: SOL, edited: true },
  { name: 'lower-case headers', text: `[problem description]\n${PROB}\n[solution]\n${SOL}`, finish: 'stop', problem: PROB, solution: SOL },
  { name: 'cut by max_tokens', text: `[Problem Description]\n${PROB}\n\n[Solution]\n\`\`\`python\ndef chunked(items, size):\n    if size`, finish: 'length', reason: 'not-stop' },
  { name: 'solution header missing', text: `[Problem Description]\n${PROB}\n\nHere is how to solve it:\n${SOL}`, finish: 'stop', reason: 'sections' },
  { name: 'sections in the wrong order', text: `[Solution]\n${SOL}\n\n[Problem Description]\n${PROB}`, finish: 'stop', reason: 'sections' },
  { name: 'empty solution', text: `[Problem Description]\n${PROB}\n\n[Solution]\n\n`, finish: 'stop', reason: 'empty-section' },
  { name: 'header named inline only (not on its own line)', text: `In the [Problem Description] below you will find a task. ${PROB} The [Solution] follows: ${SOL}`, finish: 'stop', reason: 'sections' },
];
