/**
 * The combinatorial task generator: verbs x objects x topics x forms. It yields task instructions
 * (questions and imperatives, with and without an input, some classification tasks), plus a
 * deliberately bad minority so that every instruction filter of the recipes fires at a realistic rate.
 */
import type { Rng } from './rng.js';
import {
  ALL_TOPICS, AUDIENCES, CITIES, CRITERIA, DOMAINS, FORMATS, GOALS, LABEL_SETS, LANGUAGES, NUMBER_WORDS,
  PROFESSIONS, PUBLICATIONS, QUALIFIERS, SETTINGS, SITUATIONS, STYLES, SUBJECTS, TEXT_KINDS, THINGS,
} from './vocab.js';
import { art, capFirst, lowerFirst, orList } from './text.js';

export type TaskKind =
  | 'explain' | 'list' | 'plan' | 'write' | 'compare' | 'name' | 'classify' | 'rewrite' | 'edit' | 'translate'
  | 'summarize' | 'extract' | 'questions' | 'sort' | 'reply';

export interface SimTask {
  instruction: string;
  kind: TaskKind;
  topic: string;
  /** The kind of input the task reads ('sentence', 'product review', ...), or null when it needs none. */
  inputKind: string | null;
  /** Output labels of a classification task. */
  labels: readonly string[] | null;
  count?: number;
  style?: string;
  language?: string;
  format?: string;
}

/** Why a generated instruction is deliberately bad (undefined for a good one). */
export type BadKind = 'short' | 'blocklist' | 'program' | 'punctuation' | 'near_copy';

export interface GeneratedTask extends SimTask {
  bad?: BadKind;
}

const NUMS: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7 };

type Tpl = (r: Rng, topic: string) => SimTask;

const task = (instruction: string, kind: TaskKind, topic: string, extra: Partial<SimTask> = {}): SimTask => ({
  instruction,
  kind,
  topic,
  inputKind: null,
  labels: null,
  ...extra,
});

function num(r: Rng): [string, number] {
  const w = r.pick(NUMBER_WORDS);
  return [w, NUMS[w] ?? 3];
}

function otherTopic(r: Rng, topic: string): string {
  for (const [, topics] of Object.entries(DOMAINS)) {
    if (topics.includes(topic)) {
      const others = topics.filter((t) => t !== topic);
      if (others.length > 0 && r.chance(0.6)) return r.pick(others);
    }
  }
  let t = randomTopic(r);
  if (t === topic) t = randomTopic(r);
  return t;
}

/** A topic from the domain lists (70%) or composed from a setting and a subject (30%). */
export function randomTopic(r: Rng, domain?: string): string {
  const topics = domain ? DOMAINS[domain] : undefined;
  if (topics && topics.length > 0) return r.chance(0.85) ? r.pick(topics) : `${r.pick(SETTINGS)} ${r.pick(SUBJECTS)}`;
  return r.chance(0.7) ? r.pick(ALL_TOPICS) : `${r.pick(SETTINGS)} ${r.pick(SUBJECTS)}`;
}

/** The topic as written in an instruction: sometimes narrowed by a qualifier. */
function tp(r: Rng, topic: string): string {
  return r.chance(0.35) ? `${topic} ${r.pick(QUALIFIERS)}` : topic;
}

/** Optional trailing clauses; each carries slots of its own so that instructions stay distinct. */
const TAILS: ((r: Rng) => string)[] = [
  (r) => `for ${r.pick(AUDIENCES)}`,
  (r) => `in ${r.pick(['two', 'three', 'four', 'five'])} sentences`,
  (r) => `in ${art(r.pick(STYLES))} tone`,
  (r) => `using an example from ${r.pick(CITIES)}`,
  (r) => `for people living in ${r.pick(CITIES)}`,
  (r) => `as ${r.pick(PROFESSIONS)} would`,
  (r) => `for ${art(r.pick(PUBLICATIONS))}`,
  (r) => `with a focus on ${r.pick(CRITERIA)}`,
  (r) => `for someone who ${r.pick(SITUATIONS)}`,
  (r) => `from the point of view of ${r.pick(PROFESSIONS)}`,
  (r) => `and mention ${randomTopic(r)}`,
  (r) => `with ${r.pick(['two', 'three'])} concrete examples`,
  (r) => `without using technical terms`,
  (r) => `and end with a question for the reader`,
];

