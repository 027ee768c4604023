import { describe, expect, it } from 'vitest';
import { diffText } from '../../../../../../shared/editDiff.js';
import type { JournalEntry } from '../../../../../../shared/journal.js';
import { codingReplays, frameAt } from '../../../../../../renderer/src/dashboard/lib/codingReplay.js';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
let seq = 0;
function entry(type: JournalEntry['type'], atMs: number, data: unknown): JournalEntry {
  seq += 1;
  return { seq, at: new Date(atMs).toISOString(), mono: seq, type, data, prev: null, hash: '0'.repeat(64) };
}
function edit(atMs: number, path: string, before: string, after: string, withBase = false): JournalEntry {
  const change = diffText(before, after);
  if (!change) throw new Error('no change');
  return entry('edit', atMs, { itemId: 'sum', path, ...change, ...(withBase ? { base: before } : {}), length: after.length });
}

const header = JSON.stringify({ version: 2, width: 90, height: 20 });
const timeline = [
  // The first chunk ends 1 s into the recording and is journaled at T0+1 s: the recording starts at T0.
  entry('terminal', T0 + 1000, { itemId: 'sum', session: 1, cast: `${header}\n${JSON.stringify([0.5, 'o', '$ '])}\n${JSON.stringify([1, 'o', 'ls\r\n'])}\n` }),
  edit(T0 + 2000, 'sum.js', 'return 0;', 'return 1;', true),
  entry('terminal', T0 + 3000, { itemId: 'sum', session: 1, cast: `${JSON.stringify([3, 'o', 'sum.js\r\n'])}\n` }),
  edit(T0 + 4000, 'sum.js', 'return 1;', 'return a + b;'),
  entry('state', T0 + 5000, { from: 'in-progress', to: 'submitted' }),
];

describe('codingReplays', () => {
  it('puts the terminal and the editor of an item on one clock', () => {
    const [replay] = codingReplays(timeline);
    expect(replay).toMatchObject({ itemId: 'sum', startMs: T0, endMs: T0 + 4000, unreplayable: 0 });
    expect(replay?.sessions[0]?.events.map((e) => e.atMs - T0)).toEqual([500, 1000, 3000]);
  });

  it('shows at any moment what both showed then, and the final frame at the end', () => {
    const [replay] = codingReplays(timeline);
    if (!replay) throw new Error('no replay');
    const early = frameAt(replay, T0 + 1500);
    expect(early.terminal?.output).toBe('$ ls\r\n');
    expect(early.file).toBeNull();
    const middle = frameAt(replay, T0 + 2500);
    expect(middle.file).toMatchObject({ path: 'sum.js', text: 'return 1;' });
    const end = frameAt(replay, Number.MAX_SAFE_INTEGER);
    expect(end.file?.text).toBe('return a + b;');
    expect(end.terminal?.output).toBe('$ ls\r\nsum.js\r\n');
    // The last change is what the player marks.
    expect(end.file?.text.slice(end.file.changedFrom, end.file.changedTo)).toBe('a + b');
  });

  it('drops the files of the old language at a language switch, and rebuilds the new starter\'s from their bases', () => {
    const switched = [
      entry('language', T0, { itemId: 'sum', language: 'python' }),
      edit(T0 + 1000, 'main.py', 'pass', 'print(1)', true),
      entry('language', T0 + 2000, { itemId: 'sum', language: 'node', from: 'python' }),
      edit(T0 + 3000, 'main.js', '', 'console.log(1)', true),
    ];
    const [replay] = codingReplays(switched);
    if (!replay) throw new Error('no replay');
    expect(replay.resets).toEqual([{ atMs: T0 + 2000, beforeEdit: 1, language: 'node' }]);
    expect(frameAt(replay, T0 + 1500).files).toEqual({ 'main.py': 'print(1)' });
    // Between the switch and the first save the workspace is the new starter: no python file is shown.
    expect(frameAt(replay, T0 + 2500)).toMatchObject({ files: {}, file: null });
    expect(frameAt(replay, T0 + 3000).files).toEqual({ 'main.js': 'console.log(1)' });
  });

  it('counts saves it cannot rebuild (no base ever journaled) instead of guessing', () => {
    const [replay] = codingReplays([edit(T0, 'x.js', 'aaa', 'aba')]);
    expect(replay?.unreplayable).toBe(1);
    expect(frameAt(replay!, T0).file).toBeNull();
  });
});
