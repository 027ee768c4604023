import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { z } from 'zod';
import { canonicalJson } from '../../shared/canonicalJson.js';
import { describeZodError, VigilError } from '../../shared/errors.js';
import { allItems } from '../../shared/exam/examSchema.js';
import type { GradedResult } from '../../shared/grading/resultSchema.js';
import { commandRefusal, projectedState } from '../../shared/hub/commandRules.js';
import type { CommandRequest, HubCommand } from '../../shared/hub/commands.js';
import { enrollProofPayload, reenrollProofPayload, type EnrollReply, type EnrollRequest } from '../../shared/hub/enrollment.js';
import type { EventsReply, EventsRequest } from '../../shared/hub/events.js';
import type { HeartbeatBody, HeartbeatReply } from '../../shared/hub/heartbeat.js';
import {
  ATTEMPT_TOKEN_SYNCED_GRACE_MS,
  ATTEMPT_TOKEN_TTL_MS,
  REENROLL_APPROVAL_MS,
  DETAIL_TIMELINE_MAX_PAGE,
  DETAIL_TIMELINE_PAGE,
  IDEMPOTENCY_KEY_PATTERN,
  JOURNAL_MAX_BYTES_PER_ATTEMPT,
  JOURNAL_MAX_ENTRIES_PER_ATTEMPT,
  MAX_JSON_DEPTH,
} from '../../shared/hub/limits.js';
import {
  type AttemptDetail,
  type AttemptSummary,
  type EssayView,
  type GradeReply,
  type GradeRequest,
  type LoginReply,
  type LoginRequest,
} from '../../shared/hub/proctor.js';
import type { ResultUploadReply } from '../../shared/hub/receipt.js';
import { journalHashInput, verifyChain, violationDataSchema, type JournalEntry } from '../../shared/journal.js';
import { resultSchema } from '../../shared/result.js';
import { BLIND_ROLES, type HubRole } from '../../shared/hub/roles.js';
import { applyRubricGrades } from '../../shared/grading/rubric.js';
import { sha256Hex } from '../base/sha256.js';
import { verifyResult } from '../core/result/sealResult.js';
import type { ExamPackage } from '../core/package/types.js';
import { deriveAttemptId, newCommandId } from './attemptIds.js';
import type { ProctorAuth, ProctorSession } from './auth/accountAuth.js';
import { accessCodeMatches, hashToken, newToken } from './auth/tokens.js';
import { essayOf, withManualGrades } from './grading/gradeBook.js';
import { badSignature, conflict, forbidden, HubError, internal, malformed, notFound, unauthorized } from './hubError.js';
import { answersMismatch, type AnswerMismatch } from './grading/journalAnswers.js';
import { exceedsJsonDepth } from './http/jsonDepth.js';
import { KeyedMutex } from './keyedMutex.js';
import { issueReceipt } from './receipts.js';
import { LiveBoard } from './live/liveBoard.js';
import { PackageCatalog } from './sittings/packageCatalog.js';
import { SittingAdmin } from './sittings/sittingAdmin.js';
import { summarizeAttempt } from './state/attemptSummary.js';
import { resultsCsv } from './state/resultsCsv.js';
import { HubReports } from './reports/hubReports.js';
import type { ResultMeta } from './store/hubRecords.js';
import { batchedReads, type BatchedReads } from './store/batchedReads.js';
import type { HeartbeatView, HubIdentity, HubStore, JournalHead, LiveStatus, Sitting, StoredAttempt } from './store/hubStore.js';

/**
 * What the hub does, independent of HTTP and WebSocket: every route and live message calls one of
 * these. Expected failures are HubError with a code (hubError.ts; the HTTP layer picks the status); bodies arrive as unknown
 * and are validated here by the shared schemas. State is read from the store per request (an
 * attempt, a page of the grid, a timeline); only live status (heartbeats) and a token cache are
 * kept in memory.
 */
/** An attempt as a request sees it: read from the store when the request began. */
export type HubAttempt = StoredAttempt;

export interface HubServiceOptions {
  pkg: ExamPackage;
  store: HubStore;
  identity: HubIdentity;
  /** Each sitting's package (the one `vigil hub --exam` serves is `pkg`). */
  packages?: PackageCatalog;
  live?: LiveBoard;
  proctorAuth: ProctorAuth;
  now: () => number;
  /** A result was stored: grade it (and forward it upstream). */
  onResult(attemptId: string): void;
  /** Entries were stored (for the upstream forwarder). */
  onEvents?(attemptId: string, entries: readonly JournalEntry[]): void;
  /** An attempt was enrolled (for the upstream forwarder). */
  onEnroll?(attemptId: string): void;
  /** A heartbeat was received here (relayed to other replicas). */
  onHeartbeat?(attemptId: string, live: LiveStatus, atMs: number): void;
  /** A command was stored here (relayed to other replicas). */
  onCommand?(attemptId: string, pending: HubCommand[]): void;
  /** Per-attempt journal cap (defaults: JOURNAL_MAX_ENTRIES_PER_ATTEMPT, JOURNAL_MAX_BYTES_PER_ATTEMPT); tests lower it. */
  journalCap?: { entries: number; bytes: number };
  /** Something stored about the attempt changed here (relayed to other replicas). */
  onChanged?(attemptId: string): void;
}

export type ChangeListener = (attemptId: string) => void;
export type CommandListener = (attemptId: string, commands: HubCommand[]) => void;

