/**
 * The candidate's language pick for a multi-language coding item (issue 16, point 6), through the
 * real AttemptService on the three-language fixture (tests/fixtures/packages/polyglot): nothing
 * of the workspace exists before the pick, the pick is journaled once and seeds the language's
 * starter, a switch needs `reset` and reseeds, the pick survives a restart, goes into the signed
 * result, and practice grading grades the workspace in it.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEventBus } from '../../../electron/core/api/eventBus.js';
import { AttemptService } from '../../../electron/core/attempt/attemptService.js';
import { createManualClock } from '../../../electron/core/attempt/clock.js';
import type { IntervalScheduler } from '../../../electron/core/attempt/timer.js';
import { loadOrCreateDevice } from '../../../electron/core/device/deviceKeys.js';
import { createCodingGrader } from '../../../electron/core/grading/coding/codingGrader.js';
import { loadPackageOrThrow } from '../../../electron/core/package/loadPackage.js';
import type { ExamPackage } from '../../../electron/core/package/types.js';
import { verifyResult } from '../../../electron/core/result/sealResult.js';
import { createSqlRunner } from '../../../electron/core/sql/sqlRunner.js';
import type { ItemOf } from '../../../shared/exam/examSchema.js';
import { resultSchema } from '../../../shared/result.js';

const FIXTURE = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/packages/polyglot');
const TASK = join(FIXTURE, 'tasks/sum');
const ITEM = 'sum-stdin';

/** Timer intervals never fire by themselves: the clock is the test's. */
const idleScheduler: IntervalScheduler = { setInterval: (fn) => fn, clearInterval: () => {} };

let dataDir: string;
let pkg: ExamPackage;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-language-'));
  pkg = await loadPackageOrThrow(FIXTURE);
  // Offered in node and python only here: java is the language the item does not offer.
  const item = pkg.exam.sections[0]?.items[0] as ItemOf<'coding'>;
  item.languages = ['node', 'python'];
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function open(): Promise<AttemptService> {
  return AttemptService.open({
    pkg,
    dataDir,
    bus: createEventBus(),
    clock: createManualClock({ wall: Date.parse('2026-12-02T10:00:00Z'), mono: 1000 }),
    scheduler: idleScheduler,
    log: () => {},
    device: () => loadOrCreateDevice(dataDir),
    sql: () => createSqlRunner(),
    coding: () => createCodingGrader({ pkgDir: FIXTURE, sandbox: 'auto', hidePaths: [dataDir] }),
  });
}

async function journalOf(attemptId: string) {
  const text = await readFile(join(dataDir, 'attempts', attemptId, 'journal.jsonl'), 'utf8');
  return text.trim().split('\n').map((l) => JSON.parse(l) as { type: string; data: Record<string, unknown> });
}

describe('the language pick of a multi-language coding item', () => {
  it('is journaled once, seeds the starter, needs reset to switch, survives a restart and is graded in', async () => {
    let svc = await open();
    const { attemptId } = await svc.checkIn({ candidateId: 'c1', candidateName: 'Ada' });
    await svc.completePreflight({});
    const started = await svc.startAttempt();
    expect(started.languages).toEqual({});
    expect(started.installedLanguages).toEqual(expect.arrayContaining(['node', 'python']));
    const workspace = join(dataDir, 'attempts', attemptId, 'workspace', ITEM);

    // Before the pick nothing opens the workspace, and nothing creates an empty one.
    await expect(svc.workspaceList(ITEM)).rejects.toMatchObject({ code: 'invalid-state', message: expect.stringMatching(/^pick a language first/) });
    await expect(svc.workspaceWrite(ITEM, 'main.py', 'x')).rejects.toMatchObject({ code: 'invalid-state' });
    await expect(svc.terminalOpen({ sessionId: ITEM, cols: 80, rows: 24 })).rejects.toMatchObject({ code: 'invalid-state', message: expect.stringMatching(/^pick a language first/) });
    expect(existsSync(workspace)).toBe(false);

    // An empty workspace made before language picks existed (from the absent root starter) is
    // seeded by the first pick rather than kept empty.
    await mkdir(workspace, { recursive: true });

    await expect(svc.workspacePickLanguage({ itemId: ITEM, language: 'java' })).rejects.toMatchObject({ code: 'invalid-params', message: expect.stringContaining('not offered in java') });

    const picked = await svc.workspacePickLanguage({ itemId: ITEM, language: 'python' });
    expect(picked.languages).toEqual({ [ITEM]: 'python' });
    expect(await readdir(workspace)).toEqual(['main.py']);
    expect((await svc.workspaceRead(ITEM, 'main.py')).content).toBe(await readFile(join(TASK, 'python/starter/main.py'), 'utf8'));
    // The same pick again is no change.
    await svc.workspacePickLanguage({ itemId: ITEM, language: 'python' });
    expect((await journalOf(attemptId)).filter((e) => e.type === 'language').map((e) => e.data)).toEqual([{ itemId: ITEM, language: 'python' }]);

    // Another language without reset is refused and touches nothing.
    await svc.workspaceWrite(ITEM, 'main.py', 'print("mine")\n');
    await expect(svc.workspacePickLanguage({ itemId: ITEM, language: 'node' })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('resets the workspace') });
    expect((await svc.workspaceRead(ITEM, 'main.py')).content).toBe('print("mine")\n');

    // With reset: the python files are gone, the node starter is there.
    const switched = await svc.workspacePickLanguage({ itemId: ITEM, language: 'node', reset: true });
    expect(switched.languages).toEqual({ [ITEM]: 'node' });
    expect(await readdir(workspace)).toEqual(['main.js']);
    expect((await svc.workspaceRead(ITEM, 'main.js')).content).toBe(await readFile(join(TASK, 'node/starter/main.js'), 'utf8'));
    expect((await journalOf(attemptId)).filter((e) => e.type === 'language').map((e) => e.data)).toEqual([
      { itemId: ITEM, language: 'python' },
      { itemId: ITEM, language: 'node', from: 'python' },
    ]);

    // The pick is read back from the journal when the app starts again.
    await svc.close();
    svc = await open();
    expect(svc.getAttempt()?.languages).toEqual({ [ITEM]: 'node' });
    expect(await readdir(workspace)).toEqual(['main.js']);

    // The solution in the picked language, submitted: the result names it and grading uses it.
    await svc.workspaceWrite(ITEM, 'main.js', await readFile(join(TASK, 'node/solution/main.js'), 'utf8'));
    await svc.submitAttempt();
    const raw: unknown = JSON.parse(await readFile(join(dataDir, 'attempts', attemptId, 'result.json'), 'utf8'));
    expect(resultSchema.parse(raw).languages).toEqual({ [ITEM]: 'node' });
    // Signed with the rest: the hub grades in the language the signature covers.
    expect(verifyResult(raw, (await loadOrCreateDevice(dataDir)).publicKeyPem)).toBe(true);
    await expect.poll(() => svc.getAttempt()?.grading?.status, { timeout: 60_000 }).toBe('done');
    expect(svc.getResult().graded?.items[ITEM]).toMatchObject({ status: 'correct', score: 4 });
    await svc.close();
  }, 90_000);
});
