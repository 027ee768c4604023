import type { VisibleTest, WorkspaceRunTestsResult } from '../../../shared/workspace.js';
import { parseJunitReport } from '../grading/coding/junitReport.js';
import { parseTapReport } from '../grading/coding/tapReport.js';
import { runGradingCommand } from '../grading/coding/runGradingCommand.js';
import type { GradingSandbox } from '../grading/coding/gradingSandbox.js';
import type { TestReport } from '../grading/coding/testReport.js';

/** Visible suites are small; a run that takes longer is stuck (a server never closed). */
export const VISIBLE_TESTS_TIMEOUT_MS = 120_000;
const OUTPUT_CAP_BYTES = 2 * 2 ** 20;
/** What the "Output" tab shows at most: the end of the run. */
const OUTPUT_TAIL_BYTES = 64 * 1024;

/**
 * Runs an item's visible tests (its `testCommand`) in the live workspace for the results panel:
 * `/bin/sh -c` at the workspace root, sandboxed as the terminal is (the grader's runner, reused),
 * with stdout piped, so `node --test` writes TAP. The report is read with the grader's TAP and
 * JUnit parsers: JUnit when the output holds a JUnit document, else TAP. A run with no report
 * still returns its output, with `format: null`.
 */
export async function runVisibleTests(dir: string, command: string, sandbox: GradingSandbox): Promise<WorkspaceRunTestsResult> {
  const started = Date.now();
  const run = await runGradingCommand({ dir, command, timeoutMs: VISIBLE_TESTS_TIMEOUT_MS, outputCapBytes: OUTPUT_CAP_BYTES, tailBytes: OUTPUT_TAIL_BYTES, sandbox });
  const stdout = run.stdout.toString('utf8');
  const roots = [dir, '/workspace'];
  const junit = /<testsuites?[\s>]/.test(stdout) ? parseJunitReport(stdout, roots) : null;
  const report: TestReport | null = junit ?? (/^\s*(TAP version|ok |not ok |1\.\.)/m.test(stdout) ? parseTapReport(stdout, roots) : null);
  return {
    command,
    format: junit ? 'junit' : report ? 'tap' : null,
    tests: report ? report.tests.map(toVisible) : [],
    exitCode: run.exitCode,
    timedOut: run.timedOut,
    durationMs: Date.now() - started,
    output: run.tail,
    outputCut: run.tailCut,
  };
}

function toVisible(test: TestReport['tests'][number]): VisibleTest {
  return {
    id: test.id,
    status: test.status,
    ...(test.durationMs !== undefined ? { durationMs: test.durationMs } : {}),
    ...(test.message !== undefined ? { message: test.message } : {}),
    ...(test.location !== undefined ? { location: test.location } : {}),
  };
}
