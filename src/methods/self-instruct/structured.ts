/**
 * Self-Instruct's answers as JSON documents (structured outputs): the new instructions as a list,
 * and each task's instances. A valid document becomes exactly what the text parsers make of a
 * well-formed answer (whitespace collapsed and capitalised as the reference does), so the filters
 * decide the same way whichever path an answer took.
 */
import { z } from 'zod';
import type { StructuredForm } from '../../engine/structured.js';
import { collapseWhitespace, pythonCapitalize } from '../../util/text.js';
import type { RawInstance } from './parse.js';

const InstructionsDoc = z.strictObject({ instructions: z.array(z.string()).min(1).max(32) });

export const instructionListForm: StructuredForm<unknown, string[], z.infer<typeof InstructionsDoc>> = {
  name: 'new_instructions',
  schema: InstructionsDoc,
  toValue: (doc) => doc.instructions.map((t) => pythonCapitalize(collapseWhitespace(t))),
  fromValue: (list) => ({ instructions: list.filter((t) => t !== '') }),
};

const InstancesDoc = z.strictObject({
  instances: z.array(z.strictObject({ input: z.string(), output: z.string() })).min(1).max(16),
});

/** Input-first instances: each an input (empty when the task needs none) and its output. */
export const instancesForm: StructuredForm<unknown, RawInstance[], z.infer<typeof InstancesDoc>> = {
  name: 'task_instances',
  schema: InstancesDoc,
  toValue: (doc) => doc.instances.map((i) => ({ input: i.input.trim(), output: i.output.trim() })),
  fromValue: (list) => ({ instances: list.map((i) => ({ input: i.input, output: i.output })) }),
};

const LabelledDoc = z.strictObject({
  instances: z.array(z.strictObject({ class_label: z.string(), input: z.string() })).min(1).max(16),
});

/** Output-first instances of a classification task: each class label, then an input of that class. */
export const labelledInstancesForm: StructuredForm<unknown, RawInstance[], z.infer<typeof LabelledDoc>> = {
  name: 'classification_instances',
  schema: LabelledDoc,
  toValue: (doc) => doc.instances.map((i) => ({ output: i.class_label.trim(), input: i.input.trim() })),
  fromValue: (list) => ({ instances: list.map((i) => ({ class_label: i.output, input: i.input })) }),
};
