import { describe, expect, it } from 'vitest';
import { corpusOptions as opts } from '../support/corpus.js';
import { mkdirSync, openSync, readFileSync, readdirSync, readSync, closeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CorpusError, ingestCorpus, listCorpusFiles, type PassageMeta } from '../../src/corpus/ingest.js';
import { firstInvalidUtf8, Utf8Validator } from '../../src/corpus/utf8.js';
import { readLines } from '../../src/corpus/read.js';
import { stepRng } from '../../src/engine/rng.js';
import { REPO } from '../support/paths.js';
import { tempDir } from '../support/tmp.js';


/** A distinct, readable passage of about n characters. */
function passage(tag: string, n = 1500): string {
  const rng = stepRng(3, 'passage', tag);
  const vocab = 'river stone lamp orchard signal harbor ledger pigeon lantern meadow copper engine thistle window barley compass'.split(' ');
  const out: string[] = [];
  while (out.join(' ').length < n) out.push(`${tag} ${Array.from({ length: 12 }, () => vocab[rng.int(0, vocab.length - 1)]).join(' ')}.`);
  return out.join(' ');
}

function bytesAt(file: string, offset: number, length: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, offset);
    return buf;
  } finally {
    closeSync(fd);
  }
}

async function errorOf(p: Promise<unknown>): Promise<CorpusError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(CorpusError);
    return e as CorpusError;
  }
  throw new Error('expected a CorpusError');
}

