import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { buildReport, type RawTest, type TestReport, type TestStatus } from './testReport.js';

/**
 * Leaf tests of a JUnit XML report (`<testsuites>` / `<testsuite>`, nested suites allowed, as
 * node's junit reporter, pytest, Maven Surefire or Gradle write it). Each `<testcase>` is one test:
 * a `<failure>` or `<error>` child fails it, `<skipped>` skips it (node writes todo as
 * `<skipped type="todo">`), anything else passes. Suites are containers and never count. Its id is
 * the enclosing suites' names, then `classname` when it says more than node's constant "test",
 * then `name`.
 *
 * Returns null when the text holds no well-formed JUnit document (the run crashed first, or
 * printed something else): the caller decides whose fault that is.
 */
export function parseJunitReport(text: string, roots: readonly string[] = []): TestReport | null {
  const xml = extractXml(text);
  if (xml === null || XMLValidator.validate(xml) !== true) return null;
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    isArray: (name) => ARRAY_TAGS.has(name),
  });
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch {
    // Validated above; a parser limit (entity expansion) tripped: not a usable report.
    return null;
  }
  if (!isRecord(doc)) return null;
  const raw: RawTest[] = [];
  const top = doc['testsuites'];
  if (Array.isArray(top)) for (const suites of top) walkSuite(suites, [], raw, false);
  else if (doc['testsuite'] !== undefined) walkSuite(doc, [], raw, false);
  else return null;
  return buildReport(raw, roots);
}

const ARRAY_TAGS = new Set(['testsuites', 'testsuite', 'testcase', 'failure', 'error', 'skipped']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function attr(node: Record<string, unknown>, name: string): string | undefined {
  const value = node[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

function children(node: Record<string, unknown>, tag: string): Record<string, unknown>[] {
  const value = node[tag];
  if (!Array.isArray(value)) return [];
  // An empty element (<failure/>) parses to "", not an object: it still counts.
  return value.map((v) => (isRecord(v) ? v : {}));
}

/** `node` is a <testsuites> or <testsuite> element; `named` says whether its name joins the path. */
function walkSuite(node: unknown, names: string[], out: RawTest[], named: boolean): void {
  if (!isRecord(node)) return;
  const path = named ? [...names, attr(node, 'name') ?? ''] : names;
  for (const testcase of children(node, 'testcase')) {
    out.push({ names: [...path, ...caseNames(testcase)], status: caseStatus(testcase), ...caseDetails(testcase) });
  }
  for (const suite of children(node, 'testsuite')) walkSuite(suite, path, out, true);
}

function caseNames(testcase: Record<string, unknown>): string[] {
  const classname = attr(testcase, 'classname');
  const name = attr(testcase, 'name') ?? '';
  return classname && classname !== 'test' ? [classname, name] : [name];
}

function caseStatus(testcase: Record<string, unknown>): TestStatus {
  if (children(testcase, 'failure').length > 0 || children(testcase, 'error').length > 0) return 'fail';
  const skipped = children(testcase, 'skipped');
  if (skipped.length > 0) return skipped.some((s) => attr(s, 'type') === 'todo') ? 'todo' : 'skip';
  return 'pass';
}

/** `time` (seconds), the failure's message and text, and `file`/`line` attributes where a tool writes them. */
function caseDetails(testcase: Record<string, unknown>): Pick<RawTest, 'durationMs' | 'message' | 'locationHints'> {
  const time = Number(attr(testcase, 'time'));
  const failure = [...children(testcase, 'failure'), ...children(testcase, 'error')][0];
  const body = failure ? failure['#text'] : undefined;
  const bodyText = typeof body === 'string' ? body : undefined;
  const message = failure ? [attr(failure, 'message'), bodyText].filter(Boolean).join('\n') : '';
  const file = attr(testcase, 'file');
  const line = attr(testcase, 'line');
  const hints = [file && line ? `${file}:${line}` : undefined, bodyText].filter((h): h is string => h !== undefined);
  return {
    ...(Number.isFinite(time) && attr(testcase, 'time') !== undefined ? { durationMs: time * 1000 } : {}),
    ...(message ? { message } : {}),
    ...(failure && hints.length > 0 ? { locationHints: hints } : {}),
  };
}

/** The XML document inside a run's stdout: from `<?xml` or the first `<testsuite`, to the last closing tag. */
function extractXml(text: string): string | null {
  const decl = text.indexOf('<?xml');
  const suites = text.search(/<testsuites?[\s>]/);
  const start = decl >= 0 && (suites < 0 || decl < suites) ? decl : suites;
  if (start < 0) return null;
  const closeSuites = text.lastIndexOf('</testsuites>');
  const closeSuite = text.lastIndexOf('</testsuite>');
  let end = -1;
  if (closeSuites >= 0) end = closeSuites + '</testsuites>'.length;
  else if (closeSuite >= 0) end = closeSuite + '</testsuite>'.length;
  else {
    // <testsuite .../> with nothing inside.
    const selfClosing = /<testsuites?\b[^>]*\/>/.exec(text.slice(start));
    if (selfClosing) end = start + selfClosing.index + selfClosing[0].length;
  }
  return end > start ? text.slice(start, end) : null;
}
