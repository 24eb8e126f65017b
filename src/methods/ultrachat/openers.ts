/**
 * Where openers come from in the topics and materials sources: which list calls a wave makes (only
 * when the conversations about to start lack openers), and how a list answer becomes samples
 * (subtopics, openers; repeats and cut items stored as rejected so nothing is dropped silently).
 * Pure, apart from reading the pools it is given.
 */
import { chatFormatVerdicts } from '../../chat/edits.js';
import type { Answer } from '../../engine/stage.js';
import type { WaveSample } from '../../engine/wave-runner.js';
import { render, type Template } from '../../prompts/template.js';
import type { Verdict } from '../../store/samples.js';
import { hashJson } from '../../util/hash.js';
import { itemKey } from './lists.js';
import type { UltraChatParams } from './params.js';
import type { ListAnswer } from './stages.js';

/** A stored input or generated item the recipe keeps in memory: its id, text and meta. */
export interface Item {
  id: number;
  text: string;
  callId: number | null;
  meta: Record<string, unknown>;
}

/** What the recipe knows of the run so far (kept up to date as waves are stored). */
export interface Pools {
  topics: Item[];
  subtopics: Item[];
  materials: Item[];
  /** Accepted openers in stored order: the queue conversations start from. */
  openers: Item[];
  /** The openers that are first-level questions (what `expand` asks about), in order. */
  questions: Item[];
  /** Keys (seenKey) of every accepted subtopic and opener: a new item with one of these is a repeat. */
  seen: Set<string>;
}

/** Where the next list calls start in each pool. */
export interface Cursor {
  topic: number;
  subtopic: number;
  expand: number;
  material: number;
}

export type GenStage = 'subtopics' | 'questions' | 'expand' | 'material-instructions';
export interface GenPlan {
  stage: GenStage;
  /** The pool items asked about, in order. */
  items: Item[];
}

/**
 * The list calls of a wave that is `short` openers short: the deepest level with work left first
 * (expansions, then questions, then subtopics), as few calls as the shortfall needs, at most
 * `wave_size`; null when no source can give more.
 */
export function planGeneration(p: UltraChatParams, pools: Pools, at: Cursor, short: number): GenPlan | null {
  if (short <= 0) return null;
  const o = p.openers;
  const take = (pool: Item[], from: number, perCall: number): Item[] => pool.slice(from, from + Math.min(p.wave_size, Math.ceil(short / perCall)));
  if (o.source === 'materials') return at.material < pools.materials.length ? { stage: 'material-instructions', items: take(pools.materials, at.material, o.instructions) } : null;
  if (o.source !== 'topics') return null;
  if (o.expand > 0 && at.expand < pools.questions.length) return { stage: 'expand', items: take(pools.questions, at.expand, o.expand) };
  if (at.subtopic < pools.subtopics.length) return { stage: 'questions', items: take(pools.subtopics, at.subtopic, o.questions) };
  if (at.topic < pools.topics.length) return { stage: 'subtopics', items: take(pools.topics, at.topic, o.subtopics * o.questions) };
  return null;
}

/** The cursor after a plan's calls. */
export function advance(at: Cursor, plan: GenPlan | null): Cursor {
  if (!plan) return at;
  const n = plan.items.length;
  switch (plan.stage) {
    case 'subtopics':
      return { ...at, topic: at.topic + n };
    case 'questions':
      return { ...at, subtopic: at.subtopic + n };
    case 'expand':
      return { ...at, expand: at.expand + n };
    case 'material-instructions':
      return { ...at, material: at.material + n };
  }
}

/** The key a repeat is found by: the item's kind and its folded text. */
export function seenKey(kind: string, text: string): string {
  return `${kind}:${itemKey(text)}`;
}

const KIND: Record<GenStage, string> = { subtopics: 'subtopic', questions: 'opener', expand: 'opener', 'material-instructions': 'opener' };
const RELATION: Record<GenStage, string> = { subtopics: 'from-topic', questions: 'from-subtopic', expand: 'expanded-from', 'material-instructions': 'from-material' };

/** The meta and text of one generated item, by stage: where it came from, for the audit and the conversation's meta. */
function shape(stage: GenStage, parent: Item, item: string, openerTemplate: Template): { text: string; meta: Record<string, unknown> } {
  switch (stage) {
    case 'subtopics':
      return { text: item, meta: { topic: parent.text } };
    case 'questions':
      return { text: item, meta: { source: 'topics', level: 'question', topic: parent.meta.topic, subtopic: parent.text } };
    case 'expand':
      return { text: item, meta: { source: 'topics', level: 'expanded', topic: parent.meta.topic, subtopic: parent.meta.subtopic, question: parent.text } };
    case 'material-instructions':
      // The material is data: substituted once, never scanned for placeholders.
      return {
        text: render(openerTemplate, { instruction: item, material: parent.text }),
        meta: { source: 'materials', instruction: item, text_type: parent.meta.text_type, material_line: parent.meta.line },
      };
  }
}

/**
 * One list answer as samples: each new item accepted (its key joins `seen`, so later items of the
 * wave are checked against it), a repeat of an earlier item rejected as `duplicate` (naming what
 * it repeats), an item cut at max_tokens rejected as `complete`.
 */
export function listSamples(stage: GenStage, parent: Item, answer: Answer<ListAnswer>, seen: Set<string>, openerTemplate: Template): WaveSample[] {
  if (!answer.ok) return [];
  const kind = KIND[stage];
  const own: Verdict[] = [...chatFormatVerdicts(answer.edits), ...answer.checks];
  const base = (text: string, meta: Record<string, unknown>, verdicts: Verdict[]): WaveSample => {
    const reason = verdicts.find((v) => !v.passed)?.filter ?? null;
    return {
      kind,
      stage,
      instruction: text,
      status: reason ? 'rejected' : 'accepted',
      reason,
      contentHash: hashJson([kind, text]),
      callId: answer.callId,
      meta,
      verdicts: [...own, ...verdicts],
      parents: [{ parentId: parent.id, relation: RELATION[stage] }],
    };
  };
  const out: WaveSample[] = [];
  const { items, duplicates, cut } = answer.value;
  for (const item of items) {
    const { text, meta } = shape(stage, parent, item, openerTemplate);
    const key = seenKey(kind, text);
    const repeat = seen.has(key);
    if (!repeat) seen.add(key);
    out.push(base(text, meta, [{ filter: 'duplicate', passed: !repeat, detail: repeat ? { of: 'an earlier item of this run' } : null }]));
  }
  for (const item of duplicates) {
    const { text, meta } = shape(stage, parent, item, openerTemplate);
    out.push(base(text, meta, [{ filter: 'duplicate', passed: false, detail: { of: 'an earlier item of the same list' } }]));
  }
  if (cut !== null) {
    const { text, meta } = shape(stage, parent, cut, openerTemplate);
    out.push(base(text, meta, [{ filter: 'complete', passed: false, detail: { finish_reason: 'length', note: 'the last item of a list cut at max_tokens' } }]));
  }
  return out;
}
