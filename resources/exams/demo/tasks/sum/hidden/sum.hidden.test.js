import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sum } from '../sum.js';

test('empty array sums to 0', () => {
  assert.equal(sum([]), 0);
});
test('negative numbers', () => {
  assert.equal(sum([-5, 2]), -3);
});
test('a single number', () => {
  assert.equal(sum([42]), 42);
});
