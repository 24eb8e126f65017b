import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parsePipeline } from '../../src/app/pipeline.js';
import type { ConfigOf, PipelineConfig } from '../../src/app/pipeline.js';
import { executeRun, type RunResult } from '../../src/app/run.js';
import { openDb } from '../../src/store/db.js';
import type { Teacher } from '../../src/teacher/types.js';
import { REPO } from './paths.js';

/** A shipped pipeline with overrides (dotted keys), validated like the CLI does. */
export function pipeline(file: string, overrides: Record<string, unknown>): PipelineConfig {
  const path = resolve(REPO, 'pipelines', file);
  return parsePipeline(readFileSync(path, 'utf8'), path, overrides);
}

/** The shipped Self-Instruct pipeline, typed as such. */
export function selfInstruct(overrides: Record<string, unknown>): ConfigOf<'self-instruct'> {
  const c = pipeline('self-instruct.yaml', overrides);
  if (c.method !== 'self-instruct') throw new Error('pipelines/self-instruct.yaml is not a self-instruct pipeline');
  return c;
}

export const quietProgress = { wave: () => {} };

export function run(config: PipelineConfig, dbPath: string, env: NodeJS.ProcessEnv = {}, extra: { teacher?: Teacher } = {}): Promise<RunResult> {
  return executeRun({ config, configFile: null, dbPath, root: REPO, env, progress: quietProgress, retryBaseMs: 1, ...extra });
}

/** The dataset of a run as comparable rows: every sample with its status and reason, in stored order. */
export function datasetOf(dbPath: string, runName: string): unknown[] {
  const db = openDb(dbPath, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT s.kind, s.wave, s.instruction, s.input, s.output, s.status, s.reason,
           (SELECT json_group_array(json_array(v.filter, v.passed, v.score)) FROM verdicts v WHERE v.sample_id = s.id) AS verdicts
         FROM samples s JOIN runs r ON r.id = s.run_id WHERE r.name = ? ORDER BY s.id`,
      )
      .all(runName);
  } finally {
    db.close();
  }
}

/** Every shipped pipeline with overrides that make it a small run (a few requests per wave). */
export const SMALL_SHIPPED: readonly [string, Record<string, unknown>][] = [
  ['self-instruct.yaml', { target: 6, 'params.wave_size': 4 }],
  ['alpaca.yaml', { target: 6, 'params.wave_size': 4 }],
  ['evol-instruct.yaml', { target: 1000, 'params.rounds': 1, 'params.inputs.limit': 4 }],
  ['backtranslation.yaml', { target: 4, 'params.wave_size': 4 }],
  ['self-chat.yaml', { target: 3, 'params.wave_size': 3 }],
  ['magpie.yaml', { target: 4, 'params.wave_size': 4 }],
  ['oss-instruct.yaml', { target: 4, 'params.wave_size': 4 }],
  ['unnatural.yaml', { target: 4, 'params.wave_size': 4, 'params.reformulations': 1 }],
  ['ultrachat.yaml', { target: 3, 'params.wave_size': 3 }],
];
