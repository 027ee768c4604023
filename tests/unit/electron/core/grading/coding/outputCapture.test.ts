import { describe, expect, it } from 'vitest';
import { OutputCapture } from '../../../../../../electron/core/grading/coding/outputCapture.js';

describe('OutputCapture', () => {
  it('keeps the first capBytes and the last tailBytes, and counts everything', () => {
    const c = new OutputCapture(10, 6);
    c.push(Buffer.from('0123456'));
    c.push(Buffer.from('789abcdef'));
    c.push(Buffer.from('XYZ'));
    expect(c.head().toString()).toBe('0123456789');
    expect(c.tail()).toBe('defXYZ');
    expect(c.totalBytes).toBe(19);
    expect(c.truncated).toBe(true);
    expect(c.tailIsComplete).toBe(false);
  });

  it('stays bounded however much arrives', () => {
    const c = new OutputCapture(1024, 256);
    const chunk = Buffer.alloc(65_536, 120);
    for (let i = 0; i < 200; i++) c.push(chunk);
    expect(c.totalBytes).toBe(200 * 65_536);
    expect(c.head().length).toBe(1024);
    expect(Buffer.byteLength(c.tail())).toBe(256);
  });

  it('under the cap nothing is truncated', () => {
    const c = new OutputCapture(100);
    c.push(Buffer.from('short'));
    expect(c.truncated).toBe(false);
    expect(c.head().toString()).toBe('short');
    expect(c.tail()).toBe('short');
    expect(c.tailIsComplete).toBe(true);
  });

  it('the tail never starts inside a UTF-8 character', () => {
    const c = new OutputCapture(0, 5);
    c.push(Buffer.from('aé€z')); // a(1) é(2) €(3) z(1): the last 5 bytes cut é in half
    expect(c.tail()).toBe('€z');
  });
});
