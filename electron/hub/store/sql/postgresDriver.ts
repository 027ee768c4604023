import pg from 'pg';
import type { SqlDriver, SqlQueryable, SqlRow, SqlValue } from './sqlDriver.js';

/**
 * PostgreSQL through `pg` (a pool). `?` placeholders become `$1, $2, ...` (the store's statements
 * have no `?` inside string literals); BIGINT columns come back as numbers (every count the hub
 * keeps fits in 2^53). A transaction holds one pooled client from BEGIN to COMMIT.
 */
const INT8_OID = 20;
const numbered = new Map<string, string>();

function toPg(sql: string): string {
  let out = numbered.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    numbered.set(sql, out);
  }
  return out;
}

const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text'),
};

export interface PostgresDriver extends SqlDriver {
  /** A dedicated connection for LISTEN (notifications are per connection). */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
}

export function openPostgresDriver(url: string, options: { max?: number } = {}): PostgresDriver {
  // 20: enough for commits to overlap (PostgreSQL flushes concurrent commits together).
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 20, types: types as pg.CustomTypesConfig });
  const on = (client: pg.Pool | pg.PoolClient): SqlQueryable => ({
    all: async (sql, params = []) => (await client.query(toPg(sql), params as SqlValue[])).rows as SqlRow[],
    get: async (sql, params = []) => (await client.query(toPg(sql), params as SqlValue[])).rows[0] as SqlRow | undefined,
    run: async (sql, params = []) => (await client.query(toPg(sql), params as SqlValue[])).rowCount ?? 0,
  });
  const direct = on(pool);
  return {
    engine: 'postgres',
    location: redact(url),
    ...direct,
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const value = await fn(on(client));
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    async exec(script) {
      await pool.query(script);
    },
    async listen(channel, onMessage) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      client.on('notification', (n) => {
        if (n.channel === channel && n.payload !== undefined) onMessage(n.payload);
      });
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      return async () => {
        await client.end();
      };
    },
    async notify(channel, payload) {
      await pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    async close() {
      await pool.end();
    },
  };
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch (error) {
    if (error instanceof TypeError) return 'postgres://(unparsable URL)';
    throw error;
  }
}
