import type { Exam } from '../../../shared/exam/examSchema.js';
import type { GradedResult } from '../../../shared/grading/resultSchema.js';
import type { CohortReply, CohortRow, ExamInfo, SkillPart } from '../../../shared/hub/cohort.js';
import type { ViolationCounts } from '../../../shared/hub/proctor.js';
import type { SubmitReason } from '../../../shared/lifecycle.js';
import { percentileRank, round4 } from './statistics.js';

/**
 * The ranked cohort (docs/reports.md) from plain data. Candidates are ranked by percentage, not
 * points: drawn forms may differ in maximum, and a percentage compares them fairly.
 */
export interface CohortEntry {
  attemptId: string;
  candidate: { id: string; name: string };
  graded: GradedResult;
  startedAt: string;
  submittedAt: string;
  submitReason: SubmitReason;
  violations: ViolationCounts;
  similarityFlags: number;
}

export function examInfo(exam: Pick<Exam, 'id' | 'version' | 'title' | 'skills'>): ExamInfo {
  return { id: exam.id, version: exam.version, title: exam.title, skills: exam.skills.map((s) => ({ id: s.id, title: s.title })) };
}

const percentOf = (score: number, max: number): number | null => (max > 0 ? round4((100 * score) / max) : null);

export function computeCohort(exam: Pick<Exam, 'id' | 'version' | 'title' | 'skills'>, entries: readonly CohortEntry[], enrolled: number): CohortReply {
  const percents = entries.map((e) => percentOf(e.graded.score, e.graded.maxScore) ?? 0);
  const skillPercents = new Map(
    exam.skills.map((s) => [s.id, entries.map((e) => e.graded.skills[s.id]).flatMap((p) => (p && p.max > 0 ? [(100 * p.score) / p.max] : []))]),
  );
  const rows: CohortRow[] = entries.map((e, i) => {
    const percent = percents[i] as number;
    const skills: Record<string, SkillPart> = {};
    for (const s of exam.skills) {
      const part = e.graded.skills[s.id] ?? { score: 0, max: 0 };
      const p = percentOf(part.score, part.max);
      const all = skillPercents.get(s.id) ?? [];
      skills[s.id] = { score: part.score, max: part.max, percent: p, percentile: p === null ? null : round4(percentileRank((100 * part.score) / part.max, all)) };
    }
    return {
      attemptId: e.attemptId,
      candidate: e.candidate,
      rank: 1 + percents.filter((q) => q > percent + 1e-9).length,
      score: e.graded.score,
      maxScore: e.graded.maxScore,
      percent,
      percentile: round4(percentileRank(percent, percents)),
      skills,
      pendingManual: e.graded.pendingManual.length,
      startedAt: e.startedAt,
      submittedAt: e.submittedAt,
      timeUsedMs: Math.max(0, Date.parse(e.submittedAt) - Date.parse(e.startedAt)),
      submitReason: e.submitReason,
      violations: e.violations,
      similarityFlags: e.similarityFlags,
    };
  });
  rows.sort((a, b) => a.rank - b.rank || a.candidate.name.localeCompare(b.candidate.name) || a.attemptId.localeCompare(b.attemptId));
  return { exam: examInfo(exam), enrolled, rows };
}
