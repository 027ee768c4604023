/**
 * Killing the app must not stop the active clock (issue 15, point 6): after a SIGKILL the clock
 * counts up to the journal's last entry, not the last 5-second checkpoint, and the restart is
 * journaled as a violation the hub shows. Real `vigil serve` processes, a real kill.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { scanJournal } from '../../../electron/core/store/journal.js';
import { startCliServer } from '../../support/cliProcess.js';
import { connectHostApi } from '../../support/hostApi.js';
import { demoExamDir } from '../../support/paths.js';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'vigil-crashclock-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

it('counts the time up to the last journal entry across a SIGKILL and journals the restart as a violation', async () => {
  const dataDir = join(tmp, 'data');
  const server = await startCliServer(['serve', '--exam', demoExamDir, '--data', dataDir]);
  const client = connectHostApi(server.url);
  const view = await client.api.checkIn({ candidateId: 'c1', candidateName: 'Ada' });
  await client.api.completePreflight({});
  await client.api.startAttempt({});
  // Saves for a while, then the app is killed before anything else is written.
  for (let i = 0; i < 8; i++) {
    await client.api.saveAnswer({ itemId: 'cache-header', value: `v${i}` });
    await new Promise((r) => setTimeout(r, 250));
  }
  client.close();
  server.child.kill('SIGKILL');
  await new Promise((r) => server.child.once('close', r));

  const dir = join(dataDir, 'attempts', view.attemptId);
  const before = scanJournal(await readFile(join(dir, 'journal.jsonl'))).entries;
  const checkpoint = before.filter((e) => e.type === 'timer').at(-1);
  const last = before.at(-1);
  const lostSinceCheckpoint = (last?.mono ?? 0) - (checkpoint?.mono ?? 0) + ((checkpoint?.data as { elapsedMs: number }).elapsedMs ?? 0);
  expect(lostSinceCheckpoint).toBeGreaterThan(1000);

  const again = await startCliServer(['serve', '--exam', demoExamDir, '--data', dataDir]);
  const client2 = connectHostApi(again.url);
  try {
    const resumed = await client2.api.getAttempt({});
    expect(resumed?.state).toBe('in-progress');
    expect(resumed?.timer.remainingMs).toBeLessThanOrEqual((resumed?.timer.durationMs ?? 0) - lostSinceCheckpoint);
  } finally {
    client2.close();
    expect(await again.stop()).toBe(0);
  }
  const after = scanJournal(await readFile(join(dir, 'journal.jsonl'))).entries;
  const restart = after.find((e) => e.type === 'violation' && (e.data as { kind: string }).kind === 'app-restarted');
  expect(restart?.data).toMatchObject({ severity: 'warning', detail: expect.stringContaining(`seq ${last?.seq}`) });
});
