import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { VigilError } from '../../../shared/errors.js';
import { gradedResultSchema } from '../../../shared/grading/resultSchema.js';
import { hubCommandSchema, type HubCommand } from '../../../shared/hub/commands.js';
import { deviceInfoSchema } from '../../../shared/hub/enrollment.js';
import { heartbeatSchema } from '../../../shared/hub/heartbeat.js';
import { manualGradeSchema, reenrollRequestSchema, type GradingStatus, type ManualGrade } from '../../../shared/hub/proctor.js';
import { hubRoleSchema } from '../../../shared/hub/roles.js';
import { journalEntrySchema, violationSeveritySchema, type JournalEntry } from '../../../shared/journal.js';
import { attemptStateSchema, submitReasonSchema } from '../../../shared/lifecycle.js';
import { resultSchema } from '../../../shared/result.js';
import { normalizeAccessCode } from '../auth/tokens.js';
import { digestEntries } from '../state/journalDigest.js';
import type { EnrolledAttempt, ResultMeta } from './hubRecords.js';
import type { Account, AuditEntry, HeartbeatView, HubIdentity, HubStore, JournalHead, LiveStatus, Sitting, StoredAttempt, StoreNotifications, TokenOwner } from './hubStore.js';
import { migrate } from './sql/migrations.js';
import { forUpdate, type SqlDriver, type SqlQueryable, type SqlRow } from './sql/sqlDriver.js';

/**
 * The HubStore on a SQL driver (SQLite or PostgreSQL): the same statements on both. Every write is
 * one transaction; rows are parsed with zod on the way out, so a damaged or foreign row is an
 * error naming the table, never a half-typed object.
 */
const int = z.number().int();
const text = z.string();
const nullableText = z.string().nullable();

const sittingRow = z.object({
  sitting_id: text,
  name: text,
  exam_id: text,
  exam_version: text,
  package_dir: text,
  access_code: text,
  opens_at: nullableText,
  closes_at: nullableText,
  created_at: text,
  closed_at: nullableText,
});

const attemptRow = z.object({
  attempt_id: text,
  sitting_id: text,
  exam_id: text,
  exam_version: text,
  candidate_id: text,
  candidate_name: text,
  device_public_key: text,
  device_info: text,
  proof: nullableText,
  enrolled_at: text,
  last_seq: int,
  head_hash: nullableText,
  journal_state: nullableText,
  violations_info: int,
  violations_warning: int,
  violations_critical: int,
  result_sha256: nullableText,
  receipt: nullableText,
  received_at: nullableText,
  idempotency_key: nullableText,
  submitted_at: nullableText,
  submit_reason: nullableText,
  journal_count: int.nullable(),
  journal_head: nullableText,
  bytes: int.nullable(),
  graded: nullableText,
  job_error: nullableText,
  job_state: nullableText,
  refused: nullableText,
  superseded_by: nullableText,
  reenroll_allowed_until: nullableText,
  reenroll_request: nullableText,
});

const ATTEMPT_SELECT = `
SELECT a.attempt_id, a.sitting_id, a.exam_id, a.exam_version, a.candidate_id, a.candidate_name, a.device_public_key,
  a.device_info, a.proof, a.enrolled_at, a.last_seq, a.head_hash, a.journal_state, a.violations_info,
  a.violations_warning, a.violations_critical, r.result_sha256, r.receipt, r.received_at, r.idempotency_key,
  r.submitted_at, r.submit_reason, r.journal_count, r.journal_head, r.bytes, g.body AS graded, j.last_error AS job_error,
  j.state AS job_state, r.refused, a.superseded_by, a.reenroll_allowed_until, a.reenroll_request
FROM attempts a
LEFT JOIN results r ON r.attempt_id = a.attempt_id
LEFT JOIN graded_results g ON g.attempt_id = a.attempt_id
LEFT JOIN grading_jobs j ON j.attempt_id = a.attempt_id`;

const accountRow = z.object({ account_id: text, name: text, role: hubRoleSchema, password_hash: text, created_at: text, disabled_at: nullableText });
const accountOf = (r: z.infer<typeof accountRow>): Account => ({
  accountId: r.account_id,
  name: r.name,
  role: r.role,
  passwordHash: r.password_hash,
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
});
const heartbeatRow = z.object({ attempt_id: text, last_seq: int, body: nullableText });
const commandRow = z.object({ attempt_id: text, body: text, acked_at: nullableText });
/** grades and live_status: a JSON body per attempt. */
const attemptBodyRow = z.object({ attempt_id: text, body: text });
// Row schemas are built once: zod compiles each schema on its first parse (about 0.1 ms), which
// per query (or per row) was a large share of the hub's time on its hottest paths.
const identityRow = z.object({ hub_id: text, receipt_key: text, created_at: text });
const candidateAttemptRow = z.object({ attempt_id: text, device_public_key: text, reenroll_allowed_until: nullableText, reenroll_request: nullableText, superseded_by: nullableText });
const reenrollRequestRow = z.object({ reenroll_request: nullableText });
const sittingCountRow = z.object({ sitting_id: text, n: int });
const tokenRow = z.object({ token_hash: text, attempt_id: text, expires_at: nullableText });
const journalHeadRow = z.object({ attempt_id: text, last_seq: int, head_hash: nullableText, journal_bytes: int, journal_count: int.nullable(), journal_head: nullableText });
const entryHashRow = z.object({ seq: int, hash: text });
const lastSeqRow = z.object({ last_seq: int });
const entryRow = z.object({ entry: text });
const releaseRow = z.object({ refused: nullableText, job: nullableText });
const violationRow = z.object({ at: text, kind: text, severity: violationSeveritySchema, detail: text });
const resultBodyRow = z.object({ body: text });
const jobAttemptRow = z.object({ attempt_id: text });
const jobAtRow = z.object({ at: nullableText });
const auditRow = z.object({ at: text, account: text, action: text, attempt_id: nullableText, detail: text });

