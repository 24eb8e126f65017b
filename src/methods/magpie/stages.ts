import { defineStage } from '../../engine/stage.js';
import { magpieQuery, magpieResponse } from '../../teacher/sim/stages/magpie.js';
import { parseMagpieTurn, type MagpieText } from './parse.js';
import { queryPrompt, responsePrompt } from './prompts.js';

export interface MagpieTemplate {
  preQuery: string;
  postQuery: string;
  specials: readonly string[];
}

/** Step 1: the pre-query template alone; the model's completion is a user query. */
export const drawQuery = defineStage<{ template: MagpieTemplate }, MagpieText>({
  recipe: 'magpie',
  name: 'query',
  placeholders: [],
  prompt: ({ template }) => queryPrompt(template.preQuery),
  parse: (text, finish, { template }) => parseMagpieTurn(text, finish, template.specials),
  example: magpieQuery,
  usable: (out) => out.ok,
});

/** Step 2: the query in the model's own template up to the assistant's slot, answered greedily. */
export const answerQuery = defineStage<{ template: MagpieTemplate; query: string }, MagpieText>({
  recipe: 'magpie',
  name: 'response',
  placeholders: [],
  prompt: ({ template, query }) => responsePrompt(template.preQuery, query, template.postQuery),
  parse: (text, finish, { template }) => parseMagpieTurn(text, finish, template.specials),
  example: magpieResponse,
  usable: (out) => out.ok,
});
