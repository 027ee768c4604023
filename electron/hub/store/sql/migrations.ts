import { VigilError } from '../../../../shared/errors.js';
import type { SqlDriver, SqlEngine, SqlQueryable } from './sqlDriver.js';

/** The advisory lock key of hub migrations (any constant other tools do not use). */
const MIGRATION_LOCK = 0x76696731;

/**
 * The hub's schema as ordered, versioned migrations. Each runs once, in its own transaction, and
 * is recorded in `schema_migrations`; a database from a newer hub (a version this one does not
 * know) is refused rather than written to. The SQL is shared by both engines; `{{id}}` is the one
 * spelling that differs (an auto-increment key).
 *
 * Times are ISO-8601 text (they sort as text); JSON documents (results, grades, commands) are
 * text too, so both engines store exactly the same bytes.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE hub_identity (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  hub_id TEXT NOT NULL,
  receipt_key TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE sittings (
  sitting_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  exam_id TEXT NOT NULL,
  exam_version TEXT NOT NULL,
  package_dir TEXT NOT NULL,
  access_code TEXT NOT NULL UNIQUE,
  opens_at TEXT,
  closes_at TEXT,
  created_at TEXT NOT NULL,
  closed_at TEXT
);
CREATE TABLE attempts (
  attempt_id TEXT PRIMARY KEY,
  sitting_id TEXT NOT NULL REFERENCES sittings (sitting_id),
  exam_id TEXT NOT NULL,
  exam_version TEXT NOT NULL,
  candidate_id TEXT NOT NULL,
  candidate_name TEXT NOT NULL,
  device_public_key TEXT NOT NULL,
  device_info TEXT NOT NULL,
  proof TEXT,
  enrolled_at TEXT NOT NULL,
  last_seq BIGINT NOT NULL DEFAULT 0,
  head_hash TEXT,
  journal_state TEXT,
  violations_info BIGINT NOT NULL DEFAULT 0,
  violations_warning BIGINT NOT NULL DEFAULT 0,
  violations_critical BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX attempts_by_sitting ON attempts (sitting_id, attempt_id);
CREATE TABLE attempt_tokens (
  token_hash TEXT PRIMARY KEY,
  attempt_id TEXT NOT NULL REFERENCES attempts (attempt_id),
  created_at TEXT NOT NULL,
  expires_at TEXT
);
CREATE TABLE journal_entries (
  attempt_id TEXT NOT NULL REFERENCES attempts (attempt_id),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL,
  entry TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (attempt_id, seq)
);
CREATE TABLE results (
  attempt_id TEXT PRIMARY KEY REFERENCES attempts (attempt_id),
  result_sha256 TEXT NOT NULL,
  receipt TEXT NOT NULL,
  received_at TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  submit_reason TEXT NOT NULL,
  journal_count BIGINT NOT NULL,
  journal_head TEXT NOT NULL,
  bytes BIGINT NOT NULL,
  body TEXT NOT NULL
);
CREATE TABLE graded_results (
  attempt_id TEXT PRIMARY KEY REFERENCES results (attempt_id),
  body TEXT NOT NULL,
  graded_at TEXT NOT NULL
);
CREATE TABLE grades (
  grade_id {{id}},
  attempt_id TEXT NOT NULL REFERENCES attempts (attempt_id),
  item_id TEXT NOT NULL,
  body TEXT NOT NULL,
  account TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX grades_by_attempt ON grades (attempt_id, grade_id);
CREATE TABLE grading_jobs (
  attempt_id TEXT PRIMARY KEY REFERENCES results (attempt_id),
  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done')),
  tries BIGINT NOT NULL DEFAULT 0,
  not_before TEXT NOT NULL,
  lease_until TEXT,
  claimed_by TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX grading_jobs_ready ON grading_jobs (state, not_before);
CREATE TABLE commands (
  command_no {{id}},
  command_id TEXT NOT NULL UNIQUE,
  attempt_id TEXT NOT NULL REFERENCES attempts (attempt_id),
  body TEXT NOT NULL,
  issued_by TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  acked_at TEXT,
  acked_via TEXT
);
CREATE INDEX commands_by_attempt ON commands (attempt_id, command_no);
CREATE TABLE accounts (
  account_id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'proctor', 'grader', 'viewer')),
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  disabled_at TEXT
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (account_id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE TABLE audit_log (
  audit_id {{id}},
  at TEXT NOT NULL,
  account TEXT NOT NULL,
  action TEXT NOT NULL,
  attempt_id TEXT,
  detail TEXT NOT NULL
);
CREATE TABLE live_status (
  attempt_id TEXT PRIMARY KEY REFERENCES attempts (attempt_id),
  body TEXT NOT NULL,
  at TEXT NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'journal-verified grading, hub-recorded violations',
    // A result whose journal the hub does not hold in full has no grading job yet (it waits as
    // "incomplete journal"); one whose answers disagree with its journal is marked refused.
    sql: `
ALTER TABLE results ADD COLUMN refused TEXT;
CREATE TABLE hub_violations (
  violation_id {{id}},
  attempt_id TEXT NOT NULL REFERENCES attempts (attempt_id),
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  severity TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX hub_violations_by_attempt ON hub_violations (attempt_id, violation_id);
`,
  },
  {
    version: 3,
    name: 'journal bytes per attempt, re-enrollment from another device',
    // journal_bytes: the per-attempt journal cap (attempts stored before it count from 0).
    // reenroll_allowed_until: a proctor let the candidate enroll from a new device until then;
    // superseded_by: the attempt that new device enrolled (this one's tokens are revoked).
    sql: `
ALTER TABLE attempts ADD COLUMN journal_bytes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE attempts ADD COLUMN reenroll_allowed_until TEXT;
ALTER TABLE attempts ADD COLUMN superseded_by TEXT;
CREATE INDEX attempts_by_candidate ON attempts (exam_id, exam_version, candidate_id);
`,
  },
  {
    version: 4,
    name: 'a refused re-enrollment from another device, for the proctor to approve',
    // reenroll_request: JSON {at, deviceFingerprint, deviceInfo} of the latest refused try from a
    // new device (the dashboard shows it with an "allow new device" button); cleared once replaced.
    sql: `
ALTER TABLE attempts ADD COLUMN reenroll_request TEXT;
`,
  },
];

const AUTO_ID: Record<SqlEngine, string> = {
  sqlite: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  postgres: 'BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY',
};

export function migrationSql(migration: Migration, engine: SqlEngine): string {
  return migration.sql.replaceAll('{{id}}', AUTO_ID[engine]);
}

/** Applies the migrations the database has not seen; returns the versions applied now. */
export async function migrate(driver: SqlDriver, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  // Replicas starting at once on PostgreSQL: a transaction-scoped advisory lock makes the others
  // wait, then find the work done (even CREATE TABLE IF NOT EXISTS races there otherwise).
  const serialize = async (q: SqlQueryable) => {
    if (driver.engine === 'postgres') await q.get('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
  };
  await driver.tx(async (q) => {
    await serialize(q);
    await q.run('CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  });
  const applied: number[] = [];
  for (const migration of migrations) {
    const done = await driver.tx(async (q) => {
      await serialize(q);
      const row = await q.get('SELECT version FROM schema_migrations WHERE version = ?', [migration.version]);
      if (row) return false;
      for (const statement of splitStatements(migrationSql(migration, driver.engine))) await q.run(statement);
      await q.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [migration.version, migration.name, new Date().toISOString()]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  const newest = await driver.get('SELECT MAX(version) AS v FROM schema_migrations');
  const known = migrations.at(-1)?.version ?? 0;
  if (newest && typeof newest.v === 'number' && newest.v > known) {
    throw new VigilError('storage', `the hub database ${driver.location} has schema version ${newest.v}; this hub knows up to ${known}: run a newer hub`);
  }
  return applied;
}

/** The statements of a script (the migrations hold no `;` inside literals). */
function splitStatements(script: string): string[] {
  return script
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