/** Append an optional tail (probability `p`) before the final punctuation. */
function tl(r: Rng, text: string, p = 0.5): string {
  if (!r.chance(p)) return text;
  const m = text.match(/^(.*?)([.?!])$/);
  const body = m ? m[1] : text;
  const end = m ? m[2] : '.';
  return `${body} ${r.pick(TAILS)(r)}${end}`;
}

const EXPLAIN_VERBS = ['Explain', 'Describe', 'Clarify', 'Break down', 'Give an overview of', 'Walk me through', 'Teach me about', 'Outline the basics of', 'Discuss', 'Introduce'];
const WRITE_VERBS = ['Write', 'Compose', 'Draft', 'Create', 'Produce', 'Put together'];
const LIST_VERBS = ['List', 'Name', 'Suggest', 'Recommend', 'Brainstorm', 'Come up with'];
const ADVICE = ['tips', 'pieces of advice', 'suggestions', 'practical ideas', 'habits', 'rules of thumb', 'common mistakes to avoid'];
const WHO = ['someone', 'a student', 'a family', 'a beginner', 'a retiree', 'a busy parent', 'a small team', 'a teenager', 'a new manager', 'a volunteer group'];
const WAYS = ['on a tight budget', 'in a single month', 'without any special equipment', 'while working full time', 'in a small apartment', 'with no prior experience', 'in a rural area', 'during a busy season'];
const VENUES = ['podcast', 'newsletter', 'club', 'workshop', 'small shop', 'blog', 'festival', 'mobile app', 'study group', 'radio segment', 'food truck', 'charity run'];
const WORKS = ['an essay', 'a documentary', 'a workshop', 'a magazine article', 'a lecture', 'a children\'s book', 'a board game', 'an exhibition', 'a short film', 'a conference talk'];
const CHANGE = ['suddenly became twice as popular', 'were taught in every school', 'disappeared overnight', 'cost nothing', 'were banned in one country', 'became compulsory at work', 'were run entirely by volunteers'];
const PERIODS = ['last century', 'past few decades', 'last ten years', 'past generation', 'last fifty years'];

