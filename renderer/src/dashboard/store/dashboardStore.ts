import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CommandRequest } from '../../../../shared/hub/commands.js';
import type { AttemptDetail, AttemptSummary, GradeRequest } from '../../../../shared/hub/proctor.js';
import { HubRequestError, type HubClient } from '../api/hubClient.js';
import type { FeedStatus, LiveFeed, LiveFeedOptions } from '../api/liveFeed.js';
import { mergeSummaries, type AttemptRows } from '../lib/attemptRows.js';
import { type Route } from '../lib/route.js';
import { DEFAULT_FILTER, DEFAULT_SORT, nextSort, type GridFilter, type GridSort, type SortKey } from '../lib/sortFilter.js';
import type { ProctorSession, SessionStore } from './session.js';

export interface DashboardDeps {
  client: HubClient;
  sessions: SessionStore;
  now(): number;
}

/** Starts the live feed for a session (startLiveFeed with the browser's WebSocket). */
export type FeedStarter = (token: string, handlers: Pick<LiveFeedOptions, 'onSummaries' | 'onStatus' | 'onUnauthorized'>) => LiveFeed;

export interface DetailState {
  attemptId: string;
  data: AttemptDetail | null;
  error: string | null;
  loading: boolean;
}

export interface DashboardState {
  session: ProctorSession | null;
  /** Why the login screen shows (a failed login, an expired session). */
  loginError: string | null;
  loginBusy: boolean;

  rows: AttemptRows;
  /** The first list arrived (before it the grid says "loading", after it "no attempts"). */
  listLoaded: boolean;
  feedStatus: FeedStatus;
  feedDetail: string | null;

  filter: GridFilter;
  sort: GridSort;
  route: Route;
  detail: DetailState | null;

  login(password: string, name: string): Promise<boolean>;
  logout(reason?: string): void;
  applySummaries(attempts: AttemptSummary[], replace: boolean): void;
  setFeedStatus(status: FeedStatus, detail?: string): void;
  setFilter(filter: Partial<GridFilter>): void;
  sortBy(key: SortKey): void;
  setRoute(route: Route): void;
  loadDetail(attemptId: string): Promise<void>;
  /** Sends a command; resolves with an error message, or null once the hub accepted it (202). */
  sendCommand(attemptId: string, command: CommandRequest): Promise<string | null>;
  /** Grades an essay; resolves with an error message, or null once stored. */
  gradeEssay(attemptId: string, grade: GradeRequest): Promise<string | null>;
  /** Lets the device that asked (its key fingerprint, as shown) enroll as this attempt's candidate; resolves with an error message, or null once allowed. */
  allowReenroll(attemptId: string, deviceFingerprint: string): Promise<string | null>;
}

export type DashboardStore = StoreApi<DashboardState>;

/** A failure as one sentence for the proctor. */
export function describeFailure(error: unknown): string {
  if (error instanceof HubRequestError) {
    if (error.status === 0) return 'The hub cannot be reached. Check the network and try again.';
    if (error.status === 429) return 'Too many requests: wait a minute and try again.';
    return error.message.charAt(0).toUpperCase() + error.message.slice(1);
  }
  return error instanceof Error ? error.message : String(error);
}

