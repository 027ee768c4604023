import type { JournalEntry, JournalEntryType } from '../../../../shared/journal.js';
import { formatClock } from './format.js';

/** Journal entries in words, for the attempt page's timeline. */

const TYPE_LABELS: Readonly<Record<JournalEntryType, string>> = {
  state: 'State',
  answer: 'Answer',
  flag: 'Flag',
  violation: 'Violation',
  command: 'Command',
  timer: 'Timer',
  terminal: 'Terminal',
  sync: 'Sync',
  repair: 'Repair',
  edit: 'Edit',
  language: 'Language',
};

export function entryTypeLabel(type: JournalEntryType): string {
  return TYPE_LABELS[type];
}

function record(data: unknown): Record<string, unknown> {
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A value cut to a readable length (answers can be whole essays or code). */
export function preview(value: unknown, max = 120): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value === undefined) text = '';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch (error) {
      // Cyclic values cannot come from JSON, but a description beats a crash.
      text = error instanceof Error ? `(${error.message})` : String(value);
    }
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** One line describing an entry: "in-progress → paused: fire alarm", "q3 answered: …". */
export function describeEntry(entry: JournalEntry): string {
  const d = record(entry.data);
  switch (entry.type) {
    case 'state': {
      const reason = str(d.reason);
      return `${str(d.from) ?? '?'} → ${str(d.to) ?? '?'}${reason ? ` (${reason})` : ''}`;
    }
    case 'answer':
      return d.value === null ? `${str(d.itemId) ?? '?'}: answer cleared` : `${str(d.itemId) ?? '?'}: ${preview(d.value)}`;
    case 'flag':
      return `${str(d.itemId) ?? '?'} ${d.flagged ? 'flagged for review' : 'unflagged'}`;
    case 'violation':
      return `${str(d.severity) ?? '?'} · ${str(d.kind) ?? '?'}: ${str(d.detail) ?? ''}`;
    case 'command': {
      const by = str(d.issuedBy);
      return `${str(d.type) ?? 'command'} carried out${by ? ` (from ${by})` : ''}${d.minutes !== undefined ? `: ${String(d.minutes)} min` : ''}${str(d.text) ? `: ${preview(d.text)}` : ''}${str(d.message) ? `: ${preview(d.message)}` : ''}`;
    }
    case 'terminal':
      return `terminal ${str(d.itemId) ?? ''}${typeof d.session === 'number' ? ` session ${d.session}` : ''}`.trim();
    case 'timer': {
      // A checkpoint of the exam clock: how much was used, and any time a proctor added.
      if (typeof d.elapsedMs !== 'number' || typeof d.durationMinutes !== 'number') return preview(entry.data);
      const extra = typeof d.extraMs === 'number' && d.extraMs > 0 ? `, +${Math.round(d.extraMs / 60_000)} min added` : '';
      const factor = typeof d.factor === 'number' && d.factor !== 1 ? `, ×${d.factor} time` : '';
      const state = str(d.state);
      return `clock checkpoint: ${formatClock(d.elapsedMs)} used of ${d.durationMinutes} min${extra}${factor}${state ? ` (${state})` : ''}`;
    }
    case 'edit': {
      const removed = typeof d.from === 'number' && typeof d.to === 'number' ? d.to - d.from : 0;
      const inserted = typeof d.insert === 'string' ? d.insert.length : 0;
      return `${str(d.itemId) ?? '?'}: ${str(d.path) ?? '?'} edited (+${inserted} −${removed} characters)`;
    }
    case 'language':
      return `${str(d.itemId) ?? '?'}: ${str(d.from) ? `switched from ${str(d.from)} to` : 'writes in'} ${str(d.language) ?? '?'}`;
    case 'sync':
      return typeof d.receipt === 'string' ? 'the hub’s receipt for the result was stored' : preview(entry.data);
    default:
      return preview(entry.data);
  }
}

/**
 * Pre-flight checks the journal shows as failed: the newest report that lists them (data with
 * `checks: [{id, status: 'fail'}]`, or `failed: [ids]` on the transition to `ready`), together with
 * the single findings journaled after it (`{check, status: 'fail'}` violations, written as soon as
 * the candidate's screen shows them).
 */
export function failedChecksFromTimeline(entries: readonly JournalEntry[]): string[] {
  const later = new Set<string>();
  const withLater = (ids: string[]) => [...new Set([...ids, ...later])];
  for (let i = entries.length - 1; i >= 0; i--) {
    const d = record(entries[i]?.data);
    if (typeof d.check === 'string' && d.status === 'fail') later.add(d.check);
    if (Array.isArray(d.checks)) {
      const failed = d.checks.flatMap((c) => {
        const check = record(c);
        return check.status === 'fail' && typeof check.id === 'string' ? [check.id] : [];
      });
      if (failed.length > 0) return withLater(failed);
    }
    if (Array.isArray(d.failed) && d.failed.every((f) => typeof f === 'string') && d.failed.length > 0) return withLater(d.failed as string[]);
  }
  return [...later];
}
