import { z } from 'zod';
import type { RunContext } from '../../engine/context.js';
import { NoveltyPool } from '../../engine/novelty-pool.js';
import { defineRecipe } from '../../engine/recipe.js';
import { checkStageTemplate } from '../../engine/stage.js';
import { runWaves, type WaveSample } from '../../engine/wave-runner.js';
import { loadLanguageDetection } from '../../filters/language.js';
import { loadTemplate } from '../../prompts/template.js';
import { hashJson } from '../../util/hash.js';
import { conversationVerdicts, firstUserTurn, verdictReason } from './judge.js';
import { selfChatManifest } from './manifest.js';
import { ConversationSchema, startConversation, transcriptWave, twoContextWave, type Conversation, type Finished, type Templates } from './modes.js';
import type { SelfChatConfig, SelfChatParams } from './params.js';
import { turnCount } from './parse.js';
import { humanTurnStage, selfChatStages, transcriptStage } from './stages.js';
import { ensureTopicSamples } from './topics.js';

type Ctx = RunContext<SelfChatConfig>;

export const CONVERSATION_KIND = selfChatManifest.mainKind;
/** Stage of the waves and samples; calls are staged 'transcript', 'human-turn' and 'assistant-turn'. */
export const SELF_CHAT_STAGE = 'self-chat';

/** What a wave's row keeps so the next wave (or a resumed run) continues from it. */
const StateSchema = z.looseObject({
  mode: z.enum(['transcript', 'two-context']),
  next: z.number().int().nonnegative(),
  live: z.array(ConversationSchema),
});
type State = z.infer<typeof StateSchema>;

export function loadSelfChatTemplates(ctx: Pick<Ctx, 'config' | 'root'>): Templates {
  const paths = ctx.config.params.prompts;
  return {
    transcript: checkStageTemplate(transcriptStage, loadTemplate(paths.transcript, ctx.root)),
    human: checkStageTemplate(humanTurnStage, loadTemplate(paths.human_turn, ctx.root)),
  };
}

function resumeState(last: { wave: number; state: unknown } | undefined): State {
  if (!last || last.wave === 0) return { mode: 'transcript', next: 0, live: [] };
  const parsed = StateSchema.safeParse(last.state);
  if (!parsed.success) throw new Error(`the stored state of wave ${last.wave} is not a self-chat state (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data;
}

/** A finished conversation, judged (language and ROUGE-L on the first user turn, minimum turns) as the sample to store. */
function conversationSample(f: Finished, p: SelfChatParams, pool: NoveltyPool): WaveSample {
  const { conv } = f;
  const first = firstUserTurn(conv.messages);
  // The calls' chat-format verdicts and answer checks first, as Self-Instruct's samples carry them.
  const verdicts = [...(conv.verdicts ?? []), ...conversationVerdicts(conv.messages, p, pool)];
  const reason = verdictReason(verdicts);
  return {
    kind: CONVERSATION_KIND,
    stage: SELF_CHAT_STAGE,
    instruction: first,
    messages: conv.messages,
    status: reason ? 'rejected' : 'accepted',
    reason: reason ?? null,
    contentHash: hashJson([conv.topic, conv.messages]),
    callId: f.callId,
    verdicts,
    meta: {
      turns: turnCount(conv.messages),
      topic: conv.topic,
      mode: p.mode,
      ended: f.ended,
      conversation: conv.n,
      started_wave: conv.startedWave,
      call_ids: conv.callIds,
      ...f.extra,
    },
    parents: [{ parentId: conv.topicId, relation: 'from-topic' }],
    // Accepted first turns join the pool at once, so later conversations of the wave are checked against them.
    ...(reason ? {} : { poolId: pool.addPending(first) }),
  };
}

/**
 * Baize self-chat (methods.md section 5). Topics are taken in file order (cycled `passes` times).
 * `transcript` mode: one call per topic writes the whole conversation, post-processed as Baize does.
 * `two-context` mode: every wave advances each live conversation by one round, a human-simulator
 * call and then the assistant's answer in its own chat context, and new conversations join to keep
 * `wave_size` in flight. The live conversations are stored with the wave's completion mark, so a
 * resumed run goes on from the last finished round. Finished conversations are judged in order.
 */
export const selfChat = defineRecipe<SelfChatConfig>({
  manifest: selfChatManifest,
  stages: selfChatStages,
  async run(ctx) {
    const { store, run, config } = ctx;
    const p = config.params;
    const templates = loadSelfChatTemplates(ctx);
    const topics = ensureTopicSamples(ctx, p);
    if (topics.length === 0) return { status: 'failed', detail: 'no topics to start conversations from' };
    if (p.languages.length > 0) await loadLanguageDetection(); // the first-turn checks call it synchronously
    const pool = new NoveltyPool(p.rouge_threshold);
    let accepted = 0;
    for (const s of store.samples.list(run.id, CONVERSATION_KIND, 'accepted')) {
      pool.addStored(s.id, s.instruction);
      accepted++;
    }
    let state = resumeState(store.waves.last(run.id));
    if (state.live.length > 0 && state.mode !== p.mode) {
      return {
        status: 'failed',
        detail: `${state.live.length} conversations of this run are in progress in ${state.mode} mode; resume with params.mode "${state.mode}"`,
      };
    }
    const capacity = topics.length * p.passes;
    // `next` decides the wave's conversations (the live ones and those joining); `run` plays them.
    let admit = 0;
    let live: Conversation[] = [];

    return runWaves(ctx, {
      pool,
      next(wave) {
        if (accepted >= config.target) return { done: { status: 'completed', detail: `${accepted} conversations accepted (target ${config.target})` } };
        admit = Math.max(0, Math.min(p.wave_size - state.live.length, config.target - accepted - state.live.length, capacity - state.next));
        live = [...state.live, ...Array.from({ length: admit }, (_, i) => startConversation(state.next + i, topics, wave))];
        if (live.length > 0) return { stage: SELF_CHAT_STAGE, accepted, target: config.target };
        const detail = `all ${topics.length} topics used ${p.passes} time(s): ${accepted} conversations accepted of target ${config.target} (raise params.passes or add topics to go on)`;
        return { done: { status: 'completed', detail } };
      },
      async run(wave) {
        const result = p.mode === 'transcript' ? await transcriptWave(ctx, templates, wave, live) : await twoContextWave(ctx, templates, wave, live, pool);
        const samples = result.finished.map((f) => conversationSample(f, p, pool));
        const added = samples.filter((s) => s.poolId !== undefined).length;
        const next: State = { mode: p.mode, next: state.next + admit, live: result.live };
        return { stage: SELF_CHAT_STAGE, samples, accepted: added, state: { ...next, finished: samples.length, accepted: added, rejected: samples.length - added } };
      },
      // Only a stored wave moves the run on; a stopped one is rebuilt from the same state on resume.
      stored(output) {
        const { mode, next, live: still } = output.state as State;
        state = { mode, next, live: still };
        accepted += output.accepted;
      },
    });
  },
});
