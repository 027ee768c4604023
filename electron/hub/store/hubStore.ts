import type { GradedResult } from '../../../shared/grading/resultSchema.js';
import type { HubCommand } from '../../../shared/hub/commands.js';
import type { HeartbeatBody } from '../../../shared/hub/heartbeat.js';
import type { HubRole } from '../../../shared/hub/roles.js';
import type { GradingStatus, ManualGrade, ReenrollRequest, ViolationCounts } from '../../../shared/hub/proctor.js';
import type { JournalEntry, ViolationSeverity } from '../../../shared/journal.js';
import type { AttemptState } from '../../../shared/lifecycle.js';
import type { Result } from '../../../shared/result.js';
import type { EnrolledAttempt, ResultMeta } from './hubRecords.js';
import type { SqlEngine } from './sql/sqlDriver.js';

/**
 * Where the hub keeps what it has acknowledged: a database (SQLite by default, PostgreSQL for a
 * central hub with replicas; both are sqlHubStore.ts over a driver). Request-shaped: each method
 * reads or writes what one request needs, in one transaction, so nothing is replayed into memory
 * at start and several hub processes can share one PostgreSQL database.
 *
 * Contract: every method that stores something resolves only once it is committed (durable across
 * SIGKILL and power loss); the hub replies to a client only after that.
 */
export interface HubIdentity {
  hubId: string;
  /** HMAC key for receipts (32 bytes). */
  receiptKey: Buffer;
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

export interface Sitting {
  sittingId: string;
  name: string;
  examId: string;
  examVersion: string;
  packageDir: string;
  accessCode: string;
  opensAt: string | null;
  closesAt: string | null;
  createdAt: string;
  closedAt: string | null;
}

export type NewSitting = Omit<Sitting, 'sittingId' | 'createdAt' | 'closedAt'>;

export interface CommandState {
  command: HubCommand;
  ackedAt: string | null;
}

/** One attempt as stored: what a summary, a check or a grading needs, without its journal. */
export interface StoredAttempt {
  enrollment: EnrolledAttempt;
  sittingId: string;
  /** The attempt a new device of the same candidate enrolled in its place (tokens revoked). */
  supersededBy: string | null;
  /** A proctor let a new device of the candidate enroll in this attempt's place until then. */
  reenrollAllowedUntil: string | null;
  /** The latest refused enrollment from another device, for the proctor to see. */
  reenrollRequest: ReenrollRequest | null;
  lastSeq: number;
  headHash: string | null;
  /** The last `state` entry's target. */
  journalState: AttemptState | null;
  violations: ViolationCounts;
  result: ResultMeta | null;
  /** Automatic grading of the result. */
  graded: GradedResult | null;
  gradingStatus: GradingStatus;
  gradingError: string | null;
  /** The latest manual grade per essay item. */
  manual: Map<string, ManualGrade>;
  /** The latest manual grade per essay item and grader: second graders, reconciliation (docs/reports.md). */
  manualByGrader: Map<string, Map<string, ManualGrade>>;
  pendingCommands: HubCommand[];
}

export interface CandidateAttempt {
  attemptId: string;
  devicePublicKey: string;
  reenrollAllowedUntil: string | null;
  /** The latest refused try from another device: an approval is for this device only. */
  reenrollRequest: ReenrollRequest | null;
  supersededBy: string | null;
}

export interface HubViolation {
  at: string;
  kind: string;
  severity: ViolationSeverity;
  detail: string;
}

export interface TokenOwner {
  attemptId: string;
  expiresAt: string | null;
}

export interface HeartbeatView {
  lastSeq: number;
  pendingCommands: HubCommand[];
}

export interface JournalHead {
  lastSeq: number;
  /** Bytes of the entries' JSON held (for the per-attempt cap). */
  bytes: number;
  headHash: string | null;
  /** The journal head the stored result names, once there is one. */
  sealed: { count: number; headHash: string } | null;
}

export interface AttemptPage {
  sittingId?: string;
  /** Attempts after this id (ids order the grid). */
  afterId?: string;
  limit?: number;
}

export type AppendOutcome = { ok: true; lastSeq: number } | { ok: false; lastSeq: number };

export interface AuditEntry {
  at: string;
  account: string;
  action: string;
  attemptId: string | null;
  detail: unknown;
}

export interface Account {
  accountId: string;
  name: string;
  role: HubRole;
  passwordHash: string;
  createdAt: string;
  disabledAt: string | null;
}

export interface SessionRow {
  account: Account;
  expiresAt: string;
  revokedAt: string | null;
}

/** Notifications between hub processes sharing one database (PostgreSQL LISTEN/NOTIFY). */
export interface StoreNotifications {
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
}

export interface HubStore {
  readonly engine: SqlEngine;
  readonly location: string;
  /** Present on engines several hub processes can share (PostgreSQL); absent on SQLite. */
  readonly notifications?: StoreNotifications;
  /** Migrates the schema and loads (or creates, once) the hub's identity. */
  open(): Promise<HubIdentity>;
  close(): Promise<void>;

