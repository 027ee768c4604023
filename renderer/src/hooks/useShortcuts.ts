import { useEffect } from 'react';

/** Typing targets where plain keys ("?") belong to the text, not to the app. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(target.type);
  return false;
}

/** A dialog is open: the page's shortcuts stand down, the dialog's own keys apply. */
export function dialogOpen(): boolean {
  return document.querySelector('.modal-layer') !== null;
}

export type AltShortcuts = Partial<Record<'KeyN' | 'KeyP' | 'KeyF' | 'KeyR', () => void>>;

/**
 * The exam shortcuts (docs/keyboard.md): Alt+N, Alt+P, Alt+F, Alt+R, matched by physical key so
 * macOS's Option characters do not get in the way, and never with Ctrl/Cmd/Shift (browser and OS
 * keys). They work inside text fields too, since Alt+letter types nothing there on Windows/Linux.
 */
export function useAltShortcuts(shortcuts: AltShortcuts, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || !event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || dialogOpen()) return;
      const action = shortcuts[event.code as keyof AltShortcuts];
      if (!action) return;
      event.preventDefault();
      action();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [shortcuts, enabled]);
}

/** "?" outside text fields opens the keyboard help, on every screen. */
export function useHelpKey(open: () => void): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.key !== '?' || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target) || dialogOpen()) return;
      event.preventDefault();
      open();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [open]);
}
