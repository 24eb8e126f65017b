/**
 * Field-level habits in chat answers to Self-Instruct's instance prompts (issue 14), found by the
 * realistic corpus (tests/realistic/instance-answers.ts): "Example 1:" heads, pair heads written as
 * list items ("- Input:", "1. Input:"), values in quotes, and a class label in quotes or with its
 * input on the same line. Each puts the answer in the layout parse.ts reads. Pure; chat mode only.
 */
import { edit, type Edit, type Normalised } from '../../chat/edits.js';

/** An "Example n" head on a line of its own, as a chat model may write it ("Example 1:", "Example 2."). */
export const EXAMPLE_HEAD = /^Example\s?\d*\s*[.:]?\s*$/i;

/**
 * "Example 1:" written "Example 1": the parser splits on "Example n" and an optional period, so a
 * colon would be left at the start of the pair's input.
 */
export function exampleHeadForm(text: string): Normalised {
  const changed: string[] = [];
  const lines = text.split('\n').map((l) => {
    const m = /^(\s*)(Example\s?\d*)\s*:\s*$/i.exec(l);
    if (!m) return l;
    changed.push(l.trim());
    return `${m[1]}${m[2]}`;
  });
  return changed.length ? { text: lines.join('\n'), edits: [edit('layout', changed.slice(0, 5).join('\n'))] } : { text, edits: [] };
}

/**
 * "- Input: x", "1. Input: x", "2) Output: y": a bullet or item number before the parser's own pair
 * heads taken off, so it is not read as part of the input (the pairs are numbered by "Example n"
 * heads later). Only before "Input:" and "Output:" (a bulleted "- Note: x" in an output is content).
 */
export function unbulletPairHeads(text: string): Normalised {
  const changed: string[] = [];
  const lines = text.split('\n').map((l) => {
    const m = /^(\s*)(?:[-*•]|\d{1,2}\s?[.)])\s+((?:Input|Output)\s*\d*\s*:.*)$/.exec(l);
    if (!m) return l;
    changed.push(l.trim());
    return `${m[1]}${m[2]}`;
  });
  return changed.length ? { text: lines.join('\n'), edits: [edit('markup', changed.slice(0, 5).join('\n'))] } : { text, edits: [] };
}

const QUOTED = /^(["“])([^"“”\n]+)(["”])$/;

/**
 * Field values each written in quotes ('Input: "the nile."', 'Output: "The Nile."'), unquoted: only
 * when every one-line value in the answer is quoted, so quotes that belong to one output stay.
 */
export function unquoteValues(text: string): Normalised {
  const lines = text.split('\n');
  const heads = lines.flatMap((l, i) => {
    const m = /^(\s*[A-Z][A-Za-z0-9'()/ -]{0,40}:\s*)(\S.*)$/.exec(l);
    return m && !EXAMPLE_HEAD.test(l.trim()) ? [{ i, head: m[1]!, value: m[2]!.trim() }] : [];
  });
  if (heads.length < 2 || !heads.every((h) => QUOTED.test(h.value))) return { text, edits: [] };
  for (const h of heads) lines[h.i] = `${h.head}${QUOTED.exec(h.value)![2]}`;
  return { text: lines.join('\n'), edits: [edit('wrapping', heads.slice(0, 4).map((h) => h.value).join(' '))] };
}

/**
 * A label written in quotes ('Class label: "Positive"'), and an input put on the label's own line
 * after a dash ("Class label: Positive - Review: Great food."), written as the parser reads them:
 * the label alone on its line, the input's field on the next.
 */
export function labelLines(text: string): Normalised {
  const edits: Edit[] = [];
  const lines = text.split('\n').flatMap((l) => {
    const m = /^(\s*Class label:\s*)(.*)$/.exec(l);
    if (!m) return [l];
    let value = m[2]!.trim();
    let rest: string | undefined;
    const inline = /^(.+?)\s+[-–—|]\s+([A-Z][A-Za-z0-9'()/ -]{0,40}:\s*\S.*)$/.exec(value);
    if (inline) {
      value = inline[1]!;
      rest = inline[2]!;
      edits.push(edit('layout', l));
    }
    const quoted = /^(["“'`])(.+)(["”'`])$/.exec(value);
    if (quoted && quoted[1] === quoted[3]!.replace('”', '“') && !/["“”]/.test(quoted[2]!)) {
      value = quoted[2]!;
      edits.push(edit('wrapping', m[2]!));
    }
    const out = `${m[1]}${value}`;
    return rest === undefined ? [out] : [out, rest];
  });
  return edits.length ? { text: lines.join('\n'), edits } : { text, edits: [] };
}
