import { chmod, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enroll } from '../../../electron/core/sync/enroll.js';
import { resultSha256 } from '../../../electron/core/sync/resultOutbox.js';
import type { Result } from '../../../shared/result.js';
import { startCliServer } from '../../support/cliProcess.js';
import { ACCESS_CODE, DEMO_ANSWERS, DEMO_EXAM, enrollBody, makeDevice, makeResult, PASSWORD, TestJournal, type Device } from '../../unit/electron/hub/support/hubFixture.js';
import { api } from './support.js';

/**
 * Faults (DESIGN 5, 8): the hub process is SIGKILLed while results and journal entries are being
 * uploaded, 20 times. After each restart (same data folder, new port), everything the hub
 * acknowledged before is there exactly once, and whatever was not acknowledged uploads again.
 */
const ROUNDS = 20;
const NEW_PER_ROUND = 3;
const P = '/api/v1';

interface Candidate {
  id: string;
  device: Device;
  attemptId: string;
  token: string;
  journal: TestJournal;
  result: Result;
  /** The receipt the hub acknowledged, once it did. */
  receipt: string | null;
  /** The highest seq the hub acknowledged. */
  ackedSeq: number;
}

describe('hub killed with SIGKILL during uploads', () => {
  let dataDir: string;
  let passwordFile: string;
  const args = () => ['hub', '--exam', DEMO_EXAM, '--data', dataDir, '--access-code', ACCESS_CODE, '--proctor-password-file', passwordFile];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vigil-hubcrash-'));
    passwordFile = join(dataDir, '..', `${dataDir.split('/').at(-1)}-password`);
    await writeFile(passwordFile, `${PASSWORD}\n`);
    await chmod(passwordFile, 0o600);
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await rm(passwordFile, { force: true });
  });

  it(`keeps every acknowledged result and entry across ${ROUNDS} kills`, async () => {
    const candidates: Candidate[] = [];
    // Uploads the kill cut off (or that never started before it): the test must see some.
    let missed = 0;
    let server = await startCliServer(args());
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const url = server.url;
        for (let i = 0; i < NEW_PER_ROUND; i++) {
          const id = `r${round}-c${i}`;
          const device = makeDevice();
          const reply = await enroll(url, enrollBody(device, id));
          const answers = { ...DEMO_ANSWERS, 'explain-index': `${'An index costs writes. '.repeat(4000)}${id}` };
          const journal = new TestJournal().fillExam(answers);
          const result = makeResult({ attemptId: reply.attemptId, candidateId: id, device, journal, answers });
          candidates.push({ id, device, attemptId: reply.attemptId, token: reply.token, journal, result, receipt: null, ackedSeq: 0 });
        }
        // Everything without an acknowledgement goes up, spread over 150 ms; the kill lands at 75 ms,
        // so some uploads are acknowledged before it, some are cut off and some never start.
        const inFlight = candidates.map(async (c, i) => {
          await new Promise((r) => setTimeout(r, (i * 37 + round * 11) % 150));
          try {
            if (c.ackedSeq < c.journal.entries.length) {
              const res = await api(url, 'POST', `${P}/attempts/${c.attemptId}/events`, { token: c.token, body: { entries: c.journal.after(c.ackedSeq) } });
              if (res.status === 200) c.ackedSeq = res.json.ackSeq;
            }
            if (!c.receipt) {
              const res = await fetch(`${url}api/v1/attempts/${c.attemptId}/result`, {
                method: 'PUT',
                headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}`, 'idempotency-key': resultSha256(c.result) },
                body: JSON.stringify(c.result),
                signal: AbortSignal.timeout(15_000),
              });
              if (res.status === 201 || res.status === 200) c.receipt = ((await res.json()) as { receipt: string }).receipt;
            }
          } catch {
            // The hub died mid-request: not acknowledged, so this client simply tries again later.
          }
        });
        await new Promise((r) => setTimeout(r, 75));
        server.child.kill('SIGKILL');
        await Promise.all(inFlight);
        missed += candidates.filter((c) => !c.receipt).length;
        await new Promise<void>((resolve) => (server.child.exitCode !== null || server.child.signalCode !== null ? resolve() : server.child.once('exit', () => resolve())));

        server = await startCliServer(args());
        const acked = candidates.filter((c) => c.receipt !== null);
        const proctor = (await api(server.url, 'POST', `${P}/proctor/login`, { body: { password: PASSWORD } })).json.token as string;
        const list = (await api(server.url, 'GET', `${P}/proctor/attempts`, { token: proctor })).json as Array<{ attemptId: string; journalSeq: number; result: { resultSha256: string } | null }>;
        const byId = new Map(list.map((a) => [a.attemptId, a]));
        for (const c of candidates) {
          const held = byId.get(c.attemptId);
          expect(held, `attempt ${c.id} (enrolled before the kill)`).toBeDefined();
          expect(held?.journalSeq ?? 0).toBeGreaterThanOrEqual(c.ackedSeq);
          if (c.receipt) expect(held?.result?.resultSha256).toBe(resultSha256(c.result));
        }
        const files = await readdir(join(dataDir, 'results'));
        for (const c of acked) expect(files.filter((f) => f === `${c.attemptId}.json`)).toHaveLength(1);
        expect(files.filter((f) => f.endsWith('.json')).length).toBeLessThanOrEqual(candidates.length);
      }

      // After the last restart: every client without a receipt uploads again and succeeds; those
      // with one get the same receipt back.
      const url = server.url;
      for (const c of candidates) {
        const events = await api(url, 'POST', `${P}/attempts/${c.attemptId}/events`, { token: c.token, body: { entries: c.journal.entries } });
        expect(events.status).toBe(200);
        expect(events.json.ackSeq).toBe(c.journal.entries.length);
        const res = await fetch(`${url}api/v1/attempts/${c.attemptId}/result`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}`, 'idempotency-key': resultSha256(c.result) },
          body: JSON.stringify(c.result),
        });
        expect([200, 201]).toContain(res.status);
        const { receipt } = (await res.json()) as { receipt: string };
        if (c.receipt) {
          expect(res.status).toBe(200);
          expect(receipt).toBe(c.receipt);
        }
      }
      expect((await readdir(join(dataDir, 'results'))).filter((f) => f.endsWith('.json'))).toHaveLength(candidates.length);
      // Both cases happened: results acknowledged before a kill, and uploads a kill cut off.
      expect(candidates.filter((c) => c.receipt).length).toBeGreaterThan(0);
      expect(missed).toBeGreaterThan(0);
    } finally {
      await server.stop();
    }
  }, 170_000);
});
