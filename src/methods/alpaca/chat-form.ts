/**
 * Chat-mode normalising of Alpaca answers (issue 14). A chat model writes the task list its own way:
 * a preamble before the first task, bold heads ("**9. Instruction:**"), no "###" between tasks,
 * numbering restarted at 1 or left out, "---" separators, "Input: None", a closing remark. The
 * answer is cut into tasks at its own "Instruction:" heads and written back in the reference's
 * layout ("{n}. Instruction: ...", "{n}. Input:", "{n}. Output:", "###" between, numbered from
 * k+1), so parse.ts reads it. An answer already in that layout is passed on untouched. Pure.
 */
import { edit, pipe, type Edit, type Normalised } from '../../chat/edits.js';
import { isLeadLine } from '../../chat/lead.js';
import { unmarkHead, unwrap } from '../../chat/markup.js';
import { dropClosingRemarks } from '../../chat/trailer.js';
import { NO_INPUT } from './prompts.js';

/** A task's field head: "4. Instruction:", "Input:", or with the number after the word ("Instruction 4:"). */
const HEAD = /^\s*(?:(\d{1,3})\s?[.)]\s*)?(Instruction|Input|Output)(?:\s+(\d{1,3}))?\s*:[ \t]?(.*)$/i;
const EMPTY_INPUT = /^(?:none|n\/a|na|-|–|—|\(none\)|no input|not applicable|nil|<no ?input>|empty|\(no input\))\.?$/i;

interface Head {
  number?: number;
  field: 'instruction' | 'input' | 'output';
  rest: string;
}

function head(line: string): Head | undefined {
  const m = HEAD.exec(line);
  if (!m) return undefined;
  const n = m[1] ?? m[3];
  return { number: n === undefined ? undefined : Number(n), field: m[2]!.toLowerCase() as Head['field'], rest: m[4]! };
}

/** `demos` is the number of demo tasks in the prompt: the answer's first task is number demos + 1. */
export function normaliseAlpacaAnswer(text: string, demos: number): Normalised {
  const pre = pipe(text, unwrap, unmarkHeads, dropClosingRemarks);
  const laid = relayout(pre.text, demos + 1);
  if (!laid) return pre.edits.length ? pre : { text, edits: [] };
  return { text: laid.text, edits: [...pre.edits, ...laid.edits] };
}

/** Bold, heading or bullet marks around "Instruction:", "Input:", "Output:" heads taken off (on head lines only). */
export function unmarkHeads(text: string): Normalised {
  const changed: string[] = [];
  const lines = text.split('\n').map((line) => {
    const out = unmarkHead(line.replace(/^(\s*)[-•]\s+(?=[*_])/, '$1')).replace(/^(\s*(?:\d{1,3}\s?[.)]\s*)?(?:Instruction|Input|Output)(?:\s+\d{1,3})?:)\s{2,}/i, '$1 ');
    if (out === line || !head(out)) return line;
    changed.push(line.trim());
    return out;
  });
  if (changed.length === 0) return { text, edits: [] };
  return { text: lines.join('\n'), edits: [edit('markup', changed.slice(0, 5).join('\n') + (changed.length > 5 ? `\n… ${changed.length - 5} more` : ''))] };
}

interface Task {
  /** The head number the model wrote (undefined for the headless first task or an unnumbered head). */
  written?: number;
  lines: string[];
  /** Separator or title lines after the task, before the next one ("###", "---", "### Task 5"). */
  after: string[];
}

