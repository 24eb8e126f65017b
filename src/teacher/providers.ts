/**
 * The provider registry: each backend declares its name, the teacher keys it reads (a zod schema),
 * its capabilities (modes and sampling parameters it accepts), and how it is built. A config is
 * checked against the capabilities before the first call, so a setting a backend cannot honour is
 * one clear error instead of a run of failed requests.
 */
import { z } from 'zod';
import { TeacherBlockSchema, type StageSampling, type TeacherConfig } from '../config/common.js';
import { OpenAITeacher } from './openai.js';
import { SIM_MODEL } from './sim/simulate.js';
import { SimTeacher } from './sim/sim-teacher.js';
import type { Teacher } from './types.js';
import { hasUrlCredentials, redactUrl } from '../util/redact.js';
import type { ServerProfile } from './profiles/catalog.js';
import { profileProblems, unsentParams } from './profiles/checks.js';
import { isOpenAIEndpoint, normaliseBaseUrl } from './profiles/endpoint.js';
import { EndpointPool } from './endpoints/pool.js';
import { leanFetch } from './http-fetch.js';
import type { RateState } from './endpoints/rate-headers.js';
import { resolveEndpoint, type EndpointConfig } from './profiles/resolve.js';
import { AnthropicTeacher } from './anthropic/teacher.js';
import { anthropicProblems, resolveAnthropic } from './anthropic/config.js';
import { MAX_STOP_SEQUENCES } from './anthropic/models.js';

export class TeacherSetupError extends Error {
  override name = 'TeacherSetupError';
}

export type SamplingKey = keyof StageSampling;

export interface ProviderCapabilities {
  modes: readonly TeacherConfig['mode'][];
  /** Sampling parameters it sends on; any other set in a stage is a config error. */
  params: readonly SamplingKey[];
  /** Most stop strings per request. */
  maxStop: number;
  /** Whether a request's `responseFormat` (a JSON Schema) reaches the server (default false); see `capabilitiesFor` for a config's. */
  structuredOutputs?: boolean;
  /** Whether batch mode (`teacher.batch`) can send through it: a batch API Distillery speaks (default false). */
  batch?: boolean;
}

export interface ProviderDecl<O = unknown> {
  readonly name: 'sim' | 'openai' | 'anthropic';
  /** The keys of the `teacher` block it reads. */
  readonly options: z.ZodType<O>;
  readonly capabilities: ProviderCapabilities;
  /** True when its answers are simulated, never a model's. */
  readonly simulated: boolean;
  /** The model name requests are addressed to. */
  model(options: O): string;
  /** The server profile requests follow (OpenAI-compatible providers only). */
  profile?(options: O, env: NodeJS.ProcessEnv): ServerProfile;
  /**
   * Who would answer and the identity its answers are keyed under, without building the backend
   * (`plan` needs no API key); the teacher it creates reports the same. Default: the provider name.
   */
  identity?(options: O, env: NodeJS.ProcessEnv): { endpoint: string; keyIdentity: string; openaiTokenizer: boolean };
  /** What the config asks that this backend refuses beyond its declared `params` and `modes` (e.g. a value out of its range). */
  problems?(teacher: CheckedTeacher, uses: readonly SamplingUse[]): CapabilityProblem[];
  /** Build the backend; the API key is read here and handed to the client only. */
  create(options: O, env: NodeJS.ProcessEnv): { teacher: Teacher; notice: string };
}

const ALL_PARAMS: readonly SamplingKey[] = ['temperature', 'top_p', 'max_tokens', 'stop', 'presence_penalty', 'frequency_penalty'];

// The keys it reads; the rest of the teacher block (provider, send_seed, system_prompt) is the engine's.
const OpenAIOptions = z.object(
  TeacherBlockSchema.pick({ model: true, mode: true, base_url: true, endpoints: true, api_key_env: true, timeout_seconds: true, server: true, endpoint_id: true, billing: true }).shape,
);

