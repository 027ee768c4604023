import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { HubStore } from '../../../electron/hub/store/hubStore.js';
import { openHubStore, SQLITE_FILE } from '../../../electron/hub/store/openHubStore.js';
import { startPgCluster, type PgCluster } from '../../support/pgCluster.js';

/**
 * The two store engines as the contract suite sees them: a fresh, empty hub database each time
 * (`fresh`), the `vigil hub` arguments that select it, and a raw SQL read beside a running hub to
 * count what is stored (WAL lets a SQLite reader in; PostgreSQL has no single-writer rule).
 */
export interface FreshStore {
  dataDir: string;
  /** `--store` for `vigil hub`, or none for the default (SQLite in --data). */
  storeArgs: string[];
  storeUrl: string | undefined;
  open(): Promise<HubStore>;
  query(sql: string): Promise<Array<Record<string, unknown>>>;
  dispose(): Promise<void>;
}

export interface StoreEngine {
  name: 'sqlite' | 'postgres';
  setup(): Promise<void>;
  teardown(): Promise<void>;
  fresh(): Promise<FreshStore>;
}

export const sqliteEngine: StoreEngine = {
  name: 'sqlite',
  setup: async () => {},
  teardown: async () => {},
  async fresh() {
    const dataDir = await mkdtemp(join(tmpdir(), 'vigil-store-sqlite-'));
    return {
      dataDir,
      storeArgs: [],
      storeUrl: undefined,
      open: () => openHubStore({ dataDir }),
      async query(sql) {
        const db = new Database(join(dataDir, SQLITE_FILE), { readonly: true });
        try {
          return db.prepare(sql).all() as Array<Record<string, unknown>>;
        } finally {
          db.close();
        }
      },
      dispose: () => rm(dataDir, { recursive: true, force: true }),
    };
  },
};

export function postgresEngine(): StoreEngine {
  let cluster: PgCluster | null = null;
  let n = 0;
  return {
    name: 'postgres',
    async setup() {
      cluster = await startPgCluster();
    },
    async teardown() {
      await cluster?.stop();
      cluster = null;
    },
    async fresh() {
      if (!cluster) throw new Error('the cluster is not started');
      const url = await cluster.createDatabase(`hub_${++n}`);
      const dataDir = await mkdtemp(join(tmpdir(), 'vigil-store-pg-'));
      return {
        dataDir,
        storeArgs: ['--store', url],
        storeUrl: url,
        open: () => openHubStore({ dataDir, store: url }),
        async query(sql) {
          const client = new pg.Client({ connectionString: url });
          await client.connect();
          try {
            return (await client.query(sql)).rows as Array<Record<string, unknown>>;
          } finally {
            await client.end();
          }
        },
        dispose: () => rm(dataDir, { recursive: true, force: true }),
      };
    },
  };
}
