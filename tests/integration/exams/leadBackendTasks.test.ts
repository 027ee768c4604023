/**
 * The lead-backend coding tasks, run as grading runs them: the reference solution passes every
 * hidden test and the visible tests; the starter loads but fails hidden tests; hidden tests finish
 * well within the grader's budget.
 */
import { forLanguage } from '../../../shared/exam/languages.js';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { allItems, type ItemOf } from '../../../shared/exam/examSchema.js';
import { codingKey } from '../../../shared/exam/keySchema.js';
import { examsDir, readExamFiles } from './examFiles.js';
import { prepareWorkspace, runCommand, tapSummary, type CommandRun } from './taskHarness.js';

const PKG = path.join(examsDir, 'lead-backend');
/** The budget for one task's hidden tests. */
const HIDDEN_BUDGET_MS = 30_000;
const TASKS = ['orders-api', 'data-access', 'resilience'] as const;

let coding: Array<{ item: ItemOf<'coding'>; command: string }>;

beforeAll(async () => {
  const { exam, key } = await readExamFiles(PKG);
  coding = allItems(exam).flatMap(({ item }) => (item.type === 'coding' ? [{ item, command: codingKey.parse(key.items[item.id]).command }] : []));
});

function taskOf(name: string): { item: ItemOf<'coding'>; command: string; dir: string } {
  const found = coding.find((c) => c.item.task === `tasks/${name}`);
  if (!found) throw new Error(`no coding item for tasks/${name}`);
  return { ...found, dir: path.join(PKG, found.item.task) };
}

async function runIn(taskDir: string, opts: { solution: boolean; hidden: boolean }, command: string): Promise<CommandRun> {
  const ws = await prepareWorkspace(taskDir, opts);
  try {
    return await runCommand(command, ws.dir);
  } finally {
    await ws.cleanup();
  }
}

function explain(run: CommandRun): string {
  return `exit ${String(run.exitCode)}${run.timedOut ? ' (timed out)' : ''}\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-2000)}`;
}

describe.each(TASKS)('tasks/%s', (name) => {
  let hiddenTests = 0;

  it('reference solution passes every hidden test with the key command, within the time budget', async () => {
    const { dir, command } = taskOf(name);
    const run = await runIn(dir, { solution: true, hidden: true }, command);
    expect(run.exitCode, explain(run)).toBe(0);
    const summary = tapSummary(run.stdout);
    expect(summary.fail, summary.failed.join('\n')).toBe(0);
    expect(summary.tests).toBeGreaterThanOrEqual(10);
    expect(summary.pass).toBe(summary.tests);
    expect(run.durationMs).toBeLessThan(HIDDEN_BUDGET_MS);
    hiddenTests = summary.tests;
  });

  it('reference solution passes the visible tests (the item testCommand)', async () => {
    const { dir, item } = taskOf(name);
    const testCommand = forLanguage(item.testCommand, null);
    if (!testCommand) throw new Error(`${item.id} has no single testCommand`);
    const run = await runIn(dir, { solution: true, hidden: false }, testCommand);
    expect(run.exitCode, explain(run)).toBe(0);
  });

  it('starter loads, runs every hidden test, and fails at least one', async () => {
    const { dir, command } = taskOf(name);
    const run = await runIn(dir, { solution: false, hidden: true }, command);
    expect(run.timedOut, explain(run)).toBe(false);
    expect(run.exitCode).not.toBe(0);
    const summary = tapSummary(run.stdout);
    expect(summary.fail).toBeGreaterThanOrEqual(1);
    // Same number of tests as with the solution: the starter's modules load and every test ran.
    expect(summary.tests).toBe(hiddenTests);
  });

  it('starter fails some visible tests, so "Run tests" shows work to do', async () => {
    const { dir, item } = taskOf(name);
    if (!item.testCommand) throw new Error(`${item.id} has no testCommand`);
    const run = await runIn(dir, { solution: false, hidden: false }, `${item.testCommand} --test-reporter=tap`);
    expect(run.exitCode).not.toBe(0);
    const summary = tapSummary(run.stdout);
    expect(summary.fail).toBeGreaterThanOrEqual(1);
    expect(summary.pass + summary.fail).toBe(summary.tests);
  });
});
