import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutputTail, REPLAY_MAX_BYTES } from '../../../../../electron/core/terminal/outputTail.js';

const b = (text: string) => Buffer.from(text, 'utf8');

describe('OutputTail', () => {
  it('keeps everything while under the limit', () => {
    const tail = new OutputTail(100);
    tail.push(b('$ echo hi\r\n'));
    tail.push(b('hi\r\n$ '));
    expect(tail.bytes().toString()).toBe('$ echo hi\r\nhi\r\n$ ');
  });

  it('once over the limit keeps the newest output, starting at a line start', () => {
    const tail = new OutputTail(20);
    tail.push(b('line-one\r\n'));
    tail.push(b('line-two\r\n'));
    tail.push(b('line-three\r\n'));
    // 32 bytes: the newest 20 are "ne-two\r\nline-three\r\n", cut to the line after "ne-two".
    expect(tail.bytes().toString()).toBe('line-three\r\n');
  });

  it('after a trim starts at an escape sequence when no newline comes first (full-screen programs)', () => {
    const tail = new OutputTail(12);
    tail.push(b('abcdefghij'));
    tail.push(b('xy\x1b[2Jzz'));
    expect(tail.bytes().toString()).toBe('\x1b[2Jzz');
  });

  it('after a trim never starts inside a multi-byte character', () => {
    const tail = new OutputTail(10);
    tail.push(b('€€€€\r\n€€')); // 18 bytes; the newest 10 start in the middle of a "€"
    expect(tail.bytes().toString()).toBe('€€');
  });

  it('never holds more than the limit, whatever the chunk sizes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 50 }), { maxLength: 60 }), fc.integer({ min: 1, max: 80 }), (chunks, max) => {
        const tail = new OutputTail(max);
        for (const c of chunks) tail.push(Buffer.from(c));
        const kept = tail.bytes();
        const all = Buffer.concat(chunks);
        expect(kept.length).toBeLessThanOrEqual(max);
        // What is kept is always the end of the output.
        expect(all.subarray(all.length - kept.length).equals(kept)).toBe(true);
        if (all.length <= max) expect(kept.equals(all)).toBe(true);
      }),
    );
  });

  it('bounds a flood to REPLAY_MAX_BYTES', () => {
    const tail = new OutputTail();
    const line = b(`${'a'.repeat(78)}\r\n`.repeat(10));
    for (let i = 0; i < 10_000; i++) tail.push(line);
    const kept = tail.bytes();
    expect(kept.length).toBeLessThanOrEqual(REPLAY_MAX_BYTES);
    expect(kept.length).toBeGreaterThan(REPLAY_MAX_BYTES - 80);
    expect(kept[0]).toBe(0x61);
  });

  it('rejects a size that is not a positive integer', () => {
    expect(() => new OutputTail(0)).toThrow(RangeError);
  });
});
