import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEventBus } from '../../../../../electron/core/api/eventBus.js';
import { journaledForm } from '../../../../../electron/core/attempt/attemptForm.js';
import { AttemptService } from '../../../../../electron/core/attempt/attemptService.js';
import { createManualClock } from '../../../../../electron/core/attempt/clock.js';
import { loadOrCreateDevice } from '../../../../../electron/core/device/deviceKeys.js';
import { gradeAttempt } from '../../../../../electron/core/grading/gradeAttempt.js';
import { loadPackageOrThrow } from '../../../../../electron/core/package/loadPackage.js';
import { createSqlRunner, type SqlRunner } from '../../../../../electron/core/sql/sqlRunner.js';
import { drawForm } from '../../../../../shared/exam/form.js';
import { resultSchema } from '../../../../../shared/result.js';
import type { JournalEntry } from '../../../../../shared/journal.js';
import { copyDemo, pushAt, setAt, type TempPackage } from '../../../../fixtures/packages/demoPackage.js';

/** The demo with a third section drawing 1 of 3 numeric items. */
async function drawnDemo(): Promise<TempPackage> {
  const pkg = await copyDemo();
  const numeric = (id: string) => ({ id, type: 'numeric', prompt: id, points: 1, skills: ['performance'] });
  pushAt(pkg.exam, ['sections'], { id: 'pool', title: 'Pool', draw: 1, items: [numeric('p1'), numeric('p2'), numeric('p3')] });
  for (const id of ['p1', 'p2', 'p3']) setAt(pkg.key, ['items', id], { value: 1 });
  await pkg.save();
  return pkg;
}

let dataDir: string;
let temp: TempPackage;
let sql: SqlRunner | null = null;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-form-'));
  temp = await drawnDemo();
});
afterEach(async () => {
  await sql?.close();
  sql = null;
  await temp.cleanup();
  await rm(dataDir, { recursive: true, force: true });
});

async function open() {
  return AttemptService.open({
    pkg: await loadPackageOrThrow(temp.dir),
    dataDir,
    bus: createEventBus(),
    clock: createManualClock({ wall: Date.parse('2026-11-27T10:00:00Z'), mono: 1000 }),
    log: () => {},
    device: () => loadOrCreateDevice(dataDir),
    sql: async () => (sql ??= await createSqlRunner()),
  });
}

async function journal(attemptId: string): Promise<JournalEntry[]> {
  const text = await readFile(join(dataDir, 'attempts', attemptId, 'journal.jsonl'), 'utf8');
  return text.trim().split('\n').map((l) => JSON.parse(l) as JournalEntry);
}

describe('the candidate\'s form in an attempt', () => {
  it('is drawn from the attempt id, journaled once, survives a reload and is sealed into the signed result', async () => {
    const svc = await open();
    const view = await svc.checkIn({ candidateId: 'c1', candidateName: 'Ada' });
    await svc.completePreflight({});
    await svc.startAttempt();
    const pkg = await loadPackageOrThrow(temp.dir);
    const expected = drawForm(pkg.exam, view.attemptId);
    expect(expected.items.filter((id) => /^p\d$/.test(id))).toHaveLength(1);
    await svc.close();

    const again = await open();
    const entries = await journal(view.attemptId);
    expect(entries.filter((e) => (e.data as { form?: unknown }).form !== undefined)).toHaveLength(1);
    expect(journaledForm(entries)).toEqual(expected);

    const drawn = expected.items.find((id) => /^p\d$/.test(id)) ?? '';
    await again.saveAnswer({ itemId: drawn, value: 1 });
    await again.submitAttempt();
    const result = resultSchema.parse(JSON.parse(await readFile(join(dataDir, 'attempts', view.attemptId, 'result.json'), 'utf8')));
    expect(result.form).toEqual(expected);
    // Practice grading grades the form (as its own job after the seal): the two items not drawn
    // are not in the result at all.
    await expect.poll(() => again.getResult().graded, { timeout: 15_000 }).toBeTruthy();
    const graded = again.getResult().graded;
    expect(Object.keys(graded?.items ?? {}).filter((id) => /^p\d$/.test(id))).toEqual([drawn]);
    expect(graded?.items[drawn]).toMatchObject({ status: 'correct' });
    expect(graded?.maxScore).toBe(12);
    await again.close();
  });

  it('gradeAttempt refuses a form that does not fit the exam', async () => {
    const pkg = await loadPackageOrThrow(temp.dir);
    const form = drawForm(pkg.exam, 'a1');
    sql = await createSqlRunner();
    await expect(gradeAttempt(pkg, {}, { sql }, { ...form, items: [...form.items, 'p1', 'p2', 'p3'].filter((v, i, a) => a.indexOf(v) === i) })).rejects.toThrow(
      /form does not fit exam demo: the form has 3 items of section "pool", which gives 1/,
    );
  });
});