/** Open-ended tasks that need no input. */
const NO_INPUT: Tpl[] = [
  (r, t) => task(tl(r, `${r.pick(EXPLAIN_VERBS)} ${tp(r, t)}.`, 0.7), 'explain', t),
  (r, t) => task(tl(r, `Help me understand ${tp(r, t)} as if I were ${r.pick(AUDIENCES)}.`, 0.2), 'explain', t),
  (r, t) => { const f = r.pick(FORMATS); return task(tl(r, `${r.pick(WRITE_VERBS)} ${f} about ${tp(r, t)}.`), 'write', t, { format: f }); },
  (r, t) => task(tl(r, `What are the main differences between ${t} and ${otherTopic(r, t)}?`, 0.4), 'compare', t),
  (r, t) => task(`How does ${tp(r, t)} compare with ${otherTopic(r, t)} when it comes to ${r.pick(CRITERIA)}?`, 'compare', t),
  (r, t) => { const [w, n] = num(r); return task(tl(r, `${r.pick(['Give', 'Share', 'Offer', 'Provide'])} ${w} ${r.pick(ADVICE)} for ${r.pick(WHO)} who wants to ${r.pick(GOALS)}.`, 0.3), 'list', t, { count: n }); },
  (r, t) => { const [w, n] = num(r); const g = r.pick(GOALS); return task(tl(r, `Create a ${w}-step plan to ${g} ${r.pick(WAYS)}.`, 0.3), 'plan', g, { count: n }); },
  (r, t) => { const g = r.pick(GOALS); return task(tl(r, `How can ${r.pick(WHO)} ${g} ${r.pick(WAYS)}?`, 0.3), 'explain', g); },
  (r, t) => { const p = r.pick(PROFESSIONS); const when = r.pick(['day', 'morning', 'week', 'evening', 'Monday', 'holiday']); return task(tl(r, r.pick([`Describe a typical ${when} in the life of ${p} in ${r.pick(CITIES)}.`, `What does a normal ${when} look like for ${p}?`]), 0.5), 'write', p); },
  (r, t) => { const [w, n] = num(r); return task(tl(r, `${r.pick(LIST_VERBS)} ${w} ${r.pick(THINGS)} related to ${tp(r, t)}.`), 'list', t, { count: n }); },
  (r, t) => task(tl(r, `Suggest a catchy name for a ${r.pick(VENUES)} about ${tp(r, t)}.`, 0.3), 'name', t),
  (r, t) => task(`Why ${r.pick(['is', 'might', 'would'])} ${tp(r, t)} ${r.pick(['be important for', 'be interesting to', 'be confusing for', 'matter to'])} ${r.pick(AUDIENCES)}?`.replace(/^Why is (.+?) be /, 'Why is $1 ').replace(/^Why is (.+?) matter to /, 'Why does $1 matter to '), 'explain', t),
  (r, t) => task(tl(r, `Compare ${t} and ${otherTopic(r, t)} in terms of ${r.pick(CRITERIA)}.`, 0.3), 'compare', t),
  (r, t) => { const g = r.pick(GOALS); return task(tl(r, `Outline a ${r.pick(['weekly', 'daily', 'monthly', 'weekend', 'two-week'])} routine for ${r.pick(WHO)} trying to ${g}.`, 0.3), 'plan', g, { count: 4 }); },
  (r, t) => { const [w, n] = num(r); return task(tl(r, `Recommend ${w} ${r.pick(THINGS)} for ${r.pick(AUDIENCES)} who enjoys ${tp(r, t)}.`, 0.2), 'list', t, { count: n }); },
  (r, t) => task(`What would change if ${tp(r, t)} ${r.pick(CHANGE)}?`, 'explain', t),
  (r, t) => { const p = r.pick(PROFESSIONS); return task(tl(r, `Pretend you are ${p} and ${r.pick(['explain', 'describe', 'give your opinion on', 'defend', 'criticize'])} ${tp(r, t)}.`, 0.3), 'explain', t); },
  (r, t) => task(tl(r, r.pick([`Come up with an interview question about ${tp(r, t)} and a strong sample answer.`, `Draft a job interview question on ${tp(r, t)}.`, `Pose one hard exam question about ${tp(r, t)} and answer it.`]), 0.4), 'write', t),
  (r, t) => task(tl(r, `Summarize the main arguments ${r.pick(['for and against', 'in favour of', 'against'])} ${tp(r, t)}.`), 'summarize', t),
  (r, t) => task(`Write a short dialogue in which ${r.pick(PROFESSIONS)} explains ${tp(r, t)} to ${r.pick(AUDIENCES)}.`, 'write', t, { format: 'a dialogue' }),
  (r, t) => { const [w, n] = num(r); return task(tl(r, `Brainstorm ${w} ways to make ${tp(r, t)} more appealing to ${r.pick(AUDIENCES)}.`, 0.2), 'list', t, { count: n }); },
  (r, t) => task(tl(r, `Define ${tp(r, t)} in one sentence and give an example.`, 0.3), 'explain', t),
  (r, t) => { const [w, n] = num(r); return task(tl(r, `What questions should ${r.pick(AUDIENCES)} ask before getting started with ${tp(r, t)}?`, 0.2), 'questions', t, { count: n }); },
  (r, t) => task(tl(r, `Propose a title for ${r.pick(WORKS)} on ${tp(r, t)}.`), 'name', t),
  (r, t) => task(tl(r, `What are the most common misconceptions about ${tp(r, t)}?`), 'explain', t),
  (r, t) => { const [w, n] = num(r); return task(tl(r, `Invent a short quiz with ${w} questions about ${tp(r, t)}.`), 'questions', t, { count: n }); },
  (r, t) => { const s = r.pick(STYLES); return task(tl(r, `Draft ${art(s)} announcement for a ${r.pick(VENUES)} on ${tp(r, t)} in ${r.pick(CITIES)}.`, 0.2), 'write', t, { style: s, format: 'an announcement' }); },
  (r, t) => task(tl(r, `How has ${tp(r, t)} changed over the ${r.pick(PERIODS)}?`, 0.3), 'explain', t),
  (r, t) => { const s = r.pick(STYLES); const g = r.pick(GOALS); return task(tl(r, `${r.pick(['Give me', 'Write', 'Send'])} ${art(s)} ${r.pick(['motivational', 'encouraging', 'short'])} message for ${r.pick(WHO)} who wants to ${g}.`, 0.5), 'write', g, { style: s }); },
  (r, t) => task(tl(r, `Which ${r.pick(['skills', 'habits', 'tools', 'books', 'websites', 'questions'])} would you recommend to someone interested in ${tp(r, t)}, and why?`, 0), 'list', t, { count: 3 }),
  (r, t) => task(tl(r, `Is it worth learning about ${tp(r, t)} ${r.pick(['as an adult', 'in high school', 'for a career change', 'as a hobby', 'before retiring'])}?`, 0.4), 'explain', t),
  (r, t) => task(tl(r, `Imagine ${r.pick(['a world', 'a city', 'a school', 'a year'])} without ${tp(r, t)} and describe ${r.pick(['one ordinary day in it', 'how people would adapt', 'what would be missing', 'the first week'])}.`, 0.2), 'write', t),
  (r, t) => task(tl(r, `What is the connection between ${t} and ${otherTopic(r, t)}?`, 0.4), 'explain', t),
  (r, t) => task(tl(r, `Argue ${r.pick(['for', 'against'])} spending more public money on ${tp(r, t)}.`), 'explain', t),
  (r, t) => task(tl(r, `${r.pick(['Share', 'Tell me', 'Give'])} a surprising fact about ${tp(r, t)}.`, 0.7), 'explain', t),
  (r, t) => task(tl(r, `${r.pick(['Plan', 'Design', 'Sketch out'])} a ${r.pick(['one-hour', 'half-day', 'three-session', 'weekend'])} workshop that introduces ${tp(r, t)}.`, 0.3), 'plan', t, { count: 4 }),
];

