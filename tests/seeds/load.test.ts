import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SeedFormatError, loadSeedTasks, parseSeedTasks, type SeedTask } from '../../src/seeds/load.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const selfInstructPath = path.resolve(repoRoot, 'tests', 'data', 'self_instruct_seed_tasks.jsonl');
const ourPath = path.resolve(repoRoot, 'seeds', 'tasks.jsonl');

/** The Alpaca blocklist (Self-Instruct's 13 + 5), matched as whole words, case-insensitive. */
const BLOCKLIST = [
  'image', 'images', 'graph', 'graphs', 'picture', 'pictures', 'file', 'files', 'map', 'maps', 'draw', 'plot',
  'go to', 'video', 'audio', 'music', 'flowchart', 'diagram',
];

/** ROUGE-L F as methods.md section 0 describes it (rouge_score tokenizer, no stemming). */
function rougeTokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(/\s+/)
    .filter((t) => /^[a-z0-9]+$/.test(t));
}
function rougeLF(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let prev = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const cur = [0];
    for (let j = 0; j < b.length; j++) {
      cur.push(x === b[j] ? (prev[j] ?? 0) + 1 : Math.max(prev[j + 1] ?? 0, cur[j] ?? 0));
    }
    prev = cur;
  }
  const lcs = prev[b.length] ?? 0;
  if (lcs === 0) return 0;
  const p = lcs / a.length;
  const r = lcs / b.length;
  return (2 * p * r) / (p + r);
}

const words = (s: string): number => (s.trim() === '' ? 0 : s.trim().split(/\s+/).length);

/** Run `fn`, expect a SeedFormatError, return it. */
function seedError(fn: () => unknown): SeedFormatError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SeedFormatError);
    return err as SeedFormatError;
  }
  throw new Error('expected a SeedFormatError, nothing was thrown');
}

const ok = (over: Record<string, unknown> = {}): string =>
  JSON.stringify({
    id: 'dst-9001',
    category: 'qa',
    instruction: 'Name the largest planet in the solar system.',
    input: '',
    output: 'Jupiter',
    is_classification: false,
    ...over,
  });

describe('Self-Instruct seed_tasks.jsonl', () => {
  const tasks = loadSeedTasks(selfInstructPath);

  it('has the published composition', () => {
    expect(tasks).toHaveLength(175);
    expect(tasks.filter((t) => t.isClassification)).toHaveLength(26);
    expect(tasks.every((t) => t.instances.length === 1)).toBe(true);
    expect(tasks.filter((t) => t.instances[0]?.input === '')).toHaveLength(50);
  });

  it('normalises to SeedTask', () => {
    const first = tasks[0] as SeedTask;
    expect(first.id).toBe('seed_task_0');
    expect(first.instruction).toMatch(/breakfast/);
    expect(first.category).toBeUndefined();
    expect(new Set(tasks.map((t) => t.id)).size).toBe(175);
  });
});

