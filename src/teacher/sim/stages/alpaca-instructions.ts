/**
 * Alpaca generation (methods.md 2): the prompt ends with "###\n<k>. Instruction:". The answer continues
 * the numbered chunks up to item 19 and starts item 20 (the recipe's stop "\n20" cuts it there).
 * About 3% of chunks are malformed (no "Output:" line); instructions carry the same bad-item rates as
 * Self-Instruct's.
 */
import { generateTask, type TaskMix } from '../tasks.js';
import { tail } from '../text.js';
import { writeInput, writeOutput } from '../writers.js';
import type { SimStage } from './types.js';

const ENDING = /###[ \t]*\r?\n[ \t]*(\d{1,3})[ \t]*\.[ \t]*Instruction:[ \t]*$/;
const DEMO = /^[ \t]*\d{1,3}[ \t]*\.[ \t]*Instruction:[ \t]*(\S.*)$/gm;
const MIX: TaskMix = { classification: 0.12, withInput: 0.36 };

export const alpacaInstructions: SimStage = {
  name: 'alpaca-instructions',
  matches(ctx) {
    return ENDING.test(tail(ctx.last, 300));
  },
  write(ctx, rng) {
    const text = tail(ctx.last, 30_000);
    const k = Number(text.match(ENDING)?.[1] ?? '4');
    const demos = [...text.matchAll(DEMO)].map((m) => (m[1] ?? '').trim()).filter(Boolean);
    const last = Math.max(19, k + 2);
    const parts: string[] = [];
    for (let i = k; i <= last + 1; i++) {
      const t = generateTask(rng, { mix: MIX, demos });
      const head = i === k ? ` ${t.instruction}` : `###\n${i}. Instruction: ${t.instruction}`;
      if (i === last + 1) {
        parts.push(head);
        break;
      }
      const label = t.labels ? rng.pick(t.labels) : undefined;
      const input = t.inputKind ? writeInput(rng, t, label) : '';
      const output = writeOutput(rng, t, input, { maxWords: 60, label });
      const malformed = rng.chance(0.03);
      parts.push(
        `${head}\n${i}. Input:\n${input || '<noinput>'}\n` + (malformed ? `${output}\n` : `${i}. Output:\n${output}\n`),
      );
    }
    return parts.join('');
  },
};
