import Database from 'better-sqlite3';
import { VigilError } from '../../../../shared/errors.js';
import type { SqlDriver, SqlQueryable, SqlRow, SqlValue } from './sqlDriver.js';

/**
 * SQLite through better-sqlite3 (synchronous, in-process): WAL mode with synchronous=FULL, so a
 * commit survives power loss, not only a crash. One connection. Group commit: the transactions
 * requested in one turn of the event loop run together inside one BEGIN IMMEDIATE ... COMMIT, each
 * in its own savepoint (one that throws is rolled back alone), so a burst of uploads costs one
 * fsync, not one each (the fsync blocks the event loop: better-sqlite3 is synchronous). A read
 * outside a transaction waits for the open one to finish, so no request ever sees another's
 * uncommitted writes.
 */
const DAMAGE_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_VTAB', 'SQLITE_IOERR_SHORT_READ']);

export function openSqliteDriver(file: string): SqlDriver {
  let db: Database.Database;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // A torn or overwritten file is refused at open rather than failing some request later.
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw damaged(file, String(check));
  } catch (error) {
    if (error instanceof VigilError) throw error;
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && DAMAGE_CODES.has(code)) throw damaged(file, `${code}: ${(error as Error).message}`);
    throw error;
  }
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let stmt = statements.get(sql);
    if (!stmt) statements.set(sql, (stmt = db.prepare(sql)));
    return stmt;
  };
  const direct: SqlQueryable = {
    all: async (sql, params = []) => prepare(sql).all(...(params as SqlValue[])) as SqlRow[],
    get: async (sql, params = []) => prepare(sql).get(...(params as SqlValue[])) as SqlRow | undefined,
    run: async (sql, params = []) => prepare(sql).run(...(params as SqlValue[])).changes,
  };
  interface Queued {
    fn: (q: SqlQueryable) => Promise<unknown>;
    resolve: (value: unknown) => void;
    reject: (error: unknown) => void;
  }
  let queue: Queued[] = [];
  // Resolves when the running group has committed (or failed); null when none runs or is due.
  let group: Promise<void> | null = null;

  async function runGroup(): Promise<void> {
    const batch = queue;
    queue = [];
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      db.exec('BEGIN IMMEDIATE');
      for (const t of batch) {
        db.exec('SAVEPOINT request');
        try {
          outcomes.push({ ok: true, value: await t.fn(direct) });
          db.exec('RELEASE request');
        } catch (error) {
          db.exec('ROLLBACK TO request');
          db.exec('RELEASE request');
          outcomes.push({ ok: false, error });
        }
      }
      db.exec('COMMIT');
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of the group is stored.
      if (db.inTransaction) db.exec('ROLLBACK');
      for (const t of batch) t.reject(error);
      return;
    }
    batch.forEach((t, i) => {
      const o = outcomes[i];
      if (o?.ok) t.resolve(o.value);
      else t.reject(o?.error);
    });
  }

  function schedule(): void {
    if (group) return;
    group = new Promise<void>((resolve) => {
      // setImmediate: requests parsed in this turn of the event loop join the same group.
      setImmediate(() => {
        void runGroup().finally(() => {
          group = null;
          if (queue.length > 0) schedule();
          resolve();
        });
      });
    });
  }

  const outside = async (): Promise<void> => {
    while (db.inTransaction && group) await group;
  };

  return {
    engine: 'sqlite',
    location: file,
    async all(sql, params) {
      await outside();
      return direct.all(sql, params);
    },
    async get(sql, params) {
      await outside();
      return direct.get(sql, params);
    },
    async run(sql, params) {
      await outside();
      return direct.run(sql, params);
    },
    tx<T>(fn: (q: SqlQueryable) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
        schedule();
      });
    },
    async exec(script) {
      await outside();
      db.exec(script);
    },
    async close() {
      while (group) await group;
      if (db.open) db.close();
    },
  };
}

function damaged(file: string, detail: string): VigilError {
  return new VigilError(
    'storage',
    `the hub database ${file} is damaged (${detail}); the hub will not start on it. Restore it from a backup, or move it aside to start with an empty one`,
    { file },
  );
}