  /** Adds a sitting (and, given `audit`, its audit row in the same transaction); a taken access code is a conflict. */
  addSitting(sitting: NewSitting, at: string, audit?: (sitting: Sitting) => AuditEntry): Promise<Sitting>;
  listSittings(): Promise<Sitting[]>;
  /** Attempts per sitting id, not counting those a new device replaced (sittings without any are absent). */
  sittingAttemptCounts(): Promise<Map<string, number>>;
  sitting(sittingId: string): Promise<Sitting | null>;
  sittingByCode(accessCode: string): Promise<Sitting | null>;
  /** Ends enrollment (with `audit` in the same transaction); false, and nothing written, if it was closed already. */
  closeSitting(sittingId: string, at: string, audit?: AuditEntry): Promise<boolean>;

  /** Stores a new attempt with its first token; `false` (and nothing stored) if it exists. */
  enroll(attempt: EnrolledAttempt, sittingId: string, tokenHash: string, tokenExpiresAt: string): Promise<boolean>;
  /** Another token for an enrolled attempt (re-enrollment); the attempt's earlier tokens are revoked. */
  addToken(attemptId: string, tokenHash: string, at: string, expiresAt: string): Promise<void>;
  /** Every attempt of a candidate id in an exam version (to spot a second device). */
  candidateAttempts(examId: string, examVersion: string, candidateId: string): Promise<CandidateAttempt[]>;
  /** A proctor lets the candidate enroll from a new device until `until`. */
  /**
   * Allows the device of the attempt's reenrollRequest until `until` (with `audit`), only if that
   * request names `deviceFingerprint`; false, and nothing written, when it does not.
   */
  allowReenroll(attemptId: string, until: string, deviceFingerprint: string, audit: AuditEntry): Promise<boolean>;
  /** Records a refused enrollment of the attempt's candidate from another device (the latest only). */
  /** Records a refused try from a new device, unless a device's approval still runs at `request.at` (it stays the allowed one). */
  requestReenroll(attemptId: string, request: ReenrollRequest): Promise<void>;
  /** `newAttemptId` (a new device) replaces `attemptId`: its tokens are revoked, the approval used. */
  supersede(attemptId: string, newAttemptId: string): Promise<void>;
  /** The attempt's tokens expire at `at` at the latest (its result is in). */
  expireTokens(attemptId: string, at: string): Promise<void>;
  /*
   * The lookups every candidate request makes take many keys at once (one query for all of them;
   * keys not held are absent from the map): a replica whose caches are cold (a restart, a load
   * balancer that moves candidates) answers thousands of first requests with a few queries, not
   * two each (the service batches concurrent requests, hubService.ts).
   */
  /** The attempt each token was issued for, and when it expires (null: never, tokens from before expiry). */
  tokenOwners(tokenHashes: readonly string[]): Promise<Map<string, TokenOwner>>;
  attempt(attemptId: string): Promise<StoredAttempt | null>;
  /** What a heartbeat reply needs (the hot path): each attempt's held seq and pending commands. */
  heartbeatViews(attemptIds: readonly string[]): Promise<Map<string, HeartbeatView>>;
  /** What checking a batch of journal entries needs: each attempt's held head and sealed head. */
  journalHeads(attemptIds: readonly string[]): Promise<Map<string, JournalHead>>;
  /** One page of the grid, by attempt id. */
  attempts(page?: AttemptPage): Promise<StoredAttempt[]>;

