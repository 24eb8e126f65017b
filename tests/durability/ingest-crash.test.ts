import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stepRng, type Rng } from '../../src/engine/rng.js';
import { INGEST_WAVE_PASSAGES } from '../../src/methods/backtranslation/waves.js';
import { openDb } from '../../src/store/db.js';
import { spawnCli } from '../support/child.js';
import { tempDir } from '../support/tmp.js';

/**
 * Crash safety of a multi-wave ingest: the backtranslation CLI killed with SIGKILL at random
 * moments while it stores a corpus of several ingest waves, and started again each time, ends
 * with exactly the passages of an uninterrupted run (texts, order, waves, verdicts, duplicate
 * links); after every kill the database holds whole waves only.
 */

/** Made-up prose, with exact duplicates (changed in case and spacing) of passages many waves back, and too-short ones. */
function writeCorpus(dir: string, rng: Rng): void {
  mkdirSync(dir, { recursive: true });
  const syl = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'po', 'ven', 'dar', 'el', 'ost', 'qua', 'bel', 'tor', 'sa', 'fen'];
  const word = () => Array.from({ length: rng.int(1, 3) }, () => syl[rng.int(0, syl.length - 1)]).join('');
  const sentence = () => {
    const w = Array.from({ length: rng.int(6, 16) }, word).join(' ');
    return w[0]!.toUpperCase() + w.slice(1) + '.';
  };
  const paragraph = () => Array.from({ length: rng.int(3, 6) }, sentence).join(' ');
  const earlier: string[] = [];
  const next = () => {
    const r = rng.float();
    if (r < 0.04 && earlier.length > 100) return earlier[rng.int(0, 100)]!.toUpperCase().replace(/ /g, '  ');
    if (r < 0.07) return sentence();
    const p = paragraph();
    earlier.push(p);
    return p;
  };
  for (let f = 0; f < 6; f++) {
    const jsonl = f % 3 === 2;
    const parts: string[] = [];
    for (let i = 0; i < 4200; i++) parts.push(jsonl ? JSON.stringify({ id: `${f}-${i}`, text: next() }) + '\n' : next() + '\n\n');
    writeFileSync(join(dir, `part-${f}.${jsonl ? 'jsonl' : 'md'}`), parts.join(''));
  }
}

const cliArgs = (corpus: string, db: string) => [
  'run', 'pipelines/backtranslation.yaml', '--teacher', 'sim', '--db', db, '--target', '1000000', '--name', 'ingest-crash',
  '--set', `params.corpus.paths=[${corpus}]`, '--set', 'params.corpus.min_chars=200', '--set', 'params.corpus.max_chars=700',
  '--set', 'params.corpus.near_dup_threshold=1', '--set', 'budget.max_calls=1',
];

