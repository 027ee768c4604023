// The preload runs in a sandboxed renderer: it only builds window.vigil (see bridge.ts).
import { contextBridge, ipcRenderer } from 'electron';
import { exposeVigil } from './bridge.js';

exposeVigil(contextBridge, ipcRenderer);
