import type { RunContext } from '../../engine/context.js';
import { loadSeedTasks, readLinesSync, SeedFormatError } from '../../seeds/load.js';
import type { SampleRow } from '../../store/samples.js';
import { hashJson } from '../../util/hash.js';
import { resolveAsset } from '../../util/paths.js';
import type { SelfChatParams } from './params.js';

/** Longest topic accepted, in characters: a longer line is a mistake (a passage, not a topic). */
export const MAX_TOPIC_CHARS = 1000;

export interface Topic {
  text: string;
  /** 1-based line in its file. */
  line: number;
}

/**
 * Parse a topics file: one topic per line, UTF-8; blank lines are skipped, each line is trimmed.
 * The first problem throws one error naming the file and the line.
 */
export function parseTopics(text: string, file: string): Topic[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  return parseTopicLines(
    body.split(/\r?\n/).map((raw, i) => ({ raw, line: i + 1 })),
    file,
  );
}

/** Parse the lines of a topics file (see parseTopics). */
export function parseTopicLines(lines: Iterable<{ raw: string; line: number }>, file: string): Topic[] {
  const topics: Topic[] = [];
  for (const { raw, line } of lines) {
    const topic = raw.trim();
    if (topic === '') continue;
    if (topic.includes('\uFFFD')) throw new SeedFormatError(file, line, undefined, 'the line is not valid UTF-8; expected one topic per line in UTF-8');
    if (topic.length > MAX_TOPIC_CHARS) {
      throw new SeedFormatError(file, line, undefined, `the topic is ${topic.length} characters long; expected one topic of at most ${MAX_TOPIC_CHARS} characters per line`);
    }
    topics.push({ text: topic, line });
  }
  if (topics.length === 0) throw new SeedFormatError(file, undefined, undefined, 'no topics found (the file is empty); expected one topic per line');
  return topics;
}

/** Topics from a text file, or the instructions of a seed-task file (.jsonl, either seed format). */
export function loadTopics(path: string, root: string): Topic[] {
  const full = resolveAsset(path, root);
  if (/\.jsonl$/i.test(path)) return loadSeedTasks(full).map((t, i) => ({ text: t.instruction.trim(), line: i + 1 }));
  // Read line by line: a line far over MAX_TOPIC_CHARS stops at 64 KiB, never read whole.
  return parseTopicLines(readLinesSync(full, path, 64 * 1024, 'the topics file', (err) => (err as NodeJS.ErrnoException).code ?? String(err)), path);
}

/**
 * The run's topics as samples (kind "topic", wave 0), read once when the run starts so that a
 * resumed run keeps the topics it began with; conversations link to theirs.
 */
export function ensureTopicSamples(ctx: RunContext, params: Pick<SelfChatParams, 'topics'>): SampleRow[] {
  const { store, run } = ctx;
  const existing = store.samples.list(run.id, 'topic', 'accepted');
  if (existing.length > 0 || store.waves.last(run.id)) return existing;
  const all = loadTopics(params.topics.path, ctx.root);
  const topics = params.topics.limit > 0 ? all.slice(0, params.topics.limit) : all;
  store.transaction(() => {
    for (const t of topics) {
      store.samples.insert({
        runId: run.id,
        kind: 'topic',
        stage: 'seed',
        wave: 0,
        instruction: t.text,
        meta: { source: params.topics.path, line: t.line },
        status: 'accepted',
        contentHash: hashJson([t.text]),
      });
    }
    store.waves.markDone(run.id, 0, 'seed', { topics: topics.length });
  });
  return store.samples.list(run.id, 'topic', 'accepted');
}