/** Open-ended tasks that read an input. */
const WITH_INPUT: Tpl[] = [
  (r, t) => { const k = r.pick(TEXT_KINDS); const [w, n] = num(r); return task(tl(r, `Summarize the following ${k} about ${tp(r, t)} in ${w === 'two' ? 'two' : 'three'} sentences.`, 0.2), 'summarize', t, { inputKind: k, count: n }); },
  (r, t) => { const k = r.pick(TEXT_KINDS); const s = r.pick(STYLES); return task(tl(r, `Rewrite the given ${k} about ${tp(r, t)} in ${art(s)} tone.`, 0.4), 'rewrite', t, { inputKind: k, style: s }); },
  (r, t) => { const l = r.pick(LANGUAGES); return task(tl(r, `Translate the following ${r.pick(['sentence', 'note', 'sign', 'message', 'headline'])} about ${tp(r, t)} into ${l}.`, 0.2), 'translate', t, { inputKind: 'sentence', language: l }); },
  (r, t) => { const k = r.pick(TEXT_KINDS); return task(tl(r, r.pick([`Find the grammatical errors in the given ${k} and correct them.`, `Proofread the ${k} about ${tp(r, t)}.`, `Correct the grammar of this ${k} on ${tp(r, t)}.`]), 0.5), 'edit', t, { inputKind: k }); },
  (r, t) => task(tl(r, `Identify the main argument in the following ${r.pick(['paragraph', 'passage', 'opinion piece', 'speech', 'letter'])} about ${tp(r, t)}.`, 0.3), 'extract', t, { inputKind: 'paragraph' }),
  (r, t) => task(tl(r, `Extract all the ${r.pick(['names of people', 'place names', 'dates', 'product names', 'organizations', 'job titles', 'numbers'])} mentioned in the ${r.pick(['text', 'article', 'report', 'email'])} about ${tp(r, t)}.`, 0.2), 'extract', t, { inputKind: 'paragraph' }),
  (r, t) => { const th = r.pick(THINGS); return task(tl(r, `Sort the given list of ${th} ${r.pick(['alphabetically', 'from shortest to longest', 'by how useful they are', 'by cost', 'by popularity'])}.`, 0.5), 'sort', th, { inputKind: 'list' }); },
  (r, t) => { const k = r.pick(TEXT_KINDS); return task(tl(r, `Suggest a better title for the following ${k} about ${tp(r, t)}.`, 0.3), 'name', t, { inputKind: k }); },
  (r, t) => task(tl(r, `${r.pick(['Predict what happens next in', 'Continue', 'Write an ending for'])} the given ${r.pick(['story', 'short story', 'dialogue', 'scene', 'fable'])} about ${tp(r, t)}.`, 0.3), 'write', t, { inputKind: 'short story' }),
  (r, t) => { const k = r.pick(TEXT_KINDS); return task(tl(r, `Turn the ${k} on ${tp(r, t)} into action items for ${r.pick(WHO)}.`, 0.3), 'list', t, { inputKind: k, count: 3 }); },
  (r, t) => { const k = r.pick(TEXT_KINDS); return task(tl(r, `Make the following ${k} about ${tp(r, t)} shorter without losing its meaning.`, 0.2), 'rewrite', t, { inputKind: k, style: 'concise' }); },
  (r, t) => { const k = r.pick(['email', 'customer message', 'complaint', 'text message', 'comment']); return task(tl(r, `Write ${art(r.pick(STYLES))} reply to the given ${k} about ${tp(r, t)}.`, 0.3), 'reply', t, { inputKind: k }); },
  (r, t) => task(tl(r, `Given a short description of ${tp(r, t)}, explain it to ${r.pick(AUDIENCES)}.`, 0.2), 'explain', t, { inputKind: 'paragraph' }),
  (r, t) => { const [w, n] = num(r); return task(tl(r, `Generate ${w} questions that can be answered using the following ${r.pick(['paragraph', 'passage', 'report', 'article'])} on ${tp(r, t)}.`, 0.2), 'questions', t, { inputKind: 'paragraph', count: n }); },
  (r, t) => { const s = r.pick(STYLES); return task(tl(r, `Paraphrase the given ${r.pick(['sentence', 'note', 'reply', 'paragraph'])} about ${tp(r, t)} to sound more ${s}.`, 0.3), 'rewrite', t, { inputKind: 'sentence', style: s }); },
  (r, t) => { const k = r.pick(TEXT_KINDS); return task(tl(r, `Find the keywords in this ${k} about ${tp(r, t)}.`, 0.3), 'extract', t, { inputKind: k }); },
  (r, t) => { const k = r.pick(TEXT_KINDS); const f = r.pick(FORMATS); return task(tl(r, `Convert the ${k} about ${tp(r, t)} into ${f}.`, 0.3), 'write', t, { inputKind: k, format: f }); },
  (r, t) => { const k = r.pick(TEXT_KINDS); return task(tl(r, `What is the main point of the ${k} below about ${tp(r, t)}?`, 0.2), 'summarize', t, { inputKind: k }); },
  (r, t) => { const k = r.pick(TEXT_KINDS); return task(`Explain why the ${k} about ${tp(r, t)} might confuse ${r.pick(AUDIENCES)}.`, 'explain', t, { inputKind: k }); },
];

