/**
 * Alpaca's answer as a JSON document (structured outputs): the new tasks, each an instruction, an
 * input (empty when none) and an output. A valid document becomes the chunks the text parser makes
 * of a well-formed answer, numbered on from the demos, so every later filter decides as it would.
 */
import { z } from 'zod';
import type { StructuredForm } from '../../engine/structured.js';
import type { AlpacaChunk } from './parse.js';
import { NO_INPUT, type AlpacaTask } from './prompts.js';

const TasksDoc = z.strictObject({
  tasks: z.array(z.strictObject({ instruction: z.string(), input: z.string(), output: z.string() })).min(1).max(20),
});

export const alpacaTasksForm: StructuredForm<{ demos: readonly AlpacaTask[] }, AlpacaChunk[], z.infer<typeof TasksDoc>> = {
  name: 'alpaca_tasks',
  schema: TasksDoc,
  toValue: (doc, { demos }) =>
    doc.tasks.map((t, index) => {
      const input = t.input.trim();
      return {
        ok: true as const,
        index,
        number: demos.length + 1 + index,
        raw: JSON.stringify(t),
        instruction: t.instruction.trim(),
        input: input.toLowerCase() === NO_INPUT ? '' : input,
        output: t.output.trim(),
      };
    }),
  fromValue: (chunks) => ({
    tasks: chunks.flatMap((c) => (c.ok ? [{ instruction: c.instruction, input: c.input, output: c.output }] : [])),
  }),
};