describe('seeds/tasks.jsonl (our pool)', () => {
  const tasks = loadSeedTasks(ourPath);

  it('has at least 120 tasks with the intended mix', () => {
    expect(tasks.length).toBeGreaterThanOrEqual(120);
    const clf = tasks.filter((t) => t.isClassification).length;
    expect(clf).toBeGreaterThanOrEqual(25);
    expect(clf).toBeLessThanOrEqual(30);
    const withInput = tasks.filter((t) => (t.instances[0]?.input ?? '') !== '').length;
    expect(withInput).toBeGreaterThanOrEqual(35);
    expect(withInput).toBeLessThanOrEqual(50);
  });

  it('has unique ids in the dst-NNNN form and a category on every task', () => {
    expect(new Set(tasks.map((t) => t.id)).size).toBe(tasks.length);
    for (const t of tasks) {
      expect(t.id).toMatch(/^dst-\d{4}$/);
      expect(t.category).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(t.instances).toHaveLength(1);
    }
  });

  it('passes the instruction filters of Self-Instruct and Alpaca', () => {
    for (const t of tasks) {
      const instr = t.instruction;
      for (const w of BLOCKLIST) {
        expect(new RegExp(`\\b${w}\\b`, 'i').test(instr), `${t.id} contains "${w}": ${instr}`).toBe(false);
      }
      expect(instr.startsWith('Write a program'), t.id).toBe(false);
      expect(instr, t.id).toMatch(/^[A-Za-z0-9]/);
      expect(words(instr), t.id).toBeGreaterThan(3);
      expect(words(instr), t.id).toBeLessThanOrEqual(150);
    }
  });

  it('has concise outputs, short classification labels and no placeholder inputs', () => {
    for (const t of tasks) {
      const inst = t.instances[0];
      expect(inst).toBeDefined();
      if (inst === undefined) continue;
      expect(words(inst.output), t.id).toBeLessThan(120);
      expect(words(inst.input), t.id).toBeLessThanOrEqual(100);
      expect(inst.input, t.id).not.toMatch(/<[a-z ]+>|\[[A-Z][A-Z ]+\]/);
      expect(inst.input, t.id).not.toMatch(/lorem ipsum|placeholder/i);
      if (t.isClassification) expect(words(inst.output), t.id).toBeLessThanOrEqual(3);
    }
  });

  it('has no near-duplicate instructions (ROUGE-L F <= 0.5 for every pair)', () => {
    const toks = tasks.map((t) => rougeTokens(t.instruction));
    let worst = 0;
    let worstPair = '';
    for (let i = 0; i < toks.length; i++) {
      for (let j = i + 1; j < toks.length; j++) {
        const f = rougeLF(toks[i] ?? [], toks[j] ?? []);
        if (f > worst) {
          worst = f;
          worstPair = `${tasks[i]?.id} / ${tasks[j]?.id}`;
        }
      }
    }
    expect(worst, worstPair).toBeLessThanOrEqual(0.5);
  });

  it('varies its opening words', () => {
    const counts = new Map<string, number>();
    for (const t of tasks) {
      const w = (t.instruction.split(/\s+/)[0] ?? '').toLowerCase();
      counts.set(w, (counts.get(w) ?? 0) + 1);
    }
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(8);
    expect(counts.size).toBeGreaterThanOrEqual(60);
  });
});