export class HubService {
  private readonly locks = new KeyedMutex();
  private readonly changeListeners = new Set<ChangeListener>();
  private readonly commandListeners = new Set<CommandListener>();
  private readonly knownTokens = new Map<string, { attemptId: string; expiresAtMs: number }>();
  private readonly tokensByAttempt = new Map<string, Set<string>>();
  /**
   * What the last heartbeat reply of each attempt was built from (held seq, pending commands), so
   * a heartbeat costs no query until something about the attempt changes. Every local write drops
   * the attempt's entry (changed()), and so does every change another replica announces; a read
   * that raced a write is not kept (see changedAt).
   */
  private readonly heartbeatViews = new Map<string, HeartbeatView>();
  /**
   * A clock that ticks at every drop of an attempt's cached view or tokens, and each attempt's
   * reading at its last drop: a lookup that started at clock t is kept only if its attempt has not
   * been dropped since (changedAt <= t), so a read that raced a write, a revocation or another
   * replica's change cannot bring back what the drop removed. A token's attempt is known only once
   * the lookup returns, hence one clock for all attempts rather than a counter per attempt.
   */
  private changeClock = 0;
  private readonly changedAt = new Map<string, number>();
  /** The store's per-request lookups, batched across concurrent requests (store/batchedReads.ts). */
  private readonly reads: BatchedReads;
  private lastHeardMs = Number.NaN;
  private lastHeardIso = '';
  readonly live: LiveBoard;
  readonly packages: PackageCatalog;
  /** Creating, listing and closing sittings (electron/hub/sittings/sittingAdmin.ts). */
  readonly sittingAdmin: SittingAdmin;

  constructor(private readonly o: HubServiceOptions) {
    this.reads = batchedReads(o.store);
    this.live = o.live ?? new LiveBoard();
    this.packages = o.packages ?? new PackageCatalog(o.store, o.pkg);
    this.sittingAdmin = new SittingAdmin({ store: o.store, packages: this.packages, now: o.now });
    this.reports = new HubReports({ pkg: o.pkg, store: o.store, identity: o.identity, now: o.now, service: this });
  }

  get store(): HubStore {
    return this.o.store;
  }

  /** The exam of the package the hub was started with (`--exam`). */
  get exam() {
    return this.o.pkg.exam;
  }

  /** Called with an attempt id whenever its summary may have changed. */
  onChange(listener: ChangeListener): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Called when a proctor issues a command: the candidate's live channel pushes it at once. */
  onCommands(listener: CommandListener): () => void {
    this.commandListeners.add(listener);
    return () => this.commandListeners.delete(listener);
  }

  /** Something about the attempt changed (its grading may have too). */
  changed(attemptId: string): void {
    this.forget(attemptId);
    this.notify(attemptId);
    this.o.onChanged?.(attemptId);
  }

  /**
   * Another replica heard a heartbeat: only live status moved (nothing stored), so the cached
   * views and tokens stay; a stored change (an acknowledged command, a revoked token) comes as its
   * own notification (remoteChanged). Dropping them here made every replica re-read both for every
   * candidate the others serve: a reconnect storm's worth of queries, every 200 ms.
   */
  remoteHeard(attemptId: string): void {
    this.notify(attemptId);
  }

  /** Another replica stored something about the attempt: refresh views here only. */
  remoteChanged(attemptId: string): void {
    this.forget(attemptId);
    // Another replica may have revoked or shortened its tokens.
    this.forgetTokens(attemptId);
    this.notify(attemptId);
  }

  private forget(attemptId: string): void {
    this.heartbeatViews.delete(attemptId);
    this.changedAt.set(attemptId, ++this.changeClock);
  }

  /** Nothing about the attempt was dropped since the change clock read `since`. */
  private unchangedSince(attemptId: string, since: number): boolean {
    return (this.changedAt.get(attemptId) ?? 0) <= since;
  }

  private async heartbeatView(attemptId: string): Promise<HeartbeatView | null> {
    const cached = this.heartbeatViews.get(attemptId);
    if (cached) return cached;
    const since = this.changeClock;
    const view = await this.reads.heartbeatView(attemptId);
    if (view && this.unchangedSince(attemptId, since)) this.heartbeatViews.set(attemptId, view);
    return view;
  }

  /** A command was stored (here or, relayed, on another replica): push it to the candidate. */
  commandsChanged(attemptId: string, pending: HubCommand[]): void {
    this.forget(attemptId);
    for (const listener of this.commandListeners) listener(attemptId, pending);
  }

  /** Its live status changed; grading did not. */
  private notify(attemptId: string): void {
    for (const listener of this.changeListeners) listener(attemptId);
  }

  // ---- candidate side ----

