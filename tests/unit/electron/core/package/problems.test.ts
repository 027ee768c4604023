import { describe, expect, it } from 'vitest';
import { jsonPath, oneLine, problem } from '../../../../../electron/core/package/problems.js';
import { formatProblem } from '../../../../../electron/core/package/types.js';

describe('jsonPath', () => {
  it('writes paths as authors read them', () => {
    expect(jsonPath(['sections', 0, 'items', 2, 'points'])).toBe('sections[0].items[2].points');
    expect(jsonPath(['items', 'http-status', 'answer'])).toBe('items.http-status.answer');
    expect(jsonPath(['items', 'q.1', 'answer'])).toBe('items["q.1"].answer');
    expect(jsonPath([])).toBe('');
  });
});

describe('problem', () => {
  it('escapes control characters so one problem stays one line', () => {
    const p = problem('exam.json', ['items', 'a\nb'], 'bad \u001b[2J value\r\n');
    expect(formatProblem(p)).toBe('exam.json: items["a\\nb"]: bad \\u001b[2J value\\u000d\\u000a');
  });

  it('caps very long reasons', () => {
    expect(oneLine('x'.repeat(2000))).toHaveLength(501);
  });
});
