// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installGuards, type ClipboardPolicy, type GuardViolation, type Guards } from '../../../../renderer/src/guards/installGuards.js';

let guards: Guards | null = null;
let reports: GuardViolation[] = [];
let now = 0;

function install(clipboard: ClipboardPolicy = 'isolated') {
  guards = installGuards(window, { clipboard, report: (v) => reports.push(v), now: () => now, reportEveryMs: 1000 });
  return guards;
}

function textarea(value = ''): HTMLTextAreaElement {
  const el = document.createElement('textarea');
  el.value = value;
  document.body.appendChild(el);
  return el;
}

/** Dispatches a clipboard event on `target`; returns whether the page (a target listener) saw it and whether it was cancelled. */
function clipboardEvent(target: HTMLElement, type: 'copy' | 'cut' | 'paste', text?: string, extraTypes: Record<string, string> = {}) {
  const data = new DataTransfer();
  if (text !== undefined) data.setData('text/plain', text);
  for (const [format, value] of Object.entries(extraTypes)) data.setData(format, value);
  const event = new ClipboardEvent(type, { bubbles: true, cancelable: true, clipboardData: data });
  let pageSaw = false;
  const listener = () => (pageSaw = true);
  target.addEventListener(type, listener);
  target.dispatchEvent(event);
  target.removeEventListener(type, listener);
  return { cancelled: event.defaultPrevented, pageSaw, data };
}

/** A DataTransfer as browsers present it during a drag (happy-dom has no DragEvent). */
function dragEvent(type: string, data: { types: string[]; files?: unknown[]; text?: string }) {
  const event = new Event(type, { bubbles: true, cancelable: true });
  const transfer = { types: data.types, files: data.files ?? [], dropEffect: 'copy', getData: (f: string) => (f === 'text/plain' ? (data.text ?? '') : '') };
  Object.defineProperty(event, 'dataTransfer', { value: transfer });
  let pageSaw = false;
  const listener = () => (pageSaw = true);
  document.body.addEventListener(type, listener);
  document.body.dispatchEvent(event);
  document.body.removeEventListener(type, listener);
  return { cancelled: event.defaultPrevented, pageSaw, transfer };
}

function key(target: EventTarget, init: KeyboardEventInit) {
  const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
  let pageSaw = false;
  const listener = () => (pageSaw = true);
  target.addEventListener('keydown', listener);
  target.dispatchEvent(event);
  target.removeEventListener('keydown', listener);
  return { cancelled: event.defaultPrevented, pageSaw };
}

beforeEach(() => {
  reports = [];
  now = 0;
  document.body.innerHTML = '';
});
afterEach(() => {
  guards?.uninstall();
  guards = null;
});

describe('installGuards: context menu and files', () => {
  it('blocks the context menu and reports it', () => {
    install();
    const event = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
    document.body.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    expect(reports).toEqual([{ kind: 'context-menu-blocked', severity: 'info', detail: expect.any(String) }]);
  });

  it('refuses files dragged over or dropped on the window, before any editor sees them', () => {
    install('allow');
    const over = dragEvent('dragover', { types: ['Files'] });
    expect(over).toMatchObject({ cancelled: true, pageSaw: false });
    expect(over.transfer.dropEffect).toBe('none');
    const drop = dragEvent('drop', { types: ['Files'], files: [{ name: 'answers.txt' }] });
    expect(drop).toMatchObject({ cancelled: true, pageSaw: false });
    expect(reports).toEqual([expect.objectContaining({ kind: 'file-drop-blocked' })]);
  });
});

describe('installGuards: clipboard', () => {
  it('isolated: refuses text from outside the exam, without putting that text in the report', () => {
    install('isolated');
    const result = clipboardEvent(textarea(), 'paste', 'secret from ChatGPT');
    expect(result).toMatchObject({ cancelled: true, pageSaw: false });
    expect(reports).toEqual([{ kind: 'clipboard-blocked', severity: 'warning', detail: expect.stringContaining('19 characters from outside') }]);
    expect(JSON.stringify(reports)).not.toContain('secret');
  });

  it('isolated: lets text copied inside the exam back in, whatever the line endings became', () => {
    install('isolated');
    const field = textarea('SELECT 1;\nSELECT 2;');
    field.focus();
    field.setSelectionRange(0, field.value.length);
    clipboardEvent(field, 'copy');
    expect(clipboardEvent(field, 'paste', 'SELECT 1;\r\nSELECT 2;')).toMatchObject({ cancelled: false, pageSaw: true });
    expect(clipboardEvent(field, 'paste', 'SELECT 3;').cancelled).toBe(true);
  });

  it('isolated: remembers what an editor put on the clipboard itself (CodeMirror, xterm)', () => {
    install('isolated');
    const editor = document.createElement('div');
    document.body.appendChild(editor);
    for (const type of ['copy', 'cut']) {
      editor.addEventListener(type, (e) => {
        (e as ClipboardEvent).clipboardData?.setData('text/plain', 'const x = 1;');
        e.preventDefault();
      });
    }
    clipboardEvent(editor, 'cut');
    expect(clipboardEvent(editor, 'paste', 'const x = 1;').cancelled).toBe(false);
    guards?.rememberCopied('from the copy button');
    expect(clipboardEvent(editor, 'paste', 'from the copy button').cancelled).toBe(false);
    expect(clipboardEvent(editor, 'paste', 'const x = 1;').cancelled).toBe(true);
  });

  it('isolated: refuses an image or file on the clipboard', () => {
    install('isolated');
    expect(clipboardEvent(textarea(), 'paste', undefined, { 'image/png': 'x' }).cancelled).toBe(true);
    expect(reports[0]?.detail).toContain('file or an image');
  });

  it('block refuses every paste; allow refuses none', () => {
    const g = install('block');
    const field = textarea('mine');
    field.focus();
    field.setSelectionRange(0, 4);
    clipboardEvent(field, 'copy');
    expect(clipboardEvent(field, 'paste', 'mine').cancelled).toBe(true);
    g.setClipboardPolicy('allow');
    expect(clipboardEvent(field, 'paste', 'anything at all').cancelled).toBe(false);
    expect(reports.map((r) => r.detail)).toEqual(['Pasting is not allowed in this exam.']);
  });

  it('refuses text dragged in from another application, but not a drag within the page', () => {
    install('isolated');
    expect(dragEvent('drop', { types: ['text/plain'], text: 'outside text' })).toMatchObject({ cancelled: true, pageSaw: false });
    document.body.dispatchEvent(new Event('dragstart', { bubbles: true }));
    expect(dragEvent('drop', { types: ['text/plain'], text: 'moved inside' })).toMatchObject({ cancelled: false, pageSaw: true });
    document.body.dispatchEvent(new Event('dragend', { bubbles: true }));
    expect(reports.map((r) => r.kind)).toEqual(['clipboard-blocked']);
  });
});

