import { createStore, type StoreApi } from 'zustand/vanilla';
import { createAnswersSlice, type AnswersSlice } from './answersSlice.js';
import { createAttemptSlice, type AttemptSlice } from './attemptSlice.js';
import { createConnectionSlice, type ConnectionSlice } from './connectionSlice.js';
import { createExamSlice, type ExamSlice } from './examSlice.js';
import { createNavSlice, type NavSlice } from './navSlice.js';
import { createNoticeSlice, type NoticeSlice } from './noticeSlice.js';
import { createPrefsSlice, type PrefsSlice } from './prefsSlice.js';
import type { StoreDeps } from './storeTypes.js';
import { createTimerSlice, type TimerSlice } from './timerSlice.js';
import { createWorkspaceSlice, type WorkspaceSlice } from './workspaceSlice.js';

/** All slices combined into one store; components select single values from it. */
export type AppState = ExamSlice & AttemptSlice & AnswersSlice & NavSlice & TimerSlice & NoticeSlice & ConnectionSlice & PrefsSlice & WorkspaceSlice;
export type AppStore = StoreApi<AppState>;

export function createAppStore(deps: StoreDeps): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createExamSlice(deps)(...a),
    ...createAttemptSlice(deps)(...a),
    ...createAnswersSlice(deps)(...a),
    ...createNavSlice(deps)(...a),
    ...createTimerSlice(deps)(...a),
    ...createNoticeSlice(deps)(...a),
    ...createConnectionSlice(deps)(...a),
    ...createPrefsSlice(deps)(...a),
    ...createWorkspaceSlice(deps)(...a),
  }));
}

/**
 * Feeds the store from the app: the contract's events, and the connection state. After a dropped
 * connection comes back the attempt is fetched again, since events may have been missed meanwhile.
 * Returns a function that stops it all.
 */
export function connectStore(store: AppStore, deps: Pick<StoreDeps, 'api' | 'connection'>): () => void {
  const { api, connection } = deps;
  const stops = [
    api.on('attemptChanged', (view) => store.getState().applyAttempt(view)),
    api.on('timer', (timer) => store.getState().setTimer(timer)),
    api.on('timerWarning', ({ minutesLeft }) => store.getState().warnTimer(minutesLeft)),
    api.on('notice', (notice) => store.getState().pushNotice(notice)),
    connection.subscribe((state) => {
      const before = store.getState().connection;
      store.getState().setConnection(state);
      if (state === 'open' && before === 'reconnecting') void store.getState().loadAttempt();
    }),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}