/**
 * Keys per IN list: well under SQLite's bind limit (32,766) and PostgreSQL's (65,535), and a
 * statement small enough to plan quickly.
 */
const KEYS_PER_STATEMENT = 500;

/** The distinct keys in statement-sized chunks. */
function keyChunks(keys: readonly string[]): string[][] {
  const distinct = [...new Set(keys)];
  const chunks: string[][] = [];
  for (let i = 0; i < distinct.length; i += KEYS_PER_STATEMENT) chunks.push(distinct.slice(i, i + KEYS_PER_STATEMENT));
  return chunks;
}

/**
 * Journal batches up to this many entries (the app sends a few at a time) are appended on
 * PostgreSQL in one statement (appendEvents); 9 + 4 per entry parameters stay prepared
 * (postgresDriver.ts PREPARE_MAX_PARAMS). Larger ones, and batches that acknowledge commands, take
 * the transaction.
 */
const ONE_STATEMENT_ENTRIES = 10;

const marksFor = (keys: readonly unknown[]) => keys.map(() => '?').join(', ');

function parseRow<S extends z.ZodType>(schema: S, row: SqlRow | undefined, table: string): z.infer<S> {
  const parsed = schema.safeParse(row);
  if (!parsed.success) throw new VigilError('storage', `a row of ${table} is not what this hub wrote: ${parsed.error.message.slice(0, 300)}`);
  return parsed.data;
}

function json<S extends z.ZodType>(schema: S, value: string, what: string): z.infer<S> {
  const parsed = schema.safeParse(JSON.parse(value));
  if (!parsed.success) throw new VigilError('storage', `stored ${what} is damaged: ${parsed.error.message.slice(0, 300)}`);
  return parsed.data;
}

const sittingOf = (r: z.infer<typeof sittingRow>): Sitting => ({
  sittingId: r.sitting_id,
  name: r.name,
  examId: r.exam_id,
  examVersion: r.exam_version,
  packageDir: r.package_dir,
  accessCode: r.access_code,
  opensAt: r.opens_at,
  closesAt: r.closes_at,
  createdAt: r.created_at,
  closedAt: r.closed_at,
});

const liveStatusSchema = heartbeatSchema.omit({ ackCommands: true }).extend({ at: z.iso.datetime({ offset: true }) });

