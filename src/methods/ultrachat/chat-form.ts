/**
 * Chat-mode normalising of the simulated user's message: what a chat model puts around the message
 * it was asked to write (a speaker label "User:" / "**Me:**", a frame "My next message:", quotes
 * around the whole of it) taken out, each change recorded. The message's own words stay, even an
 * assistant-like answer: the role-confusion filter must see that as written. Pure.
 */
import { edit, pipe, type Normalised } from '../../chat/edits.js';
import { unwrap } from '../../chat/markup.js';
import { speakerLabel } from '../../chat/speakers.js';

const FRAME = /^[*_]*(?:me|my (?:next )?(?:message|question|reply|turn)|(?:the )?user'?s? (?:next )?(?:message|question|reply|turn)|next (?:message|question))[*_]*\s*:[*_]*\s+/i;

/** A speaker label ("User:", "**Human:**", "[User]") or frame label at the start. */
export function dropUserLabel(text: string): Normalised {
  const lead = /^\s*/.exec(text)![0];
  const body = text.slice(lead.length);
  const first = body.split('\n', 1)[0]!;
  const label = speakerLabel(first);
  if (label && label.speaker === 'human') {
    const rest = `${label.rest}${body.slice(first.length)}`.trim();
    if (rest !== '') return { text: rest, edits: [edit('speaker-label', label.label)] };
  }
  const frame = FRAME.exec(body);
  if (frame && body.slice(frame[0].length).trim() !== '') return { text: body.slice(frame[0].length), edits: [edit('frame-label', frame[0])] };
  return { text, edits: [] };
}

export function normaliseUserTurn(text: string): Normalised {
  return pipe(text, dropUserLabel, unwrap);
}

/** The user's message as the recipe reads it: trimmed. '' means the simulator wrote nothing. */
export function parseUserTurn(text: string): string {
  return text.trim();
}
