// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { clearClipboardMemory, lastCopied, rememberCopy, rememberPageCopies } from '../../../../renderer/src/terminal/clipboardMemory.js';
import { BLOCKED_REASON, decideCopy, decidePaste, ISOLATED_EMPTY_REASON } from '../../../../renderer/src/terminal/clipboardPolicy.js';

afterEach(() => clearClipboardMemory());

describe('the clipboard policy', () => {
  it('allow: the system clipboard both ways', () => {
    expect(decideCopy('allow')).toEqual({ kind: 'system' });
    expect(decidePaste('allow', 'from outside', 'from exam')).toEqual({ kind: 'paste', text: 'from outside' });
  });

  it('isolated: copies stay in the exam, and only what was copied inside can be pasted', () => {
    expect(decideCopy('isolated')).toEqual({ kind: 'memory-only' });
    expect(decidePaste('isolated', 'rm -rf from a web page', 'npm test')).toEqual({ kind: 'paste', text: 'npm test' });
    expect(decidePaste('isolated', 'from outside', null)).toEqual({ kind: 'refuse', reason: ISOLATED_EMPTY_REASON });
  });

  it('block: neither copy nor paste', () => {
    expect(decideCopy('block')).toEqual({ kind: 'refuse', reason: BLOCKED_REASON });
    expect(decidePaste('block', 'x', 'y')).toEqual({ kind: 'refuse', reason: BLOCKED_REASON });
  });
});

describe('the clipboard memory', () => {
  it('keeps the last non-empty copy', () => {
    expect(lastCopied()).toBeNull();
    rememberCopy('first');
    rememberCopy('');
    expect(lastCopied()).toBe('first');
  });

  it('remembers copies made anywhere in the page, from a text field selection', () => {
    rememberPageCopies(document);
    rememberPageCopies(document); // idempotent
    const field = document.createElement('textarea');
    field.value = 'SELECT 1; and more';
    document.body.append(field);
    field.setSelectionRange(0, 9);
    field.dispatchEvent(new Event('copy', { bubbles: true }));
    expect(lastCopied()).toBe('SELECT 1;');
    field.remove();
  });
});
