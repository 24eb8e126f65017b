/**
 * Live values from the reference implementation (rouge_reference.py, by default
 * ../shared/bench/rouge_reference.py: see data.ts), computed by python3 at test time so that a change
 * on either side makes the tests fail.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { referenceScript } from './data.js';

/** Run `body` (Python, with `ref` the reference module and `data` the JSON input) and parse what it prints. */
export function python<T>(body: string, data: unknown): T {
  const program = [
    'import importlib.util, json, sys',
    `spec = importlib.util.spec_from_file_location('rouge_reference', ${JSON.stringify(referenceScript())})`,
    'ref = importlib.util.module_from_spec(spec)',
    'spec.loader.exec_module(ref)',
    'data = json.load(sys.stdin)',
    body,
  ].join('\n');
  const out = execFileSync('python3', ['-c', program], { input: JSON.stringify(data), encoding: 'utf8', maxBuffer: 1 << 28 });
  return JSON.parse(out) as T;
}

export function referenceTokenize(texts: readonly string[]): string[][] {
  return python('print(json.dumps([ref.tokenize(t) for t in data]))', texts);
}

/** rouge_l_f(target, prediction) for each pair of texts, through the reference's tokenizer. */
export function referenceScores(pairs: readonly [string, string][]): number[] {
  return python('print(json.dumps([ref.rouge_l_f(ref.tokenize(a), ref.tokenize(b)) for a, b in data]))', pairs);
}

/** The reference script's own output on a list of texts, run as a script like the bench does. */
export function referenceDedup(texts: readonly string[], threshold: number): { n: number; kept: number; kept_ids_sha256: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rouge-ref-'));
  try {
    const file = join(dir, 'texts.json');
    writeFileSync(file, JSON.stringify(texts));
    const out = execFileSync('python3', [referenceScript(), file, '--threshold', String(threshold)], { encoding: 'utf8' });
    return JSON.parse(out) as { n: number; kept: number; kept_ids_sha256: string };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
