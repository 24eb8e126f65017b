/**
 * Self-Instruct instance generation, input-first (other tasks): demos with "Example 1" / "Output:",
 * ending with "Task: <instruction>\n". The answer gives 1-3 examples, or just "Output: ..." when the
 * task needs no input. A few instances are deliberately bad (input == output, output ending with ":",
 * two outputs for one input) so the instance filters fire.
 */
import { inferTask, knownTopic, needsInput } from '../tasks.js';
import { namedTopic, tail } from '../text.js';
import { ALL_TOPICS } from '../vocab.js';
import { writeInput, writeOutput } from '../writers.js';
import { fieldName, taskAtEnd } from './instances-common.js';
import type { SimStage } from './types.js';

export const instancesInputFirst: SimStage = {
  name: 'self-instruct-instances-input-first',
  matches(ctx) {
    if (taskAtEnd(ctx.last) === undefined) return false;
    const text = tail(ctx.last, 50_000);
    return /(?:^|\n)[ \t]*(Example\s?\d|Output\s*\d*\s*:)/.test(text);
  },
  write(ctx, rng) {
    const instruction = taskAtEnd(ctx.last) ?? '';
    const t = inferTask(instruction, knownTopic(instruction) ?? namedTopic(instruction) ?? rng.pick(ALL_TOPICS));
    if (!needsInput(instruction) && t.kind !== 'classify') {
      const output = rng.chance(0.04) ? 'Here is the answer:' : writeOutput(rng, t, '', { maxWords: 60 });
      return `Output: ${output}`;
    }
    const task = { ...t, inputKind: t.inputKind ?? 'sentence' };
    const field = rng.chance(0.4) ? 'Input' : fieldName(task.inputKind);
    const n = rng.weighted([[1, 0.25], [2, 0.45], [3, 0.3]] as const);
    const blocks: string[] = [];
    let previousInput = '';
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      const label = task.labels ? rng.pick(task.labels) : undefined;
      let input = writeInput(rng, task, label, seen);
      // No fresh input left: stop rather than repeat one by accident.
      if (seen.has(input)) break;
      seen.add(input);
      let output = writeOutput(rng, task, input, { maxWords: 50, label });
      const fault = rng.float();
      if (fault < 0.04) output = input; // input == output
      else if (fault < 0.08) output = `${output.replace(/[.!?]$/, '')}, as follows:`; // ends with ":"
      else if (fault < 0.1 && i > 0 && previousInput) input = previousInput; // one input, two outputs
      previousInput = input;
      const inputText = task.inputKind === 'sentence pair' && field !== 'Input' ? input : `${field}: ${input}`;
      blocks.push(`Example ${i + 1}\n${inputText}\nOutput: ${output}`);
    }
    return blocks.join('\n');
  },
};
