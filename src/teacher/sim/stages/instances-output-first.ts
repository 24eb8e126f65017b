/**
 * Self-Instruct instance generation, output-first (classification tasks): the prompt's demos use
 * "Class label:" and it ends with "Task: <instruction>\n". The answer lists labels, each followed by
 * an input of that class.
 */
import { inferLabels, inferTask, knownTopic, needsInput } from '../tasks.js';
import { namedTopic, tail } from '../text.js';
import { ALL_TOPICS } from '../vocab.js';
import { writeInput } from '../writers.js';
import { fieldName, taskAtEnd } from './instances-common.js';
import type { SimStage } from './types.js';

export const instancesOutputFirst: SimStage = {
  name: 'self-instruct-instances-output-first',
  matches(ctx) {
    return taskAtEnd(ctx.last) !== undefined && /(?:^|\n)[ \t]*Class label:/.test(tail(ctx.last, 50_000));
  },
  write(ctx, rng) {
    const instruction = taskAtEnd(ctx.last) ?? '';
    const t = inferTask(instruction, knownTopic(instruction) ?? namedTopic(instruction) ?? rng.pick(ALL_TOPICS));
    const labels = (t.labels ?? inferLabels(instruction)).slice();
    const withInput = needsInput(instruction) || t.inputKind !== null;
    // A task without input has one right answer: give just that label (as the reference demos do).
    const chosen = !withInput ? [rng.pick(labels)] : labels.length > 3 ? rng.sample(labels, 3) : labels;
    const task = { ...t, inputKind: t.inputKind ?? 'sentence' };
    const field = fieldName(task.inputKind);
    const lines: string[] = [];
    // ~3%: the same input under two labels, which makes the whole task ambiguous (dropped downstream).
    const conflicting = withInput && chosen.length >= 2 && rng.chance(0.03);
    let firstInput = '';
    const seen = new Set<string>();
    chosen.forEach((label, i) => {
      lines.push(`Class label: ${label}`);
      if (!withInput) return;
      const input = conflicting && i > 0 ? firstInput : writeInput(rng, task, label, seen);
      seen.add(input);
      if (i === 0) firstInput = input;
      if (task.inputKind === 'sentence pair') lines.push(input);
      else lines.push(`${field}: ${input}`);
    });
    return lines.join('\n');
  },
};
