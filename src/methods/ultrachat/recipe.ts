import { z } from 'zod';
import type { RunContext } from '../../engine/context.js';
import { defineRecipe } from '../../engine/recipe.js';
import { ask, checkStageTemplate, type Answer, type Ask } from '../../engine/stage.js';
import { MAX_IDLE_WAVES, runWaves, type WaveSample } from '../../engine/wave-runner.js';
import { loadTemplate, render, requirePlaceholders, type Template } from '../../prompts/template.js';
import type { SampleRow } from '../../store/samples.js';
import { hashJson } from '../../util/hash.js';
import { ensureTopicSamples } from '../self-chat/topics.js';
import { conversationVerdicts, goalOf, LiveSchema, roundsKept, verdictReason, type Live } from './dialogue.js';
import { afterAnswer, afterUserTurn, startConversation, type Finished, type Step } from './round.js';
import { ensureFileOpeners, ensureMaterialSamples } from './inputs.js';
import { ultrachatManifest } from './manifest.js';
import { advance, listSamples, planGeneration, seenKey, type Cursor, type GenPlan, type GenStage, type Item, type Pools } from './openers.js';
import { roundsOf, type UltraChatConfig, type UltraChatParams } from './params.js';
import { assistantTurnStage, expandStage, materialInstructionsStage, questionsStage, subtopicsStage, ultrachatStages, userTurnStage } from './stages.js';

type Ctx = RunContext<UltraChatConfig>;
/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyAsk = Ask<any, any>;

export const CONVERSATION_KIND = ultrachatManifest.mainKind;
/** Stage of the waves and conversations; calls are staged by their list or turn stage. */
export const ULTRACHAT_STAGE = 'ultrachat';

const StateSchema = z.looseObject({
  source: z.enum(['topics', 'materials', 'file']),
  cursor: z.strictObject({ topic: z.number().int(), subtopic: z.number().int(), expand: z.number().int(), material: z.number().int() }),
  /** The next opener of the queue to start a conversation from. */
  opener: z.number().int().nonnegative(),
  /** Conversations started so far (the next one's index). */
  conversations: z.number().int().nonnegative(),
  live: z.array(LiveSchema),
});
type State = z.infer<typeof StateSchema>;

interface Templates {
  subtopics?: Template;
  questions?: Template;
  expand?: Template;
  materialInstructions?: Template;
  opener: Template;
  persona: string;
  reminder: string;
  /** With params.goal_reminder: the goal line added to every reminder. */
  goal?: Template;
}

/** The templates the source uses, each checked against its placeholders before the first call. */
export function loadUltraChatTemplates(ctx: Pick<Ctx, 'config' | 'root'>): Templates {
  const p = ctx.config.params;
  const paths = p.prompts;
  const plain = (path: string): string => {
    const t = loadTemplate(path, ctx.root);
    requirePlaceholders(t, []);
    return t.text;
  };
  const checked = (t: Template, names: string[]): Template => {
    requirePlaceholders(t, names);
    return t;
  };
  const opener = loadTemplate(paths.material_opener, ctx.root);
  if (p.openers.source === 'materials') requirePlaceholders(opener, ['instruction', 'material']);
  const topics = p.openers.source === 'topics';
  return {
    ...(topics ? { subtopics: checkStageTemplate(subtopicsStage, loadTemplate(paths.subtopics, ctx.root)), questions: checkStageTemplate(questionsStage, loadTemplate(paths.questions, ctx.root)) } : {}),
    ...(topics && p.openers.expand > 0 ? { expand: checkStageTemplate(expandStage, loadTemplate(paths.expand, ctx.root)) } : {}),
    ...(p.openers.source === 'materials' ? { materialInstructions: checkStageTemplate(materialInstructionsStage, loadTemplate(paths.material_instructions, ctx.root)) } : {}),
    opener,
    persona: plain(paths.user_persona),
    reminder: plain(paths.user_reminder),
    ...(p.goal_reminder ? { goal: checked(loadTemplate(paths.goal_reminder, ctx.root), ['goal']) } : {}),
  };
}

const itemOf = (s: SampleRow): Item => ({ id: s.id, text: s.instruction, callId: s.call_id, meta: JSON.parse(s.meta_json ?? '{}') as Record<string, unknown> });

