import { join } from 'node:path';
import { createHubServer, type RunningHub } from './createHubServer.js';
import { registerHubUi } from './hubUi.js';

export interface ProctorModeOptions {
  /** The grading package. */
  examDir: string;
  /** The app's data folder; the hub keeps its store in `<dataDir>/hub`. */
  dataDir: string;
  /** The built renderer the dashboard is served from. */
  rendererDir?: string;
  /** Where candidates reach this hub: 0.0.0.0 for a room (TLS), loopback by default. */
  host?: string;
  port?: number;
  accessCode?: string;
  proctorPassword?: string;
  version?: string;
  log?: (line: string) => void;
}

export interface ProctorMode {
  hub: RunningHub;
  /** The page the proctor's window opens. */
  dashboardUrl: string;
  close(): Promise<void>;
}

/**
 * The desktop app's proctor mode (`npm start -- --proctor`): the hub in-process with its dashboard.
 * Electron's main only opens a window on `dashboardUrl`; everything else is here, testable headless.
 */
export async function startProctorMode(options: ProctorModeOptions): Promise<ProctorMode> {
  const hub = await createHubServer({
    examDir: options.examDir,
    dataDir: join(options.dataDir, 'hub'),
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    // The app's data folder outlives a session; the proctor gets a fresh password each one.
    newAdminPasswordEachStart: true,
    ...(options.accessCode ? { accessCode: options.accessCode } : {}),
    ...(options.proctorPassword ? { proctorPassword: options.proctorPassword } : {}),
    ...(options.version ? { version: options.version } : {}),
    ...(options.log ? { log: options.log } : {}),
    configureApp: (app) => registerHubUi(app, options.rendererDir ? { rendererDir: options.rendererDir } : {}),
  });
  return { hub, dashboardUrl: new URL('dashboard/', hub.url).href, close: () => hub.close() };
}
