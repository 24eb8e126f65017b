/**
 * A chat answer cut at max_tokens is often cut in what the model wrote after the instruction (why
 * it fits, a second option), not in the instruction. The reference rejects every cut answer (a
 * completion cut there lost its one line); in chat mode an instruction the answer went on past is
 * whole. Pure.
 */

/** Does the answer go on past the instruction: a blank line or a next "Response:" block, then more text? */
export function wentOnPast(text: string, instruction: string): boolean {
  if (instruction === '') return false;
  const at = text.indexOf(instruction);
  if (at < 0) return false;
  const after = text.slice(at + instruction.length).replace(/^["”'’»*_`]+/, '');
  return /^[ \t]*\n[ \t]*\n\s*\S/.test(after) || /^[ \t]*\n\s*Response\s*:/i.test(after);
}
