/**
 * The names of every request and event, apart from their schemas, so the preload can build
 * `window.vigil` without bundling zod. contract.ts checks at compile time that these lists and
 * the schema table name exactly the same things.
 */
export const METHOD_NAMES = [
  'getAppInfo',
  'getExam',
  'getAttempt',
  'checkIn',
  'getPreflight',
  'completePreflight',
  'startAttempt',
  'saveAnswer',
  'setFlag',
  'submitAttempt',
  'getResult',
  'runSql',
  'terminalOpen',
  'terminalWrite',
  'terminalResize',
  'terminalAck',
  'terminalRestart',
  'workspacePickLanguage',
  'workspaceList',
  'workspaceRead',
  'workspaceWrite',
  'workspaceRunTests',
  'sqlSchema',
  'reportViolation',
] as const;
export const EVENT_NAMES = ['notice', 'attemptChanged', 'timer', 'timerWarning', 'terminalOutput', 'terminalExit', 'terminalError', 'workspaceChanged'] as const;

export type MethodName = (typeof METHOD_NAMES)[number];
export type EventNameString = (typeof EVENT_NAMES)[number];

/** IPC channel names: one per request, one for all events. */
export const IPC_PREFIX = 'vigil:';
export const IPC_EVENT_CHANNEL = 'vigil:event';
