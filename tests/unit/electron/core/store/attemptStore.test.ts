import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ATTEMPT_FILE, attemptDir, JOURNAL_FILE, openAttemptStore, type AttemptStore } from '../../../../../electron/core/store/attemptStore.js';
import { LOCK_FILE } from '../../../../../electron/base/attemptLock.js';
import { sha256Hex } from '../../../../../electron/base/sha256.js';
import { attemptDocumentSchema, type AttemptDocument } from '../../../../../shared/attempt.js';
import { VigilError } from '../../../../../shared/errors.js';
import { verifyChain } from '../../../../../shared/journal.js';
import { faultyFs } from '../../../../fixtures/store/faultyFs.js';

let root: string;
let dir: string;
const open: AttemptStore[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'vigil-store-'));
  dir = join(root, 'attempts', 'att-1');
});
afterEach(async () => {
  for (const store of open.splice(0)) await store.close().catch(() => undefined);
  await rm(root, { recursive: true, force: true });
});

async function openStore(options: Partial<Parameters<typeof openAttemptStore>[0]> = {}): Promise<AttemptStore> {
  const store = await openAttemptStore({ dir, ...options });
  open.push(store);
  return store;
}

async function diskView(): Promise<AttemptDocument> {
  return attemptDocumentSchema.parse(JSON.parse(await readFile(join(dir, ATTEMPT_FILE), 'utf8')));
}

describe('openAttemptStore', () => {
  it('creates the attempt folder with its journal, view and lock', async () => {
    const store = await openStore();
    expect(store.attemptId).toBe('att-1');
    expect((await readdir(dir)).sort()).toEqual([ATTEMPT_FILE, LOCK_FILE, JOURNAL_FILE].sort());
    expect(await diskView()).toMatchObject({ attemptId: 'att-1', state: 'checked-in', lastSeq: 0 });
    expect(store.view()).toEqual(await diskView());
    expect(store.repairs()).toEqual([]);
    await store.close();
    expect(await readdir(dir)).not.toContain(LOCK_FILE);
  });

  it('refuses a second opener of the same attempt with a clear error, and releases on close', async () => {
    const store = await openStore();
    await expect(openAttemptStore({ dir })).rejects.toMatchObject({ code: 'storage', message: expect.stringMatching(/^attempt att-1 is already open in this Vigil process \(pid \d+\)$/) });
    await store.close();
    const again = await openStore();
    expect(again.view().lastSeq).toBe(0);
  });

  it('builds attempt folders under <appData>/attempts and refuses ids that could escape it', () => {
    expect(attemptDir('/data', 'a-1_b.c')).toBe(join('/data', 'attempts', 'a-1_b.c'));
    for (const bad of ['', '..', '../x', 'a/b', 'a\\b', '.hidden', 'x..y']) expect(() => attemptDir('/data', bad), bad).toThrow(VigilError);
  });
});

