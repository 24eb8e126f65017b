import type { SelfInstructConfig } from './params.js';
import { buildRequest } from '../../engine/requests.js';
import { stageRequest } from '../../engine/stage.js';
import { expectedInFlight, requestTokens, type Plan, type PlanStage } from '../../engine/plan.js';
import type { PlanInput as RecipePlanInput } from '../../engine/recipe.js';
import { loadSeedTasks } from '../../seeds/load.js';
import { countStoredKeys, okCallsInWave, stageHistory, waveStateTotals } from '../../store/history.js';
import { keyRequests } from '../../teacher/key.js';
import { resolveAsset } from '../../util/paths.js';
import { isClassificationSeed } from '../../engine/seeds.js';
import { classificationPrompt, instancesPrompt, wavePrompts } from './prompts.js';
import { generateInstructions, loadSelfInstructTemplates } from './stages.js';

/** The recipe's plan input with this recipe's config; `defaultAcceptRate` is accepted instructions per prompt without history. */
export type PlanInput = Omit<RecipePlanInput, 'config'> & { config: SelfInstructConfig };

/**
 * What is left of a Self-Instruct run before any call: the next wave's prompts are rendered exactly
 * and looked up in the journal; later waves are extrapolated from this run's acceptance rate (or the
 * stated default) and its observed tokens per call (or max_tokens, an upper bound).
 */
export async function planSelfInstruct(input: PlanInput): Promise<Plan> {
  const { config, store, run } = input;
  const p = config.params;
  const templates = loadSelfInstructTemplates(input);
  const seeds = run
    ? store.samples.list(run.id, 'seed', 'accepted').map((s) => ({ instruction: s.instruction, clf: isClassificationSeed(s) }))
    : loadSeedTasks(resolveAsset(config.seeds.path, input.root))
        .slice(0, config.seeds.limit > 0 ? config.seeds.limit : undefined)
        .map((t) => ({ instruction: t.instruction, clf: t.isClassification }));
  // Only the demos the next wave draws are read: a 300K-instruction run's rows took hundreds of MB.
  const pool = run ? store.samples.textPool(run.id, 'instruction', 'accepted') : { length: 0, at: () => undefined };
  const machine = { length: pool.length, at: (i: number) => ({ instruction: pool.at(i)!.instruction, clf: false }) };
  const demoSeeds = p.classification_only ? seeds.filter((s) => s.clf) : seeds;
  const nextWave = run ? (store.waves.last(run.id)?.wave ?? 0) + 1 : 1;
  const assumptions: string[] = [];

  const history = run ? waveStateTotals(store.db, run.id, 'generate-instructions') : { waves: 0, totals: {} as Record<string, number> };
  const observedPrompts = history.waves * p.wave_size;
  let rate = input.defaultAcceptRate;
  if (observedPrompts > 0 && (history.totals.accepted ?? 0) > 0) {
    rate = (history.totals.accepted ?? 0) / observedPrompts;
    assumptions.push(`${rate.toFixed(2)} accepted instructions per prompt, as observed over this run's ${history.waves} waves`);
  } else {
    assumptions.push(`${rate} accepted instructions per prompt (no history yet; change with --accept-rate)`);
  }
  const remaining = Math.max(0, config.target - machine.length);
  const waves = remaining === 0 ? 0 : Math.ceil(remaining / Math.max(rate * p.wave_size, 1e-9));

  // The next wave exactly: its prompts, keys and what the journal already holds.
  const next = wavePrompts(config, templates.instructions, nextWave, demoSeeds, machine);
  // Built as the run builds them (the stage's request: chat-safe stops, structured form), so the keys match.
  const nextRequests = next.map((w) => stageRequest({ config }, input.model, { stage: generateInstructions, input: w, template: templates.instructions, sampling: p.generation }));
  const keyed = keyRequests(input.keyIdentity, nextRequests, (hash) => (run ? store.calls.earlierDraws(run.id, hash, nextWave) : 0), config.teacher.send_seed);
  const cachedNext = waves > 0 ? countStoredKeys(store.db, keyed.map((k) => k.key)) : 0;
  const sample = seeds[Math.floor(seeds.length / 2)]?.instruction ?? 'Describe a task.';
  const others = [
    buildRequest(config.teacher, input.model, classificationPrompt(templates.classify, sample), p.classify),
    buildRequest(config.teacher, input.model, instancesPrompt(templates.instancesGen, sample), p.instances),
    buildRequest(config.teacher, input.model, instancesPrompt(templates.instancesClf, sample), p.instances),
  ];
  // All counted at once, last: a counter in a worker (plan's) has loaded its tokenizer meanwhile.
  const counted = await (input.countTokens ?? ((rs) => Promise.resolve(rs.map(requestTokens))))([...nextRequests, ...others]);
  const genPromptTokens = avg(counted.slice(0, nextRequests.length));
  const [clfPromptTokens, genInstTokens, clfInstTokens] = counted.slice(nextRequests.length) as [number, number, number];
  const instPromptTokens = avg([genInstTokens, clfInstTokens]);

  const seen = run ? stageHistory(store.db, run.id) : new Map();
  const completion = (stage: string, maxTokens: number | undefined) => {
    const h = seen.get(stage);
    return h ? { tokens: h.avgCompletionTokens, bound: false } : { tokens: maxTokens ?? 256, bound: true };
  };
  const stage = (name: string, requests: number, cached: number, promptPer: number, maxTokens: number | undefined): PlanStage => {
    const c = completion(name, maxTokens);
    return { stage: name, requests, cached: Math.min(cached, requests), promptTokens: requests * promptPer, completionTokens: requests * c.tokens, completionIsBound: c.bound };
  };
  const unfinished = run ? okCallsInWave(store.db, run.id, nextWave) : new Map<string, number>();
  const progress = run
    ? `${machine.length} of ${config.target} instructions accepted over ${nextWave - 1} waves; ${remaining} to go`
    : `new run: ${config.target} instructions to accept from ${seeds.length} seed tasks`;
  // A wave: its prompts, then classification and instances of its accepted instructions.
  const perWave = p.wave_size * (1 + 2 * rate);
  const inFlight = {
    expected: expectedInFlight(perWave, 3, p.wave_depth, config.limits.concurrency),
    concurrency: config.limits.concurrency,
    basis: `${Math.round(perWave)} requests a wave over 3 stages in series, ${p.wave_depth} wave(s) at once (params.wave_size, params.wave_depth)`,
  };
  return {
    run: config.name,
    method: config.method,
    model: input.model,
    existing: !!run,
    progress,
    assumptions,
    inFlight,
    stages: [
      stage('generate-instructions', waves * p.wave_size, cachedNext, genPromptTokens, p.generation.max_tokens),
      stage('classify', remaining, unfinished.get('classify') ?? 0, clfPromptTokens, p.classify.max_tokens),
      stage('generate-instances', remaining, unfinished.get('generate-instances') ?? 0, instPromptTokens, p.instances.max_tokens),
    ],
  };
}

function avg(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}