/** The run's passages as comparable rows, sample ids replaced by their rank among the passages (ids of two databases may differ). */
function passagesOf(dbPath: string): unknown[] {
  const db = openDb(dbPath, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT s.id, s.wave, s.output, s.status, s.reason, s.content_hash, s.meta_json,
           (SELECT json_group_array(json_array(v.filter, v.passed, v.score, v.detail_json)) FROM (SELECT * FROM verdicts WHERE sample_id = s.id ORDER BY id) v) AS verdicts,
           (SELECT json_group_array(json_array(l.parent_id, l.relation)) FROM lineage l WHERE l.child_id = s.id) AS parents
         FROM samples s WHERE s.kind = 'passage' ORDER BY s.id`,
      )
      .all() as { id: number; verdicts: string; parents: string }[];
    const rank = new Map(rows.map((r, i) => [r.id, i]));
    return rows.map(({ id: _, verdicts, parents, ...r }) => ({
      ...r,
      verdicts: (JSON.parse(verdicts) as [string, number, number | null, string | null][]).map(([f, p, s, d]) => {
        const detail = d === null ? null : (JSON.parse(d) as Record<string, unknown>);
        if (detail && typeof detail.duplicate_of === 'number') detail.duplicate_of = rank.get(detail.duplicate_of) ?? `missing ${detail.duplicate_of}`;
        return [f, p, s, detail];
      }),
      parents: (JSON.parse(parents) as [number, string][]).map(([id, rel]) => [rank.get(id) ?? `missing ${id}`, rel]),
    }));
  } finally {
    db.close();
  }
}

/** What a killed session left: whole ingest waves only, each with its mark, and the passages the last mark counts. */
function checkWhole(dbPath: string): { ingestWaves: number; passages: number } {
  const db = openDb(dbPath, { readonly: true });
  try {
    const unmarked = db.prepare(`SELECT COUNT(*) FROM samples s WHERE NOT EXISTS (SELECT 1 FROM waves w WHERE w.run_id = s.run_id AND w.wave = s.wave)`).pluck().get() as number;
    expect(unmarked, 'samples of a wave that has no completion mark').toBe(0);
    const waves = db.prepare(`SELECT wave, state_json FROM waves WHERE stage = 'ingest' ORDER BY wave`).all() as { wave: number; state_json: string }[];
    const perWave = db.prepare(`SELECT wave, COUNT(*) AS n FROM samples WHERE kind = 'passage' GROUP BY wave ORDER BY wave`).all() as { wave: number; n: number }[];
    expect(perWave.map((w) => w.wave)).toEqual(waves.map((w) => w.wave));
    const passages = perWave.reduce((n, w) => n + w.n, 0);
    const last = waves.at(-1);
    const through = last ? (JSON.parse(last.state_json) as { through?: number }).through : 0;
    // An earlier wave's mark counts the passages stored so far; the last one's is the corpus summary.
    if (through !== undefined) expect(passages).toBe(through);
    const dangling = db.prepare(`SELECT COUNT(*) FROM lineage l WHERE NOT EXISTS (SELECT 1 FROM samples p WHERE p.id = l.parent_id)`).pluck().get() as number;
    expect(dangling).toBe(0);
    return { ingestWaves: waves.length, passages };
  } finally {
    db.close();
  }
}

describe('crash safety of a multi-wave ingest', () => {
  it('SIGKILLs at random moments of a several-wave ingest, then a resume: the passages of an uninterrupted run, never half a wave', async () => {
    const dir = tempDir();
    const corpus = join(dir, 'corpus');
    writeCorpus(corpus, stepRng(11, 'ingest-crash-corpus'));

    const ref = join(dir, 'ref.db');
    const first = spawnCli(cliArgs(corpus, ref));
    await first.waitFor(/new run/);
    const startedAt = Date.now();
    const done = await first.exited;
    // How long the ingest takes on this machine: the kills below land inside it, whatever its speed.
    const ingestMs = Math.max(200, Date.now() - startedAt);
    // 3: paused at the budget (max_calls 1), at the first call after ingestion.
    expect(done.code, first.stderr()).toBe(3);
    const reference = passagesOf(ref);
    const whole = checkWhole(ref);
    expect(whole.ingestWaves).toBeGreaterThanOrEqual(5);
    expect(reference.length).toBeGreaterThan(4 * INGEST_WAVE_PASSAGES);
    const reasons = new Set(reference.map((r) => (r as { reason: string | null }).reason));
    expect(reasons).toEqual(new Set([null, 'length', 'exact-duplicate']));

    const db = join(dir, 'crash.db');
    const rng = stepRng(7, 'ingest-kill-delays');
    let kills = 0;
    let midIngest = 0;
    let ended = false;
    for (let attempt = 0; attempt < 14 && !ended; attempt++) {
      const child = spawnCli(cliArgs(corpus, db));
      await child.waitFor(/(new|resuming) run/);
      // Somewhere in what is left of the ingest (the waves already stored are not read again).
      const left = 1 - checkWhole(db).ingestWaves / whole.ingestWaves;
      await new Promise((r) => setTimeout(r, rng.int(0, Math.max(50, Math.round(ingestMs * left * 0.9)))));
      if (child.proc.exitCode === null) child.proc.kill('SIGKILL');
      const { signal, code } = await child.exited;
      if (signal === 'SIGKILL') {
        kills++;
        const left = checkWhole(db);
        if (left.ingestWaves > 0 && left.ingestWaves < whole.ingestWaves) midIngest++;
      } else {
        expect(code, child.stderr()).toBe(3);
        ended = true;
      }
    }
    if (!ended) {
      const last = spawnCli(cliArgs(corpus, db));
      const { code } = await last.exited;
      expect(code, last.stderr()).toBe(3);
    }
    expect(kills).toBeGreaterThanOrEqual(8);
    // Kills landed between ingest waves, not only before the first or after the last.
    expect(midIngest).toBeGreaterThanOrEqual(3);
    expect(checkWhole(db)).toEqual(whole);
    expect(passagesOf(db)).toEqual(reference);
    console.info(`ingest crash test: ${kills} SIGKILLs, ${midIngest} between ingest waves; ${reference.length} passages in ${whole.ingestWaves} ingest waves`);
  }, 90_000);
});