/** Classification tasks (finite output labels). */
const CLASSIFY: Tpl[] = [
  (r, t) => { const k = r.pick(TEXT_KINDS); const l = r.pick(LABEL_SETS); return task(`Classify the following ${k} about ${tp(r, t)} as ${orList(l)}.`, 'classify', t, { inputKind: k, labels: l }); },
  (r, t) => { const k = r.pick(TEXT_KINDS); const l = r.pick(LABEL_SETS.filter((x) => x.length === 3)); return task(`Sort the ${k} about ${tp(r, t)} into one of these groups: ${orList(l)}.`, 'classify', t, { inputKind: k, labels: l }); },
  (r, t) => task(r.pick([`Decide whether the given statement about ${tp(r, t)} is true or false.`, `Is the claim below about ${tp(r, t)} true or false?`, `Fact-check this sentence on ${tp(r, t)}: answer true or false.`]), 'classify', t, { inputKind: 'statement', labels: ['True', 'False'] }),
  (r, t) => { const k = r.pick(TEXT_KINDS); const l = r.pick(LABEL_SETS.filter((x) => x.length === 2)); return task(`Determine whether the ${k} below ${r.pick(['about', 'on', 'concerning'])} ${tp(r, t)} is ${orList(l)}.`, 'classify', t, { inputKind: k, labels: l }); },
  (r, t) => { const k = r.pick(TEXT_KINDS); const l = r.pick(LABEL_SETS.filter((x) => x.length === 2)); return task(`Is this ${k} about ${tp(r, t)} ${orList(l)}?`, 'classify', t, { inputKind: k, labels: l }); },
  (r, t) => { const k = r.pick(['product review', 'movie review', 'restaurant review', 'tweet', 'comment', 'hotel review', 'app review']); return task(`Identify the sentiment of the ${k} about ${tp(r, t)}: positive, negative, or neutral.`, 'classify', t, { inputKind: k, labels: ['positive', 'negative', 'neutral'] }); },
  (r, t) => { const k = r.pick(TEXT_KINDS); return task(r.pick([`Does the ${k} about ${tp(r, t)} contain a spelling mistake?`, `Spot whether the ${k} from ${r.pick(PROFESSIONS)} has a typo. Answer yes or no.`]), 'classify', t, { inputKind: k, labels: ['Yes', 'No'] }); },
  (r, t) => { const k = r.pick(TEXT_KINDS); const l = r.pick(LABEL_SETS.filter((x) => x.length === 2)); return task(`Label each ${k} about ${tp(r, t)} as ${orList(l)}.`, 'classify', t, { inputKind: k, labels: l }); },
  (r, t) => task(`Decide whether the two sentences about ${tp(r, t)} ${r.pick(['have the same meaning', 'contradict each other', 'describe the same event', 'agree with each other'])}.`, 'classify', t, { inputKind: 'sentence pair', labels: ['Yes', 'No'] }),
  (r, t) => { const k = r.pick(TEXT_KINDS); const a: string = r.pick(PROFESSIONS); let b: string = r.pick(PROFESSIONS); if (b === a) b = 'a journalist'; return task(`Guess whether the ${k} about ${tp(r, t)} was written by ${a} or ${b}.`, 'classify', t, { inputKind: k, labels: [a, b] }); },
  (r, t) => { const k = r.pick(TEXT_KINDS); return task(`Check if the given ${k} mentions ${tp(r, t)}. Answer yes or no.`, 'classify', t, { inputKind: k, labels: ['Yes', 'No'] }); },
  (r, t) => { const k = r.pick(TEXT_KINDS); const l = r.pick(LABEL_SETS); return task(`Which category does the ${k} about ${tp(r, t)} belong to: ${orList(l)}?`, 'classify', t, { inputKind: k, labels: l }); },
  (r, t) => { const k = r.pick(TEXT_KINDS); const l = r.pick(LABEL_SETS.filter((x) => x.length === 2)); return task(`Read the ${k} from ${r.pick(CITIES)} and say whether it is ${orList(l)}.`, 'classify', t, { inputKind: k, labels: l }); },
];

