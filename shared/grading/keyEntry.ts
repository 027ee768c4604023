import type { ItemType } from '../exam/examSchema.js';
import { keyEntrySchemas, type KeyEntryFor } from '../exam/keySchema.js';
import { describeZodError } from '../errors.js';

export type KeyEntryCheck<T extends ItemType> = { ok: true; key: KeyEntryFor<T> } | { ok: false; feedback: string };

/**
 * Narrows a key entry to its item's type. The package loader already validated it; checking again
 * here lets graders take any entry and turn a broken key into a question error instead of a crash.
 */
export function checkKeyEntry<T extends ItemType>(type: T, entry: unknown): KeyEntryCheck<T> {
  if (entry === undefined || entry === null) return { ok: false, feedback: 'key.json has no entry for this item' };
  const parsed = keyEntrySchemas[type].safeParse(entry);
  if (parsed.success) return { ok: true, key: parsed.data as KeyEntryFor<T> };
  return { ok: false, feedback: `key.json entry does not fit a ${type} item: ${describeZodError('key', parsed.error).message}` };
}
