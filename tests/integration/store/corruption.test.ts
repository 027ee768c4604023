/**
 * DESIGN 5 recovery: a missing or damaged attempt.json is rebuilt from the journal, a torn last
 * journal line is cut back, each repair is journaled, and the damaged original is kept in
 * quarantine/, byte for byte.
 */
import { randomBytes } from 'node:crypto';
import { appendFile, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ATTEMPT_FILE, JOURNAL_FILE, openAttemptStore } from '../../../electron/core/store/attemptStore.js';
import { sha256Hex } from '../../../electron/base/sha256.js';
import { attemptDocumentSchema, type AttemptDocument } from '../../../shared/attempt.js';
import { verifyChain } from '../../../shared/journal.js';

let root: string;
let dir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'vigil-corrupt-'));
  dir = join(root, 'attempts', 'att-c');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** An attempt with some history, closed cleanly; returns its view. */
async function makeAttempt(): Promise<AttemptDocument> {
  const store = await openAttemptStore({ dir });
  await store.appendEntry('state', { from: 'checked-in', to: 'in-progress' });
  await store.saveAnswer('q1', 'B');
  await store.saveAnswer('q2', { sql: 'SELECT 1' });
  await store.setFlag('q2', true);
  await store.saveAnswer('q3', 'An essay. '.repeat(300));
  const view = store.view();
  await store.close();
  return view;
}

async function quarantined(): Promise<string[]> {
  return (await readdir(join(dir, 'quarantine'))).sort();
}

function answersOf(doc: AttemptDocument): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc.answers).map(([k, v]) => [k, v.value]));
}

const damages: Array<[string, (path: string) => Promise<void>]> = [
  ['empty', (p) => writeFile(p, '')],
  ['truncated', (p) => truncate(p, 100)],
  ['random bytes', (p) => writeFile(p, randomBytes(700))],
  ['valid JSON failing the schema', (p) => writeFile(p, JSON.stringify({ format: 'vigil-attempt/1', answers: 'lost' }))],
];

describe('damaged attempt.json', () => {
  for (const [name, damage] of damages) {
    it(`${name}: rebuilt from the journal, original in quarantine/, repair journaled`, async () => {
      const before = await makeAttempt();
      const file = join(dir, ATTEMPT_FILE);
      await damage(file);
      const damagedBytes = await readFile(file);

      const store = await openAttemptStore({ dir });
      const view = store.view();
      expect(answersOf(view)).toEqual(answersOf(before));
      expect(view).toMatchObject({ state: 'in-progress', flags: ['q2'], lastSeq: before.lastSeq + 1 });

      const [repair] = store.repairs();
      expect(repair).toMatchObject({ what: 'attempt-json', detail: expect.stringMatching(/^attempt\.json was damaged/) });
      const last = store.entries().at(-1);
      expect(last).toMatchObject({ type: 'repair', data: repair });
      expect(verifyChain(store.entries(), sha256Hex).ok).toBe(true);
      await store.close();

      const names = await quarantined();
      expect(names).toHaveLength(1);
      expect(names[0]).toMatch(/^attempt\.json\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
      expect(join('quarantine', names[0] as string)).toBe(String(repair?.quarantined));
      expect(await readFile(join(dir, 'quarantine', names[0] as string))).toEqual(damagedBytes);

      // attempt.json is whole again, and the next open needs no repair.
      const rebuilt = attemptDocumentSchema.parse(JSON.parse(await readFile(file, 'utf8')));
      expect(answersOf(rebuilt)).toEqual(answersOf(before));
      const again = await openAttemptStore({ dir });
      expect(again.repairs()).toEqual([]);
      await again.close();
    });
  }
});

describe('torn last journal line', () => {
  it('is cut back to the last whole entry; the cut bytes are in quarantine/ and the repair journaled', async () => {
    const before = await makeAttempt();
    const journal = join(dir, JOURNAL_FILE);
    const torn = '{"at":"2026-01-01T09:00:00.000Z","data":{"itemId":"q1","value":"C"},"ha';
    await appendFile(journal, torn);

    const store = await openAttemptStore({ dir });
    expect(answersOf(store.view())).toEqual(answersOf(before));
    const [repair] = store.repairs();
    expect(repair).toMatchObject({ what: 'journal-tail', bytes: Buffer.byteLength(torn), detail: expect.stringContaining(`after entry seq ${before.lastSeq}`) });
    const names = await quarantined();
    expect(names).toEqual([expect.stringMatching(/^journal\.jsonl\.tail\./)]);
    expect(await readFile(join(dir, 'quarantine', names[0] as string), 'utf8')).toBe(torn);

    // Saving continues the chain right after the repair.
    await store.saveAnswer('q1', 'C');
    expect(verifyChain(store.entries(), sha256Hex)).toMatchObject({ ok: true, lastSeq: before.lastSeq + 2 });
    await store.close();
    const text = await readFile(journal, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toContain('"ha{');
  });

  it('a torn journal and a damaged attempt.json together are both repaired', async () => {
    const before = await makeAttempt();
    await appendFile(join(dir, JOURNAL_FILE), '\u0000\u0000\u0000\u0000');
    await writeFile(join(dir, ATTEMPT_FILE), '{"format":"vigil-att');
    const store = await openAttemptStore({ dir });
    expect(answersOf(store.view())).toEqual(answersOf(before));
    expect(store.repairs().map((r) => r.what)).toEqual(['journal-tail', 'attempt-json']);
    expect(await quarantined()).toHaveLength(2);
    await store.close();
  });
});
