import { render } from '@testing-library/react';
import { vi } from 'vitest';
import type { AttemptView } from '../../../shared/attemptView.js';
import type { EventData, EventName, ExamView, VigilApi } from '../../../shared/contract.js';
import { examSchema } from '../../../shared/exam/examSchema.js';
import { App } from '../../../renderer/src/App.js';
import { ApiCallError } from '../../../renderer/src/api/apiCallError.js';
import type { ConnectionSource, ConnectionState } from '../../../renderer/src/api/connection.js';
import { connectStore, createAppStore, type AppStore } from '../../../renderer/src/store/appStore.js';
import { createPersist, type KeyValueStore } from '../../../renderer/src/store/persist.js';
import { StoreProvider } from '../../../renderer/src/store/StoreProvider.js';

/** A small exam with one item of each kind the tests need. */
export function testExam(overrides: Partial<ExamView> = {}): ExamView {
  const { $schema: _s, ...exam } = examSchema.parse({
    format: 'vigil-exam/1',
    id: 'test',
    version: '1',
    title: 'Test Exam',
    mode: 'practice',
    instructions: 'Read **carefully**.',
    timing: { durationMinutes: 30, warnAtMinutes: [5, 1] },
    sections: [
      {
        id: 's1',
        title: 'One',
        items: [
          { id: 'q1', type: 'single-choice', prompt: 'Pick', points: 1, options: [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }] },
          { id: 'q2', type: 'short-text', prompt: 'Name it', points: 1, maxLength: 20 },
          { id: 'q3', type: 'coding', prompt: 'Code it', points: 1, task: 'tasks/t' },
        ],
      },
    ],
  });
  return { ...exam, ...overrides };
}

export function attemptView(state: AttemptView['state'], overrides: Partial<AttemptView> = {}): AttemptView {
  return {
    attemptId: 'att-1',
    examId: 'test',
    state,
    stateReason: null,
    recovery: [],
    candidate: { id: 'c1', name: 'Ada' },
    answers: {},
    flags: [],
    languages: {},
    installedLanguages: null,
    timer: { clock: 'active', durationMs: 30 * 60_000, remainingMs: 30 * 60_000, running: state === 'in-progress', warnAtMinutes: [5, 1] },
    lockMessage: null,
    pauseReason: null,
    grading: null,
    submittedAt: null,
    submitReason: null,
    sync: { status: 'local-only', receipt: null, detail: null },
    ...overrides,
  };
}

export type FakeApi = { [K in keyof VigilApi]: VigilApi[K] & ReturnType<typeof vi.fn> } & {
  emit<E extends EventName>(event: E, data: EventData<E>): void;
};

export function fakeApi(exam: ExamView, attempt: AttemptView | null): FakeApi {
  const listeners = new Map<string, Set<(d: unknown) => void>>();
  const api = {
    getAppInfo: vi.fn(async () => ({ name: 'Vigil' as const, version: '0', role: 'candidate' as const, platform: 'test' })),
    getExam: vi.fn(async () => exam),
    getAttempt: vi.fn(async () => attempt),
    checkIn: vi.fn(async () => attemptView('preflight')),
    getPreflight: vi.fn(async () => ({ checks: [] })),
    completePreflight: vi.fn(async () => attemptView('ready')),
    startAttempt: vi.fn(async () => attemptView('in-progress')),
    saveAnswer: vi.fn(async () => ({ seq: 1, savedAt: new Date().toISOString() })),
    setFlag: vi.fn(async () => ({ seq: 1 })),
    submitAttempt: vi.fn(async () => attemptView('sealed', { submitReason: 'candidate', submittedAt: new Date().toISOString() })),
    getResult: vi.fn(async () => {
      throw new Error('no result in this test');
    }),
    runSql: vi.fn(async () => ({ ok: true as const, columns: [], rows: [], truncated: false })),
    on: vi.fn((event: string, listener: (d: unknown) => void) => {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    }),
    emit(event: string, data: unknown) {
      for (const l of listeners.get(event) ?? []) l(data);
    },
  };
  // Requests this fake does not model (terminal, workspace) answer "unavailable", like a host without them.
  return new Proxy(api, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && !(prop in target)) {
        const missing = vi.fn(async () => {
          throw new ApiCallError(prop, { code: 'unavailable', message: `${prop} is not available in this test` });
        });
        Reflect.set(target, prop, missing);
        return missing;
      }
      return Reflect.get(target, prop, receiver);
    },
  }) as unknown as FakeApi;
}

export function memoryStorage(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

export function fakeConnection(initial: ConnectionState = 'open'): ConnectionSource & { set(s: ConnectionState): void } {
  let state = initial;
  const ls = new Set<(s: ConnectionState) => void>();
  return {
    get: () => state,
    subscribe: (l) => {
      ls.add(l);
      return () => ls.delete(l);
    },
    set(s) {
      state = s;
      for (const l of ls) l(s);
    },
  };
}

/** Renders the whole app on a fake API; returns the store and the fakes for assertions. */
export function renderApp(api: FakeApi, options: { storage?: KeyValueStore; connection?: ReturnType<typeof fakeConnection> } = {}) {
  const connection = options.connection ?? fakeConnection();
  const store: AppStore = createAppStore({
    api,
    connection,
    persist: createPersist(options.storage ?? memoryStorage()),
    now: () => Date.now(),
    prefersHighContrast: () => false,
  });
  const stop = connectStore(store, { api, connection });
  const view = render(
    <StoreProvider store={store}>
      <App />
    </StoreProvider>,
  );
  return { store, connection, view, stop };
}
