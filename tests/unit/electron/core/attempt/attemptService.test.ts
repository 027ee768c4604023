import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventData, EventName } from '../../../../../shared/contract.js';
import { createEventBus } from '../../../../../electron/core/api/eventBus.js';
import { AttemptService } from '../../../../../electron/core/attempt/attemptService.js';
import { createManualClock, type ManualClock } from '../../../../../electron/core/attempt/clock.js';
import type { IntervalScheduler } from '../../../../../electron/core/attempt/timer.js';
import { loadOrCreateDevice } from '../../../../../electron/core/device/deviceKeys.js';
import { loadPackage } from '../../../../../electron/core/package/loadPackage.js';
import type { ExamPackage } from '../../../../../electron/core/package/types.js';
import { verifyResult } from '../../../../../electron/core/result/sealResult.js';
import { createSqlRunner, type SqlRunner } from '../../../../../electron/core/sql/sqlRunner.js';
import { createCodingGrader } from '../../../../../electron/core/grading/coding/codingGrader.js';
import { demoExamDir } from '../../../../support/paths.js';

/** Fires interval callbacks only when the test says so, so the timer follows the manual clock. */
function manualScheduler() {
  const fns = new Set<() => void>();
  const scheduler: IntervalScheduler = {
    setInterval: (fn) => (fns.add(fn), fn),
    clearInterval: (h) => fns.delete(h as () => void),
  };
  return { scheduler, fire: () => [...fns].forEach((f) => f()) };
}

async function loadDemo(dir = demoExamDir): Promise<ExamPackage> {
  const loaded = await loadPackage(dir);
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.reason).join('; '));
  return loaded.pkg;
}

