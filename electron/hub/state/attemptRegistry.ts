import type { GradedResult } from '../../../shared/grading/resultSchema.js';
import { commandIdOfEntryData, type HubCommand } from '../../../shared/hub/commands.js';
import type { GradingStatus, ManualGrade, ViolationCounts } from '../../../shared/hub/proctor.js';
import { violationSeveritySchema, type JournalEntry } from '../../../shared/journal.js';
import { attemptStateSchema, type AttemptState } from '../../../shared/lifecycle.js';
import type { EnrolledAttempt, HubRecord, ResultMeta } from '../store/hubRecords.js';
import type { LiveStatus } from '../store/hubStore.js';
import { HashList } from './hashList.js';

/**
 * The hub's in-memory state of every attempt, rebuilt by replaying the stored records and kept up
 * to date by applying each new record after it is durable. Pure bookkeeping: no I/O.
 */
export interface CommandState {
  command: HubCommand;
  ackedAt: string | null;
}

export interface HubAttempt {
  enrollment: EnrolledAttempt;
  /** The journal the hub holds: last seq, head hash, every entry's hash. */
  lastSeq: number;
  headHash: string | null;
  hashes: HashList;
  /** The last `state` entry's target. */
  journalState: AttemptState | null;
  violations: ViolationCounts;
  /** In issue order. */
  commands: Map<string, CommandState>;
  result: ResultMeta | null;
  /** Automatic grading of the result. */
  graded: GradedResult | null;
  gradingStatus: GradingStatus;
  gradingError: string | null;
  /** The latest manual grade per essay item. */
  manual: Map<string, ManualGrade>;
  /** The latest manual grade per essay item and grader: second graders, reconciliation (docs/reports.md). */
  manualByGrader: Map<string, Map<string, ManualGrade>>;
  live: LiveStatus | null;
  /** Wall ms of the last heartbeat this hub process received (not restored from the snapshot). */
  lastHeartbeatMs: number | null;
  /** Open candidate live channels. */
  liveSockets: number;
}

export class AttemptRegistry {
  private readonly attempts = new Map<string, HubAttempt>();
  private readonly tokens = new Map<string, string>();

  get size(): number {
    return this.attempts.size;
  }

  get(attemptId: string): HubAttempt | undefined {
    return this.attempts.get(attemptId);
  }

  all(): IterableIterator<HubAttempt> {
    return this.attempts.values();
  }

  /** The attempt a token hash belongs to. */
  attemptOfToken(tokenHash: string): string | undefined {
    return this.tokens.get(tokenHash);
  }

  /**
   * Applies one durable record. Returns the ids of commands acknowledged by it (journal entries
   * of type `command`), so the caller can tell the dashboard.
   */
  apply(record: HubRecord): string[] {
    switch (record.k) {
      case 'enroll': {
        const existing = this.attempts.get(record.attempt.attemptId);
        if (!existing) this.attempts.set(record.attempt.attemptId, newAttempt(record.attempt));
        this.tokens.set(record.tokenHash, record.attempt.attemptId);
        return [];
      }
      case 'token':
        if (this.attempts.has(record.attemptId)) this.tokens.set(record.tokenHash, record.attemptId);
        return [];
      case 'events': {
        const a = this.attempts.get(record.attemptId);
        return a ? applyEntries(a, record.entries) : [];
      }
      case 'command': {
        const a = this.attempts.get(record.attemptId);
        if (a && !a.commands.has(record.command.id)) a.commands.set(record.command.id, { command: record.command, ackedAt: null });
        return [];
      }
      case 'ack': {
        const a = this.attempts.get(record.attemptId);
        if (!a) return [];
        return record.commandIds.filter((id) => ack(a, id, record.at));
      }
      case 'result': {
        const a = this.attempts.get(record.attemptId);
        if (a && !a.result) {
          a.result = record.meta;
          if (!a.graded) a.gradingStatus = 'pending';
        }
        return [];
      }
      case 'manual-grade': {
        const a = this.attempts.get(record.attemptId);
        if (a) {
          a.manual.set(record.grade.itemId, record.grade);
          const byGrader = a.manualByGrader.get(record.grade.itemId) ?? new Map<string, ManualGrade>();
          byGrader.set(record.grade.by, record.grade);
          a.manualByGrader.set(record.grade.itemId, byGrader);
        }
        return [];
      }
      case 'grading-error': {
        const a = this.attempts.get(record.attemptId);
        if (a && !a.graded) {
          a.gradingStatus = 'error';
          a.gradingError = record.message;
        }
        return [];
      }
    }
  }
}

function newAttempt(enrollment: EnrolledAttempt): HubAttempt {
  return {
    enrollment,
    lastSeq: 0,
    headHash: null,
    hashes: new HashList(),
    journalState: null,
    violations: { info: 0, warning: 0, critical: 0 },
    commands: new Map(),
    result: null,
    graded: null,
    gradingStatus: 'none',
    gradingError: null,
    manual: new Map(),
    manualByGrader: new Map(),
    live: null,
    lastHeartbeatMs: null,
    liveSockets: 0,
  };
}

function ack(a: HubAttempt, commandId: string, at: string): boolean {
  const c = a.commands.get(commandId);
  if (!c || c.ackedAt !== null) return false;
  c.ackedAt = at;
  return true;
}

/** Entries already verified to continue the chain; older seqs in the batch are skipped. */
function applyEntries(a: HubAttempt, entries: readonly JournalEntry[]): string[] {
  const acked: string[] = [];
  for (const entry of entries) {
    if (entry.seq !== a.lastSeq + 1) continue;
    a.hashes.push(entry.hash);
    a.lastSeq = entry.seq;
    a.headHash = entry.hash;
    const data = entry.data as Record<string, unknown> | null;
    if (entry.type === 'state' && data && typeof data === 'object') {
      const to = attemptStateSchema.safeParse(data.to);
      if (to.success) a.journalState = to.data;
    } else if (entry.type === 'violation' && data && typeof data === 'object') {
      const severity = violationSeveritySchema.safeParse(data.severity);
      if (severity.success) a.violations[severity.data]++;
    } else if (entry.type === 'command') {
      const id = commandIdOfEntryData(entry.data);
      if (id !== null && ack(a, id, entry.at)) acked.push(id);
    }
  }
  return acked;
}

/** Commands still waiting for the candidate, oldest first. */
export function pendingCommands(a: HubAttempt): HubCommand[] {
  const out: HubCommand[] = [];
  for (const c of a.commands.values()) if (c.ackedAt === null) out.push(c.command);
  return out;
}
