import type { Db } from '../store/db.js';
import { iterateExportRows, type ExportFilter, type ExportRowRaw } from '../store/export.js';
import { conversationMessages, isMultiTurn, singleTurnMessages } from './chat.js';
import type { ExportRecord, ParentRef, Provenance, VerdictSummary } from './types.js';

export interface RowSourceOptions {
  filter: ExportFilter;
  runName: string;
  provenance: boolean;
  /** Read the pipeline's own columns (`ColumnChoice.extra`). */
  extra?: boolean;
  /** Put first in every sample's messages (unless a conversation has its own). */
  systemPrompt?: string;
  /** Keep only the ids this accepts (the split being written). */
  include?: (id: number) => boolean;
  signal?: AbortSignal;
  /** Called for every record yielded. */
  onRecord?: () => void;
  /** Rows read between two yields to the event loop (timers, signals). */
  yieldEvery?: number;
}

/**
 * The export's rows, streamed from SQLite in id order. It lets the event loop run every few
 * thousand rows, so Ctrl-C and timers work during a long export, and stops when `signal` aborts.
 */
export async function* exportRecords(db: Db, o: RowSourceOptions): AsyncGenerator<ExportRecord> {
  const every = o.yieldEvery ?? 2000;
  let read = 0;
  for (const raw of iterateExportRows(db, o.filter, { provenance: o.provenance, extra: o.extra })) {
    if (++read % every === 0) {
      await new Promise<void>((done) => setImmediate(done));
      o.signal?.throwIfAborted();
    }
    if (o.include && !o.include(raw.id)) continue;
    o.onRecord?.();
    yield toRecord(raw, o);
  }
  o.signal?.throwIfAborted();
}

export function toRecord(raw: ExportRowRaw, o: Pick<RowSourceOptions, 'runName' | 'provenance' | 'systemPrompt' | 'filter'>): ExportRecord {
  const system = o.systemPrompt || undefined;
  let record: ExportRecord;
  if (raw.messages_json !== null) {
    const messages = conversationMessages(raw.messages_json, raw.id, system);
    record = { id: raw.id, single: null, messages, multiTurn: isMultiTurn(messages) };
  } else {
    record = {
      id: raw.id,
      single: { instruction: raw.instruction, input: raw.input, output: raw.output },
      messages: singleTurnMessages(raw.instruction, raw.input, raw.output, system),
      multiTurn: false,
    };
  }
  if (raw.columns_json) record.extra = JSON.parse(raw.columns_json) as Record<string, unknown>;
  if (o.provenance) record.provenance = provenanceOf(raw, o.runName, o.filter.runId);
  return record;
}

function provenanceOf(raw: ExportRowRaw, run: string, runId: number): Provenance {
  const verdicts = (JSON.parse(raw.verdicts_json ?? '[]') as { filter: string; passed: number; score: number | null }[]).map(
    (v): VerdictSummary => ({ filter: v.filter, passed: v.passed === 1, score: v.score }),
  );
  const parents = JSON.parse(raw.parents_json ?? '[]') as ParentRef[];
  return {
    sample_id: raw.id,
    run,
    run_id: runId,
    kind: raw.kind,
    stage: raw.stage,
    status: raw.status,
    call_id: raw.call_id,
    judge_score: raw.judge_score ?? null,
    verdicts,
    parents,
  };
}
