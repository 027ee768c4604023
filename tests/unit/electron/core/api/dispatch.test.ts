import { describe, expect, it } from 'vitest';
import { METHODS, type Method } from '../../../../../shared/contract.js';
import { ATTEMPT_STATES, type AttemptState } from '../../../../../shared/lifecycle.js';
import { dispatch } from '../../../../../electron/core/api/dispatch.js';
import type { HandlerTable } from '../../../../../electron/core/api/handlerTable.js';

/** Valid params for every request, so only the state rule can refuse a call. */
const PARAMS: Record<Method, unknown> = {
  getAppInfo: {},
  getExam: {},
  getAttempt: {},
  checkIn: { candidateId: 'c1', candidateName: 'Ada' },
  getPreflight: {},
  completePreflight: {},
  startAttempt: {},
  saveAnswer: { itemId: 'q1', value: 'a' },
  setFlag: { itemId: 'q1', flagged: true },
  submitAttempt: {},
  getResult: {},
  runSql: { itemId: 'q1', query: 'select 1' },
  terminalOpen: { sessionId: 'code', cols: 80, rows: 24 },
  terminalWrite: { sessionId: 'code', data: 'touch answer\r' },
  terminalResize: { sessionId: 'code', cols: 100, rows: 30 },
  terminalAck: { sessionId: 'code', bytes: 5000 },
  terminalRestart: { sessionId: 'code' },
  workspacePickLanguage: { itemId: 'code', language: 'python' },
  workspaceList: { itemId: 'code' },
  workspaceRead: { itemId: 'code', path: 'a.js' },
  workspaceWrite: { itemId: 'code', path: 'a.js', content: 'x' },
  workspaceRunTests: { itemId: 'code' },
  sqlSchema: { itemId: 'q1' },
  reportViolation: { kind: 'shortcut-blocked', detail: 'F12' },
};

// Written out here, not read from the contract: the test states the rule a candidate relies on.
const ANSWER_CHANGING: readonly Method[] = ['saveAnswer', 'setFlag', 'submitAttempt', 'runSql', 'terminalOpen', 'terminalWrite', 'terminalResize', 'terminalRestart', 'workspaceWrite', 'workspaceRunTests', 'workspacePickLanguage'];
const EXPECTED: Partial<Record<Method, readonly AttemptState[]>> = {
  completePreflight: ['preflight'],
  startAttempt: ['ready'],
  ...Object.fromEntries(ANSWER_CHANGING.map((m) => [m, ['in-progress']])),
  // Reads of the workspace change no answer: the page behind a pause or lock may refresh them.
  workspaceList: ['in-progress', 'paused', 'locked'],
  workspaceRead: ['in-progress', 'paused', 'locked'],
};

function tableIn(state: AttemptState | null, calls: Method[]): HandlerTable {
  const handlers = new Proxy({}, { get: (_t, name) => () => (calls.push(name as Method), {}) }) as HandlerTable['handlers'];
  return { handlers, attemptState: () => state };
}

describe('dispatch: the attempt states each request needs', () => {
  const cases = METHODS.flatMap((method) => [...ATTEMPT_STATES, null].map((state) => [method, state] as const));

  it.each(cases)('%s in state %s: runs the handler exactly when the contract allows it', async (method, state) => {
    const calls: Method[] = [];
    const reply = await dispatch(tableIn(state, calls), method, PARAMS[method], { transport: 'websocket' });
    const needs = EXPECTED[method];
    const allowed = !needs || (state !== null && needs.includes(state));
    if (allowed) {
      expect(calls).toEqual([method]);
      if (!reply.ok) expect(reply.error.code).not.toBe('invalid-state');
    } else {
      expect(calls).toEqual([]);
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-state', details: { method, state, needs } } });
      if (!reply.ok) expect(reply.error.message).toContain(state === null ? 'check in first' : `while the attempt is ${state}`);
    }
  });

  it('refuses terminal input while locked or paused, naming the state', async () => {
    for (const state of ['locked', 'paused'] as const) {
      const calls: Method[] = [];
      const reply = await dispatch(tableIn(state, calls), 'terminalWrite', PARAMS.terminalWrite, { transport: 'ipc' });
      expect(reply).toEqual({
        ok: false,
        error: { code: 'invalid-state', message: `terminalWrite: not possible while the attempt is ${state} (needs in-progress)`, details: { method: 'terminalWrite', state, needs: ['in-progress'] } },
      });
      expect(calls).toEqual([]);
    }
  });

  it('checks params before the state, so a malformed call is invalid-params in any state', async () => {
    const reply = await dispatch(tableIn('locked', []), 'terminalWrite', { sessionId: 'code' }, { transport: 'ipc' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
  });
});