export function createSqlHubStore(driver: SqlDriver): HubStore {
  const engine = driver.engine;

  /** The rows of `statement` (given the `?, ?, ...` of an IN list) for every distinct key, a statement per chunk. */
  async function rowsForKeys(keys: readonly string[], statement: (marks: string) => string): Promise<SqlRow[]> {
    const rows: SqlRow[] = [];
    for (const chunk of keyChunks(keys)) rows.push(...(await driver.all(statement(marksFor(chunk)), chunk)));
    return rows;
  }

  async function attemptsWhere(where: string, params: Array<string | number>, tail = ''): Promise<StoredAttempt[]> {
    const rows = (await driver.all(`${ATTEMPT_SELECT} ${where} ORDER BY a.attempt_id${tail}`, params)).map((r) => parseRow(attemptRow, r, 'attempts'));
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.attempt_id);
    const marks = marksFor(ids);
    const pending = new Map<string, HubCommand[]>();
    for (const r of await driver.all(`SELECT attempt_id, body, acked_at FROM commands WHERE attempt_id IN (${marks}) AND acked_at IS NULL ORDER BY command_no`, ids)) {
      const c = parseRow(commandRow, r, 'commands');
      const list = pending.get(c.attempt_id) ?? [];
      list.push(json(hubCommandSchema, c.body, 'command'));
      pending.set(c.attempt_id, list);
    }
    const manual = new Map<string, Map<string, ManualGrade>>();
    const byGrader = new Map<string, Map<string, Map<string, ManualGrade>>>();
    for (const r of await driver.all(`SELECT attempt_id, body FROM grades WHERE attempt_id IN (${marks}) ORDER BY grade_id`, ids)) {
      const g = parseRow(attemptBodyRow, r, 'grades');
      const grade = json(manualGradeSchema, g.body, 'grade');
      const byItem = manual.get(g.attempt_id) ?? new Map<string, ManualGrade>();
      byItem.set(grade.itemId, grade);
      manual.set(g.attempt_id, byItem);
      // Every grader's latest grade per item, for second grading and reconciliation.
      const items = byGrader.get(g.attempt_id) ?? new Map<string, Map<string, ManualGrade>>();
      const graders = items.get(grade.itemId) ?? new Map<string, ManualGrade>();
      graders.set(grade.by, grade);
      items.set(grade.itemId, graders);
      byGrader.set(g.attempt_id, items);
    }
    return rows.map((r) => attemptOf(r, pending.get(r.attempt_id) ?? [], manual.get(r.attempt_id) ?? new Map(), byGrader.get(r.attempt_id) ?? new Map()));
  }

  async function audit(q: SqlQueryable, entry: AuditEntry): Promise<void> {
    await q.run('INSERT INTO audit_log (at, account, action, attempt_id, detail) VALUES (?, ?, ?, ?, ?)', [
      entry.at,
      entry.account,
      entry.action,
      entry.attemptId,
      JSON.stringify(entry.detail ?? null),
    ]);
  }

  async function ackIn(q: SqlQueryable, attemptId: string, ids: readonly string[], at: string, via: string): Promise<string[]> {
    const acked: string[] = [];
    for (const id of new Set(ids)) {
      const n = await q.run('UPDATE commands SET acked_at = ?, acked_via = ? WHERE command_id = ? AND attempt_id = ? AND acked_at IS NULL', [at, via, id, attemptId]);
      if (n > 0) acked.push(id);
    }
    return acked;
  }

  const notifications = 'listen' in driver && 'notify' in driver ? (driver as unknown as StoreNotifications) : undefined;
  return {
    engine,
    location: driver.location,
    ...(notifications ? { notifications: { listen: notifications.listen.bind(driver), notify: notifications.notify.bind(driver) } } : {}),

    async open() {
      await migrate(driver);
      return driver.tx(async (q) => {
        let row = await q.get('SELECT hub_id, receipt_key, created_at FROM hub_identity WHERE singleton = 1');
        if (!row) {
          const createdAt = new Date().toISOString();
          // ON CONFLICT: two replicas creating the identity at once end up with the same one.
          await q.run('INSERT INTO hub_identity (singleton, hub_id, receipt_key, created_at) VALUES (1, ?, ?, ?) ON CONFLICT (singleton) DO NOTHING', [
            `h${randomBytes(9).toString('base64url')}`,
            randomBytes(32).toString('base64'),
            createdAt,
          ]);
          row = await q.get('SELECT hub_id, receipt_key, created_at FROM hub_identity WHERE singleton = 1');
        }
        const r = parseRow(identityRow, row, 'hub_identity');
        const identity: HubIdentity = { hubId: r.hub_id, receiptKey: Buffer.from(r.receipt_key, 'base64'), createdAt: r.created_at };
        return identity;
      });
    },

    close: () => driver.close(),

    async addSitting(s, at, entry) {
      // Codes are kept as candidates' input is compared: trimmed, upper case.
      const sitting: Sitting = { ...s, accessCode: normalizeAccessCode(s.accessCode), sittingId: `s${randomBytes(6).toString('base64url')}`, createdAt: at, closedAt: null };
      try {
        await driver.tx(async (q) => {
          await q.run(
            'INSERT INTO sittings (sitting_id, name, exam_id, exam_version, package_dir, access_code, opens_at, closes_at, created_at, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)',
            [sitting.sittingId, sitting.name, sitting.examId, sitting.examVersion, sitting.packageDir, sitting.accessCode, sitting.opensAt, sitting.closesAt, at],
          );
          if (entry) await audit(q, entry(sitting));
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new VigilError('conflict', 'another sitting already has this access code');
        throw error;
      }
      return sitting;
    },

    async listSittings() {
      return (await driver.all('SELECT * FROM sittings ORDER BY created_at, sitting_id')).map((r) => sittingOf(parseRow(sittingRow, r, 'sittings')));
    },

    async sitting(sittingId) {
      const row = await driver.get('SELECT * FROM sittings WHERE sitting_id = ?', [sittingId]);
      return row ? sittingOf(parseRow(sittingRow, row, 'sittings')) : null;
    },

    async sittingByCode(accessCode) {
      const row = await driver.get('SELECT * FROM sittings WHERE access_code = ?', [normalizeAccessCode(accessCode)]);
      return row ? sittingOf(parseRow(sittingRow, row, 'sittings')) : null;
    },

    async sittingAttemptCounts() {
      const rows = await driver.all('SELECT sitting_id, CAST(COUNT(*) AS INTEGER) AS n FROM attempts WHERE superseded_by IS NULL GROUP BY sitting_id');
      return new Map(rows.map((r) => parseRow(sittingCountRow, r, 'attempts')).map((r) => [r.sitting_id, r.n]));
    },

    async closeSitting(sittingId, at, entry) {
      return driver.tx(async (q) => {
        const closed = (await q.run('UPDATE sittings SET closed_at = ? WHERE sitting_id = ? AND closed_at IS NULL', [at, sittingId])) > 0;
        // Only the close that happened is audited: a second admin's late click changed nothing.
        if (closed && entry) await audit(q, entry);
        return closed;
      });
    },

    async enroll(attempt, sittingId, tokenHash, tokenExpiresAt) {
      return driver.tx(async (q) => {
        const n = await q.run(
          `INSERT INTO attempts (attempt_id, sitting_id, exam_id, exam_version, candidate_id, candidate_name, device_public_key, device_info, proof, enrolled_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (attempt_id) DO NOTHING`,
          [
            attempt.attemptId,
            sittingId,
            attempt.examId,
            attempt.examVersion,
            attempt.candidateId,
            attempt.candidateName,
            attempt.devicePublicKey,
            JSON.stringify(attempt.deviceInfo),
            attempt.proof,
            attempt.enrolledAt,
          ],
        );
        if (n === 0) return false;
        await q.run('INSERT INTO attempt_tokens (token_hash, attempt_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [tokenHash, attempt.attemptId, attempt.enrolledAt, tokenExpiresAt]);
        return true;
      });
    },

    async addToken(attemptId, tokenHash, at, expiresAt) {
      await driver.tx(async (q) => {
        // A re-enrolled device holds the new token only: an older one (a copy) stops working.
        await q.run('DELETE FROM attempt_tokens WHERE attempt_id = ?', [attemptId]);
        await q.run('INSERT INTO attempt_tokens (token_hash, attempt_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [tokenHash, attemptId, at, expiresAt]);
      });
    },

    async candidateAttempts(examId, examVersion, candidateId) {
      const rows = await driver.all(
        'SELECT attempt_id, device_public_key, reenroll_allowed_until, reenroll_request, superseded_by FROM attempts WHERE exam_id = ? AND exam_version = ? AND candidate_id = ? ORDER BY enrolled_at, attempt_id',
        [examId, examVersion, candidateId],
      );
      return rows.map((row) => {
        const r = parseRow(candidateAttemptRow, row, 'attempts');
        return {
          attemptId: r.attempt_id,
          devicePublicKey: r.device_public_key,
          reenrollAllowedUntil: r.reenroll_allowed_until,
          reenrollRequest: r.reenroll_request === null ? null : json(reenrollRequestSchema, r.reenroll_request, 're-enrollment request'),
          supersededBy: r.superseded_by,
        };
      });
    },

    async allowReenroll(attemptId, until, deviceFingerprint, entry) {
      return driver.tx(async (q) => {
        // Locked, so a refused try from yet another device cannot slip in between the check and the write.
        const row = await q.get(`SELECT reenroll_request FROM attempts WHERE attempt_id = ?${forUpdate(engine)}`, [attemptId]);
        const stored = row ? parseRow(reenrollRequestRow, row, 'attempts').reenroll_request : null;
        const request = stored === null ? null : json(reenrollRequestSchema, stored, 're-enrollment request');
        if (request?.deviceFingerprint !== deviceFingerprint) return false;
        await q.run('UPDATE attempts SET reenroll_allowed_until = ? WHERE attempt_id = ?', [until, attemptId]);
        await audit(q, entry);
        return true;
      });
    },

    async requestReenroll(attemptId, request) {
      await driver.run('UPDATE attempts SET reenroll_request = ? WHERE attempt_id = ? AND superseded_by IS NULL AND (reenroll_allowed_until IS NULL OR reenroll_allowed_until < ?)', [
        JSON.stringify(request),
        attemptId,
        request.at,
      ]);
    },

    async supersede(attemptId, newAttemptId) {
      await driver.tx(async (q) => {
        await q.run('UPDATE attempts SET superseded_by = ?, reenroll_allowed_until = NULL, reenroll_request = NULL WHERE attempt_id = ?', [newAttemptId, attemptId]);
        await q.run('DELETE FROM attempt_tokens WHERE attempt_id = ?', [attemptId]);
      });
    },

    async expireTokens(attemptId, at) {
      await driver.run('UPDATE attempt_tokens SET expires_at = ? WHERE attempt_id = ? AND (expires_at IS NULL OR expires_at > ?)', [at, attemptId, at]);
    },

    async tokenOwners(tokenHashes) {
      const owners = new Map<string, TokenOwner>();
      for (const row of await rowsForKeys(tokenHashes, (marks) => `SELECT token_hash, attempt_id, expires_at FROM attempt_tokens WHERE token_hash IN (${marks})`)) {
        const r = parseRow(tokenRow, row, 'attempt_tokens');
        owners.set(r.token_hash, { attemptId: r.attempt_id, expiresAt: r.expires_at });
      }
      return owners;
    },

    async attempt(attemptId) {
      return (await attemptsWhere('WHERE a.attempt_id = ?', [attemptId]))[0] ?? null;
    },

    async heartbeatViews(attemptIds) {
      const views = new Map<string, HeartbeatView>();
      const rows = await rowsForKeys(
        attemptIds,
        (marks) =>
          `SELECT a.attempt_id, a.last_seq, c.body FROM attempts a LEFT JOIN commands c ON c.attempt_id = a.attempt_id AND c.acked_at IS NULL WHERE a.attempt_id IN (${marks}) ORDER BY a.attempt_id, c.command_no`,
      );
      for (const row of rows) {
        const r = parseRow(heartbeatRow, row, 'attempts');
        let view = views.get(r.attempt_id);
        if (!view) views.set(r.attempt_id, (view = { lastSeq: r.last_seq, pendingCommands: [] }));
        if (r.body !== null) view.pendingCommands.push(json(hubCommandSchema, r.body, 'command'));
      }
      return views;
    },

    async journalHeads(attemptIds) {
      const heads = new Map<string, JournalHead>();
      const rows = await rowsForKeys(
        attemptIds,
        (marks) =>
          `SELECT a.attempt_id, a.last_seq, a.head_hash, a.journal_bytes, r.journal_count, r.journal_head FROM attempts a LEFT JOIN results r ON r.attempt_id = a.attempt_id WHERE a.attempt_id IN (${marks})`,
      );
      for (const row of rows) {
        const r = parseRow(journalHeadRow, row, 'attempts');
        heads.set(r.attempt_id, { lastSeq: r.last_seq, headHash: r.head_hash, bytes: r.journal_bytes, sealed: r.journal_count === null || r.journal_head === null ? null : { count: r.journal_count, headHash: r.journal_head } });
      }
      return heads;
    },

    async attempts(page = {}) {
      const where: string[] = [];
      const params: Array<string | number> = [];
      if (page.sittingId !== undefined) {
        where.push('a.sitting_id = ?');
        params.push(page.sittingId);
      }
      if (page.afterId !== undefined) {
        where.push('a.attempt_id > ?');
        params.push(page.afterId);
      }
      const tail = page.limit === undefined ? '' : ` LIMIT ${Math.max(1, Math.floor(page.limit))}`;
      return attemptsWhere(where.length > 0 ? `WHERE ${where.join(' AND ')}` : '', params, tail);
    },

    async entryHashes(attemptId, from, to) {
      const out = new Map<number, string>();
      for (const r of await driver.all('SELECT seq, hash FROM journal_entries WHERE attempt_id = ? AND seq >= ? AND seq <= ?', [attemptId, from, to])) {
        const row = parseRow(entryHashRow, r, 'journal_entries');
        out.set(row.seq, row.hash);
      }
      return out;
    },

    async appendEvents(attemptId, expectedLastSeq, entries, at) {
      const stored = entries.map((e) => ({ e, text: JSON.stringify(e) }));
      const bytes = stored.reduce((n, { text }) => n + Buffer.byteLength(text), 0);
      const d = digestEntries(entries);
      const last = entries.at(-1);
      if (engine === 'postgres' && last && d.commandIds.length === 0 && entries.length <= ONE_STATEMENT_ENTRIES) {
        // One statement, so one round trip and its own transaction: the head moves only if it is
        // where the caller read it (a row lock, re-checked after a concurrent writer commits), and
        // the entries go in only if it moved. A transaction of BEGIN, lock, insert, update and
        // COMMIT held a pooled connection for five round trips, each waiting for the hub's next
        // turn of its event loop; under a room's load the pool ran out (docs/hub.md).
        const inserted = await driver.run(
          `WITH head AS (
             UPDATE attempts SET last_seq = ?, head_hash = ?, journal_bytes = journal_bytes + ?, journal_state = COALESCE(?, journal_state),
               violations_info = violations_info + ?, violations_warning = violations_warning + ?, violations_critical = violations_critical + ?
             WHERE attempt_id = ? AND last_seq = ? RETURNING attempt_id)
           INSERT INTO journal_entries (attempt_id, seq, hash, entry, received_at)
           SELECT head.attempt_id, v.seq, v.hash, v.entry, v.received_at FROM head, (VALUES ${stored.map(() => '(?::bigint, ?, ?, ?)').join(', ')}) AS v (seq, hash, entry, received_at)`,
          [last.seq, last.hash, bytes, d.journalState, d.violations.info, d.violations.warning, d.violations.critical, attemptId, expectedLastSeq, ...stored.flatMap(({ e, text }) => [e.seq, e.hash, text, at])],
        );
        if (inserted === entries.length) return { ok: true as const, lastSeq: last.seq };
        // Nothing went in: the head had moved; say where it is (an unknown attempt throws, as below).
        return { ok: false as const, lastSeq: parseRow(lastSeqRow, await driver.get('SELECT last_seq FROM attempts WHERE attempt_id = ?', [attemptId]), 'attempts').last_seq };
      }
      return driver.tx(async (q) => {
        const head = parseRow(lastSeqRow, await q.get(`SELECT last_seq FROM attempts WHERE attempt_id = ?${forUpdate(engine)}`, [attemptId]), 'attempts');
        if (head.last_seq !== expectedLastSeq) return { ok: false as const, lastSeq: head.last_seq };
        // One statement per batch (a round trip each on PostgreSQL), in chunks under bind limits.
        for (let i = 0; i < stored.length; i += 100) {
          const chunk = stored.slice(i, i + 100);
          await q.run(
            `INSERT INTO journal_entries (attempt_id, seq, hash, entry, received_at) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
            chunk.flatMap(({ e, text }) => [attemptId, e.seq, e.hash, text, at]),
          );
        }
        if (!last) return { ok: true as const, lastSeq: head.last_seq };
        await q.run(
          `UPDATE attempts SET last_seq = ?, head_hash = ?, journal_bytes = journal_bytes + ?, journal_state = COALESCE(?, journal_state),
             violations_info = violations_info + ?, violations_warning = violations_warning + ?, violations_critical = violations_critical + ?
           WHERE attempt_id = ?`,
          [last.seq, last.hash, bytes, d.journalState, d.violations.info, d.violations.warning, d.violations.critical, attemptId],
        );
        // A journaled command is its acknowledgement; the entry's own time is when it was acted on.
        for (const id of d.commandIds) {
          const entry = entries.find((e) => e.type === 'command' && (e.data as { id?: unknown } | null)?.id === id);
          await ackIn(q, attemptId, [id], entry?.at ?? at, 'journal');
        }
        return { ok: true as const, lastSeq: last.seq };
      });
    },

    async readEvents(attemptId, afterSeq = 0, limit) {
      const tail = limit === undefined ? '' : ` LIMIT ${Math.max(1, Math.floor(limit))}`;
      const rows = await driver.all(`SELECT entry FROM journal_entries WHERE attempt_id = ? AND seq > ? ORDER BY seq${tail}`, [attemptId, afterSeq]);
      return rows.map((r) => json(journalEntrySchema, parseRow(entryRow, r, 'journal_entries').entry, 'journal entry') as JournalEntry);
    },

    async putResult(attemptId, stored, journalComplete) {
      const m = stored.meta;
      return driver.tx(async (q) => {
        const n = await q.run(
          `INSERT INTO results (attempt_id, result_sha256, receipt, received_at, idempotency_key, submitted_at, submit_reason, journal_count, journal_head, bytes, body)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (attempt_id) DO NOTHING`,
          [attemptId, m.resultSha256, m.receipt, m.receivedAt, m.idempotencyKey, m.submittedAt, m.submitReason, m.journal.count, m.journal.headHash, m.bytes, JSON.stringify(stored.result)],
        );
        if (n === 0) {
          const held = await q.get(`${ATTEMPT_SELECT} WHERE a.attempt_id = ?`, [attemptId]);
          const meta = metaOf(parseRow(attemptRow, held, 'results'));
          if (!meta) throw new VigilError('internal', `the result of ${attemptId} vanished`);
          return { created: false, meta };
        }
        if (journalComplete) await queueGrading(q, attemptId, m.receivedAt);
        return { created: true, meta: m };
      });
    },

    async releaseResult(attemptId, at, refused) {
      return driver.tx(async (q) => {
        // Lock the result first, then read its job in a statement of its own: under READ COMMITTED
        // a statement that waited for the lock re-checks the locked row but still sees the joined
        // grading_jobs as of its start, so a join missed a job the other release had just queued
        // (a duplicate-key failure in the contract test on PostgreSQL).
        if (engine === 'postgres') await q.get(`SELECT attempt_id FROM results WHERE attempt_id = ?${forUpdate(engine)}`, [attemptId]);
        const row = parseRow(
          releaseRow,
          await q.get('SELECT r.refused, j.attempt_id AS job FROM results r LEFT JOIN grading_jobs j ON j.attempt_id = r.attempt_id WHERE r.attempt_id = ?', [attemptId]),
          'results',
        );
        // Released or refused already (by another replica, or an earlier batch): nothing to do.
        if (row.refused !== null || row.job !== null) return false;
        if (refused === null) await queueGrading(q, attemptId, at);
        else await q.run('UPDATE results SET refused = ? WHERE attempt_id = ?', [refused, attemptId]);
        return true;
      });
    },

    async addHubViolation(attemptId, v) {
      await driver.tx(async (q) => {
        await q.run('INSERT INTO hub_violations (attempt_id, at, kind, severity, detail) VALUES (?, ?, ?, ?, ?)', [attemptId, v.at, v.kind, v.severity, v.detail]);
        await q.run(`UPDATE attempts SET violations_${v.severity} = violations_${v.severity} + 1 WHERE attempt_id = ?`, [attemptId]);
      });
    },

    async hubViolations(attemptId) {
      const rows = await driver.all('SELECT at, kind, severity, detail FROM hub_violations WHERE attempt_id = ? ORDER BY violation_id', [attemptId]);
      return rows.map((r) => parseRow(violationRow, r, 'hub_violations'));
    },

    async readResult(attemptId) {
      const row = await driver.get(`${ATTEMPT_SELECT} WHERE a.attempt_id = ?`, [attemptId]);
      if (!row) return null;
      const meta = metaOf(parseRow(attemptRow, row, 'results'));
      if (!meta) return null;
      const body = parseRow(resultBodyRow, await driver.get('SELECT body FROM results WHERE attempt_id = ?', [attemptId]), 'results');
      return { meta, result: json(resultSchema, body.body, 'result') };
    },

    async addCommand(attemptId, command, entry) {
      await driver.tx(async (q) => {
        await q.run('INSERT INTO commands (command_id, attempt_id, body, issued_by, issued_at) VALUES (?, ?, ?, ?, ?)', [
          command.id,
          attemptId,
          JSON.stringify(command),
          command.issuedBy,
          command.issuedAt,
        ]);
        await audit(q, entry);
      });
    },

    async ackCommands(attemptId, commandIds, at, via) {
      if (commandIds.length === 0) return [];
      return driver.tx((q) => ackIn(q, attemptId, commandIds, at, via));
    },

    async commands(attemptId) {
      return (await driver.all('SELECT attempt_id, body, acked_at FROM commands WHERE attempt_id = ? ORDER BY command_no', [attemptId])).map((r) => {
        const c = parseRow(commandRow, r, 'commands');
        return { command: json(hubCommandSchema, c.body, 'command'), ackedAt: c.acked_at };
      });
    },

    async claimGradingJob(worker, now, leaseUntil) {
      return driver.tx(async (q) => {
        // SKIP LOCKED: replicas claiming at once each get a different job instead of waiting.
        const row = await q.get(
          `SELECT attempt_id FROM grading_jobs
           WHERE (state = 'queued' AND not_before <= ?) OR (state = 'running' AND lease_until < ?)
           ORDER BY not_before, attempt_id LIMIT 1${forUpdate(engine, true)}`,
          [now, now],
        );
        if (!row) return null;
        const { attempt_id } = parseRow(jobAttemptRow, row, 'grading_jobs');
        await q.run("UPDATE grading_jobs SET state = 'running', claimed_by = ?, lease_until = ?, tries = tries + 1 WHERE attempt_id = ?", [worker, leaseUntil, attempt_id]);
        return attempt_id;
      });
    },

    async nextGradingJobAt() {
      const row = await driver.get("SELECT MIN(not_before) AS at FROM grading_jobs WHERE state = 'queued'");
      return row ? parseRow(jobAtRow, row, 'grading_jobs').at : null;
    },

    async putGraded(attemptId, graded, at) {
      await driver.tx(async (q) => {
        await q.run('INSERT INTO graded_results (attempt_id, body, graded_at) VALUES (?, ?, ?) ON CONFLICT (attempt_id) DO UPDATE SET body = excluded.body, graded_at = excluded.graded_at', [
          attemptId,
          JSON.stringify(graded),
          at,
        ]);
        await q.run("UPDATE grading_jobs SET state = 'done', lease_until = NULL, last_error = NULL WHERE attempt_id = ?", [attemptId]);
      });
    },

    async gradingFailed(attemptId, message, retryAt) {
      await driver.run("UPDATE grading_jobs SET state = 'queued', lease_until = NULL, last_error = ?, not_before = ? WHERE attempt_id = ?", [message, retryAt, attemptId]);
    },

    async addManualGrade(attemptId, grade, entry) {
      await driver.tx(async (q) => {
        await q.run('INSERT INTO grades (attempt_id, item_id, body, account, at) VALUES (?, ?, ?, ?, ?)', [attemptId, grade.itemId, JSON.stringify(grade), grade.by, grade.at]);
        await audit(q, entry);
      });
    },

    async addAccount(a) {
      const account: Account = { ...a, accountId: `u${randomBytes(6).toString('base64url')}`, disabledAt: null };
      try {
        await driver.run('INSERT INTO accounts (account_id, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)', [account.accountId, a.name, a.role, a.passwordHash, a.createdAt]);
      } catch (error) {
        if (isUniqueViolation(error)) throw new VigilError('conflict', `there is already an account named ${a.name}`);
        throw error;
      }
      return account;
    },

    async accountByName(name) {
      const row = await driver.get('SELECT * FROM accounts WHERE name = ?', [name]);
      return row ? accountOf(parseRow(accountRow, row, 'accounts')) : null;
    },

    async setPassword(accountId, passwordHash) {
      await driver.run('UPDATE accounts SET password_hash = ? WHERE account_id = ?', [passwordHash, accountId]);
    },

    async listAccounts() {
      return (await driver.all('SELECT * FROM accounts ORDER BY created_at, name')).map((r) => accountOf(parseRow(accountRow, r, 'accounts')));
    },

    async addSession(tokenHash, accountId, createdAt, expiresAt) {
      await driver.run('INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [tokenHash, accountId, createdAt, expiresAt]);
    },

    async session(tokenHash) {
      const row = await driver.get(
        'SELECT a.*, s.expires_at AS session_expires_at, s.revoked_at AS session_revoked_at FROM sessions s JOIN accounts a ON a.account_id = s.account_id WHERE s.token_hash = ?',
        [tokenHash],
      );
      if (!row) return null;
      const r = parseRow(accountRow.extend({ session_expires_at: text, session_revoked_at: nullableText }), row, 'sessions');
      return { account: accountOf(r), expiresAt: r.session_expires_at, revokedAt: r.session_revoked_at };
    },

    async revokeSessions(accountId, at) {
      return driver.run('UPDATE sessions SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL AND expires_at > ?', [at, accountId, at]);
    },

    async audit(entry) {
      await driver.tx((q) => audit(q, entry));
    },

    async saveLive(live) {
      // Sorted (one lock order for every replica) and 200 rows a statement.
      const rows = Object.entries(live).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
      await driver.tx(async (q) => {
        for (let i = 0; i < rows.length; i += 200) {
          const chunk = rows.slice(i, i + 200);
          await q.run(
            `INSERT INTO live_status (attempt_id, body, at) VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')} ON CONFLICT (attempt_id) DO UPDATE SET body = excluded.body, at = excluded.at`,
            chunk.flatMap(([attemptId, status]) => [attemptId, JSON.stringify(status), status.at]),
          );
        }
      });
    },

    async readLive() {
      const out: Record<string, LiveStatus> = {};
      for (const r of await driver.all('SELECT attempt_id, body FROM live_status')) {
        const row = parseRow(attemptBodyRow, r, 'live_status');
        // Live status is a convenience snapshot: a damaged one is skipped, heartbeats refill it.
        const parsed = liveStatusSchema.safeParse(JSON.parse(row.body));
        if (parsed.success) out[row.attempt_id] = parsed.data;
      }
      return out;
    },

    async auditLog(limit = 1000) {
      const rows = await driver.all(`SELECT at, account, action, attempt_id, detail FROM audit_log ORDER BY audit_id DESC LIMIT ${Math.max(1, Math.floor(limit))}`);
      return rows.map((r) => {
        const row = parseRow(auditRow, r, 'audit_log');
        return { at: row.at, account: row.account, action: row.action, attemptId: row.attempt_id, detail: JSON.parse(row.detail) as unknown };
      });
    },
  };
}

function metaOf(r: z.infer<typeof attemptRow>): ResultMeta | null {
  if (r.result_sha256 === null) return null;
  return {
    resultSha256: r.result_sha256,
    receipt: r.receipt ?? '',
    receivedAt: r.received_at ?? '',
    idempotencyKey: r.idempotency_key ?? '',
    submittedAt: r.submitted_at ?? '',
    submitReason: submitReasonSchema.parse(r.submit_reason),
    journal: { count: r.journal_count ?? 0, headHash: r.journal_head ?? '' },
    bytes: r.bytes ?? 0,
  };
}

function attemptOf(r: z.infer<typeof attemptRow>, pendingCommands: HubCommand[], manual: Map<string, ManualGrade>, manualByGrader: Map<string, Map<string, ManualGrade>>): StoredAttempt {
  const enrollment: EnrolledAttempt = {
    attemptId: r.attempt_id,
    examId: r.exam_id,
    examVersion: r.exam_version,
    candidateId: r.candidate_id,
    candidateName: r.candidate_name,
    devicePublicKey: r.device_public_key,
    deviceInfo: json(deviceInfoSchema, r.device_info, 'device info'),
    proof: r.proof,
    enrolledAt: r.enrolled_at,
  };
  const result = metaOf(r);
  const graded = r.graded === null ? null : json(gradedResultSchema, r.graded, 'graded result');
  const gradingStatus = gradingStatusOf(result !== null, graded !== null, r);
  return {
    enrollment,
    sittingId: r.sitting_id,
    supersededBy: r.superseded_by,
    reenrollAllowedUntil: r.reenroll_allowed_until,
    reenrollRequest: r.reenroll_request === null ? null : json(reenrollRequestSchema, r.reenroll_request, 're-enrollment request'),
    lastSeq: r.last_seq,
    headHash: r.head_hash,
    journalState: r.journal_state === null ? null : attemptStateSchema.parse(r.journal_state),
    violations: { info: r.violations_info, warning: r.violations_warning, critical: r.violations_critical },
    result,
    graded,
    gradingStatus,
    gradingError: gradingStatus === 'error' ? r.job_error : gradingStatus === 'refused' ? r.refused : null,
    manual,
    manualByGrader,
    pendingCommands,
  };
}

async function queueGrading(q: SqlQueryable, attemptId: string, at: string): Promise<void> {
  await q.run("INSERT INTO grading_jobs (attempt_id, state, tries, not_before, created_at) VALUES (?, 'queued', 0, ?, ?)", [attemptId, at, at]);
}

/** A result without a grading job waits for its journal (docs/hub.md, "Journal-verified grading"). */
function gradingStatusOf(hasResult: boolean, graded: boolean, r: z.infer<typeof attemptRow>): GradingStatus {
  if (!hasResult) return 'none';
  if (graded) return 'graded';
  if (r.refused !== null) return 'refused';
  if (r.job_state === null) return 'incomplete-journal';
  return r.job_error !== null ? 'error' : 'pending';
}

/** A UNIQUE or PRIMARY KEY violation, from either engine. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
