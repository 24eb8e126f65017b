import { z } from 'zod';
import type { SelfChatConfig } from './params.js';
import type { RunContext, RunOutcome } from '../../engine/context.js';
import { NoveltyPool } from '../../engine/novelty-pool.js';
import { buildRequest } from '../../engine/requests.js';
import { loadTemplate, requirePlaceholders, type Template } from '../../prompts/template.js';
import type { SampleRow, Verdict } from '../../store/samples.js';
import { hashJson } from '../../util/hash.js';
import { conversationVerdicts, firstTurnVerdicts, firstUserTurn, isClosingTurn, verdictReason } from './judge.js';
import { parseAssistantTurn, parseHumanTurn, parseTranscript, turnCount } from './parse.js';
import { assistantRequest, humanTurnPrompt, transcriptPrompt, type Message } from './prompts.js';
import { ensureTopicSamples } from './topics.js';

type Ctx = RunContext<SelfChatConfig>;

export const CONVERSATION_KIND = 'conversation';
/** Stage of the waves and samples; calls are staged 'transcript', 'human-turn' and 'assistant-turn'. */
export const SELF_CHAT_STAGE = 'self-chat';

const MessageSchema = z.strictObject({ role: z.enum(['user', 'assistant']), content: z.string() });
const ConversationSchema = z.strictObject({
  /** Index of the conversation in the run: topic n mod topics, pass n div topics. */
  n: z.number().int().nonnegative(),
  topicId: z.number().int(),
  topic: z.string(),
  messages: z.array(MessageSchema),
  /** The call that produced each message, aligned with `messages`. */
  callIds: z.array(z.number().int()),
  startedWave: z.number().int(),
});
type Conversation = z.infer<typeof ConversationSchema>;

/** What a wave's row keeps so the next wave (or a resumed run) continues from it. */
const StateSchema = z.looseObject({
  mode: z.enum(['transcript', 'two-context']),
  next: z.number().int().nonnegative(),
  live: z.array(ConversationSchema),
});
type State = z.infer<typeof StateSchema>;

interface Finished {
  conv: Conversation;
  /** Why the conversation ended (kept in the sample's meta). */
  ended: string;
  /** The last call of the conversation. */
  callId: number | null;
  extra?: Record<string, unknown>;
}

interface Templates {
  transcript: Template;
  human: Template;
}

export function loadSelfChatTemplates(ctx: Pick<Ctx, 'config' | 'root'>): Templates {
  const paths = ctx.config.params.prompts;
  const t = { transcript: loadTemplate(paths.transcript, ctx.root), human: loadTemplate(paths.human_turn, ctx.root) };
  requirePlaceholders(t.transcript, ['topic']);
  requirePlaceholders(t.human, ['topic', 'transcript']);
  return t;
}

/**
 * Baize self-chat (methods.md section 5). Topics are taken in file order (cycled `passes` times).
 * `transcript` mode: one call per topic writes the whole conversation, post-processed as Baize does.
 * `two-context` mode: every wave advances each live conversation by one round, a human-simulator
 * call and then the assistant's answer in its own chat context, and new conversations join to keep
 * `wave_size` in flight. The live conversations are stored with the wave's completion mark, so a
 * resumed run goes on from the last finished round. Finished conversations are judged in a fixed
 * order (language and ROUGE-L on the first user turn, minimum turns) and stored in the wave's transaction.
 */
