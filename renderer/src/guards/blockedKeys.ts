/**
 * Browser key combinations the exam page cancels: reload, developer tools and zoom. The same list
 * as the window's (electron/core/lockdown/shortcuts.ts), for the page's side: it also protects the
 * kiosk-browser fallback, where there is no Electron main process.
 */
export interface KeyLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

const CODE_KEYS: Readonly<Record<string, string>> = { Equal: '=', Minus: '-', Digit0: '0', Numpad0: '0', NumpadAdd: '+', NumpadSubtract: '-' };

function normalizedKey(event: KeyLike): string {
  if (event.key.length !== 1) return event.key;
  const key = event.key.toLowerCase();
  if (/^[a-z0-9=+\-_]$/.test(key)) return key;
  if (/^Key[A-Z]$/.test(event.code)) return event.code.slice(3).toLowerCase();
  return CODE_KEYS[event.code] ?? key;
}

/** The shortcut's name when the page must cancel it, else null. Ctrl and Cmd count alike. */
export function blockedKey(event: KeyLike): string | null {
  const key = normalizedKey(event);
  const mod = event.ctrlKey || event.metaKey;
  if (key === 'F5' || key === 'BrowserRefresh') return 'reload (F5)';
  if (key === 'F12') return 'developer tools (F12)';
  if (mod && key === 'r') return event.shiftKey ? 'reload (Shift+R)' : 'reload (R)';
  if (['i', 'j', 'c'].includes(key) && ((event.ctrlKey && event.shiftKey) || (event.metaKey && event.altKey))) return `developer tools (${key.toUpperCase()})`;
  if (mod && !event.altKey && ['=', '+', '-', '_', '0'].includes(key)) return `zoom (${key})`;
  return null;
}
