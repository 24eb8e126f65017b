/**
 * Chat-mode normalising of Baize v2's turns. The human simulator's answer becomes "[Human] <the
 * message>" as the reference reads it: an opener ("Sure! Here's the human's next message:"), label
 * variants, a restated transcript, lone markup lines and wrapping quotes taken out. The assistant's
 * reply loses only a speaker label at its start (its markdown is its content). Pure; each change
 * recorded. A goodbye stays as written: the recipe reads it as the end.
 */
import { isCloser, isOpener } from '../../chat/chatter.js';
import { edit, pipe, type Edit, type Normalised } from '../../chat/edits.js';
import { isLeadLine } from '../../chat/lead.js';
import { unwrap, unwrapEmphasis } from '../../chat/markup.js';
import { canonicalSpeakers, speakerLabel } from '../../chat/speakers.js';
import { collapseWhitespace } from '../../util/text.js';
import { isTranscriptRemark, RULE } from './chat-form.js';
import { isBareGreeting, isGreetingOffer } from './opening.js';
import { AI, HUMAN, OPENING, type Message } from './prompts.js';
import { TURN_LINE, turnsOf, turnText } from './turns.js';

const MARKERS = { human: HUMAN, ai: AI };

/** "Sure! Here's the human's next message: ..." on the message's own line. */
const INLINE_OPENER =
  /^(?:(?:sure|okay|ok|certainly|of course|alright|absolutely)[!.,]*\s+)?(?:here(?:'s| is)|this is)\s[^:\n]{0,60}?\b(?:message|question|turn|reply|response|follow-up)\b[^:\n]{0,30}:\s+/i;
/** "Human's next message:", "Follow-up question:" before the message. */
const FRAME = /^(?:the\s+)?(?:human'?s\s+|user'?s\s+)?(?:next\s+)?(?:message|follow-up(?:\s+question)?|question|turn)\s*:\s*/i;
/** "(Waiting for the AI's reply.)" after the message. */
const STAGE_NOTE = /^[(*_[\s]*(?:waits?|waiting|awaits?|awaiting|pauses?|end of (?:the )?(?:human'?s )?(?:turn|message)|the (?:ai|assistant) (?:would|will))\b/i;

/**
 * A paragraph after the message that talks about the exchange rather than being part of it: a stage
 * note, or a remark about the conversation set apart (in parentheses or italics) or addressed to the
 * one who asked for it ("Let me know if you want me to continue the conversation").
 */
function isNote(paragraph: string): boolean {
  const t = paragraph.trim();
  return STAGE_NOTE.test(t) || (isTranscriptRemark(t) && (/^[(*_[]/.test(t) || isCloser(t)));
}

const key = (s: string): string => collapseWhitespace(s).toLowerCase();

export function normaliseHumanTurn(text: string, input: { messages: readonly Message[] }): Normalised {
  return pipe(text, (t) => canonicalSpeakers(t, MARKERS), dropLoneMarkup, dropHumanLead, (t) => dropRestatedTranscript(t, input.messages), tidyHumanMessage);
}

/**
 * Rules and bare "**" lines: a bold label cut by the "[AI]" stop ("**[AI]**" leaves "**") or a
 * separator. A code fence is the human's own content and stays.
 */
export function dropLoneMarkup(text: string): Normalised {
  const lines = text.split('\n');
  const kept = lines.filter((l) => !RULE.test(l));
  if (kept.length === lines.length) return { text, edits: [] };
  return { text: kept.join('\n'), edits: [edit('markup', lines.filter((l) => RULE.test(l)).join('\n'))] };
}

/**
 * What comes before the message: lead lines before the first [Human] marker, or, with no marker,
 * an opener line before the message or an opener or frame label on its line.
 */
export function dropHumanLead(text: string): Normalised {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => TURN_LINE.test(l));
  if (first > 0) {
    const lead = lines.slice(0, first);
    if (lead.every((l) => l.trim() === '' || isLeadLine(l)) && lead.some((l) => l.trim() !== '')) {
      return { text: lines.slice(first).join('\n'), edits: [edit('preamble', lead.join('\n'))] };
    }
    return { text, edits: [] };
  }
  if (first === 0) return { text, edits: [] };
  const lead = /^\s*/.exec(text)![0];
  const body = text.slice(lead.length);
  const line = body.split('\n', 1)[0]!;
  const rest = body.slice(line.length).replace(/^\s*\n/, '');
  if (isOpener(line) && rest.trim() !== '') return { text: rest, edits: [edit('preamble', line)] };
  const inline = INLINE_OPENER.exec(body) ?? FRAME.exec(body);
  if (inline && body.slice(inline[0].length).trim() !== '') {
    const habit = inline[0].match(INLINE_OPENER) ? 'preamble' : 'frame-label';
    return { text: body.slice(inline[0].length), edits: [edit(habit, inline[0])] };
  }
  return { text, edits: [] };
}

/**
 * The conversation so far written out again before the new message (the primed opening and the
 * turns already in the prompt): the answer then starts at the first [Human] turn that is new. An
 * answer that is nothing but turns already there holds no new message: it reads as '' (done).
 */
export function dropRestatedTranscript(text: string, messages: readonly Message[]): Normalised {
  const lines = text.split('\n');
  const ts = turnsOf(lines);
  if (ts.length === 0 || ts[0]!.start !== firstNonBlank(lines)) return { text, edits: [] };
  const known = [...OPENING, ...messages];
  const said = (t: (typeof ts)[number]): boolean => {
    const words = turnText(lines, t);
    const role = t.human ? 'user' : 'assistant';
    return known.some((m) => m.role === role && key(m.content) === key(words)) || (t.human ? isBareGreeting(words) : isGreetingOffer(words));
  };
  let k = 0;
  while (k < ts.length && said(ts[k]!)) k++;
  if (k === 0) return { text, edits: [] };
  // The greeting again, or the conversation with its answers, is a restatement; one question asked again may be meant.
  const opening = ts.slice(0, k).every((t) => (t.human ? isBareGreeting(turnText(lines, t)) : isGreetingOffer(turnText(lines, t))));
  if (k === ts.length && !opening && ts.slice(0, k).every((t) => t.human)) return { text, edits: [] };
  const restated = lines.slice(ts[0]!.start, k < ts.length ? ts[k]!.start : lines.length).join('\n');
  const edits = [edit(opening ? 'restated-opening' : 'restated-task', restated)];
  if (k === ts.length || !ts[k]!.human) return { text: '', edits };
  return { text: lines.slice(ts[k]!.start).join('\n'), edits };
}

function firstNonBlank(lines: readonly string[]): number {
  return lines.findIndex((l) => l.trim() !== '');
}

/**
 * The message itself (after its [Human] marker, up to the next marker): stage notes and remarks
 * about the conversation after it dropped, and quotes or emphasis around the whole of it taken off.
 */
export function tidyHumanMessage(text: string): Normalised {
  const m = /^(\s*\[Human\][ \t]*:?[ \t]*)?/.exec(text)!;
  const head = m[1] ?? '';
  const bodyAndRest = text.slice(head.length);
  const next = bodyAndRest.search(/\[(?:Human|AI)\]/);
  const body = next >= 0 ? bodyAndRest.slice(0, next) : bodyAndRest;
  const rest = next >= 0 ? bodyAndRest.slice(next) : '';
  const edits: Edit[] = [];
  const paragraphs = body.trim().split(/\n\s*\n/);
  const notes: string[] = [];
  while (paragraphs.length > 1 && isNote(paragraphs.at(-1)!)) notes.unshift(paragraphs.pop()!);
  if (notes.length) edits.push(edit('closing', notes.join('\n\n')));
  let message = paragraphs.join('\n\n');
  const unquoted = unwrap(message);
  if (unquoted.edits.length) {
    message = unquoted.text;
    edits.push(...unquoted.edits);
  }
  const plain = unwrapEmphasis(message);
  if (plain !== message && !plain.includes('*')) {
    const mark = /^[*_`]+/.exec(message.trim())?.[0] ?? '';
    edits.push(edit('markup', `${mark}…${mark}`));
    message = plain;
  }
  if (edits.length === 0) return { text, edits: [] };
  return { text: `${head || `${HUMAN} `}${message}${rest ? `\n${rest}` : ''}`, edits };
}

/** A speaker label at the start of the assistant's reply ("AI:", "**Assistant:**", "[AI]:") taken off. */
export function normaliseAssistantTurn(text: string): Normalised {
  const lead = /^\s*/.exec(text)![0];
  const line = text.slice(lead.length).split('\n', 1)[0]!;
  const label = speakerLabel(line);
  if (!label || label.speaker !== 'ai') return { text, edits: [] };
  const after = text.slice(lead.length + line.length);
  const rest = `${label.rest}${after}`.replace(/^\s*:?\s*/, '');
  // "[AI]" and "[AI]:" the reference reads itself; a label alone is no reply.
  if (label.canonical || rest.trim() === '') return { text, edits: [] };
  return { text: rest, edits: [edit('speaker-label', label.label)] };
}
