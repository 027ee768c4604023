import type { GradedResult } from '../../../shared/grading/resultSchema.js';
import type { HeartbeatBody } from '../../../shared/hub/heartbeat.js';
import type { JournalEntry } from '../../../shared/journal.js';
import type { Result } from '../../../shared/result.js';
import type { HubRecord, ResultMeta } from './hubRecords.js';

/**
 * Where the hub keeps what it has acknowledged. An interface so another backend (PostgreSQL) can
 * follow; `createFsHubStore` is the one there is: a write-ahead log plus a file per result.
 *
 * Contract: every method that stores something resolves only once it is durable (it survives
 * SIGKILL and power loss); the hub replies to a client only after that.
 */
export interface HubIdentity {
  hubId: string;
  /** HMAC key for receipts (32 bytes). */
  receiptKey: Buffer;
  examId: string;
  examVersion: string;
  createdAt: string;
}

export interface StoredResult {
  meta: ResultMeta;
  result: Result;
}

/** The candidates' live status as last heard: not acknowledged data, snapshotted periodically. */
export interface LiveStatus extends Omit<HeartbeatBody, 'ackCommands'> {
  at: string;
}

export interface LoadedHub {
  identity: HubIdentity;
  /** The live snapshot written last, if any. */
  live: Record<string, LiveStatus>;
  /** Auto-graded results by attempt. */
  graded: Map<string, GradedResult>;
  /** Results whose file is stored but whose `result` record was lost in a crash, recovered. */
  recoveredResults: Array<{ attemptId: string; meta: ResultMeta }>;
}

export interface StoreDamage {
  what: string;
  detail: string;
}

export interface HubStore {
  /**
   * Opens the store for `exam` (creating the identity on first use; a folder made for another
   * exam is refused), replaying every record through `onRecord` in the order stored.
   */
  open(exam: { examId: string; examVersion: string }, onRecord: (record: HubRecord) => void): Promise<LoadedHub>;
  /** Appends records durably (group commit across callers). */
  append(records: HubRecord[]): Promise<void>;
  /** The journal entries stored for an attempt, in the order received. */
  readEvents(attemptId: string): Promise<JournalEntry[]>;
  putResult(attemptId: string, stored: StoredResult): Promise<void>;
  readResult(attemptId: string): Promise<StoredResult | null>;
  putGraded(attemptId: string, graded: GradedResult): Promise<void>;
  saveLive(live: Record<string, LiveStatus>): Promise<void>;
  /** Damage found and set aside while opening (reported by the hub's log). */
  damage(): StoreDamage[];
  close(): Promise<void>;
}
