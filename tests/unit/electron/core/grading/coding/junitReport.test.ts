import { describe, expect, it } from 'vitest';
import { parseJunitReport } from '../../../../../../electron/core/grading/coding/junitReport.js';

/** What `node --test --test-reporter=junit` prints (failure bodies trimmed). */
const NODE_JUNIT = `<?xml version="1.0" encoding="utf-8"?>
<testsuites>
	<testsuite name="suite A" tests="2" failures="1" skipped="1">
		<testcase name="leaf 1" time="0.0005" classname="test"/>
		<testsuite name="inner" tests="3" failures="1" skipped="2">
			<testcase name="leaf 2" classname="test" failure="x">
				<failure type="testCodeFailure" message="x">Error: x</failure>
			</testcase>
			<testcase name="skipped" classname="test"><skipped type="skipped" message="true"/></testcase>
			<testcase name="todo one" classname="test"><skipped type="todo" message="true"/></testcase>
		</testsuite>
	</testsuite>
	<testsuite name="parent test" tests="2" failures="0" skipped="0">
		<testcase name="sub 1" classname="test"/>
		<testcase name="sub 2" classname="test"/>
	</testsuite>
	<testcase name="a &lt; b" classname="test"/>
	<!-- tests 7 -->
</testsuites>`;

describe('parseJunitReport', () => {
  it('counts <testcase> leaves with their suite path; failures, skips and todos', () => {
    const report = parseJunitReport(NODE_JUNIT);
    expect(report?.tests).toHaveLength(7);
    expect(new Map(report?.tests.map((t) => [t.id, t.status]))).toEqual(
      new Map([
        ['a < b', 'pass'],
        ['suite A > leaf 1', 'pass'],
        ['suite A > inner > leaf 2', 'fail'],
        ['suite A > inner > skipped', 'skip'],
        ['suite A > inner > todo one', 'todo'],
        ['parent test > sub 1', 'pass'],
        ['parent test > sub 2', 'pass'],
      ]),
    );
  });

  it('reads a single <testsuite> root, classnames, and <error> as a failure', () => {
    const xml = `<testsuite name="pytest"><testcase classname="tests.test_sum" name="test_empty"/><testcase classname="tests.test_sum" name="test_neg"><error message="boom"/></testcase><testcase classname="tests.test_sum" name="test_one"><failure/></testcase></testsuite>`;
    expect(parseJunitReport(xml)?.tests.map(({ id, status }) => ({ id, status }))).toEqual([
      { id: 'pytest > tests.test_sum > test_empty', status: 'pass' },
      { id: 'pytest > tests.test_sum > test_neg', status: 'fail' },
      { id: 'pytest > tests.test_sum > test_one', status: 'fail' },
    ]);
    expect(parseJunitReport(xml)?.tests[1]).toMatchObject({ message: 'boom' });
  });

  it('keeps the time, the failure\'s message and text, and a file:line under the run\'s root', () => {
    const xml = `<testsuites><testsuite name="s"><testcase name="ok" time="0.25"/><testcase name="bad" time="1.5" file="/workspace/test_sum.py" line="12"><failure message="assert 0 == 6">Traceback: /workspace/test_sum.py:13: AssertionError</failure></testcase></testsuite></testsuites>`;
    const [ok, bad] = parseJunitReport(xml, ['/workspace'])?.tests ?? [];
    expect(ok).toEqual({ id: 's > ok', status: 'pass', durationMs: 250 });
    expect(bad).toEqual({ id: 's > bad', status: 'fail', durationMs: 1500, message: 'assert 0 == 6\nTraceback: /workspace/test_sum.py:13: AssertionError', location: { path: 'test_sum.py', line: 12 } });
  });

  it('finds the document inside other stdout output', () => {
    const report = parseJunitReport(`npm notice: something\n${NODE_JUNIT}\nDone in 1.2s`);
    expect(report?.tests).toHaveLength(7);
  });

  it('returns null for output without a well-formed report, and no tests for an empty suite', () => {
    expect(parseJunitReport('Error: Cannot find module')).toBeNull();
    expect(parseJunitReport('<testsuites><testsuite name="x"><testcase name="a"></testsuites>')).toBeNull();
    expect(parseJunitReport('')).toBeNull();
    expect(parseJunitReport('<testsuite name="x" tests="0"/>')?.tests).toEqual([]);
  });

  it('does not expand entity bombs', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]><testsuite name="x"><testcase name="&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"/></testsuite>`;
    const report = parseJunitReport(bomb);
    expect(report === null || report.tests.every((t) => t.id.length < 200_000)).toBe(true);
  });
});
