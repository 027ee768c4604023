import { blockedKey } from './blockedKeys.js';

/**
 * Guards of the exam page (DESIGN 6), as plain DOM listeners on a window: no context menu, no files
 * dropped in, paste only as the clipboard policy allows, and no reload, devtools or zoom by key or
 * Ctrl+wheel. Every refusal goes to `report` as violation data `{kind, severity, detail}`, which the
 * app journals through the API. No globals: call installGuards(window, options) and keep the handle.
 *
 * Clipboard isolation: the page remembers the last text copied or cut inside it (in memory only) and
 * lets a paste through only when the clipboard holds exactly that text; anything else came from
 * outside the exam. The pasted text itself is never reported (it may be a password), only its size.
 */
export type ClipboardPolicy = 'allow' | 'isolated' | 'block';

export type GuardViolationKind = 'clipboard-blocked' | 'context-menu-blocked' | 'file-drop-blocked' | 'shortcut-blocked';

export interface GuardViolation {
  kind: GuardViolationKind;
  severity: 'info' | 'warning';
  detail: string;
}

export interface GuardOptions {
  clipboard: ClipboardPolicy;
  report(violation: GuardViolation): void;
  /** The same refusal is reported at most once per this many ms (a held key, a drag hovering). */
  reportEveryMs?: number;
  /** Milliseconds on any clock; the window's performance.now by default. */
  now?: () => number;
}

export interface Guards {
  /** Policy changes (the hub overrides it per attempt) apply from the next event. */
  setClipboardPolicy(policy: ClipboardPolicy): void;
  /** Text the app itself put on the clipboard (a "copy" button using navigator.clipboard). */
  rememberCopied(text: string): void;
  uninstall(): void;
}

export const DEFAULT_REPORT_EVERY_MS = 10_000;

