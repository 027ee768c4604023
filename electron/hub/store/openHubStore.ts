import { join } from 'node:path';
import { VigilError } from '../../../shared/errors.js';
import { acquireAttemptLock, type AttemptLock } from '../../base/attemptLock.js';
import { mkdirDurable } from '../../base/fsyncWrite.js';
import type { HubStore } from './hubStore.js';
import { openPostgresDriver } from './sql/postgresDriver.js';
import { openSqliteDriver } from './sql/sqliteDriver.js';
import { createSqlHubStore } from './sqlHubStore.js';

/**
 * The store `vigil hub` runs on: SQLite in `<data>/hub.sqlite` by default (one hub process per
 * data folder, held by a lock file), or the PostgreSQL database `--store postgres://...` names
 * (any number of hub processes).
 */
export const SQLITE_FILE = 'hub.sqlite';

export function isPostgresUrl(store: string | undefined): store is string {
  return store !== undefined && /^postgres(ql)?:\/\//.test(store);
}

/**
 * `lock: false` is for the admin commands (`vigil hub sitting ...`, `vigil hub user ...`), which
 * write a row or two beside a running hub: SQLite serialises their writes with the hub's.
 */
export async function openHubStore(options: { dataDir: string; store?: string; lock?: boolean }): Promise<HubStore> {
  if (options.store !== undefined && !isPostgresUrl(options.store) && options.store !== 'sqlite') {
    throw new VigilError('invalid-params', `--store must be "sqlite" or a postgres://... URL, not ${JSON.stringify(options.store)}`);
  }
  if (isPostgresUrl(options.store)) return createSqlHubStore(openPostgresDriver(options.store));
  await mkdirDurable(options.dataDir);
  if (options.lock === false) return createSqlHubStore(openSqliteDriver(join(options.dataDir, SQLITE_FILE)));
  let lock: AttemptLock;
  try {
    lock = await acquireAttemptLock(options.dataDir, 'hub');
  } catch (error) {
    if (error instanceof VigilError && error.code === 'storage') {
      throw new VigilError('storage', `the data folder ${options.dataDir} is in use by another hub (${error.message})`, error.details);
    }
    throw error;
  }
  let store: HubStore;
  try {
    store = createSqlHubStore(openSqliteDriver(join(options.dataDir, SQLITE_FILE)));
  } catch (error) {
    await lock.release();
    throw error;
  }
  return {
    ...store,
    async close() {
      try {
        await store.close();
      } finally {
        await lock.release();
      }
    },
  };
}
