import { z } from 'zod';
import type { HubOperationId } from './routes.js';

/**
 * Hub accounts' roles (issue 19): `admin` (accounts and sittings, and everything else), `proctor`
 * (watch and command), `grader` (grading, blind: candidates' names and ids are hidden), `viewer`
 * (results and reports, no commands). Which role may call which proctor-side route is this table;
 * the HTTP layer enforces it and the roles test walks it.
 */
export const hubRoleSchema = z.enum(['admin', 'proctor', 'grader', 'viewer']);
export type HubRole = z.infer<typeof hubRoleSchema>;
export const HUB_ROLES = hubRoleSchema.options;

export type ProctorOperation =
  | 'listAttempts'
  | 'listSittings'
  | 'createSitting'
  | 'closeSitting'
  | 'attemptDetail'
  | 'issueCommand'
  | 'allowReenroll'
  | 'gradeEssay'
  | 'resultsCsv'
  | 'itemStats'
  | 'examInfo'
  | 'cohort'
  | 'cohortCsv'
  | 'similarity'
  | 'blindQueue'
  | 'blindGrade'
  | 'attemptReportJson'
  | 'attemptReport'
  | 'attemptReportPdf';

export const ROUTE_ROLES: Readonly<Record<ProctorOperation, readonly HubRole[]>> = {
  listAttempts: ['admin', 'proctor', 'grader', 'viewer'],
  listSittings: ['admin', 'proctor', 'grader', 'viewer'],
  // Sittings decide who may enroll into which exam: the admin's, as accounts are.
  createSitting: ['admin'],
  closeSitting: ['admin'],
  attemptDetail: ['admin', 'proctor', 'grader', 'viewer'],
  issueCommand: ['admin', 'proctor'],
  allowReenroll: ['admin', 'proctor'],
  gradeEssay: ['admin', 'grader'],
  resultsCsv: ['admin', 'proctor', 'grader', 'viewer'],
  // Reports (issue 20, docs/reports.md). Item statistics name no candidate: every role. The cohort,
  // similarity and candidate reports name candidates: not the blind grader. The blind queue is
  // grading: the roles that grade.
  itemStats: ['admin', 'proctor', 'grader', 'viewer'],
  examInfo: ['admin', 'proctor', 'grader', 'viewer'],
  cohort: ['admin', 'proctor', 'viewer'],
  cohortCsv: ['admin', 'proctor', 'viewer'],
  similarity: ['admin', 'proctor', 'viewer'],
  blindQueue: ['admin', 'grader'],
  blindGrade: ['admin', 'grader'],
  attemptReportJson: ['admin', 'proctor', 'viewer'],
  attemptReport: ['admin', 'proctor', 'viewer'],
  attemptReportPdf: ['admin', 'proctor', 'viewer'],
} satisfies Partial<Record<HubOperationId, readonly HubRole[]>>;

/** The dashboard's live channel: the grid as it changes. */
export const LIVE_VIEW_ROLES: readonly HubRole[] = ['admin', 'proctor', 'viewer'];

/** Roles that see candidates under a pseudonym (blind grading). */
export const BLIND_ROLES: readonly HubRole[] = ['grader'];

export function roleMay(role: HubRole, operation: ProctorOperation): boolean {
  return ROUTE_ROLES[operation].includes(role);
}

export function isProctorOperation(operationId: string): operationId is ProctorOperation {
  return Object.hasOwn(ROUTE_ROLES, operationId);
}
