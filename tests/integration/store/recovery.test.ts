/**
 * Recovery that never blocks the candidate (issue 15, point 9), through the real `vigil serve`
 * process on real files: a flipped byte in the middle of the journal, an emptied journal and a
 * corrupt meta.json each let the host start, keep what can be proven (or restored, flagged as
 * unverified), quarantine the damage, journal a `repair` and a critical violation for the proctor,
 * and tell the candidate in the attempt view.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanJournal } from '../../../electron/core/store/journal.js';
import { startCliServer } from '../../support/cliProcess.js';
import { connectHostApi } from '../../support/hostApi.js';
import { demoExamDir } from '../../support/paths.js';

let tmp: string;
let dataDir: string;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'vigil-recovery-'));
  dataDir = join(tmp, 'data');
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function withHost<T>(run: (api: ReturnType<typeof connectHostApi>['api']) => Promise<T>): Promise<T> {
  const server = await startCliServer(['serve', '--exam', demoExamDir, '--data', dataDir]);
  const client = connectHostApi(server.url);
  try {
    return await run(client.api);
  } finally {
    client.close();
    expect(await server.stop()).toBe(0);
  }
}

/** An attempt in progress with three saved answers; returns its folder. */
async function attemptWithAnswers(): Promise<string> {
  const attemptId = await withHost(async (api) => {
    const view = await api.checkIn({ candidateId: 'c1', candidateName: 'Ada' });
    await api.completePreflight({});
    await api.startAttempt({});
    await api.saveAnswer({ itemId: 'http-status', value: 'b' });
    await api.saveAnswer({ itemId: 'idempotent-methods', value: ['get', 'put'] });
    await api.saveAnswer({ itemId: 'cache-header', value: 'Cache-Control' });
    return view.attemptId;
  });
  return join(dataDir, 'attempts', attemptId);
}

function journalOf(dir: string) {
  return readFile(join(dir, 'journal.jsonl')).then((b) => scanJournal(b));
}

describe('recovery on start', () => {
  it('a flipped byte in the middle of the journal: the host starts, the entries before it stand, the file is quarantined, the proctor and candidate are told', async () => {
    const dir = await attemptWithAnswers();
    const bytes = await readFile(join(dir, 'journal.jsonl'));
    const text = bytes.toString('utf8');
    // Flip one byte inside the answer to idempotent-methods (a line in the middle).
    const at = text.indexOf('"put"') + 2;
    const damaged = Buffer.from(bytes);
    damaged[at] = (damaged[at] as number) ^ 0x01;
    await writeFile(join(dir, 'journal.jsonl'), damaged);

    const view = await withHost((api) => api.getAttempt({}));
    expect(view?.state).toBe('in-progress');
    expect(view?.answers['http-status']?.value).toBe('b');
    expect(view?.recovery.join(' ')).toMatch(/damaged.*recovered/i);

    const scan = await journalOf(dir);
    expect(scan.kind).toBe('clean');
    const repair = scan.entries.find((e) => e.type === 'repair' && (e.data as { what: string }).what === 'journal-damage');
    expect(repair?.data).toMatchObject({ quarantined: expect.stringMatching(/^quarantine\/journal\.jsonl\./) });
    expect(scan.entries.find((e) => e.type === 'violation' && (e.data as { kind: string }).kind === 'journal-repaired')?.data).toMatchObject({ severity: 'critical' });
    const quarantined = await readFile(join(dir, (repair?.data as { quarantined: string }).quarantined));
    expect(quarantined.equals(damaged)).toBe(true);
  });

  it('an emptied journal does not reset a started attempt: state and answers come back from attempt.json, flagged as unverified', async () => {
    const dir = await attemptWithAnswers();
    await writeFile(join(dir, 'journal.jsonl'), '');

    const view = await withHost((api) => api.getAttempt({}));
    expect(view?.state).toBe('in-progress');
    expect(view?.answers['http-status']?.value).toBe('b');
    expect(view?.answers['cache-header']?.value).toBe('Cache-Control');
    expect(view?.recovery.join(' ')).toMatch(/restored/i);
    const scan = await journalOf(dir);
    expect(scan.entries.find((e) => e.type === 'repair' && (e.data as { what: string }).what === 'journal-loss')?.data).toMatchObject({ unverified: true, restored: { state: 'in-progress' } });
    expect(scan.entries.some((e) => e.type === 'violation' && (e.data as { kind: string }).kind === 'journal-repaired')).toBe(true);

    // ...and the attempt still submits and seals (the journal lost its start entry).
    await withHost(async (api) => {
      await api.submitAttempt({});
      expect((await api.getAttempt({}))?.state).toBe('sealed');
    });
  });

  it('a corrupt meta.json: the attempt is still found, meta.json rebuilt from the journal, the damaged one quarantined and the repair journaled', async () => {
    const dir = await attemptWithAnswers();
    const original = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'meta.json'), '{"format": "vigil-attempt-meta/1", "attemp');

    const view = await withHost((api) => api.getAttempt({}));
    expect(view?.candidate).toEqual({ id: 'c1', name: 'Ada' });
    expect(view?.answers['http-status']?.value).toBe('b');
    const rebuilt = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')) as Record<string, unknown>;
    // createdAt becomes the check-in entry's time (meta.json was written a moment before it).
    expect({ ...rebuilt, createdAt: null }).toEqual({ ...original, createdAt: null });
    expect((await readdir(join(dir, 'quarantine'))).some((n) => n.startsWith('meta.json.'))).toBe(true);
    const scan = await journalOf(dir);
    expect(scan.entries.find((e) => e.type === 'repair' && (e.data as { what: string }).what === 'meta-json')).toBeDefined();
  });
});
