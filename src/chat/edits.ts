/**
 * What a chat-mode normaliser changed in an answer before the reference parser read it. Each edit
 * names the habit it undid and the text it took out, so the audit shows exactly what the model
 * wrote and what Distillery kept (issue: chat models' preambles, markup and framing).
 */
import type { Verdict } from '../store/samples.js';

export type Habit =
  /** "Sure! Here are some more tasks:" before the content. */
  | 'preamble'
  /** "I hope this helps!" or "Let me know if..." after the content. */
  | 'closing'
  /** A frame label at the very start: "Rewritten Prompt:", "#Created Prompt#:". */
  | 'frame-label'
  /** Quotes, or a code fence, around the whole content. */
  | 'wrapping'
  /** Bold, italics or heading marks around a structural head ("**5. Instruction:**"). */
  | 'markup'
  /** A speaker label written another way ("AI:", "**[Human]**"), rewritten to the reference's. */
  | 'speaker-label'
  /** The task the prompt gave, repeated at the start of the answer. */
  | 'restated-task'
  /** The opening the prompt primed, repeated as the answer's first turn. */
  | 'restated-opening'
  /** Items split or renumbered by their own heads rather than the reference's separator. */
  | 'layout'
  /** "None" or "N/A" for an empty field. */
  | 'empty-field'
  /** A reading of a short answer the reference's exact match misses ("Yes.", "I'd give it a 4."). */
  | 'tolerant-reading'
  /** A structured answer that was not the JSON document asked for, read as text instead. */
  | 'not-json';

export interface Edit {
  habit: Habit;
  /** What was taken out or rewritten (trimmed, at most a few hundred characters). */
  removed: string;
  /** The item of a list answer the edit belongs to (0-based, in the parser's order); absent for the whole answer. */
  item?: number;
}

/** A normaliser's result: the text in the reference's format, and what changed. */
export interface Normalised {
  text: string;
  edits: Edit[];
}

/** The verdict's filter name, on every sample derived from an answer that was normalised. */
export const CHAT_FORMAT_FILTER = 'chat-format';

const MAX_REMOVED = 300;

/** An edit with its removed text trimmed to a readable length. */
export function edit(habit: Habit, removed: string, item?: number): Edit {
  const t = removed.trim();
  const clipped = t.length > MAX_REMOVED ? `${t.slice(0, MAX_REMOVED - 1)}…` : t;
  return item === undefined ? { habit, removed: clipped } : { habit, removed: clipped, item };
}

/**
 * The verdict for one sample of an answer: the answer-wide edits and those of its own item.
 * Passed: normalising never rejects by itself (the parser's and filters' verdicts decide).
 * `stage` names the answer's stage when it is not the sample's own (a classify or judge answer on
 * an instruction), so a sample may carry several.
 */
export function chatFormatVerdicts(edits: readonly Edit[], item?: number, stage?: string): Verdict[] {
  const own = edits.filter((e) => e.item === undefined || e.item === item);
  if (own.length === 0) return [];
  const listed = own.map(({ item: _item, ...e }) => e);
  return [{ filter: CHAT_FORMAT_FILTER, passed: true, detail: stage === undefined ? { edits: listed } : { stage, edits: listed } }];
}

/** Chain normalising steps; each sees the previous one's text, and the edits add up in order. */
export function pipe(text: string, ...steps: ((text: string) => Normalised)[]): Normalised {
  const edits: Edit[] = [];
  let current = text;
  for (const step of steps) {
    const r = step(current);
    current = r.text;
    edits.push(...r.edits);
  }
  return { text: current, edits };
}