export interface TaskMix {
  /** Probability of a classification task (1 = only classification). */
  classification: number;
  /** Probability that a non-classification task reads an input. */
  withInput: number;
}

export const DEFAULT_MIX: TaskMix = { classification: 0.14, withInput: 0.36 };

/** One good task, optionally constrained to a domain. */
export function goodTask(r: Rng, mix: TaskMix = DEFAULT_MIX, domain?: string): SimTask {
  const topic = randomTopic(r, domain);
  const pool = r.chance(mix.classification) ? CLASSIFY : r.chance(mix.withInput) ? WITH_INPUT : NO_INPUT;
  return r.pick(pool)(r, topic);
}

// ---------------------------------------------------------------------------------------------
// Deliberately bad instructions.

/** Rates of each bad kind; ~12% in all (near copies need demos to copy from). */
export const BAD_RATES: Readonly<Record<BadKind, number>> = {
  short: 0.025,
  blocklist: 0.03,
  program: 0.015,
  punctuation: 0.015,
  near_copy: 0.035,
};

const SHORT = [
  'Tell a joke.', 'Define happiness.', 'Sing a song.', 'Name three colors.', 'Be creative.', 'Summarize this.',
  'Translate it.', 'Count backwards.', 'Explain gravity.', 'Describe yourself.', 'Continue.', 'Any questions?',
];

const BLOCKLISTED: Tpl[] = [
  (r, t) => task(`Draw a simple sketch that shows ${t}.`, 'write', t),
  (r, t) => task(`Plot a graph showing how ${t} has changed over time.`, 'write', t),
  (r, t) => task(`Describe the image below and explain how it relates to ${t}.`, 'explain', t, { inputKind: 'paragraph' }),
  (r, t) => task(`Create a map of the places most associated with ${t}.`, 'write', t),
  (r, t) => task(`Open the file and list every mention of ${t}.`, 'extract', t),
  (r, t) => task(`Find a picture that represents ${t} and explain your choice.`, 'explain', t),
  (r, t) => task(`Make a flowchart of the steps needed to ${r.pick(GOALS)}.`, 'plan', t),
  (r, t) => task(`Compose a piece of music inspired by ${t}.`, 'write', t),
  (r, t) => task(`Summarize the video about ${t} in a few sentences.`, 'summarize', t),
  (r, t) => task(`Design a diagram that explains ${t} to ${r.pick(AUDIENCES)}.`, 'explain', t),
  (r, t) => task(`Record an audio guide about ${t} for visitors.`, 'write', t),
  (r, t) => task(`Draw a comic strip about ${t}.`, 'write', t),
];

