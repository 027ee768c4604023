import type { EventData } from '../../../shared/contract.js';
import { isBoolean, storageKeys } from './persist.js';
import type { Slice, StoreDeps } from './storeTypes.js';

export interface Notice extends EventData<'notice'> {
  id: number;
  at: number;
}

export interface NoticeSlice {
  /** Proctor messages: each stays on screen until the candidate dismisses it. */
  notices: Notice[];
  pushNotice(notice: EventData<'notice'>): void;
  dismissNotice(id: number): void;
  /** The exam is over: a message or added-time notice left open no longer applies. */
  clearNotices(): void;
  /** Whether this attempt's "time is up" overlay was acknowledged (kept across reloads). */
  timeUpSeen: boolean;
  /** Reads `timeUpSeen` for the current attempt. */
  syncTimeUpSeen(): void;
  acknowledgeTimeUp(): void;
}

export const createNoticeSlice =
  ({ persist, now }: StoreDeps): Slice<NoticeSlice> =>
  (set, get) => {
    let nextId = 1;
    return {
      notices: [],
      timeUpSeen: false,
      pushNotice(notice) {
        set({ notices: [...get().notices, { ...notice, id: nextId++, at: now() }] });
      },
      dismissNotice(id) {
        set({ notices: get().notices.filter((n) => n.id !== id) });
      },
      clearNotices() {
        if (get().notices.length > 0) set({ notices: [] });
      },
      syncTimeUpSeen() {
        const attemptId = get().attempt?.attemptId;
        set({ timeUpSeen: attemptId ? persist.read(storageKeys.timeUpSeen(attemptId), isBoolean) === true : false });
      },
      acknowledgeTimeUp() {
        const attemptId = get().attempt?.attemptId;
        if (attemptId) persist.write(storageKeys.timeUpSeen(attemptId), true);
        set({ timeUpSeen: true });
      },
    };
  };
