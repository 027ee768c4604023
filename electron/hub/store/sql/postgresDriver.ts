import pg from 'pg';
import type { SqlDriver, SqlQueryable, SqlRow, SqlValue } from './sqlDriver.js';

/**
 * PostgreSQL through `pg` (a pool). `?` placeholders become `$1, $2, ...` (the store's statements
 * have no `?` inside string literals); BIGINT columns come back as numbers (every count the hub
 * keeps fits in 2^53). A transaction holds one pooled client from BEGIN to COMMIT.
 */
const INT8_OID = 20;
/**
 * Statements with at most this many parameters are prepared once per connection (a name per
 * statement text): PostgreSQL then skips parsing and planning them on every call, which on the
 * heartbeat and journal paths was a large share of the server's CPU. 64 covers a journal batch of
 * up to 10 entries appended in one statement (9 + 4 per entry) and the batched lookups of up to 64
 * keys; longer ones (big IN lists, multi-row inserts of hundreds of rows) stay unnamed, so the
 * prepared set per connection stays small (a few hundred statements at most).
 */
const PREPARE_MAX_PARAMS = 64;
const numbered = new Map<string, pg.QueryConfig>();

function toPg(sql: string): pg.QueryConfig {
  let out = numbered.get(sql);
  if (out === undefined) {
    let n = 0;
    const text = sql.replace(/\?/g, () => `$${++n}`);
    out = n <= PREPARE_MAX_PARAMS ? { name: `v${numbered.size}`, text } : { text };
    numbered.set(sql, out);
  }
  return out;
}

const query = (client: pg.Pool | pg.PoolClient, sql: string, params: readonly SqlValue[]) => client.query({ ...toPg(sql), values: params as SqlValue[] });

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
    all: async (sql, params = []) => (await query(client, sql, params)).rows as SqlRow[],
    get: async (sql, params = []) => (await query(client, sql, params)).rows[0] as SqlRow | undefined,
    run: async (sql, params = []) => (await query(client, sql, params)).rowCount ?? 0,
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
