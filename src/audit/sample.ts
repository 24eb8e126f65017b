/** One sample with everything that explains it: `distillery show` and the viewer's sample page. */
import { formatPreferenceView, preferenceView, type PreferenceView } from './preference-view.js';
import type { Db } from '../store/db.js';
import { callById, sampleById, sampleVerdicts, samplesOfCall, type CallRow, type SampleNode, type SampleRow, type VerdictRow } from '../store/audit.js';
import { reviewHistory, type ReviewRow } from '../store/reviews.js';
import { getRunById, type RunRow } from '../store/runs.js';
import { ancestorTree, descendantTree, formatTree, type LineageOptions, type LineageTree } from './lineage.js';
import { terminalText } from './html.js';

export interface ParsedRequest {
  messages: { role: string; content: string }[] | null;
  prompt: string | null;
  /** Everything else in the request: model, temperature, stop... */
  params: Record<string, unknown>;
}

/** The journaled request, split into what the teacher read and the sampling parameters. */
export function parseRequest(requestJson: string): ParsedRequest {
  let req: unknown;
  try {
    req = JSON.parse(requestJson);
  } catch {
    return { messages: null, prompt: requestJson, params: {} };
  }
  if (!req || typeof req !== 'object' || Array.isArray(req)) return { messages: null, prompt: requestJson, params: {} };
  const { messages, prompt, ...params } = req as Record<string, unknown>;
  const msgs = Array.isArray(messages)
    ? messages.map((m) => {
        const o = (m ?? {}) as Record<string, unknown>;
        const content = typeof o.content === 'string' ? o.content : JSON.stringify(o.content ?? '');
        return { role: String(o.role ?? ''), content };
      })
    : null;
  return { messages: msgs, prompt: typeof prompt === 'string' ? prompt : prompt === undefined ? null : JSON.stringify(prompt), params };
}

/** messages_json of a conversation sample, or null. */
export function parseMessages(json: string | null): { role: string; content: string }[] | null {
  if (!json) return null;
  try {
    const v = JSON.parse(json) as unknown;
    if (!Array.isArray(v)) return null;
    return v.map((m) => {
      const o = (m ?? {}) as Record<string, unknown>;
      return { role: String(o.role ?? ''), content: typeof o.content === 'string' ? o.content : JSON.stringify(o.content ?? '') };
    });
  } catch {
    return null;
  }
}

export function parseJson(json: string | null): unknown {
  if (json === null) return null;
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}

export interface SampleDetail {
  sample: SampleRow;
  run: RunRow | undefined;
  verdicts: VerdictRow[];
  /** Human review decisions, oldest first (the last counts). */
  reviews: ReviewRow[];
  call: CallRow | undefined;
  request: ParsedRequest | null;
  /** Other samples parsed from the same answer. */
  siblings: { rows: SampleNode[]; total: number };
  up: LineageTree;
  down: LineageTree;
  /** A preference pair's answers side by side. */
  preference?: PreferenceView;
}

export function sampleDetail(db: Db, id: number, o: { up?: LineageOptions; down?: LineageOptions; siblings?: number } = {}): SampleDetail | undefined {
  const sample = sampleById(db, id);
  if (!sample) return undefined;
  const call = sample.call_id !== null ? callById(db, sample.call_id) : undefined;
  return {
    sample,
    run: getRunById(db, sample.run_id),
    verdicts: sampleVerdicts(db, id),
    reviews: reviewHistory(db, id),
    call,
    request: call ? parseRequest(call.request_json) : null,
    siblings: call ? samplesOfCall(db, call.id, o.siblings ?? 20) : { rows: [], total: 0 },
    up: ancestorTree(db, id, o.up)!,
    down: descendantTree(db, id, o.down)!,
    preference: preferenceView(db, id),
  };
}

function indent(text: string, pad = '    '): string {
  return text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}

/** The sample as text for the terminal. Stored text is shown as is, control characters escaped. */
export function formatSampleDetail(d: SampleDetail, o: { full?: boolean } = {}): string {
  const s = d.sample;
  const out: string[] = [];
  const field = (label: string, value: string) => {
    if (value === '') return;
    out.push(`${label}:`, indent(value));
  };
  out.push(`sample #${s.id}: ${s.kind}, stage ${s.stage}, wave ${s.wave}${s.round ? `, round ${s.round}` : ''}`);
  out.push(`run: ${d.run ? `${d.run.name} (id ${d.run.id})` : s.run_id}`);
  out.push(`status: ${s.status}${s.reason ? ` (${s.reason})` : ''}`);
  out.push(`content hash: ${s.content_hash}; created ${s.created_at}`);
  out.push('');
  field('instruction', s.instruction);
  field('input', s.input);
  field('output', s.output);
  const msgs = parseMessages(s.messages_json);
  if (msgs) {
    out.push('messages:');
    for (const m of msgs) out.push(`  [${m.role}]`, indent(m.content));
  }
  if (s.meta_json) field('meta', JSON.stringify(parseJson(s.meta_json), null, 2));

  out.push('', `verdicts (${d.verdicts.length}):`);
  for (const v of d.verdicts) {
    const detail = v.detail_json ? JSON.stringify(parseJson(v.detail_json)) : '';
    out.push(`  ${v.passed ? 'pass' : 'FAIL'}  ${v.filter}${v.score !== null ? `  score ${Number(v.score.toFixed(4))}` : ''}${detail ? `  ${detail.length > 300 && !o.full ? `${detail.slice(0, 299)}…` : detail}` : ''}`);
  }

  if (d.preference) out.push(...formatPreferenceView(d.preference));

  if (d.reviews.length) {
    out.push('', `human review (${d.reviews.length}; the last counts):`);
    for (const r of d.reviews) {
      out.push(`  ${r.created_at}  ${r.decision.padEnd(8)}  ${r.reviewer}${r.labels.length ? `  [${r.labels.join(', ')}]` : ''}`);
      if (r.note) out.push(indent(r.note));
    }
  }

  out.push('');
  const c = d.call;
  if (!c) out.push('call: none (not produced by a teacher call)');
  else {
    out.push(`call #${c.id}: stage ${c.stage}, ${c.provider}/${c.model} (${c.mode}), ${c.status}${c.finish_reason ? `, finish ${c.finish_reason}` : ''}`);
    out.push(`  tokens ${c.prompt_tokens} prompt + ${c.completion_tokens} completion; cost $${c.cost.toFixed(6)}; latency ${c.latency_ms ?? '?'} ms; attempts ${c.attempts}${c.reused_from !== null ? `; answer reused from call #${c.reused_from}` : ''}${c.simulated ? '; simulated' : ''}`);
    if (c.error) field('  errors', c.error);
    const req = d.request!;
    if (Object.keys(req.params).length) out.push(`  parameters: ${JSON.stringify(req.params)}`);
    if (req.messages) {
      out.push('prompt (messages):');
      for (const m of req.messages) out.push(`  [${m.role}]`, indent(m.content));
    } else if (req.prompt !== null) field('prompt', req.prompt);
    field('raw output', c.response_text ?? '(no response)');
    if (d.siblings.total > 1) out.push(`  ${d.siblings.total} samples came from this answer: ${d.siblings.rows.map((r) => `#${r.id}`).join(' ')}${d.siblings.total > d.siblings.rows.length ? ' …' : ''}`);
  }
  out.push('', 'lineage up (where it came from):', formatTree(d.up, 'up'));
  out.push('', 'lineage down (what came of it):', formatTree(d.down, 'down'));
  return terminalText(out.join('\n'));
}
