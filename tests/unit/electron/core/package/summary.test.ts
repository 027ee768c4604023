import { describe, expect, it } from 'vitest';
import { loadPackageOrThrow } from '../../../../../electron/core/package/loadPackage.js';
import { formatSummary, summarizePackage } from '../../../../../electron/core/package/summary.js';
import { DEMO_DIR } from '../../../../fixtures/packages/demoPackage.js';

describe('package summary', () => {
  it('counts sections, items by type, points and points per skill', async () => {
    const pkg = await loadPackageOrThrow(DEMO_DIR);
    const summary = summarizePackage(pkg);
    expect(summary).toMatchObject({
      id: 'demo',
      sections: 2,
      items: 7,
      points: 11,
      keyEntries: 7,
      itemsByType: { 'single-choice': 1, 'multiple-choice': 1, 'short-text': 1, numeric: 1, essay: 1, sql: 1, coding: 1 },
      skills: [
        { id: 'api', title: 'API Development', points: 3.5 },
        { id: 'databases', title: 'Database Management', points: 4 },
        { id: 'coding', title: 'Coding and Implementation', points: 2 },
        { id: 'performance', title: 'Performance Optimization', points: 1.5 },
      ],
    });
    expect(formatSummary(summary)).toBe(
      'demo 2026.11.0 "Vigil Practice Exam": practice exam, 10 minutes (active clock), 2 sections, 7 items ' +
        '(1 single-choice, 1 multiple-choice, 1 short-text, 1 numeric, 1 essay, 1 sql, 1 coding), 11 points. ' +
        'Skills: api (3.5 points), databases (4 points), coding (2 points), performance (1.5 points). ' +
        'Grading material: key.json (7 entries), tasks/sum/hidden, tasks/sum/solution.',
    );
  });

  it('warns when a proctored package still carries grading material', async () => {
    const pkg = await loadPackageOrThrow(DEMO_DIR);
    const text = formatSummary(summarizePackage({ ...pkg, exam: { ...pkg.exam, mode: 'proctored' } }));
    expect(text).toContain('A proctored exam will not start from this package');
  });
});
