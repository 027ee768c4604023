/**
 * The tests a grading run reported, whatever the format (TAP, JUnit XML), and how they score.
 * Only leaf tests count (DESIGN 7): a suite, or a test made of subtests, is a container, not a test.
 */

export type TestStatus = 'pass' | 'fail' | 'skip' | 'todo';

/** What a report says about a test beyond its status (shown in the candidate's results panel; not scored). */
export interface TestDetail {
  durationMs?: number;
  /** The failure's message, cut to its first lines. */
  message?: string;
  /** Where the failure happened, relative to the run's root. */
  location?: { path: string; line: number };
}

export interface TestCase extends TestDetail {
  /** Unique in the report: the names from the outermost suite down, " > " between. */
  id: string;
  status: TestStatus;
  /** The name was reported more than once: it counts as one failed test (see buildReport). */
  duplicate?: true;
}

export interface TestReport {
  tests: TestCase[];
}

/** One leaf as a parser found it: its names from the outermost container down. */
export interface RawTest {
  names: string[];
  status: TestStatus;
  durationMs?: number;
  message?: string;
  /** Text that may name the failing file and line (a stack, a `location` field), first match wins. */
  locationHints?: string[];
}

const MESSAGE_MAX_LINES = 12;
const MESSAGE_MAX_CHARS = 2000;

/** A failure message as the panel shows it: trimmed, its first lines. */
export function shortMessage(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  if (!trimmed) return undefined;
  const lines = trimmed.split(/\r?\n/).slice(0, MESSAGE_MAX_LINES).join('\n');
  return lines.length > MESSAGE_MAX_CHARS ? `${lines.slice(0, MESSAGE_MAX_CHARS - 1)}…` : lines;
}

/**
 * The first `/abs/path:line[:col]` in the hints that lies under one of the roots, as a path
 * relative to that root: a stack's frame in the candidate's test file, not node's internals.
 */
export function failureLocation(hints: readonly string[], roots: readonly string[]): { path: string; line: number } | undefined {
  for (const hint of hints) {
    // Stack frames of ES modules name files as URLs (file:///workspace/x.js).
    for (const match of hint.replaceAll('file://', '').matchAll(/(\/[^\s()'"]+?):(\d+)(?::\d+)?/g)) {
      const [, file, line] = match as unknown as [string, string, string];
      for (const root of roots) {
        if (root === '' || root === '/') continue;
        const prefix = root.endsWith('/') ? root : `${root}/`;
        if (file.startsWith(prefix) && !file.includes('/node_modules/')) return { path: file.slice(prefix.length), line: Math.max(1, Number(line)) };
      }
    }
  }
  return undefined;
}

/**
 * Test names can hold the run's absolute path (node --test names a file that failed to load by its
 * path): the grading copy's location differs per run, so it is cut off to keep ids comparable.
 */
export function normaliseTestName(name: string, roots: readonly string[]): string {
  let out = name.trim();
  for (const root of roots) {
    if (root === '' || root === '/') continue;
    const prefix = root.endsWith('/') ? root : `${root}/`;
    out = out.split(prefix).join('');
  }
  return out;
}

/**
 * Leaf names must be unique in a report (DESIGN 13, grader integrity): a name reported twice is one
 * test that failed, whatever either run said. Otherwise code that registers a passing test under a
 * hidden test's name (or prints its TAP line) would earn that test's points.
 */
export function buildReport(raw: readonly RawTest[], roots: readonly string[]): TestReport {
  const byId = new Map<string, TestCase>();
  for (const t of raw) {
    const id = t.names.map((n) => normaliseTestName(n, roots)).join(' > ');
    const seen = byId.get(id);
    if (seen) {
      // A name reported twice counts as one failed test: candidate code cannot add passes.
      seen.status = 'fail';
      seen.duplicate = true;
      continue;
    }
    const location = t.locationHints ? failureLocation(t.locationHints, roots) : undefined;
    const message = shortMessage(t.message);
    byId.set(id, {
      id,
      status: t.status,
      ...(t.durationMs !== undefined && Number.isFinite(t.durationMs) ? { durationMs: t.durationMs } : {}),
      ...(message !== undefined ? { message } : {}),
      ...(location ? { location } : {}),
    });
  }
  return { tests: [...byId.values()] };
}

export interface TestTally {
  /** Tests that count. */
  total: number;
  passed: number;
  /** Counted tests that did not pass, in report order; `missing` = never reported by this run. */
  notPassed: Array<{ id: string; status: TestStatus | 'missing' }>;
}

/**
 * Scores a candidate's run.
 * - With the reference run (`expected`: the tests the reference solution passed): exactly those
 *   count, matched by id. A test the candidate's run did not report (its file crashed on the
 *   candidate's code, the run timed out first) counts as not passed; tests the reference run did
 *   not pass (skipped, todo) or never reported do not count at all; a candidate's skip or todo is
 *   not a pass.
 * - Without one (the task has no solution/): every reported leaf that passed or failed counts;
 *   skipped and todo tests do not.
 */
export function tallyTests(actual: TestReport, expected: readonly string[] | null): TestTally {
  if (expected === null) {
    const counted = actual.tests.filter((t) => t.status === 'pass' || t.status === 'fail');
    return {
      total: counted.length,
      passed: counted.filter((t) => t.status === 'pass').length,
      notPassed: counted.filter((t) => t.status !== 'pass').map((t) => ({ id: t.id, status: t.status })),
    };
  }
  const byId = new Map(actual.tests.map((t) => [t.id, t.status]));
  const notPassed: TestTally['notPassed'] = [];
  let passed = 0;
  for (const id of expected) {
    const status = byId.get(id);
    if (status === 'pass') passed += 1;
    else notPassed.push({ id, status: status ?? 'missing' });
  }
  return { total: expected.length, passed, notPassed };
}

/** Ids of the tests that passed: what the reference run contributes as `expected`. */
export function passedIds(report: TestReport): string[] {
  return report.tests.filter((t) => t.status === 'pass').map((t) => t.id);
}
