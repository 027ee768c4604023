/**
 * Which keys the terminal keeps for the shell and which it leaves to the page (docs/keyboard.md,
 * "Terminal"). Tab, Escape and Ctrl+letters belong to the shell (completion, vim, Ctrl-C), so the
 * way out of the terminal is F6 / Shift+F6, the usual "next pane" key, which shells do not use.
 */
export type TerminalKeyAction =
  /** xterm handles it and sends it to the shell. */
  | 'shell'
  /** An exam shortcut (Alt+N/P/F/R): left to the page. */
  | 'page'
  | 'focus-next'
  | 'focus-previous'
  /** Ctrl+Insert: copy the selection (clipboard policy applies). */
  | 'copy'
  /** Ctrl+C: copies when text is selected (and clears the selection), else it is the shell's interrupt. */
  | 'copy-or-interrupt'
  /** Ctrl+V, Ctrl+Shift+V, Shift+Insert: left to the browser, whose paste event the policy then handles. */
  | 'paste';

const EXAM_SHORTCUT_CODES = new Set(['KeyN', 'KeyP', 'KeyF', 'KeyR']);

export function terminalKeyAction(event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey'>): TerminalKeyAction {
  const { ctrlKey: ctrl, shiftKey: shift, altKey: alt, metaKey: meta } = event;
  if (event.key === 'F6' && !ctrl && !alt && !meta) return shift ? 'focus-previous' : 'focus-next';
  if (alt && !ctrl && !meta && !shift && EXAM_SHORTCUT_CODES.has(event.code)) return 'page';
  // Not Ctrl+Shift+C: the lockdown cancels it before the page sees it (developer tools).
  if (ctrl && !shift && !alt && !meta && event.key === 'Insert') return 'copy';
  if (ctrl && !shift && !alt && !meta && event.code === 'KeyC') return 'copy-or-interrupt';
  if (ctrl && !alt && !meta && event.code === 'KeyV') return 'paste';
  if (shift && !ctrl && !alt && !meta && event.key === 'Insert') return 'paste';
  return 'shell';
}
