/** SPIN's generation template (arXiv:2401.01335, its repo's generation script): the prompt as an instruction block. */
export function spinPrompt(prompt: string): string {
  return `### Instruction: ${prompt}\n\n### Response: `;
}

export type SpinPair =
  | { ok: true; prompt: string; chosen: string; rejected: string }
  | { ok: false; reason: 'empty-reference' | 'empty-generation' | 'same-as-reference' };

/** chosen = the reference answer from the input file, rejected = the model's own answer; no judge. */
export function spinPair(prompt: string, reference: string, generated: string): SpinPair {
  const chosen = reference.trim();
  const rejected = generated.trim();
  if (chosen === '') return { ok: false, reason: 'empty-reference' };
  if (rejected === '') return { ok: false, reason: 'empty-generation' };
  // The model already writes the reference: nothing left to learn from this pair.
  if (chosen === rejected) return { ok: false, reason: 'same-as-reference' };
  return { ok: true, prompt, chosen, rejected };
}
