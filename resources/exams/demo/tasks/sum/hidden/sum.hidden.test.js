import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

// Black-box (docs/authoring.md): the candidate's sum() runs in a child process and only its printed
// result comes back, so nothing in the workspace can add results to this test report.
function sum(numbers) {
  const script = "const { sum } = await import('./sum.js'); process.stdout.write(JSON.stringify(sum(JSON.parse(process.argv[1]))) ?? 'undefined');";
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(numbers)], { encoding: 'utf8', timeout: 20_000 });
  return JSON.parse(out);
}

test('empty array sums to 0', () => {
  assert.equal(sum([]), 0);
});
test('negative numbers', () => {
  assert.equal(sum([-5, 2]), -3);
});
test('a single number', () => {
  assert.equal(sum([42]), 42);
});
