import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSyncClient, type SyncClient, type SyncClientOptions } from '../../../electron/core/sync/syncClient.js';
import type { SyncStatus } from '../../../electron/core/sync/syncStatus.js';
import type { HubCommand } from '../../../shared/hub/commands.js';
import { TestJournal } from '../../unit/electron/hub/support/hubFixture.js';

/** A candidate machine for integration tests: a journal, a live status, a sync client. */
export interface FakeCandidate {
  journal: TestJournal;
  client: SyncClient;
  commands: HubCommand[];
  statuses: SyncStatus[];
  offsets: number[];
  dir: string;
  dispose(): Promise<void>;
}

export async function fakeCandidate(opts: { hubUrl: string; attemptId: string; token: string; fingerprint?: string; live?: boolean; extra?: Partial<SyncClientOptions> }): Promise<FakeCandidate> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-candidate-'));
  const journal = new TestJournal();
  const commands: HubCommand[] = [];
  const statuses: SyncStatus[] = [];
  const offsets: number[] = [];
  const client = createSyncClient({
    hubUrl: opts.hubUrl,
    fingerprint: opts.fingerprint,
    attemptId: opts.attemptId,
    token: opts.token,
    outboxDir: join(dir, 'outbox'),
    heartbeat: () => ({ state: 'in-progress', answered: journal.entries.filter((e) => e.type === 'answer').length, remainingMs: 600_000, lastSavedAt: journal.entries.at(-1)?.at ?? null, journalSeq: journal.entries.length }),
    journal: { entriesAfter: (seq) => journal.after(seq) },
    // What the attempt service does: journal the command as received (idempotent by id), then act.
    onCommand: async (command) => {
      if (journal.entries.some((e) => e.type === 'command' && (e.data as { id?: string }).id === command.id)) return;
      journal.append('command', command);
      commands.push(command);
      client.notifyJournal();
    },
    onStatus: (s) => statuses.push(s),
    onServerTime: (o) => offsets.push(o),
    live: opts.live,
    ...opts.extra,
  });
  await client.start();
  return {
    journal,
    client,
    commands,
    statuses,
    offsets,
    dir,
    async dispose() {
      await client.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function api(base: string, method: string, path: string, opts: { token?: string; body?: unknown } = {}): Promise<{ status: number; json: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- replies are inspected field by field
  const res = await fetch(new URL(path.replace(/^\//, ''), base), {
    method,
    headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // CSV and HTML replies are not JSON.
    json = text;
  }
  return { status: res.status, json };
}
