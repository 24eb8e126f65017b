import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpusDir = path.join(repoRoot, 'seeds', 'corpus');

function passages(): { source: string; text: string }[] {
  const out: { source: string; text: string }[] = [];
  for (const name of readdirSync(corpusDir).sort()) {
    const raw = readFileSync(path.join(corpusDir, name), 'utf8');
    if (name.endsWith('.md')) {
      for (const p of raw.split(/\n\s*\n---\s*\n/)) if (p.trim() !== '') out.push({ source: name, text: p.trim() });
    } else if (name.endsWith('.jsonl')) {
      for (const line of raw.split('\n')) {
        if (line.trim() === '') continue;
        const obj = JSON.parse(line) as { text?: unknown };
        expect(typeof obj.text).toBe('string');
        out.push({ source: name, text: String(obj.text) });
      }
    }
  }
  return out;
}

describe('seeds/corpus', () => {
  const all = passages();

  it('holds 30-40 distinct passages of 1,000-2,200 characters in .md and .jsonl', () => {
    expect(all.length).toBeGreaterThanOrEqual(30);
    expect(all.length).toBeLessThanOrEqual(40);
    expect(new Set(all.map((p) => p.text)).size).toBe(all.length);
    expect(all.some((p) => p.source.endsWith('.jsonl'))).toBe(true);
    expect(all.some((p) => p.source.endsWith('.md'))).toBe(true);
    for (const p of all) {
      expect(p.text.length, p.text.slice(0, 40)).toBeGreaterThanOrEqual(1000);
      expect(p.text.length, p.text.slice(0, 40)).toBeLessThanOrEqual(2200);
      for (const line of p.text.split('\n')) expect(line.trim().length).toBeGreaterThanOrEqual(5);
      expect(p.text).not.toContain('{{');
    }
  });
});

describe('seeds/topics.txt', () => {
  it('has 60 distinct, non-empty topics', () => {
    const lines = readFileSync(path.join(repoRoot, 'seeds', 'topics.txt'), 'utf8').replace(/\n$/, '').split('\n');
    expect(lines).toHaveLength(60);
    expect(new Set(lines.map((l) => l.toLowerCase())).size).toBe(60);
    for (const l of lines) {
      expect(l.trim()).toBe(l);
      expect(l.split(/\s+/).length).toBeGreaterThanOrEqual(3);
      expect(l).not.toContain('{{');
    }
  });
});
