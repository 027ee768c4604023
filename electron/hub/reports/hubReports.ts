import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../shared/canonicalJson.js';
import { allItems } from '../../../shared/exam/examSchema.js';
import type { GradedResult } from '../../../shared/grading/resultSchema.js';
import type { BlindGradeReply, BlindQueueReply } from '../../../shared/hub/blindGrading.js';
import type { CandidateReport } from '../../../shared/hub/candidateReport.js';
import type { CohortReply, ExamInfo } from '../../../shared/hub/cohort.js';
import type { ItemStatsReply } from '../../../shared/hub/itemStats.js';
import type { AttemptSummary, GradeRequest } from '../../../shared/hub/proctor.js';
import type { SimilarityReply } from '../../../shared/hub/similarity.js';
import { applyRubricGrades } from '../../../shared/grading/rubric.js';
import type { ExamPackage } from '../../core/package/types.js';
import type { ProctorSession } from '../auth/accountAuth.js';
import { essayOf } from '../grading/gradeBook.js';
import { conflict, notFound } from '../hubError.js';
import type { HubAttempt, HubService } from '../hubService.js';
import type { HubIdentity, HubStore, StoredResult } from '../store/hubStore.js';
import { blindCode } from './blindCodes.js';
import { buildCandidateReport } from './candidateReport.js';
import { computeSimilarity } from './codeSimilarity.js';
import { computeCohort, examInfo } from './cohort.js';
import { cohortCsv } from './cohortCsv.js';
import { computeItemStats, titleOf } from './itemStats.js';
import { needsReconciliation, pointsOf } from './reconciliation.js';
import { candidateReportHtml } from './reportHtml.js';
import { PdfCache, printPdf } from './reportPdf.js';
import { similarityInputs } from './similarityInputs.js';

/**
 * The hub's reports (issue 20, docs/reports.md): the cohort and its exports, candidate reports,
 * item statistics, code similarity and blind grading. It gathers plain data from the hub's state
 * and store and hands it to the pure modules beside it; HubService owns one and the routes call it.
 */
export interface HubReportsDeps {
  pkg: ExamPackage;
  store: Pick<HubStore, 'readResult' | 'readEvents' | 'commands'>;
  identity: Pick<HubIdentity, 'receiptKey'>;
  now: () => number;
  service: Pick<HubService, 'summary' | 'finalGraded' | 'requireAttempt' | 'grade' | 'examAttempts' | 'sittings'>;
}

export class HubReports {
  constructor(private readonly d: HubReportsDeps) {}


  /** Every graded attempt with its stored result: the plain data the report modules take. */
  async gradedResults(attempts?: readonly HubAttempt[]): Promise<Array<{ attempt: HubAttempt; summary: AttemptSummary; graded: GradedResult; stored: StoredResult }>> {
    const out: Array<{ attempt: HubAttempt; summary: AttemptSummary; graded: GradedResult; stored: StoredResult }> = [];
    for (const attempt of attempts ?? (await this.d.service.examAttempts())) {
      const graded = this.d.service.finalGraded(attempt);
      if (!graded) continue;
      const stored = await this.d.store.readResult(attempt.enrollment.attemptId);
      if (!stored) continue;
      out.push({ attempt, summary: this.d.service.summary(attempt), graded, stored });
    }
    return out;
  }

  /** This hub serves one exam: any other id is 404. */
  requireExam(examId: string): void {
    if (examId !== this.d.pkg.exam.id) throw notFound(`this hub serves exam ${this.d.pkg.exam.id}, not ${examId}`);
  }

  async itemStats(examId: string): Promise<ItemStatsReply> {
    this.requireExam(examId);
    const results = (await this.gradedResults()).map((r) => ({ graded: r.graded, answers: r.stored.result.answers }));
    return computeItemStats({ exam: this.d.pkg.exam, keyItems: this.d.pkg.key?.items ?? null, results });
  }

  examInfo(): ExamInfo {
    return examInfo(this.d.pkg.exam);
  }

