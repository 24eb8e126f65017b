/** The sim's UltraChat answers: lists of the size asked, and user turns that give the filters work without drowning the run. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildRequest } from '../../src/engine/requests.js';
import { readUserTurn } from '../../src/methods/ultrachat/dialogue.js';
import { parseList } from '../../src/methods/ultrachat/lists.js';
import { questionsStage, subtopicsStage, userTurnStage } from '../../src/methods/ultrachat/stages.js';
import { loadTemplate } from '../../src/prompts/template.js';
import { simulate } from '../../src/teacher/sim/simulate.js';
import { REPO } from '../support/paths.js';

const sampling = { temperature: 1, top_p: 1, max_tokens: 2048 };

describe('sim answers to ultrachat stages', () => {
  it('lists have the number of items asked, about the topic or subtopic given', () => {
    const t = loadTemplate('prompts/ultrachat/subtopics-v1.txt', REPO);
    const q = loadTemplate('prompts/ultrachat/questions-v1.txt', REPO);
    for (let seed = 0; seed < 10; seed++) {
      const subs = simulate({ ...buildRequest({ mode: 'chat' }, 'm', subtopicsStage.prompt({ topic: 'Gardening and plants', n: 30 }, t), sampling), params: { ...sampling, seed } }, subtopicsStage.example);
      const items = parseList(subs.text, 30).items;
      expect(items).toHaveLength(30);
      expect(items.every((i) => /gardening and plants/i.test(i))).toBe(true);
      const qs = simulate({ ...buildRequest({ mode: 'chat' }, 'm', questionsStage.prompt({ topic: 'Gardening and plants', subtopic: 'Herbs on a windowsill', n: 10 }, q), sampling), params: { ...sampling, seed } }, questionsStage.example);
      expect(parseList(qs.text, 10).items.filter((i) => i.endsWith('?') && /herbs on a windowsill/i.test(i))).toHaveLength(10);
    }
  });

  it('user turns are mostly follow-up questions, now and then polite or role-confused', () => {
    const persona = readFileSync(`${REPO}/prompts/ultrachat/user-persona-v1.txt`, 'utf8');
    const counts = { ok: 0, polite: 0, 'role-confusion': 0, 'politeness-only': 0, other: 0 };
    for (let seed = 0; seed < 400; seed++) {
      const messages = [
        { role: 'user' as const, content: `How do I grow basil indoors in winter, case ${seed}?` },
        { role: 'assistant' as const, content: 'Give it a south-facing window and water it when the soil is dry.' },
      ];
      const built = buildRequest({ mode: 'chat' }, 'm', userTurnStage.prompt({ persona, reminder: '(Remember: you are the user.)', messages }, undefined), { ...sampling, max_tokens: 300 });
      const req = { ...built, params: { ...built.params, seed } };
      const turn = readUserTurn(userTurnStage.parse(simulate(req, userTurnStage.example).text, 'stop', { persona, reminder: '', messages }), 2);
      if (turn.ok) {
        counts.ok++;
        if (turn.removed.length > 0) counts.polite++;
        expect(turn.text).toMatch(/basil/i);
      } else if (turn.ending.why === 'role-confusion' || turn.ending.why === 'politeness-only') counts[turn.ending.why]++;
      else counts.other++;
    }
    expect(counts.ok).toBeGreaterThan(400 * 0.85);
    expect(counts.polite).toBeGreaterThan(10);
    expect(counts['role-confusion']).toBeGreaterThan(5);
    expect(counts['politeness-only']).toBeGreaterThan(3);
    expect(counts.other).toBe(0);
  });
});
