import { describe, expect, it } from 'vitest';
import type { RefusalKind } from '../../../../electron/core/lockdown/refusals.js';
import { hardenApp, type HardenAppElectron } from '../../../../electron/main/hardening.js';
import { createFakeEmitter, createFakeSession, createFakeWindow } from '../../../support/fakeElectron.js';

describe('hardenApp', () => {
  it('hardens every WebContents the app creates and installs the session handlers', () => {
    const app = createFakeEmitter();
    const session = createFakeSession();
    const refused: Array<[RefusalKind, string]> = [];
    const shortcuts: string[] = [];
    hardenApp({ app, session, platform: 'linux' } as unknown as HardenAppElectron, { refused: (k, u) => refused.push([k, u]), shortcut: (s) => shortcuts.push(s) });
    expect(session.handlers.request && session.handlers.check && session.handlers.device && session.handlers.displayMedia && session.handlers.beforeRequest).toBeTruthy();

    // A WebContents made later (a devtools window, a stray popup) gets the same treatment.
    const { webContents } = createFakeWindow();
    app.emit('web-contents-created', webContents);
    expect(webContents.emit('will-navigate', 'https://example.com/').defaultPrevented).toBe(true);
    expect(webContents.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(webContents.emit('before-input-event', { type: 'keyDown', key: 'F12', control: false, shift: false, meta: false, alt: false, isAutoRepeat: false }).defaultPrevented).toBe(true);
    expect(refused.map((r) => r[0])).toEqual(['navigation', 'new-window']);
    expect(shortcuts).toEqual(['developer tools (F12)']);
  });
});
