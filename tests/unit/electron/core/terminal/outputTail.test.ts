import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutputTail, REPLAY_MAX_CHARS } from '../../../../../electron/core/terminal/outputTail.js';

describe('OutputTail', () => {
  it('keeps everything while under the limit', () => {
    const tail = new OutputTail(100);
    tail.push('$ echo hi\r\n');
    tail.push('hi\r\n$ ');
    expect(tail.text()).toBe('$ echo hi\r\nhi\r\n$ ');
  });

  it('once over the limit keeps the newest text, starting at a line start', () => {
    const tail = new OutputTail(20);
    tail.push('line-one\r\n');
    tail.push('line-two\r\n');
    tail.push('line-three\r\n');
    // 32 characters: the newest 20 are "ne-two\r\nline-three\r\n", cut to the line after "ne-two".
    expect(tail.text()).toBe('line-three\r\n');
  });

  it('after a trim starts at an escape sequence when no newline comes first (full-screen programs)', () => {
    const tail = new OutputTail(12);
    tail.push('abcdefghij');
    tail.push('xy\x1b[2Jzz');
    expect(tail.text()).toBe('\x1b[2Jzz');
  });

  it('never holds more than the limit, whatever the chunk sizes', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 50 }), { maxLength: 60 }), fc.integer({ min: 1, max: 80 }), (chunks, max) => {
        const tail = new OutputTail(max);
        for (const c of chunks) tail.push(c);
        const text = tail.text();
        const all = chunks.join('');
        expect(text.length).toBeLessThanOrEqual(max);
        // What is kept is always the end of the output.
        expect(all.endsWith(text)).toBe(true);
        if (all.length <= max) expect(text).toBe(all);
      }),
    );
  });

  it('bounds a flood to REPLAY_MAX_CHARS', () => {
    const tail = new OutputTail();
    const line = `${'a'.repeat(78)}\r\n`;
    for (let i = 0; i < 10_000; i++) tail.push(line.repeat(10));
    const text = tail.text();
    expect(text.length).toBeLessThanOrEqual(REPLAY_MAX_CHARS);
    expect(text.length).toBeGreaterThan(REPLAY_MAX_CHARS - line.length);
    expect(text.startsWith('a')).toBe(true);
  });

  it('rejects a size that is not a positive integer', () => {
    expect(() => new OutputTail(0)).toThrow(RangeError);
  });
});