  /** The exam's cohort across its sittings, or one sitting's (`sittingId`: 404 when it is not one of this exam's). */
  async cohort(examId: string, sittingId?: string): Promise<CohortReply> {
    this.requireExam(examId);
    const all = await this.d.service.examAttempts();
    if (sittingId !== undefined && !(await this.d.service.sittings()).some((s) => s.sittingId === sittingId && s.examId === examId)) {
      throw notFound(`no sitting ${sittingId} of exam ${examId}`);
    }
    const attempts = sittingId === undefined ? all : all.filter((a) => a.sittingId === sittingId);
    return this.cohortOf(await this.gradedResults(attempts), attempts.length);
  }

  /** The cohort of results already read (a candidate report reads them once for everything). */
  private async cohortOf(graded: Awaited<ReturnType<HubReports['gradedResults']>>, enrolled: number): Promise<CohortReply> {
    const flags = await this.similarityFlagCounts(graded);
    const entries = graded.map(({ summary, graded: g, stored }) => ({
      attemptId: summary.attemptId,
      candidate: summary.candidate,
      graded: g,
      startedAt: stored.result.startedAt,
      submittedAt: stored.result.submittedAt,
      submitReason: stored.result.submitReason,
      violations: summary.violations,
      similarityFlags: flags.get(summary.attemptId) ?? 0,
    }));
    return computeCohort(this.d.pkg.exam, entries, enrolled);
  }

  async cohortCsv(examId: string, sittingId?: string): Promise<string> {
    return cohortCsv(await this.cohort(examId, sittingId));
  }

  /** How many other candidates each attempt is flagged as similar to. */
  private async similarityFlagCounts(graded: ReadonlyArray<{ summary: AttemptSummary; stored: StoredResult }>): Promise<Map<string, number>> {
    const reply = await this.similarityOf(graded);
    const counts = new Map<string, number>();
    for (const p of reply.pairs) for (const id of [p.a, p.b]) counts.set(id, (counts.get(id) ?? 0) + 1);
    return counts;
  }

  async similarity(examId: string): Promise<SimilarityReply> {
    this.requireExam(examId);
    return this.similarityOf(await this.gradedResults());
  }

  private similarityCache: { key: string; reply: Promise<SimilarityReply> } | null = null;

  /** One attempt's candidate report: 404 for no such attempt, 409 while it has no graded result. */
  async candidateReport(attemptId: string): Promise<CandidateReport> {
    const a = await this.d.service.requireAttempt(attemptId);
    if (!a.result || !this.d.service.finalGraded(a)) throw conflict('there is no graded result for this attempt yet: the report follows once the result is in and graded');
    const attempts = await this.d.service.examAttempts();
    const graded = await this.gradedResults(attempts);
    const mine = graded.find((g) => g.summary.attemptId === attemptId);
    if (!mine) throw conflict('the result of this attempt is not stored yet');
    const [cohort, similarity, timeline, commands] = await Promise.all([this.cohortOf(graded, attempts.length), this.similarityOf(graded), this.d.store.readEvents(attemptId), this.d.store.commands(attemptId)]);
    return buildCandidateReport({
      exam: this.d.pkg.exam,
      keyItems: this.d.pkg.key?.items ?? null,
      attemptId,
      result: mine.stored.result,
      graded: mine.graded,
      cohort,
      timeline,
      commands,
      manual: a.manual,
      similarity,
      now: new Date(this.d.now()).toISOString(),
    });
  }