const openai: ProviderDecl<z.infer<typeof OpenAIOptions>> = {
  name: 'openai',
  options: OpenAIOptions,
  // The Chat Completions and legacy Completions APIs; OpenAI-compatible servers accept the same names.
  // What the client can send; each server's own rules are its profile's (profiles/catalog.ts), checked by capabilityProblems.
  capabilities: { modes: ['chat', 'completion'], params: ALL_PARAMS, maxStop: 4, structuredOutputs: true, batch: true },
  simulated: false,
  model: (o) => o.model,
  profile: (o, env) => resolveEndpoint(groupOf(o), env).profile,
  identity: (o, env) => {
    const r = resolveEndpoint(groupOf(o), env);
    return { endpoint: r.endpoint, keyIdentity: r.keyIdentity, openaiTokenizer: isOpenAIEndpoint(r.url) };
  },
  create(o, env) {
    const key = env[o.api_key_env];
    if (!key) throw new TeacherSetupError(`teacher "openai" needs an API key in $${o.api_key_env} (set it, or use --teacher sim)`);
    if (o.endpoints && o.base_url) throw new TeacherSetupError('teacher.endpoints and teacher.base_url are both set: list every replica in teacher.endpoints, or give one base_url');
    const resolved = resolveEndpoint(groupOf(o), env);
    const baseURL = resolved.baseURL;
    // fetch refuses a URL with credentials in it (every request would fail), and a URL is printed
    // and stored: refused before the first call, without repeating the password.
    if (hasUrlCredentials(baseURL)) {
      const where = o.base_url ? 'teacher.base_url' : '$OPENAI_BASE_URL';
      throw new TeacherSetupError(
        `${where} (${redactUrl(baseURL!)}) has a user name or password in it, which is never sent nor printed: remove it, and put the endpoint's key in $${o.api_key_env}`,
      );
    }
    const organization = env.OPENAI_ORG_ID || undefined;
    const project = env.OPENAI_PROJECT_ID || undefined;
    const { profile } = resolved;
    const unsent = unsentParams(profile);
    const notes = [
      `${o.mode} mode`,
      `rules of ${profile.title} (teacher.server ${o.server === 'auto' ? `auto: ${profile.name}` : profile.name})`,
      ...(o.endpoint_id ? [`endpoint id ${o.endpoint_id}`] : []),
      ...(unsent.length ? [`not sent: ${unsent.join(', ')}`] : []),
      ...(resolved.billed ? [] : ['calls priced at 0 (teacher.billing)']),
    ];
    // One keep-alive pool of sockets for every replica's client (see http-fetch.ts for why not undici's fetch).
    const fetch = leanFetch();
    const client = (url: string | undefined, onRateHeaders?: (s: RateState) => void) =>
      new OpenAITeacher({
        fetch,
        model: o.model,
        apiKey: key,
        baseURL: url,
        timeoutMs: o.timeout_seconds * 1000,
        organization,
        project,
        profile,
        endpoint: resolved.endpoint,
        keyIdentity: resolved.keyIdentity,
        billed: resolved.billed,
        ...(onRateHeaders ? { onRateHeaders } : {}),
      });
    if (o.endpoints) {
      for (const [i, e] of o.endpoints.entries()) {
        if (hasUrlCredentials(e.base_url)) throw new TeacherSetupError(`teacher.endpoints[${i}].base_url (${redactUrl(e.base_url)}) has a user name or password in it, which is never sent nor printed: remove it, and put the key in $${o.api_key_env}`);
      }
      const pool = buildPool(o.endpoints, client);
      const urls = o.endpoints.map((e) => `${redactUrl(e.base_url)}${e.weight !== 1 ? ` (weight ${e.weight})` : ''}`);
      return { teacher: pool, notice: `teacher: ${o.model} at ${o.endpoints.length} endpoints, ${urls.join(', ')}, keyed as ${resolved.endpoint} (${notes.join('; ')})` };
    }
    return {
      teacher: client(baseURL),
      notice: `teacher: ${o.model} at ${baseURL ? redactUrl(baseURL) : 'https://api.openai.com/v1'} (${notes.join('; ')})`,
    };
  },
};

/** The group's config for the key, profile and pricing: its first replica stands for it (replicas serve one model). */
function groupOf<T extends { base_url?: string | undefined; endpoints?: { base_url: string }[] | undefined }>(o: T): T {
  return o.endpoints && !o.base_url ? { ...o, base_url: o.endpoints[0]!.base_url } : o;
}