  // Bodies arrive checked against their route's schema (http/routeRequest.ts, or the live
  // channel's message schema): the service takes them typed and does not parse them again.
  async enroll(req: EnrollRequest): Promise<EnrollReply> {
    // The access code names the sitting (its exam package, its window).
    const sitting = await this.o.store.sittingByCode(req.accessCode);
    if (!sitting || !accessCodeMatches(sitting.accessCode, req.accessCode)) throw unauthorized('wrong access code');
    const nowIso = this.isoNow();
    if (sitting.closedAt !== null) throw forbidden(`the sitting ${sitting.name} is closed`);
    if (sitting.opensAt !== null && nowIso < sitting.opensAt) throw forbidden(`the sitting ${sitting.name} opens at ${sitting.opensAt}`);
    if (sitting.closesAt !== null && nowIso > sitting.closesAt) throw forbidden(`the sitting ${sitting.name} closed at ${sitting.closesAt}`);
    const pkg = await this.packages.forSitting(sitting.sittingId);
    const key = ed25519Key(req.devicePublicKey);
    if (req.proof !== undefined && !proofVerifies(req.proof, req.candidateId, req.devicePublicKey, key)) {
      throw badSignature('the enrollment proof is not a signature of this candidate id by this device key');
    }
    const { id: examId, version: examVersion } = pkg.exam;
    const keyDer = key.export({ type: 'spki', format: 'der' });
    const attemptId = deriveAttemptId(examId, examVersion, req.candidateId, keyDer);
    return this.locks.run(attemptId, async () => {
      const token = newToken();
      const at = this.isoNow();
      // The same candidate id from another device: that device (or a proctor) must agree.
      const prior = (await this.reads.journalHead(attemptId)) ? null : await this.priorAttempt(examId, examVersion, attemptId, req, keyDer);
      const attempt = {
        attemptId,
        examId,
        examVersion,
        candidateId: req.candidateId,
        candidateName: req.candidateName,
        devicePublicKey: req.devicePublicKey,
        deviceInfo: req.deviceInfo,
        proof: req.proof ?? null,
        enrolledAt: at,
      };
      // Insert-if-absent in one transaction, so two replicas enrolling the same device agree.
      const expiresAt = new Date(this.o.now() + ATTEMPT_TOKEN_TTL_MS).toISOString();
      const since = this.changeClock;
      const created = await this.o.store.enroll(attempt, sitting.sittingId, hashToken(token), expiresAt);
      if (!created) {
        if (req.proof === undefined) {
          throw conflict('this candidate is already enrolled from this device; enrolling again needs the device proof (proof)', { attemptId });
        }
        await this.o.store.addToken(attemptId, hashToken(token), at, expiresAt);
        this.forgetTokens(attemptId);
      }
      if (created && prior) {
        await this.o.store.supersede(prior, attemptId);
        this.forgetTokens(prior);
        this.changed(prior);
      }
      // Only if nothing else changed it meanwhile (a command issued the moment it appeared).
      const untouched = this.unchangedSince(attemptId, since);
      this.changed(attemptId);
      // The candidate's next request is a heartbeat on this token: known now, so a room enrolling
      // at once costs no lookups afterwards (a new attempt holds nothing and has no commands).
      this.rememberToken(token, attemptId, Date.parse(expiresAt));
      if (created && untouched) this.heartbeatViews.set(attemptId, { lastSeq: 0, pendingCommands: [] });
      if (created) this.o.onEnroll?.(attemptId);
      return { attemptId, token, examId, examVersion, serverTime: at, policy: pkg.exam.policy, resumed: !created };
    });
  }

  /**
   * The attempt a new device replaces, when the candidate id is enrolled from another device: 409
   * unless that device signed its consent (`priorProof`) or a proctor allowed it (allowReenroll).
   */
  private async priorAttempt(examId: string, examVersion: string, attemptId: string, req: EnrollRequest, keyDer: Buffer): Promise<string | null> {
    const { candidateId, devicePublicKey, priorProof } = req;
    const others = (await this.o.store.candidateAttempts(examId, examVersion, candidateId)).filter((o) => o.attemptId !== attemptId && o.supersededBy === null);
    const current = others.at(-1);
    if (!current) return null;
    const nowIso = this.isoNow();
    const deviceFingerprint = sha256Hex(keyDer).slice(0, 16);
    // A proctor's approval is for the device they saw (its key's fingerprint), not for any device.
    const approved = current.reenrollAllowedUntil !== null && nowIso <= current.reenrollAllowedUntil;
    if (approved && current.reenrollRequest?.deviceFingerprint === deviceFingerprint) return current.attemptId;
    if (priorProof && priorProof.devicePublicKey === current.devicePublicKey) {
      const signature = Buffer.from(priorProof.signature, 'base64');
      const payload = Buffer.from(canonicalJson(reenrollProofPayload(candidateId, devicePublicKey)), 'utf8');
      if (signature.length === 64 && verify(null, payload, ed25519Key(current.devicePublicKey), signature)) return current.attemptId;
      throw badSignature('priorProof is not a signature of this re-enrollment by the device the candidate enrolled from');
    }
    // Shown to the proctor, who checks who is at the new device and may allow it (allowReenroll);
    // while an approval runs, the store keeps the device it was given for.
    if (!approved) {
      await this.o.store.requestReenroll(current.attemptId, { at: nowIso, deviceFingerprint, deviceInfo: req.deviceInfo });
      this.changed(current.attemptId);
    }
    throw conflict(
      `candidate ${candidateId} is already enrolled from another device; enrolling from this one needs that device's consent (priorProof) or a proctor's approval`,
      { reason: 'reenroll-needs-approval', attemptId: current.attemptId },
    );
  }

  /**
   * A proctor lets the device that asked to take `attemptId` (the fingerprint they were shown)
   * enroll for REENROLL_APPROVAL_MS. 409 when no device asked, or another one asked since.
   */
  async allowReenroll(session: ProctorSession, attemptId: string, deviceFingerprint: string): Promise<{ until: string }> {
    const a = await this.requireAttempt(attemptId);
    if (a.supersededBy !== null) throw conflict(`attempt ${attemptId} was already replaced by ${a.supersededBy}`);
    const until = new Date(this.o.now() + REENROLL_APPROVAL_MS).toISOString();
    const allowed = await this.o.store.allowReenroll(attemptId, until, deviceFingerprint, { at: this.isoNow(), account: session.name, action: 'allow-reenroll', attemptId, detail: { until, deviceFingerprint } });
    if (!allowed) {
      const asking = (await this.o.store.attempt(attemptId))?.reenrollRequest ?? null;
      throw conflict(asking ? `another device (${asking.deviceFingerprint}) has asked since: check the device shown now` : 'no other device has asked to check in for this attempt', { deviceFingerprint: asking?.deviceFingerprint ?? null });
    }
    this.changed(attemptId);
    return { until };
  }

  /** A token that worked (or was just issued), with when it stops working. */
  private rememberToken(token: string, attemptId: string, expiresAtMs: number): { attemptId: string; expiresAtMs: number } {
    const known = { attemptId, expiresAtMs };
    this.knownTokens.set(token, known);
    let tokens = this.tokensByAttempt.get(attemptId);
    if (!tokens) this.tokensByAttempt.set(attemptId, (tokens = new Set()));
    tokens.add(token);
    return known;
  }

