import { diffText } from '../../../shared/editDiff.js';
import type { EditData } from '../../../shared/journal.js';

/** Files longer than this are journaled without their base text (the replay then starts at the first edit). */
export const EDIT_BASE_MAX_CHARS = 256 * 1024;

/**
 * Turns editor saves into `edit` journal entries (shared/journal.ts): the span each save replaced,
 * with the whole file as `base` only when the journal does not already end with the text the
 * change applies to, i.e. the file's first edit, or the shell changed it since. Remembers, per file,
 * the text its last entry produced; an app restart forgets it, and the next entry carries its base.
 */
export class EditJournal {
  private readonly last = new Map<string, string>();

  /** The entry for one save (`before` is the disk's text just before it), or null when nothing changed. */
  entryFor(itemId: string, path: string, before: string, after: string): EditData | null {
    const change = diffText(before, after);
    if (!change) return null;
    const key = `${itemId}\u0000${path}`;
    const known = this.last.get(key);
    this.last.set(key, after);
    const withBase = known !== before && before.length <= EDIT_BASE_MAX_CHARS;
    return { itemId, path, ...change, ...(withBase ? { base: before } : {}), length: after.length };
  }
}
