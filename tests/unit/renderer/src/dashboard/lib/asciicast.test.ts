import { describe, expect, it } from 'vitest';
import { parseAsciicast } from '../../../../../../renderer/src/dashboard/lib/asciicast.js';

const CAST = [
  JSON.stringify({ version: 2, width: 100, height: 30, timestamp: 1 }),
  JSON.stringify([0.5, 'o', '$ ']),
  JSON.stringify([1.0, 'i', 'ls\r']),
  JSON.stringify([1.2, 'o', 'ls\r\n']),
  JSON.stringify([1.5, 'r', '120x40']),
  JSON.stringify([31.5, 'o', 'a.txt\r\n']),
  '[32.0, "o", "torn',
].join('\n');

describe('parseAsciicast', () => {
  it('reads the header size and the events, counting damaged lines instead of failing', () => {
    const cast = parseAsciicast(CAST);
    expect(cast).toMatchObject({ width: 100, height: 30, duration: 31.5, skipped: 1 });
    expect(cast.events.map((e) => e.code)).toEqual(['o', 'i', 'o', 'r', 'o']);
  });
});
