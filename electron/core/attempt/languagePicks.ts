import { VigilError } from '../../../shared/errors.js';
import type { Language } from '../../../shared/exam/examSchema.js';
import { offeredLanguages } from '../../../shared/exam/languages.js';
import { languageDataSchema, type JournalEntry } from '../../../shared/journal.js';
import type { CodingItem } from './codingWorkspaces.js';

/**
 * The candidate's language per multi-language coding item (issue 16, point 6): the journal's
 * `language` entries are the truth, the newest per item wins (a later one is a switch). Read once
 * when an attempt opens and kept current by the picks, so the view never rescans the journal.
 */
export function languagePicksOf(entries: readonly JournalEntry[]): Map<string, Language> {
  const picks = new Map<string, Language>();
  for (const entry of entries) {
    if (entry.type !== 'language') continue;
    const parsed = languageDataSchema.safeParse(entry.data);
    // Appends validate data: an entry that does not parse was written by something else.
    if (!parsed.success) throw new VigilError('storage', `journal entry seq ${entry.seq} (language) has invalid data`, { seq: entry.seq });
    picks.set(parsed.data.itemId, parsed.data.language);
  }
  return picks;
}

/** Refuses a language the item does not offer, naming it and what is offered. */
export function checkOffered(item: CodingItem, language: Language): void {
  const offered = offeredLanguages(item);
  if (offered.length === 0) throw new VigilError('invalid-params', `params.itemId: ${item.id} offers no languages to pick from (it has a single starter)`);
  if (!offered.includes(language)) throw new VigilError('invalid-params', `params.language: ${item.id} is not offered in ${language} (it offers ${offered.join(', ')})`);
}

/**
 * The language the item's workspace is in: the pick for a multi-language item (none yet is
 * refused: no empty workspace is created behind the candidate's back), undefined for the others.
 */
export function pickedLanguageOf(item: CodingItem, picks: ReadonlyMap<string, Language>): Language | undefined {
  const offered = offeredLanguages(item);
  if (offered.length === 0) return undefined;
  const picked = picks.get(item.id);
  if (!picked) throw new VigilError('invalid-state', `pick a language first: ${item.id} is written in one of ${offered.join(', ')}`, { itemId: item.id, offered: [...offered] });
  return picked;
}