const PROGRAMS = [
  'calculates compound interest for a given amount', 'sorts a list of names alphabetically',
  'checks whether a word is a palindrome', 'counts the vowels in a sentence', 'converts temperatures between units',
  'finds the largest number in a list', 'reverses the words in a sentence', 'tracks daily water intake',
];

function badTask(kind: BadKind, r: Rng, mix: TaskMix, demos: readonly string[]): SimTask {
  const topic = randomTopic(r);
  switch (kind) {
    case 'short':
      return task(r.pick(SHORT), 'explain', topic);
    case 'blocklist':
      return r.pick(BLOCKLISTED)(r, topic);
    case 'program':
      return task(`Write a program that ${r.pick(PROGRAMS)}.`, 'write', topic);
    case 'punctuation': {
      const base = goodTask(r, mix);
      const ins = base.instruction;
      const variant = r.int(0, 5);
      const text =
        variant === 0 ? `"${ins}"` :
        variant === 1 ? `- ${ins}` :
        variant === 2 ? `(${ins})` :
        variant === 3 ? `\u201c${ins}\u201d` :
        variant === 4 ? `\u00bf${ins}` :
        `\u00c9crivez un court texte sur ${topic}.`;
      return { ...base, instruction: text };
    }
    case 'near_copy': {
      const demo = demos.length > 0 ? r.pick(demos) : goodTask(r, mix).instruction;
      return task(nearCopy(r, demo), 'explain', topic);
    }
  }
}

/** A light edit of `text` whose ROUGE-L F against it stays well above 0.7. */
export function nearCopy(r: Rng, text: string): string {
  const words = text.trim().split(/\s+/);
  if (words.length >= 6 && r.chance(0.5)) {
    // Drop one word after the first.
    const i = r.int(1, words.length - 2);
    words.splice(i, 1);
    return words.join(' ');
  }
  if (r.chance(0.5)) return `Please ${lowerFirst(words.join(' '))}`;
  const last = words[words.length - 1] ?? '';
  const end = /[.?!]$/.test(last) ? last.slice(-1) : '';
  if (end) words[words.length - 1] = last.slice(0, -1);
  return `${words.join(' ')} ${r.pick(['again', 'briefly', 'in detail', 'for me'])}${end || '.'}`;
}

/**
 * One generated instruction: mostly good, a realistic minority bad.
 * `demos` are the instructions shown in the prompt (the source of near copies).
 */
export function generateTask(r: Rng, opts: { mix?: TaskMix; demos?: readonly string[]; domain?: string } = {}): GeneratedTask {
  const mix = opts.mix ?? DEFAULT_MIX;
  const demos = opts.demos ?? [];
  let u = r.float();
  for (const kind of Object.keys(BAD_RATES) as BadKind[]) {
    const rate = BAD_RATES[kind];
    if (kind === 'near_copy' && demos.length === 0) continue;
    if (u < rate) return { ...badTask(kind, r, mix, demos), bad: kind };
    u -= rate;
  }
  return goodTask(r, mix, opts.domain);
}

// ---------------------------------------------------------------------------------------------
// Reading a task back from its text (for stages that only see an instruction).

const INPUT_HINT =
  /\b(the following|following|given|below|above|provided|(?:the|this|these|each)\s+(?:[\w-]+\s+)?(?:text|sentences?|paragraph|passage|list|review|email|tweet|input|article|story|poem|code|statement|words|numbers|message|headline|comment|data|table|post|posting|quote|complaint|description|letter|report|speech|note|claim|dialogue|scene|fable))\b/i;

/** Labels named by a classification instruction, or Yes/No. */
export function inferLabels(instruction: string): string[] {
  const s = instruction.replace(/\s+/g, ' ');
  if (/\btrue or false\b/i.test(s)) return ['True', 'False'];
  if (/\byes or no\b/i.test(s)) return ['Yes', 'No'];
  // "a, b, or c" / "a, b or c" (three labels).
  const three = s.match(/(?:as|into|:|is|be|groups?:?)\s+([\w -]{2,24}?),\s*([\w -]{2,24}?),?\s+or\s+([\w -]{2,24}?)(?:[.?!,]|$)/i);
  if (three && three[1] && three[2] && three[3]) return [three[1], three[2], three[3]].map(cleanLabel);
  const two = s.match(/(?:as|is|be|either|likely|into)\s+([\w -]{2,30}?)\s+or\s+([\w -]{2,30}?)(?:[.?!,]|$)/i);
  if (two && two[1] && two[2]) return [two[1], two[2]].map(cleanLabel);
  const tailPair = s.match(/[\s,:]((?:not )?[\w-]+) or ((?:not )?[\w-]+)\s*[?.!]?$/i);
  if (tailPair && tailPair[1] && tailPair[2]) return [tailPair[1], tailPair[2]].map(cleanLabel);
  if (/\bsentiment\b/i.test(s)) return ['Positive', 'Negative'];
  return ['Yes', 'No'];
}

