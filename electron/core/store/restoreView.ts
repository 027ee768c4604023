import { z } from 'zod';
import { attemptStateSchema, type AttemptDocument } from '../../../shared/attempt.js';
import type { AttemptState } from '../../../shared/lifecycle.js';

/**
 * When the journal lost entries (damage cut off, an emptied file) attempt.json may still show what
 * they said: it is a view written from the journal a moment after each change. It is not proof (the
 * candidate can edit it), so what it adds is journaled as an unverified `journal-loss` repair the
 * proctor sees, and it can only ever add answers, move the lifecycle forward and use up time: never
 * reopen a submitted attempt or give time back.
 */
export const restoredViewSchema = z.strictObject({
  state: attemptStateSchema.optional(),
  answers: z.record(z.string(), z.object({ value: z.unknown(), savedAt: z.string() })),
  flags: z.array(z.string()).optional(),
  timer: z.object({ seq: z.int().min(1), at: z.string(), mono: z.number().min(0), data: z.unknown() }).optional(),
});
export type RestoredView = z.infer<typeof restoredViewSchema>;

/** The lifecycle's order; paused and locked sit beside in-progress. */
const STATE_RANK: Record<AttemptState, number> = {
  'checked-in': 0,
  preflight: 1,
  ready: 2,
  'in-progress': 3,
  paused: 3,
  locked: 3,
  submitted: 4,
  sealed: 5,
  synced: 6,
};

function elapsedOf(timer: AttemptDocument['timer']): number {
  const data = timer?.data as { elapsedMs?: unknown } | undefined;
  return typeof data?.elapsedMs === 'number' ? data.elapsedMs : -1;
}

/**
 * What `disk` (attempt.json as found) shows beyond `journal` (the view the journal still proves,
 * whose entries up to `intactSeq` are the original ones), or null when it adds nothing.
 */
export function viewBeyondJournal(disk: AttemptDocument, journal: AttemptDocument, intactSeq: number): RestoredView | null {
  // Once the journal proves a submit, the answers are final: nothing attempt.json says can change them.
  if (STATE_RANK[journal.state] >= STATE_RANK.submitted) return null;
  const answers: RestoredView['answers'] = {};
  for (const [itemId, saved] of Object.entries(disk.answers)) {
    if (saved.seq > intactSeq) answers[itemId] = { value: saved.value, savedAt: saved.savedAt };
  }
  const restored: RestoredView = { answers };
  if (STATE_RANK[disk.state] > STATE_RANK[journal.state]) restored.state = disk.state;
  if (disk.timer && elapsedOf(disk.timer) > elapsedOf(journal.timer)) restored.timer = disk.timer;
  if (disk.lastSeq > intactSeq && disk.flags.join('\n') !== journal.flags.join('\n')) restored.flags = disk.flags;
  const adds = Object.keys(answers).length > 0 || restored.state !== undefined || restored.timer !== undefined || restored.flags !== undefined;
  return adds ? restored : null;
}

/** Applies a `journal-loss` repair's restored view (foldJournal calls this for such entries). */
export function applyRestoredView(doc: AttemptDocument, restored: RestoredView, seq: number): void {
  for (const [itemId, saved] of Object.entries(restored.answers)) {
    // defineProperty, not assignment: an item id such as `__proto__` must stay an ordinary key.
    Object.defineProperty(doc.answers, itemId, { value: { value: saved.value, savedAt: saved.savedAt, seq }, enumerable: true, writable: true, configurable: true });
  }
  if (restored.state !== undefined && STATE_RANK[restored.state] > STATE_RANK[doc.state]) {
    doc.state = restored.state;
    doc.stateReason = 'restored';
  }
  if (restored.flags !== undefined) doc.flags = [...restored.flags];
  if (restored.timer !== undefined && elapsedOf(restored.timer) > elapsedOf(doc.timer)) doc.timer = { ...restored.timer, seq };
}
