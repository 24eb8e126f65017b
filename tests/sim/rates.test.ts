/**
 * Over many seeds, the simulated teacher's deliberate defects come at realistic rates, so that every
 * filter of the recipes fires, while most of its output passes.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/teacher/sim/index.js';
import { ALPACA_BLOCKLIST, SEED_DEMOS, completion, heuristicReason, numbered, parseSelfInstruct, rougeL } from './helpers.js';

const SI_STOP = ['\n\n', '\n16', '16.', '16 .'];
const siPrompt = `Continue this numbered list with new tasks:\n${numbered(SEED_DEMOS)}\n9.`;

describe('Self-Instruct instruction defects', () => {
  const reasons: Record<string, number> = {};
  const accepted: string[] = [];
  let total = 0;
  let rougeRejected = 0;
  let nearDemo = 0;
  for (let seed = 0; seed < 150; seed++) {
    const r = simulate(completion(siPrompt, { seed, stop: SI_STOP, max_tokens: 1024 }));
    for (const item of parseSelfInstruct(r.text, 9)) {
      total++;
      const reason = heuristicReason(item);
      if (reason) {
        reasons[reason] = (reasons[reason] ?? 0) + 1;
        continue;
      }
      if (SEED_DEMOS.some((d) => rougeL(item, d) > 0.7)) nearDemo++;
      const pool = [...SEED_DEMOS, ...accepted];
      if (pool.some((p) => rougeL(item, p) > 0.7)) rougeRejected++;
      else accepted.push(item);
    }
  }

  it('about one in eight items is bad by the heuristics or a near copy of a demo', () => {
    const heuristic = Object.values(reasons).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(1000);
    expect((heuristic + nearDemo) / total).toBeGreaterThan(0.06);
    expect((heuristic + nearDemo) / total).toBeLessThan(0.2);
  });

  it('every heuristic filter fires', () => {
    for (const r of ['length', 'blocklist', 'program', 'punctuation', 'non-ascii']) expect(reasons[r] ?? 0, r).toBeGreaterThan(0);
  });

  it('near copies of demos trip ROUGE-L > 0.7', () => {
    expect(nearDemo / total).toBeGreaterThan(0.01);
    expect(nearDemo / total).toBeLessThan(0.08);
  });

  it('ROUGE-L novelty rejects only a minority of the rest', () => {
    expect(accepted.length).toBeGreaterThan(700);
    expect(rougeRejected / (rougeRejected + accepted.length)).toBeLessThan(0.4);
  });
});

describe('Alpaca defects', () => {
  it('has malformed chunks and blocklisted instructions at low rates', () => {
    let chunks = 0;
    let malformed = 0;
    let bad = 0;
    const prompt =
      'Come up with 20 tasks.\n\nList of 20 tasks:\n###\n1. Instruction: Give three tips for staying healthy.\n1. Input:\n<noinput>\n1. Output:\nSleep.\n' +
      '###\n2. Instruction: Name a fruit.\n2. Input:\n<noinput>\n2. Output:\nApple.\n###\n3. Instruction: Sort the list.\n3. Input:\nb, a\n3. Output:\na, b\n###\n4. Instruction:';
    for (let seed = 0; seed < 40; seed++) {
      const text = simulate(completion(prompt, { seed, stop: ['\n20', '20.', '20.'], max_tokens: 3072 })).text;
      const parts = `4. Instruction:${text}`.split('###').slice(0, -1);
      parts.forEach((chunk, j) => {
        chunks++;
        const fields = chunk.split(new RegExp(`${4 + j}\\.\\s+(Instruction|Input|Output):`));
        if (fields.length !== 7) {
          malformed++;
          return;
        }
        if (heuristicReason((fields[2] ?? '').trim(), ALPACA_BLOCKLIST)) bad++;
      });
    }
    expect(chunks).toBe(40 * 16);
    expect(malformed / chunks).toBeGreaterThan(0.005);
    expect(malformed / chunks).toBeLessThan(0.08);
    expect(bad / chunks).toBeGreaterThan(0.03);
    expect(bad / chunks).toBeLessThan(0.2);
  });
});

describe('Self-Instruct instance defects', () => {
  it('some instances have input == output or an output ending with ":"', () => {
    const prompt = 'Write examples.\n\nTask: Sort the numbers.\nExample 1\nNumbers: 2, 1\nOutput: 1, 2\n\nTask: Paraphrase the given sentence in a friendly tone.\n';
    let instances = 0;
    let same = 0;
    let colon = 0;
    for (let seed = 0; seed < 200; seed++) {
      const text = simulate(completion(prompt, { seed, stop: ['Example 6', 'Task:'], max_tokens: 350 })).text;
      for (const chunk of text.split(/Example\s?\d*\.?/).filter((c) => c.trim())) {
        const [rawInput = '', output = ''] = chunk.split(/Output\s*\d*\s*:/);
        const input = rawInput.trim().replace(/^\w+\s*\d*\s*:\s*/, '');
        instances++;
        if (input === output.trim()) same++;
        if (output.trim().endsWith(':')) colon++;
      }
    }
    expect(instances).toBeGreaterThan(300);
    expect(same / instances).toBeGreaterThan(0.01);
    expect(same / instances).toBeLessThan(0.1);
    expect(colon / instances).toBeGreaterThan(0.01);
    expect(colon / instances).toBeLessThan(0.1);
  });
});

describe('Evol-Instruct in-depth defects', () => {
  it('~5% leak a marker phrase and ~5% return the prompt unchanged', () => {
    const given = 'Describe the water cycle.';
    const prompt = `Rewrite the prompt into a harder version.\n#The Given Prompt#:\n${given}\n#Rewritten Prompt#:\n`;
    let leaked = 0;
    let unchanged = 0;
    const n = 400;
    for (let seed = 0; seed < n; seed++) {
      const text = simulate({ mode: 'chat', model: 'm', messages: [{ role: 'user', content: prompt }], params: { seed } }).text;
      if (/#Rewritten Prompt#|rewritten prompt/i.test(text)) leaked++;
      if (text === given) unchanged++;
    }
    expect(leaked / n).toBeGreaterThan(0.02);
    expect(leaked / n).toBeLessThan(0.1);
    expect(unchanged / n).toBeGreaterThan(0.02);
    expect(unchanged / n).toBeLessThan(0.1);
  });
});
