import { describe, expect, it } from 'vitest';
import { collectDashboard, dashboardCharts, dashboardHtml } from '../../src/audit/dashboard.js';
import { openDb } from '../../src/store/db.js';
import { getRunByName } from '../../src/store/runs.js';
import { fixtureDb } from '../export/fixtures.js';
import { tempDir } from '../support/tmp.js';

describe('backtranslation: judge scores per curation iteration', () => {
  it('one distribution per judge filter, in the order the run applied them', () => {
    const dir = tempDir();
    const iter1 = [5, 4, 4, 2, 1, 3, 5, 5, 4, 3];
    const iter2 = [5, 5, 4, 2, 5, 4];
    const pairs = iter1.map((score, i) => ({
      kind: 'pair',
      instruction: `Write about ${i}.`,
      output: `Answer ${i}.`,
      status: (i < iter2.length ? (iter2[i]! >= 4 ? 'accepted' : 'rejected') : 'rejected') as 'accepted' | 'rejected',
      verdicts: [
        { filter: 'judge-iter1', passed: score >= 3, score, detail: { threshold: 3 } },
        ...(i < iter2.length ? [{ filter: 'judge-iter2', passed: iter2[i]! >= 4, score: iter2[i]!, detail: { threshold: 4 } }] : []),
      ],
    }));
    const { path } = fixtureDb(dir, 'backtranslation', pairs);
    const db = openDb(path, { readonly: true });
    try {
      const d = collectDashboard(db, getRunByName(db, 'backtranslation')!);
      expect(d.judgeScores.map((j) => j.filter)).toEqual(['judge-iter1', 'judge-iter2']);
      expect([...d.judgeScores[0]!.scores].sort()).toEqual([...iter1].sort());
      expect([...d.judgeScores[1]!.scores].sort()).toEqual([...iter2].sort());
      expect(d.judgeScores.map((j) => j.threshold)).toEqual([3, 4]);
      const charts = dashboardCharts(d);
      expect(charts.judgeScores).toHaveLength(2);
      for (const c of charts.judgeScores) expect(c.svg).toContain('<svg');
      const page = dashboardHtml(d, charts).value;
      const section = /<section id="curation">(.*?)<\/section>/s.exec(page)?.[1];
      expect(section).toContain('judge-iter1: score distribution');
      expect(section).toContain('judge-iter2: score distribution');
      expect(section).toContain('threshold 4');
      // The axis says how many samples the iteration scored.
      expect(charts.judgeScores[1]!.svg).toContain('judge-iter2 score (6 samples)');
    } finally {
      db.close();
    }
  });

  it('a run without judge scores has no such section', () => {
    const dir = tempDir();
    const { path } = fixtureDb(dir, 'self-instruct', [{ kind: 'instance', instruction: 'I.', output: 'O.', status: 'accepted' }]);
    const db = openDb(path, { readonly: true });
    try {
      const d = collectDashboard(db, getRunByName(db, 'self-instruct')!);
      expect(d.judgeScores).toEqual([]);
      expect(dashboardHtml(d, dashboardCharts(d)).value).not.toContain('id="curation"');
    } finally {
      db.close();
    }
  });
});
