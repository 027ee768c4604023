import type { ParsedParams } from '../../../shared/contract.js';
import type { ViolationSeverity } from '../../../shared/journal.js';
import type { AttemptService } from '../attempt/attemptService.js';
import type { ExamPackage } from '../package/types.js';
import type { HandlerTable } from './handlerTable.js';

export interface AppServices {
  version: string;
  role: 'candidate' | 'proctor';
  platform: string;
  pkg: ExamPackage;
  attempts: AttemptService;
}

/**
 * A paste from outside the exam is only noted where the policy allows the clipboard (elsewhere the
 * guards refused it, as `clipboard-blocked`); a large paste is worth a proctor's look under any policy.
 */
export function pageViolationSeverity(kind: ParsedParams<'reportViolation'>['kind'], clipboard: string): ViolationSeverity {
  if (kind === 'clipboard-blocked' || kind === 'file-drop-blocked' || kind === 'paste-large') return 'warning';
  if (kind === 'paste-external') return clipboard === 'allow' ? 'info' : 'warning';
  return 'info';
}

/** The composition of services behind the contract; transports never see the services directly. */
export function createHandlers(services: AppServices): HandlerTable {
  const { attempts } = services;
  const handlers: HandlerTable['handlers'] = {
    getAppInfo: () => ({ name: 'Vigil', version: services.version, role: services.role, platform: services.platform }),
    getExam: () => {
      const { $schema: _schema, ...view } = services.pkg.exam;
      return view;
    },
    getAttempt: () => attempts.getAttempt(),
    checkIn: (params) => attempts.checkIn(params),
    getPreflight: () => attempts.getPreflight(),
    completePreflight: (params) => attempts.completePreflight(params),
    startAttempt: () => attempts.startAttempt(),
    saveAnswer: (params) => attempts.saveAnswer(params),
    setFlag: (params) => attempts.setFlag(params),
    submitAttempt: () => attempts.submitAttempt(),
    getResult: () => attempts.getResult(),
    runSql: (params) => attempts.runSql(params),
    terminalOpen: (params) => attempts.terminalOpen(params),
    terminalWrite: (params) => (attempts.terminals().write(params.sessionId, params.data), {}),
    terminalResize: (params) => (attempts.terminals().resize(params.sessionId, params.cols, params.rows), {}),
    terminalAck: (params) => (attempts.terminals().ack(params.sessionId, params.bytes), {}),
    terminalRestart: (params) => attempts.terminalRestart(params.sessionId),
    workspacePickLanguage: (params) => attempts.workspacePickLanguage(params),
    workspaceList: (params) => attempts.workspaceList(params.itemId),
    workspaceRead: (params) => attempts.workspaceRead(params.itemId, params.path),
    workspaceWrite: (params) => attempts.workspaceWrite(params.itemId, params.path, params.content, params.ifMtimeMs),
    workspaceRunTests: (params) => attempts.workspaceRunTests(params.itemId, params.language),
    sqlSchema: (params) => attempts.sqlSchema(params.itemId),
    reportViolation: async (params) => {
      // The page says what it saw; how much it weighs is the app's call, not the page's.
      const severity = pageViolationSeverity(params.kind, services.pkg.exam.policy.clipboard);
      await attempts.recordViolation({ kind: params.kind, severity, detail: params.detail });
      return {};
    },
  };
  return { handlers, attemptState: () => attempts.attemptState() };
}