describe('parseSeedTasks', () => {
  it('reads both formats in one text, skips blank lines and handles CRLF and a BOM', () => {
    const si = JSON.stringify({
      id: 'seed_task_x',
      name: 'capital',
      instruction: 'What is the capital of Peru?',
      instances: [{ input: '', output: 'Lima' }],
      is_classification: false,
    });
    const tasks = parseSeedTasks(`\uFEFF${ok()}\r\n\r\n   \r\n${si}\r\n`, 'mixed.jsonl');
    expect(tasks).toEqual([
      {
        id: 'dst-9001',
        instruction: 'Name the largest planet in the solar system.',
        instances: [{ input: '', output: 'Jupiter' }],
        isClassification: false,
        category: 'qa',
      },
      {
        id: 'seed_task_x',
        instruction: 'What is the capital of Peru?',
        instances: [{ input: '', output: 'Lima' }],
        isClassification: false,
      },
    ]);
  });

  it('keeps every Self-Instruct instance', () => {
    const si = JSON.stringify({
      id: 'multi',
      name: 'n',
      instruction: 'Give the plural of the noun.',
      instances: [
        { input: 'mouse', output: 'mice' },
        { input: 'leaf', output: 'leaves' },
      ],
      is_classification: false,
    });
    expect(parseSeedTasks(si, 'x.jsonl')[0]?.instances).toHaveLength(2);
  });

  it('names the line of invalid JSON (counting blank lines)', () => {
    const e = seedError(() => parseSeedTasks(`${ok()}\n\n{"id": "dst-9002", "instruction": `, 'seeds/x.jsonl'));
    expect(e.file).toBe('seeds/x.jsonl');
    expect(e.line).toBe(3);
    expect(e.key).toBeUndefined();
    expect(e.message).toMatch(/^seeds\/x\.jsonl:3: invalid JSON/);
  });

  it('names a missing key', () => {
    const line = JSON.parse(ok()) as Record<string, unknown>;
    delete line.instruction;
    const e = seedError(() => parseSeedTasks(`${ok({ id: 'a' })}\n${JSON.stringify(line)}`, 'seeds/x.jsonl'));
    expect(e.line).toBe(2);
    expect(e.key).toBe('instruction');
    expect(e.message).toMatch(/^seeds\/x\.jsonl:2: key "instruction": expected a non-empty string/);
    expect(e.message).toMatch(/missing/);
  });

  it('names a key with the wrong type', () => {
    const e = seedError(() => parseSeedTasks(ok({ is_classification: 'yes' }), 'seeds/x.jsonl'));
    expect(e.message).toBe('seeds/x.jsonl:1: key "is_classification": expected true or false, got a string');
    const e2 = seedError(() => parseSeedTasks(ok({ input: 42 }), 'seeds/x.jsonl'));
    expect(e2.key).toBe('input');
    expect(e2.message).toMatch(/^seeds\/x\.jsonl:1: key "input": expected a string/);
  });

  it('rejects an empty instruction', () => {
    const e = seedError(() => parseSeedTasks(ok({ instruction: '   ' }), 'seeds/x.jsonl'));
    expect(e.message).toBe('seeds/x.jsonl:1: key "instruction": expected a non-empty string, got an empty string');
  });

  it('rejects an unknown key in our format', () => {
    const e = seedError(() => parseSeedTasks(ok({ instrucion: 'typo' }), 'seeds/x.jsonl'));
    expect(e.key).toBe('instrucion');
    expect(e.message).toMatch(/^seeds\/x\.jsonl:1: key "instrucion": unexpected key/);
  });

  it('names a nested key in the Self-Instruct format', () => {
    const si = JSON.stringify({
      id: 'seed_task_y',
      name: 'n',
      instruction: 'Say hello.',
      instances: [{ input: '' }],
      is_classification: false,
    });
    const e = seedError(() => parseSeedTasks(si, 'data/seed_tasks.jsonl'));
    expect(e.key).toBe('instances[0].output');
    expect(e.message).toMatch(/^data\/seed_tasks\.jsonl:1: key "instances\[0\]\.output": expected a non-empty string/);
    const e2 = seedError(() => parseSeedTasks(si.replace('[{"input":""}]', '[]'), 'data/seed_tasks.jsonl'));
    expect(e2.key).toBe('instances');
    expect(e2.message).toMatch(/expected a non-empty array/);
  });

  it('rejects a line that is not an object', () => {
    const e = seedError(() => parseSeedTasks(`${ok()}\n["a", "b"]`, 'seeds/x.jsonl'));
    expect(e.line).toBe(2);
    expect(e.message).toBe('seeds/x.jsonl:2: expected a JSON object, got an array');
  });

  it('reports a duplicate id with both lines', () => {
    const e = seedError(() => parseSeedTasks(`${ok()}\n${ok({ id: 'dst-9002' })}\n\n${ok()}`, 'seeds/x.jsonl'));
    expect(e.line).toBe(4);
    expect(e.key).toBe('id');
    expect(e.message).toMatch(/^seeds\/x\.jsonl:4: key "id": duplicate id "dst-9001" \(already used on line 1\)/);
  });

  it('rejects an empty or blank-only text', () => {
    for (const text of ['', '\n', '  \n\t\n']) {
      const e = seedError(() => parseSeedTasks(text, 'seeds/empty.jsonl'));
      expect(e.file).toBe('seeds/empty.jsonl');
      expect(e.line).toBeUndefined();
      expect(e.message).toMatch(/^seeds\/empty\.jsonl: no seed tasks found/);
    }
  });
});

describe('loadSeedTasks', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'distillery-seeds-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the path it was given', () => {
    const p = path.join(dir, 'bad.jsonl');
    writeFileSync(p, `${ok()}\n${ok({ id: 'dst-9002', output: '' })}\n`);
    const e = seedError(() => loadSeedTasks(p));
    expect(e.file).toBe(p);
    expect(e.message).toBe(`${p}:2: key "output": expected a non-empty string, got an empty string`);
  });

  it('reports an empty and a missing path', () => {
    const p = path.join(dir, 'empty.jsonl');
    writeFileSync(p, '');
    expect(() => loadSeedTasks(p)).toThrow(SeedFormatError);
    const missing = seedError(() => loadSeedTasks(path.join(dir, 'nope.jsonl')));
    expect(missing.message).toMatch(/nope\.jsonl: cannot read seed tasks/);
  });
});
