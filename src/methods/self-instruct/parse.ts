import type { FinishReason } from '../../teacher/types.js';
import { collapseWhitespace, pythonCapitalize } from '../../util/text.js';

/**
 * Split a continued numbered list into instructions (methods.md 1a): split on "\n<n>. ",
 * collapse whitespace, strip, then Python's capitalize(). A chat model may repeat the number it
 * was asked to continue from, so a leading "9. " is dropped first.
 */
export function parseInstructionList(text: string): string[] {
  const body = text.replace(/^\s*\d+\s?\.\s/, ' ');
  return body.split(/\n\d+\s?\. /).map((piece) => pythonCapitalize(collapseWhitespace(piece)));
}

/** The reference discards the whole list when the model hit max_tokens. */
export function instructionListUsable(finish: FinishReason): boolean {
  return finish !== 'length';
}

/** Yes / yes / YES means classification; anything else does not. */
export function parseIsClassification(text: string): boolean {
  return ['Yes', 'yes', 'YES'].includes(text.trim());
}

export interface RawInstance {
  input: string;
  output: string;
}

/** Output-first answers: chunks after "Class label:"; first line the label, the rest the input. */
export function parseClassificationInstances(text: string): RawInstance[] {
  const chunks = text.split('Class label:').slice(1);
  return chunks.map((chunk) => {
    const [first = '', ...rest] = chunk.trim().split('\n');
    return { output: first.trim(), input: rest.join('\n').trim() };
  });
}

/**
 * Input-first answers (methods.md 1d): non-empty "Example n" chunks, or the whole text when it
 * holds a single "Output:" pair. In a chunk, input is what precedes "Output:" and output what
 * follows, cut at any later "Input:"; a chunk with no "Output:" is all output.
 */
export function parseGenerationInstances(text: string): RawInstance[] {
  let chunks: string[];
  if (/Example\s?\d*\.?/.test(text)) chunks = text.split(/Example\s?\d*\.?/).map((c) => c.trim()).filter((c) => c !== '');
  else if (/Output\s*\d*\s*:/.test(text)) chunks = [text];
  else return [];
  return chunks.map(splitInputOutput);
}

function splitInputOutput(chunk: string): RawInstance {
  const parts = chunk.split(/Output\s*\d*\s*:/);
  const hasOutput = parts.length > 1;
  const input = hasOutput ? parts[0]!.trim().replace(/^Input\s*\d*\s*:/, '').trim() : '';
  const output = (hasOutput ? parts[1]! : chunk).split(/Input\s*\d*\s*:/)[0]!.trim();
  return { input, output };
}