const isSeparator = (l: string): boolean => l.trim() === '' || l.trim() === '###' || isLeadLine(l);
/** A code fence line ("```", "```python"). */
const FENCE = /^\s*```/;
/** Is the last line the fence that closes a code block the task opened (an output holding code)? Then it is content. */
const closesFence = (lines: readonly string[]): boolean => FENCE.test(lines[lines.length - 1]!) && lines.filter((l) => FENCE.test(l)).length % 2 === 0;

/**
 * Cut at "Instruction:" heads and, when anything differs from the reference's layout, write the
 * tasks back in it. Undefined when the answer already is in that layout (or holds no task heads).
 */
function relayout(text: string, first: number): Normalised | undefined {
  const lines = text.split('\n');
  const starts = lines.flatMap((l, i) => (head(l)?.field === 'instruction' ? [i] : []));
  const leadEnd = starts[0] ?? lines.length;
  const lead = lines.slice(0, leadEnd);
  const leadIsTask = lead.some((l) => head(l) !== undefined);
  if (starts.length === 0 && !leadIsTask) return undefined;
  const edits: Edit[] = [];
  let changed = false;
  let separated = false; // tasks not separated by "###" alone
  const tasks: Task[] = [];

  if (leadIsTask) tasks.push({ lines: lead, after: [] }); // the continued task "k+1", written without its head
  else if (lead.some((l) => l.trim() !== '')) {
    if (lead.every(isSeparator)) {
      edits.push(edit('preamble', lead.join('\n')));
      changed = true;
    } else tasks.push({ lines: lead, after: [] }); // unsure what it is: kept, for the parser and filters to judge
  }
  starts.forEach((s, j) => tasks.push({ written: head(lines[s]!)!.number, lines: lines.slice(s, starts[j + 1] ?? lines.length), after: [] }));

  // Trailing separators and titles belong between tasks, not in the previous task's output.
  for (const t of tasks) {
    while (t.lines.length > 1 && isSeparator(t.lines[t.lines.length - 1]!) && !closesFence(t.lines)) t.after.unshift(t.lines.pop()!);
  }
  tasks.forEach((t, j) => {
    const expected = first + j;
    if (!t.lines.every((l) => head(l) === undefined || head(l)!.number === expected)) changed = true;
    if (j > 0 && tasks[j - 1]!.after.filter((l) => l.trim() !== '').join('\n') !== '###') separated = true;
  });
  if (separated) changed = true;
  const extra = tasks.flatMap((t) => t.after).filter((l) => l.trim() !== '' && l.trim() !== '###');
  if (extra.length) edits.push(edit('markup', extra.join('\n')));
  const numbers = tasks.map((t) => t.written);
  if (numbers.some((n, j) => n !== undefined && n !== first + j) || numbers.slice(1).some((n) => n === undefined)) {
    edits.push(edit('layout', `tasks numbered ${numbers.map((n) => n ?? '-').join(', ')} renumbered from ${first}`));
  }

  const written = tasks.map((t, j) => writeTask(t, first + j, j, edits));
  if (written.some((w) => w.changed)) changed = true;
  if (!changed) return undefined;
  if (separated) edits.push(edit('layout', 'tasks cut at their own "Instruction:" heads, not at "###"'));
  return { text: written.map((w) => w.text).join('###\n'), edits };
}

/** One task in the reference's layout; a task without an "Output:" head is written back as it was, renumbered. */
function writeTask(t: Task, n: number, item: number, edits: Edit[]): { text: string; changed: boolean } {
  const fields: Record<Head['field'], string[]> = { instruction: [], input: [], output: [] };
  let current: Head['field'] = 'instruction';
  const seen = new Set<Head['field']>();
  for (const l of t.lines) {
    const h = head(l);
    if (h && !seen.has(h.field)) {
      current = h.field;
      seen.add(h.field);
      fields[current].push(h.rest);
    } else fields[current].push(l);
  }
  const renumbered = t.lines.map((l) => (head(l) ? l.replace(/^\s*(?:\d{1,3}\s?[.)]\s*)?/, `${n}. `) : l));
  if (!seen.has('output')) {
    const body = seen.has('instruction') ? renumbered : [`${n}. Instruction: ${renumbered[0] ?? ''}`, ...renumbered.slice(1)];
    return { text: `${body.join('\n')}\n`, changed: false };
  }
  let changed = false;
  const value = (f: Head['field']) => fields[f].join('\n').trim();
  let input = value('input');
  if (!seen.has('input')) {
    edits.push(edit('layout', 'a task without an "Input:" head read as having no input', item));
    changed = true;
  } else if (EMPTY_INPUT.test(input) && input.toLowerCase() !== NO_INPUT) {
    edits.push(edit('empty-field', `Input: ${input}`, item));
    input = '';
    changed = true;
  }
  return { text: `${n}. Instruction: ${value('instruction')}\n${n}. Input:\n${input === '' ? NO_INPUT : input}\n${n}. Output:\n${value('output')}\n`, changed };
}
