/**
 * Chat-mode normalising of Self-Instruct's instance answers (issue 14): bold or heading marks around
 * "Example 1", "Input:", "Class label:" heads, preambles, closing remarks, separator lines, a
 * restated task, "Input: None", pairs laid out without "Example n" heads, all put into the layout
 * the reference parsers read (parse.ts), each change recorded. Pure.
 */
import { dropOpeningLine, isOpener } from '../../chat/chatter.js';
import { dropClosingRemarks } from '../../chat/trailer.js';
import { edit, pipe, type Edit, type Normalised } from '../../chat/edits.js';
import { dropLead } from '../../chat/lead.js';
import { unmarkHead, unwrap, unwrapEmphasis } from '../../chat/markup.js';
import { collapseWhitespace } from '../../util/text.js';
import { EXAMPLE_HEAD, exampleHeadForm, labelLines, unbulletPairHeads, unquoteValues } from './chat-instance-fields.js';

/** A field head: "Input:", "Output:", "Class label:", or an input's own field ("Review:", "Sentence 1:"). */
const FIELD_HEAD = /^[A-Z][A-Za-z0-9'()/ -]{0,40}:(?:\s|$)/;
/** A line that only separates ("---", "***", "**"): never content. Code fences are content and stay. */
const SEPARATOR = /^\s*(?:-{3,}|\*{3,}|_{3,}|\*\*|__)\s*$/;
/** An input written as absent. */
export const EMPTY_VALUE = /^(?:none|n\/a|na|-|–|—|\(none\)|no input|not applicable|nil|<no ?input>|empty)\.?$/i;
const REFUSAL = /^(?:i'?m sorry|i am sorry|sorry,|i can(?:not|'t)|as an ai)/i;

export interface InstanceInput {
  instruction: string;
}

/** Input-first answers ("Example n", field lines, "Output: ..."). */
export function normaliseGenerationAnswer(text: string, input: InstanceInput): Normalised {
  return pipe(
    text,
    unwrap,
    (t) => dropRestatedTask(t, input.instruction),
    (t) => unmarkFieldHeads(t, (h) => EXAMPLE_HEAD.test(h) || FIELD_HEAD.test(h)),
    unbulletPairHeads,
    exampleHeadForm,
    dropSeparators,
    (t) => dropLead(t, (l) => !isOpener(l) && (EXAMPLE_HEAD.test(l.trim()) || FIELD_HEAD.test(l.trim()))),
    dropClosingRemarks,
    exampleHeads,
    (t) => emptyInputs(t, generationItem),
    unquoteValues,
  );
}

/** Output-first answers ("Class label: x" then the input's fields). */
export function normaliseClassificationAnswer(text: string, _input: InstanceInput): Normalised {
  return pipe(text, unwrap, (t) => unmarkFieldHeads(t, (h) => CLASS_LABEL.test(h) || FIELD_HEAD.test(h)), labelHeads, labelLines, dropSeparators, dropClosingRemarks, (t) => emptyInputs(t, classificationItem));
}

/** "Task: <the instruction>" (or the instruction alone) repeated at the start. */
export function dropRestatedTask(text: string, instruction: string): Normalised {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.trim() !== '');
  if (i < 0) return { text, edits: [] };
  const line = unmarkHead(lines[i]!).trim();
  const bare = line.replace(/^task\s*:\s*/i, '');
  const same = (a: string) => collapseWhitespace(a).replace(/[*_]/g, '').toLowerCase();
  if (same(bare) !== same(instruction)) return { text, edits: [] };
  return { text: lines.slice(i + 1).join('\n'), edits: [edit('restated-task', lines[i]!)] };
}

/**
 * Markdown around heads taken off ("**Example 1:**", "### Example 1", "**Input:** x", "- **Output:** x"),
 * only on lines whose unmarked form is a head, so markdown inside an output stays. A value that is
 * emphasised as a whole ("Output: **Pepper**") is unwrapped too.
 */
export function unmarkFieldHeads(text: string, isHead: (line: string) => boolean): Normalised {
  const changed: string[] = [];
  const lines = text.split('\n').map((line) => {
    // A bullet only before a marked head ("- **Input:** x"): a plain "- Note: x" inside an output is content.
    const unmarked = unmarkHead(line.replace(/^(\s*)[-•]\s+(?=[*_])/, '$1'));
    let out = unmarked === line ? line : unmarked.replace(/^(\s*)(\S[^:\n]{0,40}:)\s{2,}/, '$1$2 ');
    if (!isHead(out.trim())) return line;
    const field = /^(\s*[^:\n]{1,42}:\s*)(.+)$/.exec(out);
    if (field) out = `${field[1]}${unwrapEmphasis(field[2]!)}`;
    if (out !== line) changed.push(line.trim());
    return out;
  });
  if (changed.length === 0) return { text, edits: [] };
  return { text: lines.join('\n'), edits: [edit('markup', changed.slice(0, 5).join('\n') + (changed.length > 5 ? `\n… ${changed.length - 5} more` : ''))] };
}

