import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { connectToApp } from './api/connect.js';
import { connectStore, createAppStore } from './store/appStore.js';
import { browserStorage, createPersist } from './store/persist.js';
import { StoreProvider } from './store/StoreProvider.js';
import './styles.css';
import './highlight.css';

// Every module of the bundle has been evaluated by now (the startup benchmark reads this mark).
performance.mark('vigil:main-start');

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
contrastQuery.addEventListener('change', (e) => store.setState({ systemHighContrast: e.matches }));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
