/**
 * A user stage's request: the template rendered over the row, the system message chosen for the
 * row, and for a JSON stage the schema appended in our own words (servers that enforce it get it
 * as `response_format` too; the sim reads it back from here). Pure.
 */
import type { Prompt } from '../../engine/requests.js';
import type { CustomStage } from './params.js';

export const SCHEMA_MARKER = 'Reply with one JSON object and nothing else. It must follow this JSON Schema:';

export function stagePrompt(stage: Pick<CustomStage, 'output'>, rendered: string, system: string | undefined): Prompt {
  const text = stage.output.type === 'json' ? `${rendered}\n\n${SCHEMA_MARKER}\n\`\`\`json\n${JSON.stringify(stage.output.schema)}\n\`\`\`` : rendered;
  return system !== undefined && system !== '' ? { prompt: text, system } : text;
}
