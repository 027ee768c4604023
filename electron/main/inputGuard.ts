import type { Input } from 'electron';
import { blockedShortcut } from '../core/lockdown/shortcuts.js';

/**
 * Swallows reload, developer-tools and zoom key combinations before the page sees them
 * (`before-input-event`); see core/lockdown/shortcuts.ts for the list and why plain Ctrl+R passes.
 * Each press is reported once; held-down repeats are swallowed silently.
 */
/** What blockShortcuts uses of a WebContents. */
export interface InputContents {
  on(event: 'before-input-event', listener: (event: { preventDefault(): void }, input: Input) => void): unknown;
}

export function blockShortcuts(contents: InputContents, platform: NodeJS.Platform, onBlocked: (shortcut: string) => void): void {
  contents.on('before-input-event', (event, input) => {
    if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return;
    const shortcut = blockedShortcut(input, platform);
    if (!shortcut) return;
    event.preventDefault();
    if (!input.isAutoRepeat) onBlocked(shortcut);
  });
}
