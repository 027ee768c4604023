import { describe, expect, it } from 'vitest';
import { blockedShortcut, type KeyInput } from '../../../../../electron/core/lockdown/shortcuts.js';

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({ key: k, control: false, meta: false, shift: false, alt: false, ...mods });

describe('blocked shortcuts (before-input-event)', () => {
  it.each([
    ['F5', key('F5'), 'linux'],
    ['F12', key('F12'), 'win32'],
    ['Ctrl+Shift+R', key('R', { control: true, shift: true }), 'linux'],
    ['Cmd+R', key('r', { meta: true }), 'darwin'],
    ['Ctrl+Shift+I', key('I', { control: true, shift: true }), 'linux'],
    ['Ctrl+Shift+J', key('J', { control: true, shift: true }), 'win32'],
    ['Ctrl+Shift+C', key('C', { control: true, shift: true }), 'linux'],
    ['Cmd+Option+I (key changed by Option)', { ...key('ˆ', { meta: true, alt: true }), code: 'KeyI' }, 'darwin'],
    ['Ctrl+=', key('=', { control: true }), 'linux'],
    ['Ctrl++', key('+', { control: true, shift: true }), 'win32'],
    ['Ctrl+-', key('-', { control: true }), 'linux'],
    ['Ctrl+0', key('0', { control: true }), 'linux'],
    ['Cmd+=', key('=', { meta: true }), 'darwin'],
  ] as Array<[string, KeyInput, NodeJS.Platform]>)('blocks %s', (_name, input, platform) => {
    expect(blockedShortcut(input, platform)).not.toBeNull();
  });

  it.each([
    ['plain Ctrl+R on Linux (terminal history search)', key('r', { control: true }), 'linux'],
    ['plain Ctrl+R on Windows', key('r', { control: true }), 'win32'],
    ['Ctrl+C (copy, or interrupt in the terminal)', key('c', { control: true }), 'linux'],
    ['Ctrl+V', key('v', { control: true }), 'win32'],
    ['typing I', key('I', { shift: true }), 'linux'],
    ['Ctrl+R on macOS (terminal history search)', key('r', { control: true }), 'darwin'],
    ['Ctrl+= on macOS (not the command key)', key('=', { control: true }), 'darwin'],
  ] as Array<[string, KeyInput, NodeJS.Platform]>)('lets %s through', (_name, input, platform) => {
    expect(blockedShortcut(input, platform)).toBeNull();
  });
});