  /** Tokens of the attempt the cache knows: looked up again (they were revoked or expire sooner). */
  private forgetTokens(attemptId: string): void {
    for (const token of this.tokensByAttempt.get(attemptId) ?? []) this.knownTokens.delete(token);
    this.tokensByAttempt.delete(attemptId);
    // A lookup in flight must not put back what was just revoked or shortened.
    this.changedAt.set(attemptId, ++this.changeClock);
  }

  /** The attempt a candidate request may act on: 401 without a valid token, 404, 403. */
  async authenticateAttempt(token: string | null, attemptId: string): Promise<HubAttempt> {
    const owner = token === null ? null : await this.attemptOfToken(token);
    if (owner === null) throw unauthorized('missing, unknown or expired attempt token');
    const attempt = await this.o.store.attempt(attemptId);
    if (!attempt) throw notFound(`no attempt ${attemptId}`);
    if (owner !== attemptId) throw forbidden('this token belongs to another attempt');
    await this.packages.forSitting(attempt.sittingId);
    return attempt;
  }

  /**
   * The attempt a token belongs to. Tokens that worked once are remembered as they are, so the
   * heartbeat path (1,000 a second) neither hashes nor looks each one up again; only issued tokens
   * get in (a token never changes attempt).
   */
  private async attemptOfToken(token: string): Promise<string | null> {
    let known = this.knownTokens.get(token);
    if (known === undefined) {
      const since = this.changeClock;
      const owner = await this.reads.tokenOwner(hashToken(token));
      if (owner === null) return null;
      const expiresAtMs = owner.expiresAt === null ? Number.POSITIVE_INFINITY : Date.parse(owner.expiresAt);
      // Raced a change of the attempt's tokens: this request goes by what it read, and the next looks again.
      known = this.unchangedSince(owner.attemptId, since) ? this.rememberToken(token, owner.attemptId, expiresAtMs) : { attemptId: owner.attemptId, expiresAtMs };
    }
    if (known.expiresAtMs <= this.o.now()) {
      this.knownTokens.delete(token);
      this.tokensByAttempt.get(known.attemptId)?.delete(token);
      return null;
    }
    return known.attemptId;
  }

  /**
   * A heartbeat with its authentication: the hub's hottest path (1,000 a second), so it reads only
   * what the reply needs (one query) rather than the whole attempt. Once the token and the
   * attempt's heartbeat view are known (every heartbeat after the first, until something about the
   * attempt changes) and nothing is acknowledged, the reply is built at once, without a promise:
   * the awaits of the general path cost about a tenth of the hub's heartbeat throughput
   * (hub-ingest, docs/hub.md). Every refusal takes the general path, so its order stays one.
   */
  heartbeatFor(token: string | null, attemptId: string, body: HeartbeatBody): HeartbeatReply | Promise<HeartbeatReply> {
    const known = token === null ? undefined : this.knownTokens.get(token);
    const view = this.heartbeatViews.get(attemptId);
    if (known !== undefined && known.attemptId === attemptId && known.expiresAtMs > this.o.now() && view !== undefined && !(body.ackCommands && body.ackCommands.length > 0)) {
      return this.heardOnly(attemptId, view, body);
    }
    return this.heartbeatChecked(token, attemptId, body);
  }

  private async heartbeatChecked(token: string | null, attemptId: string, body: HeartbeatBody): Promise<HeartbeatReply> {
    // Both lookups at once (the path names the attempt): on a replica with cold caches the first
    // heartbeat waits for one round trip, not two. The refusals keep their order.
    const [owner, view] = await Promise.all([token === null ? null : this.attemptOfToken(token), this.heartbeatView(attemptId)]);
    if (owner === null) throw unauthorized('missing, unknown or expired attempt token');
    if (!view) throw notFound(`no attempt ${attemptId}`);
    if (owner !== attemptId) throw forbidden('this token belongs to another attempt');
    return this.heartbeatOn(attemptId, view, body);
  }

  /**
   * A heartbeat: live status, kept in memory (not acknowledged data). Stores only acknowledgements
   * of commands, before the reply stops listing them (a lost ack would deliver the command again).
   */
  heartbeat(attempt: HubAttempt, body: HeartbeatBody): Promise<HeartbeatReply> {
    return this.heartbeatOn(attempt.enrollment.attemptId, attempt, body);
  }

  private async heartbeatOn(attemptId: string, attempt: HeartbeatView, hb: HeartbeatBody): Promise<HeartbeatReply> {
    const pending = new Set(attempt.pendingCommands.map((c) => c.id));
    const acked = hb.ackCommands?.filter((id) => pending.has(id)) ?? [];
    if (acked.length === 0) return this.heardOnly(attemptId, attempt, hb);
    const at = this.heard(attemptId, hb);
    const done = new Set(await this.o.store.ackCommands(attemptId, acked, at, 'heartbeat'));
    for (const id of acked) done.add(id);
    this.changed(attemptId);
    return { serverTime: this.isoNow(), commands: attempt.pendingCommands.filter((c) => !done.has(c.id)), ackSeq: attempt.lastSeq };
  }

  /** A heartbeat that acknowledges nothing: its live status, and the reply from the view. */
  private heardOnly(attemptId: string, attempt: HeartbeatView, hb: HeartbeatBody): HeartbeatReply {
    const at = this.heard(attemptId, hb);
    this.notify(attemptId);
    return { serverTime: at, commands: attempt.pendingCommands, ackSeq: attempt.lastSeq };
  }

  /** Records the heartbeat's live status (here, and for the other replicas); returns when, as ISO. */
  private heard(attemptId: string, hb: HeartbeatBody): string {
    const now = this.o.now();
    // Heartbeats arrive tens to a millisecond at load: the same instant formats once.
    if (now !== this.lastHeardMs) {
      this.lastHeardMs = now;
      this.lastHeardIso = new Date(now).toISOString();
    }
    const at = this.lastHeardIso;
    const live = { state: hb.state, answered: hb.answered, remainingMs: hb.remainingMs, lastSavedAt: hb.lastSavedAt, journalSeq: hb.journalSeq, at };
    this.live.heard(attemptId, live, now);
    this.o.onHeartbeat?.(attemptId, live, now);
    return at;
  }