function cleanLabel(label: string): string {
  const l = label.trim().replace(/^(a|an|the|more likely|either)\s+/i, '');
  return capFirst(l);
}

const KNOWN_TOPICS: readonly string[] = [...ALL_TOPICS, ...SUBJECTS].sort((a, b) => b.length - a.length);

/** A topic from the simulator's own lists that the text mentions (the longest), if any. */
export function knownTopic(text: string): string | undefined {
  const lower = text.toLowerCase();
  for (const t of KNOWN_TOPICS) {
    if (!lower.includes(t.toLowerCase())) continue;
    const setting = SETTINGS.find((st) => lower.includes(`${st} ${t.toLowerCase()}`));
    return setting ? `${setting} ${t}` : t;
  }
  return undefined;
}

/** Whether an instruction reads an input, judged from its wording. */
export function needsInput(instruction: string): boolean {
  return INPUT_HINT.test(instruction);
}

/** A best-effort SimTask for an instruction text the generator did not necessarily write. */
export function inferTask(instruction: string, topic: string): SimTask {
  const s = instruction.toLowerCase();
  const inputKind = needsInput(instruction) ? inferInputKind(s) : null;
  const count = (() => {
    const m = s.match(/\b(two|three|four|five|six|seven)\b/);
    return m && m[1] ? NUMS[m[1]] : undefined;
  })();
  const style = STYLES.find((st) => new RegExp(`\\b${st}\\b`).test(s));
  const base = { instruction, topic, inputKind, labels: null as string[] | null, count, style };
  if (/\b(classify|categori[sz]e|label each|sentiment|decide whether|determine whether|true or false|yes or no|is it|which category)\b/.test(s) || /^is (this|the)\b/.test(s))
    return { ...base, kind: 'classify', labels: inferLabels(instruction) };
  if (/\btranslate\b/.test(s)) {
    const lang = LANGUAGES.find((l) => s.includes(l.toLowerCase()));
    return { ...base, kind: 'translate', language: lang ?? 'French' };
  }
  if (/\b(summari[sz]e|main point|tl;?dr)\b/.test(s)) return { ...base, kind: 'summarize' };
  if (/\b(rewrite|paraphrase|rephrase|shorter|simplify)\b/.test(s)) return { ...base, kind: 'rewrite' };
  if (/\b(correct|grammatical|proofread|fix)\b/.test(s)) return { ...base, kind: 'edit' };
  if (/\b(extract|keywords|identify the main|find all)\b/.test(s)) return { ...base, kind: 'extract' };
  if (/\b(sort|order|rank)\b/.test(s)) return { ...base, kind: 'sort' };
  if (/\b(reply|respond to|response to)\b/.test(s)) return { ...base, kind: 'reply' };
  if (/\b(quiz|questions)\b/.test(s)) return { ...base, kind: 'questions' };
  if (/\b(step|plan|routine|schedule|outline)\b/.test(s)) return { ...base, kind: 'plan' };
  if (/\b(list|tips|ideas|ways|recommend|suggestions|brainstorm|action items)\b/.test(s)) return { ...base, kind: 'list' };
  if (/\b(name|title|slogan|headline)\b/.test(s)) return { ...base, kind: 'name' };
  if (/\b(compare|differences?|versus|vs\.?)\b/.test(s)) return { ...base, kind: 'compare' };
  if (/\b(write|compose|draft|poem|story|haiku|limerick|dialogue|letter|email|essay)\b/.test(s)) {
    const format = FORMATS.find((f) => s.includes(f.replace(/^an? /, '')));
    return { ...base, kind: 'write', format };
  }
  return { ...base, kind: 'explain' };
}

function inferInputKind(s: string): string {
  if (/\btwo sentences\b/.test(s)) return 'sentence pair';
  if (/\blist\b/.test(s)) return 'list';
  for (const k of TEXT_KINDS) if (s.includes(k)) return k;
  if (/\b(passage|article|text|paragraph)\b/.test(s)) return 'paragraph';
  if (/\bstory\b/.test(s)) return 'short story';
  return 'sentence';
}
