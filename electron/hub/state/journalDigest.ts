import { commandIdOfEntryData } from '../../../shared/hub/commands.js';
import type { ViolationCounts } from '../../../shared/hub/proctor.js';
import { violationSeveritySchema, type JournalEntry } from '../../../shared/journal.js';
import { attemptStateSchema, type AttemptState } from '../../../shared/lifecycle.js';

/**
 * What a run of journal entries tells the hub beyond the entries themselves: the attempt's state
 * (the last `state` entry's target), how many violations of each severity, and which commands the
 * candidate journaled (acknowledging them). Stored with the entries, so the grid reads columns.
 */
export interface JournalDigest {
  journalState: AttemptState | null;
  violations: ViolationCounts;
  commandIds: string[];
}

export function digestEntries(entries: readonly JournalEntry[]): JournalDigest {
  const digest: JournalDigest = { journalState: null, violations: { info: 0, warning: 0, critical: 0 }, commandIds: [] };
  for (const entry of entries) {
    const data = entry.data as Record<string, unknown> | null;
    if (entry.type === 'state' && data && typeof data === 'object') {
      const to = attemptStateSchema.safeParse(data.to);
      if (to.success) digest.journalState = to.data;
    } else if (entry.type === 'violation' && data && typeof data === 'object') {
      const severity = violationSeveritySchema.safeParse(data.severity);
      if (severity.success) digest.violations[severity.data]++;
    } else if (entry.type === 'command') {
      const id = commandIdOfEntryData(entry.data);
      if (id !== null) digest.commandIds.push(id);
    }
  }
  return digest;
}
