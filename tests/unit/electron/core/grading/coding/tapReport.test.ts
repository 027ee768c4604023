import { describe, expect, it } from 'vitest';
import { parseTapReport } from '../../../../../../electron/core/grading/coding/tapReport.js';

/** What `node --test --test-reporter=tap` prints for nested suites and subtests (YAML blocks trimmed). */
const NESTED = `TAP version 13
# Subtest: suite A
    # Subtest: leaf 1
    ok 1 - leaf 1
      ---
      duration_ms: 4.8
      ...
    # Subtest: inner
        # Subtest: leaf 2
        not ok 1 - leaf 2
          ---
          duration_ms: 0.47
          failureType: 'testCodeFailure'
          error: 'x'
          ...
        # Subtest: skipped
        ok 2 - skipped # SKIP
        # Subtest: todo one
        not ok 3 - todo one # TODO
        1..3
    not ok 2 - inner
      ---
      duration_ms: 1.1
      type: 'suite'
      failureType: 'subtestsFailed'
      ...
    # Subtest: empty suite
    ok 3 - empty suite
      ---
      type: 'suite'
      ...
    1..3
not ok 1 - suite A
  ---
  type: 'suite'
  ...
# Subtest: parent test
    # Subtest: sub 1
    ok 1 - sub 1
    # Subtest: sub 2
    ok 2 - sub 2
    1..2
ok 2 - parent test
# Subtest: top leaf
ok 3 - top leaf
  ---
  duration_ms: 1.16
  ...
1..3
# tests 7
# pass 4
`;

describe('parseTapReport', () => {
  it('counts leaf tests only: suites and tests made of subtests are containers', () => {
    expect(parseTapReport(NESTED).tests.map(({ id, status }) => ({ id, status }))).toEqual([
      { id: 'suite A > leaf 1', status: 'pass' },
      { id: 'suite A > inner > leaf 2', status: 'fail' },
      { id: 'suite A > inner > skipped', status: 'skip' },
      { id: 'suite A > inner > todo one', status: 'todo' },
      { id: 'parent test > sub 1', status: 'pass' },
      { id: 'parent test > sub 2', status: 'pass' },
      { id: 'top leaf', status: 'pass' },
    ]);
  });

  it('keeps each test\'s duration, and a failure\'s message and line in the run\'s files (for the candidate\'s results panel)', () => {
    const tests = parseTapReport(NESTED).tests;
    expect(tests[0]).toMatchObject({ id: 'suite A > leaf 1', durationMs: 4.8 });
    expect(tests[0]).not.toHaveProperty('message');
    expect(tests[1]).toMatchObject({ id: 'suite A > inner > leaf 2', durationMs: 0.47, message: 'x' });
    const failing = `TAP version 13
# Subtest: adds
not ok 1 - adds
  ---
  duration_ms: 3.5
  location: '/workspace/sum.test.js:5:1'
  error: |-
    Expected values to be strictly equal:

    0 !== 6
  stack: |-
    TestContext.<anonymous> (file:///workspace/sum.test.js:6:10)
    Test.run (node:internal/test_runner/test:796:25)
  ...
1..1
`;
    // The stack's frame in the workspace wins over node's location of the test's start.
    expect(parseTapReport(failing, ['/workspace']).tests).toEqual([
      { id: 'adds', status: 'fail', durationMs: 3.5, message: 'Expected values to be strictly equal:\n\n0 !== 6', location: { path: 'sum.test.js', line: 6 } },
    ]);
    // Outside the run's folder (node's internals), no location.
    expect(parseTapReport(failing, ['/elsewhere']).tests[0]).not.toHaveProperty('location');
  });

  it('a file that fails to load is one failing leaf, named without the run folder', () => {
    const tap = `TAP version 13
# /tmp/vigil-grade-abc/workspace/hidden/broken.test.js:2
# SyntaxError: Unexpected token '}'
# Subtest: /tmp/vigil-grade-abc/workspace/hidden/broken.test.js
not ok 1 - /tmp/vigil-grade-abc/workspace/hidden/broken.test.js
  ---
  failureType: 'testCodeFailure'
  exitCode: 1
  ...
1..1
`;
    expect(parseTapReport(tap, ['/tmp/vigil-grade-abc/workspace']).tests).toEqual([{ id: 'hidden/broken.test.js', status: 'fail' }]);
    expect(parseTapReport(tap.replaceAll('/tmp/vigil-grade-abc/workspace', '/workspace'), ['/x', '/workspace']).tests).toEqual([
      { id: 'hidden/broken.test.js', status: 'fail' },
    ]);
  });

  it('fails a repeated name once, and ignores non-TAP noise around the stream', () => {
    const tap = `hello from the candidate's code
TAP version 13
ok 1 - same
ok 2 - same
ok 3 - other
1..3
random trailing text
`;
    expect(parseTapReport(tap).tests).toEqual([
      { id: 'same', status: 'fail', duplicate: true },
      { id: 'other', status: 'pass' },
    ]);
  });

  it('finds no tests in output that is not TAP, or in an empty plan', () => {
    expect(parseTapReport('Error: Cannot find module\n    at x (y.js:1:1)\n').tests).toEqual([]);
    expect(parseTapReport('TAP version 13\n1..0\n').tests).toEqual([]);
    expect(parseTapReport('').tests).toEqual([]);
  });

  it('keeps the tests reported before a stream was cut off (a timeout, the output cap)', () => {
    const cut = NESTED.slice(0, NESTED.indexOf('# Subtest: parent test'));
    expect(parseTapReport(cut).tests.map((t) => t.id)).toEqual(['suite A > leaf 1', 'suite A > inner > leaf 2', 'suite A > inner > skipped', 'suite A > inner > todo one']);
  });
});
