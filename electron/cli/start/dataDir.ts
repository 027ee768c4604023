import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the browser mode of `npm start` keeps attempts when no `--data` is given: the user's data
 * folder, so an answer survives a restart, and apart from the desktop app's (whose device key is
 * sealed with the OS keychain the host cannot reach).
 */
export function defaultBrowserDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'vigil', 'browser-mode');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'vigil', 'browser-mode');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'vigil', 'browser-mode');
}