describe('installGuards: keys and zoom', () => {
  it.each([
    ['F5', { key: 'F5' }],
    ['Ctrl+R', { key: 'r', ctrlKey: true }],
    ['Ctrl+Shift+R', { key: 'R', ctrlKey: true, shiftKey: true }],
    ['F12', { key: 'F12' }],
    ['Ctrl+Shift+I', { key: 'I', ctrlKey: true, shiftKey: true }],
    ['Ctrl+Shift+J', { key: 'J', ctrlKey: true, shiftKey: true }],
    ['Ctrl+Shift+C', { key: 'C', ctrlKey: true, shiftKey: true }],
    ['Cmd+Option+I', { key: 'ˆ', code: 'KeyI', metaKey: true, altKey: true }],
    ['Ctrl+=', { key: '=', ctrlKey: true }],
    ['Ctrl++', { key: '+', ctrlKey: true, shiftKey: true }],
    ['Ctrl+-', { key: '-', ctrlKey: true }],
    ['Ctrl+0', { key: '0', ctrlKey: true }],
    ['Cmd+R', { key: 'r', metaKey: true }],
  ] as Array<[string, KeyboardEventInit]>)('cancels and reports %s', (_name, init) => {
    install();
    expect(key(document.body, init).cancelled).toBe(true);
    expect(reports).toEqual([expect.objectContaining({ kind: 'shortcut-blocked', severity: 'info' })]);
  });

  it('lets ordinary keys alone', () => {
    install();
    for (const init of [{ key: 'a' }, { key: 'c', ctrlKey: true }, { key: 'v', ctrlKey: true }, { key: 'Enter' }]) expect(key(document.body, init).cancelled).toBe(false);
    expect(reports).toEqual([]);
  });

  it('still delivers Ctrl+R to the terminal, and does not report it there (history search)', () => {
    install();
    const terminal = textarea();
    terminal.className = 'xterm-helper-textarea';
    expect(key(terminal, { key: 'r', ctrlKey: true })).toEqual({ cancelled: true, pageSaw: true });
    expect(reports).toEqual([]);
    expect(key(terminal, { key: 'F5' }).cancelled).toBe(true);
    expect(reports).toHaveLength(1);
  });

  it('cancels Ctrl+wheel and pinch zoom, reporting a burst once', () => {
    install();
    const wheel = (ctrlKey: boolean) => {
      const event = new WheelEvent('wheel', { bubbles: true, cancelable: true, ctrlKey, deltaY: -100 });
      // happy-dom's WheelEvent lacks MouseEvent's modifier keys; browsers have them.
      Object.defineProperty(event, 'ctrlKey', { value: ctrlKey });
      document.body.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(wheel(true)).toBe(true);
    now = 200;
    expect(wheel(true)).toBe(true);
    expect(wheel(false)).toBe(false);
    expect(reports).toHaveLength(1);
    now = 1500;
    wheel(true);
    expect(reports).toHaveLength(2);
  });

  it('does not report held-down repeats', () => {
    install();
    key(document.body, { key: 'F5' });
    now = 5000;
    expect(key(document.body, { key: 'F5', repeat: true }).cancelled).toBe(true);
    expect(reports).toHaveLength(1);
  });
});

describe('installGuards: uninstall', () => {
  it('removes every listener', () => {
    install('block').uninstall();
    guards = null;
    const menu = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
    document.body.dispatchEvent(menu);
    expect(menu.defaultPrevented).toBe(false);
    expect(clipboardEvent(textarea(), 'paste', 'x').cancelled).toBe(false);
    expect(key(document.body, { key: 'F5' }).cancelled).toBe(false);
    expect(reports).toEqual([]);
  });
});
