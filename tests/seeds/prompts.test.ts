import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const promptsDir = path.join(repoRoot, 'prompts');

/** Read a template the way the project does: UTF-8, one trailing newline removed. */
function template(rel: string): string {
  const raw = readFileSync(path.join(promptsDir, rel), 'utf8');
  return raw.endsWith('\n') ? raw.slice(0, -1) : raw;
}
function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{([a-z_]+)\}\}/g)].map((m) => m[1] ?? ''))].sort();
}
function render(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{([a-z_]+)\}\}/g, (_, k: string) => {
    const v = values[k];
    if (v === undefined) throw new Error(`no value for ${k}`);
    return v;
  });
}
function listTxt(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return listTxt(p);
    return name.endsWith('.txt') ? [path.relative(promptsDir, p)] : [];
  });
}

const EXPECTED: Record<string, string[]> = {
  'self-instruct/instructions-v1.txt': ['demos', 'next'],
  'self-instruct/instructions-clf-v1.txt': ['demos', 'next'],
  'self-instruct/is-classification-v1.txt': ['instruction'],
  'self-instruct/instances-clf-v1.txt': ['instruction'],
  'self-instruct/instances-gen-v1.txt': ['instruction'],
  'alpaca/instructions-v1.txt': [],
  'evol-instruct/depth-v1.txt': ['instruction', 'method'],
  'code-evol-instruct/frame-v1.txt': ['instruction', 'method'],
  'code-evol-instruct/add-constraints-v1.txt': [],
  'code-evol-instruct/complexity-v1.txt': [],
  'code-evol-instruct/erroneous-code-v1.txt': [],
  'code-evol-instruct/more-reasoning-v1.txt': [],
  'code-evol-instruct/replace-requirement-v1.txt': [],
  'evol-instruct/add-constraints-v1.txt': [],
  'evol-instruct/deepening-v1.txt': [],
  'evol-instruct/concretizing-v1.txt': [],
  'evol-instruct/increase-reasoning-v1.txt': [],
  'evol-instruct/complicate-input-v1.txt': [],
  'evol-instruct/breadth-v1.txt': ['instruction'],
  'evol-instruct/equality-v1.txt': ['first', 'second'],
  'backtranslation/self-augment-v1.txt': ['demos', 'passage'],
  'backtranslation/curate-v1.txt': ['answer', 'instruction'],
  'backtranslation/curate-demos-v1.txt': ['answer', 'demos', 'instruction'],
  'custom/doc-question-v1.txt': ['text'],
  'custom/doc-answer-v1.txt': ['question', 'text'],
  'custom/rate-v1.txt': ['input', 'instruction', 'output'],
  'self-chat/transcript-v1.txt': ['topic'],
  'self-chat/human-turn-v1.txt': ['topic', 'transcript'],
  'judge/quality-v1.txt': ['input', 'instruction', 'output'],
  'orca/query-v1.txt': ['query'],
  'magpie/llama3-pre-query-v1.txt': [],
  'magpie/qwen2-pre-query-v1.txt': [],
  'oss-instruct/problem-v1.txt': ['snippet'],
  'oss-instruct/system-v1.txt': [],
  'preference/principle-helpfulness-v1.txt': [],
  'preference/principle-honesty-v1.txt': [],
  'preference/principle-truthfulness-v1.txt': [],
  'preference/principle-calibration-v1.txt': [],
  'preference/rate-instruction-following-v1.txt': ['answers', 'context', 'count', 'instruction'],
  'preference/rate-honesty-v1.txt': ['answers', 'context', 'count', 'instruction'],
  'preference/rate-truthfulness-v1.txt': ['answers', 'context', 'count', 'instruction'],
  'preference/rate-helpfulness-v1.txt': ['answers', 'context', 'count', 'instruction'],
  'preference/rank-v1.txt': ['answers', 'count', 'instruction'],
  'unnatural/core-v1.txt': ['examples', 'next'],
  'unnatural/output-v1.txt': ['constraints', 'input', 'instruction'],
  'unnatural/reformulate-v1.txt': ['input', 'instruction'],
  'ultrachat/subtopics-v1.txt': ['n', 'topic'],
  'ultrachat/questions-v1.txt': ['n', 'subtopic', 'topic'],
  'ultrachat/expand-v1.txt': ['n', 'question'],
  'ultrachat/material-instructions-v1.txt': ['material', 'n', 'text_type'],
  'ultrachat/material-opener-v1.txt': ['instruction', 'material'],
  'ultrachat/user-persona-v1.txt': [],
  'ultrachat/user-reminder-v1.txt': [],
  'ultrachat/goal-reminder-v1.txt': ['goal'],
};

