import { describe, expect, it } from 'vitest';
import { terminalKeyAction } from '../../../../renderer/src/terminal/terminalKeys.js';

const key = (key: string, code: string, mods: Partial<Record<'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey', boolean>> = {}) => ({
  key,
  code,
  ctrlKey: false,
  shiftKey: false,
  altKey: false,
  metaKey: false,
  ...mods,
});

describe('terminal keys', () => {
  it('gives Tab, Escape and Ctrl+letters to the shell', () => {
    expect(terminalKeyAction(key('Tab', 'Tab'))).toBe('shell');
    expect(terminalKeyAction(key('Escape', 'Escape'))).toBe('shell');
    expect(terminalKeyAction(key('n', 'KeyN'))).toBe('shell');
  });

  it('lets F6 / Shift+F6 out of the terminal', () => {
    expect(terminalKeyAction(key('F6', 'F6'))).toBe('focus-next');
    expect(terminalKeyAction(key('F6', 'F6', { shiftKey: true }))).toBe('focus-previous');
  });

  it('leaves the exam shortcuts (Alt+N/P/F/R) to the page', () => {
    for (const code of ['KeyN', 'KeyP', 'KeyF', 'KeyR']) expect(terminalKeyAction(key('x', code, { altKey: true }))).toBe('page');
    expect(terminalKeyAction(key('b', 'KeyB', { altKey: true }))).toBe('shell'); // readline's word-back
  });

  it('maps copy and paste keys', () => {
    expect(terminalKeyAction(key('Insert', 'Insert', { ctrlKey: true }))).toBe('copy');
    expect(terminalKeyAction(key('c', 'KeyC', { ctrlKey: true }))).toBe('copy-or-interrupt');
    // Ctrl+Shift+C is the developer tools key the lockdown swallows: not the terminal's.
    expect(terminalKeyAction(key('C', 'KeyC', { ctrlKey: true, shiftKey: true }))).toBe('shell');
    expect(terminalKeyAction(key('v', 'KeyV', { ctrlKey: true }))).toBe('paste');
    expect(terminalKeyAction(key('V', 'KeyV', { ctrlKey: true, shiftKey: true }))).toBe('paste');
    expect(terminalKeyAction(key('Insert', 'Insert', { shiftKey: true }))).toBe('paste');
  });
});
