/**
 * One editor save as a compact change: the span of the old text that was replaced and what
 * replaced it, found by trimming the common start and end. The journal keeps these instead of
 * whole files (the hub replays a file by applying them in order, shared/editReplay.ts).
 * Offsets count UTF-16 code units, as JavaScript strings do, so applying a change restores the
 * text exactly.
 */
export interface TextChange {
  from: number;
  to: number;
  insert: string;
}

/** The change that turns `before` into `after`, or null when they are equal. */
export function diffText(before: string, after: string): TextChange | null {
  if (before === after) return null;
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { from: start, to: before.length - end, insert: after.slice(start, after.length - end) };
}

/** `text` with `change` applied; a change that does not fit the text is an error, never a guess. */
export function applyChange(text: string, change: TextChange): string {
  if (change.from < 0 || change.to < change.from || change.to > text.length) {
    throw new RangeError(`the change ${change.from}..${change.to} does not fit a text of ${text.length} characters`);
  }
  return text.slice(0, change.from) + change.insert + text.slice(change.to);
}
