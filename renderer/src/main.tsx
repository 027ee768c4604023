import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { connectToApp } from './api/connect.js';
import { connectStore, createAppStore } from './store/appStore.js';
import { browserStorage, createPersist } from './store/persist.js';
import { StoreProvider } from './store/StoreProvider.js';
import { installGuards } from './guards/installGuards.js';
import './styles.css';
import './highlight.css';

// Every module of the bundle has been evaluated by now (the startup benchmark reads this mark).
performance.mark('vigil:main-start');

function rootElement(): HTMLElement {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element');
  return root;
}

/** The candidate app: the engine behind window.vigil (Electron) or the headless host's WebSocket. */
function startCandidateApp(): void {
  const { api, connection } = connectToApp();
  const contrastQuery = window.matchMedia('(prefers-contrast: more)');
  const store = createAppStore({
    api,
    connection,
    persist: createPersist(browserStorage()),
    now: () => Date.now(),
    prefersHighContrast: () => contrastQuery.matches,
  });
  connectStore(store, { api, connection });

  // The page's guards (DESIGN 6): what they prevent is journaled through the API. The clipboard
  // policy starts at the default and follows the exam's once it has loaded.
  const guards = installGuards(window, {
    clipboard: 'isolated',
    report: (violation) => {
      api.reportViolation({ kind: violation.kind, detail: violation.detail }).catch((error: unknown) => console.error('vigil: could not report a blocked action', error));
    },
  });
  store.subscribe((state, previous) => {
    if (state.exam && state.exam !== previous.exam) guards.setClipboardPolicy(state.exam.policy.clipboard);
  });
  contrastQuery.addEventListener('change', (e) => store.setState({ systemHighContrast: e.matches }));

  createRoot(rootElement()).render(
    <StrictMode>
      <StoreProvider store={store}>
        <App />
      </StoreProvider>
    </StrictMode>,
  );
}

// The hub serves the proctor dashboard from the same build at /dashboard/: its own chunk, loaded
// only there, so the candidate bundle does not grow.
if (window.location.pathname.startsWith('/dashboard')) {
  void import('./dashboard/main.js').then(
    ({ mountDashboard }) => mountDashboard(rootElement()),
    (error: unknown) => {
      rootElement().textContent = `The proctor dashboard could not load: ${error instanceof Error ? error.message : String(error)}. Reload the page to try again.`;
    },
  );
} else {
  startCandidateApp();
}
