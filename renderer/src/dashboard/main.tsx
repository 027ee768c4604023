import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createHubClient } from './api/hubClient.js';
import { startLiveFeed, type LiveSocket } from './api/liveFeed.js';
import { DashboardApp } from './DashboardApp.js';
import { parseRoute, routePath } from './lib/route.js';
import { connectDashboard, createDashboardStore, type DashboardStore, type FeedStarter } from './store/dashboardStore.js';
import { DashboardProvider } from './store/DashboardProvider.js';
import { browserSessionStorage, createSessionStore } from './store/session.js';
import './dashboard.css';

const SESSION_ENDED = 'Your session has ended (it expired, or the hub restarted). Log in again.';

/**
 * The proctor dashboard's composition root. The hub serves it at /dashboard/ on its own origin, so
 * the API and the live channel are same-origin (CSP connect-src 'self').
 */
export function mountDashboard(root: HTMLElement): void {
  let store: DashboardStore | null = null;
  const client = createHubClient({
    origin: window.location.origin,
    token: () => store?.getState().session?.token ?? null,
    fetch: (input, init) => window.fetch(input, init),
    onUnauthorized: () => store?.getState().logout(SESSION_ENDED),
  });
  const wsOrigin = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}`;
  const startFeed: FeedStarter = (token, handlers) =>
    startLiveFeed({
      wsOrigin,
      token,
      // The DOM WebSocket matches LiveSocket at runtime; its handler types are only wider.
      openSocket: (url, protocols) => new WebSocket(url, protocols) as unknown as LiveSocket,
      poll: () => client.attempts(),
      ...handlers,
    });
  const created = createDashboardStore(
    { client, sessions: createSessionStore(browserSessionStorage()), now: () => Date.now() },
    parseRoute(window.location.pathname),
  );
  store = created;
  connectDashboard(created, { startFeed });
  syncHistory(created);

  createRoot(root).render(
    <StrictMode>
      <DashboardProvider store={created}>
        <DashboardApp client={client} />
      </DashboardProvider>
    </StrictMode>,
  );
}

/** Keeps the address bar and the store's route in step (back and forward buttons included). */
function syncHistory(store: DashboardStore): void {
  const canonical = routePath(store.getState().route);
  if (window.location.pathname !== canonical) window.history.replaceState(null, '', canonical);
  store.subscribe((state, previous) => {
    if (state.route === previous.route) return;
    const path = routePath(state.route);
    if (window.location.pathname !== path) window.history.pushState(null, '', path);
  });
  window.addEventListener('popstate', () => store.getState().setRoute(parseRoute(window.location.pathname)));
}