  /** Journal entries with their authentication, reading only the attempt's journal head. */
  async eventsFor(token: string | null, attemptId: string, body: EventsRequest): Promise<EventsReply> {
    // As for heartbeats: both lookups in one round trip, the refusals in their order.
    const [owner, head] = await Promise.all([token === null ? null : this.attemptOfToken(token), this.reads.journalHead(attemptId)]);
    if (owner === null) throw unauthorized('missing, unknown or expired attempt token');
    if (!head) throw notFound(`no attempt ${attemptId}`);
    if (owner !== attemptId) throw forbidden('this token belongs to another attempt');
    return this.eventsOn(attemptId, head, body);
  }

  async events(attempt: HubAttempt, body: EventsRequest): Promise<EventsReply> {
    const head = await this.reads.journalHead(attempt.enrollment.attemptId);
    if (!head) throw notFound(`no attempt ${attempt.enrollment.attemptId}`);
    return this.eventsOn(attempt.enrollment.attemptId, head, body);
  }

  private async eventsOn(attemptId: string, request: JournalHead, { entries }: EventsRequest): Promise<EventsReply> {
    const first = entries[0] as JournalEntry;
    if (entries.some((e, i) => e.seq !== first.seq + i)) throw malformed('entries must have consecutive seqs in ascending order');
    return this.locks.run(attemptId, async () => {
      // Another replica may append between our read and our write: the store then refuses
      // (expected last seq moved) and the check runs again on what it holds now.
      for (let round = 0; ; round++) {
        const attempt = round === 0 ? request : await this.reads.journalHead(attemptId);
        if (!attempt) throw notFound(`no attempt ${attemptId}`);
        const held = entries.filter((e) => e.seq <= attempt.lastSeq);
        if (held.length > 0) {
          const hashes = await this.o.store.entryHashes(attemptId, (held[0] as JournalEntry).seq, (held.at(-1) as JournalEntry).seq);
          for (const e of held) {
            if (hashes.get(e.seq) !== e.hash || sha256Hex(journalHashInput(e)) !== e.hash) {
              throw conflict(`entry ${e.seq} differs from the one the hub holds`, { seq: e.seq, ackSeq: attempt.lastSeq });
            }
          }
        }
        const fresh = entries.filter((e) => e.seq > attempt.lastSeq);
        if (fresh.length === 0) return { ackSeq: attempt.lastSeq };
        await this.checkJournalCap(attemptId, attempt, fresh);
        const check = verifyChain(fresh, sha256Hex, { lastSeq: attempt.lastSeq, headHash: attempt.headHash });
        if (!check.ok) throw conflict(`the journal chain breaks at seq ${check.seq}: ${check.reason}`, { seq: check.seq, ackSeq: attempt.lastSeq });
        const sealed = attempt.sealed;
        const closing = sealed ? fresh.find((e) => e.seq === sealed.count) : undefined;
        if (sealed && closing && closing.hash !== sealed.headHash) {
          throw conflict(`entry ${closing.seq} is not the head the signed result names`, { seq: closing.seq, ackSeq: attempt.lastSeq });
        }
        const outcome = await this.o.store.appendEvents(attemptId, attempt.lastSeq, fresh, this.isoNow());
        if (!outcome.ok) {
          if (round < 3) continue;
          throw conflict('the journal is being written by another request; retry', { ackSeq: outcome.lastSeq });
        }
        this.o.onEvents?.(attemptId, fresh);
        this.changed(attemptId);
        // These entries complete the journal a waiting result names: check it and grade it.
        if (sealed && attempt.lastSeq < sealed.count && outcome.lastSeq >= sealed.count) await this.releaseHeld(attemptId);
        return { ackSeq: outcome.lastSeq };
      }
    });
  }

  /** 413 (and a `journal-cap` violation, once) for entries beyond the attempt's journal cap. */
  private async checkJournalCap(attemptId: string, held: JournalHead, fresh: readonly JournalEntry[]): Promise<void> {
    const cap = this.o.journalCap ?? { entries: JOURNAL_MAX_ENTRIES_PER_ATTEMPT, bytes: JOURNAL_MAX_BYTES_PER_ATTEMPT };
    // The bytes the store will count: each entry's JSON as stored.
    const bytes = fresh.reduce((n, e) => n + Buffer.byteLength(JSON.stringify(e)), 0);
    const entries = held.lastSeq + fresh.length;
    if (entries <= cap.entries && held.bytes + bytes <= cap.bytes) return;
    const detail = `the journal would hold ${entries} entries and ${held.bytes + bytes} bytes; an attempt may store at most ${cap.entries} entries and ${cap.bytes} bytes`;
    if (!(await this.o.store.hubViolations(attemptId)).some((v) => v.kind === 'journal-cap')) {
      await this.o.store.addHubViolation(attemptId, { at: this.isoNow(), kind: 'journal-cap', severity: 'critical', detail: `journal entries refused: ${detail}` });
      this.changed(attemptId);
    }
    throw new HubError('too-large', detail, { reason: 'journal-cap', ackSeq: held.lastSeq });
  }

