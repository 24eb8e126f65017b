/**
 * A user's stage as a declared stage: one declaration per (stage name, output), made on demand.
 * Its id names the output kind (`custom/text`, `custom/json`, `custom/regex:<fields>`), which is
 * all the sim needs to answer it, in-process or behind the fake server.
 */
import type { Prompt } from '../../engine/requests.js';
import { defineStage, type StageDecl } from '../../engine/stage.js';
import { readStructured } from '../../engine/structured.js';
import type { ExampleWriter } from '../../teacher/types.js';
import type { CustomStage } from './params.js';
import { jsonForm, parseJson, parseRegex, parseText, type StageValue } from './parse.js';
import { simJson, simRegex, simText } from './sim-answers.js';

/** What a user stage's call is given: its prompt, already rendered for one row. */
export interface CustomInput {
  prompt: Prompt;
}

const made = new Map<string, StageDecl<CustomInput, StageValue>>();

export function customStage(stage: Pick<CustomStage, 'name' | 'output'>): StageDecl<CustomInput, StageValue> {
  const out = stage.output;
  const key = `${stage.name}\u0000${JSON.stringify(out)}`;
  const known = made.get(key);
  if (known) return known;
  const common = { recipe: 'custom', name: stage.name, placeholders: [], prompt: (i: CustomInput) => i.prompt, usable: (v: StageValue) => v.ok };
  let decl: StageDecl<CustomInput, StageValue>;
  if (out.type === 'json') {
    const form = jsonForm(stage.name, out.schema);
    decl = defineStage({
      ...common, variant: 'json', example: simJson, structured: form,
      parse: (text, finish) => parseJson(form, stage.name, text, finish),
      // A chat model's prose or fence around the document is taken off here, so the sample records it.
      normalise: (text) => {
        const read = readStructured(form, text);
        return read.ok ? { text: JSON.stringify(read.doc), edits: read.edits } : { text, edits: [] };
      },
    });
  } else if (out.type === 'regex') {
    const fields = Object.keys(out.fields);
    decl = defineStage({ ...common, variant: `regex:${fields.join(',')}`, example: simRegex(fields), parse: (text) => parseRegex(stage.name, out.fields, out.flags, text) });
  } else {
    decl = defineStage({ ...common, variant: 'text', example: simText, parse: (text, finish) => parseText(stage.name, text, finish) });
  }
  made.set(key, decl);
  return decl;
}

/** The sim's writer for a custom stage id (`custom/...`), for the fake server, which sees only the id. */
export function customExample(id: string): ExampleWriter | undefined {
  if (id === 'custom/text') return simText;
  if (id === 'custom/json') return simJson;
  const regex = /^custom\/regex:(.+)$/.exec(id);
  return regex ? simRegex(regex[1]!.split(',')) : undefined;
}

/** The JSON stage the registry declares (for the contract test): a question and a 1-10 score. */
export const SAMPLE_RECORD_SCHEMA = { type: 'object', properties: { question: { type: 'string' }, score: { type: 'integer', minimum: 1, maximum: 10 } }, required: ['question', 'score'] };

/** The three kinds as declared stages, for the registry's contract test and the sim. */
export const CUSTOM_STAGES = [
  customStage({ name: 'answer', output: { type: 'text' } }),
  customStage({ name: 'record', output: { type: 'json', schema: SAMPLE_RECORD_SCHEMA } }),
  customStage({ name: 'pair', output: { type: 'regex', fields: { question: '^Question:\\s*(.+)$', answer: '^Answer:\\s*(.+)$' }, flags: 'im' } }),
];
