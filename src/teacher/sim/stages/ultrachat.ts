/**
 * UltraChat's stages as the sim answers them (each found by its stage hint, never by wording):
 * numbered lists of subtopics, questions and material requests, written now and then the way chat
 * models write them (a preamble, bold items, blank lines, a repeated item, a closing remark), and
 * the simulated user's next message: mostly a follow-up question, sometimes wrapped in thanks,
 * sometimes only thanks, and sometimes an answer in the assistant's voice, so the recipe's
 * politeness and role-confusion filters have work.
 */
import type { ExampleWriter, PromptView } from '../../types.js';
import type { Rng } from '../rng.js';
import { capFirst, fillSubject, salientTopic, subjectOf } from '../text.js';
import { makeList } from '../writers.js';

const FACETS = [
  'the history of {s}', '{s} in everyday life', 'famous figures in {s}', 'common myths about {s}', 'the future of {s}',
  '{s} and the environment', 'the economics of {s}', 'ethical debates around {s}', 'learning {s} as a beginner', 'tools used in {s}',
  '{s} around the world', '{s} for children', 'careers in {s}', 'recent breakthroughs in {s}', 'the science behind {s}',
  '{s} and public health', 'regional traditions of {s}', 'mistakes beginners make in {s}', '{s} in literature and film', 'measuring success in {s}',
  'the language of {s}', 'safety rules in {s}', '{s} on a small budget', 'technology changing {s}', 'the role of government in {s}',
  'women who shaped {s}', '{s} in the ancient world', 'controversies in {s}', 'how to teach {s}', 'data and statistics in {s}',
  '{s} and mental well-being', 'the vocabulary of {s}', 'local communities and {s}', 'key turning points in {s}', 'open problems in {s}',
];

const QUESTIONS = [
  'What are the most important things to know about {s}?',
  'How did {s} develop into what it is today?',
  'Why do people disagree so strongly about {s}?',
  'What is a good way for a complete beginner to get into {s}?',
  'How does {s} differ from one country to another?',
  'What misconceptions about {s} are the most widespread?',
  'Which skills matter most when it comes to {s}?',
  'How might {s} change over the next twenty years?',
  'What would happen if nobody paid attention to {s} anymore?',
  'Can you compare the main schools of thought on {s}?',
  'What practical advice would you give someone dealing with {s} for the first time?',
  'Which books or resources explain {s} best?',
  'How does {s} affect ordinary people day to day?',
  'What are the strongest arguments for and against {s}?',
];

const EXPANSIONS = [
  'What is the single biggest factor behind {s}?',
  'How would {s} look in a small town rather than a big city?',
  'Which historical example best illustrates {s}?',
  'How can someone check the claims people make about {s}?',
  'What would an expert say is overlooked in {s}?',
  'How is {s} likely to affect the next generation?',
  'What is a simple experiment that shows {s} at work?',
  'Which mistakes around {s} are hardest to undo?',
  'How do costs and benefits balance out for {s}?',
  'What question about {s} is still unanswered?',
  'How would you explain {s} to a teenager?',
  'Where does the common view of {s} go wrong?',
];

const MATERIAL_REQUESTS = [
  'Summarise the text in three sentences, keeping its main point about {s}.',
  'Rewrite this passage for a ten-year-old reader, keeping the facts about {s}.',
  'List the key facts the text gives about {s}.',
  'Write a short headline and a one-line teaser for this passage about {s}.',
  'What questions does the text leave unanswered about {s}?',
  'Turn the passage into five quiz questions with answers about {s}.',
  'Continue the text with one more paragraph about {s} in the same style.',
  'Point out any claims about {s} in the passage that need a source.',
  'Rewrite the text as a formal briefing note on {s}.',
  'Explain the tone of this passage and how it presents {s}.',
  'Write a reply to the author of this text sharing a different view on {s}.',
  'Translate the main argument about {s} in the text into plain everyday language.',
];

const FOLLOW_UPS = [
  'Can you go deeper into {s}? I want to understand the details.',
  'What is a concrete example of {s} that I could picture?',
  'How would this work differently for someone just starting out with {s}?',
  'I am not sure I agree. Is there evidence that points the other way on {s}?',
  'What are the main risks or downsides with {s}?',
  'How does {s} compare with the alternatives people usually consider?',
  'Could you turn that into a short step-by-step plan for {s}?',
  'Which part of {s} do experts still argue about?',
  'What would you recommend I read next about {s}?',
  'How has {s} changed over the last few decades?',
  'Can you make that shorter and simpler, as if for a friend who knows nothing about {s}?',
  'What is the most common mistake people make with {s}?',
];