describe('AttemptService', () => {
  let dataDir: string;
  let clock: ManualClock;
  let sched: ReturnType<typeof manualScheduler>;
  let sql: SqlRunner | null = null;
  const events: Array<{ event: EventName; data: unknown }> = [];

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vigil-attempt-'));
    clock = createManualClock({ wall: Date.parse('2026-11-27T10:00:00Z'), mono: 1000 });
    sched = manualScheduler();
    events.length = 0;
  });
  afterEach(async () => {
    await sql?.close();
    sql = null;
    await rm(dataDir, { recursive: true, force: true });
  });

  async function open(pkg?: ExamPackage, extra: { displays?: number; sql?: () => Promise<SqlRunner> } = {}) {
    const bus = createEventBus();
    bus.subscribe(<E extends EventName>(event: E, data: EventData<E>) => events.push({ event, data }));
    return AttemptService.open({
      pkg: pkg ?? (await loadDemo()),
      dataDir,
      bus,
      clock,
      scheduler: sched.scheduler,
      log: () => {},
      device: () => loadOrCreateDevice(dataDir),
      sql: extra.sql ?? (async () => (sql ??= await createSqlRunner())),
      coding: () => createCodingGrader({ pkgDir: demoExamDir, sandbox: 'auto', hidePaths: [dataDir] }),
      ...(extra.displays !== undefined ? { preflightInput: () => ({ displays: extra.displays }) } : {}),
    });
  }

  async function startedService(pkg?: ExamPackage) {
    const svc = await open(pkg);
    await svc.checkIn({ candidateId: 'c1', candidateName: 'Ada' });
    await svc.completePreflight({});
    await svc.startAttempt();
    return svc;
  }

  it('a proctor\'s pre-flight override belongs to one attempt, not to the next candidate', async () => {
    const svc = await open(undefined, { displays: 3 });
    const preflightReason = async (attemptId: string) => {
      const journal = (await readFile(join(dataDir, 'attempts', attemptId, 'journal.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { type: string; data: { to?: string; reason?: string } });
      return journal.find((e) => e.type === 'state' && e.data.to === 'ready')?.data.reason;
    };
    const issued = { issuedBy: 'proctor', issuedAt: '2026-11-27T10:00:00.000Z' };
    const first = await svc.checkIn({ candidateId: 'c1', candidateName: 'Ada' });
    expect((await svc.getPreflight()).checks.find((c) => c.id === 'displays')?.status).toBe('fail');
    await svc.applyCommand({ id: 'cmd-override', type: 'override-preflight', checks: ['displays'], ...issued });
    await svc.completePreflight({});
    expect(await preflightReason(first.attemptId)).toBe('preflight-overridden');
    await svc.startAttempt();
    await svc.applyCommand({ id: 'cmd-lock', type: 'lock', message: 'Ada, stay seated.', ...issued });
    expect(svc.getAttempt()?.lockMessage).toBe('Ada, stay seated.');
    await svc.applyCommand({ id: 'cmd-submit', type: 'force-submit', ...issued });
    expect(svc.getAttempt()?.state).toBe('sealed');

    const second = await svc.checkIn({ candidateId: 'c2', candidateName: 'Grace' });
    await svc.completePreflight({});
    // Nobody waived Grace's display check: practice mode lets her go on, as not overridden.
    expect(await preflightReason(second.attemptId)).toBe('preflight-continued-in-practice');
    await svc.close();
  });

  it('journals every pre-flight warning and failure once, with its check id and detail, for the proctor', async () => {
    const svc = await open(undefined, { displays: 3 });
    const { attemptId } = await svc.checkIn({ candidateId: 'c1', candidateName: 'Ada' });
    const journal = async () => (await readFile(join(dataDir, 'attempts', attemptId, 'journal.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { type: string; data: Record<string, unknown> });
    const { checks } = await svc.getPreflight();
    const displays = checks.find((c) => c.id === 'displays');
    expect(displays?.status).toBe('fail');
    await svc.getPreflight();
    const found = (await journal()).filter((e) => e.type === 'violation' && e.data.check === 'displays');
    expect(found).toEqual([{ type: 'violation', data: { kind: 'display-count', severity: 'critical', check: 'displays', status: 'fail', detail: expect.stringContaining(displays?.detail ?? '?') } }].map((e) => expect.objectContaining(e)));
    await svc.completePreflight({});
    const ready = (await journal()).find((e) => e.type === 'state' && e.data.to === 'ready');
    expect(ready?.data.checks).toEqual(expect.arrayContaining([{ id: 'displays', status: 'fail', detail: displays?.detail }]));
    expect((await journal()).filter((e) => e.type === 'violation' && e.data.check === 'displays')).toHaveLength(1);
    await svc.close();
  });

  it('a lock keeps the clock running (the candidate\'s timer says so), a pause stops it', async () => {
    const svc = await startedService();
    const issued = { issuedBy: 'proctor', issuedAt: '2026-11-27T10:00:00.000Z' };
    const remaining = () => svc.getAttempt()!.timer.remainingMs;
    const start = remaining();
    await svc.applyCommand({ id: 'cmd-lock-clock', type: 'lock', message: '', ...issued });
    expect(svc.getAttempt()?.timer.running).toBe(true);
    clock.advance(60_000);
    expect(remaining()).toBe(start - 60_000);
    await svc.applyCommand({ id: 'cmd-unlock-clock', type: 'unlock', ...issued });
    await svc.applyCommand({ id: 'cmd-pause-clock', type: 'pause', reason: 'fire alarm', ...issued });
    expect(svc.getAttempt()).toMatchObject({ state: 'paused', pauseReason: 'fire alarm', timer: { running: false } });
    clock.advance(60_000);
    expect(remaining()).toBe(start - 60_000);
    await svc.close();
  });

  it('carries out a command re-delivered after a restart once: add-time is not added twice', async () => {
    const svc = await startedService();
    const addTime = { id: 'cmd-add-10', type: 'add-time' as const, minutes: 10, issuedBy: 'proctor', issuedAt: '2026-11-27T10:00:00.000Z' };
    const before = svc.getAttempt()!.timer.remainingMs;
    await svc.applyCommand(addTime);
    expect(svc.getAttempt()!.timer.remainingMs).toBe(before + 10 * 60_000);
    await svc.close();
    // The hub delivers it again (the acknowledgement was lost with the restart).
    const again = await open();
    await again.applyCommand(addTime);
    expect(again.getAttempt()!.timer.remainingMs).toBe(before + 10 * 60_000);
    const attemptId = again.getAttempt()!.attemptId;
    const journal = (await readFile(join(dataDir, 'attempts', attemptId, 'journal.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { type: string; data: { id?: string } });
    expect(journal.filter((e) => e.type === 'command' && e.data.id === 'cmd-add-10')).toHaveLength(1);
    await again.close();
  });

  it('journals every transition and refuses steps out of order', async () => {
    const svc = await open();
    await svc.checkIn({ candidateId: 'c1', candidateName: 'Ada' });
    await expect(svc.startAttempt()).rejects.toMatchObject({ code: 'invalid-state' });
    await svc.completePreflight({});
    await svc.startAttempt();
    await svc.submitAttempt();
    const attemptDir = join(dataDir, 'attempts', svc.getAttempt()!.attemptId);
    const journal = (await readFile(join(attemptDir, 'journal.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { type: string; data: { from?: string; to?: string } });
    const transitions = journal.filter((e) => e.type === 'state').map((e) => `${e.data.from}>${e.data.to}`);
    expect(transitions).toEqual(['checked-in>preflight', 'preflight>ready', 'ready>in-progress', 'in-progress>submitted', 'submitted>sealed']);
    await svc.close();
  });

  it('seals a signed result that verifies with the device key and grades practice attempts', async () => {
    const svc = await startedService();
    await svc.saveAnswer({ itemId: 'http-status', value: 'b' });
    await svc.saveAnswer({ itemId: 'idempotent-methods', value: ['get', 'put', 'post'] });
    await svc.saveAnswer({ itemId: 'top-customers', value: 'SELECT customer_id, COUNT(*) AS order_count FROM orders GROUP BY customer_id HAVING COUNT(*) >= 2' });
    const view = await svc.submitAttempt();
    expect(view.state).toBe('sealed');
    expect(view.submitReason).toBe('candidate');
    const result = JSON.parse(await readFile(join(dataDir, 'attempts', view.attemptId, 'result.json'), 'utf8')) as Record<string, unknown>;
    const device = await loadOrCreateDevice(dataDir);
    expect(verifyResult(result, device.publicKeyPem)).toBe(true);
    expect(verifyResult({ ...result, answers: { 'http-status': 'a' } }, device.publicKeyPem)).toBe(false);
    // Grading follows the seal as its own job.
    await expect.poll(() => svc.getAttempt()?.grading?.status, { timeout: 20_000 }).toBe('done');
    const graded = svc.getResult().graded!;
    expect(graded.items['http-status']?.status).toBe('correct');
    expect(graded.items['idempotent-methods']).toMatchObject({ status: 'partial' });
    expect(graded.items['top-customers']?.status).toBe('correct');
    expect(graded.skills.databases?.title).toBe('Database Management');
    await svc.close();
  });

  it('seals at once when the grader fails, shows "retrying", and grades once the grader works again', async () => {
    let sqlStarts = 0;
    // The first grading run finds the SQL worker crashed; the retry gets a working one.
    const svc = await open(undefined, {
      sql: async () => {
        sqlStarts++;
        if (sqlStarts === 1) throw new Error('sql runner exited while starting (code 1)');
        return (sql ??= await createSqlRunner());
      },
    });
    await svc.checkIn({ candidateId: 'c1', candidateName: 'Ada' });
    await svc.completePreflight({});
    await svc.startAttempt();
    await svc.saveAnswer({ itemId: 'http-status', value: 'b' });
    const view = await svc.submitAttempt();
    expect(view.state).toBe('sealed');
    expect(existsSync(join(dataDir, 'attempts', view.attemptId, 'result.json'))).toBe(true);
    await expect.poll(() => svc.getAttempt()?.grading, { timeout: 20_000 }).toEqual({ status: 'retrying', attempts: 1, error: 'sql runner exited while starting (code 1)' });
    expect(svc.getResult().graded).toBeNull();
    await expect.poll(() => svc.getAttempt()?.grading?.status, { timeout: 20_000 }).toBe('done');
    expect(svc.getResult().graded?.items['http-status']?.status).toBe('correct');
    await svc.close();
  });

  it('archives coding workspaces into the signed result and grades them with the hidden tests', async () => {
    const svc = await startedService();
    const solution = await readFile(join(demoExamDir, 'tasks/sum/solution/sum.js'), 'utf8');
    await svc.workspaceWrite('sum-function', 'sum.js', solution);
    const listed = await svc.workspaceList('sum-function');
    expect(listed.entries.map((e) => e.path)).toContain('sum.js');
    // Opening the workspace answers the item: the navigator shows it as answered.
    expect(svc.getAttempt()?.answers['sum-function']?.value).toEqual({ workspace: 'workspace/sum-function' });
    const view = await svc.submitAttempt();
    const result = JSON.parse(await readFile(join(dataDir, 'attempts', view.attemptId, 'result.json'), 'utf8')) as {
      answers: Record<string, unknown>;
      workspaces: Record<string, { archive: string; sha256: string }>;
    };
    expect(result.workspaces['sum-function']?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result.answers['sum-function']).toBeUndefined();
    await expect.poll(() => svc.getResult().graded?.items['sum-function'], { timeout: 20_000 }).toMatchObject({ status: 'correct', score: 2 });
    await svc.close();
  });

  it('journals editor saves as compact edit entries, and refuses a save over a change the shell made', async () => {
    const svc = await startedService();
    const attemptId = svc.getAttempt()!.attemptId;
    const first = await svc.workspaceRead('sum-function', 'sum.js');
    const fixed = first.content.replace('return 0;', 'return numbers.reduce((a, b) => a + b, 0);');
    const saved = await svc.workspaceWrite('sum-function', 'sum.js', fixed, first.mtimeMs);
    // A second save against the mtime of the first: the change, and only the change, is journaled.
    await svc.workspaceWrite('sum-function', 'sum.js', `${fixed}// done\n`, saved.mtimeMs);
    const journal = (await readFile(join(dataDir, 'attempts', attemptId, 'journal.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { type: string; data: Record<string, unknown> });
    const edits = journal.filter((e) => e.type === 'edit').map((e) => e.data);
    expect(edits).toHaveLength(2);
    expect(edits[0]).toMatchObject({ itemId: 'sum-function', path: 'sum.js', base: first.content, insert: 'numbers.reduce((a, b) => a + b, 0)' });
    expect(edits[1]).toMatchObject({ insert: '// done\n', length: fixed.length + 8 });
    expect(edits[1]).not.toHaveProperty('base');

    // The shell rewrites the file: a save made against the older mtime is refused, the shell's text stays.
    const workspace = join(dataDir, 'attempts', attemptId, 'workspace', 'sum-function');
    await new Promise((r) => setTimeout(r, 20));
    await writeFile(join(workspace, 'sum.js'), 'from the shell\n');
    await expect(svc.workspaceWrite('sum-function', 'sum.js', 'mine', saved.mtimeMs)).rejects.toMatchObject({ code: 'conflict' });
    expect(await readFile(join(workspace, 'sum.js'), 'utf8')).toBe('from the shell\n');
    // Without the mtime ("keep mine") it goes through, and its base is the shell's text (never journaled before).
    await svc.workspaceWrite('sum-function', 'sum.js', 'mine');
    const after = (await readFile(join(dataDir, 'attempts', attemptId, 'journal.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { type: string; data: Record<string, unknown> });
    expect(after.filter((e) => e.type === 'edit').at(-1)?.data).toMatchObject({ base: 'from the shell\n' });
    await svc.close();
  });

  it('runs the visible tests in the workspace and returns them parsed, with the failure\'s message and line', async () => {
    const svc = await startedService();
    const failing = await svc.workspaceRunTests('sum-function');
    expect(failing).toMatchObject({ command: 'node --test', format: 'tap', timedOut: false });
    expect(failing.tests).toEqual([expect.objectContaining({ id: 'adds a few numbers', status: 'fail', location: { path: 'sum.test.js', line: 6 } })]);
    expect(failing.tests[0]?.message).toContain('0 !== 6');
    expect(failing.tests[0]?.durationMs).toBeGreaterThan(0);
    expect(failing.output).toContain('not ok 1 - adds a few numbers');
    const solution = await readFile(join(demoExamDir, 'tasks/sum/solution/sum.js'), 'utf8');
    await svc.workspaceWrite('sum-function', 'sum.js', solution);
    const passing = await svc.workspaceRunTests('sum-function');
    expect(passing.tests.map((t) => [t.id, t.status])).toEqual([['adds a few numbers', 'pass']]);
    await expect(svc.workspaceRunTests('http-status')).rejects.toMatchObject({ code: 'invalid-params' });
    await svc.close();
  });

  it('opens a single-language item without a pick, and refuses one for it', async () => {
    const svc = await startedService();
    expect((await svc.workspaceList('sum-function')).entries.map((e) => e.path)).toContain('sum.js');
    await expect(svc.workspacePickLanguage({ itemId: 'sum-function', language: 'node' })).rejects.toMatchObject({ code: 'invalid-params', message: expect.stringContaining('offers no languages') });
    expect(svc.getAttempt()?.languages).toEqual({});
    await svc.close();
  });

  it('lists an SQL item\'s tables with their columns and types', async () => {
    const svc = await startedService();
    const schema = await svc.sqlSchema('top-customers');
    const orders = schema.tables.find((t) => t.name === 'orders');
    expect(orders?.kind).toBe('table');
    expect(orders?.columns.map((c) => c.name)).toContain('customer_id');
    expect(orders?.columns.every((c) => c.type.length > 0)).toBe(true);
    await expect(svc.sqlSchema('http-status')).rejects.toMatchObject({ code: 'invalid-params' });
    await svc.close();
  });

  it('submits with reason time-up when the clock runs out, and warns before', async () => {
    const svc = await startedService();
    await svc.saveAnswer({ itemId: 'http-status', value: 'b' });
    clock.advance(9 * 60_000 + 30_000); // 30 s left of 10 minutes: both warnings (5 and 1 min) passed
    sched.fire();
    await expect.poll(() => events.some((e) => e.event === 'timerWarning')).toBe(true);
    clock.advance(31_000);
    sched.fire();
    await expect.poll(() => svc.getAttempt()?.state).toBe('sealed');
    expect(svc.getAttempt()?.submitReason).toBe('time-up');
    await expect.poll(() => svc.getResult().graded?.items['http-status']?.status, { timeout: 20_000 }).toBe('correct');
    await svc.close();
  });

  it('resumes after a restart with answers and flags, and the active clock excludes closed time', async () => {
    const first = await startedService();
    await first.saveAnswer({ itemId: 'cache-header', value: 'ETag' });
    await first.setFlag({ itemId: 'latency-budget', flagged: true });
    clock.advance(60_000);
    await first.close();
    const remainingAtClose = 9 * 60_000;

    clock.advance(3_600_000); // an hour closed: an active clock does not count it
    clock.restartMono(5);
    const second = await open();
    const view = second.getAttempt()!;
    expect(view.state).toBe('in-progress');
    expect(view.answers['cache-header']?.value).toBe('ETag');
    expect(view.flags).toEqual(['latency-budget']);
    expect(Math.abs(view.timer.remainingMs - remainingAtClose)).toBeLessThan(1000);
    await second.close();
  });

  it('a deadline clock keeps running while the app is closed and submits on resume when expired', async () => {
    const pkg = await loadDemo();
    const deadline: ExamPackage = { ...pkg, exam: { ...pkg.exam, timing: { ...pkg.exam.timing, clock: 'deadline' } } };
    const first = await startedService(deadline);
    await first.close();
    clock.advance(11 * 60_000);
    clock.restartMono(0);
    const second = await open(deadline);
    expect(second.getAttempt()?.state).toBe('sealed');
    expect(second.getAttempt()?.submitReason).toBe('time-up');
    await second.close();
  });

  it('validates answers against the item: unknown items, wrong shapes, options, coding items', async () => {
    const svc = await startedService();
    await expect(svc.saveAnswer({ itemId: 'nope', value: 'x' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(svc.saveAnswer({ itemId: 'latency-budget', value: 'fast' })).rejects.toMatchObject({ code: 'invalid-params' });
    await expect(svc.saveAnswer({ itemId: 'http-status', value: 'e' })).rejects.toMatchObject({ code: 'invalid-params' });
    await expect(svc.saveAnswer({ itemId: 'sum-function', value: 'x' })).rejects.toMatchObject({ code: 'invalid-params' });
    await expect(svc.saveAnswer({ itemId: 'cache-header', value: 'x'.repeat(41) })).rejects.toMatchObject({ code: 'invalid-params' });
    // Clearing an answer is allowed and removes it from the view.
    await svc.saveAnswer({ itemId: 'cache-header', value: 'ETag' });
    await svc.saveAnswer({ itemId: 'cache-header', value: null });
    expect(svc.getAttempt()?.answers['cache-header']).toBeUndefined();
    await svc.close();
  });

  it('refuses a proctored exam whose package carries grading material', async () => {
    const dir = join(dataDir, 'pkg');
    await cp(demoExamDir, dir, { recursive: true });
    const exam = JSON.parse(await readFile(join(dir, 'exam.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'exam.json'), JSON.stringify({ ...exam, mode: 'proctored' }));
    const svc = await open(await loadDemo(dir));
    await expect(svc.checkIn({ candidateId: 'c1', candidateName: 'Ada' })).rejects.toMatchObject({ code: 'package-invalid', message: expect.stringContaining('key.json') });
    await svc.close();
  });

  it('runs SQL on the item dataset and reports SQL errors as data', async () => {
    const svc = await open();
    expect(await svc.runSql({ itemId: 'top-customers', query: 'SELECT COUNT(*) AS n FROM customers' })).toEqual({ ok: true, columns: ['n'], rows: [[4]], truncated: false });
    const bad = await svc.runSql({ itemId: 'top-customers', query: 'SELECT * FROM nope' });
    expect(bad.ok).toBe(false);
    await expect(svc.runSql({ itemId: 'http-status', query: 'SELECT 1' })).rejects.toMatchObject({ code: 'invalid-params' });
    await svc.close();
  });
});
