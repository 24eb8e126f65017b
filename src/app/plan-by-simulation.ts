import type { PipelineConfig } from './pipeline.js';
import { openPlanCopy } from '../store/plan-copy.js';
import { Store } from '../store/index.js';
import { getRunByName } from '../store/runs.js';
import { simulate } from '../teacher/sim/index.js';
import type { CallOptions, Teacher, TeacherRequest } from '../teacher/types.js';
import { expectedInFlight, requestTokens, type Plan, type PlanStage } from '../engine/plan.js';
import { executeRun } from './run.js';

export interface SimulationPlanInput {
  config: PipelineConfig;
  dbPath: string;
  provider: string;
  model: string;
  /** The real teacher's endpoint and key identity: the stand-in answers under them, so stored answers are found and a resume's endpoint check passes. */
  endpoint: string;
  keyIdentity: string;
  root: string;
}

/** The runs a play of this config reads whole: its own (to continue it) and one it takes its inputs from (Evol-Instruct's `params.inputs.from_run`). */
function runsRead(config: PipelineConfig): string[] {
  const fromRun = (config.params as { inputs?: { from_run?: string } } | undefined)?.inputs?.from_run;
  return fromRun ? [config.name, fromRun] : [config.name];
}

/**
 * A plan for any recipe: the run is played to its end on an in-memory copy of the database (the
 * runs it reads; other runs' answers are found in the file when asked: store/plan-copy.ts), with
 * the sim teacher answering in place of the real one under the real provider and model names, so
 * the journal keys are the real ones. Requests the journal answers count as cached; the rest are
 * what a real run would send, counted by stage with their prompt tokens (o200k_base) and max_tokens.
 * Counts follow the sim's acceptance rates, an assumption the plan states.
 */
export async function planBySimulation(input: SimulationPlanInput): Promise<Plan> {
  const copy = openPlanCopy(input.dbPath, runsRead(input.config));
  const store = new Store(copy.db, copy.answersElsewhere);
  try {
    const existing = getRunByName(store.db, input.config.name);
    // Answers stored before the plan; whatever is answered after them is what a real run would send.
    const answeredBefore = new Set((store.db.prepare(`SELECT id FROM calls WHERE status = 'ok'`).all() as { id: number }[]).map((r) => r.id));
    const stand_in: Teacher = {
      provider: input.provider,
      model: input.model,
      endpoint: input.endpoint,
      keyIdentity: input.keyIdentity,
      simulated: true,
      // The stand-in answers by declared stage, as the sim does: reworded templates plan the same.
      complete: async (r: TeacherRequest, o?: CallOptions) => simulate(r, o?.stage?.example),
    };
    // Cached requests count in the plan's tokens too (its cost counts only the share left to send).
    const cached = new Map<string, PlanStage>();
    const result = await executeRun({
      config: { ...input.config, budget: {} },
      configFile: null,
      dbPath: input.dbPath,
      root: input.root,
      env: {},
      progress: { wave: () => {} },
      teacher: stand_in,
      store,
      planning: true,
      onCall: (e) => {
        if (e.kind === 'wait' || e.kind === 'batch' || (e.source !== 'cached' && e.source !== 'reused')) return;
        tally(stageIn(cached, e.stage), e.request, true);
      },
    });
    const sent = (
      store.db
        .prepare(`SELECT id, wave, stage, request_json FROM calls WHERE run_id = ? AND status = 'ok' AND reused_from IS NULL ORDER BY id`)
        .all(result.run.id) as { id: number; wave: number; stage: string; request_json: string }[]
    ).filter((r) => !answeredBefore.has(r.id));
    // Stages in the order their first request was sent, then those only answered from storage.
    const byStage = new Map<string, PlanStage>();
    for (const row of sent) tally(stageIn(byStage, row.stage), JSON.parse(row.request_json) as TeacherRequest, false);
    for (const [stage, c] of cached) {
      const s = stageIn(byStage, stage);
      s.requests += c.requests;
      s.cached += c.cached;
      s.promptTokens += c.promptTokens;
      s.completionTokens += c.completionTokens;
    }
    return {
      run: input.config.name,
      method: input.config.method,
      model: input.model,
      existing: !!existing,
      progress: existing ? `run exists (status ${existing.status}); the plan continues it to its end` : `new run, target ${input.config.target}`,
      assumptions: [
        `requests were counted by playing the run to its end with the sim teacher standing in for answers not yet stored: the counts follow the sim's acceptance rates (${result.status}: ${result.detail})`,
        'completion tokens are each request\'s max_tokens, an upper bound',
      ],
      stages: [...byStage.values()],
      ...(sent.length > 0 ? { inFlight: playedInFlight(sent, input.config) } : {}),
    };
  } finally {
    store.close();
  }
}

function stageIn(stages: Map<string, PlanStage>, name: string): PlanStage {
  let s = stages.get(name);
  if (!s) stages.set(name, (s = { stage: name, requests: 0, cached: 0, promptTokens: 0, completionTokens: 0, completionIsBound: true }));
  return s;
}

/** One request of a stage: its prompt tokens and its max_tokens (the completion bound). */
function tally(s: PlanStage, request: TeacherRequest | undefined, fromStorage: boolean): void {
  s.requests++;
  if (fromStorage) s.cached++;
  if (!request) return;
  s.promptTokens += requestTokens(request);
  s.completionTokens += request.params.max_tokens ?? 1024;
}

/**
 * The requests in flight the played run suggests: its requests per wave, spread over the stages a
 * wave runs in series, times the waves in flight at once (`params.wave_depth`, 1 without it).
 */
function playedInFlight(sent: readonly { wave: number; stage: string }[], config: PipelineConfig): NonNullable<Plan['inFlight']> {
  const stagesOf = new Map<number, Set<string>>();
  for (const r of sent) stagesOf.set(r.wave, (stagesOf.get(r.wave) ?? new Set()).add(r.stage));
  const waves = stagesOf.size;
  const perWave = sent.length / waves;
  const stages = [...stagesOf.values()].reduce((n, s) => n + s.size, 0) / waves;
  const depth = (config.params as { wave_depth?: number } | undefined)?.wave_depth ?? 1;
  const concurrency = config.limits.concurrency;
  return {
    // A short run never has more in flight than it sends.
    expected: Math.min(sent.length, expectedInFlight(perWave, stages, depth, concurrency)),
    concurrency,
    basis: `the play's ${sent.length} requests over ${waves} waves, about ${stages.toFixed(1)} stages each in series, ${depth} wave(s) at once; a rough count`,
  };
}
