import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { enroll } from '../../../electron/core/sync/enroll.js';
import { resultSha256 } from '../../../electron/core/sync/resultOutbox.js';
import { LIVE_BEARER_PREFIX, LIVE_PROTOCOL } from '../../../shared/hub/limits.js';
import { startCliServer } from '../../support/cliProcess.js';
import { startPgCluster, type PgCluster } from '../../support/pgCluster.js';
import { ACCESS_CODE, DEMO_ANSWERS, DEMO_EXAM, enrollBody, makeDevice, makeResult, PASSWORD, TestJournal } from '../../unit/electron/hub/support/hubFixture.js';
import { api } from './support.js';

/**
 * Stateless replicas (issue 19): two `vigil hub` processes on one PostgreSQL database. A command
 * issued on one reaches a candidate whose live channel is on the other (pushed through LISTEN/
 * NOTIFY: the candidate sends no heartbeat that could fetch it); the live view on one shows the
 * heartbeats the other receives; a replica killed mid-upload loses nothing, and the retry on the
 * other replica gets the same receipt.
 */
const P = '/api/v1';
type Server = Awaited<ReturnType<typeof startCliServer>>;

/** Resolves with the first message of a WebSocket that `match` accepts. */
function nextMessage<T>(ws: WebSocket, match: (m: Record<string, unknown>) => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching message in 20 s')), 20_000);
    const onMessage = (raw: Buffer) => {
      const found = match(JSON.parse(raw.toString()) as Record<string, unknown>);
      if (found !== undefined) {
        clearTimeout(timer);
        ws.off('message', onMessage);
        resolve(found);
      }
    };
    ws.on('message', onMessage);
  });
}

function openLive(url: string, path: string, token: string): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${path.slice(1)}`, [LIVE_PROTOCOL, `${LIVE_BEARER_PREFIX}${token}`]);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

describe('two hub replicas on one PostgreSQL', () => {
  let cluster: PgCluster;
  let storeUrl: string;
  let dirA: string;
  let dirB: string;
  let passwordFile: string;
  let a: Server;
  let b: Server;
  const args = (dir: string) => ['hub', '--exam', DEMO_EXAM, '--data', dir, '--store', storeUrl, '--access-code', ACCESS_CODE, '--proctor-password-file', passwordFile];

  beforeAll(async () => {
    cluster = await startPgCluster();
    storeUrl = await cluster.createDatabase('replicas');
    dirA = await mkdtemp(join(tmpdir(), 'vigil-replica-a-'));
    dirB = await mkdtemp(join(tmpdir(), 'vigil-replica-b-'));
    passwordFile = join(dirA, 'password');
    await writeFile(passwordFile, `${PASSWORD}\n`);
    await chmod(passwordFile, 0o600);
    // Both start on the empty database at once: one migrates and creates the identity and the first admin.
    [a, b] = await Promise.all([startCliServer(args(dirA)), startCliServer(args(dirB))]);
  }, 90_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await cluster?.stop();
    await rm(dirA, { recursive: true, force: true });
    await rm(dirB, { recursive: true, force: true });
  }, 60_000);

  it('a command issued on A is pushed to the candidate connected to B; A\'s live view shows heartbeats B received', async () => {
    const device = makeDevice();
    const { attemptId, token } = await enroll(a.url, enrollBody(device, 'c-replica'));
    const proctor = (await api(a.url, 'POST', `${P}/proctor/login`, { body: { password: PASSWORD } })).json.token as string;
    const candidate = await openLive(b.url, `${P}/attempts/${attemptId}/live`, token);
    const dashboard = await openLive(a.url, `${P}/proctor/live`, proctor);
    try {
      const pushed = nextMessage(candidate, (m) => (m.type === 'commands' ? (m.commands as Array<{ type: string; text?: string }>) : undefined));
      const issued = await api(a.url, 'POST', `${P}/proctor/attempts/${attemptId}/commands`, { token: proctor, body: { type: 'message', text: 'from replica A' } });
      expect(issued.status).toBe(202);
      expect(await pushed).toEqual([expect.objectContaining({ type: 'message', text: 'from replica A', issuedBy: 'admin' })]);

      const seen = nextMessage(dashboard, (m) =>
        m.type === 'summaries' ? (m.attempts as Array<{ attemptId: string; online: boolean; progress: { answered: number } }>).find((s) => s.attemptId === attemptId && s.progress.answered === 3) : undefined,
      );
      const hb = await api(b.url, 'POST', `${P}/attempts/${attemptId}/heartbeats`, { token, body: { state: 'in-progress', answered: 3, remainingMs: 60_000, lastSavedAt: null, journalSeq: 0 } });
      expect(hb.status).toBe(200);
      expect(await seen).toMatchObject({ online: true, progress: { answered: 3 } });
    } finally {
      candidate.close();
      dashboard.close();
    }
  }, 60_000);

  it('a replica killed mid-upload loses nothing; the retry on the other gets the same receipt', async () => {
    const candidates = await Promise.all(
      [0, 1, 2, 3, 4, 5].map(async (i) => {
        const device = makeDevice();
        const id = `c-kill-${i}`;
        const { attemptId, token } = await enroll(a.url, enrollBody(device, id));
        const answers = { ...DEMO_ANSWERS, 'explain-index': `${'A replica dies. '.repeat(3000)}${id}` };
        const journal = new TestJournal().fillExam(answers);
        return { attemptId, token, journal, result: makeResult({ attemptId, candidateId: id, device, journal, answers }), receipt: null as string | null };
      }),
    );
    const put = (url: string, c: (typeof candidates)[number]) =>
      fetch(`${url}api/v1/attempts/${c.attemptId}/result`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}`, 'idempotency-key': resultSha256(c.result) },
        body: JSON.stringify(c.result),
        signal: AbortSignal.timeout(15_000),
      });
    const uploads = candidates.map(async (c, i) => {
      await new Promise((r) => setTimeout(r, i * 25));
      try {
        const res = await put(a.url, c);
        if (res.status === 201 || res.status === 200) c.receipt = ((await res.json()) as { receipt: string }).receipt;
      } catch {
        // Replica A died mid-request: not acknowledged, retried on B below.
      }
    });
    await new Promise((r) => setTimeout(r, 60));
    a.child.kill('SIGKILL');
    await Promise.all(uploads);
    for (const c of candidates) {
      const events = await api(b.url, 'POST', `${P}/attempts/${c.attemptId}/events`, { token: c.token, body: { entries: c.journal.entries } });
      expect(events.status).toBe(200);
      const res = await put(b.url, c);
      const reply = (await res.json()) as { receipt: string };
      if (c.receipt) {
        expect(res.status).toBe(200);
        expect(reply.receipt).toBe(c.receipt);
      } else expect([200, 201]).toContain(res.status);
    }
    const proctor = (await api(b.url, 'POST', `${P}/proctor/login`, { body: { password: PASSWORD } })).json.token as string;
    const list = (await api(b.url, 'GET', `${P}/proctor/attempts`, { token: proctor })).json as Array<{ attemptId: string; result: { resultSha256: string } | null }>;
    for (const c of candidates) expect(list.find((s) => s.attemptId === c.attemptId)?.result?.resultSha256).toBe(resultSha256(c.result));
    // A replacement replica joins: the same receipts from it too.
    a = await startCliServer(args(dirA));
    for (const c of candidates.filter((x) => x.receipt)) expect(((await (await put(a.url, c)).json()) as { receipt: string }).receipt).toBe(c.receipt);
  }, 90_000);
});