function buildPool(endpoints: readonly { base_url: string; weight: number }[], client: (url: string, onRateHeaders: (s: RateState) => void) => Teacher): EndpointPool {
  let pool: EndpointPool | undefined;
  const replicas = endpoints.map((e) => {
    const url = normaliseBaseUrl(e.base_url);
    return { url, weight: e.weight, teacher: client(e.base_url, (s) => pool?.observe(url, s)) };
  });
  pool = new EndpointPool(replicas, { maxConcurrency: 4096 });
  return pool;
}

const sim: ProviderDecl<Record<string, never>> = {
  name: 'sim',
  options: z.object({}).transform(() => ({})),
  capabilities: { modes: ['chat', 'completion'], params: ALL_PARAMS, maxStop: 4, structuredOutputs: false },
  simulated: true,
  model: () => SIM_MODEL,
  create: () => ({ teacher: new SimTeacher(), notice: "the offline sim teacher answers: its output is simulated placeholder text, not a model's." }),
};

const AnthropicOptions = z.object(
  TeacherBlockSchema.pick({ model: true, mode: true, base_url: true, api_key_env: true, timeout_seconds: true, endpoint_id: true, billing: true }).shape,
);

const anthropic: ProviderDecl<z.infer<typeof AnthropicOptions>> = {
  name: 'anthropic',
  options: AnthropicOptions,
  // The Messages API: chat only; no penalties, no seed (never sent), no structured outputs here; Message Batches for batch mode.
  capabilities: { modes: ['chat'], params: ['temperature', 'top_p', 'max_tokens', 'stop'], maxStop: MAX_STOP_SEQUENCES, structuredOutputs: false, batch: true },
  simulated: false,
  model: (o) => o.model,
  identity: (o, env) => {
    const r = resolveAnthropic(o, env);
    return { endpoint: r.endpoint, keyIdentity: r.keyIdentity, openaiTokenizer: false };
  },
  problems: (t, uses) => anthropicProblems(t, uses),
  create(o, env) {
    const key = env[o.api_key_env];
    if (!key) throw new TeacherSetupError(`teacher "anthropic" needs an API key in $${o.api_key_env} (set it, or use --teacher sim)`);
    const r = resolveAnthropic(o, env);
    if (hasUrlCredentials(r.baseURL)) {
      throw new TeacherSetupError(`${r.source} (${redactUrl(r.baseURL)}) has a user name or password in it, which is never sent nor printed: remove it, and put the key in $${o.api_key_env}`);
    }
    const notes = ['Messages API', 'not sent: seed', ...(o.endpoint_id ? [`endpoint id ${o.endpoint_id}`] : []), ...(r.billed ? [] : ['calls priced at 0 (teacher.billing)'])];
    const teacher = new AnthropicTeacher({
      fetch: leanFetch(), model: o.model, apiKey: key, baseURL: r.baseURL, timeoutMs: o.timeout_seconds * 1000, endpoint: r.endpoint, keyIdentity: r.keyIdentity, billed: r.billed,
    });
    return { teacher, notice: `teacher: ${o.model} at ${redactUrl(r.baseURL)} (${notes.join('; ')})` };
  },
};

export const PROVIDERS: Readonly<Record<ProviderDecl['name'], ProviderDecl>> = { openai: openai as ProviderDecl, sim: sim as ProviderDecl, anthropic: anthropic as ProviderDecl };

/** `auto` means the OpenAI-compatible endpoint when its key is in the environment, otherwise the sim. */
export function providerFor(cfg: TeacherConfig, env: NodeJS.ProcessEnv): ProviderDecl {
  const name = cfg.provider === 'auto' ? (env[cfg.api_key_env] ? 'openai' : 'sim') : cfg.provider;
  return PROVIDERS[name];
}

/**
 * Values that change nothing: a provider without the parameter takes them as unset (a recipe's
 * defaults cannot be unset, e.g. Self-Instruct's frequency_penalty 0), and they are never sent to it.
 */
const NEUTRAL: Partial<Record<SamplingKey, unknown>> = { presence_penalty: 0, frequency_penalty: 0 };

/** A stage's sampling as the config sets it, named for the error message (e.g. "params.generation"). */
export interface SamplingUse {
  key: string;
  sampling: StageSampling;
}