export async function runSelfChat(ctx: Ctx): Promise<RunOutcome> {
  const { store, run, config } = ctx;
  const p = config.params;
  const templates = loadSelfChatTemplates(ctx);
  const topics = ensureTopicSamples(ctx, p);
  if (topics.length === 0) return { status: 'failed', detail: 'no topics to start conversations from' };
  const pool = new NoveltyPool(p.rouge_threshold);
  let accepted = 0;
  for (const s of store.samples.list(run.id, CONVERSATION_KIND, 'accepted')) {
    pool.addStored(s.id, s.instruction);
    accepted++;
  }

  const last = store.waves.last(run.id);
  let state = resumeState(last);
  if (state.live.length > 0 && state.mode !== p.mode) {
    return {
      status: 'failed',
      detail: `${state.live.length} conversations of this run are in progress in ${state.mode} mode; resume with params.mode "${state.mode}"`,
    };
  }
  const capacity = topics.length * p.passes;
  let wave = (last?.wave ?? 0) + 1;
  while (accepted < config.target) {
    const admit = Math.max(0, Math.min(p.wave_size - state.live.length, config.target - accepted - state.live.length, capacity - state.next));
    const starting = Array.from({ length: admit }, (_, i) => startConversation(state.next + i, topics, wave));
    const live = [...state.live, ...starting];
    if (live.length === 0) break;
    ctx.progress.wave({ wave, accepted, target: config.target, stage: SELF_CHAT_STAGE });
    const result = p.mode === 'transcript' ? await transcriptWave(ctx, templates, wave, live) : await twoContextWave(ctx, templates, wave, live, pool);
    state = { mode: p.mode, next: state.next + admit, live: result.live };
    accepted += storeWave(ctx, wave, result.finished, state, pool);
    wave++;
  }
  ctx.progress.wave({ wave, accepted, target: config.target, stage: 'done' });
  if (accepted >= config.target) return { status: 'completed', detail: `${accepted} conversations accepted (target ${config.target})` };
  return {
    status: 'completed',
    detail: `all ${topics.length} topics used ${p.passes} time(s): ${accepted} conversations accepted of target ${config.target} (raise params.passes or add topics to go on)`,
  };
}

