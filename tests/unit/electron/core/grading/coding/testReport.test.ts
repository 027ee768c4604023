import { describe, expect, it } from 'vitest';
import { buildReport, normaliseTestName, passedIds, tallyTests, type TestReport } from '../../../../../../electron/core/grading/coding/testReport.js';

const report = (tests: Array<[string, 'pass' | 'fail' | 'skip' | 'todo']>): TestReport => ({ tests: tests.map(([id, status]) => ({ id, status })) });

describe('tallyTests', () => {
  it('with a reference run, exactly the tests the reference passed count, matched by id', () => {
    const expected = ['a', 'b', 'c', 'd'];
    const candidate = report([
      ['a', 'pass'],
      ['b', 'fail'],
      ['c', 'skip'],
      ['extra', 'pass'], // not in the reference: never counts
    ]);
    expect(tallyTests(candidate, expected)).toEqual({
      total: 4,
      passed: 1,
      notPassed: [
        { id: 'b', status: 'fail' },
        { id: 'c', status: 'skip' },
        { id: 'd', status: 'missing' },
      ],
    });
  });

  it('a crashed test file does not shrink the denominator: its tests count as not passed', () => {
    const candidate = report([
      ['hidden/a.test.js', 'fail'],
      ['b1', 'pass'],
    ]);
    expect(tallyTests(candidate, ['a1', 'a2', 'a3', 'b1'])).toMatchObject({ total: 4, passed: 1 });
  });

  it('without a reference, passed and failed leaves count; skipped and todo do not', () => {
    expect(tallyTests(report([['a', 'pass'], ['b', 'fail'], ['c', 'skip'], ['d', 'todo']]), null)).toEqual({
      total: 2,
      passed: 1,
      notPassed: [{ id: 'b', status: 'fail' }],
    });
  });
});

describe('buildReport', () => {
  it('joins names with " > ", numbers repeats and cuts the run folder out of names', () => {
    expect(
      buildReport(
        [
          { names: ['suite', 'x'], status: 'pass' },
          { names: ['suite', 'x'], status: 'fail' },
          { names: ['/tmp/run-1/hidden/f.test.js'], status: 'fail' },
        ],
        ['/tmp/run-1'],
      ).tests,
    ).toEqual([
      // A name reported twice is one failed test: code cannot pass a hidden test by naming its own after it.
      { id: 'suite > x', status: 'fail', duplicate: true },
      { id: 'hidden/f.test.js', status: 'fail' },
    ]);
    expect(normaliseTestName('  /workspace/a.js  ', ['/workspace/'])).toBe('a.js');
    expect(passedIds(report([['a', 'pass'], ['b', 'skip']]))).toEqual(['a']);
  });
});
