import { Parser, type Result } from 'tap-parser';
import { buildReport, type RawTest, type TestReport, type TestStatus } from './testReport.js';

/**
 * Leaf tests of a TAP stream (TAP 13/14 with indented subtests, as `node --test
 * --test-reporter=tap` writes it). node nests subtests and suites: `# Subtest: name`, the children
 * indented, then the parent's own test point closing them. That closing point is a container, not
 * a test, and is not counted; a suite (`type: 'suite'` in its YAML block) never counts, even when
 * empty. A test point with no children is a leaf. `# SKIP` and `# TODO` mark skip and todo (a todo
 * test's failure is not a failure: it is `todo`).
 *
 * Anything that is not TAP (the candidate's console output) is ignored by the parser.
 */
export function parseTapReport(text: string, roots: readonly string[] = []): TestReport {
  const raw: RawTest[] = [];
  const root = new Parser();
  attach(root, [], raw);
  root.end(text);
  return buildReport(raw, roots);
}

function statusOf(result: Result): TestStatus {
  if (result.todo !== false) return 'todo';
  if (result.skip !== false) return 'skip';
  return result.ok ? 'pass' : 'fail';
}

function isSuite(result: Result): boolean {
  const diag: unknown = result.diag;
  return typeof diag === 'object' && diag !== null && 'type' in diag && (diag as { type: unknown }).type === 'suite';
}

/** Duration, message and where it failed, from node's YAML block (duration_ms, error, stack, location). */
function details(result: Result): Pick<RawTest, 'durationMs' | 'message' | 'locationHints'> {
  const diag: unknown = result.diag;
  const d = typeof diag === 'object' && diag !== null ? (diag as Record<string, unknown>) : {};
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  // tap-parser moves node's duration_ms out of the YAML block into `time`.
  const duration = typeof result.time === 'number' ? result.time : typeof d.duration_ms === 'number' ? d.duration_ms : undefined;
  const message = result.ok ? undefined : (text(d.error) ?? text(d.message));
  const hints = [text(d.stack), text(d.location)].filter((h): h is string => h !== undefined);
  return {
    ...(duration !== undefined ? { durationMs: duration } : {}),
    ...(message !== undefined ? { message } : {}),
    ...(!result.ok && hints.length > 0 ? { locationHints: hints } : {}),
  };
}

function attach(parser: Parser, names: string[], out: RawTest[]): void {
  // The child parser a closing test point closes: tap-parser emits the child, its results, then
  // the parent's closing point. A child that reported nothing leaves its closing point a leaf.
  let lastChild: { parser: Parser; asserts: number } | null = null;
  parser.on('child', (child: Parser) => {
    const info = { parser: child, asserts: 0 };
    lastChild = info;
    child.on('assert', () => {
      info.asserts += 1;
    });
    attach(child, [...names, child.name], out);
  });
  parser.on('assert', (result: Result) => {
    const closed: { parser: Parser; asserts: number } | null = result.closingTestPoint ? lastChild : null;
    if (result.closingTestPoint) lastChild = null;
    if (isSuite(result)) return;
    if (closed && closed.asserts > 0) return;
    out.push({ names: [...names, result.name], status: statusOf(result), ...details(result) });
  });
}