describe('prompt templates', () => {
  it('are exactly the expected set of versioned files', () => {
    const found = listTxt(promptsDir).sort();
    expect(found).toEqual(Object.keys(EXPECTED).sort());
    for (const f of found) expect(f).toMatch(/-v\d+\.txt$/);
  });

  for (const [rel, names] of Object.entries(EXPECTED)) {
    it(`${rel}: placeholders ${names.join(', ') || '(none)'} and no other braces`, () => {
      const text = template(rel);
      expect(placeholders(text)).toEqual(names);
      const literal = text.replace(/\{\{[a-z_]+\}\}/g, '');
      expect(literal).not.toContain('{{');
      expect(literal).not.toContain('}}');
      expect(text).not.toMatch(/\r/);
      // A Magpie pre-query template is a model's special tokens (Qwen2's is `<|im_start|>user`), not prose.
      // Orca's user turn is the query itself: a template of one placeholder.
      if (/^\{\{[a-z_]+\}\}$/.test(text.trim())) expect(names).toHaveLength(1);
      else if (!rel.startsWith('magpie/')) expect(text.trim().length).toBeGreaterThan(20);
      else expect(text).toMatch(/<\|[a-z_]+\|>/);
    });
  }

  it('self-instruct instruction prompts end with the bare next number', () => {
    for (const rel of ['self-instruct/instructions-v1.txt', 'self-instruct/instructions-clf-v1.txt']) {
      const text = template(rel);
      const lines = text.split('\n');
      expect(lines).toHaveLength(3);
      expect(lines[1]).toBe('{{demos}}');
      expect(lines[2]).toBe('{{next}}.');
      const demos = Array.from({ length: 8 }, (_, i) => `${i + 1}. Task number ${i + 1}`).join('\n');
      const prompt = render(text, { demos, next: '9' });
      expect(prompt.endsWith('\n8. Task number 8\n9.')).toBe(true);
    }
    expect(template('self-instruct/instructions-clf-v1.txt').split('\n')[0]).toMatch(/classification/i);
    expect(template('self-instruct/instructions-clf-v1.txt').split('\n')[0]).toMatch(/label/i);
  });

  it('is-classification has >= 24 demos, about 40% Yes, and ends with the query', () => {
    const text = template('self-instruct/is-classification-v1.txt');
    expect(text.endsWith('\n\nTask: {{instruction}}\nIs it classification?')).toBe(true);
    const demos = text.split('\n\n').slice(1, -1);
    expect(demos.length).toBeGreaterThanOrEqual(24);
    for (const d of demos) expect(d).toMatch(/^Task: [^\n]+\nIs it classification\? (Yes|No)$/);
    const yes = demos.filter((d) => d.endsWith('Yes')).length;
    expect(yes / demos.length).toBeGreaterThanOrEqual(0.35);
    expect(yes / demos.length).toBeLessThanOrEqual(0.45);
  });

  it('instances-clf is output-first with >= 10 demos and ends with "Task: {{instruction}}\\n"', () => {
    const text = template('self-instruct/instances-clf-v1.txt');
    expect(text.endsWith('\n\nTask: {{instruction}}\n')).toBe(true);
    const demos = text.split('\n\n').slice(1, -1);
    expect(demos.length).toBeGreaterThanOrEqual(10);
    for (const d of demos) {
      const lines = d.split('\n');
      expect(lines[0]).toMatch(/^Task: /);
      expect(lines[1]).toMatch(/^Class label: \S/);
      for (const l of lines.slice(1)) expect(l).toMatch(/^(Class label|[A-Z][A-Za-z ]*): \S/);
    }
  });

  it('instances-gen is input-first with >= 10 demos and ends with "Task: {{instruction}}\\n"', () => {
    const text = template('self-instruct/instances-gen-v1.txt');
    expect(text.endsWith('\n\nTask: {{instruction}}\n')).toBe(true);
    const demos = text.split('\n\n').slice(1, -1);
    expect(demos.length).toBeGreaterThanOrEqual(10);
    let inputLess = 0;
    for (const d of demos) {
      const lines = d.split('\n');
      expect(lines[0]).toMatch(/^Task: /);
      if (lines[1]?.startsWith('Output: ')) {
        inputLess++;
        expect(d).not.toMatch(/\nExample \d/);
      } else {
        expect(lines[1]).toBe('Example 1');
        expect(lines[2]).toMatch(/^[A-Z][A-Za-z ]*: \S/);
        const examples = d.split(/\nExample \d+\n/).length - 1;
        expect((d.match(/\nOutput: /g) ?? []).length).toBe(examples);
      }
    }
    expect(inputLess).toBeGreaterThanOrEqual(2);
  });

  it('alpaca asks for 20 tasks with numbered requirements and ends with "List of 20 tasks:"', () => {
    const text = template('alpaca/instructions-v1.txt');
    expect(text).toMatch(/\b20\b/);
    expect(text.endsWith('\n\nList of 20 tasks:')).toBe(true);
    const reqs = text.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(reqs.length).toBeGreaterThanOrEqual(8);
    expect(text).toContain('<noinput>');
    expect(text).toMatch(/100 words/);
  });

  it('evol-instruct frames end with their markers', () => {
    const depth = template('evol-instruct/depth-v1.txt');
    expect(depth.endsWith('#The Given Prompt#:\n{{instruction}}\n#Rewritten Prompt#:\n')).toBe(true);
    expect(depth).toMatch(/10 to 20 words/);
    const breadth = template('evol-instruct/breadth-v1.txt');
    expect(breadth.endsWith('#Given Prompt#:\n{{instruction}}\n#Created Prompt#:\n')).toBe(true);
    const eq = template('evol-instruct/equality-v1.txt');
    expect(eq).toContain('"Equal"');
    expect(eq).toContain('"Not Equal"');
    const complicate = template('evol-instruct/complicate-input-v1.txt');
    expect((complicate.match(/^Before: /gm) ?? []).length).toBe(2);
    expect((complicate.match(/^After: /gm) ?? []).length).toBe(2);
    for (const m of ['add-constraints', 'deepening', 'concretizing', 'increase-reasoning', 'complicate-input']) {
      const method = template(`evol-instruct/${m}-v1.txt`);
      const rendered = render(depth, { method, instruction: 'Explain photosynthesis.' });
      expect(rendered).toContain(method);
      expect(rendered.endsWith('Explain photosynthesis.\n#Rewritten Prompt#:\n')).toBe(true);
    }
  });

  it('judges end their instructions with a "Score:" last-line request', () => {
    const curate = template('backtranslation/curate-v1.txt');
    for (const n of [1, 2, 3, 4, 5]) expect(curate).toMatch(new RegExp(`^${n}: `, 'm'));
    expect(curate).toContain('Score: <rating>');
    expect(template('judge/quality-v1.txt')).toContain('Score: n');
  });

  it('self-chat transcript ends with the primed opening exchange', () => {
    const text = template('self-chat/transcript-v1.txt');
    expect(text.endsWith('\n[Human] Hello!\n[AI] Hi! How can I help you?\n')).toBe(true);
    expect(text).toContain('[Human]');
    expect(text).toContain('[AI]');
    expect(template('backtranslation/self-augment-v1.txt').endsWith('Response:\n{{passage}}\nInstruction:')).toBe(true);
  });

  it('has a README entry for every template', () => {
    const readme = readFileSync(path.join(promptsDir, 'README.md'), 'utf8');
    for (const rel of Object.keys(EXPECTED)) expect(readme, rel).toContain(path.basename(rel));
  });
});