export function dropSeparators(text: string): Normalised {
  const lines = text.split('\n');
  const kept = lines.filter((l) => !SEPARATOR.test(l));
  if (kept.length === lines.length) return { text, edits: [] };
  return { text: kept.join('\n'), edits: [edit('markup', lines.filter((l) => SEPARATOR.test(l)).join(' '))] };
}

/**
 * Pairs laid out without "Example n" heads: paragraphs that each hold one "Output:" (or pairs each
 * opened by an "Input:" line) get a head each, so the parser reads every pair and not only the
 * first. An answer with no head at all for a task without input ("As the days get shorter...")
 * gets an "Output:" label, unless it reads as a refusal.
 */
export function exampleHeads(text: string): Normalised {
  if (/Example\s?\d*\.?/.test(text)) return { text, edits: [] };
  const outputs = text.match(/^\s*Output\s*\d*\s*:/gim) ?? [];
  if (outputs.length === 0) {
    const opened = dropOpeningLine(text);
    const t = opened.text.trim();
    if (t === '' || REFUSAL.test(t) || /^[A-Z][A-Za-z0-9'()/ -]{0,40}:/.test(t)) return { text, edits: [] };
    return { text: `Output: ${t}`, edits: [...opened.edits, edit('layout', 'an answer without heads read as the output')] };
  }
  if (outputs.length < 2) return { text, edits: [] };
  const lines = text.split('\n');
  const starts: number[] = [];
  if (lines.filter((l) => /^\s*Input\s*\d*\s*:/i.test(l)).length === outputs.length) {
    lines.forEach((l, i) => /^\s*Input\s*\d*\s*:/i.test(l) && starts.push(i));
  } else {
    // Paragraph starts, when every paragraph holds exactly one output.
    const paras: number[] = [];
    lines.forEach((l, i) => l.trim() !== '' && (i === 0 || lines[i - 1]!.trim() === '') && paras.push(i));
    const ends = [...paras.slice(1), lines.length];
    const ok = paras.every((p, k) => lines.slice(p, ends[k]).filter((l) => /^\s*Output\s*\d*\s*:/i.test(l)).length === 1);
    if (!ok || paras.length !== outputs.length) return { text, edits: [] };
    starts.push(...paras);
  }
  const out = lines.flatMap((l, i) => (starts.includes(i) ? [`Example ${starts.indexOf(i) + 1}`, l] : [l]));
  return { text: out.join('\n'), edits: [edit('layout', `${starts.length} pairs without "Example n" heads`)] };
}

/** "Input: None", "Input: N/A": the line taken out, so the parser reads an empty input. Recorded per item (`itemOf` a line's item). */
export function emptyInputs(text: string, itemOf: (lines: readonly string[], i: number) => number): Normalised {
  const lines = text.split('\n');
  const edits: Edit[] = [];
  const kept = lines.filter((l, i) => {
    const m = /^\s*Input\s*\d*\s*:\s*(.*)$/i.exec(l);
    if (!m || !EMPTY_VALUE.test(m[1]!.trim())) return true;
    edits.push(edit('empty-field', l, itemOf(lines, i)));
    return false;
  });
  return edits.length ? { text: kept.join('\n'), edits } : { text, edits };
}

/** The parser's item index of line `i` (parse.ts splits on "Example n" and drops empty chunks). */
function generationItem(lines: readonly string[], i: number): number {
  const upTo = lines.slice(0, i + 1).join('\n');
  if (!/Example\s?\d*\.?/.test(upTo)) return 0;
  return upTo.split(/Example\s?\d*\.?/).filter((c) => c.trim() !== '').length - 1;
}

/** The parser's item index of line `i` in an output-first answer (parse.ts: one item per "Class label:" after the first). */
function classificationItem(lines: readonly string[], i: number): number {
  return Math.max(0, lines.slice(0, i + 1).join('\n').split('Class label:').length - 2);
}

const CLASS_LABEL = /^(?:\d{1,2}\s?[.)]\s*)?(?:class\s*label|label)(?:\s*\d{1,2})?\s*:/i;

/** "Class Label:", "1. Class label:", "Class label 1:", "Label:" written as the parser's "Class label:". */
export function labelHeads(text: string): Normalised {
  const hasExact = text.includes('Class label:');
  const changed: string[] = [];
  const lines = text.split('\n').map((l) => {
    const m = /^(\s*)(?:\d{1,2}\s?[.)]\s*)?(class\s*label|label)(\s*\d{1,2})?\s*:\s*(.*)$/i.exec(l);
    if (!m || (hasExact && m[2] === 'Class label' && m[3] === undefined && !/^\s*\d/.test(l))) return l;
    if (/^label$/i.test(m[2]!) && hasExact) return l;
    const out = `${m[1]}Class label: ${m[4]}`;
    if (out !== l) changed.push(l.trim());
    return out;
  });
  if (changed.length === 0) return { text, edits: [] };
  return { text: lines.join('\n'), edits: [edit('layout', changed.slice(0, 5).join('\n'))] };
}
