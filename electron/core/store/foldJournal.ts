import { emptyAttemptDocument, type AttemptDocument } from '../../../shared/attempt.js';
import { describeZodError, VigilError } from '../../../shared/errors.js';
import { answerDataSchema, flagDataSchema, stateDataSchema, violationDataSchema, type JournalEntry } from '../../../shared/journal.js';
import type { z } from 'zod';
import { applyRestoredView, restoredViewSchema } from './restoreView.js';

function dataOf<S extends z.ZodType>(schema: S, entry: JournalEntry): z.output<S> {
  const parsed = schema.safeParse(entry.data);
  if (parsed.success) return parsed.data;
  // Appends validate data, so this is a journal written by something else (or an older format).
  throw new VigilError('storage', `journal entry seq ${entry.seq} (${entry.type}) has invalid data: ${describeZodError('data', parsed.error).message}`, {
    seq: entry.seq,
    type: entry.type,
  });
}

/**
 * Applies one entry to a view document, in place (the store keeps its view current this way; pure
 * callers use foldJournal). Entries must come in seq order.
 */
export function applyEntry(doc: AttemptDocument, entry: JournalEntry): void {
  switch (entry.type) {
    case 'state': {
      const data = dataOf(stateDataSchema, entry);
      doc.state = data.to;
      doc.stateReason = data.reason ?? null;
      break;
    }
    case 'answer': {
      const data = dataOf(answerDataSchema, entry);
      // defineProperty, not assignment: an item id such as `__proto__` must stay an ordinary key.
      Object.defineProperty(doc.answers, data.itemId, {
        value: { value: data.value, savedAt: entry.at, seq: entry.seq },
        enumerable: true,
        writable: true,
        configurable: true,
      });
      break;
    }
    case 'flag': {
      const data = dataOf(flagDataSchema, entry);
      const at = doc.flags.indexOf(data.itemId);
      if (data.flagged && at === -1) doc.flags.push(data.itemId);
      if (!data.flagged && at !== -1) doc.flags.splice(at, 1);
      break;
    }
    case 'violation': {
      const data = dataOf(violationDataSchema, entry);
      doc.violations[data.severity]++;
      break;
    }
    case 'timer':
      doc.timer = { seq: entry.seq, at: entry.at, mono: entry.mono, data: entry.data };
      break;
    case 'sync':
      doc.sync = { seq: entry.seq, at: entry.at, mono: entry.mono, data: entry.data };
      break;
    case 'repair': {
      // Only a `journal-loss` repair changes the view: it carries what attempt.json showed beyond the journal.
      const restored = (entry.data as { restored?: unknown } | null)?.restored;
      if (restored !== undefined) applyRestoredView(doc, dataOf(restoredViewSchema, { ...entry, data: restored }), entry.seq);
      break;
    }
    case 'command':
    case 'terminal':
      break;
  }
  doc.lastSeq = entry.seq;
  doc.headHash = entry.hash;
  doc.updatedAt = entry.at;
}

/** The attempt document a journal describes: what attempt.json is rebuilt from. Pure. */
export function foldJournal(entries: readonly JournalEntry[], attemptId: string): AttemptDocument {
  const doc = emptyAttemptDocument(attemptId);
  for (const entry of entries) applyEntry(doc, entry);
  return doc;
}