// The case on the real CNN articles (research use only) is in tests/shared-data/backtranslation/ingest.test.ts.
describe('corpus ingestion', () => {
  it('reads the shipped corpus: 34 passages, the same as its documented split, each pointing into its file', async () => {
    const r = await ingestCorpus(opts(['seeds/corpus']), REPO);
    expect(r.accepted).toBe(34);
    expect(r.passages.every((p) => p.status === 'accepted')).toBe(true);
    const dir = join(REPO, 'seeds', 'corpus');
    const expected: string[] = [];
    for (const name of readdirSync(dir).sort()) {
      const raw = readFileSync(join(dir, name), 'utf8');
      if (name.endsWith('.md')) expected.push(...raw.split(/\n\s*\n---\s*\n/).map((s) => s.trim()).filter(Boolean));
      else for (const line of raw.split('\n')) if (line.trim()) expected.push(JSON.parse(line).text);
    }
    expect(r.passages.map((p) => p.text)).toEqual(expected);
    for (const p of r.passages) {
      const m = p.meta as PassageMeta;
      const file = join(REPO, m.file);
      const src = bytesAt(file, m.offset, m.length).toString('utf8');
      if (m.file.endsWith('.md')) expect(src).toBe(p.text);
      else {
        expect(m.field).toBe('text');
        expect(String(m.record_id)).toMatch(/^passage-\d+$/);
        expect((JSON.parse(src).text as string).slice(m.start, m.end)).toBe(p.text);
      }
    }
  });

  it('takes empty and blank files in its stride and reads folders recursively in name order', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'b', 'deeper'), { recursive: true });
    writeFileSync(join(dir, 'a-empty.txt'), '');
    writeFileSync(join(dir, 'a-blank.md'), '\n\n   \n\t\n');
    writeFileSync(join(dir, 'a-empty.jsonl'), '\n\n');
    writeFileSync(join(dir, 'b', 'deeper', 'z.txt'), passage('deep'));
    writeFileSync(join(dir, 'b', 'first.md'), passage('first'));
    writeFileSync(join(dir, 'b', 'notes.csv'), 'not,a,corpus\n');
    writeFileSync(join(dir, '.hidden.txt'), passage('hidden'));
    expect(listCorpusFiles([dir], '/').map((f) => f.shown.slice(dir.length + 1))).toEqual(['a-blank.md', 'a-empty.jsonl', 'a-empty.txt', 'b/deeper/z.txt', 'b/first.md']);
    const r = await ingestCorpus(opts([dir]), '/');
    expect(r.files.map((f) => [f.file.slice(dir.length + 1), f.accepted])).toEqual([
      ['a-blank.md', 0],
      ['a-empty.jsonl', 0],
      ['a-empty.txt', 0],
      ['b/deeper/z.txt', 1],
      ['b/first.md', 1],
    ]);
    expect(r.passages.map((p) => p.text.split(' ')[0])).toEqual(['deep', 'first']);
  });

  it('names the path and key for a missing path or an unsupported file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'data.csv'), 'x');
    expect((await errorOf(ingestCorpus(opts(['seeds/corpus', join(dir, 'nope')]), REPO))).message).toBe(`${join(dir, 'nope')}: key "params.corpus.paths.1": no such file or folder`);
    expect((await errorOf(ingestCorpus(opts([join(dir, 'data.csv')]), REPO))).message).toMatch(/data\.csv: key "params\.corpus\.paths\.0": unsupported file type "\.csv"/);
  });

  it('stops with one error naming the file, line and byte of invalid UTF-8', async () => {
    const dir = tempDir();
    const good = passage('good');
    const bad = Buffer.concat([Buffer.from(`${passage('one')}\n\nCaf`), Buffer.from([0xe9]), Buffer.from(` au lait.\n${passage('two')}\n`)]);
    writeFileSync(join(dir, 'a.txt'), good);
    writeFileSync(join(dir, 'latin1.txt'), bad);
    const e = await errorOf(ingestCorpus(opts([dir]), '/'));
    const at = bad.indexOf(0xe9);
    expect(e.message).toMatch(new RegExp(`latin1\\.txt:3: not valid UTF-8 \\(first bad byte at offset ${at}\\).*on_invalid_utf8: skip`));
    expect(e.line).toBe(3);
  });

  it('with on_invalid_utf8: skip, leaves the file out and records it as one rejected row', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.txt'), passage('good'));
    const bad = Buffer.concat([Buffer.from(passage('one') + '\n'), Buffer.from([0xc3, 0x28]), Buffer.from('\n' + passage('two'))]);
    writeFileSync(join(dir, 'b.txt'), bad);
    writeFileSync(join(dir, 'c.jsonl'), JSON.stringify({ text: passage('three') }) + '\n');
    const r = await ingestCorpus(opts([dir], { onInvalidUtf8: 'skip' }), '/');
    expect(r.passages.map((p) => [p.status, p.reason ?? null, p.text.split(' ')[0]])).toEqual([
      ['accepted', null, 'good'],
      ['rejected', 'invalid-utf8', ''],
      ['accepted', null, 'three'],
    ]);
    expect(r.passages[1]!.meta).toMatchObject({ line: 2, offset: bad.indexOf(0xc3) });
    expect(r.files[1]!.skipped).toMatch(/not valid UTF-8 \(line 2/);
  });

  it('validates UTF-8 exactly: overlongs, surrogates, truncation and code points above U+10FFFF are invalid', () => {
    const ok = Buffer.from('plain, café, 日本, 😀', 'utf8');
    expect(firstInvalidUtf8(ok)).toBe(-1);
    for (const bad of [[0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf0, 0x9f, 0x98], [0x80], [0xff]]) {
      expect(firstInvalidUtf8(Buffer.from([0x41, ...bad])), bad.join(',')).toBe(1);
      expect(Buffer.from([0x41, ...bad]).toString('utf8')).toContain('\ufffd');
    }
    // Fed across chunk boundaries, a sequence split in two is still valid.
    const v = new Utf8Validator();
    const smile = Buffer.from('a😀b\nc', 'utf8');
    expect(v.feed(smile.subarray(0, 3))).toBeNull();
    expect(v.feed(smile.subarray(3))).toBeNull();
    expect(v.end()).toBeNull();
    expect(v.line).toBe(2);
  });

  it('skips a BOM, strips CR line ends, and keeps byte offsets after multi-byte characters', async () => {
    const dir = tempDir();
    const a = passage('Ünïcödé', 1200);
    const b = passage('second', 1200);
    const file = join(dir, 'crlf.md');
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${a}\r\n\r\n---\r\n${b}\r\n`)]));
    const r = await ingestCorpus(opts([file]), '/');
    expect(r.passages.map((p) => p.text)).toEqual([a, b]);
    const [m1, m2] = r.passages.map((p) => p.meta as PassageMeta);
    expect(m1!.offset).toBe(3);
    expect(bytesAt(file, m1!.offset, m1!.length).toString('utf8')).toBe(a);
    expect(bytesAt(file, m2!.offset, m2!.length).toString('utf8')).toBe(b);
    expect(m2!.line).toBe(4);
  });

  it('JSONL: a configurable text field, record ids, and one clear error per bad line', async () => {
    const dir = tempDir();
    const file = join(dir, 'r.jsonl');
    writeFileSync(file, [JSON.stringify({ key: 'r1', body: passage('body') }), '', JSON.stringify({ key: 7, body: '' })].join('\n'));
    const r = await ingestCorpus(opts([file], { textField: 'body', idField: 'key' }), '/');
    expect(r.accepted).toBe(1);
    expect(r.passages[0]!.meta).toMatchObject({ line: 1, offset: 0, field: 'body', record_id: 'r1', start: 0 });

    const cases: [string, string][] = [
      [`${JSON.stringify({ text: passage('x') })}\n{"text": "unterminated\n`, 'r.jsonl:2: invalid JSON'],
      [`${JSON.stringify({ id: 1 })}\n`, 'r.jsonl:1: key "text": expected a string, got nothing (key is missing)'],
      [`${JSON.stringify({ text: 12 })}\n`, 'r.jsonl:1: key "text": expected a string, got a number'],
      [`["a list"]\n`, 'r.jsonl:1: expected a JSON object per line, got an array'],
    ];
    for (const [content, message] of cases) {
      writeFileSync(file, content);
      const e = await errorOf(ingestCorpus(opts([file]), '/'));
      expect(e.message.slice(dir.length + 1)).toContain(message);
    }
  });

  it('removes exact duplicates (after normalising case and spaces) and near duplicates, naming the passage they repeat', async () => {
    const dir = tempDir();
    const a = passage('alpha');
    const b = passage('beta');
    const nearA = a.replace(/lantern/g, 'candle');
    const doc = [a, b, `  ${a.toUpperCase().replace(/ /g, '  ')}`, nearA].join('\n\n---\n\n');
    writeFileSync(join(dir, 'd.md'), doc);
    const r = await ingestCorpus(opts([dir]), '/');
    expect(r.passages.map((p) => [p.status, p.reason ?? null, p.duplicateOf ?? null])).toEqual([
      ['accepted', null, null],
      ['accepted', null, null],
      ['rejected', 'exact-duplicate', 0],
      ['rejected', 'near-duplicate', 0],
    ]);
    const near = r.passages[3]!.verdicts.find((v) => v.filter === 'near-duplicate')!;
    expect(near.score).toBeGreaterThan(0.7);
    expect(near.score).toBeLessThan(1);
    // With the near-duplicate check off, only the exact one goes.
    const off = await ingestCorpus(opts([dir], { nearDupThreshold: 1 }), '/');
    expect(off.passages.map((p) => p.reason ?? null)).toEqual([null, null, 'exact-duplicate', null]);
  });

  it('rejects passages with a very short line (the reimplementation rule) unless turned off', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 's.md'), `${passage('top', 700)}\nok\n${passage('bottom', 700)}`);
    expect((await ingestCorpus(opts([dir]), '/')).passages.map((p) => p.reason)).toEqual(['short-line']);
    expect((await ingestCorpus(opts([dir], { minLineChars: 0 }), '/')).accepted).toBe(1);
  });

  it('streams a huge file: stops reading at the passage limit, and cuts an endless line within bounds', async () => {
    const dir = tempDir();
    const file = join(dir, 'huge.txt');
    const paras: string[] = [];
    for (let i = 0, size = 0; size < 6_000_000; i++) {
      const p = passage(`p${i}`, 400 + ((i * 37) % 900));
      paras.push(p);
      size += p.length + 2;
    }
    writeFileSync(file, paras.join('\n\n'));
    const limited = await ingestCorpus(opts([file], { limit: 5 }), '/');
    expect(limited.accepted).toBe(5);
    expect(limited.reachedLimit).toBe(true);
    expect(limited.files[0]!.bytes).toBeGreaterThan(6_000_000);
    expect(limited.files[0]!.bytesRead).toBeLessThan(200_000);

    const whole = await ingestCorpus(opts([file], { nearDupThreshold: 1 }), '/');
    expect(whole.files[0]!.bytesRead).toBe(whole.files[0]!.bytes);
    expect(whole.accepted).toBeGreaterThan(3000);
    for (const p of whole.passages.slice(0, 50)) {
      const m = p.meta as PassageMeta;
      expect(bytesAt(file, m.offset, m.length).toString('utf8')).toBe(p.text);
    }

    // One 3 MB line with no line break: read in pieces, never whole.
    const line = join(dir, 'line.txt');
    const long = paras.slice(0, 3000).join(' ');
    writeFileSync(line, long);
    let maxPiece = 0;
    for await (const l of readLines(line, { maxLineBytes: 64 * 1024, onLongLine: 'split' })) maxPiece = Math.max(maxPiece, l.bytes);
    expect(maxPiece).toBeLessThanOrEqual(64 * 1024);
    const r = await ingestCorpus(opts([line], { nearDupThreshold: 1 }), '/');
    for (const p of r.passages) expect(p.text.length).toBeLessThanOrEqual(2200);
    expect(r.passages.map((p) => p.text).join(' ').split(/\s+/)).toEqual(long.split(/\s+/));
    const m = r.passages[100]!.meta as PassageMeta;
    expect(bytesAt(line, m.offset, m.length).toString('utf8')).toBe(r.passages[100]!.text);
  });
});
