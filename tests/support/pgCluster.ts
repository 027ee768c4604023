import { execFile } from 'node:child_process';
import { readdirSync, type Dirent } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

/**
 * A throw-away PostgreSQL cluster for tests: initdb in a temp folder (as the `postgres` user when
 * run as root, since PostgreSQL refuses to run as root), a random port, the unix socket in the
 * same folder and no TCP listener; stopped and removed by `stop()`. Each `createDatabase()` is a
 * fresh database on it, so tests do not share state.
 */
const run = promisify(execFile);
/** Debian's layout: /usr/lib/postgresql/<major>/bin (the newest major installed), or VIGIL_PG_BIN. */
export const pgBin = (): string => process.env.VIGIL_PG_BIN ?? newestDebianPgBin();

function newestDebianPgBin(): string {
  let entries: Dirent[];
  try {
    entries = readdirSync('/usr/lib/postgresql', { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') entries = [];
    else throw error;
  }
  const majors = entries
    .filter((d) => d.isDirectory() && /^\d+$/.test(d.name))
    .map((d) => Number(d.name))
    .sort((a, b) => b - a);
  if (majors.length === 0) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/<major>/bin): apt-get install postgresql');
  return `/usr/lib/postgresql/${majors[0]}/bin`;
}

export interface PgCluster {
  dir: string;
  port: number;
  /** A connection URL for a database of this cluster (`postgres` by default). */
  url(database?: string): string;
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startPgCluster(): Promise<PgCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-pg-'));
  const asRoot = userInfo().uid === 0;
  const binDir = pgBin();
  const asPostgres = async (bin: string, args: string[]) => {
    const file = join(binDir, bin);
    return asRoot ? run('runuser', ['-u', 'postgres', '--', file, ...args]) : run(file, args);
  };
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = join(dir, 'data');
  await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  // fsync stays on: the contract suite kills hubs, not the cluster, but commits must be real ones.
  await asPostgres('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses='' -c max_connections=200`, 'start']);
  const url = (database = 'postgres') => `postgres://postgres@localhost/${database}?host=${encodeURIComponent(dir)}&port=${port}`;
  return {
    dir,
    port,
    url,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async stop() {
      try {
        await asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
