/**
 * The little the hub store needs from a SQL engine, so one store (sqlHubStore.ts) runs on SQLite
 * and PostgreSQL with the same schema and the same statements. Statements use `?` placeholders
 * (the PostgreSQL driver numbers them); rows come back as plain objects, parsed by the caller.
 */
export type SqlValue = string | number | null;
export type SqlRow = Record<string, unknown>;
export type SqlEngine = 'sqlite' | 'postgres';

export interface SqlQueryable {
  all(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]>;
  get(sql: string, params?: readonly SqlValue[]): Promise<SqlRow | undefined>;
  /** Runs a write; resolves with the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

export interface SqlDriver extends SqlQueryable {
  readonly engine: SqlEngine;
  /** Where the data is, for messages (a file, or a URL without its password). */
  readonly location: string;
  /**
   * One transaction: committed when `fn` resolves, rolled back when it throws. Writes made through
   * `q` are durable once the promise resolves (SQLite: synchronous=FULL; PostgreSQL: a commit).
   */
  tx<T>(fn: (q: SqlQueryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements (a migration), outside any open transaction. */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

/** `FOR UPDATE` where the engine has row locks; SQLite's write transaction locks everything. */
export function forUpdate(engine: SqlEngine, skipLocked = false): string {
  if (engine === 'sqlite') return '';
  return skipLocked ? ' FOR UPDATE SKIP LOCKED' : ' FOR UPDATE';
}
