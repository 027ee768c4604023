import { describe, expect, it } from 'vitest';
import { defaultBrowserDataDir } from '../../../../../electron/cli/start/dataDir.js';

describe('defaultBrowserDataDir', () => {
  it("is the user's data folder, honouring XDG_DATA_HOME on Linux", () => {
    expect(defaultBrowserDataDir({}, 'linux', '/home/ana')).toBe('/home/ana/.local/share/vigil/browser-mode');
    expect(defaultBrowserDataDir({ XDG_DATA_HOME: '/data' }, 'linux', '/home/ana')).toBe('/data/vigil/browser-mode');
    expect(defaultBrowserDataDir({}, 'darwin', '/Users/ana')).toBe('/Users/ana/Library/Application Support/vigil/browser-mode');
  });
});