const THANKS = ['Thank you so much, that was really helpful!', 'Great explanation!', 'Thanks, that makes a lot of sense.', 'Wow, this is really informative.'];
const ONLY_THANKS = ['Thank you so much, that was really helpful!', 'Thanks a lot, I appreciate it!', 'Great, thanks! That is all I needed.'];

/** A list answer: numbered lines, now and then in a chat model's dress. */
function writeList(rng: Rng, items: string[], intro: string): string {
  const bold = rng.chance(0.2);
  const spaced = rng.chance(0.1);
  const shown = items.map((it) => (bold ? `**${it}**` : it));
  if (rng.chance(0.1) && shown.length > 2) shown.splice(rng.int(1, shown.length - 1), 0, shown[0]!); // a repeat
  const lines = shown.map((it, i) => `${i + 1}. ${it}`);
  const parts = [];
  if (rng.chance(0.3)) parts.push(`Sure! ${intro}:`, '');
  parts.push(lines.join(spaced ? '\n\n' : '\n'));
  if (rng.chance(0.15)) parts.push('', 'Let me know if you would like more ideas!');
  return parts.join('\n');
}

/** n items from templates filled with the subject (numbered variants when the pool runs out). */
function fill(rng: Rng, pool: readonly string[], s: string, n: number): string[] {
  const picked = rng.sample(pool, Math.min(n, pool.length)).map((t) => capFirst(fillSubject(t, s)));
  for (let i = picked.length; i < n; i++) picked.push(capFirst(`${fillSubject(pool[i % pool.length]!, s).replace(/[?.]$/, '')}, case ${i + 1}${pool[i % pool.length]!.endsWith('?') ? '?' : ''}`));
  return picked;
}

const line = (text: string, label: string): string | undefined => new RegExp(`^${label}:[ \\t]*(.+)$`, 'm').exec(text)?.[1]?.trim();
const count = (text: string, fallback: number): number => Number(/\b(\d{1,3}) (?:distinct|different|new)\b/.exec(text)?.[1] ?? fallback);

export const ultrachatSubtopics: ExampleWriter = (view, rng) => {
  const topic = line(view.last, 'Meta-topic') ?? subjectOf(view.last);
  const n = count(view.last, 30);
  return writeList(rng, fill(rng, FACETS, topic.toLowerCase(), n), `Here are ${n} subtopics about ${topic}`);
};

export const ultrachatQuestions: ExampleWriter = (view, rng) => {
  const subtopic = line(view.last, 'Subtopic') ?? subjectOf(view.last);
  const n = count(view.last, 10);
  return writeList(rng, fill(rng, QUESTIONS, subtopic.toLowerCase(), n), `Here are ${n} questions about ${subtopic}`);
};

export const ultrachatExpand: ExampleWriter = (view, rng) => {
  const question = line(view.last, 'Question') ?? view.last;
  const n = count(view.last, 10);
  return writeList(rng, fill(rng, EXPANSIONS, subjectOf(question), n), `Here are ${n} related questions`);
};

export const ultrachatMaterialRequests: ExampleWriter = (view, rng) => {
  const text = /"""\n([\s\S]*?)\n"""/.exec(view.last)?.[1] ?? view.last;
  const n = count(view.last, 5);
  return writeList(rng, fill(rng, MATERIAL_REQUESTS, salientTopic(text), n), `Here are ${n} requests about the text`);
};

/** The opener: the first message after the persona (the simulator's own first turn). */
function openerOf(view: PromptView): string {
  const rest = view.system && view.all.startsWith(view.system) ? view.all.slice(view.system.length) : view.all;
  return rest.trim().split('\n')[0] ?? '';
}

export const ultrachatUserTurn: ExampleWriter = (view, rng) => {
  const s = subjectOf(openerOf(view));
  const next = fillSubject(rng.pick(FOLLOW_UPS), s);
  const r = rng.float();
  if (r < 0.03) return rng.pick(ONLY_THANKS);
  if (r < 0.06) return `Sure! Here's a quick overview of ${s}:\n\n${makeList(rng, s, 4)}\n\nI hope this helps!`;
  if (r < 0.08) return `As an AI language model, I can add that ${s} is a broad subject with many sides to it.`;
  if (r < 0.16) return `${rng.pick(THANKS)} ${next}`;
  return next;
};