  async putResult(attempt: HubAttempt, body: unknown, idempotencyKey: string | undefined): Promise<{ created: boolean; reply: ResultUploadReply }> {
    if (idempotencyKey === undefined || !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
      throw malformed('the Idempotency-Key header is required (8 to 128 of A-Z a-z 0-9 _ . : -)');
    }
    const result = parse(resultSchema, body, 'result');
    const e = attempt.enrollment;
    // The signature first: any altered field is a bad signature, whatever else it breaks.
    if (!verifyResult(body, e.devicePublicKey)) throw badSignature('the result signature does not verify with the device key enrolled for this attempt');
    if (result.attemptId !== e.attemptId) throw conflict(`the result is for attempt ${result.attemptId}, not ${e.attemptId}`);
    if (result.candidate.id !== e.candidateId) throw conflict(`the result names candidate ${result.candidate.id}, enrolled as ${e.candidateId}`);
    if (result.examId !== e.examId || result.examVersion !== e.examVersion) {
      throw conflict(`the result is for exam ${result.examId} ${result.examVersion}, this hub serves ${e.examId} ${e.examVersion}`);
    }
    for (const [itemId, ws] of Object.entries(result.workspaces)) {
      const sha = createHash('sha256').update(Buffer.from(ws.archive, 'base64')).digest('hex');
      if (sha !== ws.sha256) throw malformed(`workspace ${itemId}: the archive's SHA-256 is ${sha}, the result says ${ws.sha256}`);
    }
    const text = canonicalJson(result);
    const resultSha256 = createHash('sha256').update(text, 'utf8').digest('hex');
    return this.locks.run(e.attemptId, async () => {
      const current = await this.requireAttempt(e.attemptId);
      const existing = current.result;
      if (existing) return this.heldResult(existing, resultSha256, e.attemptId);
      const { count, headHash } = result.journal;
      // Graded only against a journal held in full and verified (docs/hub.md, "Journal-verified
      // grading"): with fewer entries the result waits, and the shipper sends the rest.
      const complete = current.lastSeq >= count;
      if (complete) {
        if ((await this.o.store.entryHashes(e.attemptId, count, count)).get(count) !== headHash) {
          throw conflict(`the result names journal entry ${count} with a hash the hub's copy does not have`, { seq: count });
        }
        const mismatch = answersMismatch(this.packages.cached(current.sittingId).exam, result, await this.o.store.readEvents(e.attemptId, 0, count));
        if (mismatch) {
          await this.refusedResult(e.attemptId, mismatch);
          throw conflict(`the result's answers disagree with its journal: ${mismatch.message}`, { reason: 'answers-mismatch', itemId: mismatch.itemId });
        }
      }
      const receivedAt = this.isoNow();
      const receipt = issueReceipt({ hubId: this.o.identity.hubId, attemptId: e.attemptId, resultSha256, receivedAt }, this.o.identity.receiptKey);
      const meta: ResultMeta = {
        resultSha256,
        receipt,
        receivedAt,
        idempotencyKey,
        submittedAt: result.submittedAt,
        submitReason: result.submitReason,
        journal: result.journal,
        bytes: Buffer.byteLength(text),
      };
      // The result and its grading job commit together; a result stored by another replica
      // meanwhile wins, and this upload gets its receipt.
      const stored = await this.o.store.putResult(e.attemptId, { meta, result }, complete);
      if (!stored.created) return this.heldResult(stored.meta, resultSha256, e.attemptId);
      this.changed(e.attemptId);
      if (complete) await this.accepted(e.attemptId);
      // Another replica may have appended the missing entries before this result was stored.
      else if (((await this.reads.journalHead(e.attemptId))?.lastSeq ?? 0) >= count) await this.releaseHeld(e.attemptId);
      return { created: true, reply: replyOf(meta, e.attemptId, this.o.identity.hubId) };
    });
  }

  /**
   * A result that waited for its journal, now held in full: graded when its answers are the
   * journal's, refused (and flagged to the proctor) when not.
   */
  private async releaseHeld(attemptId: string): Promise<void> {
    const stored = await this.o.store.readResult(attemptId);
    if (!stored) return;
    const a = await this.requireAttempt(attemptId);
    const entries = await this.o.store.readEvents(attemptId, 0, stored.meta.journal.count);
    const mismatch = answersMismatch(this.packages.cached(a.sittingId).exam, stored.result, entries);
    const message = mismatch ? `the result's answers disagree with its journal: ${mismatch.message}` : null;
    if (!(await this.o.store.releaseResult(attemptId, this.isoNow(), message))) return;
    if (mismatch) await this.refusedResult(attemptId, mismatch);
    this.changed(attemptId);
    if (!mismatch) await this.accepted(attemptId);
  }

  /**
   * A result held with its whole journal: graded, and the attempt's tokens expire soon after (the
   * app ships its last entries, then has nothing more to send; syncClient stops quietly on a 401).
   */
  private async accepted(attemptId: string): Promise<void> {
    await this.o.store.expireTokens(attemptId, new Date(this.o.now() + ATTEMPT_TOKEN_SYNCED_GRACE_MS).toISOString());
    this.forgetTokens(attemptId);
    this.o.onResult(attemptId);
  }

  private async refusedResult(attemptId: string, mismatch: AnswerMismatch): Promise<void> {
    await this.o.store.addHubViolation(attemptId, { at: this.isoNow(), kind: 'result-mismatch', severity: 'critical', detail: `result refused: ${mismatch.message}` });
    this.changed(attemptId);
  }

  private heldResult(existing: ResultMeta, resultSha256: string, attemptId: string): { created: boolean; reply: ResultUploadReply } {
    if (existing.resultSha256 !== resultSha256) throw conflict('the hub already holds a different result for this attempt', { resultSha256: existing.resultSha256 });
    return { created: false, reply: replyOf(existing, attemptId, this.o.identity.hubId) };
  }

  // ---- proctor side ----

  async login(req: LoginRequest): Promise<LoginReply> {
    const login = await this.o.proctorAuth.login(req.password, req.name);
    if (!login) throw unauthorized('wrong account name or password');
    await this.o.store.audit({ at: this.isoNow(), account: login.session.name, action: 'login', attemptId: null, detail: { role: login.session.role } });
    return { token: login.token, expiresAt: new Date(login.expiresAtMs).toISOString(), name: login.session.name, role: login.session.role };
  }

