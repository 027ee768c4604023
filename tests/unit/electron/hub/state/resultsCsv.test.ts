import { describe, expect, it } from 'vitest';
import type { AttemptSummary } from '../../../../../shared/hub/proctor.js';
import { resultsCsv } from '../../../../../electron/hub/state/resultsCsv.js';

const summary = (id: string, name: string): AttemptSummary => ({
  attemptId: `a-${id}`,
  candidate: { id, name },
  deviceInfo: {},
  enrolledAt: '2026-05-01T09:00:00.000Z',
  state: 'in-progress',
  online: true,
  live: false,
  progress: { answered: 0, total: 3 },
  remainingMs: 1,
  lastHeartbeatAt: null,
  lastSavedAt: null,
  journalSeq: 0,
  violations: { info: 0, warning: 0, critical: 0 },
  pendingCommands: 0,
  result: null,
  reenrollRequest: null,
  reenrollAllowedUntil: null,
  grading: { status: 'none', score: null, maxScore: null, pendingManual: 0, error: null },
});

describe('results.csv', () => {
  it('one row per attempt, sorted by candidate, skills titled, quoted and safe from formulas', () => {
    const csv = resultsCsv({ skills: [{ id: 'db', title: 'Databases, SQL' }] }, [
      { summary: summary('b', '=HYPERLINK("http://evil")'), graded: null },
      {
        summary: summary('a', 'Ada "the" Lovelace'),
        graded: { examId: 'x', score: 3.5, maxScore: 5, pendingManual: ['essay'], items: {}, skills: { db: { score: 2, max: 3, title: 'Databases, SQL' } } },
      },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'candidate id,candidate name,attempt id,state,submitted at,score,max score,"Databases, SQL",pending manual',
      'a,"Ada ""the"" Lovelace",a-a,in-progress,,3.5,5,2,1',
      `b,"'=HYPERLINK(""http://evil"")",a-b,in-progress,,,,,`,
      '',
    ]);
  });
});