/** Line endings change on the way through some OS clipboards (Windows adds \r). */
function normalizeText(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Text fields, code editors and the terminal (its helper textarea): where keys mean editing. */
function isEditable(target: EventTarget | null): boolean {
  const el = target as (Partial<HTMLElement> & { tagName?: string }) | null;
  if (!el || typeof el.tagName !== 'string') return false;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.isContentEditable === true;
}

/** While dragging, browsers list only the type "Files"; on drop the files themselves are there too. */
function hasFiles(data: DataTransfer | null): boolean {
  return !!data && (Array.from(data.types ?? []).includes('Files') || (data.files?.length ?? 0) > 0);
}

export function installGuards(win: Window, options: GuardOptions): Guards {
  let policy = options.clipboard;
  let lastCopied: string | null = null;
  let internalDrag = false;
  const now = options.now ?? (() => win.performance.now());
  const every = options.reportEveryMs ?? DEFAULT_REPORT_EVERY_MS;
  const lastReported = new Map<string, number>();

  const report = (violation: GuardViolation, throttleKey = `${violation.kind}:${violation.detail}`): void => {
    const at = now();
    const previous = lastReported.get(throttleKey);
    if (previous !== undefined && at - previous < every) return;
    lastReported.set(throttleKey, at);
    options.report(violation);
  };

  /** Cancels the event and keeps it from every handler in the page (editors insert pasted text). */
  const refuse = (event: Event): void => {
    event.preventDefault();
    event.stopImmediatePropagation();
  };

  const selectedText = (): string => {
    const active = win.document.activeElement as (HTMLInputElement | HTMLTextAreaElement) | null;
    if (active && (active.tagName === 'INPUT' || active.tagName === 'TEXTAREA') && typeof active.selectionStart === 'number' && typeof active.selectionEnd === 'number') {
      return active.value.slice(active.selectionStart, active.selectionEnd);
    }
    return win.getSelection()?.toString() ?? '';
  };

  // Bubble phase: editors (CodeMirror, xterm) put their own text on the clipboard and cancel the
  // event; otherwise the browser copies the selection.
  const onCopy = (event: Event): void => {
    const data = (event as ClipboardEvent).clipboardData;
    const text = event.defaultPrevented ? (data?.getData('text/plain') ?? '') : selectedText();
    if (text) lastCopied = normalizeText(text);
  };

  /** Why outside content must not come in, or null when it may. */
  const refusal = (how: 'paste' | 'drop', text: string, hasOtherData: boolean): string | null => {
    if (policy === 'allow') return null;
    const verb = how === 'paste' ? 'pasted' : 'dropped in';
    if (policy === 'block') return how === 'paste' ? 'Pasting is not allowed in this exam.' : 'Dragging text in from outside is not allowed in this exam.';
    if (hasOtherData && !text) return `Only text copied inside the exam can be ${verb}; this was a file or an image.`;
    if (how === 'paste' && lastCopied !== null && normalizeText(text) === lastCopied) return null;
    return `Only text copied inside the exam can be ${verb}; this was ${plural(text.length, 'character')} from outside.`;
  };

  const onPaste = (event: Event): void => {
    const data = (event as ClipboardEvent).clipboardData;
    const text = data?.getData('text/plain') ?? '';
    const why = refusal('paste', text, !!data && Array.from(data.types ?? []).some((t) => t !== 'text/plain'));
    if (!why) return;
    refuse(event);
    report({ kind: 'clipboard-blocked', severity: 'warning', detail: why });
  };

  const onDragStart = (): void => {
    internalDrag = true;
  };
  const onDragEnd = (): void => {
    internalDrag = false;
  };

  const onDragOver = (event: Event): void => {
    const data = (event as DragEvent).dataTransfer;
    const files = hasFiles(data);
    if (!files && (internalDrag || policy === 'allow')) return;
    // Cancelling with dropEffect "none" shows the no-drop cursor and stops the browser opening a file.
    event.preventDefault();
    event.stopImmediatePropagation();
    if (data) data.dropEffect = 'none';
  };

  const onDrop = (event: Event): void => {
    const data = (event as DragEvent).dataTransfer;
    if (hasFiles(data)) {
      refuse(event);
      report({ kind: 'file-drop-blocked', severity: 'info', detail: 'A file was dropped on the exam window; files cannot be brought in.' });
      return;
    }
    if (internalDrag) return;
    const text = data?.getData('text/plain') ?? '';
    const why = refusal('drop', text, false);
    if (!why) return;
    refuse(event);
    report({ kind: 'clipboard-blocked', severity: 'warning', detail: why });
  };

  const onContextMenu = (event: Event): void => {
    event.preventDefault();
    report({ kind: 'context-menu-blocked', severity: 'info', detail: 'The context menu was blocked.' });
  };

  const onKeyDown = (event: Event): void => {
    const key = event as KeyboardEvent;
    const shortcut = blockedKey(key);
    if (!shortcut) return;
    // preventDefault only: the terminal still gets the key (Ctrl+R is its history search).
    event.preventDefault();
    if (key.repeat) return;
    // Plain Ctrl+R in a text field or the terminal is editing, not an attempt to reload.
    if (shortcut === 'reload (R)' && isEditable(event.target)) return;
    report({ kind: 'shortcut-blocked', severity: 'info', detail: `The ${shortcut} shortcut was blocked.` });
  };

  const onWheel = (event: Event): void => {
    if (!(event as WheelEvent).ctrlKey) return;
    // Ctrl+wheel and trackpad pinch both arrive as a wheel event with ctrlKey: zoom.
    event.preventDefault();
    report({ kind: 'shortcut-blocked', severity: 'info', detail: 'Zooming with Ctrl and the mouse wheel (or a pinch) was blocked.' });
  };

  const listeners: Array<[string, (event: Event) => void, AddEventListenerOptions]> = [
    ['copy', onCopy, { capture: false }],
    ['cut', onCopy, { capture: false }],
    ['paste', onPaste, { capture: true }],
    ['dragstart', onDragStart, { capture: true }],
    ['dragend', onDragEnd, { capture: true }],
    ['dragenter', onDragOver, { capture: true }],
    ['dragover', onDragOver, { capture: true }],
    ['drop', onDrop, { capture: true }],
    ['contextmenu', onContextMenu, { capture: true }],
    ['keydown', onKeyDown, { capture: true }],
    ['wheel', onWheel, { capture: true, passive: false }],
  ];
  for (const [type, listener, opts] of listeners) win.addEventListener(type, listener, opts);

  return {
    setClipboardPolicy(next) {
      policy = next;
    },
    rememberCopied(text) {
      if (text) lastCopied = normalizeText(text);
    },
    uninstall() {
      for (const [type, listener, opts] of listeners) win.removeEventListener(type, listener, opts);
    },
  };
}