export function createDashboardStore(deps: DashboardDeps, initialRoute: Route): DashboardStore {
  return createStore<DashboardState>()((set, get) => ({
    session: deps.sessions.load(deps.now()),
    loginError: null,
    loginBusy: false,
    rows: {},
    listLoaded: false,
    feedStatus: 'stopped',
    feedDetail: null,
    filter: DEFAULT_FILTER,
    sort: DEFAULT_SORT,
    route: initialRoute,
    detail: null,

    async login(password, name) {
      if (get().loginBusy) return false;
      set({ loginBusy: true, loginError: null });
      try {
        const reply = await deps.client.login(password, name.trim() || undefined);
        const session: ProctorSession = { token: reply.token, expiresAt: reply.expiresAt, name: reply.name, role: reply.role };
        deps.sessions.save(session);
        set({ session, loginBusy: false, rows: {}, listLoaded: false });
        return true;
      } catch (error) {
        let message: string;
        if (error instanceof HubRequestError && error.status === 401) message = 'Wrong password. Check it with the hub operator and try again.';
        else if (error instanceof HubRequestError && error.status === 429) message = 'Too many login attempts from this computer. Wait a minute, then try again.';
        else message = describeFailure(error);
        set({ loginBusy: false, loginError: message });
        return false;
      }
    },

    logout(reason) {
      deps.sessions.clear();
      set({ session: null, loginError: reason ?? null, rows: {}, listLoaded: false, detail: null });
    },

    applySummaries(attempts, replace) {
      set({ rows: mergeSummaries(get().rows, attempts, deps.now(), replace), listLoaded: true });
    },

    setFeedStatus(status, detail) {
      set({ feedStatus: status, feedDetail: detail ?? null });
    },

    setFilter(filter) {
      set({ filter: { ...get().filter, ...filter } });
    },

    sortBy(key) {
      set({ sort: nextSort(get().sort, key) });
    },

    setRoute(route) {
      set({ route });
    },

    async loadDetail(attemptId) {
      const current = get().detail;
      const keep = current?.attemptId === attemptId ? current.data : null;
      set({ detail: { attemptId, data: keep, error: null, loading: true } });
      try {
        const data = await deps.client.detail(attemptId);
        if (get().detail?.attemptId !== attemptId) return;
        set({ detail: { attemptId, data, error: null, loading: false } });
      } catch (error) {
        if (get().detail?.attemptId !== attemptId) return;
        const message = error instanceof HubRequestError && error.status === 404 ? 'The hub has no such attempt.' : describeFailure(error);
        set({ detail: { attemptId, data: keep, error: message, loading: false } });
      }
    },

    async sendCommand(attemptId, command) {
      try {
        await deps.client.command(attemptId, command);
      } catch (error) {
        return describeFailure(error);
      }
      // The command log and pending count change: show them without waiting for the next push.
      if (get().detail?.attemptId === attemptId) void get().loadDetail(attemptId);
      return null;
    },

    async gradeEssay(attemptId, grade) {
      let graded;
      try {
        ({ graded } = await deps.client.grade(attemptId, grade));
      } catch (error) {
        return describeFailure(error);
      }
      const detail = get().detail;
      if (detail?.attemptId === attemptId && detail.data) {
        set({ detail: { ...detail, data: { ...detail.data, graded, essays: detail.data.essays.map((e) => (e.itemId === grade.itemId ? { ...e, grade: graded.items[e.itemId] ?? e.grade } : e)) } } });
      }
      void get().loadDetail(attemptId);
      return null;
    },

    async allowReenroll(attemptId, deviceFingerprint) {
      try {
        await deps.client.callRoute('allowReenroll', { params: { id: attemptId }, body: { deviceFingerprint } });
      } catch (error) {
        return describeFailure(error);
      }
      // The summary's reenrollAllowedUntil comes with the next push; the detail shows it now.
      if (get().detail?.attemptId === attemptId) void get().loadDetail(attemptId);
      return null;
    },
  }));
}

/**
 * Runs the live feed while a session exists: starts it on login, stops it on logout, and sends the
 * proctor back to the login screen when the hub no longer accepts the token. Returns a stop function.
 */
export function connectDashboard(store: DashboardStore, deps: { startFeed: FeedStarter }): () => void {
  let feed: LiveFeed | null = null;
  let token: string | null = null;
  const sync = (session: ProctorSession | null) => {
    if ((session?.token ?? null) === token) return;
    feed?.stop();
    feed = null;
    token = session?.token ?? null;
    if (!session) return;
    feed = deps.startFeed(session.token, {
      onSummaries: (attempts, replace) => store.getState().applySummaries(attempts, replace),
      onStatus: (status, detail) => store.getState().setFeedStatus(status, detail),
      onUnauthorized: () => store.getState().logout('Your session has ended (it expired, or the hub restarted). Log in again.'),
    });
  };
  sync(store.getState().session);
  const unsubscribe = store.subscribe((state) => sync(state.session));
  return () => {
    unsubscribe();
    feed?.stop();
    feed = null;
  };
}