  /** The session a token names (401 without one), allowed `roles` (403 for another role). */
  async authenticateProctor(token: string | null, roles?: readonly HubRole[]): Promise<ProctorSession> {
    const session = token === null ? null : await this.o.proctorAuth.session(token);
    if (!session) throw unauthorized('missing, unknown, expired or revoked session token');
    if (roles && !roles.includes(session.role)) throw forbidden(`the ${session.role} role may not do this`);
    return session;
  }

  /**
   * What a session may see of a summary: graders grade blind, so the candidate's name and id are
   * replaced by a pseudonym derived from the attempt id.
   */
  viewFor<T extends { candidate: { id: string; name: string }; deviceInfo: AttemptSummary['deviceInfo'] }>(session: ProctorSession, summary: T): T {
    if (!BLIND_ROLES.includes(session.role)) return summary;
    const alias = `candidate-${createHash('sha256').update(JSON.stringify(summary.candidate)).digest('hex').slice(0, 8)}`;
    // The device's host name often is the candidate's: it goes too.
    return { ...summary, candidate: { id: alias, name: alias }, deviceInfo: {} };
  }

  /** The grid: every attempt, one sitting's (`sittingId`), or one page of either (by attempt id). */
  async summaries(page: { sittingId?: string; afterId?: string; limit?: number } = {}): Promise<AttemptSummary[]> {
    if (page.sittingId !== undefined && !(await this.o.store.sitting(page.sittingId))) throw notFound(`no sitting ${page.sittingId}`);
    return (await this.withPackages(await this.o.store.attempts(page))).map((a) => this.summary(a));
  }

  /** Every sitting, for the dashboard's picker and the CLI. */
  sittings(): Promise<Sitting[]> {
    return this.o.store.listSittings();
  }

  /** Sync: the attempt's package was loaded when the attempt was read (withPackages). */
  summary(a: HubAttempt): AttemptSummary {
    const pkg = this.packages.cached(a.sittingId);
    return summarizeAttempt(a, this.live.get(a.enrollment.attemptId), { totalItems: allItems(pkg.exam).length, nowMs: this.o.now(), graded: this.finalGraded(a) });
  }

  /** The attempt's summary as stored now, or null for an unknown id. */
  async summaryOf(attemptId: string): Promise<AttemptSummary | null> {
    const a = await this.o.store.attempt(attemptId);
    if (!a) return null;
    await this.packages.forSitting(a.sittingId);
    return this.summary(a);
  }

  /** The automatic grading with manual grades applied, or null before grading. */
  finalGraded(a: HubAttempt): GradedResult | null {
    return a.graded ? withManualGrades(this.packages.cached(a.sittingId), a.graded, a.manual.values()) : null;
  }

  async requireAttempt(attemptId: string): Promise<HubAttempt> {
    const a = await this.o.store.attempt(attemptId);
    if (!a) throw notFound(`no attempt ${attemptId}`);
    await this.packages.forSitting(a.sittingId);
    return a;
  }

  private async withPackages(attempts: HubAttempt[]): Promise<HubAttempt[]> {
    for (const id of new Set(attempts.map((a) => a.sittingId))) await this.packages.forSitting(id);
    return attempts;
  }

  /**
   * One attempt for the proctor, with one page of its timeline (`afterSeq`, `limit`): a journal
   * can hold JOURNAL_MAX_ENTRIES_PER_ATTEMPT entries, too many for one reply. Violations and essay
   * answers still come from the whole journal, read a page at a time.
   */
  async detail(attemptId: string, page: { afterSeq?: number; limit?: number } = {}): Promise<AttemptDetail> {
    const a = await this.requireAttempt(attemptId);
    const limit = Math.min(page.limit ?? DETAIL_TIMELINE_PAGE, DETAIL_TIMELINE_MAX_PAGE);
    const afterSeq = page.afterSeq ?? 0;
    const timeline = await this.o.store.readEvents(attemptId, afterSeq, limit);
    const lastShown = timeline.at(-1)?.seq ?? afterSeq;
    const timelineNext = lastShown < a.lastSeq ? lastShown : null;
    const violations: AttemptDetail['violations'] = [];
    const journalAnswers = new Map<string, unknown>();
    for (let after = 0; after < a.lastSeq; ) {
      const chunk = await this.o.store.readEvents(attemptId, after, DETAIL_TIMELINE_MAX_PAGE);
      const last = chunk.at(-1);
      if (!last) break;
      after = last.seq;
      for (const entry of chunk) {
        if (entry.type === 'violation') {
          const v = violationDataSchema.safeParse(entry.data);
          if (v.success) violations.push({ seq: entry.seq, at: entry.at, kind: v.data.kind, severity: v.data.severity, detail: v.data.detail });
        } else if (entry.type === 'answer') {
          const data = entry.data as { itemId?: unknown; value?: unknown } | null;
          if (data && typeof data.itemId === 'string') journalAnswers.set(data.itemId, data.value);
        }
      }
    }
    // What the hub itself saw (a refused result, a journal over its cap) has no journal seq: 0.
    for (const v of await this.o.store.hubViolations(attemptId)) violations.push({ seq: 0, ...v });
    const stored = a.result ? await this.o.store.readResult(attemptId) : null;
    const graded = this.finalGraded(a);
    const pkg = this.packages.cached(a.sittingId);
    const essays: EssayView[] = [];
    for (const { item } of allItems(pkg.exam)) {
      if (item.type !== 'essay') continue;
      const { key } = essayOf(pkg, item.id);
      const answer = stored ? stored.result.answers[item.id] : journalAnswers.get(item.id);
      essays.push({
        itemId: item.id,
        prompt: item.prompt,
        points: item.points,
        answer: typeof answer === 'string' ? answer : null,
        rubric: key.rubric.map((c) => ({ id: c.id, text: c.text, points: c.points, ...(c.levels ? { levels: c.levels } : {}) })),
        grade: graded?.items[item.id] ?? null,
        manual: a.manual.get(item.id) ?? null,
      });
    }
    return {
      summary: this.summary(a),
      timeline,
      timelineNext,
      violations,
      commands: (await this.o.store.commands(attemptId)).map((c) => ({ command: c.command, ackedAt: c.ackedAt })),
      graded,
      essays,
    };
  }