function resumeState(last: { wave: number; state: unknown } | undefined): State {
  if (!last || last.wave === 0) return { mode: 'transcript', next: 0, live: [] };
  const parsed = StateSchema.safeParse(last.state);
  if (!parsed.success) throw new Error(`the stored state of wave ${last.wave} is not a self-chat state (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data;
}

function startConversation(n: number, topics: readonly SampleRow[], wave: number): Conversation {
  const topic = topics[n % topics.length]!;
  return { n, topicId: topic.id, topic: topic.instruction, messages: [], callIds: [], startedWave: wave };
}

async function transcriptWave(ctx: Ctx, t: Templates, wave: number, live: Conversation[]): Promise<{ finished: Finished[]; live: Conversation[] }> {
  const { config, journal } = ctx;
  const outcomes = await journal.callAll(
    journal.prepare('transcript', wave, live.map((c) => buildRequest(config.teacher, journal.model, transcriptPrompt(t.transcript, c.topic), config.params.transcript))),
  );
  const finished = live.map((c, i): Finished => {
    const o = outcomes[i]!;
    if (!o.ok) return { conv: c, ended: 'call-failed', callId: o.callId };
    const parsed = parseTranscript(o.text);
    const conv = { ...c, messages: parsed.messages, callIds: parsed.messages.map(() => o.callId) };
    return {
      conv,
      ended: o.finishReason === 'length' ? 'truncated' : parsed.stoppedAt === null ? 'transcript' : 'malformed-segment',
      callId: o.callId,
      extra: { segments: parsed.segments, stopped_at: parsed.stoppedAt },
    };
  });
  return { finished, live: [] };
}

async function twoContextWave(ctx: Ctx, t: Templates, wave: number, live: Conversation[], pool: NoveltyPool): Promise<{ finished: Finished[]; live: Conversation[] }> {
  const { config, journal } = ctx;
  const p = config.params;
  const finished: Finished[] = [];
  const clone = (c: Conversation): Conversation => ({ ...c, messages: [...c.messages], callIds: [...c.callIds] });

  // The human simulator writes the next user turn of every live conversation.
  const humans = await journal.callAll(
    journal.prepare('human-turn', wave, live.map((c) => buildRequest(config.teacher, journal.model, humanTurnPrompt(t.human, c.topic, c.messages), p.human))),
  );
  const asking: Conversation[] = [];
  live.forEach((c0, i) => {
    const c = clone(c0);
    const o = humans[i]!;
    if (!o.ok) return finished.push({ conv: c, ended: 'call-failed', callId: o.callId });
    if (o.finishReason === 'length') return finished.push({ conv: c, ended: 'truncated-human-turn', callId: o.callId });
    const text = parseHumanTurn(o.text);
    if (text === '') return finished.push({ conv: c, ended: 'human-done', callId: o.callId });
    if (p.end_on_closing && c.messages.length > 0 && isClosingTurn(text)) {
      return finished.push({ conv: c, ended: 'human-closing', callId: o.callId, extra: { closing: text } });
    }
    c.messages.push({ role: 'user', content: text });
    c.callIds.push(o.callId);
    // Language and ROUGE-L look only at the first user turn: a conversation that fails them stops here.
    if (c.messages.length === 1 && verdictReason(firstTurnVerdicts(text, p, pool))) {
      return finished.push({ conv: c, ended: 'first-turn-rejected', callId: o.callId });
    }
    asking.push(c);
  });

  // The assistant answers in its own chat context: the conversation so far as messages.
  const answers = await journal.callAll(
    journal.prepare('assistant-turn', wave, asking.map((c) => assistantRequest(config.teacher, journal.model, c.messages, p.assistant))),
  );
  const still: Conversation[] = [];
  asking.forEach((c, i) => {
    const o = answers[i]!;
    const reply = o.ok && o.finishReason !== 'length' ? parseAssistantTurn(o.text) : '';
    if (reply === '') {
      // The unanswered human turn is not part of the conversation; the meta keeps it.
      const unanswered = c.messages.pop()!.content;
      c.callIds.pop();
      const ended = !o.ok ? 'call-failed' : o.finishReason === 'length' ? 'truncated-assistant-turn' : 'empty-assistant-turn';
      return finished.push({ conv: c, ended, callId: o.callId, extra: { unanswered } });
    }
    c.messages.push({ role: 'assistant', content: reply });
    c.callIds.push(o.callId);
    if (turnCount(c.messages) >= p.max_rounds) finished.push({ conv: c, ended: 'max-rounds', callId: o.callId });
    else still.push(c);
  });
  return { finished, live: still };
}

/** Judge the finished conversations in order and store them with the wave's mark and state, in one transaction. */
function storeWave(ctx: Ctx, wave: number, finished: Finished[], state: State, pool: NoveltyPool): number {
  const { store, run, config } = ctx;
  const p = config.params;
  const judged = finished.map((f) => {
    const verdicts: Verdict[] = conversationVerdicts(f.conv.messages, p, pool);
    const reason = verdictReason(verdicts);
    const poolId = reason ? undefined : pool.addPending(firstUserTurn(f.conv.messages));
    return { ...f, verdicts, reason, poolId };
  });
  let added = 0;
  store.transaction(() => {
    for (const j of judged) {
      const { conv } = j;
      const id = store.samples.insert({
        runId: run.id,
        kind: CONVERSATION_KIND,
        stage: SELF_CHAT_STAGE,
        wave,
        instruction: firstUserTurn(conv.messages),
        messages: conv.messages,
        status: j.reason ? 'rejected' : 'accepted',
        reason: j.reason ?? null,
        contentHash: hashJson([conv.topic, conv.messages]),
        callId: j.callId,
        verdicts: j.verdicts.map((v) => pool.resolveVerdict(v)),
        meta: {
          turns: turnCount(conv.messages),
          topic: conv.topic,
          mode: p.mode,
          ended: j.ended,
          conversation: conv.n,
          started_wave: conv.startedWave,
          call_ids: conv.callIds,
          ...j.extra,
        },
        parents: [{ parentId: conv.topicId, relation: 'from-topic' }],
      });
      if (j.poolId !== undefined) {
        pool.markStored(j.poolId, id);
        added++;
      }
    }
    store.waves.markDone(run.id, wave, SELF_CHAT_STAGE, {
      ...state,
      finished: judged.length,
      accepted: added,
      rejected: judged.length - added,
    });
  });
  return added;
}