/** A setting the provider cannot honour: the config key, and why. */
export interface CapabilityProblem {
  key: string;
  message: string;
}

/** The teacher keys the checks read: the mode, and for OpenAI-compatible endpoints what picks the server profile. */
export type CheckedTeacher = Pick<TeacherConfig, 'mode'> & Partial<EndpointConfig> & { structured_outputs?: boolean; endpoints?: unknown; batch?: boolean };

/**
 * What the config asks that the provider cannot do, one entry each (empty when all is well): its
 * declared capabilities, then (given the teacher block and the environment) the server profile's
 * rules, e.g. completion mode against a chat-only server, top_p 0 with temperature > 0 on vLLM, too many stops.
 */
export function capabilityProblems(provider: ProviderDecl, teacher: TeacherConfig['mode'] | CheckedTeacher, uses: readonly SamplingUse[], env: NodeJS.ProcessEnv = {}): CapabilityProblem[] {
  const t: CheckedTeacher = typeof teacher === 'string' ? { mode: teacher } : teacher;
  const mode = t.mode;
  const caps = provider.capabilities;
  const who = `provider "${provider.name}"`;
  const problems: CapabilityProblem[] = [];
  if (!caps.modes.includes(mode)) problems.push({ key: 'teacher.mode', message: `${who} has no ${mode} mode (it has ${caps.modes.join(', ')})` });
  for (const u of uses) {
    for (const [k, v] of Object.entries(u.sampling)) {
      if (v === undefined) continue;
      if (caps.params.includes(k as SamplingKey) || NEUTRAL[k as SamplingKey] === v) continue;
      const neutral = NEUTRAL[k as SamplingKey];
      problems.push({ key: `${u.key}.${k}`, message: `${who} does not accept ${k}${neutral !== undefined ? ` (set it to ${neutral}, which changes nothing and is not sent)` : ''}` });
    }
    if ((u.sampling.stop?.length ?? 0) > caps.maxStop) problems.push({ key: `${u.key}.stop`, message: `${who} takes at most ${caps.maxStop} stop strings` });
  }
  if (provider.problems) {
    const known = new Set(problems.map((p) => p.key));
    for (const p of provider.problems(t, uses)) if (!known.has(p.key)) problems.push(p);
  }
  if (provider.profile && t.model !== undefined) {
    const cfg = { model: t.model, base_url: t.base_url, server: t.server, endpoint_id: t.endpoint_id, billing: t.billing };
    const known = new Set(problems.map((p) => p.key));
    const profile = provider.profile(cfg, env);
    for (const p of profileProblems(profile, { mode, model: t.model }, uses)) if (!known.has(p.key)) problems.push(p);
    if (t.structured_outputs && profile.structured === null) {
      problems.push({ key: 'teacher.structured_outputs', message: `${profile.title} has no structured outputs Distillery can send (set teacher.server to the server you run, or turn teacher.structured_outputs off)` });
    }
  }
  if (t.structured_outputs && caps.structuredOutputs === false && !provider.profile) {
    problems.push({ key: 'teacher.structured_outputs', message: `${who} has no structured outputs` });
  }
  if (t.batch && !caps.batch) problems.push({ key: 'teacher.batch', message: `${who} has no batch API that Distillery sends through (batch mode is for providers openai and anthropic)` });
  if (t.batch && caps.batch && t.endpoints) problems.push({ key: 'teacher.batch', message: 'batch mode submits jobs to one base_url; teacher.endpoints lists several replicas' });
  if (t.structured_outputs && mode === 'completion') problems.push({ key: 'teacher.structured_outputs', message: 'structured outputs are sent in chat mode only (teacher.mode is completion)' });
  return problems;
}

/** A config's capabilities, its server profile's included (e.g. whether structured outputs reach the server). */
export function capabilitiesFor(cfg: TeacherConfig, env: NodeJS.ProcessEnv): ProviderCapabilities & { profile?: ServerProfile } {
  const provider = providerFor(cfg, env);
  if (!provider.profile) return provider.capabilities;
  const profile = provider.profile(provider.options.parse(cfg), env);
  return { ...provider.capabilities, modes: profile.completion ? provider.capabilities.modes : ['chat'], structuredOutputs: profile.structured !== null, profile };
}
