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

/** The composition of services behind the contract; transports never see the services directly. */
export function createHandlers(services: AppServices): HandlerTable {
  const { attempts } = services;
  return {
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
    terminalRestart: (params) => attempts.terminals().restart(params.sessionId),
    workspaceList: (params) => attempts.workspaceList(params.itemId),
    workspaceRead: (params) => attempts.workspaceRead(params.itemId, params.path),
    workspaceWrite: (params) => attempts.workspaceWrite(params.itemId, params.path, params.content),
    reportViolation: async (params) => {
      // The page says what it blocked; how much it weighs is the app's call, not the page's.
      const severity = params.kind === 'clipboard-blocked' || params.kind === 'file-drop-blocked' ? 'warning' : 'info';
      await attempts.recordViolation({ kind: params.kind, severity, detail: params.detail });
      return {};
    },
  };
}
