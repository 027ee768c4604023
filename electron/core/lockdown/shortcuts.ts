/**
 * Key combinations the exam window swallows before the page sees them (Electron's
 * `before-input-event`): reload, developer tools and zoom. Without an application menu Electron
 * binds none of them, so this is defence in depth; it also catches them if a menu comes back.
 *
 * Not swallowed here: plain Ctrl+R on Linux and Windows. It is the terminal's reverse history search
 * (bash, zsh) and swallowing it in main would break the coding terminal; Electron has no reload on it
 * without a menu, and the renderer guard cancels the browser default while letting the terminal
 * have the key. On macOS reload is Cmd+R, which the terminal does not use, so it is swallowed.
 */
export interface KeyInput {
  /** KeyboardEvent.key */
  key: string;
  /** KeyboardEvent.code: the physical key, used when a modifier (Option on macOS) changed `key`. */
  code?: string;
  control: boolean;
  meta: boolean;
  shift: boolean;
  alt: boolean;
}

export function blockedShortcut(input: KeyInput, platform: NodeJS.Platform): string | null {
  const key = normalizedKey(input);
  const mac = platform === 'darwin';
  // The platform's command modifier: Cmd on macOS, Ctrl elsewhere.
  const mod = mac ? input.meta : input.control;
  if (key === 'F5' || key === 'BrowserRefresh') return 'reload (F5)';
  if (key === 'F12') return 'developer tools (F12)';
  if (mod && key === 'r') {
    if (input.shift) return 'reload (Shift+R)';
    if (mac) return 'reload (Cmd+R)';
  }
  // Devtools: Ctrl+Shift+I/J/C, and Cmd+Option+I/J/C on macOS.
  if (['i', 'j', 'c'].includes(key) && ((input.control && input.shift) || (mac && input.meta && input.alt))) return `developer tools (${key.toUpperCase()})`;
  // Zoom: Ctrl/Cmd with = + - _ 0 (also on the numeric keypad, which reports the same key).
  if (mod && !input.alt && ['=', '+', '-', '_', '0'].includes(key)) return `zoom (${key})`;
  return null;
}

const CODE_KEYS: Readonly<Record<string, string>> = { Equal: '=', Minus: '-', Digit0: '0', Numpad0: '0', NumpadAdd: '+', NumpadSubtract: '-' };

/** A lower-case letter or symbol; falls back to the physical key when `key` is not plain ASCII. */
function normalizedKey(input: KeyInput): string {
  if (input.key.length !== 1) return input.key;
  const key = input.key.toLowerCase();
  if (/^[a-z0-9=+\-_]$/.test(key)) return key;
  const code = input.code ?? '';
  if (/^Key[A-Z]$/.test(code)) return code.slice(3).toLowerCase();
  return CODE_KEYS[code] ?? key;
}
