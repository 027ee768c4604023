import Database from 'better-sqlite3';
import { VigilError } from '../../../../shared/errors.js';
import type { SqlDriver, SqlQueryable, SqlRow, SqlValue } from './sqlDriver.js';

/**
 * SQLite through better-sqlite3 (synchronous, in-process): WAL mode with synchronous=FULL, so a
 * commit survives power loss, not only a crash. One connection; transactions are queued one after
 * another (BEGIN IMMEDIATE), and a read outside a transaction waits for the open one to finish, so
 * no request ever sees another's uncommitted writes.
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
  // Settles when the last queued transaction has; never rejects (each caller gets its own error).
  let tail: Promise<void> = Promise.resolve();
  const settled = (): void => {};
  const outside = async (): Promise<void> => {
    while (db.inTransaction) await tail;
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
    tx(fn) {
      const run = tail.then(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const value = await fn(direct);
          db.exec('COMMIT');
          return value;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      });
      tail = run.then(settled, settled);
      return run;
    },
    async exec(script) {
      await outside();
      db.exec(script);
    },
    async close() {
      await tail;
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
