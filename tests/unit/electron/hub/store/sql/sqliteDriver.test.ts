import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, type Migration } from '../../../../../../electron/hub/store/sql/migrations.js';
import type { SqlDriver } from '../../../../../../electron/hub/store/sql/sqlDriver.js';
import { openSqliteDriver } from '../../../../../../electron/hub/store/sql/sqliteDriver.js';

describe('the SQLite driver', () => {
  let dir: string;
  let db: SqlDriver;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-sqlite-'));
    db = openSqliteDriver(join(dir, 'test.sqlite'));
    await db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)');
  });
  afterEach(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs in WAL mode with synchronous=FULL', async () => {
    expect(await db.get('PRAGMA journal_mode')).toEqual({ journal_mode: 'wal' });
    expect(await db.get('PRAGMA synchronous')).toEqual({ synchronous: 2 });
  });

  it('group commit: transactions asked for together commit together, and one that fails is rolled back alone', async () => {
    const results = await Promise.allSettled([
      db.tx(async (q) => q.run('INSERT INTO t (k, v) VALUES (?, ?)', ['a', 1])),
      db.tx(async (q) => {
        await q.run('INSERT INTO t (k, v) VALUES (?, ?)', ['b', 2]);
        await q.run('INSERT INTO t (k, v) VALUES (?, ?)', ['a', 3]); // duplicate key: this one fails
      }),
      db.tx(async (q) => q.run('INSERT INTO t (k, v) VALUES (?, ?)', ['c', 3])),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await db.all('SELECT k, v FROM t ORDER BY k')).toEqual([
      { k: 'a', v: 1 },
      { k: 'c', v: 3 },
    ]);
  });

  it('a read outside a transaction never sees another one half done', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const writing = db.tx(async (q) => {
      await q.run('INSERT INTO t (k, v) VALUES (?, ?)', ['x', 1]);
      await gate;
      await q.run('UPDATE t SET v = 2 WHERE k = ?', ['x']);
    });
    await new Promise((r) => setImmediate(r));
    const read = db.get('SELECT v FROM t WHERE k = ?', ['x']);
    release();
    await writing;
    expect(await read).toEqual({ v: 2 });
  });

  it('migrations run once each and a database from a newer hub is refused', async () => {
    const migrations: Migration[] = [
      { version: 1, name: 'one', sql: 'CREATE TABLE m1 (id {{id}}, x TEXT)' },
      { version: 2, name: 'two', sql: 'CREATE TABLE m2 (y TEXT); CREATE INDEX m2_y ON m2 (y)' },
    ];
    expect(await migrate(db, migrations.slice(0, 1))).toEqual([1]);
    expect(await migrate(db, migrations)).toEqual([2]);
    expect(await migrate(db, migrations)).toEqual([]);
    await expect(migrate(db, migrations.slice(0, 1))).rejects.toThrow(/schema version 2; this hub knows up to 1: run a newer hub/);
  });
});
