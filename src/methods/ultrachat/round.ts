/**
 * One round of a conversation, decided from its calls' answers: a new conversation starts with its
 * opener; the simulated user's turn is kept (politeness taken out) or ends the conversation; the
 * assistant's answer completes the round or ends it. Pure: conversations in, conversations out.
 */
import { chatFormatVerdicts } from '../../chat/edits.js';
import { stepRng } from '../../engine/rng.js';
import type { Answer } from '../../engine/stage.js';
import { readUserTurn, roundsKept, type Ending, type Live } from './dialogue.js';
import type { Item } from './openers.js';

export interface Finished {
  conv: Live;
  ending: Ending;
  /** The conversation's last call. */
  callId: number | null;
}

/** What became of a conversation after a call: it goes on (`live`) or it is finished. */
export type Step = { live: Live } | { finished: Finished };

/** Conversation n, from an opener: its rounds drawn from stream n of the run seed, whatever the wave or the resumes. */
export function startConversation(opener: Item, n: number, wave: number, seed: number, range: { min: number; max: number }): Live {
  return {
    n,
    openerId: opener.id,
    opener: opener.text,
    origin: opener.meta,
    planned: stepRng(seed, 'ultrachat-rounds', n).int(range.min, range.max),
    messages: [{ role: 'user', content: opener.text }],
    callIds: [opener.callId],
    startedWave: wave,
  };
}

/** The conversation (copied) with one answer's chat-format verdict and checks added. */
function withAnswer(c: Live, stage: string, o: Answer<unknown>): Live {
  const copy = { ...c, messages: [...c.messages], callIds: [...c.callIds] };
  if (!o.ok) return copy;
  const added = [...chatFormatVerdicts(o.edits, undefined, stage), ...o.checks];
  return added.length === 0 ? copy : { ...copy, verdicts: [...(c.verdicts ?? []), ...added] };
}

/** After the user simulator's call: the turn added (the assistant answers next), or the conversation ended before it. */
export function afterUserTurn(c0: Live, o: Answer<string>, stage: string): Step {
  const c = withAnswer(c0, stage, o);
  const round = roundsKept(c.messages) + 1;
  if (!o.ok) return { finished: { conv: c, ending: { why: 'call-failed', round, error: o.error }, callId: o.callId } };
  if (o.finishReason === 'length') return { finished: { conv: c, ending: { why: 'truncated-user-turn', round }, callId: o.callId } };
  const turn = readUserTurn(o.value, round);
  if (!turn.ok) return { finished: { conv: c, ending: turn.ending, callId: o.callId } };
  if (turn.removed.length > 0) c.polite = [...(c.polite ?? []), { round, removed: turn.removed }];
  c.messages.push({ role: 'user', content: turn.text });
  c.callIds.push(o.callId);
  return { live: c };
}

/** After the assistant's call: the round complete (finished when it was the last planned), or the conversation ended before its user turn. */
export function afterAnswer(c1: Live, o: Answer<string>, stage: string): Step {
  const c = withAnswer(c1, stage, o);
  const round = roundsKept(c.messages) + 1;
  const reply = o.ok && o.finishReason !== 'length' ? o.value : '';
  if (reply === '') {
    // The unanswered user turn is not part of the conversation.
    c.messages.pop();
    c.callIds.pop();
    const ending: Ending = !o.ok ? { why: 'call-failed', round, error: o.error } : o.finishReason === 'length' ? { why: 'truncated-answer', round } : { why: 'empty-answer', round };
    return { finished: { conv: c, ending, callId: o.callId } };
  }
  c.messages.push({ role: 'assistant', content: reply });
  c.callIds.push(o.callId);
  return roundsKept(c.messages) >= c.planned ? { finished: { conv: c, ending: { why: 'planned-rounds' }, callId: o.callId } } : { live: c };
}