  /**
   * The blind grading queue: per essay item, each submitted answer under its blind code, in code
   * order. Nothing in it names a candidate or an attempt.
   */
  async blindQueue(session: ProctorSession, examId: string): Promise<BlindQueueReply> {
    this.requireExam(examId);
    const graded = await this.gradedResults();
    const items: BlindQueueReply['items'] = [];
    for (const { item } of allItems(this.d.pkg.exam)) {
      if (item.type !== 'essay') continue;
      const { key } = essayOf(this.d.pkg, item.id);
      const answers: BlindQueueReply['items'][number]['answers'] = [];
      for (const g of graded) {
        const grade = g.graded.items[item.id];
        const answer = g.stored.result.answers[item.id];
        // Only answers there are to grade: on this candidate's form, and written.
        if (!grade || typeof answer !== 'string' || answer.trim() === '') continue;
        const byGrader = [...(g.attempt.manualByGrader.get(item.id)?.values() ?? [])].sort((x, y) => x.at.localeCompare(y.at));
        const mine = byGrader.find((m) => m.by === session.name);
        const disputed = needsReconciliation(key.rubric, byGrader);
        answers.push({
          code: blindCode(this.d.identity.receiptKey, g.summary.attemptId, item.id),
          answer,
          grade,
          manual: mine ? { criteria: mine.criteria, comment: mine.comment ?? null, by: mine.by, at: mine.at } : null,
          graders: byGrader.map((m) => {
            // Another grader's marks stay hidden until you have graded (independent second grading)
            // or they need reconciling; then they show per criterion, side by side.
            const shown = mine !== undefined || disputed;
            return {
              by: m.by,
              at: m.at,
              score: shown ? applyRubricGrades(item, key, m.criteria).score : null,
              marks: shown ? Object.fromEntries(key.rubric.map((c) => [c.id, pointsOf(c, m.criteria)])) : null,
              reconciles: m.reconciles === true,
            };
          }),
          needsReconciliation: disputed,
        });
      }
      answers.sort((x, y) => x.code.localeCompare(y.code));
      items.push({
        itemId: item.id,
        title: titleOf(item),
        prompt: item.prompt,
        points: item.points,
        rubric: key.rubric.map((c) => ({ id: c.id, text: c.text, points: c.points, ...(c.levels ? { levels: c.levels } : {}) })),
        answers,
        graded: answers.filter((a) => a.graders.length > 0).length,
        doubleGraded: answers.filter((a) => a.graders.length > 1).length,
        needsReconciliation: answers.filter((a) => a.needsReconciliation).length,
      });
    }
    return { items };
  }

  /** A grade given in the blind queue: the code names the answer; the audit log names the grader. */
  async blindGrade(session: ProctorSession, examId: string, code: string, req: GradeRequest): Promise<BlindGradeReply> {
    this.requireExam(examId);
    const matches = (await this.d.service.examAttempts()).filter((a) => blindCode(this.d.identity.receiptKey, a.enrollment.attemptId, req.itemId) === code);
    if (matches.length === 0) throw notFound(`no answer to "${req.itemId}" has the code ${code}`);
    if (matches.length > 1) throw conflict(`the code ${code} is ambiguous for "${req.itemId}": grade these answers from the attempt pages`);
    const attemptId = (matches[0] as HubAttempt).enrollment.attemptId;
    const { graded } = await this.d.service.grade(session, attemptId, req);
    return { grade: graded.items[req.itemId] as NonNullable<GradedResult['items'][string]> };
  }

  async candidateReportHtml(attemptId: string): Promise<string> {
    return this.reportPage(await this.candidateReport(attemptId));
  }

  private reportPage(report: CandidateReport): string {
    return candidateReportHtml(report, { attempt: `/dashboard/attempts/${encodeURIComponent(report.attemptId)}` });
  }

  private readonly pdfs = new PdfCache(printPdf);

  /** The report printed to PDF; printed again only when the report's content changed. */
  async candidateReportPdf(attemptId: string): Promise<Buffer> {
    const report = await this.candidateReport(attemptId);
    const key = createHash('sha256').update(canonicalJson({ ...report, generatedAt: '' })).digest('hex');
    return this.pdfs.get(`${attemptId}:${key}`, () => this.reportPage(report));
  }

  /**
   * Similarity over the results given, remembered while the set of results is the same: results
   * never change once stored, so the key is which results there are.
   */
  private similarityOf(graded: ReadonlyArray<{ summary: AttemptSummary; stored: StoredResult }>): Promise<SimilarityReply> {
    const key = graded.map((g) => `${g.summary.attemptId}:${g.stored.meta.resultSha256}`).sort().join('|');
    if (this.similarityCache?.key === key) return this.similarityCache.reply;
    const reply = similarityInputs(this.d.pkg, graded.map((g) => ({ attemptId: g.summary.attemptId, result: g.stored.result }))).then(({ items, unreadable }) => ({
      ...computeSimilarity(items),
      unreadable,
    }));
    this.similarityCache = { key, reply };
    reply.catch(() => {
      // A failed computation is not remembered: the next request tries again (this caller sees the error).
      if (this.similarityCache?.reply === reply) this.similarityCache = null;
    });
    return reply;
  }
}
