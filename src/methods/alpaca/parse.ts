import type { FinishReason } from '../../teacher/types.js';
import { NO_INPUT, type AlpacaTask } from './prompts.js';

export type DropReason = 'malformed-chunk' | 'truncated-chunk';

/** One "###"-separated chunk of an answer: a task, or dropped with the reason. */
export type AlpacaChunk =
  | ({ ok: true; index: number; number: number; raw: string } & AlpacaTask)
  | { ok: false; index: number; number: number; raw: string; reason: DropReason; detail: Record<string, unknown> };

const FIELDS = ['Instruction', 'Input', 'Output'] as const;

/**
 * Parse an answer to the Alpaca prompt (methods.md section 2). The prompt ended with
 * "{k+1}. Instruction:", so that head is put back in front of the answer (unless a chat model
 * repeated it), and the text is split on "###". Chunk j must split on "{k+1+j}. Instruction: /
 * Input: / Output:" into exactly those three fields in that order, else it is dropped as malformed.
 * When the answer was cut at max_tokens, only the last chunk is dropped. `<noinput>` (any case)
 * means an empty input. Chunks holding only whitespace (what is left before a stop string) are skipped:
 * they contain nothing to lose.
 */
export function parseAlpacaAnswer(text: string, demos: number, finish: FinishReason): AlpacaChunk[] {
  const first = demos + 1;
  const repeated = new RegExp(`^\\s*${first}\\.\\s+Instruction:`);
  const body = repeated.test(text) ? text.replace(/^\s+/, '') : `${first}. Instruction:${text}`;
  const pieces = body.split('###');
  const out: AlpacaChunk[] = [];
  pieces.forEach((piece, index) => {
    const number = first + index;
    const raw = piece.trim();
    if (raw === '') return;
    if (finish === 'length' && index === pieces.length - 1) {
      out.push({ ok: false, index, number, raw, reason: 'truncated-chunk', detail: { finish_reason: finish } });
      return;
    }
    out.push(parseChunk(piece, index, number));
  });
  return out;
}

function parseChunk(piece: string, index: number, number: number): AlpacaChunk {
  const raw = piece.trim();
  // The field heads of this item only: "4. Input:" but not "14. Input:".
  const parts = piece.split(new RegExp(`(?<!\\d)${number}\\.\\s+(Instruction|Input|Output):`));
  const labels = [parts[1], parts[3], parts[5]];
  if (parts.length !== 7 || labels.some((l, i) => l !== FIELDS[i])) {
    const found = parts.filter((_, i) => i % 2 === 1);
    return { ok: false, index, number, raw, reason: 'malformed-chunk', detail: { expected: `${number}. Instruction/Input/Output`, found } };
  }
  const input = parts[4]!.trim();
  return {
    ok: true,
    index,
    number,
    raw,
    instruction: parts[2]!.trim(),
    input: input.toLowerCase() === NO_INPUT ? '' : input,
    output: parts[6]!.trim(),
  };
}
