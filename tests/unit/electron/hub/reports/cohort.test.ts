import { describe, expect, it } from 'vitest';
import { computeCohort, type CohortEntry } from '../../../../../electron/hub/reports/cohort.js';
import { cohortCsv } from '../../../../../electron/hub/reports/cohortCsv.js';
import type { GradedResult } from '../../../../../shared/grading/resultSchema.js';

const exam = { id: 'x', version: '1', title: 'X', skills: [{ id: 'api', title: 'API' }, { id: 'db', title: 'Databases' }] };

function entry(id: string, name: string, score: number, api: number, db: number, extra: Partial<CohortEntry> = {}): CohortEntry {
  const graded: GradedResult = {
    examId: 'x',
    score,
    maxScore: 20,
    pendingManual: [],
    items: {},
    skills: { api: { score: api, max: 10, title: 'API' }, db: { score: db, max: 10, title: 'Databases' } },
  };
  return {
    attemptId: `a-${id}`,
    candidate: { id, name },
    graded,
    startedAt: '2026-05-01T09:00:00.000Z',
    submittedAt: '2026-05-01T09:45:30.000Z',
    submitReason: 'candidate',
    violations: { info: 0, warning: 1, critical: 0 },
    similarityFlags: 0,
    ...extra,
  };
}

describe('the cohort', () => {
  // Percentages 80, 50, 50, 25. Percentile = (below + equal / 2) / n * 100:
  // 80: (3 + 0.5) / 4 = 87.5; 50: (1 + 1) / 4 = 50; 25: (0 + 0.5) / 4 = 12.5.
  const cohort = computeCohort(exam, [entry('c', 'Cy', 10, 5, 5), entry('a', 'Al', 16, 8, 8), entry('d', 'Di', 5, 5, 0), entry('b', 'Bo', 10, 10, 0)], 6);

  it('ranks by percentage with shared ranks for ties, and gives percentiles', () => {
    expect(cohort.rows.map((r) => [r.candidate.id, r.rank, r.percent, r.percentile])).toEqual([
      ['a', 1, 80, 87.5],
      ['b', 2, 50, 50],
      ['c', 2, 50, 50],
      ['d', 4, 25, 12.5],
    ]);
    expect(cohort.enrolled).toBe(6);
  });

  it('gives per-skill percent and percentile, and the time used', () => {
    // API percents 80, 100, 50, 50: Bo's 100 is above all three others: (3 + 0.5) / 4 = 87.5.
    expect(cohort.rows.find((r) => r.candidate.id === 'b')?.skills.api).toEqual({ score: 10, max: 10, percent: 100, percentile: 87.5 });
    expect(cohort.rows[0]?.timeUsedMs).toBe(45.5 * 60_000);
  });

  it('exports CSV with maxima, percentages, time used, submit reason and violations', () => {
    const [header, first] = cohortCsv(cohort).split('\r\n');
    expect(header).toBe(
      'rank,candidate id,candidate name,attempt id,score,max score,percent,percentile,API score,API max,API percent,Databases score,Databases max,Databases percent,pending manual,started at,submitted at,time used (minutes),submit reason,violations critical,violations warning,violations info,similarity flags',
    );
    expect(first).toBe('1,a,Al,a-a,16,20,80,87.5,8,10,80,8,10,80,0,2026-05-01T09:00:00.000Z,2026-05-01T09:45:30.000Z,45.5,candidate,0,1,0,0');
  });

  it('escapes cells a spreadsheet would run as a formula', () => {
    const evil = computeCohort(exam, [entry('=1+1', '=HYPERLINK("http://x","y")', 1, 1, 0), entry('+a', '-2', 2, 1, 1), entry('@me', 'Zoe, "Z"', 3, 1, 2)], 3);
    const csv = cohortCsv(evil);
    expect(csv).toContain(`'=1+1,"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csv).toContain("'+a,'-2,");
    expect(csv).toContain(`'@me,"Zoe, ""Z""",`);
    // No unescaped cell starts with a formula character.
    for (const line of csv.trim().split('\r\n').slice(1)) {
      for (const cell of line.split(',')) expect(cell).not.toMatch(/^"?[=+@]/);
    }
  });
});
