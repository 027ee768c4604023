import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeTerminalFrame, encodeTerminalFrame, TERMINAL_OUTPUT_FRAME } from '../../../shared/terminalFrame.js';

const idArb = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);

describe('the terminal output frame', () => {
  it('round-trips any session id, flags and bytes, the output untouched', () => {
    fc.assert(
      fc.property(idArb, fc.uint8Array({ maxLength: 300 }), fc.boolean(), (sessionId, data, replay) => {
        const frame = encodeTerminalFrame({ sessionId, data, ...(replay ? { replay: true as const } : {}) });
        expect(frame.byteLength).toBe(3 + sessionId.length + data.byteLength);
        const decoded = decodeTerminalFrame(frame);
        expect(decoded).toEqual({ ok: true, event: { sessionId, data, ...(replay ? { replay: true } : {}) } });
      }),
    );
  });

  it('lays the header out as documented', () => {
    const frame = encodeTerminalFrame({ sessionId: 'ab', data: new Uint8Array([0xff]), replay: true });
    expect([...frame]).toEqual([TERMINAL_OUTPUT_FRAME, 0x01, 2, 0x61, 0x62, 0xff]);
  });

  it('refuses a header it did not write, saying what is wrong', () => {
    const bad = (bytes: number[]) => decodeTerminalFrame(new Uint8Array(bytes));
    expect(bad([1, 0])).toMatchObject({ ok: false, reason: expect.stringMatching(/shorter than its header/) });
    expect(bad([9, 0, 1, 0x61])).toMatchObject({ ok: false, reason: expect.stringMatching(/unknown binary frame type 9/) });
    expect(bad([1, 2, 1, 0x61])).toMatchObject({ ok: false, reason: expect.stringMatching(/flags 2/) });
    expect(bad([1, 0, 5, 0x61])).toMatchObject({ ok: false, reason: expect.stringMatching(/does not fit/) });
    expect(bad([1, 0, 0, 0x61])).toMatchObject({ ok: false, reason: expect.stringMatching(/length 0/) });
    expect(bad([1, 0, 2, 0x2e, 0x2f])).toMatchObject({ ok: false, reason: expect.stringMatching(/not an identifier/) });
    expect(() => encodeTerminalFrame({ sessionId: 'x'.repeat(65), data: new Uint8Array() })).toThrow(RangeError);
  });
});