function loadPools(ctx: Ctx, topics: SampleRow[]): Pools {
  const { store, run } = ctx;
  const list = (kind: string) => store.samples.list(run.id, kind, 'accepted').map(itemOf);
  const subtopics = list('subtopic');
  const openers = list('opener');
  const seen = new Set([...subtopics.map((s) => seenKey('subtopic', s.text)), ...openers.map((o) => seenKey('opener', o.text))]);
  return { topics: topics.map(itemOf), subtopics, materials: list('material'), openers, questions: openers.filter((o) => o.meta.level === 'question'), seen };
}

function resumeState(last: { wave: number; state: unknown } | undefined, source: State['source']): State {
  if (!last || last.wave === 0) return { source, cursor: { topic: 0, subtopic: 0, expand: 0, material: 0 }, opener: 0, conversations: 0, live: [] };
  const parsed = StateSchema.safeParse(last.state);
  if (!parsed.success) throw new Error(`the stored state of wave ${last.wave} is not an ultrachat state (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data;
}

/** The request input of a list call about one pool item. */
function genAsk(p: UltraChatParams, t: Templates, stage: GenStage, item: Item): AnyAsk {
  const o = p.openers;
  switch (stage) {
    case 'subtopics':
      return { stage: subtopicsStage, input: { topic: item.text, n: o.subtopics }, template: t.subtopics, sampling: p.lists };
    case 'questions':
      return { stage: questionsStage, input: { topic: String(item.meta.topic ?? ''), subtopic: item.text, n: o.questions }, template: t.questions, sampling: p.lists };
    case 'expand':
      return { stage: expandStage, input: { question: item.text, n: o.expand }, template: t.expand, sampling: p.lists };
    case 'material-instructions':
      return { stage: materialInstructionsStage, input: { material: item.text, text_type: String(item.meta.text_type ?? 'text'), n: o.instructions }, template: t.materialInstructions, sampling: p.lists };
  }
}

function conversationSample(f: Finished, p: UltraChatParams, min: number): WaveSample {
  const { conv, ending } = f;
  const verdicts = conversationVerdicts(conv, ending, min);
  const reason = verdictReason(verdicts);
  const { why, ...detail } = ending;
  return {
    kind: CONVERSATION_KIND,
    stage: ULTRACHAT_STAGE,
    instruction: conv.opener,
    messages: conv.messages,
    status: reason ? 'rejected' : 'accepted',
    reason: reason ?? null,
    contentHash: hashJson([conv.opener, conv.messages]),
    callId: f.callId,
    verdicts,
    meta: {
      ...conv.origin,
      source: p.openers.source,
      opener_id: conv.openerId,
      rounds_planned: conv.planned,
      rounds_kept: roundsKept(conv.messages),
      ended: why,
      ...(Object.keys(detail).length > 0 ? { ending: detail } : {}),
      conversation: conv.n,
      started_wave: conv.startedWave,
      call_ids: conv.callIds,
    },
    parents: [{ parentId: conv.openerId, relation: 'from-opener' }],
  };
}

/**
 * UltraChat (recipes-more.md; Ding et al. 2023 section 3). Openers come from the chosen source;
 * list calls are made only when the conversations about to start lack openers. Every wave advances
 * each live conversation by one round: the user simulator (its persona as the system message, the
 * transcript with roles swapped, a reminder after the latest reply) writes the next user turn,
 * which is checked for role confusion and stripped of politeness, and the assistant answers in a
 * context of only the conversation. New conversations start with their opener and the assistant's
 * answer. Each conversation runs the number of rounds drawn from its own stream; the live ones
 * are stored with the wave's mark, so a resumed run goes on from the last finished round.
 */
export const ultrachat = defineRecipe<UltraChatConfig>({
  manifest: ultrachatManifest,
  stages: ultrachatStages,
  async run(ctx: Ctx) {
    const { store, run, config } = ctx;
    const p = config.params;
    const range = roundsOf(p);
    const t = loadUltraChatTemplates(ctx);
    const source = p.openers.source;
    const topics = source === 'topics' ? ensureTopicSamples(ctx, { topics: p.openers.topics }) : [];
    if (source === 'materials') ensureMaterialSamples(ctx, p.openers.materials);
    if (source === 'file') ensureFileOpeners(ctx, p.openers.file);
    const pools = loadPools(ctx, topics);
    let state = resumeState(store.waves.last(run.id), source);
    if (state.source !== source) {
      return { status: 'failed', detail: `this run's openers come from params.openers.source "${state.source}"; resume with that source (or start a new run)` };
    }
    let accepted = store.samples.list(run.id, CONVERSATION_KIND, 'accepted').length;
    let admit = 0;
    let gen: GenPlan | null = null;

    return runWaves(ctx, {
      // A conversation needs up to rounds.max waves to finish: only that many more idle waves than usual mean a stall
      // (e.g. a simulator that answers as the assistant every time), before every opener is spent on it.
      stall: { waves: MAX_IDLE_WAVES + range.max, what: 'conversations' },
      next() {
        if (accepted >= config.target) return { done: { status: 'completed', detail: `${accepted} conversations accepted (target ${config.target})` } };
        const live = state.live.length;
        const need = Math.max(0, Math.min(p.wave_size - live, config.target - accepted - live));
        admit = Math.min(need, pools.openers.length - state.opener);
        gen = planGeneration(p, pools, state.cursor, need - admit);
        if (live + admit > 0 || gen) return { stage: ULTRACHAT_STAGE, accepted, target: config.target };
        const detail = `every opener used (${pools.openers.length} from source "${source}"): ${accepted} conversations accepted of target ${config.target} (add ${source === 'topics' ? 'topics' : source === 'materials' ? 'text pieces' : 'openers'} to go on)`;
        return { done: { status: 'completed', detail } };
      },
      async run(wave) {
        const plan = gen;
        const seen = new Set(pools.seen);
        const starting = pools.openers.slice(state.opener, state.opener + admit).map((o, i) => startConversation(o, state.conversations + i, wave, config.seed, range));
        const finished: Finished[] = [];
        const keep = (step: Step, into: Live[]) => ('live' in step ? into.push(step.live) : finished.push(step.finished));

        // The list calls and the user simulator's turns go out together; the assistant answers after.
        const genAsks = plan ? plan.items.map((item) => genAsk(p, t, plan.stage, item)) : [];
        // The goal is data: substituted once, never scanned for placeholders.
        const reminder = (c: Live): string => (t.goal ? `${t.reminder}\n${render(t.goal, { goal: goalOf(c.opener) })}` : t.reminder);
        const userAsks: AnyAsk[] = state.live.map((c) => ({ stage: userTurnStage, input: { persona: t.persona, reminder: reminder(c), messages: c.messages }, sampling: p.user }));
        const first = await ask(ctx, wave, [...genAsks, ...userAsks]);
        const samples: WaveSample[] = plan ? plan.items.flatMap((item, i) => listSamples(plan.stage, item, first[i]! as Answer<never>, seen, t.opener)) : [];
        const asking: Live[] = [];
        state.live.forEach((c, i) => keep(afterUserTurn(c, first[genAsks.length + i]! as Answer<string>, userTurnStage.name), asking));
        asking.push(...starting);

        const answers = await ask(
          ctx,
          wave,
          asking.map((c): AnyAsk => ({ stage: assistantTurnStage, input: { messages: c.messages }, sampling: p.assistant })),
        );
        const still: Live[] = [];
        asking.forEach((c, i) => keep(afterAnswer(c, answers[i]! as Answer<string>, assistantTurnStage.name), still));

        const conversations = finished.sort((a, b) => a.conv.n - b.conv.n).map((f) => conversationSample(f, p, range.min));
        const added = conversations.filter((s) => s.status === 'accepted').length;
        const next: State = { source, cursor: advance(state.cursor, plan), opener: state.opener + starting.length, conversations: state.conversations + starting.length, live: still };
        return {
          stage: ULTRACHAT_STAGE,
          samples: [...samples, ...conversations],
          accepted: added,
          state: { ...next, generated: samples.filter((s) => s.status === 'accepted').length, finished: conversations.length, accepted: added },
        };
      },
      // Only a stored wave moves the run on; a stopped one is rebuilt from the same state on resume.
      stored(output, ids) {
        state = StateSchema.parse(output.state);
        output.samples.forEach((s, i) => {
          if (s.status !== 'accepted') return;
          const item: Item = { id: ids[i]!, text: s.instruction ?? '', callId: s.callId ?? null, meta: s.meta ?? {} };
          if (s.kind === 'subtopic') {
            pools.subtopics.push(item);
            pools.seen.add(seenKey('subtopic', item.text));
          } else if (s.kind === 'opener') {
            pools.openers.push(item);
            if (item.meta.level === 'question') pools.questions.push(item);
            pools.seen.add(seenKey('opener', item.text));
          }
        });
        accepted += output.accepted;
      },
    });
  },
});