  async issueCommand(session: ProctorSession, attemptId: string, req: CommandRequest): Promise<{ commandId: string }> {
    const a = await this.requireAttempt(attemptId);
    if (a.result) throw conflict('the attempt is already submitted: commands no longer reach it');
    const state = projectedState(this.summary(a).state, a.pendingCommands);
    const refusal = commandRefusal(req.type, state);
    if (refusal) throw conflict(refusal, { type: req.type, state });
    const command = { ...req, id: newCommandId(), issuedBy: session.name, issuedAt: this.isoNow() } as HubCommand;
    await this.o.store.addCommand(attemptId, command, { at: command.issuedAt, account: session.name, action: `command:${command.type}`, attemptId, detail: req });
    const pending = [...a.pendingCommands, command];
    this.changed(attemptId);
    this.commandsChanged(attemptId, pending);
    this.o.onCommand?.(attemptId, pending);
    return { commandId: command.id };
  }

  async grade(session: ProctorSession, attemptId: string, req: GradeRequest): Promise<GradeReply> {
    const a = await this.requireAttempt(attemptId);
    let essay: ReturnType<typeof essayOf>;
    try {
      essay = essayOf(this.packages.cached(a.sittingId), req.itemId);
      // Checks the criteria against the rubric before anything is stored.
      applyRubricGrades(essay.item, essay.key, req.criteria, req.comment);
    } catch (error) {
      if (error instanceof VigilError) throw malformed(error.message, error.details);
      throw error;
    }
    if (!a.result) throw conflict('there is no result to grade yet');
    if (!a.graded) throw conflict('the result is still being graded automatically; try again in a moment');
    const grade = { itemId: req.itemId, criteria: Array.isArray(req.criteria) ? [...new Set(req.criteria)] : req.criteria, ...(req.comment ? { comment: req.comment } : {}), by: session.name, at: this.isoNow(), ...(req.reconciles ? { reconciles: true as const } : {}) };
    await this.o.store.addManualGrade(attemptId, grade, { at: grade.at, account: session.name, action: 'grade', attemptId, detail: { itemId: grade.itemId, criteria: grade.criteria } });
    this.changed(attemptId);
    const graded = this.finalGraded(await this.requireAttempt(attemptId));
    if (!graded) throw internal('graded result vanished');
    return { graded };
  }

  /**
   * One sitting's results, or (without one) every result of the exam version the hub was started
   * with, across its sittings, so they can be compared.
   */
  async resultsCsv(sittingId?: string): Promise<string> {
    let attempts: HubAttempt[];
    let pkg = this.o.pkg;
    if (sittingId !== undefined) {
      if (!(await this.o.store.sitting(sittingId))) throw notFound(`no sitting ${sittingId}`);
      attempts = await this.withPackages(await this.o.store.attempts({ sittingId }));
      pkg = await this.packages.forSitting(sittingId);
    } else {
      attempts = await this.examAttempts();
    }
    // An attempt a new device of the same candidate replaced (with consent) is one row, the new one,
    // unless the old one had already delivered a result.
    const rows = attempts.filter((a) => a.supersededBy === null || a.result !== null);
    return resultsCsv(pkg.exam, rows.map((a) => ({ summary: this.summary(a), graded: this.finalGraded(a) })));
  }

  /** Every attempt, across sittings, of the exam version the hub was started with (packages loaded). */
  async examAttempts(): Promise<HubAttempt[]> {
    const { id, version } = this.o.pkg.exam;
    return this.withPackages((await this.o.store.attempts()).filter((a) => a.enrollment.examId === id && a.enrollment.examVersion === version));
  }

  // ---- reports (issue 20, docs/reports.md): electron/hub/reports/hubReports.ts ----

  readonly reports: HubReports;

  // ---- internals ----

  private isoNow(): string {
    return new Date(this.o.now()).toISOString();
  }
}

function replyOf(meta: ResultMeta, attemptId: string, hubId: string): ResultUploadReply {
  return { receipt: meta.receipt, hubId, attemptId, resultSha256: meta.resultSha256, receivedAt: meta.receivedAt };
}

/** Validates a body with a shared schema; a failure is 400 naming every field. */
export function parse<S extends z.ZodType>(schema: S, body: unknown, root: string, checkDepth = true): z.infer<S> {
  if (checkDepth && exceedsJsonDepth(body, MAX_JSON_DEPTH)) throw malformed(`the body nests deeper than ${MAX_JSON_DEPTH} levels`);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const { message, fields } = describeZodError(root, parsed.error);
    throw malformed(message.length > 2000 ? `${message.slice(0, 2000)}...` : message, { fields: fields.slice(0, 50) });
  }
  return parsed.data;
}

function ed25519Key(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw malformed(`devicePublicKey is not a public key: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw malformed(`devicePublicKey must be an Ed25519 key, not ${key.asymmetricKeyType ?? 'unknown'}`);
  return key;
}

function proofVerifies(proof: string, candidateId: string, devicePublicKey: string, key: KeyObject): boolean {
  const signature = Buffer.from(proof, 'base64');
  if (signature.length !== 64) return false;
  return verify(null, Buffer.from(canonicalJson(enrollProofPayload(candidateId, devicePublicKey)), 'utf8'), key, signature);
}
