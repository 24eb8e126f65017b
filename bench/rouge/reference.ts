import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REFERENCE_SCRIPT } from './corpus.js';

export interface ReferenceRun {
  n: number;
  kept: number;
  seconds: number;
  kept_ids_sha256: string;
}

/** Run ../shared/bench/rouge_reference.py on a list of texts (written to a temporary JSON list of strings). */
export function runReference(texts: readonly string[], opts: { threshold?: number; limit?: number } = {}): ReferenceRun {
  const dir = mkdtempSync(join(tmpdir(), 'rouge-bench-'));
  try {
    const file = join(dir, 'texts.json');
    writeFileSync(file, JSON.stringify(texts));
    const args = [REFERENCE_SCRIPT, file, '--threshold', String(opts.threshold ?? 0.7)];
    if (opts.limit) args.push('--limit', String(opts.limit));
    return JSON.parse(execFileSync('python3', args, { encoding: 'utf8', maxBuffer: 1 << 24 })) as ReferenceRun;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
