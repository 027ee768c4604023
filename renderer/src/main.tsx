import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { connectToApp } from './api/connect.js';
import { createAppStore } from './store/appStore.js';
import { StoreProvider } from './store/StoreProvider.js';
import './styles.css';

const store = createAppStore(connectToApp());
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