  /** The stored hashes of the entries with seq in [from, to]. */
  entryHashes(attemptId: string, from: number, to: number): Promise<Map<number, string>>;
  /**
   * Appends verified entries continuing the chain from `expectedLastSeq`, with what they imply
   * (state, violations, commands acknowledged by a `command` entry), in one transaction. Not
   * stored (`ok: false`) when another writer moved the attempt on meanwhile.
   */
  appendEvents(attemptId: string, expectedLastSeq: number, entries: readonly JournalEntry[], at: string): Promise<AppendOutcome>;
  /** The journal entries after `afterSeq`, in seq order (at most `limit`). */
  readEvents(attemptId: string, afterSeq?: number, limit?: number): Promise<JournalEntry[]>;

  /**
   * Stores a result and queues its grading in one transaction. When a result is already held,
   * nothing is written and the held one's meta comes back (`created: false`).
   */
  putResult(attemptId: string, stored: StoredResult, journalComplete: boolean): Promise<{ created: boolean; meta: ResultMeta }>;
  /**
   * A held result whose journal is now complete: queues its grading (`refused` null) or marks it
   * refused with that message. False (nothing written) when it was released or refused already.
   * `journalComplete` false in putResult stores the result without a grading job: it waits.
   */
  releaseResult(attemptId: string, at: string, refused: string | null): Promise<boolean>;
  /** A violation the hub itself observed (a refused result, a journal over its cap): counted too. */
  addHubViolation(attemptId: string, violation: HubViolation): Promise<void>;
  hubViolations(attemptId: string): Promise<HubViolation[]>;
  readResult(attemptId: string): Promise<StoredResult | null>;

  addCommand(attemptId: string, command: HubCommand, audit: AuditEntry): Promise<void>;
  /** Marks commands acknowledged; returns the ids that were pending until now. */
  ackCommands(attemptId: string, commandIds: readonly string[], at: string, via: 'heartbeat' | 'journal'): Promise<string[]>;
  commands(attemptId: string): Promise<CommandState[]>;

  /** Claims the oldest ready grading job for `worker` (until `leaseUntil`), or null. */
  claimGradingJob(worker: string, now: string, leaseUntil: string): Promise<string | null>;
  /** When the next queued job becomes ready, or null when none is queued. */
  nextGradingJobAt(): Promise<string | null>;
  putGraded(attemptId: string, graded: GradedResult, at: string): Promise<void>;
  gradingFailed(attemptId: string, message: string, retryAt: string): Promise<void>;
  addManualGrade(attemptId: string, grade: ManualGrade, audit: AuditEntry): Promise<void>;

  addAccount(account: Omit<Account, 'accountId' | 'disabledAt'>): Promise<Account>;
  accountByName(name: string): Promise<Account | null>;
  setPassword(accountId: string, passwordHash: string): Promise<void>;
  listAccounts(): Promise<Account[]>;
  addSession(tokenHash: string, accountId: string, createdAt: string, expiresAt: string): Promise<void>;
  /** The session a token hash names, with its account (expired and revoked ones too). */
  session(tokenHash: string): Promise<SessionRow | null>;
  /** Revokes every live session of an account; returns how many. */
  revokeSessions(accountId: string, at: string): Promise<number>;
  audit(entry: AuditEntry): Promise<void>;

  saveLive(live: Record<string, LiveStatus>): Promise<void>;
  readLive(): Promise<Record<string, LiveStatus>>;
  auditLog(limit?: number): Promise<AuditEntry[]>;
}
