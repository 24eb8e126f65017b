import { defineStage } from '../../engine/stage.js';
import { render } from '../../prompts/template.js';
import { ossInstructAnswer } from '../../teacher/sim/stages/oss-instruct.js';
import { normaliseOssAnswer } from './chat-form.js';
import { parseOssAnswer, type OssAnswer } from './parse.js';

/** The one stage: a seed snippet in, a problem and its solution out (with the reference's system message). */
export const writeProblem = defineStage<{ snippet: string; system: string }, OssAnswer>({
  recipe: 'oss-instruct',
  name: 'problem',
  placeholders: ['snippet'],
  // The snippet is corpus text: substituted once, never scanned for placeholders.
  prompt: ({ snippet, system }, template) => ({ prompt: render(template!, { snippet }), system }),
  parse: (text, finish) => parseOssAnswer(text, finish),
  example: ossInstructAnswer,
  usable: (out) => out.ok,
  normalise: (text) => normaliseOssAnswer(text),
});
