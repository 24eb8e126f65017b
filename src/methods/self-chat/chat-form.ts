/**
 * Chat-mode normalising of Baize v1 transcripts: a chat model's transcript put into the layout the
 * reference post-processing splits ("[Human] ..." / "[AI] ..." lines after the primed opening),
 * each change recorded. Pure. The reference's own decisions (the text before the first [Human] and
 * the last segment dropped) are left to the parser; completion answers never come here.
 */
import { isCloser } from '../../chat/chatter.js';
import { edit, pipe, type Normalised } from '../../chat/edits.js';
import { isOnlyMarkup } from '../../chat/markup.js';
import { canonicalSpeakers, speakerLabel } from '../../chat/speakers.js';
import { isBareGreeting, isGreetingOffer } from './opening.js';
import { AI, HUMAN } from './prompts.js';
import { TURN_LINE, turnsOf, turnText } from './turns.js';

const MARKERS = { human: HUMAN, ai: AI };
const FENCE = /^\s*(?:```|~~~)/;

export function normaliseTranscript(text: string): Normalised {
  return pipe(text, unfenceTranscript, (t) => canonicalSpeakers(t, MARKERS), dropTranscriptPreamble, dropTurnRules, dropRestatedOpening, dropTranscriptClosing);
}

/** A rule or bare bold marks on a line of its own: what a chat model puts between turns. */
export const RULE = /^\s*(?:-{3,}|\*{3,}|_{3,}|\*\*|__)\s*$/;

/**
 * Rules ("---") and stray "**" lines at the end of a turn, before the next speaker line: a chat
 * model's separators between turns, which would otherwise end the speaker's message. Rules inside
 * a turn are its own markdown and stay.
 */
export function dropTurnRules(text: string): Normalised {
  const lines = text.split('\n');
  const drop = new Set<number>();
  for (const t of turnsOf(lines)) {
    let i = t.end - 1;
    while (i > t.start && (lines[i]!.trim() === '' || RULE.test(lines[i]!))) {
      if (RULE.test(lines[i]!)) drop.add(i);
      i--;
    }
  }
  if (drop.size === 0) return { text, edits: [] };
  return { text: lines.filter((_, i) => !drop.has(i)).join('\n'), edits: [edit('markup', `${drop.size} rule line(s) between turns: ${[...new Set([...drop].map((i) => lines[i]!.trim()))].join(' ')}`)] };
}

/**
 * A code fence around the transcript taken off: a fence line before its first speaker line, and
 * the last fence line when it comes after the last speaker line and closes nothing of the turns'
 * own code.
 */
export function unfenceTranscript(text: string): Normalised {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => speakerLabel(l) !== null);
  if (first < 0) return { text, edits: [] };
  const open = lines.slice(0, first).findIndex((l) => FENCE.test(l));
  if (open < 0) return { text, edits: [] };
  const fences = lines.map((l, i) => (FENCE.test(l) ? i : -1)).filter((i) => i > first);
  const close = fences.length % 2 === 1 ? fences[fences.length - 1]! : -1;
  const kept = lines.filter((_, i) => i !== open && i !== close);
  return { text: kept.join('\n'), edits: [edit('wrapping', close >= 0 ? '```…```' : lines[open]!)] };
}

/** Whatever comes before the first speaker line ("Sure! Here's a conversation about ...:", a title, "---"). */
export function dropTranscriptPreamble(text: string): Normalised {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => TURN_LINE.test(l));
  if (first <= 0) return { text, edits: [] };
  const removed = lines.slice(0, first).join('\n');
  if (removed.trim() === '') return { text, edits: [] };
  return { text: lines.slice(first).join('\n'), edits: [edit('preamble', removed)] };
}

/**
 * The primed opening written again at the start: a bare greeting from the human answered by a
 * greeting and an offer to help (or the offer alone, the model restating only the [AI] line).
 */
export function dropRestatedOpening(text: string): Normalised {
  const lines = text.split('\n');
  const ts = turnsOf(lines);
  let drop = 0;
  if (ts.length >= 3 && ts[0]!.human && !ts[1]!.human && isBareGreeting(turnText(lines, ts[0]!)) && isGreetingOffer(turnText(lines, ts[1]!))) drop = 2;
  else if (ts.length >= 2 && !ts[0]!.human && isGreetingOffer(turnText(lines, ts[0]!))) drop = 1;
  if (drop === 0) return { text, edits: [] };
  const cut = ts[drop]!.start;
  return { text: lines.slice(cut).join('\n'), edits: [edit('restated-opening', lines.slice(0, cut).join('\n'))] };
}

/** A remark about the transcript itself, never a speaker's words: "I hope this conversation helps!", "(End of conversation)". */
export function isTranscriptRemark(paragraph: string): boolean {
  const t = paragraph.trim().replace(/^[*_(\[\s-]+/, '').replace(/[*_)\]\s]+$/, '');
  if (/^(?:end of (?:the )?(?:conversation|transcript|dialogue|chat)|the end|(?:the )?conversation (?:ends|ended|is over|continues)|end)\b[.!]*$/i.test(t)) return true;
  if (!/\b(?:conversation|transcript|dialogue|dialog|exchange|chat|role-?play)s?\b/i.test(t)) return false;
  return isCloser(t) || /^(?:this|that|the above|in this|these|would you like|do you want|shall i|if you want)\b/i.test(t);
}

/**
 * Remarks after the last turn: paragraphs (after a blank line or a "---" rule) about the transcript,
 * a trailing rule or stray markup, and a last line that marks the end ("*End of conversation*").
 * A speaker's own closing words ("Feel free to ask more!") are content and stay.
 */
export function dropTranscriptClosing(text: string): Normalised {
  const lines = text.replace(/\s+$/, '').split('\n');
  const lastTurn = lines.reduce((at, l, i) => (TURN_LINE.test(l) ? i : at), -1);
  if (lastTurn < 0) return { text, edits: [] };
  const removed: string[] = [];
  const markup: string[] = [];
  const openFences = (upTo: number): boolean => lines.slice(lastTurn, upTo).filter((l) => FENCE.test(l)).length % 2 === 1;
  for (;;) {
    while (lines.length > lastTurn + 1 && lines[lines.length - 1]!.trim() === '') lines.pop();
    if (lines.length <= lastTurn + 1) break;
    const last = lines[lines.length - 1]!;
    // A stray closing mark: a rule, "**", or a fence that closes no code block of the turns.
    if (isOnlyMarkup(last) && (!FENCE.test(last) || !openFences(lines.length - 1))) {
      markup.unshift(lines.pop()!);
      continue;
    }
    // The last paragraph: back to a blank line or a rule.
    let from = lines.length - 1;
    while (from > lastTurn + 1 && lines[from - 1]!.trim() !== '' && !/^\s*(?:-{3,}|\*{3,}|_{3,})\s*$/.test(lines[from - 1]!)) from--;
    const paragraph = lines.slice(from).join('\n');
    if (from > lastTurn + 1 && isTranscriptRemark(paragraph)) {
      removed.unshift(lines.splice(from).join('\n'));
      continue;
    }
    // An end mark set apart on the turn's last line, with no blank line before it: "(End of conversation)".
    if (/^[\s*_([]/.test(last) && isTranscriptRemark(last)) {
      removed.unshift(lines.pop()!);
      continue;
    }
    break;
  }
  if (removed.length === 0 && markup.length === 0) return { text, edits: [] };
  const edits = [...(removed.length ? [edit('closing', removed.join('\n\n'))] : []), ...(markup.length ? [edit('markup', markup.join('\n'))] : [])];
  return { text: lines.join('\n').replace(/\s+$/, ''), edits };
}
