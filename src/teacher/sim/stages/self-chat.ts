/**
 * Baize self-chat (methods.md 5). Transcript: the prompt has "[Human]"/"[AI]" markers and ends with
 * the primed "[AI] ..." opening; the answer adds 3-6 exchanges and a final "[Human]" line (which the
 * post-processing drops). Human turn: the prompt asks for the human's next message; the answer is
 * "[Human] <follow-up>" (or a thank-you once the conversation is long).
 */
import type { Rng } from '../rng.js';
import { capFirst, fillSubject, subjectOf, tail } from '../text.js';
import { makeProse } from '../writers.js';
import type { SimStage } from './types.js';

const FOLLOW_UPS = [
  'Can you tell me more about {s}?',
  'What is the most common mistake people make with {s}?',
  'How would a complete beginner get started with {s}?',
  'Why does {s} matter so much in everyday life?',
  'Are there any risks I should know about when it comes to {s}?',
  'How long does it usually take to see results with {s}?',
  'What resources would you recommend for learning about {s}?',
  'How has {s} changed in recent years?',
  'Could you give me a concrete example related to {s}?',
  'What do experts disagree about when it comes to {s}?',
  'Is there a simple way to explain {s} to a child?',
  'What should I do first if I want to apply this to {s}?',
];

const CLOSINGS = [
  'Thanks, that is all I wanted to know. Goodbye!',
  'That was really helpful, thank you!',
  'Great, I think I understand it now. Thanks for your help.',
];

/** The conversation topic: after "topic ...:" or "about:", else the first real human question. */
export function chatTopic(text: string): string {
  const m = text.match(/\b(?:topic(?: of the conversation)?(?: is)?|conversation is about|about)\s*:\s*([^\n]+)/i);
  if (m && m[1]) {
    const t = m[1].trim().replace(/^['"]|['"]$/g, '');
    if (t) return t.length > 80 ? subjectOf(t) : t.replace(/[?.!]+$/, '');
  }
  for (const h of text.matchAll(/\[Human\][ \t]*([^\n]+)/g)) {
    const q = (h[1] ?? '').trim();
    if (q && !/^(hello|hi|hey)\b/i.test(q)) return subjectOf(q);
  }
  return 'this topic';
}

function subjectFor(topic: string): string {
  // A question topic reads better as its subject ("How do bees fly?" -> "bees fly").
  return /[?]$|^(how|what|why|when|where|who|which|is|are|can|do|does)\b/i.test(topic) ? subjectOf(topic) : topic;
}

function answer(rng: Rng, s: string): string {
  return makeProse(rng, s, 25, 70);
}

export const selfChatHumanTurn: SimStage = {
  name: 'self-chat-human-turn',
  matches(ctx) {
    const text = tail(ctx.all, 30_000);
    if (!text.includes('[Human]')) return false;
    if (/\[Human\][ \t]*$/.test(tail(ctx.last, 50))) return true;
    return /\b(human'?s next (?:message|turn|question)|next \[Human\]|playing the human|human side|next human (?:message|turn)|play the (?:human|user)|act as the (?:human|user))\b/i.test(text);
  },
  write(ctx, rng) {
    const text = tail(ctx.all, 30_000);
    const s = subjectFor(chatTopic(text));
    const turns = (text.match(/\[Human\]/g) ?? []).length;
    const message = turns >= rng.int(5, 8) ? rng.pick(CLOSINGS) : fillSubject(rng.pick(FOLLOW_UPS), s);
    return /\[Human\][ \t]*$/.test(tail(ctx.last, 50)) ? ` ${message}` : `[Human] ${message}`;
  },
};

export const selfChatTranscript: SimStage = {
  name: 'self-chat-transcript',
  matches(ctx) {
    const text = tail(ctx.last, 30_000);
    if (!text.includes('[Human]') || !text.includes('[AI]')) return false;
    const lines = text.trimEnd().split('\n');
    return /^[ \t]*\[AI\]/.test(lines[lines.length - 1] ?? '');
  },
  write(ctx, rng) {
    const text = tail(ctx.last, 30_000);
    const s = subjectFor(chatTopic(text));
    const n = rng.int(3, 6);
    const questions = rng.sample(FOLLOW_UPS, n);
    const out: string[] = [];
    questions.forEach((q, i) => {
      const question = i === 0 ? `I would like to learn about ${s}. ${fillSubject(q, s)}` : fillSubject(q, s);
      out.push(`[Human] ${capFirst(question)}`);
      out.push(`[AI] ${answer(rng, s)}`);
    });
    out.push(`[Human] ${rng.pick(CLOSINGS)}`);
    return (text.endsWith('\n') ? '' : '\n') + out.join('\n') + '\n';
  },
};