describe('saving', () => {
  it('acknowledges a save once it is in the journal, and shows it in the view at once', async () => {
    const store = await openStore();
    const saved = await store.saveAnswer('q1', { text: 'Use a write-ahead log' });
    expect(saved).toEqual({ seq: 1, savedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(store.view().answers.q1).toEqual({ value: { text: 'Use a write-ahead log' }, savedAt: saved.savedAt, seq: 1 });
    const journalLine = (await readFile(join(dir, JOURNAL_FILE), 'utf8')).trim();
    expect(JSON.parse(journalLine)).toMatchObject({ seq: 1, type: 'answer', data: { itemId: 'q1' } });
  });

  it('does not wait for attempt.json: the acknowledged path is the journal append alone', async () => {
    const fs = faultyFs();
    const store = await openStore({ fs, viewWriteDelayMs: 10_000 });
    const before = fs.calls.length;
    await store.saveAnswer('q1', 'x');
    expect(fs.calls.slice(before).map((c) => `${c.op}:${c.path.endsWith(JOURNAL_FILE) ? 'journal' : c.path}`)).toEqual(['write:journal', 'datasync:journal']);
    expect((await diskView()).lastSeq).toBe(0); // the view catches up later (or on open)
    await store.flush();
    expect((await diskView()).answers.q1?.value).toBe('x');
  });

  it('rewrites attempt.json shortly after changes stop', async () => {
    const store = await openStore({ viewWriteDelayMs: 5 });
    await store.saveAnswer('q1', 'a');
    await store.setFlag('q1', true);
    await vi.waitFor(async () => expect((await diskView()).lastSeq).toBe(2), { timeout: 2000, interval: 10 });
    expect(await diskView()).toEqual(store.view());
  });

  it('records flags, states, violations and other entries, all in one chain', async () => {
    const store = await openStore();
    await store.appendEntry('state', { from: 'checked-in', to: 'in-progress' });
    await store.setFlag('q3', true);
    await store.appendEntry('violation', { kind: 'focus-loss', severity: 'warning', detail: 'left the window for 4 s' });
    await store.appendEntry('timer', { elapsedMs: 5000 });
    await store.appendEntry('sync', { ackedSeq: 3 });
    const view = store.view();
    expect(view).toMatchObject({ state: 'in-progress', flags: ['q3'], violations: { warning: 1 }, timer: { data: { elapsedMs: 5000 } }, sync: { data: { ackedSeq: 3 } }, lastSeq: 5 });
    expect(verifyChain(store.entries(), sha256Hex)).toEqual({ ok: true, headHash: view.headHash, lastSeq: 5 });
  });

  it('rejects invalid entries without journaling them', async () => {
    const store = await openStore();
    await expect(store.saveAnswer('', 'x')).rejects.toMatchObject({ code: 'invalid-params' });
    await expect(store.appendEntry('violation', { kind: 'x', severity: 'bad' as 'info', detail: '' })).rejects.toMatchObject({ code: 'invalid-params' });
    await expect(store.saveAnswer('q1', undefined)).rejects.toMatchObject({ code: 'invalid-params' });
    expect(store.entries()).toEqual([]);
  });

  it('keeps every answer across close and reopen', async () => {
    let store = await openStore();
    await Promise.all(Array.from({ length: 30 }, (_, i) => store.saveAnswer(`q${i % 4}`, i)));
    const view = store.view();
    await store.close();
    store = await openStore();
    expect(store.view()).toEqual(view);
    expect(Object.fromEntries(Object.entries(view.answers).map(([k, v]) => [k, v.value]))).toEqual({ q0: 28, q1: 29, q2: 26, q3: 27 });
  });

  it('refuses changes after close; close is idempotent', async () => {
    const store = await openStore();
    await store.close();
    await store.close();
    await expect(store.saveAnswer('q1', 1)).rejects.toMatchObject({ code: 'invalid-state' });
  });
});

describe('recovering attempt.json', () => {
  it('quietly brings a stale (behind) attempt.json up to date from the journal', async () => {
    let store = await openStore();
    await store.saveAnswer('q1', 'first');
    await store.flush();
    const stale = await readFile(join(dir, ATTEMPT_FILE));
    await store.saveAnswer('q1', 'second');
    await store.close();
    await writeFile(join(dir, ATTEMPT_FILE), stale); // as if killed before the debounced view write

    store = await openStore();
    expect(store.view().answers.q1?.value).toBe('second');
    expect(store.repairs()).toEqual([]);
    expect((await diskView()).answers.q1?.value).toBe('second');
  });

  it('an attempt.json ahead of the journal is quarantined and what it adds journaled as an unverified journal-loss, with a critical violation', async () => {
    let store = await openStore();
    await store.saveAnswer('q1', 'real');
    await store.close();
    const doc = await diskView();
    const ahead = JSON.stringify({ ...doc, lastSeq: 9, answers: { q1: { value: 'later', savedAt: doc.updatedAt, seq: 9 } } });
    await writeFile(join(dir, ATTEMPT_FILE), ahead);

    store = await openStore();
    expect(store.view().answers.q1?.value).toBe('later');
    const [repair, loss] = store.repairs();
    expect(repair).toMatchObject({ what: 'attempt-json', detail: expect.stringContaining('shows entry seq 9 but the journal ends at 1') });
    expect(loss).toMatchObject({ what: 'journal-loss', unverified: true, restored: { answers: { q1: { value: 'later' } } } });
    expect(await readFile(join(dir, String(repair?.quarantined)), 'utf8')).toBe(ahead);
    expect(store.entries().slice(-3).map((e) => [e.type, (e.data as { what?: string; kind?: string }).what ?? (e.data as { kind?: string }).kind])).toEqual([
      ['repair', 'attempt-json'],
      ['repair', 'journal-loss'],
      ['violation', 'journal-repaired'],
    ]);
    await store.close();
    // The restore is in the journal now: a fresh fold (attempt.json removed) shows the same.
    await rm(join(dir, ATTEMPT_FILE));
    store = await openStore();
    expect(store.view().answers.q1?.value).toBe('later');
  });

  it('an attempt.json ahead of a journal that proves a submit changes nothing', async () => {
    let store = await openStore();
    await store.saveAnswer('q1', 'real');
    await store.appendEntry('state', { from: 'in-progress', to: 'submitted', reason: 'candidate' });
    await store.close();
    const doc = await diskView();
    await writeFile(join(dir, ATTEMPT_FILE), JSON.stringify({ ...doc, lastSeq: 9, answers: { q1: { value: 'forged', savedAt: doc.updatedAt, seq: 9 } } }));
    store = await openStore();
    expect(store.view().answers.q1?.value).toBe('real');
    expect(store.repairs().map((r) => r.what)).toEqual(['attempt-json']);
  });

  it('rebuilds a missing attempt.json and says so in the journal', async () => {
    let store = await openStore();
    await store.saveAnswer('q1', 'a');
    await store.close();
    await rm(join(dir, ATTEMPT_FILE));
    store = await openStore();
    expect(store.repairs()).toEqual([{ what: 'attempt-json', detail: 'attempt.json was missing; rebuilt from 1 journal entries' }]);
    expect((await diskView()).answers.q1?.value).toBe('a');
  });

  it('removes temp files a killed writer left behind', async () => {
    await (await openStore()).close();
    await writeFile(join(dir, `${ATTEMPT_FILE}.12345.0123456789ab.tmp`), '{"half":');
    await openStore();
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('does not leave the lock behind when opening fails', async () => {
    const store = await openStore();
    await store.saveAnswer('q1', 'a');
    await store.saveAnswer('q1', 'b');
    await store.close();
    // The journal cannot be read at all (an I/O error): opening fails, and must release the lock.
    const fs = faultyFs((op, p) => (op === 'readFile' && p.endsWith(JOURNAL_FILE) ? { code: 'EIO' } : undefined));
    await expect(openAttemptStore({ dir, fs })).rejects.toMatchObject({ code: 'storage', message: expect.stringContaining('input/output error') });
    expect(await readdir(dir)).not.toContain(LOCK_FILE);
  });
});

describe('disk errors', () => {
  it('a full disk fails the save with a clear storage error; the view stays as it was; a retry works once space is back', async () => {
    let full = false;
    const fs = faultyFs((op, p) => (full && op === 'write' ? { code: 'ENOSPC', partialBytes: p.endsWith(JOURNAL_FILE) ? 30 : 0 } : undefined));
    const store = await openStore({ fs, viewWriteDelayMs: 10_000 });
    await store.saveAnswer('q1', 'safe');
    const before = store.view();

    full = true;
    const failure = await store.saveAnswer('q1', 'new').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(VigilError);
    expect(failure).toMatchObject({ code: 'storage', message: `could not append to ${join(dir, JOURNAL_FILE)}: the disk is full (ENOSPC)` });
    expect(store.view()).toEqual(before);

    full = false;
    await expect(store.saveAnswer('q1', 'new')).resolves.toMatchObject({ seq: 2 });
    await store.close();
    const reopened = await openStore();
    expect(reopened.view().answers.q1?.value).toBe('new');
    expect(reopened.repairs()).toEqual([]);
  });

  it('a failed background view write is reported, and saves keep being acknowledged', async () => {
    let viewBroken = true;
    const errors: VigilError[] = [];
    const fs = faultyFs((op, p) => (viewBroken && op === 'open' && p.includes(`${ATTEMPT_FILE}.`) ? { code: 'EIO' } : undefined));
    const store = await openStore({ fs, viewWriteDelayMs: 1, onViewWriteError: (e) => errors.push(e) });
    await store.saveAnswer('q1', 'a');
    await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0), { timeout: 2000, interval: 5 });
    expect(errors[0]).toMatchObject({ code: 'storage', message: expect.stringContaining(join(dir, ATTEMPT_FILE)) });
    await expect(store.saveAnswer('q1', 'b')).resolves.toMatchObject({ seq: 2 });
    viewBroken = false;
    await store.flush();
    expect((await diskView()).answers.q1?.value).toBe('b');
  });
});
