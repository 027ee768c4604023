import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeRecordHead,
  encodeRecordingStart,
  parseRecording,
  RECORD_HEAD_BYTES,
  recordingToAsciicast,
  RecordingFormatError,
  type RecordKind,
} from '../../../../../electron/core/terminal/recordingFormat.js';

const header = { version: 2 as const, width: 80, height: 24, timestamp: 1_700_000_000, env: { SHELL: '/bin/bash', TERM: 'xterm-256color' } };

function file(records: Array<[RecordKind, number, Uint8Array]>): Buffer {
  const parts: Buffer[] = [encodeRecordingStart(header)];
  for (const [kind, seconds, payload] of records) parts.push(encodeRecordHead(kind, seconds, payload.byteLength), Buffer.from(payload));
  return Buffer.concat(parts);
}

const recordArb = fc.tuple(fc.constantFrom<RecordKind>('o', 'i', 'r'), fc.uint8Array({ maxLength: 40 }));

describe('the recording format', () => {
  it('reads back every record it wrote', () => {
    const bytes = file([
      ['o', 0.5, Buffer.from('$ ')],
      ['i', 1.25, Buffer.from('ls\r')],
      ['r', 2, Buffer.from('100x30')],
    ]);
    const parsed = parseRecording(bytes);
    expect(parsed.header).toEqual(header);
    expect(parsed.tornBytes).toBe(0);
    expect(parsed.records.map((r) => [r.kind, r.seconds, Buffer.from(r.payload).toString()])).toEqual([
      ['o', 0.5, '$ '],
      ['i', 1.25, 'ls\r'],
      ['r', 2, '100x30'],
    ]);
  });

  it('a file cut anywhere (a crash mid-write) reads as the records before the cut, the torn tail cut back', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 12 }), fc.nat(), (records, cutAt) => {
        const timed = records.map(([k, p], i) => [k, i * 0.1, p] as [RecordKind, number, Uint8Array]);
        const whole = file(timed);
        const start = encodeRecordingStart(header).length;
        const cut = start + (cutAt % (whole.length - start + 1));
        const parsed = parseRecording(whole.subarray(0, cut));
        // Exactly the records that fit whole before the cut, intact.
        let end = start;
        let fit = 0;
        for (const [, , payload] of timed) {
          if (end + RECORD_HEAD_BYTES + payload.byteLength > cut) break;
          end += RECORD_HEAD_BYTES + payload.byteLength;
          fit++;
        }
        expect(parsed.records).toHaveLength(fit);
        parsed.records.forEach((r, i) => expect(Buffer.from(r.payload).equals(Buffer.from(timed[i]![2]))).toBe(true));
        expect(parsed.tornBytes).toBe(cut - end);
        // And it still converts to asciicast whose every line is JSON.
        for (const line of recordingToAsciicast(whole.subarray(0, cut)).text.trimEnd().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
      }),
    );
  });

  it('stops at a record head it did not write instead of reading payloads out of step', () => {
    const good = file([['o', 0.1, Buffer.from('ok')]]);
    const garbage = Buffer.concat([good, Buffer.from([0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14])]);
    const parsed = parseRecording(garbage);
    expect(parsed.records).toHaveLength(1);
    expect(parsed.tornBytes).toBe(15);
  });

  it('decodes output once when read, keeping a character split across records whole', () => {
    const euro = Buffer.from('€');
    const cast = recordingToAsciicast(
      file([
        ['o', 0, Buffer.concat([Buffer.from('a'), euro.subarray(0, 1)])],
        ['o', 0, euro.subarray(1)],
        ['o', 0, Buffer.from('"\\\x1b')],
      ]),
    );
    const events = cast.text.trimEnd().split('\n').slice(1).map((l) => JSON.parse(l) as [number, string, string]);
    expect(events.map((e) => e[2]).join('')).toBe('a€"\\\x1b');
    expect(events.every((e) => !e[2].includes('\uFFFD'))).toBe(true);
  });

  it('refuses what is not a recording, naming why', () => {
    expect(() => parseRecording(Buffer.from('{"version":2}\n'))).toThrow(RecordingFormatError);
    expect(() => parseRecording(Buffer.from('VIGILREC1\n{"vers'))).toThrow(/header is incomplete/);
    expect(() => parseRecording(Buffer.from('VIGILREC1\n{"version":1}\n'))).toThrow(/version 2/);
  });
});
