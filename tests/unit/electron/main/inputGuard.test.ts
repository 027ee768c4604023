import { describe, expect, it } from 'vitest';
import { blockShortcuts } from '../../../../electron/main/inputGuard.js';
import { createFakeEmitter } from '../../../support/fakeElectron.js';

const input = (key: string, mods: Partial<{ control: boolean; shift: boolean; meta: boolean; alt: boolean; isAutoRepeat: boolean }> = {}, type = 'keyDown') => ({
  type,
  key,
  code: '',
  control: false,
  shift: false,
  meta: false,
  alt: false,
  isAutoRepeat: false,
  ...mods,
});

describe('blockShortcuts (before-input-event)', () => {
  function setup(platform: NodeJS.Platform = 'linux') {
    const contents = createFakeEmitter();
    const blocked: string[] = [];
    blockShortcuts(contents, platform, (s) => blocked.push(s));
    return { contents, blocked };
  }

  it('swallows devtools, reload and zoom keys and reports each press', () => {
    const { contents, blocked } = setup();
    expect(contents.emit('before-input-event', input('F12')).defaultPrevented).toBe(true);
    expect(contents.emit('before-input-event', input('I', { control: true, shift: true })).defaultPrevented).toBe(true);
    expect(contents.emit('before-input-event', input('F5')).defaultPrevented).toBe(true);
    expect(contents.emit('before-input-event', input('=', { control: true })).defaultPrevented).toBe(true);
    expect(blocked).toEqual(['developer tools (F12)', 'developer tools (I)', 'reload (F5)', 'zoom (=)']);
  });

  it('swallows held-down repeats without reporting them again', () => {
    const { contents, blocked } = setup();
    contents.emit('before-input-event', input('F5'));
    expect(contents.emit('before-input-event', input('F5', { isAutoRepeat: true })).defaultPrevented).toBe(true);
    expect(blocked).toHaveLength(1);
  });

  it('lets ordinary keys, key-ups and the terminal’s Ctrl+R through', () => {
    const { contents, blocked } = setup();
    expect(contents.emit('before-input-event', input('a')).defaultPrevented).toBe(false);
    expect(contents.emit('before-input-event', input('r', { control: true })).defaultPrevented).toBe(false);
    expect(contents.emit('before-input-event', input('F12', {}, 'keyUp')).defaultPrevented).toBe(false);
    expect(blocked).toEqual([]);
  });

  it('uses Cmd on macOS', () => {
    const { contents } = setup('darwin');
    expect(contents.emit('before-input-event', input('r', { meta: true })).defaultPrevented).toBe(true);
  });
});
